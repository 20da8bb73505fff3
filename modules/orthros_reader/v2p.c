// SPDX-License-Identifier: GPL-2.0-only
/*
 * Orthros reader: the primary's addresses (x86_64).  The kernel image and
 * the direct map translate by their offsets, anything else (vmalloc,
 * vmemmap) through the primary's page tables.  This file is the one place
 * that knows the direct map: callers holding a page frame use
 * orthros_reader_read_pfn().  Every physical address must lie in the
 * primary's RAM.
 *
 * The direct map ends where the primary's RAM does: with KASLR the
 * vmalloc area (kernel stacks among it) may start a few TiB after
 * page_offset_base, always so with 4-level paging, and an address there
 * taken for the direct map would read unrelated memory.
 */
#include "internal.h"

#define PTE_PRESENT	0x1ULL
#define PTE_LARGE	0x80ULL		/* 1 GiB at level 3, 2 MiB at level 2 */
#define PTE_ADDR	0x000ffffffffff000ULL
#define PAGE_SZ		((u64)ORTHROS_READER_PAGE_SIZE)
#define PHYS_MAX	(1ULL << 52)	/* x86_64's physical address space */
/*
 * The part of the kernel image's mapping that never holds modules: they
 * start at KERNEL_IMAGE_SIZE, 512 MiB without KASLR (1 GiB with it).  An
 * image placed above that is translated through the page tables.
 */
#define KERNEL_MAP_MAX	(512ULL << 20)

static const struct orthros_entry entries[] = {
	ORTHROS_ENTRY("NUMBER(page_offset_base)", v2p.page_offset_base),
	ORTHROS_ENTRY("NUMBER(kernel_map_start)", v2p.kernel_map_start),
	ORTHROS_ENTRY("NUMBER(phys_base)", v2p.phys_base),
	ORTHROS_ENTRY("NUMBER(pgtable_l5_enabled)", v2p.l5),
	ORTHROS_ENTRY("SYMBOL(init_top_pgt)", v2p.init_top_pgt),
	ORTHROS_ENTRY("NUMBER(page_size)", v2p.page_size),
};

static const char *check(const struct orthros_layout *l)
{
	if (l->v2p.init_top_pgt < l->v2p.kernel_map_start)
		return "init_top_pgt is not in the kernel image";
	if (l->v2p.page_size != PAGE_SZ)
		return "the primary's page size is not 4096";
	return NULL;
}

const struct orthros_subject orthros_v2p_subject = {
	.name = "address translation",
	.entries = entries,
	.nr_entries = ARRAY_SIZE(entries),
	.check = check,
};

/**
 * orthros_reader_ram_end() - where the primary's RAM, and its direct map, end
 * @r: the reader
 *
 * Return: the end of its highest RAM range.
 */
u64 orthros_reader_ram_end(const struct orthros_reader *r)
{
	u64 end = 0;
	unsigned int i;

	for (i = 0; i < r->mem.nr_ram; i++)
		if (r->mem.ram[i].end > end)
			end = r->mem.ram[i].end;
	return end;
}

static bool in_ram(struct orthros_reader *r, u64 pa, size_t len)
{
	unsigned int i;

	for (i = 0; i < r->mem.nr_ram; i++)
		if (pa >= r->mem.ram[i].start && pa < r->mem.ram[i].end &&
		    len <= r->mem.ram[i].end - pa)
			return true;
	return false;
}

/* @len bytes at physical @pa, within one page. */
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
 * Return: 0, or -EFAULT (logged) if it does not translate.
 */
int orthros_reader_v2p(struct orthros_reader *r, u64 va, u64 *pa)
{
	const struct orthros_layout_v2p *l = &r->l.v2p;
	u64 table = l->init_top_pgt - l->kernel_map_start + l->phys_base, entry;
	int level, shift;

	if (va >= l->kernel_map_start && va - l->kernel_map_start < KERNEL_MAP_MAX) {
		*pa = va - l->kernel_map_start + l->phys_base;
		return 0;
	}
	if (va >= l->page_offset_base && va - l->page_offset_base < r->ram_end) {
		*pa = va - l->page_offset_base;
		return 0;
	}
	/* The primary is frozen: a page's translation never changes. */
	if ((va & ~(PAGE_SZ - 1)) == r->last_va) {
		*pa = r->last_pa | (va & (PAGE_SZ - 1));
		return 0;
	}
	for (level = l->l5 ? 5 : 4; level >= 1; level--) {
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
			break;
		}
		table = entry & PTE_ADDR;
	}
	if (!level)
		*pa = table | (va & (PAGE_SZ - 1));
	r->last_va = va & ~(PAGE_SZ - 1);
	r->last_pa = *pa & ~(PAGE_SZ - 1);
	return 0;
}

/* @len bytes from @addr, a virtual address (@virt) or a physical one. */
static int read_pages(struct orthros_reader *r, u64 addr, void *buf, size_t len, bool virt)
{
	u8 *dst = buf;

	while (len) {
		size_t chunk = PAGE_SZ - (addr & (PAGE_SZ - 1));
		u64 pa = addr;
		int ret;

		if (chunk > len)
			chunk = len;
		ret = (virt ? orthros_reader_v2p(r, addr, &pa) : 0) ?: read_pa(r, pa, dst, chunk);
		if (ret)
			return ret;
		addr += chunk;
		dst += chunk;
		len -= chunk;
	}
	return 0;
}

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
	return read_pages(r, va, buf, len, true);
}
EXPORT_SYMBOL_GPL(orthros_reader_read);

