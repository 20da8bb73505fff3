// SPDX-License-Identifier: GPL-2.0-only
/*
 * filemap_private: 16 pages of NAME.dat mapped MAP_PRIVATE; the odd pages
 * written through the mapping (copied on write), the even ones only read.
 * Checks on SIGTERM: odd pages hold what was written, even pages the
 * file, the file itself is untouched, and a new write to an even page
 * stays private.
 *
 * filemap_shared: 16 pages of NAME.dat mapped MAP_SHARED and written
 * through the mapping, never msync'd.  Checks on SIGTERM: the mapping and
 * read() of the file agree on the pattern, and a pwrite() to the file
 * shows in the mapping (one page cache).
 */
#include <sys/mman.h>

#include "procs.h"

#define PAGES	16
#define PAGE	4096
#define SIZE	(PAGES * PAGE)

static unsigned char pat(int gen, size_t i)
{
	return gen * 77 + i * 13 + i / PAGE;
}

static int holds(const unsigned char *p, int gen, size_t from, size_t n)
{
	size_t i;

	for (i = from; i < from + n; i++)
		if (p[i] != pat(gen, i))
			return 0;
	return 1;
}

static unsigned char *map_file(int *fd, int flags)
{
	unsigned char buf[SIZE], *m;
	size_t i;

	*fd = open(procs_path("dat"), O_RDWR | O_CREAT | O_TRUNC, 0644);
	for (i = 0; i < SIZE; i++)
		buf[i] = pat(1, i);
	if (*fd < 0 || write_all(*fd, buf, SIZE))
		die("write the file: %m");
	m = mmap(NULL, SIZE, PROT_READ | PROT_WRITE, flags, *fd, 0);
	if (m == MAP_FAILED)
		die("mmap: %m");
	return m;
}

static int filemap_private(void)
{
	unsigned char *m, buf[SIZE];
	size_t i;
	int fd, p;

	m = map_file(&fd, MAP_PRIVATE);
	for (i = 0; i < SIZE; i++)
		if (i / PAGE % 2)
			m[i] = pat(2, i);
		else if (m[i] != pat(1, i))	/* read: maps the file page */
			die("the mapping does not show the file");
	procs_ready();
	procs_wait_term();
	for (p = 0; p < PAGES; p++)
		if (!holds(m, p % 2 ? 2 : 1, p * PAGE, PAGE))
			return fail("page %d of the mapping does not hold its %s", p,
				    p % 2 ? "private copy" : "file contents");
	if (pread(fd, buf, SIZE, 0) != SIZE || !holds(buf, 1, 0, SIZE))
		return fail("the file changed: private writes leaked into it");
	m[0] ^= 0xff;
	if (pread(fd, buf, PAGE, 0) != PAGE || !holds(buf, 1, 0, PAGE))
		return fail("a new write to an even page reached the file");
	return 0;
}
PROCS_TEST(filemap_private, filemap_private);

static int filemap_shared(void)
{
	unsigned char *m, buf[SIZE];
	size_t i;
	int fd;

	m = map_file(&fd, MAP_SHARED);
	for (i = 0; i < SIZE; i++)
		m[i] = pat(3, i);
	procs_ready();
	procs_wait_term();
	if (!holds(m, 3, 0, SIZE))
		return fail("the mapping lost what was written to it");
	if (pread(fd, buf, SIZE, 0) != SIZE || !holds(buf, 3, 0, SIZE))
		return fail("read() of the file does not see the mapping's writes");
	for (i = 0; i < PAGE; i++)
		buf[i] = pat(4, i);
	if (pwrite(fd, buf, PAGE, 0) != PAGE || !holds(m, 4, 0, PAGE))
		return fail("a pwrite() to the file does not show in the mapping");
	return 0;
}
PROCS_TEST(filemap_shared, filemap_shared);
