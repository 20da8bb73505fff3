// SPDX-License-Identifier: GPL-2.0-only
/*
 * sigpending: SIGUSR1 raised for the thread and SIGUSR2 sent to the
 * process, both blocked (SIGRTMIN+2 blocked too, never sent).  Checks on
 * SIGTERM: the blocked mask is as set, both are pending and SIGRTMIN+2
 * is not; unblocked, each handler runs exactly once.
 */
#include "procs.h"

static volatile int hits[2];

static void on_usr(int sig)
{
	hits[sig == SIGUSR2]++;
}

static int sigpending_test(void)
{
	sigset_t block, now, pend;
	int s;

	on_signal(SIGUSR1, on_usr, 0);
	on_signal(SIGUSR2, on_usr, 0);
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	sigaddset(&block, SIGUSR2);
	sigaddset(&block, SIGRTMIN + 2);
	sigprocmask(SIG_BLOCK, &block, NULL);
	sigprocmask(SIG_BLOCK, NULL, &block);	/* the whole mask */
	raise(SIGUSR1);
	kill(getpid(), SIGUSR2);
	procs_ready();
	procs_wait_term();
	sigprocmask(SIG_BLOCK, NULL, &now);
	/* Signal by signal: glibc's sigset_t is larger than the kernel's. */
	for (s = 1; s < NSIG; s++)
		if (sigismember(&now, s) != sigismember(&block, s))
			return fail("signal %d is %sblocked now", s, sigismember(&now, s) ? "" : "not ");
	sigpending(&pend);
	if (!sigismember(&pend, SIGUSR1) || !sigismember(&pend, SIGUSR2))
		return fail("pending: SIGUSR1 %d, SIGUSR2 %d",
			    sigismember(&pend, SIGUSR1), sigismember(&pend, SIGUSR2));
	if (sigismember(&pend, SIGRTMIN + 2))
		return fail("SIGRTMIN+2 pending, never sent");
	if (hits[0] || hits[1])
		return fail("a handler ran while blocked");
	sigprocmask(SIG_UNBLOCK, &block, NULL);
	if (hits[0] != 1 || hits[1] != 1)
		return fail("handlers ran %d and %d times, not once", hits[0], hits[1]);
	return 0;
}
PROCS_TEST(sigpending, sigpending_test);
