// SPDX-License-Identifier: GPL-2.0-only
/*
 * forker: makes children one after the other, each appending its number
 * to a log and exiting, in turn by fork(), by a raw clone() that asks
 * the kernel for both tid stores (CLONE_PARENT_SETTID into the parent's
 * memory, CLONE_CHILD_SETTID into the child's), and by vfork() with a
 * child that sleeps 100 ms before it exits, so that a freeze often finds
 * the parent inside the call with its child made.  Checks on SIGTERM:
 * the log is 1..N, each number once (a fork in flight made twice writes
 * one twice), every child exited 0 (its CLONE_CHILD_SETTID store held
 * its pid), every parent store held the pid clone() returned, and no
 * child is left.
 */
#include <sys/syscall.h>
#include <linux/sched.h>
#include "procs.h"

static int log_fd;

/* Append @seq to the log: one write, O_APPEND, a line each. */
static int log_seq(long seq)
{
	char line[24];
	int n = snprintf(line, sizeof(line), "%ld\n", seq);

	return write(log_fd, line, n) == n ? 0 : -1;
}

/* 0, or what fail() returned; *@pid the child made. */
static int make_child(long seq, pid_t *pid)
{
	static volatile pid_t ptid, ctid;
	struct timespec nap_100ms = { 0, 100000000 };

	switch (seq % 3) {
	case 0:
		*pid = fork();
		if (!*pid)
			_exit(log_seq(seq) ? 2 : 0);
		break;
	case 1:
		ptid = 0;
		ctid = 0;
		*pid = syscall(SYS_clone, CLONE_PARENT_SETTID | CLONE_CHILD_SETTID | SIGCHLD,
			       NULL, &ptid, &ctid, NULL);
		if (!*pid)
			_exit(ctid != syscall(SYS_getpid) ? 3 : log_seq(seq) ? 2 : 0);
		if (*pid > 0 && ptid != *pid)
			return fail("clone() returned %d but stored %d for its parent", *pid, ptid);
		break;
	default:
		*pid = vfork();
		if (!*pid) {
			syscall(SYS_nanosleep, &nap_100ms, NULL);
			_exit(log_seq(seq) ? 2 : 0);
		}
	}
	if (*pid < 0)
		return fail("child %ld: fork: %m", seq);
	return 0;
}

static int check_log(long last)
{
	size_t len;
	char *text = read_file(procs_path("log"), &len), *p, *end;
	long want = 1, got;

	if (!text)
		return fail("log: %m");
	for (p = text; *p; p = end + 1) {
		got = strtol(p, &end, 10);
		if (*end != '\n')
			return fail("log: a broken line after %ld", want - 1);
		if (got != want)
			return fail("log: %ld where %ld was due (%s)", got, want,
				    got < want ? "a child ran twice" : "a child is missing");
		want++;
	}
	if (want - 1 != last)
		return fail("log ends at %ld, the parent made %ld children", want - 1, last);
	free(text);
	return 0;
}

static int forker(void)
{
	long seq;
	pid_t pid, got;
	int st;

	log_fd = open(procs_path("log"), O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0644);
	if (log_fd < 0)
		die("log: %m");
	for (seq = 1; !procs_term; seq++) {
		if (make_child(seq, &pid))
			return 1;
		do
			got = waitpid(pid, &st, 0);
		while (got < 0 && errno == EINTR);
		if (got != pid)
			return fail("child %ld: waitpid(%d) returned %d: %m", seq, pid, got);
		if (!WIFEXITED(st) || WEXITSTATUS(st))
			return fail("child %ld (pid %d): status %#x%s", seq, pid, st,
				    WIFEXITED(st) && WEXITSTATUS(st) == 3 ?
				    ": its CLONE_CHILD_SETTID store was not its pid" : "");
		if (seq == 10)
			procs_ready();
	}
	if (waitpid(-1, NULL, WNOHANG) != -1 || errno != ECHILD)
		return fail("a child is left");
	return check_log(seq - 1);
}
PROCS_TEST(forker, forker);
