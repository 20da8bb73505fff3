// SPDX-License-Identifier: GPL-2.0-only
/*
 * Orthros reader: the primary's address spaces (an mm's VMAs, in its
 * maple tree).
 */
#include "internal.h"

#define MAX_VMAS	1000000

static const struct orthros_entry entries[] = {
	ORTHROS_ENTRY("OFFSET(mm_struct.mm_mt)", mm.mm_mt),
	ORTHROS_ENTRY("OFFSET(mm_struct.map_count)", mm.map_count),
	ORTHROS_ENTRY("OFFSET(vm_area_struct.vm_start)", mm.vm_start),
	ORTHROS_ENTRY("OFFSET(vm_area_struct.vm_end)", mm.vm_end),
	ORTHROS_ENTRY("OFFSET(vm_area_struct.vm_mm)", mm.vm_mm),
};

const struct orthros_subject orthros_mm_subject = {
	.name = "address spaces",
	.entries = entries,
	.nr_entries = ARRAY_SIZE(entries),
	.implies = ORTHROS_NEED_MAPLE,
};

struct vma_walk {
	int (*fn)(struct orthros_reader *r, u64 vma, u64 start, u64 end, void *arg);
	void *arg;
	u64 mm;
	bool damaged;
};

static int check_vma(struct orthros_reader *r, u64 first, u64 last, u64 vma, void *arg)
{
	const struct orthros_layout_mm *l = &r->l.mm;
	struct vma_walk *w = arg;
	u64 start, end, mm;

	/* A VMA covers exactly its own range of the tree, and belongs to the mm. */
	if (orthros_read_u64(r, vma + l->vm_start, &start) ||
	    orthros_read_u64(r, vma + l->vm_end, &end) ||
	    orthros_read_u64(r, vma + l->vm_mm, &mm) ||
	    start != first || end != last + 1 || mm != w->mm) {
		ORTHROS_LOG("mm %#llx: VMA %#llx for %#llx-%#llx is damaged; skipped",
			    (unsigned long long)w->mm, (unsigned long long)vma,
			    (unsigned long long)first, (unsigned long long)last + 1);
		w->damaged = true;
		return 0;
	}
	return w->fn(r, vma, start, end, w->arg);
}

/**
 * orthros_reader_vmas() - visit the VMAs of one of the primary's mm_structs
 * @r: the reader
 * @mm: address of the mm_struct
 * @fn: called with each VMA's address and its [start, end)
 * @arg: passed to @fn
 *
 * A VMA that does not cover its range of the tree, or names another mm,
 * is logged and skipped.
 *
 * Return: 0; -EUCLEAN if something was skipped; @fn's non-zero return;
 * or another negative errno (logged).
 */
int orthros_reader_vmas(struct orthros_reader *r, u64 mm,
			int (*fn)(struct orthros_reader *r, u64 vma, u64 start, u64 end,
				  void *arg),
			void *arg)
{
	struct vma_walk w = { .fn = fn, .arg = arg, .mm = mm };
	int ret;

	ret = orthros_reader_need(r, ORTHROS_NEED_MM) ?:
	      orthros_maple_walk(r, mm + r->l.mm.mm_mt, MAX_VMAS, check_vma, &w);
	return ret ?: (w.damaged ? -EUCLEAN : 0);
}
EXPORT_SYMBOL_GPL(orthros_reader_vmas);

static int count_vma(struct orthros_reader *r, u64 vma, u64 start, u64 end, void *arg)
{
	++*(unsigned int *)arg;
	return 0;
}

/**
 * orthros_reader_mm() - what one of the primary's address spaces holds
 * @r: the reader
 * @mm: address of the mm_struct
 * @mi: filled in: the VMAs its tree holds, and how many it says it has
 *
 * Return: 0; -EUCLEAN if a VMA was damaged (skipped, not counted); or
 * another negative errno (logged).
 */
int orthros_reader_mm(struct orthros_reader *r, u64 mm, struct orthros_mm_info *mi)
{
	memset(mi, 0, sizeof(*mi));
	return orthros_reader_need(r, ORTHROS_NEED_MM) ?:
	       orthros_reader_read(r, mm + r->l.mm.map_count, &mi->map_count,
				   sizeof(mi->map_count)) ?:
	       orthros_reader_vmas(r, mm, count_vma, &mi->vmas);
}
EXPORT_SYMBOL_GPL(orthros_reader_mm);

/**
 * orthros_reader_format_maps() - a task's address space as orthros-postmortem lists it
 * @buf: the line, without newline
 * @len: size of @buf
 * @t: the task
 * @mi: its mm, from orthros_reader_mm()
 *
 * "maps PID COMM VMAS MAP_COUNT": the one definition.
 *
 * Return: as snprintf().
 */
int orthros_reader_format_maps(char *buf, size_t len, const struct orthros_task_info *t,
			       const struct orthros_mm_info *mi)
{
	return snprintf(buf, len, "maps %d %s %u %d", t->pid, t->comm, mi->vmas, mi->map_count);
}
EXPORT_SYMBOL_GPL(orthros_reader_format_maps);
