// SPDX-License-Identifier: GPL-2.0-only
/*
 * orthros-failover: the backup's failover daemon.  No operator needed.
 *
 *   orthros-failover [-n] [-J] [-F] [-P] [-a [-r IMAGE_FILE]] [-m MODULE_DIR]
 *                    [-s STATUS_FILE]
 *
 * Started by the backup's /init (or a scenario's backup script).  Setup
 * first: it loads the reader and the takeover modules (MODULE_DIR,
 * default /lib/orthros/<this kernel's release> if there is one, else
 * /lib/orthros: orthros_reader, orthros_journal, orthros_pagecache),
 * which only offer their steps, and sets the backup
 * marker the primary can read (/sys/kernel/orthros/backup_marker) to
 * "armed".  Then it waits for the takeover event (the primary panicked,
 * hung or asked for an update, and the backup kernel fenced it) and runs
 * the phases in order, each a function of phases.c, each timed:
 *
 *   devices     take the primary's PCI devices (step primary/devices),
 *               read the primary's disk mounts from its memory (the
 *               reader library, linked in), wait for those disks, and
 *               put the service's NIC up, without the service IP
 *   journal     step primary/journal (orthros_journal.ko): write the
 *               metadata the primary had not committed (-J: only report
 *               it, and take clean pages as durable: the takeover as it
 *               was before, a control that loses data; -F: only report
 *               it, so the file-cache migration takes its fallback, as
 *               after a panic inside a metadata change)
 *   mounts      mount each disk where the primary had it
 *   pagecache   step primary/pagecache (orthros_pagecache.ko): the
 *               primary's unwritten pages into the page cache of the
 *               same files here (-n skips it, the journal phase and the
 *               sync phase, for tests that must show what is lost
 *               without them)
 *   processes   the processes of the designated pid namespace, dumped
 *               from the primary's memory as criu images and restored
 *               with criu (-P skips it)
 *   network     the service IP (orthros.service_ip=ADDR/LEN on the
 *               command line) on the primary's NIC, once its link is up
 *
 * then, once the service is up (it does not count in its downtime):
 *
 *   sync        syncfs() of every disk mounted: what the file-cache
 *               phase wrote is on the disks before anything else
 *
 * and with -a the machine adopted, in this order, since nothing may read
 * the primary's memory after the second:
 *
 *   cpus        the primary's CPUs brought up here (step primary/cpus)
 *   memory      its RAM given to this kernel, /proc/vmcore removed
 *               (step primary/memory)
 *
 * and with -r, then, so that the machine is protected again without an
 * operator (unless an earlier phase failed: the kernel then runs
 * unprotected, and says why):
 *
 *   rearm       this kernel lends a CPU and the memory the memory step
 *               kept back, and becomes a primary (step primary/rearm)
 *   arm         the next backup: the image IMAGE_FILE names, one
 *               key=value a line ("kernel=PATH", "initrd=PATH",
 *               "append=COMMAND LINE"; '#' starts a comment), loaded
 *               with stock "kexec -p -s", started through
 *               /sys/kernel/orthros/start, and waited for until its state
 *               is running (at most a minute).  The file is read then,
 *               so it may sit on a disk the takeover mounted.
 *
 * The daemon's code is locked in memory at setup: no page fault of its
 * own in the takeover.
 *
 * -J and -F reach the modules as their parameters, written to
 * /sys/module/<module>/parameters/ just before each step runs (not at
 * load time, so a module loaded by someone else still gets them):
 * journal finish=N under -J or -F, else Y; pagecache trust_clean=Y under
 * -J, else N.  At setup both get quiet=Y: their reports stay off the
 * console, as the daemon prints each step's result with its phase.
 *
 * The wait: poll() on /sys/kernel/orthros/primary/state, which the
 * backup kernel sysfs_notify()s when an event arrives (fencing) and when
 * it has decided (fenced or unfenced).  One channel, chosen over the
 * KOBJ_CHANGE uevent the kernel also sends because the file is both the
 * edge and the level: each read re-arms the notification, so an event
 * that came before the daemon started (or between its read and its
 * poll) is in what it read, and nothing can be lost; a netlink socket
 * needs its own re-check of the state after subscribing, can overflow
 * (ENOBUFS) while the backup's drivers send their own uevents, and makes
 * the daemon parse every uevent of the machine.
 *
 * What it did is written twice.  For people, "orthros-failover: " lines
 * in the kernel log: the few that cannot wait as they happen, then, once
 * the service IP is up (a line on a serial console costs downtime), a
 * line per phase with its facts and a summary with each phase's time;
 * the total runs from the primary's freeze, primary/event_tsc, to the
 * service IP being up.  For programs, the status file (default
 * /run/orthros-failover.status), rewritten whole once the service IP
 * is up, after each later phase and after a phase that failed, one
 * record a line, each a list of key=value pairs (values escaped as
 * /proc/mounts does: blank, tab, newline and backslash as \ooo), the
 * first pair naming the record:
 *
 *   event=panic primary=fenced tsc=N reason=...
 *   phase=devices ok=1 error=0 skipped=0 ms=12.3 kernel_us=N devices=N disks=N missing=N link=up cpu_ms=N
 *   phase=journal ok=1 error=0 skipped=0 ms=... kernel_us=N filesystems=N finished=N ... cpu_ms=N
 *   phase=mounts ok=1 error=0 skipped=0 ms=... mounted=N failed=N cpu_ms=N
 *   phase=pagecache ok=1 error=0 skipped=0 ms=... kernel_us=N mounts=N files=N ... cpu_ms=N
 *   phase=network ok=1 error=0 skipped=0 ms=... ip=ADDR/LEN dev=eth0 cpu_ms=N
 *   phase=sync ok=1 error=0 skipped=0 ms=... synced=N failed=N cpu_ms=N
 *   phase=cpus ok=1 error=0 skipped=0 ms=... kernel_us=N adopted=N failed=N online=N cpu_ms=N
 *   phase=memory ok=1 error=0 skipped=0 ms=... kernel_us=N adopted_mb=N kept_pages=N rearm_mb=N ranges=N cpu_ms=N
 *   phase=rearm ok=1 error=0 skipped=0 ms=... kernel_us=N cpu=N crash_mb=N cpu_ms=N
 *   phase=arm ok=1 error=0 skipped=0 ms=... image=PATH load_ms=N boot_ms=N state=running cpu_ms=N
 *   disk=/dev/vda path=/mnt/disk fstype=ext4 appeared=1 mounted=1 error=0
 *   summary=taken-over ok=1 failed=0 event=panic freeze_to_service_ms=N freeze_to_daemon_ms=N [freeze_to_protected_ms=N]
 *
 * (cpu_ms: the CPU time the phase took, the daemon's and the kernel's for
 * it; what ms has beyond it was waiting, or other tasks.  summary=failed
 * when a phase failed, summary=not-fenced when the primary was not
 * fenced, summary=no-event when the wait itself failed,
 * e.g. not on a backup; the freeze_to_* pairs only when the primary's
 * freeze time is known).  The journal and pagecache pairs are the steps'
 * own, documented in orthros_journal.c and migrate.c.
 *
 * Exit status: 0 if every phase succeeded, 1 otherwise (the later phases
 * still run: a disk that does not mount does not keep the IP down), 2 for
 * a wrong option.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>
#include <x86intrin.h>

#include <linux/orthros.h>	/* the primary's states and events, by name */

