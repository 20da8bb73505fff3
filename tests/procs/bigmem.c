// SPDX-License-Identifier: GPL-2.0-only
/*
 * bigmem [MIB]: MIB (default 32) MiB of anonymous memory, every 64-bit
 * word a hash of its index and a seed, plus 1 MiB never written (zero
 * pages); one random page re-checked every 10 ms meanwhile.  Checks on
 * SIGTERM: every word holds its hash and the untouched MiB reads zero.
 */
#include <sys/mman.h>

#include "procs.h"

static uint64_t seed;

static uint64_t hash(uint64_t i)
{
	i ^= seed;
	i *= 0x9e3779b97f4a7c15ull;
	return i ^ i >> 29;
}

static int check(const uint64_t *m, size_t from, size_t n)
{
	size_t i;

	for (i = from; i < from + n; i++)
		if (m[i] != hash(i))
			return fail("word %zu (at %p) is %#lx, not %#lx", i, &m[i], m[i], hash(i));
	return 0;
}

static int bigmem(void)
{
	size_t words = (size_t)procs_arg(0, 32) << 17, i;
	uint64_t *m, *zero;
	size_t page = 0;

	m = mmap(NULL, words * 8, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	zero = mmap(NULL, 1 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED || zero == MAP_FAILED)
		die("mmap: %m");
	seed = now_ns(CLOCK_MONOTONIC);
	for (i = 0; i < words; i++)
		m[i] = hash(i);
	procs_ready();
	do {
		page = (page * 1103515245 + 12345) % (words / 512);
		if (check(m, page * 512, 512))
			return 1;
	} while (!msleep(10));
	if (check(m, 0, words))
		return 1;
	for (i = 0; i < (1 << 17); i++)
		if (zero[i])
			return fail("the untouched MiB has %#lx at word %zu", zero[i], i);
	return 0;
}
PROCS_TEST(bigmem, bigmem);
