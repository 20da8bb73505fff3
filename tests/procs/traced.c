// SPDX-License-Identifier: GPL-2.0-only
/*
 * traced: a process under ptrace (a child of its own is its tracer,
 * PTRACE_SEIZE), which a takeover must not carry: the dump cannot tell
 * what the tracer expects, so the process (and its tracer, a descendant)
 * is reported and left out while the others go on.  Writes its pid to
 * NAME.leftout for the backup's check.  Without a takeover it passes
 * when it is still traced at SIGTERM.
 */
#include <sys/ptrace.h>
#include "procs.h"

static int traced(void)
{
	pid_t me = getpid(), tracer;
	char line[256];
	FILE *f;
	int pid = 0, fd;

	tracer = fork();
	if (tracer < 0)
		die("fork: %m");
	if (!tracer) {
		int st;

		if (ptrace(PTRACE_SEIZE, me, NULL, NULL))
			_exit(1);
		/* A tracer that lets every signal through, as strace does. */
		while (waitpid(me, &st, __WALL) == me && WIFSTOPPED(st))
			ptrace(PTRACE_CONT, me, NULL,
			       (void *)(long)(st >> 16 ? 0 : WSTOPSIG(st)));
		_exit(0);
	}
	for (int i = 0; i < 200 && !pid; i++) {
		nap(10);
		f = fopen("/proc/self/status", "r");
		while (f && fgets(line, sizeof(line), f))
			sscanf(line, "TracerPid: %d", &pid);
		if (f)
			fclose(f);
	}
	/* TracerPid is in /proc's namespace, which may not be ours. */
	if (!pid)
		die("not traced by %d after 2 s", tracer);
	fd = open(procs_path("leftout"), O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || dprintf(fd, "%d\n", me) < 0 || close(fd))
		die("leftout: %m");
	procs_ready();
	procs_wait_term();
	kill(tracer, SIGKILL);
	waitpid(tracer, NULL, 0);
	return 0;
}
PROCS_TEST(traced, traced);
