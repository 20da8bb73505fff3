// SPDX-License-Identifier: GPL-2.0-only
/*
 * fdshare: one open file shared three ways: fd A, its dup B, and A in a
 * forked child.  Records of 16 bytes ("%015u\n", 0, 1, 2...) are written
 * through A, B and the child in turn; every write moves the one offset.
 * Checks on SIGTERM: A's and B's offsets are where the records end; the
 * child's next record, then one through B, move them on (the offset is
 * still shared both ways); the file holds records 0..5 in order.
 */
#include "procs.h"

#define REC	16

static int rec_write(int fd, uint32_t seq)
{
	char buf[REC + 1];

	snprintf(buf, sizeof(buf), "%015u\n", seq);
	return write_all(fd, buf, REC);
}

/* The child writes record SEQ when asked, and answers its offset. */
static void child(int fd, int cmd, int ack)
{
	uint32_t seq;
	off_t off;

	on_signal(SIGTERM, SIG_IGN, 0);
	while (read(cmd, &seq, sizeof(seq)) == sizeof(seq)) {
		if (rec_write(fd, seq))
			_exit(2);
		off = lseek(fd, 0, SEEK_CUR);
		if (write(ack, &off, sizeof(off)) != sizeof(off))
			_exit(3);
	}
	_exit(0);
}

static int ask(int cmd, int ack, uint32_t seq, off_t *off)
{
	return write(cmd, &seq, sizeof(seq)) != sizeof(seq) ||
	       read(ack, off, sizeof(*off)) != sizeof(*off);
}

static int fdshare(void)
{
	char *path = procs_path("dat"), *buf, want[REC + 1];
	int a, b, c[2], k[2], st;
	off_t off;
	size_t len;
	pid_t pid;
	uint32_t i;

	a = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	b = dup(a);
	if (a < 0 || b < 0 || pipe(c) || pipe(k))
		die("open, dup, pipe: %m");
	pid = fork();
	if (pid == 0) {
		close(c[1]);
		close(k[0]);
		child(a, c[0], k[1]);
	}
	close(c[0]);
	close(k[1]);
	if (rec_write(a, 0) || rec_write(b, 1) || ask(c[1], k[0], 2, &off) ||
	    off != 3 * REC || rec_write(a, 3))
		die("the first records");
	procs_ready();
	procs_wait_term();
	if (lseek(a, 0, SEEK_CUR) != 4 * REC || lseek(b, 0, SEEK_CUR) != 4 * REC)
		return fail("offsets A %ld B %ld, not %d", lseek(a, 0, SEEK_CUR),
			    lseek(b, 0, SEEK_CUR), 4 * REC);
	if (ask(c[1], k[0], 4, &off) || off != 5 * REC)
		return fail("the child's record ended at %ld, not %d", off, 5 * REC);
	if (lseek(a, 0, SEEK_CUR) != 5 * REC)
		return fail("the child's write left A at %ld: not shared", lseek(a, 0, SEEK_CUR));
	if (rec_write(b, 5) || lseek(a, 0, SEEK_CUR) != 6 * REC)
		return fail("B's write left A at %ld", lseek(a, 0, SEEK_CUR));
	close(c[1]);
	if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st))
		return fail("the child ended with status %#x", st);
	buf = read_file(path, &len);
	if (!buf || len != 6 * REC)
		return fail("the file has %zu bytes, not %d", buf ? len : 0, 6 * REC);
	for (i = 0; i < 6; i++) {
		snprintf(want, sizeof(want), "%015u\n", i);
		if (memcmp(buf + i * REC, want, REC))
			return fail("record %u is '%.15s'", i, buf + i * REC);
	}
	return 0;
}
PROCS_TEST(fdshare, fdshare);
