// SPDX-License-Identifier: GPL-2.0-only
/*
 * Orthros reader: see reader.h.  Kernel and user-space code alike: only
 * fixed-width types, memcmp/memcpy/strlen/snprintf, and ORTHROS_LOG.
 */
#ifdef __KERNEL__
#include <linux/kernel.h>
#include <linux/printk.h>
#include <linux/string.h>
#define ORTHROS_LOG(fmt, ...)	pr_err("orthros_reader: " fmt "\n", ##__VA_ARGS__)
#else
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#define ORTHROS_LOG(fmt, ...)	fprintf(stderr, "orthros-reader: " fmt "\n", ##__VA_ARGS__)
#endif

#include "reader.h"

#define PTE_PRESENT	0x1ULL
#define PTE_LARGE	0x80ULL		/* 1 GiB at level 3, 2 MiB at level 2 */
#define PTE_ADDR	0x000ffffffffff000ULL
#define PAGE_SZ		4096ULL
#define DIRECT_MAP_MAX	(1ULL << 46)	/* 64 TiB with 4-level paging */
#define KERNEL_MAP_MAX	(1ULL << 30)	/* KERNEL_IMAGE_SIZE */

/* The kernel's crc32_le() with seed 0: reflected, polynomial 0xedb88320. */
static u32 crc32_le_bytes(u32 crc, const u8 *p, size_t len)
{
	int i;

	while (len--) {
		crc ^= *p++;
		for (i = 0; i < 8; i++)
			crc = (crc >> 1) ^ (crc & 1 ? 0xedb88320 : 0);
	}
	return crc;
}

static const struct orthros_offset_ser *entries(const struct orthros_offsets_hdr_ser *h)
{
	return (const struct orthros_offset_ser *)(h + 1);
}

/**
 * orthros_reader_check_table() - is @table an offset table we can use?
 * @table: the table
 * @len: bytes available
 *
 * Return: NULL if it is whole and valid, else the reason.
 */
const char *orthros_reader_check_table(const void *table, size_t len)
{
	const struct orthros_offsets_hdr_ser *h = table;
	struct orthros_offsets_hdr_ser copy;
	u32 crc, i;

	if (len < sizeof(*h))
		return "shorter than its header";
	if (h->magic != ORTHROS_OFFSETS_MAGIC)
		return "bad magic";
	if (h->version != ORTHROS_OFFSETS_VERSION)
		return "unknown version";
	if (h->entry_size != sizeof(struct orthros_offset_ser))
		return "unknown entry size";
	if (h->nr_entries > ORTHROS_OFFSETS_MAX ||
	    h->size != sizeof(*h) + (size_t)h->nr_entries * sizeof(struct orthros_offset_ser) ||
	    h->size > len)
		return "size does not match its entries";
	memcpy(&copy, h, sizeof(copy));
	copy.crc32 = 0;
	crc = crc32_le_bytes(0, (const u8 *)&copy, sizeof(copy));
	if (crc32_le_bytes(crc, (const u8 *)entries(h), h->size - sizeof(*h)) != h->crc32)
		return "checksum mismatch";
	for (i = 0; i < h->nr_entries; i++)
		if (!memchr(entries(h)[i].name, '\0', ORTHROS_OFFSET_NAME_LEN))
			return "an entry name is not terminated";
	if (!memchr(h->release, '\0', sizeof(h->release)))
		return "release is not terminated";
	return NULL;
}
EXPORT_SYMBOL_GPL(orthros_reader_check_table);

/**
 * orthros_reader_lookup() - a table entry by its full name
 * @r: the reader
 * @name: e.g. "OFFSET(task_struct.comm)" or "SYMBOL(init_task)"
 * @value: where the value goes
 *
 * Return: 0, or -ENOENT (logged) if the primary's table lacks it.
 */
