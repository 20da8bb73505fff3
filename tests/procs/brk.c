// SPDX-License-Identifier: GPL-2.0-only
/*
 * brk: a heap of 2000 malloc'd blocks (16 B to 4 KiB) and 1 MiB taken
 * with sbrk(), each filled with a pattern.  Checks on SIGTERM: the break
 * is where it was, every pattern is intact, and the heap grows: sbrk()
 * of 8 MiB more and 2000 new malloc blocks, written and read back.
 */
#include "procs.h"

#define NBLK	2000
#define SBRK	(1 << 20)

static unsigned char *blk[NBLK], *nblk[NBLK];
static size_t len[NBLK];

static unsigned char pat(size_t i, size_t j)
{
	return i * 131 + j * 7 + 1;
}

static void fill(unsigned char *p, size_t i, size_t n)
{
	size_t j;

	for (j = 0; j < n; j++)
		p[j] = pat(i, j);
}

static int intact(const unsigned char *p, size_t i, size_t n)
{
	size_t j;

	for (j = 0; j < n; j++)
		if (p[j] != pat(i, j))
			return 0;
	return 1;
}

static int brk_test(void)
{
	unsigned char *raw, *more;
	void *end;
	size_t i;

	for (i = 0; i < NBLK; i++) {
		len[i] = 16 + (i * 2654435761u) % 4080;
		blk[i] = malloc(len[i]);
		if (!blk[i])
			die("malloc: %m");
		fill(blk[i], i, len[i]);
	}
	raw = sbrk(SBRK);
	if (raw == (void *)-1)
		die("sbrk: %m");
	fill(raw, NBLK, SBRK);
	end = sbrk(0);
	procs_ready();
	procs_wait_term();
	if (sbrk(0) != end)
		return fail("the break is at %p, was %p", sbrk(0), end);
	for (i = 0; i < NBLK; i++)
		if (!intact(blk[i], i, len[i]))
			return fail("malloc block %zu (%zu bytes at %p) damaged", i, len[i], blk[i]);
	if (!intact(raw, NBLK, SBRK))
		return fail("the sbrk area at %p is damaged", raw);
	more = sbrk(8 * SBRK);
	if (more == (void *)-1)
		return fail("sbrk of 8 MiB more: %m");
	fill(more, NBLK + 1, 8 * SBRK);
	for (i = 0; i < NBLK; i++) {
		nblk[i] = malloc(len[i]);
		if (!nblk[i])
			return fail("malloc after: %m");
		fill(nblk[i], i + 7, len[i]);
	}
	for (i = 0; i < NBLK; i++)
		if (!intact(nblk[i], i + 7, len[i]) || !intact(blk[i], i, len[i]))
			return fail("block %zu damaged after the heap grew", i);
	if (!intact(more, NBLK + 1, 8 * SBRK))
		return fail("the new sbrk area does not hold its pattern");
	return 0;
}
PROCS_TEST(brk, brk_test);
