// SPDX-License-Identifier: GPL-2.0-only
/*
 * cloexec: descriptors with and without FD_CLOEXEC: 10 (/dev/null,
 * O_CLOEXEC), 11 (/dev/null), 12 (a pipe, FD_CLOEXEC by fcntl), 13 (dup
 * of 10: no FD_CLOEXEC).  Checks on SIGTERM: F_GETFD reads back the same
 * flags, and a program exec'd from a fork sees 11 and 13 open and 10
 * and 12 closed.
 */
#include "procs.h"

static const int fds[] = { 10, 11, 12, 13 }, want[] = { 1, 0, 1, 0 };

static int cloexec(void)
{
	int p[2], i, st;
	pid_t pid;

	if (dup2(open("/dev/null", O_RDONLY | O_CLOEXEC), 10) != 10 ||
	    dup2(open("/dev/null", O_RDONLY), 11) != 11 || pipe(p) ||
	    dup2(p[0], 12) != 12 || fcntl(12, F_SETFD, FD_CLOEXEC) ||
	    dup2(10, 13) != 13)
		die("set up the descriptors: %m");
	/* dup2 clears FD_CLOEXEC: set 10's again. */
	fcntl(10, F_SETFD, FD_CLOEXEC);
	for (i = 0; i < 4; i++)
		if (fcntl(fds[i], F_GETFD) != want[i])
			die("fd %d: flags %d, not %d", fds[i], fcntl(fds[i], F_GETFD), want[i]);
	procs_ready();
	procs_wait_term();
	for (i = 0; i < 4; i++)
		if (fcntl(fds[i], F_GETFD) != want[i])
			return fail("fd %d: flags %d, not %d", fds[i], fcntl(fds[i], F_GETFD), want[i]);
	pid = fork();
	if (pid == 0) {
		/* The shell's test is a builtin: /proc/self is the shell. */
		execl("/bin/sh", "sh", "-c", "[ -e /proc/self/fd/11 ] && [ -e /proc/self/fd/13 ] "
		      "&& ! [ -e /proc/self/fd/10 ] && ! [ -e /proc/self/fd/12 ]", NULL);
		_exit(127);
	}
	if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st))
		return fail("after exec the descriptors are not as flagged (status %#x)", st);
	return 0;
}
PROCS_TEST(cloexec, cloexec);
