// SPDX-License-Identifier: GPL-2.0-only
/*
 * clocks: reads six clocks (through the vDSO) every millisecond.  Checks:
 * none ever reads less than it did before: MONOTONIC, MONOTONIC_RAW,
 * MONOTONIC_COARSE, BOOTTIME, REALTIME, REALTIME_COARSE.
 */
#include "procs.h"

static const struct {
	clockid_t id;
	const char *name;
} clk[] = {
	{ CLOCK_MONOTONIC, "MONOTONIC" },
	{ CLOCK_MONOTONIC_RAW, "MONOTONIC_RAW" },
	{ CLOCK_MONOTONIC_COARSE, "MONOTONIC_COARSE" },
	{ CLOCK_BOOTTIME, "BOOTTIME" },
	{ CLOCK_REALTIME, "REALTIME" },
	{ CLOCK_REALTIME_COARSE, "REALTIME_COARSE" },
};
#define NCLK	(sizeof(clk) / sizeof(clk[0]))

static int clocks(void)
{
	uint64_t last[NCLK], t;
	unsigned int i;
	long n = 0;

	for (i = 0; i < NCLK; i++)
		last[i] = now_ns(clk[i].id);
	procs_ready();
	do {
		for (i = 0; i < NCLK; i++) {
			t = now_ns(clk[i].id);
			if (t < last[i])
				return fail("CLOCK_%s went back %lu ns", clk[i].name, last[i] - t);
			last[i] = t;
		}
		n++;
	} while (!msleep(1));
	printf("clocks: %ld readings\n", n);
	return 0;
}
PROCS_TEST(clocks, clocks);
