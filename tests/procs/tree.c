// SPDX-License-Identifier: GPL-2.0-only
/*
 * tree: a small process tree with sessions and process groups.
 *   M (this program, in the launcher's session)
 *   +- A: setsid(), a session of its own
 *   |  +- A1: setpgid(0, 0), its own group in A's session
 *   +- B: setpgid(0, 0), its own group in M's session
 *   +- C: in B's group
 * Each member checks on SIGTERM that its pid, ppid, pgid and sid are as
 * set up, and exits 0 if so (A also requires A1's 0).  M checks the same
 * of itself, and getpgid()/getsid() of the others, then sends them
 * SIGTERM and requires exit status 0 from each.
 */
#include "procs.h"

struct ids {
	pid_t pid, ppid, pgid, sid;
};

static void get_ids(struct ids *x)
{
	x->pid = getpid();
	x->ppid = getppid();
	x->pgid = getpgid(0);
	x->sid = getsid(0);
}

static int same_ids(const struct ids *a)
{
	struct ids b;

	get_ids(&b);
	return !memcmp(a, &b, sizeof(b));
}

/* A member: set up, say so on SYNC, wait for SIGTERM, check. */
static void member(int sync, pid_t child)
{
	struct ids me;
	int st;

	get_ids(&me);
	if (write(sync, &me.pid, sizeof(me.pid)) != sizeof(me.pid))
		_exit(3);
	procs_wait_term();
	if (!same_ids(&me))
		_exit(1);
	if (child) {
		kill(child, SIGTERM);
		if (waitpid(child, &st, 0) != child || !WIFEXITED(st) || WEXITSTATUS(st))
			_exit(2);
	}
	_exit(0);
}

static pid_t spawn(int sync, int how, pid_t group)
{
	pid_t pid = fork(), a1;

	if (pid)
		return pid;
	if (how == 's') {		/* A, and its child A1 */
		setsid();
		a1 = fork();
		if (a1 == 0) {
			setpgid(0, 0);
			member(sync, 0);
		}
		member(sync, a1);
	}
	setpgid(0, group);		/* B (group 0: its own), C */
	member(sync, 0);
	return 0;
}

static int tree(void)
{
	int sync[2], i, st;
	struct ids me;
	pid_t a, a1 = 0, b, c, kid[3], got[4];

	if (pipe(sync))
		die("pipe: %m");
	a = spawn(sync[1], 's', 0);
	b = spawn(sync[1], 'g', 0);
	setpgid(b, b);			/* as the child does: no race */
	c = spawn(sync[1], 'g', b);
	setpgid(c, b);
	if (a < 0 || b < 0 || c < 0)
		die("fork: %m");
	for (i = 0; i < 4; i++) {	/* every member's pid: A1's is new */
		if (read(sync[0], &got[i], sizeof(got[i])) != sizeof(got[i]))
			die("the tree did not form");
		if (got[i] != a && got[i] != b && got[i] != c)
			a1 = got[i];
	}
	get_ids(&me);
	procs_ready();
	procs_wait_term();
	if (!same_ids(&me))
		fail("M: pid/ppid/pgid/sid changed");
	if (getsid(a) != a || getpgid(a) != a)
		fail("A: pgid %d sid %d, not %d", getpgid(a), getsid(a), a);
	if (getsid(a1) != a || getpgid(a1) != a1)
		fail("A1: pgid %d sid %d, not %d %d", getpgid(a1), getsid(a1), a1, a);
	if (getpgid(b) != b || getsid(b) != me.sid)
		fail("B: pgid %d sid %d, not %d %d", getpgid(b), getsid(b), b, me.sid);
	if (getpgid(c) != b || getsid(c) != me.sid)
		fail("C: pgid %d sid %d, not %d %d", getpgid(c), getsid(c), b, me.sid);
	kid[0] = a;
	kid[1] = b;
	kid[2] = c;
	for (i = 0; i < 3; i++) {
		kill(kid[i], SIGTERM);
		if (waitpid(kid[i], &st, 0) != kid[i])
			fail("waitpid(%d): %m", kid[i]);
		else if (!WIFEXITED(st) || WEXITSTATUS(st))
			fail("member %c (pid %d) ended with status %#x", 'A' + i, kid[i], st);
		if (i == 0 && st)	/* A did not reap A1: do not leave it */
			kill(a1, SIGKILL);
	}
	return 0;
}
PROCS_TEST(tree, tree);
