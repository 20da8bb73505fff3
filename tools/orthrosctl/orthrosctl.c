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

/*
 * Hexadecimal for addresses and numbers, decimal for sizes and offsets;
 * right-aligned in @width columns (0: as wide as it is).
 */
static void print_value(const char *name, __u64 value, int width)
{
	char buf[24];

	if (!strncmp(name, "SYMBOL(", 7) || !strncmp(name, "NUMBER(", 7))
		snprintf(buf, sizeof(buf), "0x%llx", (unsigned long long)value);
	else
		snprintf(buf, sizeof(buf), "%llu", (unsigned long long)value);
	printf("%*s", width, buf);
}

/*
 * An offset table as the tools see it: its release and entries, from the
 * binary table a kernel exports, or from what 'orthrosctl offsets' printed.
 */
struct table {
	char release[65];
	__u8 build_id[20];
	__u32 nr;
	const struct orthros_offset_ser *e;
	void *mem;		/* what to free */
};

#define TABLE_FILE_MAX	(1 << 20)	/* a table as text: ~64 bytes an entry */

/* Read @path whole (at most TABLE_FILE_MAX bytes); NULL with errno set. */
static unsigned char *read_whole(const char *path, size_t *len)
{
	unsigned char *buf = malloc(TABLE_FILE_MAX + 1);
	ssize_t n = 0;
	int fd, err;

	if (!buf)
		return NULL;
	*len = 0;
	fd = open(path, O_RDONLY);
	while (fd >= 0 && *len < TABLE_FILE_MAX &&
	       (n = read(fd, buf + *len, TABLE_FILE_MAX - *len)) > 0)
		*len += n;
	err = errno;
	if (fd >= 0)
		close(fd);
	if (fd < 0 || n < 0) {
		free(buf);
		errno = err;
		return NULL;
	}
	buf[*len] = '\0';
	return buf;
}

/*
 * Parse the text 'orthrosctl offsets' prints ("release R", "build-id H",
 * "entries N", then NAME=VALUE lines) into @t; NULL, or why not.
 */
static const char *parse_text(char *text, struct table *t)
{
	struct orthros_offset_ser *e;
	char *line, *next, *eq, *end;
	__u32 nr = 0, max = 0;

	for (line = text; *line; line++)
		max += *line == '\n';
	e = calloc(max + 1, sizeof(*e));
	if (!e)
		return "out of memory";
	t->mem = e;
	t->e = e;
	for (line = text; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (!strncmp(line, "release ", 8)) {
			snprintf(t->release, sizeof(t->release), "%s", line + 8);
			continue;
		}
		if (!strncmp(line, "build-id ", 9) || !strncmp(line, "entries ", 8) || !*line)
			continue;
		eq = strrchr(line, '=');
		if (!eq || eq - line >= ORTHROS_OFFSET_NAME_LEN || eq == line)
			return "a line is not NAME=VALUE";
		errno = 0;
		e[nr].value = strtoull(eq + 1, &end, 0);
		if (errno || end == eq + 1 || *end)
			return "a value is not a number";
		memcpy(e[nr].name, line, eq - line);
		if (++nr > ORTHROS_OFFSETS_MAX)
			return "more entries than a table holds";
	}
	t->nr = nr;
	return NULL;
}

/*
 * Load the offset table in @path into @t: a binary table (checked with
 * orthros_offsets_check()), or its text as 'orthrosctl offsets' prints it.
 * Returns 0, or 1 after saying why not.
 */
static int load_table(const char *path, struct table *t)
{
	const struct orthros_offsets_hdr_ser *h;
	const char *why;
	unsigned char *buf;
	size_t len;

	memset(t, 0, sizeof(*t));
	buf = read_whole(path, &len);
	if (!buf) {
		int err = errno;

		fprintf(stderr, "orthrosctl: offsets: %s: %s%s\n", path, strerror(err),
			err == ENODATA ?
			" (this backup refused the primary's table: see the kernel log)" : "");
		return 1;
	}
	h = (const void *)buf;
	why = orthros_offsets_check(buf, len);
	if (!why) {
		snprintf(t->release, sizeof(t->release), "%s", h->release);
		memcpy(t->build_id, h->build_id, sizeof(t->build_id));
		t->nr = h->nr_entries;
		t->e = orthros_offsets_entries(h);
		t->mem = buf;
		return 0;
	}
	if (!strncmp((const char *)buf, "release ", 8) && !memchr(buf, '\0', len)) {
		why = parse_text((char *)buf, t);
		free(buf);
		if (!why)
			return 0;
		free(t->mem);
		fprintf(stderr, "orthrosctl: offsets: %s: not a valid offset table as text: %s\n",
			path, why);
		return 1;
	}
	free(buf);
	fprintf(stderr, "orthrosctl: offsets: %s: not a valid offset table: %s\n", path, why);
	return 1;
}

static int by_entry_name(const void *a, const void *b)
{
	return strcmp((*(const struct orthros_offset_ser * const *)a)->name,
		      (*(const struct orthros_offset_ser * const *)b)->name);
}

/* @t's entries by name, for lookups; NULL if out of memory. */
static const struct orthros_offset_ser **sort_by_name(const struct table *t)
{
	const struct orthros_offset_ser **idx = calloc(t->nr + 1, sizeof(*idx));
	__u32 i;

	if (!idx)
		return NULL;
	for (i = 0; i < t->nr; i++)
		idx[i] = &t->e[i];
	qsort(idx, t->nr, sizeof(*idx), by_entry_name);
	return idx;
}

