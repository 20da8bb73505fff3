/* SPDX-License-Identifier: GPL-2.0-only */
/* orthros-postmortem: what its files share (main.c has the overview). */
#ifndef ORTHROS_POSTMORTEM_H
#define ORTHROS_POSTMORTEM_H

#include <stdbool.h>

#include "reader.h"

/* A command line, parsed (main.c). */
struct options {
	const char *vmcore;	/* the primary's core file */
	const char *table;	/* its offset table */
	const char *record;	/* -r: record the pages read here */
	const char *fstype;	/* files -t */
	const char *out_dir;	/* files -d */
	const char *out;	/* dump's output */
	bool kernel_only;	/* dump -k */
};

void __attribute__((noreturn, format(printf, 1, 2))) die(const char *fmt, ...);
struct orthros_reader *open_reader(const struct options *o, unsigned int needs);
int close_reader(struct orthros_reader *r, const struct options *o, int ret);

/*
 * The page recorder behind -r: tests/lib/reader-record.c, linked into
 * the build for test images only.  Absent, -r is refused.
 */
int orthros_record_start(struct orthros_reader *r) __attribute__((weak));
int orthros_record_write(const char *out) __attribute__((weak));

/* The commands. */
int cmd_log(const struct options *o);		/* log.c */
int cmd_vmcoreinfo(const struct options *o);
int cmd_dump(const struct options *o);		/* dump.c */
int cmd_tasks(const struct options *o);		/* walk.c */
int cmd_maps(const struct options *o);
int cmd_mounts(const struct options *o);
int cmd_files(const struct options *o);

#endif /* ORTHROS_POSTMORTEM_H */
