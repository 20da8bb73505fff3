/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Orthros reader: read a frozen primary kernel's memory by name.
 *
 * Built twice from the same source: into the backup kernel (module) and
 * into user-space tools and tests, which read a vmcore file.  Everything
 * the primary says is distrusted: the offset table is checked before use,
 * every member is looked up by name in it (a missing one is an error, not
 * a guess), every address must translate into the primary's RAM, and
 * every walk has a length limit.  Failures are negative errnos with one
 * log line, never a crash.
 */
#ifndef ORTHROS_READER_H
#define ORTHROS_READER_H

#ifdef __KERNEL__
#include <linux/errno.h>
#include <linux/orthros_abi.h>
#include <linux/types.h>
#else
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;

/* The table's layout: include/linux/orthros_abi.h of the kernel series. */
#define ORTHROS_OFFSETS_MAGIC		0x4f524f31	/* "ORO1" */
#define ORTHROS_OFFSETS_VERSION		1
#define ORTHROS_OFFSET_NAME_LEN		56
#define ORTHROS_OFFSETS_MAX		4096

struct orthros_offset_ser {
	char name[ORTHROS_OFFSET_NAME_LEN];
	u64 value;
} __attribute__((packed));

struct orthros_offsets_hdr_ser {
	u32 magic, version, size, nr_entries, crc32, entry_size;
	char release[65];
	u8 pad[3];
	u8 build_id[20];
	u32 pad2[2];
	u64 reserved[4];
} __attribute__((packed));
#endif

#define ORTHROS_READER_MAX_RAM	128

/* How the reader gets at the primary's physical memory. */
struct orthros_reader_mem {
	/* Copy @len bytes at physical @pa (within one page); 0 or -errno. */
	int (*read_phys)(void *ctx, u64 pa, void *buf, size_t len);
	void *ctx;
	/* The primary's RAM: every address read must fall inside. */
	struct { u64 start, end; } ram[ORTHROS_READER_MAX_RAM];	/* [start, end) */
	unsigned int nr_ram;
};

struct orthros_reader {
	const struct orthros_offsets_hdr_ser *table;
	struct orthros_reader_mem mem;
	/* Address translation, from the table. */
	u64 page_offset_base, kernel_map_start, phys_base, top_pgt_pa;
	bool l5;
};

const char *orthros_reader_check_table(const void *table, size_t len);
int orthros_reader_init(struct orthros_reader *r, const void *table, size_t len,
			const struct orthros_reader_mem *mem);
int orthros_reader_lookup(struct orthros_reader *r, const char *name, u64 *value);
int orthros_reader_v2p(struct orthros_reader *r, u64 va, u64 *pa);
int orthros_reader_read(struct orthros_reader *r, u64 va, void *buf, size_t len);
int orthros_reader_member(struct orthros_reader *r, u64 base, const char *member,
			  void *buf, size_t len);
int orthros_reader_ptr(struct orthros_reader *r, u64 base, const char *member, u64 *ptr);

/*
 * Walk a circular list_head: for each node other than @head, @fn gets the
 * address of the containing structure (node - @member's offset).  Stops
 * at @head, after @max nodes (-ELOOP), on a node that leaves the list's
 * back links inconsistent (-EUCLEAN), or when @fn returns non-zero.
 */
int orthros_reader_list(struct orthros_reader *r, u64 head, const char *member,
			unsigned int max,
			int (*fn)(struct orthros_reader *r, u64 obj, void *arg), void *arg);

#endif /* ORTHROS_READER_H */
