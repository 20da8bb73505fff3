// SPDX-License-Identifier: GPL-2.0-only
/*
 * Orthros reader: the primary's maple trees (include/linux/maple_tree.h),
 * every node's ranges checked against its parent's.
 */
#include "internal.h"

static const struct orthros_entry entries[] = {
	ORTHROS_ENTRY("OFFSET(maple_tree.ma_root)", mt.root),
	ORTHROS_ENTRY("NUMBER(maple_node_mask)", mt.node_mask),
	ORTHROS_ENTRY("NUMBER(maple_node_type_shift)", mt.type_shift),
	ORTHROS_ENTRY("NUMBER(maple_node_type_mask)", mt.type_mask),
	ORTHROS_ENTRY("NUMBER(maple_leaf_64)", mt.leaf),
	ORTHROS_ENTRY("NUMBER(maple_range_64)", mt.range),
	ORTHROS_ENTRY("NUMBER(maple_arange_64)", mt.arange),
	ORTHROS_ENTRY("NUMBER(maple_range64_slots)", mt.range_slots),
	ORTHROS_ENTRY("NUMBER(maple_arange64_slots)", mt.arange_slots),
	ORTHROS_ENTRY("OFFSET(maple_range_64.pivot)", mt.range_pivot),
	ORTHROS_ENTRY("OFFSET(maple_range_64.slot)", mt.range_slot),
	ORTHROS_ENTRY("OFFSET(maple_range_64.meta)", mt.range_meta),
	ORTHROS_ENTRY("OFFSET(maple_arange_64.pivot)", mt.arange_pivot),
	ORTHROS_ENTRY("OFFSET(maple_arange_64.slot)", mt.arange_slot),
	ORTHROS_ENTRY("OFFSET(maple_arange_64.meta)", mt.arange_meta),
	ORTHROS_ENTRY("OFFSET(maple_metadata.end)", mt.meta_end),
};

static const char *check(const struct orthros_layout *l)
{
	return l->mt.type_shift >= 64 ? "the maple node type shift is not supported" : NULL;
}

const struct orthros_subject orthros_maple_subject = {
	.name = "maple trees",
	.entries = entries,
	.nr_entries = ARRAY_SIZE(entries),
	.check = check,
};

#define MT_MAX_SLOTS	16
/*
 * MAPLE_HEIGHT_MAX is 31, but 8 levels of 10+ slots hold far more VMAs
 * than any address space has, and the walk recurses on a kernel stack.
 */
#define MT_MAX_HEIGHT	8

struct mt_walk {
	unsigned int max, seen, nodes;
	bool damaged;
	int (*fn)(struct orthros_reader *r, u64 first, u64 last, u64 entry, void *arg);
	void *arg;
};

/* One node's contents: its slots, their pivots, and where its data ends. */
struct mt_node {
	u64 addr, type, nslots;
	u64 pivot[MT_MAX_SLOTS], slot[MT_MAX_SLOTS];
	u8 end;
};

/* Read the node @n->addr of type @n->type covering up to @max; false if unusable. */
static bool mt_read_node(struct orthros_reader *r, struct mt_node *n, u64 max)
{
	const struct orthros_layout_mt *l = &r->l.mt;
	u64 pivot_off, slot_off, meta_off;

	if (n->type == l->arange) {
		n->nslots = l->arange_slots;
		pivot_off = l->arange_pivot, slot_off = l->arange_slot, meta_off = l->arange_meta;
	} else if (n->type == l->range || n->type == l->leaf) {
		n->nslots = l->range_slots;
		pivot_off = l->range_pivot, slot_off = l->range_slot, meta_off = l->range_meta;
	} else {
		ORTHROS_LOG("maple node %#llx: unknown type %llu; skipped",
			    (unsigned long long)n->addr, (unsigned long long)n->type);
		return false;
	}
	if (n->nslots < 2 || n->nslots > MT_MAX_SLOTS ||
	    orthros_reader_read(r, n->addr + pivot_off, n->pivot, (n->nslots - 1) * sizeof(u64)) ||
	    orthros_reader_read(r, n->addr + slot_off, n->slot, n->nslots * sizeof(u64)) ||
	    orthros_reader_read(r, n->addr + meta_off + l->meta_end, &n->end, 1)) {
		ORTHROS_LOG("maple node %#llx is unreadable; skipped", (unsigned long long)n->addr);
		return false;
	}
	/* Where the node's data ends: lib/maple_tree.c's ma_data_end(). */
	if (n->type != l->arange && n->pivot[n->nslots - 2])
		n->end = n->pivot[n->nslots - 2] == max ? n->nslots - 2 : n->nslots - 1;
	if (n->end >= n->nslots) {
		ORTHROS_LOG("maple node %#llx: data end %u beyond its %llu slots; skipped",
			    (unsigned long long)n->addr, n->end, (unsigned long long)n->nslots);
		return false;
	}
	return true;
}

