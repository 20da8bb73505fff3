// SPDX-License-Identifier: GPL-2.0-only
/*
 * The stream is splitmix64 of (seed, 8-byte block index), so any range can
 * be generated without generating what precedes it.
 */
#include "pattern.h"

static uint64_t splitmix64(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ull;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
	return x ^ (x >> 31);
}

void pattern_fill(uint64_t seed, uint64_t offset, void *buf, size_t len)
{
	unsigned char *out = buf;
	size_t i;

	for (i = 0; i < len; i++) {
		uint64_t pos = offset + i;
		uint64_t word = splitmix64(seed ^ splitmix64(pos / 8));

		out[i] = word >> (8 * (pos % 8));
	}
}