#include "failover.h"
#include "../lib/sysfs.h"

#define STATUS_FILE	"/run/orthros-failover.status"

extern char __executable_start[], etext[];	/* the linker's */

/*
 * One line to the kernel log (/dev/kmsg, so it sits with the kernel's own
 * takeover messages and reaches the console whole), or to stdout without
 * it.  Boot the backup with printk.devkmsg=on: by default the kernel keeps
 * only the first 10 lines user space writes in 5 s.
 */
static void vsay(const char *fmt, va_list ap)
{
	static int kmsg = -2;
	char line[1024];
	int n;

	if (kmsg == -2)
		kmsg = open("/dev/kmsg", O_WRONLY | O_CLOEXEC);
	n = snprintf(line, sizeof(line), "<5>orthros-failover: ");
	vsnprintf(line + n, sizeof(line) - n, fmt, ap);
	/* Without the newline the kernel keeps the record open, unseen. */
	strcpy(line + strnlen(line, sizeof(line) - 2), "\n");
	if (kmsg < 0 || write(kmsg, line, strlen(line)) < 0)
		printf("%s", line + 3);
	fflush(stdout);
}

void say(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsay(fmt, ap);
	va_end(ap);
}

/*
 * Lines that only say a step went as it should wait until the service is
 * up (say_what_waited()): on a serial console each character costs the
 * downtime its time, 87 us at 115200 baud.  Failures are said at once.
 */
