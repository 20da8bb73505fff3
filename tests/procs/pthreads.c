// SPDX-License-Identifier: GPL-2.0-only
/*
 * pthreads: 4 threads pass a turn round a ring under one mutex and a
 * condition variable, each sleeping 1 ms (nanosleep) between its turns.
 * Each checks at every turn that gettid() is the tid it started with and
 * that its sleep returned 0.  On SIGTERM: every thread's counter still
 * advances, the counters add up to the shared total, and pthread_join()
 * of each returns its own value (the kernel clears the tid at exit).
 */
#include <pthread.h>

#include "procs.h"

#define N	4

static struct worker {
	pthread_t thread;
	pid_t tid;
	uint64_t count;
} w[N];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static int turn, stop;
static uint64_t total;

static void *worker(void *arg)
{
	struct worker *me = arg;
	int idx = me - w;
	struct timespec ms = { 0, 1000000 };

	me->tid = gettid();
	pthread_mutex_lock(&lock);
	for (;;) {
		while (turn != idx && !stop)
			pthread_cond_wait(&cond, &lock);
		if (stop)
			break;
		if (gettid() != me->tid)
			fail("thread %d: tid %d, was %d", idx, gettid(), me->tid);
		me->count++;
		total++;
		turn = (turn + 1) % N;
		pthread_cond_broadcast(&cond);
		pthread_mutex_unlock(&lock);
		if (nanosleep(&ms, NULL))
			fail("thread %d: nanosleep: %m", idx);
		pthread_mutex_lock(&lock);
	}
	pthread_mutex_unlock(&lock);
	return me;
}

static uint64_t count_of(int i)
{
	uint64_t c;

	pthread_mutex_lock(&lock);
	c = w[i].count;
	pthread_mutex_unlock(&lock);
	return c;
}

static int pthreads(void)
{
	uint64_t before[N], sum = 0;
	sigset_t term, old;
	void *ret;
	int i, j;

	/* SIGTERM goes to the main thread: the workers block it. */
	sigemptyset(&term);
	sigaddset(&term, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &term, &old);
	for (i = 0; i < N; i++)
		if (pthread_create(&w[i].thread, NULL, worker, &w[i]))
			die("pthread_create");
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	for (j = 0; j < 1000 && count_of(N - 1) < 2; j++)
		msleep(10);
	if (count_of(N - 1) < 2)
		die("the ring does not turn");
	procs_ready();
	procs_wait_term();
	for (i = 0; i < N; i++)
		before[i] = count_of(i);
	nap(1000);	/* TCG under load: many turns still */
	for (i = 0; i < N; i++)
		if (count_of(i) <= before[i])
			fail("thread %d stuck at %lu", i, before[i]);
	pthread_mutex_lock(&lock);
	stop = 1;
	pthread_cond_broadcast(&cond);
	pthread_mutex_unlock(&lock);
	for (i = 0; i < N; i++) {
		if (pthread_join(w[i].thread, &ret) || ret != &w[i])
			return fail("pthread_join of thread %d", i);
		sum += w[i].count;
	}
	if (gettid() != getpid())
		return fail("main thread tid %d, pid %d", gettid(), getpid());
	if (sum != total)
		return fail("counters add up to %lu, total %lu", sum, total);
	printf("pthreads: %lu turns\n", total);
	return 0;
}
PROCS_TEST(pthreads, pthreads);
