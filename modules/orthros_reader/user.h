/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Orthros reader, user-space build: the few kernel definitions the reader
 * uses, so the same source compiles into the tools and tests.  The offset
 * table's layout is the kernel's uapi header, <linux/orthros.h>.  Not
 * kernel code: the kernel build never includes this file.
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
typedef int32_t s32;
typedef int64_t s64;

#define EXPORT_SYMBOL_GPL(sym)
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))

#endif /* ORTHROS_READER_USER_H */
