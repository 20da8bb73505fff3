// SPDX-License-Identifier: GPL-2.0-only
/*
 * Orthros reader: the primary's offset table, checked and resolved once.
 *
 * A reader opens for the subjects its caller names.  Each subject lists
 * the table entries it reads (its entries[]); they are looked up here, by
 * name, into struct orthros_layout, and walks use the numbers only.  A
 * primary whose table lacks an entry fails the open, naming the entry and
 * the subject, unless the subject is optional (ext4: a kernel without it
 * has no such entries): then only that subject's walks fail.  Where
 * kernels differ in more than offsets, a subject lists alternatives
 * (ORTHROS_ENTRY_ALT) and walks by the ones the table has: never by the
 * release.
 */
#include "internal.h"

#define BIT_OF(need)	__builtin_ctz(need)

/* By ORTHROS_NEED_* bit. */
static const struct orthros_subject *const subjects[ORTHROS_NR_SUBJECTS] = {
	[BIT_OF(ORTHROS_NEED_TASKS)] = &orthros_task_subject,
	[BIT_OF(ORTHROS_NEED_MM)] = &orthros_mm_subject,
	[BIT_OF(ORTHROS_NEED_FS)] = &orthros_fs_subject,
	[BIT_OF(ORTHROS_NEED_PAGECACHE)] = &orthros_pagecache_subject,
	[BIT_OF(ORTHROS_NEED_EXT4)] = &orthros_ext4_subject,
	[BIT_OF(ORTHROS_NEED_PRINTK)] = &orthros_printk_subject,
	[BIT_OF(ORTHROS_NEED_PROCS)] = &orthros_proc_subject,
	[BIT_OF(ORTHROS_NEED_V2P)] = &orthros_v2p_subject,
	[BIT_OF(ORTHROS_NEED_LISTS)] = &orthros_list_subject,
	[BIT_OF(ORTHROS_NEED_XARRAY)] = &orthros_xarray_subject,
	[BIT_OF(ORTHROS_NEED_MAPLE)] = &orthros_maple_subject,
};

#define BY_NAME_MASK	(2 * ORTHROS_OFFSETS_MAX - 1)

/* FNV-1a: the slot in by_name[] where a name's search starts. */
static u32 name_slot(const char *name)
{
	u32 h = 2166136261u;

	while (*name)
		h = (h ^ (u8)*name++) * 16777619u;
	return h & BY_NAME_MASK;
}

/*
 * Index the table's names: a subject's lookups are then one probe or a
 * few, not a walk of the whole table each (several hundred entries; a
 * reader opens inside the takeover's downtime).  By table order, so a
 * name the table holds twice finds its first entry, as a walk would.
 */
static void index_names(struct orthros_reader *r)
{
	const struct orthros_offset_ser *e = orthros_offsets_entries(r->table);
	u32 i, slot;

	memset(r->by_name, 0, sizeof(r->by_name));
	for (i = 0; i < r->table->nr_entries; i++) {
		for (slot = name_slot(e[i].name); r->by_name[slot]; slot = (slot + 1) & BY_NAME_MASK)
			;
		r->by_name[slot] = i + 1;
	}
}

static const struct orthros_offset_ser *lookup(const struct orthros_reader *r, const char *name)
{
	const struct orthros_offset_ser *e = orthros_offsets_entries(r->table);
	u32 slot;

	for (slot = name_slot(name); r->by_name[slot]; slot = (slot + 1) & BY_NAME_MASK)
		if (!strcmp(e[r->by_name[slot] - 1].name, name))
			return &e[r->by_name[slot] - 1];
	return NULL;
}

/* Fill in @s's entries; 0, or -ENOENT / -EINVAL if it cannot be read. */
static int resolve(struct orthros_reader *r, const struct orthros_subject *s)
{
	const struct orthros_offset_ser *e;
	const char *why;
	unsigned int i;

	for (i = 0; i < s->nr_entries; i++)
		if (s->entries[i].alt)
			*(u64 *)((char *)&r->l + s->entries[i].field) = ORTHROS_NO_ENTRY;
	for (i = 0; i < s->nr_entries; i++) {
		e = lookup(r, s->entries[i].name);
		if (!e && s->entries[i].alt)
			continue;	/* check() wants one complete way */
		if (!e) {
			ORTHROS_LOG("offset table has no %s, needed for %s%s", s->entries[i].name,
				    s->name, s->optional ? ": those walks will fail" : "");
			return -ENOENT;
		}
		*(u64 *)((char *)&r->l + s->entries[i].field) = e->value;
	}
	why = s->check ? s->check(&r->l) : NULL;
	if (why) {
		ORTHROS_LOG("offset table: %s, needed for %s%s", why, s->name,
			    s->optional ? ": those walks will fail" : "");
		return -EINVAL;
	}
	return 0;
}

/* @needs and every subject they read through. */
static unsigned int with_implied(unsigned int needs)
{
	unsigned int bit, all = needs | ORTHROS_NEED_V2P, before;

	do {
		before = all;
		for (bit = 0; bit < ORTHROS_NR_SUBJECTS; bit++)
			if ((all & (1U << bit)) && subjects[bit])
				all |= subjects[bit]->implies;
	} while (all != before);
	return all;
}

/**
 * orthros_reader_init() - check a primary's offset table and resolve it
 * @r: the reader to fill
 * @table: the primary's offset table (kept by pointer, not copied)
 * @len: its size
 * @mem: how to read the primary's physical memory, and where its RAM is
 * @needs: the subjects the caller will read (ORTHROS_NEED_*)
 *
 * For the memory backends (mem-kernel.c, mem-vmcore.c).
 *
 * Return: 0, or -EINVAL / -ENOENT (logged) for a bad table or one that
 * lacks what @needs require.
 */
int orthros_reader_init(struct orthros_reader *r, const void *table, size_t len,
			const struct orthros_reader_mem *mem, unsigned int needs)
{
	const char *why = orthros_offsets_check(table, len);
	unsigned int bit, all = with_implied(needs);
	int ret;

	if (why) {
		ORTHROS_LOG("offset table refused: %s", why);
		return -EINVAL;
	}
	memset(r, 0, sizeof(*r));
	r->last_va = 1;
	r->table = table;
	r->mem = *mem;
	r->ram_end = orthros_reader_ram_end(r);
	r->asked = all;
	index_names(r);
	for (bit = 0; bit < ORTHROS_NR_SUBJECTS; bit++) {
		if (!(all & (1U << bit)) || !subjects[bit])
			continue;
		ret = resolve(r, subjects[bit]);
		if (ret && !subjects[bit]->optional)
			return ret;
		if (!ret)
			r->have |= 1U << bit;
	}
	return 0;
}

/**
 * orthros_reader_need() - may a walk of this subject go on?
 * @r: the reader
 * @need: the subject's ORTHROS_NEED_* bit
 *
 * Return: 0, or -EOPNOTSUPP (logged) if the reader was not opened for it
 * or the primary's table lacks it.
 */
int orthros_reader_need(struct orthros_reader *r, unsigned int need)
{
	unsigned int bit, lacking = need & ~r->have;

	if (!lacking)
		return 0;
	for (bit = 0; !(lacking & (1U << bit)); bit++)
		;
	ORTHROS_LOG("cannot read %s: %s", subjects[bit] ? subjects[bit]->name : "that",
		    r->asked & (1U << bit) ? "the primary's offset table lacks it" :
		    "the reader was not opened for it");
	return -EOPNOTSUPP;
}
