/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * orthros-dump: the processes of the frozen primary's designated pid
 * namespace, written as a criu image directory for `criu restore`.
 */
#ifndef ORTHROS_DUMP_H
#define ORTHROS_DUMP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct orthros_reader;

/* What a dump found and wrote, for the daemon's status and the tests. */
struct dump_result {
	unsigned int processes, threads;	/* written */
	unsigned int skipped;			/* processes left out, each logged */
	uint64_t pages;				/* 4 KiB pages written */
	unsigned int restarted;			/* system calls to restart */
	unsigned int uncertain;			/* of those, maybe made twice in part */
	unsigned int on_cpu;			/* threads that ran at the freeze */
	unsigned int forks;			/* forks in flight completed */
	unsigned int tcp_closed;		/* TCP connections carried closed */
	char skipped_why[256];			/* the first reason */
	char skipped_pids[256];			/* "2,51,..." (may be cut short) */
	char uncertain_pids[256];		/* the processes of uncertain */
};

struct dump_options {
	const int *exclude;		/* pids (in the namespace) to leave out */
	unsigned int nr_exclude;
	bool clocks;			/* restore in a time namespace whose */
	uint64_t mono_ns, boot_ns;	/* clocks read these now */
};

/* The primary's clocks now, for dump_options (no clocks after a hang). */
int dump_primary_clocks(struct dump_options *opt);

/*
 * Dump the pid namespace whose init has host pid @init_pid in the primary
 * (/sys/kernel/orthros/primary/migrate_pidns) into @dir, which must exist
 * and be empty.  Returns 0 or a negative errno; a process that cannot be
 * carried over is logged, counted in @res and left out, with its
 * descendants (criu restores a tree).
 */
int dump_pidns(struct orthros_reader *r, int init_pid, const char *dir,
	       const struct dump_options *opt, struct dump_result *res);

#endif
