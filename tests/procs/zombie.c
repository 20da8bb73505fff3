// SPDX-License-Identifier: GPL-2.0-only
/*
 * zombie: two children that end at once, left unreaped: one exits 42,
 * one dies of SIGUSR2.  Checks on SIGTERM: waitpid(WNOHANG) reaps each
 * at once, with the pid fork() returned and its status, and then no
 * child is left (ECHILD).
 */
#include "procs.h"

static int reap(pid_t pid, int code, int sig)
{
	int st;
	pid_t got = waitpid(pid, &st, WNOHANG);

	if (got != pid)
		return fail("waitpid(%d) returned %d (%m): not a zombie", pid, got);
	if (code >= 0 && (!WIFEXITED(st) || WEXITSTATUS(st) != code))
		return fail("child %d: status %#x, not exit %d", pid, st, code);
	if (sig && (!WIFSIGNALED(st) || WTERMSIG(st) != sig))
		return fail("child %d: status %#x, not signal %d", pid, st, sig);
	return 0;
}

static int zombie(void)
{
	siginfo_t si;
	pid_t z1, z2;

	z1 = fork();
	if (z1 == 0)
		_exit(42);
	z2 = fork();
	if (z2 == 0) {
		signal(SIGUSR2, SIG_DFL);
		raise(SIGUSR2);
		_exit(1);
	}
	if (z1 < 0 || z2 < 0)
		die("fork: %m");
	/* Wait until both are zombies, reaping neither. */
	if (waitid(P_PID, z1, &si, WEXITED | WNOWAIT) ||
	    waitid(P_PID, z2, &si, WEXITED | WNOWAIT))
		die("waitid: %m");
	procs_ready();
	procs_wait_term();
	if (reap(z1, 42, 0) || reap(z2, -1, SIGUSR2))
		return 1;
	if (waitpid(-1, NULL, WNOHANG) != -1 || errno != ECHILD)
		return fail("a child is left after the two zombies");
	return 0;
}
PROCS_TEST(zombie, zombie);