int orthros_reader_lookup(struct orthros_reader *r, const char *name, u64 *value)
{
	const struct orthros_offset_ser *e = entries(r->table);
	u32 i;

	for (i = 0; i < r->table->nr_entries; i++) {
		if (!strcmp(e[i].name, name)) {
			*value = e[i].value;
			return 0;
		}
	}
	ORTHROS_LOG("the primary's offset table has no %s", name);
	return -ENOENT;
}
EXPORT_SYMBOL_GPL(orthros_reader_lookup);

static bool in_ram(struct orthros_reader *r, u64 pa, size_t len)
{
	unsigned int i;

	for (i = 0; i < r->mem.nr_ram; i++)
		if (pa >= r->mem.ram[i].start && pa < r->mem.ram[i].end &&
		    len <= r->mem.ram[i].end - pa)
			return true;
	return false;
}

static int read_pa(struct orthros_reader *r, u64 pa, void *buf, size_t len)
{
	if (!in_ram(r, pa, len)) {
		ORTHROS_LOG("physical address %#llx is outside the primary's RAM",
			    (unsigned long long)pa);
		return -EFAULT;
	}
	return r->mem.read_phys(r->mem.ctx, pa, buf, len);
}

/**
 * orthros_reader_v2p() - translate one of the primary's virtual addresses
 * @r: the reader
 * @va: the address
 * @pa: where the physical address goes
 *
 * The kernel image and the direct map translate by their offsets;
 * anything else (vmalloc, vmemmap) through the primary's page tables.
 *
 * Return: 0, or -EFAULT (logged) if it does not translate.
 */
int orthros_reader_v2p(struct orthros_reader *r, u64 va, u64 *pa)
{
	u64 table = r->top_pgt_pa, entry;
	int level, shift;

	if (va >= r->kernel_map_start && va - r->kernel_map_start < KERNEL_MAP_MAX) {
		*pa = va - r->kernel_map_start + r->phys_base;
		return 0;
	}
	if (va >= r->page_offset_base && va - r->page_offset_base < DIRECT_MAP_MAX) {
		*pa = va - r->page_offset_base;
		return 0;
	}
	for (level = r->l5 ? 5 : 4; level >= 1; level--) {
		shift = 12 + 9 * (level - 1);
		if (read_pa(r, table + ((va >> shift) & 511) * 8, &entry, sizeof(entry)))
			return -EFAULT;
		if (!(entry & PTE_PRESENT)) {
			ORTHROS_LOG("virtual address %#llx is not mapped (level %d)",
				    (unsigned long long)va, level);
			return -EFAULT;
		}
		if (level <= 3 && level >= 2 && (entry & PTE_LARGE)) {
			*pa = (entry & PTE_ADDR & ~((1ULL << shift) - 1)) |
			      (va & ((1ULL << shift) - 1));
			return 0;
		}
		table = entry & PTE_ADDR;
	}
	*pa = table | (va & (PAGE_SZ - 1));
	return 0;
}
EXPORT_SYMBOL_GPL(orthros_reader_v2p);

/**
 * orthros_reader_read() - copy from the primary's virtual memory
 * @r: the reader
 * @va: start address
 * @buf: destination
 * @len: bytes
 *
 * Return: 0, or a negative errno (logged).
 */
int orthros_reader_read(struct orthros_reader *r, u64 va, void *buf, size_t len)
{
	u8 *dst = buf;

	while (len) {
		size_t chunk = PAGE_SZ - (va & (PAGE_SZ - 1));
		u64 pa;
		int ret;

		if (chunk > len)
			chunk = len;
		ret = orthros_reader_v2p(r, va, &pa);
		if (!ret)
			ret = read_pa(r, pa, dst, chunk);
		if (ret)
			return ret;
		va += chunk;
		dst += chunk;
		len -= chunk;
	}
	return 0;
}
EXPORT_SYMBOL_GPL(orthros_reader_read);

