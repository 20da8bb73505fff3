// SPDX-License-Identifier: GPL-2.0-only
/*
 * tcpserver [IP [PORT]]: a TCP server blocked in accept() on IP:PORT
 * (default 127.0.0.1:7800).  Each connection gets one line, "tcpserver
 * PID N", N its in-memory request counter, and is closed.  Checks on
 * SIGTERM: the socket is still bound to IP:PORT and listening; a
 * connection it makes to itself is accepted and answered with a next N
 * (other clients queued before it are answered too).  Like any server it
 * ignores SIGPIPE: a connection its peer reset (or a takeover carried
 * closed) fails its write with EPIPE, ECONNRESET or ENOTCONN, and is
 * counted as lost, not as a failure.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

#include "procs.h"

static unsigned long served, lost;

static int answer(int ls)
{
	char line[64];
	int c = accept(ls, NULL, NULL);

	if (c < 0)
		return -1;
	served++;
	snprintf(line, sizeof(line), "tcpserver %d %lu\n", getpid(), served);
	if (write_all(c, line, strlen(line))) {
		if (errno == EPIPE || errno == ECONNRESET || errno == ENOTCONN)
			lost++;
		else
			fail("answer %lu: %m", served);
	}
	close(c);
	return 0;
}

static int tcpserver(void)
{
	const char *ip = procs_argc > 0 ? procs_argv[0] : "127.0.0.1";
	struct sockaddr_in sa = { .sin_family = AF_INET }, got;
	socklen_t len = sizeof(got);
	int ls, c, one = 1, on = 0, i, pid;
	unsigned long before, k;
	char line[64];
	ssize_t n;

	signal(SIGPIPE, SIG_IGN);
	sa.sin_port = htons(procs_arg(1, 7800));
	ls = socket(AF_INET, SOCK_STREAM, 0);
	if (ls < 0 || inet_pton(AF_INET, ip, &sa.sin_addr) != 1 ||
	    setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    bind(ls, (void *)&sa, sizeof(sa)) || listen(ls, 16))
		die("listen on %s:%ld: %m", ip, procs_arg(1, 7800));
	procs_ready();
	/* SIGTERM may come outside the call: the flag ends the loop too. */
	while (!procs_term) {
		if (!answer(ls))
			continue;
		if (errno == EINTR && procs_term)
			break;
		fail("accept: %m");	/* EINTR too: no other signal comes */
		procs_wait_term();
		return 1;
	}
	len = sizeof(got);
	if (getsockname(ls, (void *)&got, &len) || memcmp(&got.sin_addr, &sa.sin_addr, 4) ||
	    got.sin_port != sa.sin_port)
		return fail("the socket is not bound to %s:%ld any more", ip, procs_arg(1, 7800));
	len = sizeof(on);
	if (getsockopt(ls, SOL_SOCKET, SO_ACCEPTCONN, &on, &len) || !on)
		return fail("the socket is not listening");
	/*
	 * The handshake completes in the backlog: connect, then accept.
	 * Other clients (the host's probe on the service IP) may be queued
	 * first: answer them too, until its own connection has its line.
	 */
	before = served;
	c = socket(AF_INET, SOCK_STREAM, 0);
	if (c < 0 || connect(c, (void *)&sa, sizeof(sa)))
		return fail("connect to itself: %m");
	for (i = 0; i < 1000; i++) {
		struct pollfd p = { .fd = c, .events = POLLIN };

		if (poll(&p, 1, 0) > 0)
			break;
		if (answer(ls))
			return fail("accept: %m");
	}
	n = read(c, line, sizeof(line) - 1);
	line[n > 0 ? n : 0] = 0;
	if (sscanf(line, "tcpserver %d %lu", &pid, &k) != 2 || pid != getpid() ||
	    k <= before || k > served)
		return fail("its own connection got '%s' (served %lu before it)", line, before);
	printf("tcpserver: %lu connections, %lu lost\n", served, lost);
	return 0;
}
PROCS_TEST(tcpserver, tcpserver);
