// SPDX-License-Identifier: GPL-2.0-only
/*
 * rtsig: queued real-time signals, blocked: SIGRTMIN with values 1, 2, 3
 * and SIGRTMIN+1 with 10, 11, sent with sigqueue() in interleaved order.
 * Checks on SIGTERM: sigtimedwait() returns exactly SIGRTMIN 1, 2, 3,
 * then SIGRTMIN+1 10, 11 (lower numbers first, each in its queue's
 * order), each SI_QUEUE from this pid, and then nothing.
 */
#include "procs.h"

static int rtsig(void)
{
	static const int sig_off[] = { 0, 0, 0, 1, 1 }, val[] = { 1, 2, 3, 10, 11 };
	struct timespec zero = { 0, 0 };
	sigset_t set;
	siginfo_t si;
	int i, s;

	sigemptyset(&set);
	sigaddset(&set, SIGRTMIN);
	sigaddset(&set, SIGRTMIN + 1);
	sigprocmask(SIG_BLOCK, &set, NULL);
	sigqueue(getpid(), SIGRTMIN + 1, (union sigval){ .sival_int = 10 });
	sigqueue(getpid(), SIGRTMIN, (union sigval){ .sival_int = 1 });
	sigqueue(getpid(), SIGRTMIN, (union sigval){ .sival_int = 2 });
	sigqueue(getpid(), SIGRTMIN + 1, (union sigval){ .sival_int = 11 });
	sigqueue(getpid(), SIGRTMIN, (union sigval){ .sival_int = 3 });
	procs_ready();
	procs_wait_term();
	for (i = 0; i < 5; i++) {
		s = sigtimedwait(&set, &si, &zero);
		if (s < 0)
			return fail("signal %d of 5 is missing", i + 1);
		if (s != SIGRTMIN + sig_off[i] || si.si_value.sival_int != val[i])
			return fail("signal %d of 5: SIGRTMIN+%d value %d, not SIGRTMIN+%d value %d",
				    i + 1, s - SIGRTMIN, si.si_value.sival_int, sig_off[i], val[i]);
		if (si.si_code != SI_QUEUE || si.si_pid != getpid())
			return fail("signal %d of 5: code %d from %d", i + 1, si.si_code, si.si_pid);
	}
	s = sigtimedwait(&set, &si, &zero);
	if (s >= 0)
		return fail("one more: SIGRTMIN+%d value %d", s - SIGRTMIN, si.si_value.sival_int);
	return 0;
}
PROCS_TEST(rtsig, rtsig);
