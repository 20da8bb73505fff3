// SPDX-License-Identifier: GPL-2.0-only
/*
 * nonblock: a pipe of 128 KiB (F_SETPIPE_SZ), O_NONBLOCK on both ends,
 * filled with numbered bytes until write() fails with EAGAIN.  Checks on
 * SIGTERM: both ends still have O_NONBLOCK, the size is 128 KiB, a write
 * still fails with EAGAIN, reading gives back exactly the bytes written,
 * and then EAGAIN.
 */
#include "procs.h"

#define SIZE	(128 * 1024)

static int nonblock(void)
{
	unsigned char buf[4096];
	size_t total = 0, got = 0;
	ssize_t n;
	int p[2], i;

	if (pipe2(p, O_NONBLOCK) || fcntl(p[1], F_SETPIPE_SZ, SIZE) != SIZE)
		die("pipe: %m");
	for (;;) {
		for (i = 0; i < (int)sizeof(buf); i++)
			buf[i] = total + i;
		n = write(p[1], buf, sizeof(buf));
		if (n < 0)
			break;
		total += n;
	}
	if (errno != EAGAIN)
		die("fill: %m");
	procs_ready();
	procs_wait_term();
	if (!(fcntl(p[0], F_GETFL) & O_NONBLOCK) || !(fcntl(p[1], F_GETFL) & O_NONBLOCK))
		return fail("O_NONBLOCK lost: %#x %#x", fcntl(p[0], F_GETFL), fcntl(p[1], F_GETFL));
	if (fcntl(p[0], F_GETPIPE_SZ) != SIZE)
		return fail("pipe size %d, not %d", fcntl(p[0], F_GETPIPE_SZ), SIZE);
	if (write(p[1], buf, 1) != -1 || errno != EAGAIN)
		return fail("a write to the full pipe did not fail with EAGAIN");
	while ((n = read(p[0], buf, sizeof(buf))) > 0) {
		for (i = 0; i < n; i++)
			if (buf[i] != (unsigned char)(got + i))
				return fail("byte %zu is %u", got + i, buf[i]);
		got += n;
	}
	if (n != -1 || errno != EAGAIN)
		return fail("the empty pipe: read returned %zd (%m)", n);
	if (got != total)
		return fail("read %zu bytes of %zu", got, total);
	return 0;
}
PROCS_TEST(nonblock, nonblock);
