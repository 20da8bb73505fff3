// SPDX-License-Identifier: GPL-2.0-only
/*
 * orthros-serve PORT NAME: the test service.  Answers NAME and a newline
 * to every TCP connection on PORT, one after another, in one process: an
 * answer costs the guest no fork or exec, so the host's probe may ask
 * often without loading the machine it measures.
 */
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct sockaddr_in addr = { .sin_family = AF_INET };
	char reply[256];
	int one = 1, s, len;

	if (argc != 3 || !atoi(argv[1])) {
		fprintf(stderr, "usage: orthros-serve PORT NAME\n");
		return 2;
	}
	len = snprintf(reply, sizeof(reply), "%s\n", argv[2]);
	if (len >= (int)sizeof(reply)) {
		fprintf(stderr, "orthros-serve: NAME is too long\n");
		return 2;
	}
	addr.sin_port = htons(atoi(argv[1]));
	s = socket(AF_INET, SOCK_STREAM, 0);
	if (s < 0 || setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    bind(s, (struct sockaddr *)&addr, sizeof(addr)) || listen(s, 64)) {
		perror("orthros-serve");
		return 1;
	}
	for (;;) {
		int c = accept(s, NULL, NULL);

		if (c < 0)
			continue;
		if (write(c, reply, len) != len)
			perror("orthros-serve: write");
		close(c);
	}
}
