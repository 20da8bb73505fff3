// SPDX-License-Identifier: GPL-2.0-only
/*
 * pipe_small, pipe_big: producer | consumer, the pipe full at the freeze.
 * The child writes 32-bit numbers 0, 1, 2... in writes of 4 bytes
 * (pipe_small) or 64 KiB (pipe_big); the parent reads slowly, so the pipe
 * is full most of the time (and is, when it says ready).  On SIGTERM the
 * parent stops the producer, which closes the pipe and sends how many
 * numbers it wrote over a second pipe.  Checks: the consumer read every
 * number in order, as many as were written, and the producer exited 0.
 */
#include <sys/ioctl.h>

#include "procs.h"

#define BUF	65536

static void producer(int out, int status, size_t chunk)
{
	uint32_t *buf = malloc(chunk), seq = 0;
	size_t i;

	/* SIGTERM restarts writes: the loop ends between whole chunks. */
	while (!procs_term) {
		for (i = 0; i < chunk / 4; i++)
			buf[i] = seq++;
		if (write_all(out, buf, chunk))
			_exit(2);
	}
	close(out);
	_exit(write(status, &seq, sizeof(seq)) == sizeof(seq) ? 0 : 3);
}

static void on_term_restart(int sig)
{
	procs_term = 1;
}

static int pipe_test(size_t chunk)
{
	int d[2], st[2], avail = 0, i, wst;
	unsigned char *buf = malloc(BUF + 4);
	uint32_t want = 0, word, written = 0;
	size_t have = 0, j;
	ssize_t n;
	pid_t pid;

	if (pipe(d) || pipe(st))
		die("pipe: %m");
	pid = fork();
	if (pid < 0)
		die("fork: %m");
	if (pid == 0) {
		close(d[0]);
		close(st[0]);
		on_signal(SIGTERM, on_term_restart, SA_RESTART);
		producer(d[1], st[1], chunk);
	}
	close(d[1]);
	close(st[1]);
	for (i = 0; i < 500 && avail < 60000; i++) {
		msleep(10);
		ioctl(d[0], FIONREAD, &avail);
	}
	if (avail < 60000)
		die("the pipe does not fill: %d bytes", avail);
	procs_ready();
	for (;;) {
		/* Slowly until SIGTERM, then as fast as it goes, to EOF. */
		n = read(d[0], buf + have, procs_term ? BUF : 1024);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return fail("read: %m");
		if (n == 0)
			break;
		have += n;
		for (j = 0; j + 4 <= have; j += 4, want++) {
			memcpy(&word, buf + j, 4);
			if (word != want)
				return fail("read %u where %u was due", word, want);
		}
		memmove(buf, buf + j, have - j);
		have -= j;
		if (!procs_term)
			msleep(5);
		if (procs_term == 1) {
			procs_term = 2;
			kill(pid, SIGTERM);
		}
	}
	if (have)
		return fail("%zu bytes left over at EOF", have);
	if (read(st[0], &written, sizeof(written)) != sizeof(written))
		return fail("no count from the producer");
	if (written != want)
		return fail("the producer wrote %u numbers, %u arrived", written, want);
	if (waitpid(pid, &wst, 0) != pid || !WIFEXITED(wst) || WEXITSTATUS(wst))
		return fail("producer ended with status %#x", wst);
	printf("%s: %u numbers\n", procs_name, want);
	return 0;
}

static int pipe_small(void)
{
	return pipe_test(4);
}
PROCS_TEST(pipe_small, pipe_small);

static int pipe_big(void)
{
	return pipe_test(65536);
}
PROCS_TEST(pipe_big, pipe_big);
