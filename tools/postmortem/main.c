// SPDX-License-Identifier: GPL-2.0-only
/*
 * orthros-postmortem: read a fenced primary kernel from the backup.
 *
 * Its commands, with their usage, are commands[] below (run without
 * arguments, it prints them).  VMCORE defaults to /proc/vmcore, which an
 * Orthros backup creates once it has fenced the primary; TABLE to the
 * primary's offset table as the backup took it.  Everything but dump
 * and vmcoreinfo reads the primary through the Orthros reader
 * (modules/orthros_reader/): the structures' layout comes from the
 * primary's own table, so a primary of another kernel version reads the
 * same, and a corrupt structure is reported and skipped, never a crash.
 *
 *   main.c	the command line
 *   log.c	log, vmcoreinfo
 *   walk.c	tasks, maps, mounts, files (and copying them out)
 *   dump.c	dump
 *
 * -r OUT writes every page the walk read to OUT, an ELF core of physical
 * pages, and the byte ranges read to OUT.ranges: a small image of exactly
 * what the reader needs, for replaying and fuzzing the walk elsewhere
 * (tests/lib/fuzz-reader.py).  The recorder is test code
 * (tests/lib/reader-record.c), in the build for test images only.
 *
 * Exit status: 0 on success, 1 on error (with a message on stderr), 2 on
 * a usage error.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "postmortem.h"

static const struct command {
	const char *name;
	const char *opts;		/* getopt()'s */
	const char *usage;		/* its options and arguments */
	const char *what;
	unsigned int min_args, max_args;
	int (*run)(const struct options *o);
} commands[] = {
	{ "log", "+o:r:", "[-o TABLE] [-r OUT] [VMCORE]",
	  "the primary's kernel log", 0, 1, cmd_log },
	{ "vmcoreinfo", "+", "[VMCORE]",
	  "the primary's VMCOREINFO note", 0, 1, cmd_vmcoreinfo },
	{ "tasks", "+o:r:", "[-o TABLE] [-r OUT] [VMCORE]",
	  "its tasks: task PID COMM STATE", 0, 1, cmd_tasks },
	{ "maps", "+o:r:", "[-o TABLE] [-r OUT] [VMCORE]",
	  "VMAs per task: maps PID COMM VMAS MAP_COUNT", 0, 1, cmd_maps },
	{ "mounts", "+o:r:", "[-o TABLE] [-r OUT] [VMCORE]",
	  "its mounts: mount DEV PATH FSTYPE", 0, 1, cmd_mounts },
	{ "files", "+o:r:t:d:", "[-o TABLE] [-r OUT] [-t FSTYPE] [-d DIR] [VMCORE]",
	  "files with cached pages (of -t's mounts; -d: copied to DIR):\n"
	  "\tfile PATH INO SIZE NRPAGES PAGES DIRTY[ damaged]", 0, 1, cmd_files },
	{ "dump", "+k", "[-k] VMCORE OUT",
	  "save the vmcore (-k: only the kernel image: a mini dump)", 2, 2, cmd_dump },
};

void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("orthros-postmortem: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(1);
}

static void __attribute__((noreturn)) usage(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(commands); i++)
		fprintf(stderr, "%s orthros-postmortem %s %s\n\t%s\n", i ? "      " : "usage:",
			commands[i].name, commands[i].usage, commands[i].what);
	fprintf(stderr, "VMCORE defaults to %s, TABLE to %s\n", ORTHROS_READER_VMCORE,
		ORTHROS_READER_TABLE);
	exit(2);
}

/**
 * open_reader() - the reader on the command line's core file, or exit
 * @o: the command line
 * @needs: the subjects the command reads (ORTHROS_NEED_*)
 *
 * With -r, every page the reader reads from now on is recorded.
 *
 * Return: the reader, for close_reader().
 */
struct orthros_reader *open_reader(const struct options *o, unsigned int needs)
{
	struct orthros_reader *r;

	if (orthros_reader_open_vmcore(&r, o->vmcore, o->table, needs))
		exit(1);
	if (o->record && orthros_record_start(r))
		exit(1);
	return r;
}

/**
 * close_reader() - close the reader, write what -r recorded, flush the output
 * @r: from open_reader()
 * @o: the command line
 * @ret: the command's exit status so far
 *
 * Return: the command's exit status.
 */
int close_reader(struct orthros_reader *r, const struct options *o, int ret)
{
	if (o->record && orthros_record_write(o->record))
		ret = 1;
	orthros_reader_close(r);
	return fflush(stdout) ? 1 : ret;
}

int main(int argc, char **argv)
{
	const struct command *c = NULL;
	struct options o = { 0 };
	unsigned int i, nargs;
	int opt;

	for (i = 0; argc >= 2 && i < ARRAY_SIZE(commands); i++)
		if (!strcmp(argv[1], commands[i].name))
			c = &commands[i];
	if (!c)
		usage();
	argc--, argv++;
	while ((opt = getopt(argc, argv, c->opts)) != -1) {
		if (opt == 'o')
			o.table = optarg;
		else if (opt == 'r')
			o.record = optarg;
		else if (opt == 't')
			o.fstype = optarg;
		else if (opt == 'd')
			o.out_dir = optarg;
		else if (opt == 'k')
			o.kernel_only = true;
		else
			usage();
	}
	nargs = argc - optind;
	if (nargs < c->min_args || nargs > c->max_args)
		usage();
	if (nargs)
		o.vmcore = argv[optind];
	if (nargs > 1)
		o.out = argv[optind + 1];
	if (o.record && !orthros_record_start)
		die("-r: this build has no page recorder (tests/lib/reader-record.c)");
	return c->run(&o);
}