/**
 * orthros_reader_read_pfn() - copy from the primary's page frames
 * @r: the reader
 * @pfn: the first page frame
 * @offset: bytes into it (may reach into the following frames)
 * @buf: destination
 * @len: bytes
 *
 * Return: 0, or a negative errno (logged).
 */
int orthros_reader_read_pfn(struct orthros_reader *r, u64 pfn, u64 offset, void *buf,
			    size_t len)
{
	if (pfn >= PHYS_MAX / PAGE_SZ || offset >= PHYS_MAX - pfn * PAGE_SZ) {
		ORTHROS_LOG("page frame %#llx + %#llx is beyond physical memory",
			    (unsigned long long)pfn, (unsigned long long)offset);
		return -EFAULT;
	}
	return read_pages(r, pfn * PAGE_SZ + offset, buf, len, false);
}
EXPORT_SYMBOL_GPL(orthros_reader_read_pfn);

/**
 * orthros_reader_map_pfn() - the primary's page frames in place, uncopied
 * @r: the reader
 * @pfn: the first page frame
 * @offset: bytes into it (may reach into the following frames)
 * @len: bytes
 *
 * Only where the reader's memory can be mapped (orthros_reader.ko): large
 * copies then go straight from the primary's frames to their destination.
 *
 * Return: the address of the bytes, valid until the reader is closed; or
 * NULL if they cannot be mapped (outside the primary's RAM: logged), and
 * orthros_reader_read_pfn() is the way to them.
 */
const void *orthros_reader_map_pfn(struct orthros_reader *r, u64 pfn, u64 offset, size_t len)
{
	u64 pa = pfn * PAGE_SZ + offset;

	if (!r->mem.map_phys)
		return NULL;
	if (pfn >= PHYS_MAX / PAGE_SZ || offset >= PHYS_MAX - pfn * PAGE_SZ ||
	    !in_ram(r, pa, len)) {
		ORTHROS_LOG("page frame %#llx + %#llx, %zu bytes: outside the primary's RAM",
			    (unsigned long long)pfn, (unsigned long long)offset, len);
		return NULL;
	}
	return r->mem.map_phys(r->mem.ctx, pa, len);
}
EXPORT_SYMBOL_GPL(orthros_reader_map_pfn);

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

#define PTE_PROTNONE	0x100ULL	/* PROT_NONE, when not present: pfn inverted */

struct user_walk {
	int (*fn)(struct orthros_reader *r, u64 va, u64 pfn, void *arg);
	void *arg;
	u64 start, end;
};

static int walk_user_table(struct orthros_reader *r, struct user_walk *w, u64 table,
			   int level, u64 base)
{
	int shift = 12 + 9 * (level - 1);
	u64 span = 1ULL << shift, entry, lo, va, pfn;
	unsigned int i;
	int ret = 0;

	for (i = 0; !ret && i < 512; i++) {
		lo = base + i * span;
		if (lo + span <= w->start || lo >= w->end)
			continue;
		ret = read_pa(r, table + i * 8, &entry, sizeof(entry));
		if (ret || !entry)
			continue;
		if (!(entry & PTE_PRESENT)) {
			if (level != 1)
				continue;	/* no huge PROT_NONE or swap here */
			if (!(entry & PTE_PROTNONE)) {
				ORTHROS_LOG("user page %#llx is swapped out: not supported",
					    (unsigned long long)lo);
				return -EOPNOTSUPP;
			}
			ret = w->fn(r, lo, (~entry & PTE_ADDR) >> 12, w->arg);
		} else if (level == 1) {
			ret = w->fn(r, lo, (entry & PTE_ADDR) >> 12, w->arg);
		} else if (level <= 3 && (entry & PTE_LARGE)) {
			pfn = (entry & PTE_ADDR & ~(span - 1)) >> 12;
			for (va = lo < w->start ? w->start : lo; !ret && va < lo + span && va < w->end;
			     va += PAGE_SZ)
				ret = w->fn(r, va, pfn + ((va - lo) >> 12), w->arg);
		} else {
			ret = walk_user_table(r, w, entry & PTE_ADDR, level - 1, lo);
		}
	}
	return ret;
}

/**
 * orthros_reader_user_pages() - visit the pages an address space maps
 * @r: the reader
 * @pgd: the mm's page-table root (mm_struct.pgd: a direct-map address)
 * @start: first user address, page aligned
 * @end: end of the range
 * @fn: called in address order with each mapped page and its frame
 *      (PROT_NONE pages included; huge pages one 4 KiB page at a time)
 * @arg: passed to @fn
 *
 * Return: 0, @fn's non-zero return, -EOPNOTSUPP for a swapped-out page, or
 * another negative errno (logged).
 */
int orthros_reader_user_pages(struct orthros_reader *r, u64 pgd, u64 start, u64 end,
			      int (*fn)(struct orthros_reader *r, u64 va, u64 pfn, void *arg),
			      void *arg)
{
	struct user_walk w = { .fn = fn, .arg = arg, .start = start, .end = end };
	u64 pa;

	return orthros_reader_v2p(r, pgd, &pa) ?:
	       walk_user_table(r, &w, pa, r->l.v2p.l5 ? 5 : 4, 0);
}
EXPORT_SYMBOL_GPL(orthros_reader_user_pages);