static char later[16][256];
static unsigned int nr_later;

void say_later(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (nr_later < sizeof(later) / sizeof(later[0]))
		vsnprintf(later[nr_later++], sizeof(later[0]), fmt, ap);
	else
		vsay(fmt, ap);
	va_end(ap);
}

static void say_what_waited(void)
{
	unsigned int i;

	for (i = 0; i < nr_later; i++)
		say("%s", later[i]);
	nr_later = 0;
}

/* @in into @out (of @len bytes), blanks and backslashes as \ooo. */
static void escape(char *out, size_t len, const char *in)
{
	size_t n = 0;

	for (; *in && n + 5 <= len; in++) {
		unsigned char c = *in;

		if (c <= ' ' || c == '\\' || c == 0x7f)
			n += snprintf(out + n, len - n, "\\%03o", c);
		else
			out[n++] = c;
	}
	out[n] = '\0';
}

/**
 * fact() - add a fact to a phase's result
 * @res: the result
 * @key: its key (no blanks, no '=')
 * @fmt: its value, printf-style; escaped here
 */
void fact(struct phase_result *res, const char *key, const char *fmt, ...)
{
	struct fact *f;
	char value[1024];
	va_list ap;

	if (res->nr_facts == MAX_FACTS)
		return;
	f = &res->facts[res->nr_facts++];
	snprintf(f->key, sizeof(f->key), "%s", key);
	va_start(ap, fmt);
	vsnprintf(value, sizeof(value), fmt, ap);
	va_end(ap);
	escape(f->value, sizeof(f->value), value);
}

double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static const struct phase {
	const char *name;	/* in the status file */
	const char *title;	/* in the log's summary */
	int (*run)(struct takeover *t, struct phase_result *res);
	bool cache;		/* skipped by -n */
	bool up;		/* after the service is up */
	bool adopt;		/* only with -a */
	bool rearm;		/* only with -r, after the adoption */
} phases[] = {
	{ "devices", "devices", phase_devices, false, false, false, false },
	{ "journal", "journal", phase_journal, true, false, false, false },
	{ "mounts", "mounts", phase_mounts, false, false, false, false },
	{ "pagecache", "file cache", phase_pagecache, true, false, false, false },
	{ "processes", "processes", phase_processes, false, false, false, false },
	{ "network", "network", phase_network, false, false, false, false },
	{ "sync", "sync", phase_sync, true, true, false, false },
	{ "cpus", "CPUs", phase_cpus, false, true, true, false },
	{ "memory", "memory", phase_memory, false, true, true, false },
	{ "rearm", "re-arm", phase_rearm, false, true, true, true },
	{ "arm", "next backup", phase_arm, false, true, true, true },
};

#define NR_PHASES	(sizeof(phases) / sizeof(phases[0]))

/* The event, as the backup kernel reported it. */
struct event {
	char name[32], state[32], reason[4 * 128];	/* reason: escaped */
	unsigned long long tsc;				/* the primary's freeze */
};

/* What the status file holds: everything known so far. */
struct status {
	const char *path;
	const struct takeover *t;
	const struct event *ev;
	const struct phase_result *res;
	unsigned int done;			/* phases with a result */
	char summary[512];			/* "" until the end */
};

static void print_phase(FILE *f, const struct phase *p, const struct phase_result *res)
{
	unsigned int i;

	fprintf(f, "phase=%s ok=%d error=%d skipped=%d ms=%.1f", p->name, !res->error,
		res->error, res->skipped, res->ms);
	for (i = 0; i < res->nr_facts; i++)
		fprintf(f, " %s=%s", res->facts[i].key, res->facts[i].value);
	fputc('\n', f);
}

static void print_disk(FILE *f, const struct disk *d)
{
	char dev[4 * sizeof(d->dev)], path[4 * sizeof(d->path)], fstype[4 * sizeof(d->fstype)];

	escape(dev, sizeof(dev), d->dev);
	escape(path, sizeof(path), d->path);
	escape(fstype, sizeof(fstype), d->fstype);
	fprintf(f, "disk=%s path=%s fstype=%s appeared=%d mounted=%d error=%d\n", dev, path,
		fstype, d->appeared, d->mounted, d->error);
}

