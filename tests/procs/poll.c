// SPDX-License-Identifier: GPL-2.0-only
/*
 * poll: poll() with a 10 s timeout on a pipe into which a child writes a
 * numbered byte every 300 ms, then read().  Checks: each poll returns 1
 * with POLLIN (a timeout would mean a lost wake-up), never EINTR but for
 * SIGTERM's, and the bytes come in order.
 */
#include <poll.h>

#include "procs.h"

static void on_usr1(int sig)
{
}

static int poll_test(void)
{
	struct pollfd pfd = { .events = POLLIN };
	int p[2], n, st, got = 0;
	unsigned char b, want = 0;
	pid_t pid;

	on_signal(SIGUSR1, on_usr1, 0);	/* as services have: EINTR shows */
	if (pipe(p))
		die("pipe: %m");
	pid = fork();
	if (pid == 0) {
		close(p[0]);	/* the parent gone, SIGPIPE ends this child */
		for (b = 0; !msleep(300); b++)
			if (write(p[1], &b, 1) != 1)
				break;
		_exit(0);
	}
	close(p[1]);
	pfd.fd = p[0];
	procs_ready();
	/* SIGTERM may come outside the call: the flag ends the loop too. */
	while (!procs_term) {
		n = poll(&pfd, 1, 10000);
		if (n < 0 && errno == EINTR && procs_term)
			break;
		if (n != 1 || pfd.revents != POLLIN)
			return fail("poll returned %d, revents %#x (%m)", n, pfd.revents);
		if (read(p[0], &b, 1) != 1)
			return fail("read: %m");
		if (b != want++)
			return fail("byte %u where %u was due", b, want - 1);
		got++;
	}
	if (!got)
		return fail("no byte arrived");
	kill(pid, SIGTERM);
	waitpid(pid, &st, 0);
	return 0;
}
PROCS_TEST(poll, poll_test);
