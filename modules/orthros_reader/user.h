/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Orthros reader, user-space build: the few kernel definitions reader.c
 * and objects.c use, so the same source compiles into the tools and tests.
 * Not kernel code: the kernel build never includes this file.
 */
#ifndef ORTHROS_READER_USER_H
#define ORTHROS_READER_USER_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int64_t s64;

#define EXPORT_SYMBOL_GPL(sym)
#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))

/* The table's layout: include/linux/orthros_abi.h of the kernel series. */
#define ORTHROS_OFFSETS_MAGIC		0x4f524f31	/* "ORO1" */
#define ORTHROS_OFFSETS_VERSION		1
#define ORTHROS_OFFSET_NAME_LEN		56
#define ORTHROS_OFFSETS_MAX		4096

struct orthros_offset_ser {
	char name[ORTHROS_OFFSET_NAME_LEN];
	u64 value;
} __attribute__((__packed__));

struct orthros_offsets_hdr_ser {
	u32 magic, version, size, nr_entries, crc32, entry_size;
	char release[65];
	u8 pad[3];
	u8 build_id[20];
	u32 pad2[2];
	u64 reserved[4];
} __attribute__((__packed__));

#endif /* ORTHROS_READER_USER_H */
