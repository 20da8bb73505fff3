// SPDX-License-Identifier: GPL-2.0-only
/*
 * rlimits: sets unusual soft and hard limits for eight resources (none
 * above its hard limit: that needs CAP_SYS_RESOURCE).  Checks on SIGTERM:
 * getrlimit() of every resource reads back what it read after setting
 * them.
 */
#include <sys/resource.h>

#include "procs.h"

static const struct {
	int res;
	struct rlimit lim;
} set[] = {
	{ RLIMIT_NOFILE, { 777, 4096 } },
	{ RLIMIT_CORE, { 1234567, RLIM_INFINITY } },
	{ RLIMIT_CPU, { 100000, 200000 } },
	{ RLIMIT_FSIZE, { 1ul << 34, RLIM_INFINITY } },
	{ RLIMIT_MSGQUEUE, { 777777, 777777 } },
	{ RLIMIT_NICE, { 3, 5 } },
	{ RLIMIT_RTTIME, { 999999, RLIM_INFINITY } },
	{ RLIMIT_SIGPENDING, { 1000, 2000 } },
};

static int rlimits(void)
{
	struct rlimit was[RLIM_NLIMITS], now, lim;
	unsigned int i;

	for (i = 0; i < sizeof(set) / sizeof(set[0]); i++) {
		getrlimit(set[i].res, &now);
		lim.rlim_max = set[i].lim.rlim_max < now.rlim_max ? set[i].lim.rlim_max : now.rlim_max;
		lim.rlim_cur = set[i].lim.rlim_cur < lim.rlim_max ? set[i].lim.rlim_cur : lim.rlim_max;
		if (setrlimit(set[i].res, &lim))
			die("setrlimit(%d): %m", set[i].res);
	}
	for (i = 0; i < RLIM_NLIMITS; i++)
		getrlimit(i, &was[i]);
	procs_ready();
	procs_wait_term();
	for (i = 0; i < RLIM_NLIMITS; i++) {
		getrlimit(i, &now);
		if (now.rlim_cur != was[i].rlim_cur || now.rlim_max != was[i].rlim_max)
			return fail("limit %u is %lu/%lu, was %lu/%lu", i,
				    now.rlim_cur, now.rlim_max, was[i].rlim_cur, was[i].rlim_max);
	}
	return 0;
}
PROCS_TEST(rlimits, rlimits);
