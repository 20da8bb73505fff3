// SPDX-License-Identifier: GPL-2.0-only
/*
 * sa_restart: blocked in read() on a pipe, with a SIGUSR1 handler
 * installed SA_RESTART | SA_SIGINFO (mask: SIGUSR2); a child sends it
 * SIGUSR1 every 20 ms and writes a byte every 300 ms.  Checks: read()
 * never fails with EINTR except for SIGTERM's (whose handler has no
 * SA_RESTART), bytes arrive in order, SIGUSR1s are handled after
 * ready too, and sigaction() reads back the handler, flags and mask.
 */
#include "procs.h"

static volatile int hits;

static void on_usr1(int sig, siginfo_t *si, void *uc)
{
	hits++;
}

static int sa_restart(void)
{
	struct sigaction sa = { .sa_sigaction = on_usr1, .sa_flags = SA_RESTART | SA_SIGINFO };
	int p[2], at_ready, st;
	unsigned char b, want = 0;
	pid_t pid, parent = getpid();
	ssize_t n;

	sigemptyset(&sa.sa_mask);
	sigaddset(&sa.sa_mask, SIGUSR2);
	if (sigaction(SIGUSR1, &sa, NULL) || pipe(p))
		die("sigaction, pipe: %m");
	pid = fork();
	if (pid == 0) {
		close(p[0]);	/* the parent gone, SIGPIPE ends this child */
		for (b = 0; !procs_term; b++) {
			for (st = 0; st < 15 && !procs_term; st++) {
				kill(parent, SIGUSR1);
				msleep(20);
			}
			if (write(p[1], &b, 1) != 1)
				break;
		}
		_exit(0);
	}
	close(p[1]);
	while (hits < 5)
		nap(10);
	at_ready = hits;
	procs_ready();
	/* SIGTERM may come outside the call: the flag ends the loop too. */
	while (!procs_term) {
		n = read(p[0], &b, 1);
		if (n < 0 && errno == EINTR && procs_term)
			break;
		if (n != 1)
			return fail("read returned %zd: %m", n);
		if (b != want++)
			return fail("byte %u where %u was due", b, want - 1);
	}
	sigaction(SIGUSR1, NULL, &sa);
	if (sa.sa_sigaction != on_usr1 || !(sa.sa_flags & SA_RESTART) ||
	    !(sa.sa_flags & SA_SIGINFO) || !sigismember(&sa.sa_mask, SIGUSR2) ||
	    sigismember(&sa.sa_mask, SIGINT))
		fail("sigaction reads back flags %#x, another handler or mask", sa.sa_flags);
	if (hits <= at_ready)
		fail("no SIGUSR1 handled after ready (%d)", hits);
	kill(pid, SIGTERM);
	waitpid(pid, &st, 0);
	return 0;
}
PROCS_TEST(sa_restart, sa_restart);
