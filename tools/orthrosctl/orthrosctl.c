// SPDX-License-Identifier: GPL-2.0-only
/*
 * orthrosctl - administer Orthros from the shell.
 *
 * A thin front end to /sys/kernel/orthros/: every command reads or writes
 * one attribute there, so the kernel stays the one place that validates
 * input and the tool only reports what it said.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/orthros.h>	/* the offset table's layout and its one check */

#include "../lib/sysfs.h"

#define SYSFS_DIR	"/sys/kernel/orthros"
#define MAX_ATTRS	64
#define MAX_DEPTH	2	/* the root and primary/ */

static const char *sysfs_dir(void)
{
	const char *dir = getenv("ORTHROS_SYSFS");	/* for testing the tool */

	return dir ? dir : SYSFS_DIR;
}

/* The path of attribute @name (relative to the sysfs directory). */
static const char *attr_path(const char *name)
{
	static char path[512];

	snprintf(path, sizeof(path), "%s/%s", sysfs_dir(), name);
	return path;
}

/* Write @val to attribute @name; returns 0 or a negative errno. */
static int write_attr(const char *name, const char *val)
{
	return sysfs_write_file(attr_path(name), val);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char * const *)a, *(char * const *)b);
}

/* Print one attribute as "name value"; 1 if it could not be read. */
static int print_attr(const char *name)
{
	char buf[512];
	ssize_t n = sysfs_read_file(attr_path(name), buf, sizeof(buf));
	ssize_t i;

	if (n == -ENODATA) {
		printf("%-28s <none>\n", name);
		return 0;
	}
	if (n < 0) {
		printf("%-28s <%s>\n", name, strerror(-n));
		return 1;
	}
	for (i = 0; i < n; i++) {
		if (buf[i] == '\n' || buf[i] == '\t')
			continue;
		if ((unsigned char)buf[i] < ' ' || (unsigned char)buf[i] == 0x7f) {
			printf("%-28s <binary>\n", name);
			return 0;
		}
	}
	buf[strcspn(buf, "\n")] = '\0';
	printf("%-28s %s\n", name, buf);
	return 0;
}

/*
 * Every readable attribute under directory @rel (relative to the sysfs
 * directory, "" for it), by name, then its subdirectories: what the
 * kernel has is what is shown, so the list cannot drift from it.
 */
static int print_dir(const char *rel, int depth)
{
	char *files[MAX_ATTRS], *dirs[MAX_ATTRS];
	size_t nr_files = 0, nr_dirs = 0, i;
	struct dirent *de;
	struct stat st;
	DIR *d;
	int bad = 0;

	d = opendir(attr_path(rel));
	if (!d) {
		printf("%-28s <%s>\n", *rel ? rel : sysfs_dir(), strerror(errno));
		return 1;
	}
	while ((de = readdir(d))) {
		char name[256];

		if (de->d_name[0] == '.')
			continue;
		if (snprintf(name, sizeof(name), "%s%s%s", rel, *rel ? "/" : "",
			     de->d_name) >= (int)sizeof(name) || stat(attr_path(name), &st))
			continue;
		if (S_ISDIR(st.st_mode) && depth < MAX_DEPTH && nr_dirs < MAX_ATTRS)
			dirs[nr_dirs++] = strdup(name);
		else if (S_ISREG(st.st_mode) && (st.st_mode & 0444) && nr_files < MAX_ATTRS)
			files[nr_files++] = strdup(name);	/* not write-only verbs */
	}
	closedir(d);
	qsort(files, nr_files, sizeof(*files), by_name);
	qsort(dirs, nr_dirs, sizeof(*dirs), by_name);
	for (i = 0; i < nr_files; i++) {
		if (files[i])
			bad |= print_attr(files[i]);
		free(files[i]);
	}
	for (i = 0; i < nr_dirs; i++) {
		if (dirs[i])
			bad |= print_dir(dirs[i], depth + 1);
		free(dirs[i]);
	}
	return bad;
}

static int cmd_status(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return print_dir("", 1);
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
	const struct orthros_offset_ser *e = orthros_offsets_entries(h);
	const char *why, *src = argc > 1 ? argv[1] : NULL;
	size_t len = 0;
	ssize_t n;
	__u32 i;
	int fd;

	/* On a backup, the primary's table; else this kernel's. */
	fd = open(src ? src : attr_path("primary/offsets"), O_RDONLY);
	if (!src && fd < 0 && errno == ENOENT)
		fd = open(attr_path("offsets"), O_RDONLY);
	n = 0;
	while (fd >= 0 && len < sizeof(buf) && (n = read(fd, buf + len, sizeof(buf) - len)) > 0)
		len += n;
	if (fd < 0 || n < 0) {
		int err = errno;

		fprintf(stderr, "orthrosctl: offsets: %s: %s%s\n", src ? src : "offsets",
			strerror(err), err == ENODATA ?
			" (this backup refused the primary's table: see the kernel log)" : "");
		if (fd >= 0)
			close(fd);
		return 1;
	}
	close(fd);
	why = orthros_offsets_check(buf, len);
	if (why) {
		fprintf(stderr, "orthrosctl: offsets: not a valid offset table: %s\n", why);
		return 1;
	}
	printf("release %s\nbuild-id ", h->release);
	for (i = 0; i < sizeof(h->build_id); i++)
		printf("%02x", h->build_id[i]);
	printf("\nentries %u\n", h->nr_entries);
	for (i = 0; i < h->nr_entries; i++) {
		if (!strncmp(e[i].name, "SYMBOL(", 7) || !strncmp(e[i].name, "NUMBER(", 7))
			printf("%s=0x%llx\n", e[i].name, (unsigned long long)e[i].value);
		else
			printf("%s=%llu\n", e[i].name, (unsigned long long)e[i].value);
	}
	return 0;
}

static int cmd_version(int argc, char **argv)
{
	char buf[64];
	ssize_t ret;

	(void)argc;
	(void)argv;
	ret = sysfs_read_file(attr_path("version"), buf, sizeof(buf));
	if (ret < 0) {
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
	{ "status", cmd_status, "show every attribute of /sys/kernel/orthros (on a backup, primary/ too)" },
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
