// SPDX-License-Identifier: GPL-2.0-only
/*
 * orthros-pidns-run: start programs under a minimal init that is pid 1 of
 * a new pid namespace and the leader of its own session.
 *
 *   orthros-pidns-run DIR PROG [ARG...] [-- PROG [ARG...]]...
 *
 * Prints the init's pid (in the caller's namespace: the one to write to
 * /sys/kernel/orthros/migrate_pidns) once every PROG has been started,
 * writes it to DIR/init.pid too, and returns; the init stays.  The init
 * and the programs start with stdin on /dev/null, stdout and stderr
 * appended to DIR/pidns.log and no other descriptor: nothing in the tree
 * refers to anything outside it but files.  The init then only reaps:
 * wait() in a loop, a line in the log for each child that ends, and it
 * exits (ending the namespace) when none is left.  So it can be migrated
 * like any other process: its state is its memory, that log and a wait.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_PROGS	128

static struct {
	pid_t pid;
	const char *name;
} prog[MAX_PROGS];
static int nprog;

/* Descriptors 0, 1, 2 as the tree has them, and only KEEP besides. */
static int set_stdio(const char *dir, int keep)
{
	char log[4096];
	int null, out;

	snprintf(log, sizeof(log), "%s/pidns.log", dir);
	null = open("/dev/null", O_RDONLY);
	out = open(log, O_WRONLY | O_CREAT | O_APPEND, 0644);
	if (null < 0 || out < 0 || dup2(null, 0) < 0 || dup2(out, 1) < 0 || dup2(out, 2) < 0)
		return -1;
	close_range(3, keep - 1, 0);
	close_range(keep + 1, ~0U, 0);
	return 0;
}

static const char *name_of(pid_t pid)
{
	int i;

	for (i = 0; i < nprog; i++)
		if (prog[i].pid == pid)
			return prog[i].name;
	return "(adopted)";
}

/* Pid 1: start each PROG, report on SYNC, then reap until none is left. */
static int init(char **argv, int sync)
{
	char **p = argv, **next;
	sigset_t none;
	pid_t pid;
	int st;

	setsid();
	sigemptyset(&none);
	while (*p && nprog < MAX_PROGS) {
		for (next = p; *next && strcmp(*next, "--"); next++)
			;
		if (*next)
			*next++ = NULL;
		pid = fork();
		if (pid == 0) {
			close(sync);
			sigprocmask(SIG_SETMASK, &none, NULL);
			execv(p[0], p);
			dprintf(1, "init: cannot run %s: %m\n", p[0]);
			_exit(127);
		}
		dprintf(1, "init: started %s as %d\n", p[0], pid);
		prog[nprog].pid = pid;
		prog[nprog++].name = p[0];
		p = next;
	}
	if (write(sync, &nprog, sizeof(nprog)) != sizeof(nprog))
		return 1;
	close(sync);
	for (;;) {
		pid = wait(&st);
		if (pid < 0 && errno == EINTR)
			continue;
		if (pid < 0)
			break;
		/* One write each: the log is shared, O_APPEND. */
		dprintf(1, "init: %s (%d) ended, status %#x\n", name_of(pid), pid, st);
	}
	dprintf(1, "init: no child left\n");
	return 0;
}

int main(int argc, char **argv)
{
	char path[4096];
	int sync[2], n = 0;
	pid_t pid;
	FILE *f;

	if (argc < 3) {
		fprintf(stderr, "usage: orthros-pidns-run DIR PROG [ARG...] [-- PROG [ARG...]]...\n");
		return 2;
	}
	if (pipe2(sync, O_CLOEXEC) || unshare(CLONE_NEWPID)) {
		perror("orthros-pidns-run: unshare(CLONE_NEWPID)");
		return 1;
	}
	/* After unshare(), the next child is pid 1 of the new namespace. */
	pid = fork();
	if (pid < 0) {
		perror("orthros-pidns-run: fork");
		return 1;
	}
	if (pid == 0) {
		close(sync[0]);
		/* The sync pipe keeps its number past set_stdio(). */
		if (dup2(sync[1], 100) < 0 || set_stdio(argv[1], 100) ||
		    fcntl(100, F_SETFD, FD_CLOEXEC) < 0)
			_exit(126);
		_exit(init(argv + 2, 100));
	}
	close(sync[1]);
	if (read(sync[0], &n, sizeof(n)) != sizeof(n)) {
		fprintf(stderr, "orthros-pidns-run: the init did not start (see %s/pidns.log)\n",
			argv[1]);
		return 1;
	}
	snprintf(path, sizeof(path), "%s/init.pid", argv[1]);
	f = fopen(path, "w");
	if (!f || fprintf(f, "%d\n", pid) < 0 || fclose(f)) {
		perror(path);
		return 1;
	}
	printf("%d\n", pid);
	return 0;
}
