// SPDX-License-Identifier: GPL-2.0-only
/*
 * timerfd: a CLOCK_MONOTONIC timerfd firing every 100 ms, read in a
 * loop (blocking).  Checks: each read returns at least one expiration
 * and, added up, no more than the time since it was armed allows (+1);
 * on SIGTERM, timerfd_gettime() still reads a 100 ms interval and the
 * timer still fires within a second.
 */
#include <poll.h>
#include <sys/timerfd.h>

#include "procs.h"

#define MS	100

static void on_usr1(int sig)
{
}

static int timerfd_test(void)
{
	struct itimerspec its = { { 0, MS * 1000000 }, { 0, MS * 1000000 } };
	uint64_t t0, n, total = 0, allowed;
	int tfd = timerfd_create(CLOCK_MONOTONIC, 0);
	struct pollfd pfd = { .fd = tfd, .events = POLLIN };
	ssize_t r;

	on_signal(SIGUSR1, on_usr1, 0);	/* as services have: EINTR shows */
	if (tfd < 0 || timerfd_settime(tfd, 0, &its, NULL))
		die("timerfd: %m");
	t0 = now_ns(CLOCK_MONOTONIC);
	procs_ready();
	/* SIGTERM may come outside the call: the flag ends the loop too. */
	while (!procs_term) {
		r = read(tfd, &n, 8);
		if (r < 0 && errno == EINTR && procs_term)
			break;
		if (r != 8 || n == 0)
			return fail("read returned %zd (%m)", r);
		total += n;
		allowed = (now_ns(CLOCK_MONOTONIC) - t0) / (MS * 1000000) + 1;
		if (total > allowed)
			return fail("%lu expirations, %lu allowed", total, allowed);
	}
	if (timerfd_gettime(tfd, &its) || its.it_interval.tv_sec ||
	    its.it_interval.tv_nsec != MS * 1000000)
		return fail("the interval reads %ld.%09ld s", its.it_interval.tv_sec,
			    its.it_interval.tv_nsec);
	if (poll(&pfd, 1, 1000) != 1 || read(tfd, &n, 8) != 8 || !n)
		return fail("the timer does not fire any more");
	return 0;
}
PROCS_TEST(timerfd, timerfd_test);
