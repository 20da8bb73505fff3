// SPDX-License-Identifier: GPL-2.0-only
/*
 * orthros-failover: the backup's failover daemon.  No operator needed.
 *
 *   orthros-failover [-n] [-J] [-F] [-m MODULE_DIR]
 *
 * Started by the backup's /init.  Sets the backup marker the primary can
 * read (/sys/kernel/orthros/backup_marker) to "armed", waits for the
 * takeover event (the
 * primary panicked, hung or asked for an update, and the backup kernel
 * fenced it), then runs the phases in order, each timed with the TSC both
 * kernels share:
 *
 *   devices     take the primary's PCI devices (primary/devices), wait
 *               for the disks it had mounted (the primary's mounts, read
 *               from its memory by orthros-postmortem)
 *   journal     load orthros_journal.ko: write the metadata the primary
 *               had not committed (-J: only report it, and take clean
 *               pages as durable: the takeover as it was before, a
 *               control that loses data; -F: only report it, so the
 *               file-cache migration takes its fallback, as after a
 *               panic inside a metadata change)
 *   mounts      mount each disk where the primary had it
 *   file cache  load orthros_pagecache.ko: the primary's unwritten pages
 *               into the same files here, synced (-n skips it and the
 *               journal phase, for tests that must show what is lost
 *               without them)
 *   network     the service IP (orthros.service_ip=ADDR/LEN on the
 *               command line) on the primary's NIC, link up
 *
 * and logs (kernel log, "orthros-failover:") what it did and a summary
 * with each phase's time; the total runs
 * from the primary's freeze (primary/event_tsc) to the service IP being
 * up.  Exit status: 0 if every phase succeeded, 1 otherwise (the later
 * phases still run: a disk that does not mount does not keep the IP down).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <x86intrin.h>

#define PRIMARY		"/sys/kernel/orthros/primary/"
#define MAX_MOUNTS	16

static const char *module_dir = "/lib/orthros";
static bool skip_journal;	/* -J: the journal unfinished, clean pages trusted */
static bool fallback;		/* -F: the journal unfinished, as after a handle open */

/*
 * One line to the kernel log (/dev/kmsg, so it sits with the kernel's own
 * takeover messages and reaches the console whole), or to stdout without
 * it.  Boot the backup with printk.devkmsg=on: by default the kernel keeps
 * only the first 10 lines user space writes in 5 s.
 */
static void say(const char *fmt, ...)
{
	static int kmsg = -2;
	char line[512];
	va_list ap;
	int n;

	if (kmsg == -2)
		kmsg = open("/dev/kmsg", O_WRONLY | O_CLOEXEC);
	n = snprintf(line, sizeof(line), "<5>orthros-failover: ");
	va_start(ap, fmt);
	vsnprintf(line + n, sizeof(line) - n, fmt, ap);
	va_end(ap);
	/* Without the newline the kernel keeps the record open, unseen. */
	strcpy(line + strnlen(line, sizeof(line) - 2), "\n");
	if (kmsg < 0 || write(kmsg, line, strlen(line)) < 0)
		printf("%s", line + 3);
	fflush(stdout);
}

static int read_file(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

static int write_file(const char *path, const char *val)
{
	int fd = open(path, O_WRONLY);
	int ret = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, val, strlen(val)) < 0)
		ret = -errno;
	close(fd);
	return ret;
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Wait (poll on primary/event) until the primary is fenced after an event. */
static int wait_for_takeover(void)
{
	char event[32], state[32];

	for (;;) {
		int fd = open(PRIMARY "event", O_RDONLY);
		struct pollfd p = { .fd = fd, .events = POLLPRI | POLLERR };

		if (fd < 0) {
			say("no %sevent: not an Orthros backup", PRIMARY);
			return -1;
		}
		if (read(fd, event, sizeof(event)) < 0) {
			close(fd);
			return -1;
		}
		if (read_file(PRIMARY "state", state, sizeof(state)))
			state[0] = '\0';
		if (!strcmp(state, "fenced") || !strcmp(state, "unfenced")) {
			close(fd);
			break;
		}
		poll(&p, 1, 1000);
		close(fd);
	}
	read_file(PRIMARY "event", event, sizeof(event));
	say("primary %s after %s", state, event);
	if (strcmp(state, "fenced")) {
		say("the primary is not fenced: taking over could corrupt what it still writes");
		return -1;
	}
	return 0;
}

