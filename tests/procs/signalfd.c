// SPDX-License-Identifier: GPL-2.0-only
/*
 * signalfd: a non-blocking signalfd for SIGUSR1 and SIGUSR2 (blocked),
 * with SIGUSR1 queued (value 77) before ready.  Checks on SIGTERM: the
 * signalfd reads that SIGUSR1 with its value, then EAGAIN; a SIGUSR2
 * raised now reads back too (its mask still holds both).
 */
#include <sys/signalfd.h>

#include "procs.h"

static int signalfd_test(void)
{
	union sigval val = { .sival_int = 77 };
	struct signalfd_siginfo si;
	sigset_t set;
	int sfd;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGUSR2);
	sigprocmask(SIG_BLOCK, &set, NULL);
	sfd = signalfd(-1, &set, SFD_NONBLOCK);
	if (sfd < 0 || sigqueue(getpid(), SIGUSR1, val))
		die("signalfd: %m");
	procs_ready();
	procs_wait_term();
	if (read(sfd, &si, sizeof(si)) != sizeof(si))
		return fail("no SIGUSR1 to read: %m");
	if (si.ssi_signo != SIGUSR1 || si.ssi_int != 77)
		return fail("read signal %u value %d, not SIGUSR1 77", si.ssi_signo, si.ssi_int);
	if (read(sfd, &si, sizeof(si)) != -1 || errno != EAGAIN)
		return fail("another signal was pending: %u", si.ssi_signo);
	raise(SIGUSR2);
	if (read(sfd, &si, sizeof(si)) != sizeof(si) || si.ssi_signo != SIGUSR2)
		return fail("a new SIGUSR2 does not read back (%m)");
	return 0;
}
PROCS_TEST(signalfd, signalfd_test);