/* Rewrite the status file whole (a reader never sees half of it). */
static void write_status(const struct status *s)
{
	char tmp[4096], dir[4096], *slash;
	unsigned int i;
	FILE *f;
	int err;

	snprintf(dir, sizeof(dir), "%s", s->path);
	slash = strrchr(dir, '/');
	if (slash && slash != dir) {
		*slash = '\0';
		err = mkdir_p(dir, 0755);
		if (err)
			say("status: %s: %s", dir, strerror(-err));
	}
	snprintf(tmp, sizeof(tmp), "%s.tmp", s->path);
	f = fopen(tmp, "w");
	if (!f) {
		say("status: %s: %s", tmp, strerror(errno));
		return;
	}
	if (s->ev)
		fprintf(f, "event=%s primary=%s tsc=%llu reason=%s\n", s->ev->name, s->ev->state,
			s->ev->tsc, s->ev->reason);
	for (i = 0; i < s->done; i++)
		print_phase(f, &phases[i], &s->res[i]);
	if (s->summary[0]) {
		for (i = 0; i < s->t->nr_disks; i++)
			print_disk(f, &s->t->disks[i]);
		fprintf(f, "%s\n", s->summary);
	}
	if (fclose(f) || rename(tmp, s->path))
		say("status: %s: %s", s->path, strerror(errno));
}

/* The human line of a phase: what it did and how long it took. */
static void say_phase(const struct phase *p, const struct phase_result *res)
{
	char facts[2048];
	unsigned int i;
	int n = 0;

	facts[0] = '\0';
	for (i = 0; i < res->nr_facts && n < (int)sizeof(facts); i++)
		n += snprintf(facts + n, sizeof(facts) - n, " %s=%s", res->facts[i].key,
			      res->facts[i].value);
	if (res->error)
		say("%s: FAILED (%s) in %.1f ms%s%s", p->title, strerror(-res->error), res->ms,
		    facts[0] ? ":" : "", facts);
	else
		say("%s: done in %.1f ms%s%s", p->title, res->ms, facts[0] ? ":" : "", facts);
}

/* primary/NAME into @buf, or "" if it cannot be read. */
static void read_primary(const char *name, char *buf, size_t len)
{
	char path[256];

	snprintf(path, sizeof(path), PRIMARY "%s", name);
	if (sysfs_read_value(path, buf, len))
		buf[0] = '\0';
}

/*
 * Wait until the backup kernel has decided on the primary after an
 * event: fenced (take over) or unfenced (do not).  See the header for
 * why poll() on primary/state.
 */
static int wait_for_takeover(struct event *ev)
{
	const char *fenced = orthros_primary_state_name(ORTHROS_PRIMARY_FENCED);
	const char *unfenced = orthros_primary_state_name(ORTHROS_PRIMARY_UNFENCED);
	struct pollfd p = { .events = POLLPRI };
	char reason[128], tsc[32];
	ssize_t n;
	int err = 0;

	p.fd = open(PRIMARY "state", O_RDONLY | O_CLOEXEC);
	if (p.fd < 0) {
		err = -errno;
		say("no %sstate: not an Orthros backup", PRIMARY);
		return err;
	}
	for (;;) {
		/* Each read re-arms the notification: a change after it wakes poll(). */
		n = pread(p.fd, ev->state, sizeof(ev->state) - 1, 0);
		if (n < 0) {
			err = -errno;
			break;
		}
		ev->state[n] = '\0';
		ev->state[strcspn(ev->state, "\n")] = '\0';
		if (!strcmp(ev->state, fenced) || !strcmp(ev->state, unfenced))
			break;
		if (poll(&p, 1, -1) < 0 && errno != EINTR) {
			err = -errno;
			break;
		}
	}
	close(p.fd);
	if (err) {
		say("waiting on %sstate: %s", PRIMARY, strerror(-err));
		return err;
	}
	read_primary("event", ev->name, sizeof(ev->name));
	read_primary("event_reason", reason, sizeof(reason));
	escape(ev->reason, sizeof(ev->reason), reason);
	read_primary("event_tsc", tsc, sizeof(tsc));
	ev->tsc = strtoull(tsc, NULL, 10);
	say_later("primary %s after %s", ev->state, ev->name);
	if (strcmp(ev->state, fenced)) {
		say("the primary is not fenced: taking over could corrupt what it still writes");
		return -EBUSY;
	}
	return 0;
}

