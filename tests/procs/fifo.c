// SPDX-License-Identifier: GPL-2.0-only
/*
 * fifo: a FIFO, NAME.fifo, open read-write (no wait for a peer) and
 * read-only non-blocking, holding 3000 numbered bytes written before
 * ready.  Checks on SIGTERM: the path is still a FIFO, and the read end
 * gives exactly those bytes, then EAGAIN.
 */
#include "procs.h"

#define N	3000

static int fifo(void)
{
	char *path = procs_path("fifo");
	unsigned char buf[N + 1];
	struct stat st;
	int w, r, i;
	ssize_t n;

	unlink(path);
	if (mkfifo(path, 0644))
		die("mkfifo: %m");
	w = open(path, O_RDWR);
	r = open(path, O_RDONLY | O_NONBLOCK);
	for (i = 0; i < N; i++)
		buf[i] = i * 7;
	if (w < 0 || r < 0 || write_all(w, buf, N))
		die("open, write: %m");
	procs_ready();
	procs_wait_term();
	if (stat(path, &st) || !S_ISFIFO(st.st_mode))
		return fail("%s is not a FIFO", path);
	n = read(r, buf, N + 1);
	if (n != N)
		return fail("read %zd bytes of %d", n, N);
	for (i = 0; i < N; i++)
		if (buf[i] != (unsigned char)(i * 7))
			return fail("byte %d is %u", i, buf[i]);
	if (read(r, buf, 1) != -1 || errno != EAGAIN)
		return fail("more than was written, or no EAGAIN");
	return 0;
}
PROCS_TEST(fifo, fifo);
