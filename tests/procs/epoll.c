// SPDX-License-Identifier: GPL-2.0-only
/*
 * epoll: an epoll instance watching two pipes (EPOLLIN, cookies 0xfeed1
 * and 0xfeed2); a child writes a numbered byte into the first every
 * 300 ms, nothing ever comes on the second.  epoll_wait() with a 10 s
 * timeout, then read().  Checks: each wait returns the first pipe's
 * event with its cookie (a timeout means a lost registration or
 * wake-up), never EINTR but for SIGTERM's, the bytes come in order; the
 * second pipe is still registered (EPOLL_CTL_MOD succeeds).
 */
#include <sys/epoll.h>

#include "procs.h"

static void on_usr1(int sig)
{
}

static int epoll_test(void)
{
	struct epoll_event ev = { .events = EPOLLIN };
	int p[2], q[2], ep, n, st, got = 0;
	unsigned char b, want = 0;
	pid_t pid;

	on_signal(SIGUSR1, on_usr1, 0);	/* as services have: EINTR shows */
	ep = epoll_create1(0);
	if (ep < 0 || pipe(p) || pipe(q))
		die("epoll_create1, pipe: %m");
	ev.data.u64 = 0xfeed1;
	if (epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev))
		die("epoll_ctl: %m");
	ev.data.u64 = 0xfeed2;
	if (epoll_ctl(ep, EPOLL_CTL_ADD, q[0], &ev))
		die("epoll_ctl: %m");
	pid = fork();
	if (pid == 0) {
		close(p[0]);	/* the parent gone, SIGPIPE ends this child */
		for (b = 0; !msleep(300); b++)
			if (write(p[1], &b, 1) != 1)
				break;
		_exit(0);
	}
	close(p[1]);
	procs_ready();
	/* SIGTERM may come outside the call: the flag ends the loop too. */
	while (!procs_term) {
		n = epoll_wait(ep, &ev, 1, 10000);
		if (n < 0 && errno == EINTR && procs_term)
			break;
		if (n != 1 || ev.data.u64 != 0xfeed1 || ev.events != EPOLLIN)
			return fail("epoll_wait returned %d, cookie %#lx, events %#x (%m)",
				    n, (unsigned long)ev.data.u64, ev.events);
		if (read(p[0], &b, 1) != 1)
			return fail("read: %m");
		if (b != want++)
			return fail("byte %u where %u was due", b, want - 1);
		got++;
	}
	ev.events = EPOLLIN;
	ev.data.u64 = 0xfeed3;
	if (epoll_ctl(ep, EPOLL_CTL_MOD, q[0], &ev))
		return fail("the second pipe is not registered any more: %m");
	if (!got)
		return fail("no byte arrived");
	kill(pid, SIGTERM);
	waitpid(pid, &st, 0);
	return 0;
}
PROCS_TEST(epoll, epoll_test);
