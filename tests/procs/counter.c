// SPDX-License-Identifier: GPL-2.0-only
/*
 * counter: a CPU-bound loop, on a CPU when the kernel freezes.  Each step
 * adds to a counter, to its copy in a __thread variable and to double
 * vectors in SSE and, where the CPU has AVX, AVX (ymm) registers; every
 * 2^16 steps it write()s the counter to NAME.log.  Checks: the log is
 * 2^16, 2*2^16, ... up to the counter, the __thread copy equals it and
 * every vector lane equals counter * its increment, exactly (the sums
 * stay below 2^53).
 */

#include "procs.h"

#define STEP	(1ul << 16)

typedef double v2d __attribute__((vector_size(16)));
typedef double v4d __attribute__((vector_size(32)));

static __thread uint64_t tls_n;
static int log_fd;
static const v2d inc2 = { 2.0, 0.125 };
static const v4d inc4 = { 1.0, 0.5, 0.25, 3.0 };

static void log_n(uint64_t n)
{
	char buf[32];
	int len = snprintf(buf, sizeof(buf), "%lu\n", n);

	if (write(log_fd, buf, len) != len)
		fail("write to the log: %m");
}

static int check(uint64_t n, const double *lane2, const double *lane4, int avx)
{
	char *log = read_file(procs_path("log"), NULL), *p, *end;
	uint64_t want = STEP, got;
	int i;

	if (tls_n != n)
		return fail("__thread copy %lu, counter %lu", tls_n, n);
	for (i = 0; i < 2; i++)
		if (lane2[i] != n * inc2[i])
			return fail("SSE lane %d is %.17g, not %.17g", i, lane2[i], n * inc2[i]);
	for (i = 0; avx && i < 4; i++)
		if (lane4[i] != n * inc4[i])
			return fail("AVX lane %d is %.17g, not %.17g", i, lane4[i], n * inc4[i]);
	if (!log)
		return fail("cannot read the log: %m");
	for (p = log; *p; p = end + 1, want += STEP) {
		got = strtoul(p, &end, 10);
		if (*end != '\n' || got != want)
			return fail("log line %lu is %lu, not %lu", want / STEP, got, want);
	}
	if (want != (n / STEP + 1) * STEP)
		return fail("log ends at %lu, counter is %lu", want - STEP, n);
	printf("counter: %lu steps, %s\n", n, avx ? "AVX and SSE" : "SSE only");
	return 0;
}

/* The loop, twice: with AVX compiled in, and with SSE2 only. */
#define LOOP(AVX)							\
	do {								\
		while (!procs_term) {					\
			acc2 += inc2;					\
			if (AVX)					\
				acc4 += inc4;				\
			tls_n++;					\
			if (!(++n % STEP))				\
				log_n(n);				\
		}							\
		memcpy(lane2, &acc2, sizeof(acc2));			\
		memcpy(lane4, &acc4, sizeof(acc4));			\
	} while (0)

__attribute__((target("avx")))
static uint64_t loop_avx(double *lane2, double *lane4)
{
	v2d acc2 = { 0 };
	v4d acc4 = { 0 };
	uint64_t n = 0;

	LOOP(1);
	return n;
}

static uint64_t loop_sse(double *lane2, double *lane4)
{
	v2d acc2 = { 0 };
	v4d acc4 = { 0 };
	uint64_t n = 0;

	LOOP(0);
	return n;
}

static int counter(void)
{
	int avx = __builtin_cpu_supports("avx");
	double lane2[2], lane4[4];
	uint64_t n;

	log_fd = open(procs_path("log"), O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (log_fd < 0)
		die("open the log: %m");
	procs_ready();
	n = avx ? loop_avx(lane2, lane4) : loop_sse(lane2, lane4);
	return check(n, lane2, lane4, avx);
}
PROCS_TEST(counter, counter);
