// SPDX-License-Identifier: GPL-2.0-only
/*
 * stopped: a child that counts in shared memory every 10 ms, stopped
 * with SIGSTOP before ready.  Checks on SIGTERM: its count does not move
 * in 300 ms (still stopped); after SIGCONT, waitpid(WCONTINUED) reports
 * it continued and the count moves again; it then ends with status 0.
 */
#include <sys/mman.h>

#include "procs.h"

static volatile uint64_t *count;

static int moves(int ms)
{
	uint64_t c = *count;
	int i;

	for (i = 0; i < ms / 10; i++) {
		nap(10);
		if (*count != c)
			return 1;
	}
	return 0;
}

static int stopped(void)
{
	pid_t pid, got;
	int st = 0, i;

	count = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (count == MAP_FAILED)
		die("mmap: %m");
	pid = fork();
	if (pid == 0) {
		while (!msleep(10))
			(*count)++;
		_exit(0);
	}
	if (pid < 0 || !moves(5000))
		die("the child does not count");
	kill(pid, SIGSTOP);
	if (waitpid(pid, &st, WUNTRACED) != pid || !WIFSTOPPED(st))
		die("the child did not stop: %#x", st);
	procs_ready();
	procs_wait_term();
	if (moves(300))
		fail("the child runs: it is not stopped any more");
	kill(pid, SIGCONT);
	for (i = 0; i < 500; i++) {
		got = waitpid(pid, &st, WCONTINUED | WNOHANG);
		if (got)
			break;
		nap(10);
	}
	if (got != pid || !WIFCONTINUED(st))
		fail("waitpid(WCONTINUED) returned %d, status %#x", got, st);
	if (!moves(5000))
		fail("SIGCONT did not resume the child");
	kill(pid, SIGTERM);
	if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st))
		return fail("the child ended with status %#x", st);
	return 0;
}
PROCS_TEST(stopped, stopped);
