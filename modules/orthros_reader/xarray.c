// SPDX-License-Identifier: GPL-2.0-only
/*
 * Orthros reader: the primary's xarrays (include/linux/xarray.h), each
 * node checked against its place in the tree.
 */
#include "internal.h"

static const struct orthros_entry entries[] = {
	ORTHROS_ENTRY("OFFSET(xarray.xa_head)", xa.head),
	ORTHROS_ENTRY("OFFSET(xa_node.shift)", xa.shift),
	ORTHROS_ENTRY("OFFSET(xa_node.offset)", xa.offset),
	ORTHROS_ENTRY("OFFSET(xa_node.parent)", xa.parent),
	ORTHROS_ENTRY("OFFSET(xa_node.slots)", xa.slots),
	ORTHROS_ENTRY("NUMBER(xa_chunk_shift)", xa.chunk_shift),
};

static const char *check(const struct orthros_layout *l)
{
	return l->xa.chunk_shift < 1 || l->xa.chunk_shift > 6 ?
	       "the xarray chunk shift is not supported" : NULL;
}

const struct orthros_subject orthros_xarray_subject = {
	.name = "xarrays",
	.entries = entries,
	.nr_entries = ARRAY_SIZE(entries),
	.check = check,
};

/* Internal entries end in binary 10; nodes are the ones above 4096. */
static bool xa_internal(u64 e)
{
	return (e & 3) == 2;
}

struct xa_walk {
	unsigned int max, seen, nodes;
	bool damaged;
	int (*fn)(struct orthros_reader *r, u64 index, u64 entry, void *arg);
	void *arg;
};

/*
 * The entries under @node (an xa_node address) whose first index is @base.
 * Slots are read a few at a time: this recurses, and in the kernel the
 * stack is small.
 */
#define SLOTS_AT_ONCE	8

static int xa_walk_node(struct orthros_reader *r, struct xa_walk *w, u64 node, u64 parent,
			unsigned int slot, int shift, u64 base, int depth)
{
	const struct orthros_layout_xa *l = &r->l.xa;
	unsigned int i, n = 1U << l->chunk_shift;
	u64 node_parent, e, index, slots[SLOTS_AT_ONCE];
	u8 node_shift, node_offset;
	int ret;

	if (++w->nodes > w->max) {
		ORTHROS_LOG("xarray: more than %u nodes", w->max);
		return -ELOOP;
	}
	if (depth > 64 / (int)l->chunk_shift + 1 ||
	    orthros_reader_read(r, node + l->shift, &node_shift, 1) ||
	    orthros_reader_read(r, node + l->offset, &node_offset, 1) ||
	    orthros_read_u64(r, node + l->parent, &node_parent) ||
	    (shift >= 0 && node_shift != shift) || node_shift % l->chunk_shift ||
	    node_shift >= 64 || node_parent != parent || (parent && node_offset != slot)) {
		ORTHROS_LOG("xarray node %#llx (index %#llx) is damaged; skipped",
			    (unsigned long long)node, (unsigned long long)base);
		w->damaged = true;
		return 0;
	}
	for (i = 0; i < n; i++) {
		if (!(i % SLOTS_AT_ONCE) &&
		    orthros_reader_read(r, node + l->slots + i * sizeof(u64), slots,
					sizeof(u64) * (n - i < SLOTS_AT_ONCE ? n - i : SLOTS_AT_ONCE))) {
			w->damaged = true;
			return 0;
		}
		e = slots[i % SLOTS_AT_ONCE];
		index = base + ((u64)i << node_shift);
		if (!e || (e & 1) || (xa_internal(e) && !orthros_xa_is_node(e)))
			continue;	/* empty, value (shadow), sibling or retry */
		if (orthros_xa_is_node(e)) {
			if (!node_shift) {
				ORTHROS_LOG("xarray node %#llx: a node below the last level; skipped",
					    (unsigned long long)node);
				w->damaged = true;
				continue;
			}
			ret = xa_walk_node(r, w, e - 2, node, i, node_shift - l->chunk_shift,
					   index, depth + 1);
		} else {
			if (++w->seen > w->max) {
				ORTHROS_LOG("xarray: more than %u entries", w->max);
				return -ELOOP;
			}
			ret = w->fn(r, index, e, w->arg);
		}
		if (ret)
			return ret;
	}
	return 0;
}

/**
 * orthros_xarray_walk() - visit every pointer entry of a primary's xarray
 * @r: the reader (opened with xarrays among its subjects)
 * @xa: address of the struct xarray
 * @max: the most entries to accept
 * @fn: called with each entry's first index and its value (a folio of the
 *	page cache, say); value entries and multi-index siblings are skipped
 * @arg: passed to @fn
 *
 * Each node must have the shift, parent and slot offset its place in the
 * tree implies; a node that does not is logged and skipped with all it
 * holds, and the walk goes on with the rest.
 *
 * Return: 0; -EUCLEAN if something was skipped; @fn's non-zero return;
 * or another negative errno (logged).
 */
int orthros_xarray_walk(struct orthros_reader *r, u64 xa, unsigned int max,
			int (*fn)(struct orthros_reader *r, u64 index, u64 entry, void *arg),
			void *arg)
{
	struct xa_walk w = { .max = max, .fn = fn, .arg = arg };
	u64 head;
	int ret;

	ret = orthros_read_u64(r, xa + r->l.xa.head, &head);
	if (ret)
		return ret;
	if (!head || (head & 1) || (xa_internal(head) && !orthros_xa_is_node(head)))
		return 0;
	if (!orthros_xa_is_node(head))
		return fn(r, 0, head, arg);
	ret = xa_walk_node(r, &w, head - 2, 0, 0, -1, 0, 0);
	return ret ?: (w.damaged ? -EUCLEAN : 0);
}