static int mt_walk_node(struct orthros_reader *r, struct mt_walk *w, u64 enode,
			u64 min, u64 max, int depth)
{
	const struct orthros_layout_mt *l = &r->l.mt;
	struct mt_node n = {
		.addr = enode & ~l->node_mask,
		.type = (enode >> l->type_shift) & l->type_mask,
	};
	u64 first = min, last;
	unsigned int i;
	int ret;

	if (++w->nodes > w->max) {
		ORTHROS_LOG("maple tree: more than %u nodes", w->max);
		return -ELOOP;
	}
	if (depth > MT_MAX_HEIGHT) {
		ORTHROS_LOG("maple node %#llx: more than %d levels deep; skipped",
			    (unsigned long long)n.addr, MT_MAX_HEIGHT);
		goto damaged;
	}
	if (!mt_read_node(r, &n, max))
		goto damaged;
	for (i = 0; i <= n.end; i++) {
		/* The last slot's pivot is implied (the node's own max) unless set. */
		if (i < n.end || (i < n.nslots - 1 && n.pivot[i]))
			last = n.pivot[i];
		else
			last = max;
		if (last < first || last > max) {
			ORTHROS_LOG("maple node %#llx: slot %u covers %#llx-%#llx outside %#llx-%#llx; rest of node skipped",
				    (unsigned long long)n.addr, i, (unsigned long long)first,
				    (unsigned long long)last, (unsigned long long)min,
				    (unsigned long long)max);
			goto damaged;
		}
		ret = 0;
		if (n.type != l->leaf) {
			ret = mt_walk_node(r, w, n.slot[i], first, last, depth + 1);
		} else if (n.slot[i]) {
			if (++w->seen > w->max) {
				ORTHROS_LOG("maple tree: more than %u entries", w->max);
				return -ELOOP;
			}
			ret = w->fn(r, first, last, n.slot[i], w->arg);
		}
		if (ret)
			return ret;
		if (last == max)
			break;
		first = last + 1;
	}
	return 0;
damaged:
	w->damaged = true;
	return 0;
}

/**
 * orthros_maple_walk() - visit every entry of a primary's maple tree
 * @r: the reader (opened with maple trees among its subjects)
 * @mt: address of the struct maple_tree (an mm's mm_mt, say)
 * @max: the most entries to accept
 * @fn: called with each entry's range [@first, @last] and its value
 * @arg: passed to @fn
 *
 * Every range must lie inside its parent's; a node that breaks this, or
 * has an unknown type, is logged and skipped and the walk goes on.
 *
 * Return: 0; -EUCLEAN if something was skipped; @fn's non-zero return;
 * or another negative errno (logged).
 */
int orthros_maple_walk(struct orthros_reader *r, u64 mt, unsigned int max,
		       int (*fn)(struct orthros_reader *r, u64 first, u64 last, u64 entry,
				 void *arg),
		       void *arg)
{
	struct mt_walk w = { .max = max, .fn = fn, .arg = arg };
	u64 root;
	int ret;

	ret = orthros_read_u64(r, mt + r->l.mt.root, &root);
	if (ret)
		return ret;
	if (!root)
		return 0;
	if (!orthros_xa_is_node(root))	/* a lone entry at index 0 */
		return fn(r, 0, 0, root, arg);
	ret = mt_walk_node(r, &w, root & ~2ULL, 0, ~0ULL, 0);
	return ret ?: (w.damaged ? -EUCLEAN : 0);
}