static int run(char *const argv[])
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		execvp(argv[0], argv);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

struct mount_entry {
	char dev[64], path[256], fstype[32];
};

/* The primary's mounts of block devices, read from its memory. */
static int primary_disk_mounts(struct mount_entry *m, int max)
{
	FILE *f = popen("orthros-postmortem mounts", "r");
	char line[640];
	int n = 0;

	if (!f)
		return -1;
	while (n < max && fgets(line, sizeof(line), f)) {
		if (sscanf(line, "mount %63s %255s %31s", m[n].dev, m[n].path, m[n].fstype) == 3 &&
		    !strncmp(m[n].dev, "/dev/", 5) && strncmp(m[n].dev, "/dev/root", 9))
			n++;
	}
	return pclose(f) ? -1 : n;
}

static void mkdirs(const char *path)
{
	char tmp[256], *p;

	snprintf(tmp, sizeof(tmp), "%s", path);
	for (p = tmp + 1; (p = strchr(p, '/')); p++) {
		*p = '\0';
		mkdir(tmp, 0755);
		*p = '/';
	}
	mkdir(tmp, 0755);
}

static struct mount_entry disks[MAX_MOUNTS];
static int nr_disks;

/* Take the primary's PCI devices and wait for the disks it had mounted. */
static int phase_devices(void)
{
	int i, tries;
	struct stat st;

	if (write_file(PRIMARY "devices", "take")) {
		say("devices: taking the primary's devices failed: %s", strerror(errno));
		return -1;
	}
	nr_disks = primary_disk_mounts(disks, MAX_MOUNTS);
	if (nr_disks < 0) {
		say("devices: cannot read the primary's mounts");
		nr_disks = 0;
		return -1;
	}
	for (i = 0; i < nr_disks; i++) {
		/* The driver probes asynchronously: give the disk 5 s to appear. */
		for (tries = 0; tries < 500 && stat(disks[i].dev, &st); tries++)
			usleep(10000);
		if (tries == 500)
			say("devices: %s did not appear", disks[i].dev);
	}
	return 0;
}

/* Load one of the Orthros modules (MODULE_DIR/NAME.ko) with PARAMS. */
static int load_module(const char *what, const char *name, const char *params)
{
	char path[256];
	int fd, ret;

	snprintf(path, sizeof(path), "%s/%s.ko", module_dir, name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		say("%s: %s: %s", what, path, strerror(errno));
		return -1;
	}
	ret = syscall(SYS_finit_module, fd, params, 0);
	if (ret && errno == EEXIST)
		ret = 0;
	else if (ret)
		say("%s: %s failed: %s (see the kernel log)", what, name, strerror(errno));
	close(fd);
	return ret ? -1 : 0;
}

/*
 * Before anything mounts the disks: write the metadata the primary had
 * not committed (orthros_journal.ko), so the mounts see its names, sizes
 * and attributes, not those of its last commit.
 */
static int phase_journal(void)
{
	return load_module("journal", "orthros_reader", "") ?:
	       load_module("journal", "orthros_journal",
			   skip_journal || fallback ? "finish=0" : "");
}

static int phase_mounts(void)
{
	int i, ret = 0;

	for (i = 0; i < nr_disks; i++) {
		mkdirs(disks[i].path);
		if (mount(disks[i].dev, disks[i].path, disks[i].fstype, 0, NULL)) {
			say("devices: mount %s on %s (%s): %s", disks[i].dev, disks[i].path,
			    disks[i].fstype, strerror(errno));
			ret = -1;
			continue;
		}
		say("devices: %s mounted on %s (%s), as in the primary", disks[i].dev,
		    disks[i].path, disks[i].fstype);
	}
	return ret;
}

