// SPDX-License-Identifier: GPL-2.0-only
/*
 * many [N]: N children (default 20), each in a loop of 10 ms sleeps that
 * counts in its own memory.  Checks on SIGTERM: every child is still
 * there, the same pid, still our child; each then reports through its
 * exit status that its counter moved (it ran in this kernel too).  For
 * the benchmark of many small processes (make bench: N 100).
 */
#include "procs.h"

#define MAX_CHILDREN	1000

static volatile sig_atomic_t stop;

static void on_term(int sig)
{
	stop = 1;
}

/* A child: count until SIGTERM; exit 0 if the count moved since @at. */
static void child(void)
{
	unsigned long count = 0, at = 0;
	sigset_t term;

	sigemptyset(&term);
	sigaddset(&term, SIGTERM);
	signal(SIGTERM, on_term);
	sigprocmask(SIG_UNBLOCK, &term, NULL);
	while (!stop) {
		if (!msleep(10))
			count++;
		if (count == 50)
			at = count;	/* set up: from here it must go on */
	}
	_exit(count > at + 1 ? 0 : 1);
}

static int many(void)
{
	static pid_t pids[MAX_CHILDREN];
	long n = procs_arg(0, 20), i;
	int st, bad = 0;

	if (n < 1 || n > MAX_CHILDREN)
		die("between 1 and %d children, not %ld", MAX_CHILDREN, n);
	for (i = 0; i < n; i++) {
		pids[i] = fork();
		if (pids[i] < 0)
			die("fork: %m");
		if (!pids[i])
			child();
	}
	procs_ready();
	procs_wait_term();
	for (i = 0; i < n; i++)
		if (kill(pids[i], 0))
			bad = fail("child %ld (pid %d) is gone", i, pids[i]);
	for (i = 0; i < n; i++)
		kill(pids[i], SIGTERM);
	for (i = 0; i < n; i++) {
		if (waitpid(pids[i], &st, 0) != pids[i])
			bad = fail("child %ld (pid %d) is not our child any more", i, pids[i]);
		else if (!WIFEXITED(st) || WEXITSTATUS(st))
			bad = fail("child %ld (pid %d) ended with status %#x", i, pids[i], st);
	}
	if (!bad)
		printf("many: %ld children\n", n);
	return bad;
}
PROCS_TEST(many, many);
