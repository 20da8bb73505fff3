// SPDX-License-Identifier: GPL-2.0-only
/*
 * sleeper: clock_nanosleep(CLOCK_MONOTONIC, 3 s) in a loop, with a
 * SIGUSR1 handler installed (as services have), so that a sleep a broken
 * migration interrupts shows.  Checks: each sleep returns 0 after at
 * least 3 s by CLOCK_MONOTONIC; only SIGTERM's may return EINTR.
 */
#include "procs.h"

static void on_usr1(int sig)
{
}

static int sleeper(void)
{
	struct timespec req = { 3, 0 };
	uint64_t t0, dt;
	int rc, n = 0;

	on_signal(SIGUSR1, on_usr1, 0);
	procs_ready();
	/* SIGTERM may come outside the call: the flag ends the loop too. */
	while (!procs_term) {
		t0 = now_ns(CLOCK_MONOTONIC);
		rc = clock_nanosleep(CLOCK_MONOTONIC, 0, &req, NULL);
		dt = now_ns(CLOCK_MONOTONIC) - t0;
		if (rc == EINTR && procs_term)
			break;
		if (rc)
			return fail("sleep %d returned %s after %lu ms", n, strerror(rc), dt / 1000000);
		if (dt < 3000000000ull)
			return fail("sleep %d returned 0 after %lu ms", n, dt / 1000000);
		n++;
	}
	printf("sleeper: %d sleeps\n", n);
	return 0;
}
PROCS_TEST(sleeper, sleeper);