static int phase_file_cache(void)
{
	return load_module("file cache", "orthros_pagecache", skip_journal ? "trust_clean=1" : "");
}

/* orthros.service_ip=ADDR/LEN from the command line; NULL if none. */
static const char *service_ip(void)
{
	static char cmdline[4096], ip[64];
	char *p;

	if (read_file("/proc/cmdline", cmdline, sizeof(cmdline)))
		return NULL;
	p = strstr(cmdline, "orthros.service_ip=");
	if (!p || sscanf(p + strlen("orthros.service_ip="), "%63[^ ]", ip) != 1)
		return NULL;
	return ip;
}

static int phase_network(void)
{
	const char *ip = service_ip();
	char *up[] = { "ip", "link", "set", "eth0", "up", NULL };
	char *add[] = { "ip", "addr", "add", (char *)ip, "dev", "eth0", NULL };
	int tries;
	struct stat st;

	if (!ip) {
		say("network: no orthros.service_ip= on the command line; skipped");
		return 0;
	}
	for (tries = 0; tries < 500 && stat("/sys/class/net/eth0", &st); tries++)
		usleep(10000);
	if (run(add) || run(up)) {
		say("network: could not put %s on eth0", ip);
		return -1;
	}
	say("network: %s on eth0", ip);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*run)(void);
		bool file_cache;	/* skipped by -n */
	} phases[] = {
		{ "devices", phase_devices, false },
		{ "journal", phase_journal, true },
		{ "mounts", phase_mounts, false },
		{ "file cache", phase_file_cache, true },
		{ "network", phase_network, false },
	};
	enum { NR_PHASES = sizeof(phases) / sizeof(phases[0]) };
	bool skip_cache = false;
	unsigned long long tsc_start, tsc_end, event_tsc = 0;
	double ms[NR_PHASES + 1];
	char buf[64], times[256];
	int opt, i, n, failed = 0;

	while ((opt = getopt(argc, argv, "nJFm:")) != -1) {
		if (opt == 'n')
			skip_cache = true;
		else if (opt == 'J')
			skip_journal = true;
		else if (opt == 'F')
			fallback = true;
		else if (opt == 'm')
			module_dir = optarg;
		else {
			fprintf(stderr, "usage: orthros-failover [-n] [-J] [-F] [-m MODULE_DIR]\n");
			return 2;
		}
	}
	/* Tell the primary (its backup_marker) that takeover is armed. */
	if (write_file("/sys/kernel/orthros/backup_marker", "armed"))
		say("cannot set the backup marker: %s", strerror(errno));
	say("armed; waiting for the primary");
	if (wait_for_takeover())
		return 1;
	if (!read_file(PRIMARY "event_tsc", buf, sizeof(buf)))
		event_tsc = strtoull(buf, NULL, 10);
	tsc_start = __rdtsc();
	ms[0] = now_ms();
	for (i = 0; i < NR_PHASES; i++) {
		if (phases[i].file_cache && skip_cache)
			say("%s: skipped (-n): what the primary did not write back is lost",
			    phases[i].name);
		else if (phases[i].run())
			failed = 1;
		ms[i + 1] = now_ms();
	}
	tsc_end = __rdtsc();
	/* TSC ticks per ms, measured over the run itself. */
	double khz = ms[NR_PHASES] > ms[0] ? (tsc_end - tsc_start) / (ms[NR_PHASES] - ms[0]) : 0;
	bool timed = khz > 0 && event_tsc && event_tsc < tsc_start;

	for (i = 0, n = 0; i < NR_PHASES && n < (int)sizeof(times); i++)
		n += snprintf(times + n, sizeof(times) - n, ", %s %.1f ms", phases[i].name,
			      ms[i + 1] - ms[i]);
	say("summary: %s; freeze to service IP %.1f ms: freeze to daemon %.1f ms%s",
	    failed ? "FAILED" : "taken over",
	    timed ? (tsc_end - event_tsc) / khz : -1.0,
	    timed ? (tsc_start - event_tsc) / khz : -1.0, times);
	return failed;
}
