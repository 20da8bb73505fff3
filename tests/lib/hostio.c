// SPDX-License-Identifier: GPL-2.0-only
/*
 * orthros-hostio: the test harness's channel from a guest to the host.
 *
 *   orthros-hostio send NAME FILE   copy FILE to the host as NAME
 *   orthros-hostio drain            wait until the console has sent it all
 *   orthros-hostio exit CODE        drain, then end the QEMU run
 *
 * tools/qemu/run-guest.sh gives every guest an isa-debugcon port whose
 * output goes to <logs>/hostio.bin, and an isa-debug-exit port.  A backup
 * kernel has no disk or network of its own, so this is how a test in it
 * hands files (a mini vmcore) to the host and ends the run once the
 * primary is fenced.  Each file is framed as
 * "ORTHROS-FILE <name> <size>\n" <size bytes> "\n".
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/io.h>
#include <termios.h>
#include <unistd.h>

#define HOSTIO_PORT	0x4f0	/* isa-debugcon,iobase=0x4f0 */
#define EXIT_PORT	0xf4	/* isa-debug-exit,iobase=0xf4 */

/* A polled serial console sends from a timer: wait until it is done. */
static void drain_console(void)
{
	int console = open("/dev/console", O_WRONLY | O_NOCTTY);

	if (console >= 0) {
		tcdrain(console);
		close(console);
	}
	usleep(200000);
}

static void put(const char *buf, size_t len)
{
	while (len--)
		outb(*buf++, HOSTIO_PORT);
}

int main(int argc, char **argv)
{
	if (argc == 4 && !strcmp(argv[1], "send")) {
		char buf[65536], hdr[300];
		FILE *f = fopen(argv[3], "r");
		long size;
		size_t n;

		if (!f || fseek(f, 0, SEEK_END) || (size = ftell(f)) < 0 ||
		    fseek(f, 0, SEEK_SET)) {
			fprintf(stderr, "orthros-hostio: %s: %s\n", argv[3], strerror(errno));
			return 1;
		}
		if (ioperm(HOSTIO_PORT, 1, 1)) {
			fprintf(stderr, "orthros-hostio: ioperm: %s\n", strerror(errno));
			return 1;
		}
		snprintf(hdr, sizeof(hdr), "ORTHROS-FILE %s %ld\n", argv[2], size);
		put(hdr, strlen(hdr));
		while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
			put(buf, n);
		put("\n", 1);
		return ferror(f) ? 1 : 0;
	}
	if (argc == 2 && !strcmp(argv[1], "drain")) {
		drain_console();
		return 0;
	}
	if (argc == 3 && !strcmp(argv[1], "exit")) {
		drain_console();
		if (ioperm(EXIT_PORT, 1, 1)) {
			fprintf(stderr, "orthros-hostio: ioperm: %s\n", strerror(errno));
			return 1;
		}
		outb(atoi(argv[2]), EXIT_PORT);
		fprintf(stderr, "orthros-hostio: still running after the exit port\n");
		return 1;
	}
	fprintf(stderr, "usage: orthros-hostio send NAME FILE | drain | exit CODE\n");
	return 2;
}
