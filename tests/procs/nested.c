// SPDX-License-Identifier: GPL-2.0-only
/*
 * nested: a child that is the init of a pid namespace of its own
 * (unshare(CLONE_NEWPID), then fork), which a takeover does not carry:
 * that child is reported and left out, its parent goes on.  Writes the
 * child's pid to NAME.leftout for the backup's check.  Checks on SIGTERM:
 * without a takeover the child is still there and sees itself as pid 1;
 * after one it is gone, which waitpid() must then say (ECHILD).
 */
#include <sched.h>
#include "procs.h"

static int nested(void)
{
	int p[2], fd, st;
	char one = 0;
	pid_t child;

	if (pipe(p) || unshare(CLONE_NEWPID))
		die("pipe or unshare: %m");
	child = fork();
	if (child < 0)
		die("fork: %m");
	if (!child) {
		one = getpid() == 1;
		if (write(p[1], &one, 1) != 1)
			_exit(1);
		for (;;)
			pause();
	}
	if (read(p[0], &one, 1) != 1 || !one)
		die("the child is not pid 1 of its namespace");
	fd = open(procs_path("leftout"), O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || dprintf(fd, "%d\n", child) < 0 || close(fd))
		die("leftout: %m");
	procs_ready();
	procs_wait_term();
	if (kill(child, 0) == 0) {
		kill(child, SIGKILL);
		waitpid(child, &st, 0);
		return 0;
	}
	if (waitpid(child, &st, WNOHANG) != -1 || errno != ECHILD)
		return fail("child %d is neither alive nor gone for good", child);
	return 0;
}
PROCS_TEST(nested, nested);