/**
 * orthros_reader_member() - read a member of a structure of the primary
 * @r: the reader
 * @base: address of the structure
 * @member: "struct.member", looked up as OFFSET(struct.member)
 * @buf: destination
 * @len: bytes to read
 *
 * Return: 0, or a negative errno (logged).
 */
int orthros_reader_member(struct orthros_reader *r, u64 base, const char *member,
			  void *buf, size_t len)
{
	char name[ORTHROS_OFFSET_NAME_LEN];
	u64 off;
	int ret;

	snprintf(name, sizeof(name), "OFFSET(%s)", member);
	ret = orthros_reader_lookup(r, name, &off);
	return ret ? ret : orthros_reader_read(r, base + off, buf, len);
}
EXPORT_SYMBOL_GPL(orthros_reader_member);

/**
 * orthros_reader_ptr() - read a pointer member of a structure of the primary
 * @r: the reader
 * @base: address of the structure
 * @member: "struct.member"
 * @ptr: where the pointer goes
 *
 * Return: 0, or a negative errno (logged).
 */
int orthros_reader_ptr(struct orthros_reader *r, u64 base, const char *member, u64 *ptr)
{
	return orthros_reader_member(r, base, member, ptr, sizeof(*ptr));
}
EXPORT_SYMBOL_GPL(orthros_reader_ptr);

/* Read the u64 at @va; 0 or a negative errno (logged). */
static int read_u64(struct orthros_reader *r, u64 va, u64 *val)
{
	return orthros_reader_read(r, va, val, sizeof(*val));
}

/*
 * One direction of a list walk: from @head along the link at @link_off,
 * checking that each node's link at @back_off points where we came from.
 * Stops at @head, at @stop, or on the first inconsistency (logged).
 * @seen counts the nodes handed to @fn, shared by both directions;
 * @fn_ret gets @fn's non-zero return.  Returns the last good node.
 */
static int list_walk_dir(struct orthros_reader *r, u64 head, u64 stop, u64 link_off,
			 u64 back_off, u64 off, const char *member, unsigned int max,
			 unsigned int *seen, u64 *last,
			 int (*fn)(struct orthros_reader *r, u64 obj, void *arg), void *arg,
			 int *fn_ret)
{
	u64 node, back;
	int ret;

	*last = head;
	ret = read_u64(r, head + link_off, &node);
	while (!ret && node != head && node != stop) {
		if (++*seen > max) {
			ORTHROS_LOG("list at %#llx (%s): more than %u entries; a cycle?",
				    (unsigned long long)head, member, max);
			return -ELOOP;
		}
		ret = read_u64(r, node + back_off, &back);
		if (ret)
			break;
		if (back != *last) {
			ORTHROS_LOG("list at %#llx (%s): entry %#llx does not point back to %#llx",
				    (unsigned long long)head, member,
				    (unsigned long long)node, (unsigned long long)*last);
			return -EUCLEAN;
		}
		*fn_ret = fn(r, node - off, arg);
		if (*fn_ret)
			return 0;
		*last = node;
		ret = read_u64(r, node + link_off, &node);
	}
	return ret;
}

/**
 * orthros_reader_list() - walk a circular list_head of the primary
 * @r: the reader
 * @head: address of the list_head that anchors the list
 * @member: "struct.member" of the list_head inside each entry
 * @max: the most entries to accept (cycle guard)
 * @fn: called with each entry's address (node - @member's offset)
 * @arg: passed to @fn
 *
 * Walks forward along ->next, checking each ->prev.  If a link is broken,
 * the broken spot is logged and skipped: the walk starts again from @head
 * backwards along ->prev and recovers the entries behind the break.
 *
 * Return: 0 when the whole list was walked; @fn's non-zero return if it
 * stopped the walk; else a negative errno (logged) with every entry that
 * could be reached already handed to @fn.
 */
