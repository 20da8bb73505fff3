// SPDX-License-Identifier: GPL-2.0-only
/*
 * orthrosctl - administer Orthros from the shell.
 *
 * A thin front end to /sys/kernel/orthros/: every command reads or writes
 * one attribute there, so the kernel stays the one place that validates
 * input and the tool only reports what it said.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "reader.h"	/* the offset table's layout and its check */

#define SYSFS_DIR "/sys/kernel/orthros"

static const char *sysfs_dir(void)
{
	const char *dir = getenv("ORTHROS_SYSFS");	/* for testing the tool */

	return dir ? dir : SYSFS_DIR;
}

/* Open attribute @name with @flags; returns an fd or a negative errno. */
static int open_attr(const char *name, int flags)
{
	char path[256];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", sysfs_dir(), name);
	fd = open(path, flags);
	return fd < 0 ? -errno : fd;
}

/* Read attribute @name into @buf; returns 0 or a negative errno. */
static int read_attr(const char *name, char *buf, size_t len)
{
	ssize_t n;
	int fd;

	fd = open_attr(name, O_RDONLY);
	if (fd < 0)
		return fd;
	n = read(fd, buf, len - 1);
	if (n < 0) {
		n = -errno;
		close(fd);
		return n;
	}
	close(fd);
	buf[n] = '\0';
	return 0;
}

/* Write @val to attribute @name; returns 0 or a negative errno. */
static int write_attr(const char *name, const char *val)
{
	ssize_t n;
	int fd;

	fd = open_attr(name, O_WRONLY);
	if (fd < 0)
		return fd;
	n = write(fd, val, strlen(val));
	if (n < 0) {
		n = -errno;
		close(fd);
		return n;
	}
	close(fd);
	return 0;
}

static int print_attrs(const char * const *attrs, size_t n)
{
	char buf[256];
	size_t i;
	int ret, bad = 0;

	for (i = 0; i < n; i++) {
		ret = read_attr(attrs[i], buf, sizeof(buf));
		if (ret) {
			printf("%-28s <%s>\n", attrs[i], strerror(-ret));
			bad = 1;
			continue;
		}
		buf[strcspn(buf, "\n")] = '\0';
		printf("%-28s %s\n", attrs[i], buf);
	}
	return bad;
}

static int cmd_status(int argc, char **argv)
{
	static const char * const attrs[] = {
		"version", "role", "cpu", "state", "backup_heartbeat",
		"backup_marker", "backup_boot_cycles", "heartbeat_period_ms",
	};
	/* Only a backup watches a primary. */
	static const char * const backup_attrs[] = {
		"primary/state", "primary/event", "primary/event_reason",
		"primary/event_latency_ns", "primary/fence_ns",
		"primary/heartbeat", "primary/watchdog_timeout_ms",
	};
	char role[32];
	int bad;

	(void)argc;
	(void)argv;
	bad = print_attrs(attrs, sizeof(attrs) / sizeof(attrs[0]));
	if (!read_attr("role", role, sizeof(role)) && !strcmp(role, "backup\n"))
		bad |= print_attrs(backup_attrs, sizeof(backup_attrs) / sizeof(backup_attrs[0]));
	return bad;
}

static int cmd_start(int argc, char **argv)
{
	int ret;

	(void)argc;
	(void)argv;
	ret = write_attr("start", "1");
	if (ret) {
		fprintf(stderr, "orthrosctl: start: %s (the kernel log says why)\n",
			strerror(-ret));
		return 1;
	}
	printf("backup started\n");
	return 0;
}

static int cmd_update(int argc, char **argv)
{
	int ret;

	(void)argc;
	(void)argv;
	printf("freezing this kernel; the backup takes over\n");
	fflush(stdout);
	ret = write_attr("update", "1");
	fprintf(stderr, "orthrosctl: update: %s (the kernel log says why)\n",
		strerror(-ret));
	return 1;
}

static int cmd_offsets(int argc, char **argv)
{
	static unsigned char buf[sizeof(struct orthros_offsets_hdr_ser) +
				 ORTHROS_OFFSETS_MAX * sizeof(struct orthros_offset_ser) + 1];
	const struct orthros_offsets_hdr_ser *h = (const void *)buf;
	const struct orthros_offset_ser *e = (const void *)(h + 1);
	const char *why, *src = argc > 1 ? argv[1] : NULL;
	size_t len = 0;
	ssize_t n;
	uint32_t i;
	int fd;

	/* On a backup, the primary's table; else this kernel's. */
	fd = src ? open(src, O_RDONLY) : open_attr("primary/offsets", O_RDONLY);
	if (!src && fd == -ENOENT)
		fd = open_attr("offsets", O_RDONLY);
	if (fd < 0) {
		fd = src ? -errno : fd;
		fprintf(stderr, "orthrosctl: offsets: %s: %s%s\n", src ? src : "offsets",
			strerror(-fd), fd == -ENODATA ?
			" (this backup refused the primary's table: see the kernel log)" : "");
		return 1;
	}
	while (len < sizeof(buf) && (n = read(fd, buf + len, sizeof(buf) - len)) > 0)
		len += n;
	close(fd);
	why = orthros_reader_check_table(buf, len);
	if (why) {
		fprintf(stderr, "orthrosctl: offsets: not a valid offset table: %s\n", why);
		return 1;
	}
	printf("release %s\nbuild-id ", h->release);
	for (i = 0; i < sizeof(h->build_id); i++)
		printf("%02x", h->build_id[i]);
	printf("\nentries %" PRIu32 "\n", h->nr_entries);
	for (i = 0; i < h->nr_entries; i++) {
		if (!strncmp(e[i].name, "SYMBOL(", 7) || !strncmp(e[i].name, "NUMBER(", 7))
			printf("%s=0x%" PRIx64 "\n", e[i].name, e[i].value);
		else
			printf("%s=%" PRIu64 "\n", e[i].name, e[i].value);
	}
	return 0;
}

static int cmd_version(int argc, char **argv)
{
	char buf[64];
	int ret;

	(void)argc;
	(void)argv;
	ret = read_attr("version", buf, sizeof(buf));
	if (ret) {
		fprintf(stderr, "orthrosctl: %s/version: %s%s\n", sysfs_dir(),
			strerror(-ret),
			ret == -ENOENT ? " (kernel built without CONFIG_ORTHROS?)" : "");
		return 1;
	}
	printf("%s", buf);
	return 0;
}

static const struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *help;
} commands[] = {
	{ "version", cmd_version, "print the kernel's Orthros protocol version" },
	{ "status", cmd_status, "show role, lent CPU, backup state and heartbeat" },
	{ "start", cmd_start, "boot the backup loaded with 'kexec -p -s' on the lent CPU" },
	{ "update", cmd_update, "freeze this primary now and hand over to the backup" },
	{ "offsets", cmd_offsets, "print an offset table [FILE] (default: on a backup the primary's, else this kernel's)" },
};

static void usage(FILE *out)
{
	size_t i;

	fprintf(out, "usage: orthrosctl <command> [args]\n\ncommands:\n");
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].help);
}

int main(int argc, char **argv)
{
	size_t i;

	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		usage(stdout);
		return 0;
	}
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "orthrosctl: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return 2;
}
