/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Deterministic test data: the guest writes it, the host regenerates it
 * from the same seed and compares it with the bytes found on disk.
 */
#ifndef ORTHROS_TEST_PATTERN_H
#define ORTHROS_TEST_PATTERN_H

#include <stddef.h>
#include <stdint.h>

/* Fill @buf with @len bytes of the stream for @seed, starting at @offset. */
void pattern_fill(uint64_t seed, uint64_t offset, void *buf, size_t len);

#endif