static const struct orthros_offset_ser *
lookup(const struct orthros_offset_ser **idx, __u32 nr, const struct orthros_offset_ser *key)
{
	const struct orthros_offset_ser **hit;

	hit = bsearch(&key, idx, nr, sizeof(*idx), by_entry_name);
	return hit ? *hit : NULL;
}

/* Differing entries counted by kind (SIZE, OFFSET, SYMBOL, ...). */
#define MAX_KINDS	16
struct kinds {
	char name[MAX_KINDS][16];
	__u32 count[MAX_KINDS];
	__u32 nr;
};

static void count_kind(struct kinds *k, const char *name)
{
	size_t len = strcspn(name, "(");
	__u32 i;

	if (len >= sizeof(k->name[0]))
		len = sizeof(k->name[0]) - 1;
	for (i = 0; i < k->nr; i++)
		if (strlen(k->name[i]) == len && !strncmp(k->name[i], name, len))
			break;
	if (i == k->nr) {
		if (k->nr == MAX_KINDS)
			return;
		memcpy(k->name[k->nr], name, len);
		k->name[k->nr++][len] = '\0';
	}
	k->count[i]++;
}

/* The entries of @a missing from @b (by @b_idx), in @a's order. */
static __u32 print_only(const char *title, const struct table *a,
			const struct orthros_offset_ser **b_idx, __u32 b_nr, int width)
{
	__u32 i, n = 0;

	for (i = 0; i < a->nr; i++) {
		if (lookup(b_idx, b_nr, &a->e[i]))
			continue;
		if (!n++)
			printf("%s:\n", title);
		printf("  %-*s ", width, a->e[i].name);
		print_value(a->e[i].name, a->e[i].value, 20);
		printf("\n");
	}
	return n;
}

/*
 * orthrosctl offsets diff A B: what a reader of one kernel's table must
 * know of the other's.  Entries only in A, only in B, and those whose
 * values differ, in each table's own order (which groups them by
 * structure); then one summary line.  Exit status as diff's: 0 for the
 * same entries and values, 1 if they differ, 2 for trouble.
 */
static int cmd_offsets_diff(int argc, char **argv)
{
	const struct orthros_offset_ser **a_idx = NULL, **b_idx = NULL, *o;
	struct table a, b;
	struct kinds kinds = { .nr = 0 };
	__u32 i, only_a = 0, only_b = 0, differ = 0, same = 0;
	int width = 0, ret = 2;

	if (argc != 3) {
		fprintf(stderr, "usage: orthrosctl offsets diff A B\n");
		return 2;
	}
	if (load_table(argv[1], &a))
		return 2;
	if (load_table(argv[2], &b)) {
		free(a.mem);
		return 2;
	}
	a_idx = sort_by_name(&a);
	b_idx = sort_by_name(&b);
	if (!a_idx || !b_idx) {
		fprintf(stderr, "orthrosctl: offsets diff: out of memory\n");
		goto out;
	}
	for (i = 0; i < a.nr; i++)
		width = (int)strlen(a.e[i].name) > width ? (int)strlen(a.e[i].name) : width;
	for (i = 0; i < b.nr; i++)
		width = (int)strlen(b.e[i].name) > width ? (int)strlen(b.e[i].name) : width;

	printf("A %s: release %s, %u entries\n", argv[1], a.release, a.nr);
	printf("B %s: release %s, %u entries\n", argv[2], b.release, b.nr);
	only_a = print_only("only in A", &a, b_idx, b.nr, width);
	only_b = print_only("only in B", &b, a_idx, a.nr, width);
	for (i = 0; i < a.nr; i++) {
		o = lookup(b_idx, b.nr, &a.e[i]);
		if (!o)
			continue;
		if (o->value == a.e[i].value) {
			same++;
			continue;
		}
		if (!differ++)
			printf("differ:%*s %20s %20s\n", width - 5, "", "A", "B");
		count_kind(&kinds, a.e[i].name);
		printf("  %-*s ", width, a.e[i].name);
		print_value(a.e[i].name, a.e[i].value, 20);
		printf(" ");
		print_value(o->name, o->value, 20);
		printf("\n");
	}
	printf("summary: %u only in A, %u only in B, %u differ", only_a, only_b, differ);
	for (i = 0; i < kinds.nr; i++)
		printf("%s%s %u", i ? ", " : " (", kinds.name[i], kinds.count[i]);
	printf("%s, %u same\n", kinds.nr ? ")" : "", same);
	ret = only_a || only_b || differ;
out:
	free(a_idx);
	free(b_idx);
	free(a.mem);
	free(b.mem);
	return ret;
}

static int cmd_offsets(int argc, char **argv)
{
	const char *src = argc > 1 ? argv[1] : NULL;
	struct table t;
	__u32 i;

	if (src && !strcmp(src, "diff"))
		return cmd_offsets_diff(argc - 1, argv + 1);
	/* On a backup, the primary's table; else this kernel's. */
	if (!src) {
		src = attr_path("primary/offsets");
		if (access(src, F_OK) && errno == ENOENT)
			src = attr_path("offsets");
	}
	if (load_table(src, &t))
		return 1;
	printf("release %s\nbuild-id ", t.release);
	for (i = 0; i < sizeof(t.build_id); i++)
		printf("%02x", t.build_id[i]);
	printf("\nentries %u\n", t.nr);
	for (i = 0; i < t.nr; i++) {
		printf("%s=", t.e[i].name);
		print_value(t.e[i].name, t.e[i].value, 0);
		printf("\n");
	}
	free(t.mem);
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
	{ "offsets", cmd_offsets, "print an offset table [FILE] (default: on a backup the primary's, else this kernel's);\n"
	  "             offsets diff A B: entries only in A, only in B, and those that differ (exit 0, 1, 2 as diff's)" },
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
