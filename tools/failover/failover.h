/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * orthros-failover: what the sequencer (orthros-failover.c) and the
 * phases (phases.c) share.
 */
#ifndef ORTHROS_FAILOVER_H
#define ORTHROS_FAILOVER_H

#include <stdbool.h>

#define PRIMARY		"/sys/kernel/orthros/primary/"
#define MAX_DISKS	16
#define MAX_FACTS	32

/* One fact a phase found: a key and its value, escaped (no blanks). */
struct fact {
	char key[24];
	char value[232];
};

/*
 * struct phase_result - what one phase did
 * @error:	0, or the negative errno of the first thing that failed
 *		(the phase carries on where it can: a disk that does not
 *		mount does not keep the others down).
 * @skipped:	not run (-n).
 * @ms:		how long it took, on CLOCK_MONOTONIC.
 * @facts:	what it found and did, in the order found.
 */
struct phase_result {
	int error;
	bool skipped;
	double ms;
	unsigned int nr_facts;
	struct fact facts[MAX_FACTS];
};

/* One of the primary's disk mounts, as read from its memory. */
struct disk {
	char dev[256], path[4096], fstype[64];
	bool appeared, mounted;
	int error;		/* of the mount, or 0 */
};

/* The takeover: the options, and what one phase hands the next. */
struct takeover {
	const char *module_dir;	/* -m */
	bool skip_cache;	/* -n: no journal and file-cache phases */
	bool trust_clean;	/* -J: journal not finished, clean pages trusted */
	bool no_finish;		/* -F (and -J): journal only reported */
	bool skip_processes;	/* -P: the designated processes are not carried */
	bool adopt;		/* -a: the machine adopted after the service is up */
	const char *rearm_conf;	/* -r: re-arm, the next backup's image named here */
	unsigned long long protected_tsc;	/* when the next backup ran */
	struct disk disks[MAX_DISKS];
	unsigned int nr_disks;
};

void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void say_later(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void fact(struct phase_result *res, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int load_module(const struct takeover *t, const char *name);
void quiet_steps(void);
double now_ms(void);

int phase_devices(struct takeover *t, struct phase_result *res);
int phase_journal(struct takeover *t, struct phase_result *res);
int phase_mounts(struct takeover *t, struct phase_result *res);
int phase_pagecache(struct takeover *t, struct phase_result *res);
int phase_processes(struct takeover *t, struct phase_result *res);
int phase_network(struct takeover *t, struct phase_result *res);
int phase_sync(struct takeover *t, struct phase_result *res);
int phase_cpus(struct takeover *t, struct phase_result *res);
int phase_memory(struct takeover *t, struct phase_result *res);
int phase_rearm(struct takeover *t, struct phase_result *res);
int phase_arm(struct takeover *t, struct phase_result *res);

#endif /* ORTHROS_FAILOVER_H */