int orthros_reader_list(struct orthros_reader *r, u64 head, const char *member,
			unsigned int max,
			int (*fn)(struct orthros_reader *r, u64 obj, void *arg), void *arg)
{
	char name[ORTHROS_OFFSET_NAME_LEN];
	u64 off, next_off, prev_off, last_fwd, last_back;
	unsigned int seen = 0, fwd;
	int ret, back_ret, fn_ret = 0;

	snprintf(name, sizeof(name), "OFFSET(%s)", member);
	ret = orthros_reader_lookup(r, name, &off) ?:
	      orthros_reader_lookup(r, "OFFSET(list_head.next)", &next_off) ?:
	      orthros_reader_lookup(r, "OFFSET(list_head.prev)", &prev_off);
	if (ret)
		return ret;
	ret = list_walk_dir(r, head, head, next_off, prev_off, off, member, max,
			    &seen, &last_fwd, fn, arg, &fn_ret);
	if (fn_ret || !ret || ret == -ELOOP)
		return fn_ret ?: ret;
	fwd = seen;
	back_ret = list_walk_dir(r, head, last_fwd, prev_off, next_off, off, member, max,
				 &seen, &last_back, fn, arg, &fn_ret);
	if (fn_ret)
		return fn_ret;
	ORTHROS_LOG("list at %#llx (%s): skipped the break after %#llx; %u entries forward, %u recovered backward%s",
		    (unsigned long long)head, member, (unsigned long long)last_fwd, fwd,
		    seen - fwd, back_ret ? ", then the back links broke too" : "");
	return ret;
}
EXPORT_SYMBOL_GPL(orthros_reader_list);

/* xarray entries (include/linux/xarray.h): internal ones end in binary 10. */
static bool xa_internal(u64 e)
{
	return (e & 3) == 2;
}

static bool xa_node_entry(u64 e)
{
	return xa_internal(e) && e > 4096;
}

struct xa_walk {
	u64 shift_off, offset_off, parent_off, slots_off, chunk_shift;
	unsigned int max, seen, nodes;
	bool damaged;
	int (*fn)(struct orthros_reader *r, u64 index, u64 entry, void *arg);
	void *arg;
};

/*
 * The entries under @node (an xa_node address) whose first index is @base.
 * Slots are read one at a time: this recurses, and in the kernel the stack
 * is small.
 */
