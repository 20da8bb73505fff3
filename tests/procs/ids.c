// SPDX-License-Identifier: GPL-2.0-only
/*
 * ids: the process's identity, read every 10 ms and after SIGTERM.
 * Checks: getpid, gettid, getppid, getpgid, getsid, and the user and
 * group ids (real, effective, saved) and supplementary groups are as at
 * the start.
 */
#include <grp.h>

#include "procs.h"

struct ids {
	pid_t pid, tid, ppid, pgid, sid;
	uid_t uid[3];
	gid_t gid[3];
	int ngroups;
	gid_t groups[32];
};

static void get_ids(struct ids *x)
{
	memset(x, 0, sizeof(*x));
	x->pid = getpid();
	x->tid = gettid();
	x->ppid = getppid();
	x->pgid = getpgid(0);
	x->sid = getsid(0);
	getresuid(&x->uid[0], &x->uid[1], &x->uid[2]);
	getresgid(&x->gid[0], &x->gid[1], &x->gid[2]);
	x->ngroups = getgroups(32, x->groups);
}

static int compare(const struct ids *a)
{
	struct ids b;

	get_ids(&b);
	if (a->pid != b.pid || a->tid != b.tid || a->ppid != b.ppid ||
	    a->pgid != b.pgid || a->sid != b.sid)
		return fail("pid/tid/ppid/pgid/sid %d/%d/%d/%d/%d, were %d/%d/%d/%d/%d",
			    b.pid, b.tid, b.ppid, b.pgid, b.sid,
			    a->pid, a->tid, a->ppid, a->pgid, a->sid);
	if (memcmp(a, &b, sizeof(b)))
		return fail("user, group or supplementary ids changed (uid %d gid %d)",
			    b.uid[0], b.gid[0]);
	return 0;
}

static int ids(void)
{
	struct ids start;

	get_ids(&start);
	procs_ready();
	while (!msleep(10))
		if (compare(&start))
			return 1;
	return compare(&start);
}
PROCS_TEST(ids, ids);