/* Load the modules that offer the steps: setup, before the event. */
static void setup(const struct takeover *t)
{
	static const char *const modules[] = {
		"orthros_reader", "orthros_journal", "orthros_pagecache",
	};
	double start = now_ms();
	unsigned int i;
	int err;

	for (i = 0; i < sizeof(modules) / sizeof(modules[0]); i++)
		if (load_module(t, modules[i]))
			break;	/* the others depend on it */
	if (i == sizeof(modules) / sizeof(modules[0]))
		quiet_steps();
	/*
	 * The daemon's code in memory and mapped now: a page fault in the
	 * takeover is time the service is down (its buffers are not locked:
	 * most are for the processes phase, and only if there are any).
	 */
	if (mlock(__executable_start, etext - __executable_start))
		say("cannot lock the daemon's code in memory: %s", strerror(errno));
	/* Tell the primary (its backup_marker) that takeover is armed. */
	err = sysfs_write_file("/sys/kernel/orthros/backup_marker", "armed");
	if (err)
		say("cannot set the backup marker: %s", strerror(-err));
	say("armed in %.1f ms; waiting for the primary", now_ms() - start);
}

static void usage(void)
{
	fprintf(stderr, "usage: orthros-failover [-n] [-J] [-F] [-P] [-a [-r IMAGE_FILE]] [-m MODULE_DIR] [-s STATUS_FILE]\n");
	exit(2);
}

static void parse_options(int argc, char **argv, struct takeover *t, struct status *s)
{
	int opt;

	while ((opt = getopt(argc, argv, "nJFPar:m:s:")) != -1) {
		if (opt == 'n')
			t->skip_cache = true;
		else if (opt == 'J')
			t->trust_clean = t->no_finish = true;
		else if (opt == 'F')
			t->no_finish = true;
		else if (opt == 'P')
			t->skip_processes = true;
		else if (opt == 'a')
			t->adopt = true;
		else if (opt == 'r')
			t->rearm_conf = optarg;
		else if (opt == 'm')
			t->module_dir = optarg;
		else if (opt == 's')
			s->path = optarg;
		else
			usage();
	}
	/* Re-arming lends what the adoption gave. */
	if (optind != argc || (t->rearm_conf && !t->adopt))
		usage();
}

/* The run of the phases, on both clocks. */
struct run {
	unsigned int failed;
	unsigned long long tsc_start, tsc_end;
	double ms;
};

/* CPU time of this thread and of its children that ended, in ms. */
static double cpu_ms(void)
{
	struct rusage self, children;

	getrusage(RUSAGE_THREAD, &self);
	getrusage(RUSAGE_CHILDREN, &children);
	return (self.ru_utime.tv_sec + self.ru_stime.tv_sec + children.ru_utime.tv_sec +
		children.ru_stime.tv_sec) * 1e3 +
	       (self.ru_utime.tv_usec + self.ru_stime.tv_usec + children.ru_utime.tv_usec +
		children.ru_stime.tv_usec) / 1e3;
}

/*
 * Run the phases in order, the status file rewritten once the service
 * is up, after each later phase and after a phase that failed.  Their
 * log lines wait until the end: on a serial console every line costs
 * time the service is down.  Each phase's CPU time (cpu_ms=, its own and
 * the kernel's work for it) against its time says how much of it was
 * waiting.
 */
static void run_phases(struct takeover *t, struct status *s, struct phase_result *res,
		       struct run *run)
{
	double start = now_ms(), phase_start, phase_cpu;
	unsigned int i;

	run->tsc_start = __rdtsc();
	for (i = 0; i < NR_PHASES; i++) {
		phase_start = now_ms();
		phase_cpu = cpu_ms();
		if ((phases[i].cache && t->skip_cache) || (phases[i].adopt && !t->adopt) ||
		    (phases[i].rearm && (!t->rearm_conf || run->failed)))
			res[i].skipped = true;
		else
			res[i].error = phases[i].run(t, &res[i]);
		res[i].ms = now_ms() - phase_start;
		fact(&res[i], "cpu_ms", "%.1f", cpu_ms() - phase_cpu);
		run->failed += !!res[i].error;
		s->done = i + 1;
		/* The service is up after the last phase before those marked up. */
		if (!phases[i].up) {
			run->tsc_end = __rdtsc();
			run->ms = now_ms() - start;
		}
		/* Not while the service is down (a few ms a write), unless it failed. */
		if (res[i].error || i + 1 == NR_PHASES || phases[i + 1].up)
			write_status(s);
	}
}