static int xa_walk_node(struct orthros_reader *r, struct xa_walk *w, u64 node, u64 parent,
			unsigned int slot, int shift, u64 base, int depth)
{
	unsigned int i, n = 1U << w->chunk_shift;
	u8 node_shift, node_offset;
	u64 node_parent, e, index;
	int ret;

	if (++w->nodes > w->max) {
		ORTHROS_LOG("xarray: more than %u nodes", w->max);
		return -ELOOP;
	}
	if (depth > 64 / (int)w->chunk_shift + 1 ||
	    orthros_reader_read(r, node + w->shift_off, &node_shift, 1) ||
	    orthros_reader_read(r, node + w->offset_off, &node_offset, 1) ||
	    read_u64(r, node + w->parent_off, &node_parent) ||
	    (shift >= 0 && node_shift != shift) || node_shift % w->chunk_shift ||
	    node_shift >= 64 || node_parent != parent || (parent && node_offset != slot)) {
		ORTHROS_LOG("xarray node %#llx (index %#llx) is damaged; skipped",
			    (unsigned long long)node, (unsigned long long)base);
		w->damaged = true;
		return 0;
	}
	for (i = 0; i < n; i++) {
		if (read_u64(r, node + w->slots_off + i * sizeof(u64), &e)) {
			w->damaged = true;
			return 0;
		}
		index = base + ((u64)i << node_shift);
		if (!e || (e & 1) || (xa_internal(e) && !xa_node_entry(e)))
			continue;	/* empty, value (shadow), sibling or retry */
		if (xa_node_entry(e)) {
			if (!node_shift) {
				ORTHROS_LOG("xarray node %#llx: a node below the last level; skipped",
					    (unsigned long long)node);
				w->damaged = true;
				continue;
			}
			ret = xa_walk_node(r, w, e - 2, node, i, node_shift - w->chunk_shift,
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
 * orthros_reader_xarray() - visit every pointer entry of a primary's xarray
 * @r: the reader
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
int orthros_reader_xarray(struct orthros_reader *r, u64 xa, unsigned int max,
			  int (*fn)(struct orthros_reader *r, u64 index, u64 entry, void *arg),
			  void *arg)
{
	struct xa_walk w = { .max = max, .fn = fn, .arg = arg };
	u64 head;
	int ret;

	ret = orthros_reader_lookup(r, "OFFSET(xa_node.shift)", &w.shift_off) ?:
	      orthros_reader_lookup(r, "OFFSET(xa_node.offset)", &w.offset_off) ?:
	      orthros_reader_lookup(r, "OFFSET(xa_node.parent)", &w.parent_off) ?:
	      orthros_reader_lookup(r, "OFFSET(xa_node.slots)", &w.slots_off) ?:
	      orthros_reader_lookup(r, "NUMBER(xa_chunk_shift)", &w.chunk_shift) ?:
	      orthros_reader_ptr(r, xa, "xarray.xa_head", &head);
	if (ret)
		return ret;
	if (w.chunk_shift < 1 || w.chunk_shift > 6) {
		ORTHROS_LOG("xarray chunk shift %llu is not supported",
			    (unsigned long long)w.chunk_shift);
		return -EINVAL;
	}
	if (!head || (head & 1) || (xa_internal(head) && !xa_node_entry(head)))
		return 0;
	if (!xa_node_entry(head))
		return fn(r, 0, head, arg);
	ret = xa_walk_node(r, &w, head - 2, 0, 0, -1, 0, 0);
	return ret ?: (w.damaged ? -EUCLEAN : 0);
}
EXPORT_SYMBOL_GPL(orthros_reader_xarray);

/* The layout of the primary's maple tree nodes (include/linux/maple_tree.h). */
struct mt_walk {
	u64 node_mask, type_shift, type_mask, leaf, range, arange;
	u64 range_slots, arange_slots;
	u64 range_pivot, range_slot, range_meta, arange_pivot, arange_slot, arange_meta;
	u64 meta_end, node_size;
	unsigned int max, seen, nodes;
	bool damaged;
	int (*fn)(struct orthros_reader *r, u64 first, u64 last, u64 entry, void *arg);
	void *arg;
};

#define MT_MAX_SLOTS	16
/*
 * MAPLE_HEIGHT_MAX is 31, but 8 levels of 10+ slots hold far more VMAs
 * than any address space has, and the walk recurses on a kernel stack.
 */
#define MT_MAX_HEIGHT	8

static int mt_walk_node(struct orthros_reader *r, struct mt_walk *w, u64 enode,
			u64 min, u64 max, int depth)
{
	u64 node = enode & ~w->node_mask, type = (enode >> w->type_shift) & w->type_mask;
	u64 pivot[MT_MAX_SLOTS], slot[MT_MAX_SLOTS], nslots, first = min, last;
	u64 pivot_off, slot_off, meta_off;
	u8 end;
	unsigned int i;
	int ret;

	if (++w->nodes > w->max) {
		ORTHROS_LOG("maple tree: more than %u nodes", w->max);
		return -ELOOP;
	}
	if (type == w->arange) {
		nslots = w->arange_slots;
		pivot_off = w->arange_pivot, slot_off = w->arange_slot, meta_off = w->arange_meta;
	} else if (type == w->range || type == w->leaf) {
		nslots = w->range_slots;
		pivot_off = w->range_pivot, slot_off = w->range_slot, meta_off = w->range_meta;
	} else {
		ORTHROS_LOG("maple node %#llx: unknown type %llu; skipped",
			    (unsigned long long)node, (unsigned long long)type);
		goto damaged;
	}
	if (depth > MT_MAX_HEIGHT) {
		ORTHROS_LOG("maple node %#llx: more than %d levels deep; skipped",
			    (unsigned long long)node, MT_MAX_HEIGHT);
		goto damaged;
	}
	if (nslots < 2 || nslots > MT_MAX_SLOTS ||
	    orthros_reader_read(r, node + pivot_off, pivot, (nslots - 1) * sizeof(u64)) ||
	    orthros_reader_read(r, node + slot_off, slot, nslots * sizeof(u64)) ||
	    orthros_reader_read(r, node + meta_off + w->meta_end, &end, 1)) {
		ORTHROS_LOG("maple node %#llx is unreadable; skipped", (unsigned long long)node);
		goto damaged;
	}
	/* Where the node's data ends: lib/maple_tree.c's ma_data_end(). */
	if (type != w->arange && pivot[nslots - 2])
		end = pivot[nslots - 2] == max ? nslots - 2 : nslots - 1;
	if (end >= nslots) {
		ORTHROS_LOG("maple node %#llx: data end %u beyond its %llu slots; skipped",
			    (unsigned long long)node, end, (unsigned long long)nslots);
		goto damaged;
	}
	for (i = 0; i <= end; i++) {
		/* The last slot's pivot is implied: the node's own max. */
		last = i < end || (i < nslots - 1 && pivot[i]) ? pivot[i] : max;
		if (last < first || last > max) {
			ORTHROS_LOG("maple node %#llx: slot %u covers %#llx-%#llx outside %#llx-%#llx; rest of node skipped",
				    (unsigned long long)node, i, (unsigned long long)first,
				    (unsigned long long)last, (unsigned long long)min,
				    (unsigned long long)max);
			goto damaged;
		}
		if (type != w->leaf) {
			ret = mt_walk_node(r, w, slot[i], first, last, depth + 1);
		} else if (slot[i]) {
			if (++w->seen > w->max) {
				ORTHROS_LOG("maple tree: more than %u entries", w->max);
				return -ELOOP;
			}
			ret = w->fn(r, first, last, slot[i], w->arg);
		} else {
			ret = 0;
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
 * orthros_reader_maple() - visit every entry of a primary's maple tree
 * @r: the reader
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
int orthros_reader_maple(struct orthros_reader *r, u64 mt, unsigned int max,
			 int (*fn)(struct orthros_reader *r, u64 first, u64 last, u64 entry,
				   void *arg),
			 void *arg)
{
	struct mt_walk w = { .max = max, .fn = fn, .arg = arg };
	u64 root;
	int ret;

	ret = orthros_reader_lookup(r, "NUMBER(maple_node_mask)", &w.node_mask) ?:
	      orthros_reader_lookup(r, "NUMBER(maple_node_type_shift)", &w.type_shift) ?:
	      orthros_reader_lookup(r, "NUMBER(maple_node_type_mask)", &w.type_mask) ?:
	      orthros_reader_lookup(r, "NUMBER(maple_leaf_64)", &w.leaf) ?:
	      orthros_reader_lookup(r, "NUMBER(maple_range_64)", &w.range) ?:
	      orthros_reader_lookup(r, "NUMBER(maple_arange_64)", &w.arange) ?:
	      orthros_reader_lookup(r, "NUMBER(maple_range64_slots)", &w.range_slots) ?:
	      orthros_reader_lookup(r, "NUMBER(maple_arange64_slots)", &w.arange_slots) ?:
	      orthros_reader_lookup(r, "OFFSET(maple_range_64.pivot)", &w.range_pivot) ?:
	      orthros_reader_lookup(r, "OFFSET(maple_range_64.slot)", &w.range_slot) ?:
	      orthros_reader_lookup(r, "OFFSET(maple_range_64.meta)", &w.range_meta) ?:
	      orthros_reader_lookup(r, "OFFSET(maple_arange_64.pivot)", &w.arange_pivot) ?:
	      orthros_reader_lookup(r, "OFFSET(maple_arange_64.slot)", &w.arange_slot) ?:
	      orthros_reader_lookup(r, "OFFSET(maple_arange_64.meta)", &w.arange_meta) ?:
	      orthros_reader_lookup(r, "OFFSET(maple_metadata.end)", &w.meta_end) ?:
	      orthros_reader_ptr(r, mt, "maple_tree.ma_root", &root);
	if (ret)
		return ret;
	if (w.type_shift >= 64) {
		ORTHROS_LOG("maple node type shift %llu is not supported",
			    (unsigned long long)w.type_shift);
		return -EINVAL;
	}
	if (!root)
		return 0;
	if (!xa_node_entry(root))	/* a lone entry at index 0 */
		return fn(r, 0, 0, root, arg);
	ret = mt_walk_node(r, &w, root & ~2ULL, 0, ~0ULL, 0);
	return ret ?: (w.damaged ? -EUCLEAN : 0);
}
EXPORT_SYMBOL_GPL(orthros_reader_maple);

/**
 * orthros_reader_string() - copy a NUL-terminated string of the primary
 * @r: the reader
 * @va: its address
 * @buf: destination, always NUL-terminated on success
 * @len: size of @buf; a longer string is cut to @len - 1 bytes
 *
 * Return: 0, or a negative errno (logged).
 */
int orthros_reader_string(struct orthros_reader *r, u64 va, char *buf, size_t len)
{
	size_t i;

	for (i = 0; i + 1 < len; i++) {
		if (orthros_reader_read(r, va + i, &buf[i], 1))
			return -EFAULT;
		if (!buf[i])
			return 0;
	}
	buf[i] = '\0';
	return 0;
}
EXPORT_SYMBOL_GPL(orthros_reader_string);

/**
 * orthros_reader_init() - check a primary's offset table and set up to read it
 * @r: the reader to fill
 * @table: the primary's offset table (kept by pointer, not copied)
 * @len: its size
 * @mem: how to read the primary's physical memory, and where its RAM is
 * @needs: the subjects the caller will read (ORTHROS_NEED_*)
 *
 * Return: 0, or -EINVAL / -ENOENT (logged) for a bad or incomplete table.
 */
int orthros_reader_init(struct orthros_reader *r, const void *table, size_t len,
			const struct orthros_reader_mem *mem, unsigned int needs)
{
	const char *why = orthros_reader_check_table(table, len);
	u64 top_pgt, l5;
	int ret;

	if (why) {
		ORTHROS_LOG("offset table refused: %s", why);
		return -EINVAL;
	}
	memset(r, 0, sizeof(*r));
	r->table = table;
	r->mem = *mem;
	r->needs = needs;
	ret = orthros_reader_lookup(r, "NUMBER(page_offset_base)", &r->page_offset_base) ?:
	      orthros_reader_lookup(r, "NUMBER(kernel_map_start)", &r->kernel_map_start) ?:
	      orthros_reader_lookup(r, "NUMBER(phys_base)", &r->phys_base) ?:
	      orthros_reader_lookup(r, "NUMBER(pgtable_l5_enabled)", &l5) ?:
	      orthros_reader_lookup(r, "SYMBOL(init_top_pgt)", &top_pgt);
	if (ret)
		return ret;
	if (top_pgt < r->kernel_map_start) {
		ORTHROS_LOG("init_top_pgt %#llx is not in the kernel image",
			    (unsigned long long)top_pgt);
		return -EINVAL;
	}
	r->top_pgt_pa = top_pgt - r->kernel_map_start + r->phys_base;
	r->l5 = l5 != 0;
	return 0;
}
EXPORT_SYMBOL_GPL(orthros_reader_init);
