// SPDX-License-Identifier: GPL-2.0-only
/*
 * futex: two threads in FUTEX_WAIT: one with no timeout on a word only
 * SIGTERM's handling sets, one with a 200 ms timeout on a word nobody
 * sets (in a loop).  Both block every signal.  Checks: the timed waits
 * end with ETIMEDOUT after at least 200 ms, never early or with EINTR;
 * after SIGTERM the main thread sets the word and FUTEX_WAKEs it, and
 * the untimed waiter returns (with no error on the way).
 */
#include <linux/futex.h>
#include <pthread.h>
#include <sys/syscall.h>

#include "procs.h"

static uint32_t word, never;
static volatile int stop, timed_waits;

static long futex(uint32_t *w, int op, uint32_t val, struct timespec *ts)
{
	return syscall(SYS_futex, w, op | FUTEX_PRIVATE_FLAG, val, ts, NULL, 0);
}

static void *untimed(void *arg)
{
	while (!__atomic_load_n(&word, __ATOMIC_ACQUIRE))
		if (futex(&word, FUTEX_WAIT, 0, NULL) && errno != EAGAIN)
			fail("untimed FUTEX_WAIT: %m");
	return NULL;
}

static void *timed(void *arg)
{
	struct timespec ts;
	uint64_t t0, dt;

	while (!stop) {
		ts.tv_sec = 0;
		ts.tv_nsec = 200000000;
		t0 = now_ns(CLOCK_MONOTONIC);
		if (!futex(&never, FUTEX_WAIT, 0, &ts) || errno != ETIMEDOUT)
			fail("timed FUTEX_WAIT returned without ETIMEDOUT: %m");
		dt = now_ns(CLOCK_MONOTONIC) - t0;
		if (dt < 200000000)
			fail("timed FUTEX_WAIT timed out after %lu us", dt / 1000);
		timed_waits++;
	}
	return NULL;
}

static int futex_test(void)
{
	pthread_t a, b;
	sigset_t all, old;
	int before;

	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	if (pthread_create(&a, NULL, untimed, NULL) || pthread_create(&b, NULL, timed, NULL))
		die("pthread_create");
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	while (timed_waits < 2)
		nap(50);
	procs_ready();
	procs_wait_term();
	before = timed_waits;
	nap(1000);
	if (timed_waits <= before)
		fail("the timed waiter is stuck");
	__atomic_store_n(&word, 1, __ATOMIC_RELEASE);
	futex(&word, FUTEX_WAKE, 1, NULL);
	stop = 1;
	if (pthread_join(a, NULL) || pthread_join(b, NULL))
		return fail("pthread_join");
	return 0;
}
PROCS_TEST(futex, futex_test);