/* The summary, in the status file and in the log, after each phase's line. */
static void summarize(struct status *s, const struct event *ev,
		      const struct phase_result *res, const struct run *run)
{
	/* TSC ticks per ms, measured over the run itself. */
	double khz = run->ms > 0 ? (run->tsc_end - run->tsc_start) / run->ms : 0;
	bool timed = khz > 0 && ev->tsc && ev->tsc < run->tsc_start;
	char times[256];
	unsigned int i;
	int n;

	say_what_waited();
	n = snprintf(s->summary, sizeof(s->summary), "summary=%s ok=%d failed=%u event=%s",
		     run->failed ? "failed" : "taken-over", !run->failed, run->failed, ev->name);
	if (timed)
		n += snprintf(s->summary + n, sizeof(s->summary) - n,
			      " freeze_to_service_ms=%.1f freeze_to_daemon_ms=%.1f",
			      (run->tsc_end - ev->tsc) / khz, (run->tsc_start - ev->tsc) / khz);
	if (timed && s->t->protected_tsc)
		snprintf(s->summary + n, sizeof(s->summary) - n, " freeze_to_protected_ms=%.1f",
			 (s->t->protected_tsc - ev->tsc) / khz);
	write_status(s);

	for (i = 0, n = 0; i < NR_PHASES && n < (int)sizeof(times); i++) {
		if (res[i].skipped && phases[i].rearm)
			say("%s: not run (%s)", phases[i].title,
			    s->t->rearm_conf ? "an earlier phase failed" : "no -r");
		else if (res[i].skipped && phases[i].adopt)
			say("%s: not adopted (no -a)", phases[i].title);
		else if (res[i].skipped)
			say("%s: skipped (-n): what the primary did not write back is lost",
			    phases[i].title);
		else
			say_phase(&phases[i], &res[i]);
		n += snprintf(times + n, sizeof(times) - n, "%s%s %.1f ms",
			      phases[i].up && (!i || !phases[i - 1].up) ? "; service up, then " : ", ",
			      phases[i].title, res[i].ms);
	}
	say("summary: %s; freeze to service IP %.1f ms: freeze to daemon %.1f ms%s",
	    run->failed ? "FAILED" : "taken over",
	    timed ? (run->tsc_end - ev->tsc) / khz : -1.0,
	    timed ? (run->tsc_start - ev->tsc) / khz : -1.0, times);
	if (timed && s->t->protected_tsc)
		say("summary: freeze to protected again (the next backup running) %.1f ms",
		    (s->t->protected_tsc - ev->tsc) / khz);
}

/*
 * Modules are built for one kernel: this kernel's own, by its release,
 * else those of /lib/orthros (an image for one kernel only).
 */
static const char *default_module_dir(void)
{
	static char dir[128];
	struct utsname u;
	struct stat st;

	if (!uname(&u)) {
		snprintf(dir, sizeof(dir), "/lib/orthros/%s", u.release);
		if (!stat(dir, &st) && S_ISDIR(st.st_mode))
			return dir;
	}
	return "/lib/orthros";
}

int main(int argc, char **argv)
{
	static struct takeover t;
	static struct phase_result res[NR_PHASES];
	struct status s = { .path = STATUS_FILE, .t = &t, .res = res };
	struct event ev = { 0 };
	struct run run = { 0 };

	parse_options(argc, argv, &t, &s);
	if (!t.module_dir)
		t.module_dir = default_module_dir();
	setup(&t);
	if (wait_for_takeover(&ev)) {
		s.ev = ev.state[0] ? &ev : NULL;
		snprintf(s.summary, sizeof(s.summary), "summary=%s ok=0 failed=0 event=%s",
			 ev.state[0] ? "not-fenced" : "no-event", ev.name[0] ? ev.name : "none");
		write_status(&s);
		return 1;
	}
	s.ev = &ev;
	run_phases(&t, &s, res, &run);
	summarize(&s, &ev, res, &run);
	return !!run.failed;
}
