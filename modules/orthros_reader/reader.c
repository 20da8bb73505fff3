// SPDX-License-Identifier: GPL-2.0-only
/*
 * Orthros reader: see reader.h.  Kernel and user-space code alike: only
 * fixed-width types, memcmp/memcpy/strlen/snprintf, and ORTHROS_LOG.
 */
#ifdef __KERNEL__
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

/* A pointer member; 0 or a negative errno. */
int orthros_reader_ptr(struct orthros_reader *r, u64 base, const char *member, u64 *ptr)
{
	return orthros_reader_member(r, base, member, ptr, sizeof(*ptr));
}

int orthros_reader_list(struct orthros_reader *r, u64 head, const char *member,
			unsigned int max,
			int (*fn)(struct orthros_reader *r, u64 obj, void *arg), void *arg)
{
	char name[ORTHROS_OFFSET_NAME_LEN];
	u64 off, next_off, prev_off, node, prev = head, back;
	unsigned int n = 0;
	int ret;

	snprintf(name, sizeof(name), "OFFSET(%s)", member);
	ret = orthros_reader_lookup(r, name, &off) ?:
	      orthros_reader_lookup(r, "OFFSET(list_head.next)", &next_off) ?:
	      orthros_reader_lookup(r, "OFFSET(list_head.prev)", &prev_off) ?:
	      orthros_reader_read(r, head + next_off, &node, sizeof(node));
	while (!ret && node != head) {
		if (++n > max) {
			ORTHROS_LOG("list at %#llx (%s): more than %u entries; a cycle?",
				    (unsigned long long)head, member, max);
			return -ELOOP;
		}
		ret = orthros_reader_read(r, node + prev_off, &back, sizeof(back));
		if (ret)
			break;
		if (back != prev) {
			ORTHROS_LOG("list at %#llx (%s): entry %#llx does not point back to %#llx",
				    (unsigned long long)head, member,
				    (unsigned long long)node, (unsigned long long)prev);
			return -EUCLEAN;
		}
		ret = fn(r, node - off, arg);
		if (ret)
			return ret;
		prev = node;
		ret = orthros_reader_read(r, node + next_off, &node, sizeof(node));
	}
	return ret;
}

/**
 * orthros_reader_init() - check a primary's offset table and set up to read it
 * @r: the reader to fill
 * @table: the primary's offset table (kept by pointer, not copied)
 * @len: its size
 * @mem: how to read the primary's physical memory, and where its RAM is
 *
 * Return: 0, or -EINVAL / -ENOENT (logged) for a bad or incomplete table.
 */
int orthros_reader_init(struct orthros_reader *r, const void *table, size_t len,
			const struct orthros_reader_mem *mem)
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
