// SPDX-License-Identifier: GPL-2.0-only
/*
 * orthros-failover: the phases of a takeover, each one function that
 * fills a struct phase_result and returns its error.
 *
 * The kernel does the work of three of them as takeover steps, files
 * under /sys/kernel/orthros/primary/ (devices, built in; journal and
 * pagecache, offered by orthros_journal.ko and orthros_pagecache.ko):
 * writing "run" runs one, and reading it gives its result as one line of
 * key=value pairs, which become the phase's facts.  The primary's mounts
 * are read from its memory by the reader library (the same source as
 * orthros_reader.ko), linked in.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <x86intrin.h>

#include "dump.h"
#include "failover.h"
#include "reader.h"
#include "../lib/sysfs.h"

/*
 * A debug-level line to the kernel log: not on the console, so it costs
 * the takeover next to nothing, and dmesg shows, with the kernel's own
 * lines, where its time went.
 */
static void trace(const char *what)
{
	static int fd = -2;
	char line[256];

	if (fd == -2)
		fd = open("/dev/kmsg", O_WRONLY | O_CLOEXEC);
	snprintf(line, sizeof(line), "<7>orthros-failover: trace %s\n", what);
	if (fd >= 0 && write(fd, line, strlen(line)) < 0)
		return;
}

/**
 * load_module() - load one of the Orthros modules, MODULE_DIR/NAME.ko
 * @t: the takeover (its module directory)
 * @name: the module
 *
 * Loading is setup: the modules offer their steps and wait to be run.
 *
 * Return: 0 (also if it was loaded already), or a negative errno (logged).
 */
int load_module(const struct takeover *t, const char *name)
{
	char path[4096];
	int fd, err = 0;

	snprintf(path, sizeof(path), "%s/%s.ko", t->module_dir, name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		err = -errno;
		say("setup: %s: %s", path, strerror(-err));
		return err;
	}
	if (syscall(SYS_finit_module, fd, "", 0) && errno != EEXIST) {
		err = -errno;
		say("setup: %s failed: %s (see the kernel log)", name, strerror(-err));
	}
	close(fd);
	return err;
}

/* Set module parameter @param of @module (0644) to @value. */
static int set_param(const char *module, const char *param, bool value)
{
	char path[256];
	int err;

	snprintf(path, sizeof(path), "/sys/module/%s/parameters/%s", module, param);
	err = sysfs_write_file(path, value ? "Y" : "N");
	if (err)
		say("%s: cannot set %s=%d: %s", module, param, value, strerror(-err));
	return err;
}

/**
 * quiet_steps() - the steps' reports off the console (setup)
 *
 * The daemon prints each step's result with its phase once the service
 * is up, and a console line written during the takeover is time the
 * service is down (a serial port writes it before printk() returns).
 * Failures and unusual paths are still on the console as they come.
 */
void quiet_steps(void)
{
	set_param("orthros_journal", "quiet", true);
	set_param("orthros_pagecache", "quiet", true);
}

/*
 * Take the step's result line ("state=done error=0 us=N key=value ...")
 * as facts: its own pairs as they are, its time as kernel_us.
 */
static void step_facts(const char *line, struct phase_result *res)
{
	char copy[4096], *pair, *save, *eq;

	snprintf(copy, sizeof(copy), "%s", line);
	for (pair = strtok_r(copy, " ", &save); pair; pair = strtok_r(NULL, " ", &save)) {
		eq = strchr(pair, '=');
		if (!eq)
			continue;
		*eq = '\0';
		if (!strcmp(pair, "state") || !strcmp(pair, "error"))
			continue;	/* the phase's own ok= and error= */
		fact(res, strcmp(pair, "us") ? pair : "kernel_us", "%s", eq + 1);
	}
}

/*
 * Run takeover step primary/@name once and take its result.  A step run
 * before (by an earlier daemon) is not run again: its result stands.
 */
static int run_step(const char *name, struct phase_result *res)
{
	char path[256], line[4096];
	int err, ret;

	snprintf(path, sizeof(path), PRIMARY "%s", name);
	err = sysfs_write_file(path, "run");
	if (err == -ENOENT) {
		say("%s: no %s: the step is not offered (its module did not load?)", name, path);
		return err;
	}
	ret = sysfs_read_value(path, line, sizeof(line));
	if (ret) {
		say("%s: cannot read %s: %s", name, path, strerror(-ret));
		return err ?: ret;
	}
	step_facts(line, res);
	if (err == -EALREADY) {
		say("%s: run before: %s", name, line);
		return strncmp(line, "state=done", 10) ? -EALREADY : 0;
	}
	if (err)
		say("%s: the step failed: %s (see the kernel log)", name, strerror(-err));
	return err;
}

/* Keep the primary's mounts of block devices (its /dev/root excepted). */
static int keep_disk(struct orthros_reader *r, u64 mnt, void *arg)
{
	static struct orthros_mount_info mi;
	struct takeover *t = arg;
	struct disk *d;

	if (orthros_reader_mount(r, mnt, &mi))
		return 0;	/* logged; the other mounts still count */
	if (strncmp(mi.dev, "/dev/", 5) || !strncmp(mi.dev, "/dev/root", 9))
		return 0;
	if (t->nr_disks == MAX_DISKS) {
		say("devices: more than %d disk mounts; %s on %s not taken", MAX_DISKS, mi.dev,
		    mi.path);
		return 0;
	}
	d = &t->disks[t->nr_disks++];
	memset(d, 0, sizeof(*d));
	snprintf(d->dev, sizeof(d->dev), "%s", mi.dev);
	snprintf(d->path, sizeof(d->path), "%s", mi.path);
	snprintf(d->fstype, sizeof(d->fstype), "%s", mi.fstype);
	return 0;
}

/* The primary's disk mounts, from its memory (/proc/vmcore). */
static int read_disks(struct takeover *t)
{
	struct orthros_reader *r;
	int ret;

	t->nr_disks = 0;
	ret = orthros_reader_open_vmcore(&r, NULL, NULL, ORTHROS_NEED_FS);
	if (ret)
		return ret;
	ret = orthros_reader_mounts(r, keep_disk, t);
	orthros_reader_close(r);
	return ret;
}

/*
 * Wait up to 5 s for @dev: a driver may probe asynchronously.  Every
 * millisecond: the service is down meanwhile, and a stat() costs little.
 */
static bool wait_for_device(const char *dev)
{
	struct stat st;
	int tries;

	for (tries = 0; tries < 5000; tries++) {
		if (!stat(dev, &st))
			return true;
		usleep(1000);
	}
	return false;
}

/* orthros.service_ip=ADDR/LEN from the command line; NULL if none. */
static const char *service_ip(void)
{
	static char cmdline[4096], ip[64];
	char *p;

	if (sysfs_read_value("/proc/cmdline", cmdline, sizeof(cmdline)))
		return NULL;
	p = strstr(cmdline, "orthros.service_ip=");
	if (!p || sscanf(p + strlen("orthros.service_ip="), "%63[^ ]", ip) != 1)
		return NULL;
	return ip;
}

/* "ip link set DEV up": the link up (SIOCSIFFLAGS, as ifconfig does). */
static int link_up(const char *dev)
{
	struct ifreq ifr = { 0 };
	int fd, err = 0;

	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", dev);
	if (ioctl(fd, SIOCGIFFLAGS, &ifr)) {
		err = -errno;
	} else if (!(ifr.ifr_flags & IFF_UP)) {
		ifr.ifr_flags |= IFF_UP;
		if (ioctl(fd, SIOCSIFFLAGS, &ifr))
			err = -errno;
	}
	close(fd);
	return err;
}

/*
 * Wait up to @ms for the NIC @dev to be up and able to send ("up", or
 * "unknown" for a driver that does not report it): until then its queue
 * discipline is noop_qdisc, which drops what is sent.
 */
static bool wait_for_link(const char *dev, int ms)
{
	char path[128], state[32];
	int tries;

	snprintf(path, sizeof(path), "/sys/class/net/%s/operstate", dev);
	for (tries = 0; tries <= ms; tries++) {
		if (!sysfs_read_value(path, state, sizeof(state)) &&
		    (!strcmp(state, "up") || !strcmp(state, "unknown")))
			return true;
		usleep(1000);
	}
	return false;
}

/**
 * phase_devices() - take the primary's PCI devices, wait for its disks,
 * put the service's NIC up
 * @t: the takeover; gets the primary's disk mounts
 * @res: the result: the step's devices=, then disks= (the primary's disk
 *	 mounts), missing= (those whose device did not appear) and link=
 *	 (the service's NIC: up, down, or none without a service IP)
 *
 * The NIC goes up here, without the service IP (phase_network() adds it,
 * last): the carrier and the queue discipline come up asynchronously,
 * meanwhile the journal and the mounts run.  With the address on before,
 * a connection that came in between found noop_qdisc, which dropped the
 * ARP request of the reply, and the neighbour waited its second
 * (retrans_time) to ask again: no answer for 1.2 s in 2 takeovers of 14.
 *
 * Return: 0, or the first negative errno.
 */
int phase_devices(struct takeover *t, struct phase_result *res)
{
	unsigned int i, missing = 0;
	int err;

	err = run_step("devices", res);
	trace("devices: step done");
	if (err)
		return err;	/* no disk will appear */
	err = read_disks(t);
	if (err)
		say("devices: cannot read all of the primary's mounts: %s", strerror(-err));
	for (i = 0; i < t->nr_disks; i++) {
		t->disks[i].appeared = wait_for_device(t->disks[i].dev);
		if (!t->disks[i].appeared) {
			say("devices: %s did not appear", t->disks[i].dev);
			missing++;
		}
	}
	fact(res, "disks", "%u", t->nr_disks);
	fact(res, "missing", "%u", missing);
	if (!service_ip())
		fact(res, "link", "none");
	else if (wait_for_device("/sys/class/net/eth0") && !link_up("eth0"))
		fact(res, "link", "up");
	else
		fact(res, "link", "down");	/* phase_network() says why */
	return err;
}

/**
 * phase_journal() - finish the primary's ext4 journals (primary/journal)
 * @t: the takeover (-J, -F: finish=0, the journal only reported)
 * @res: the result: the step's pairs (orthros_journal.ko's journal_show())
 *
 * Before anything mounts the disks, so that the mounts see the primary's
 * names, sizes and attributes, not those of its last commit.
 *
 * Return: 0, or a negative errno.
 */
int phase_journal(struct takeover *t, struct phase_result *res)
{
	return set_param("orthros_journal", "finish", !t->no_finish) ?:
	       run_step("journal", res);
}

/**
 * phase_mounts() - mount each disk where the primary had it
 * @t: the takeover: its disks
 * @res: the result: mounted= and failed= (each disk's own record is in
 *	 @t->disks)
 *
 * Return: 0, or the first mount's negative errno.
 */
int phase_mounts(struct takeover *t, struct phase_result *res)
{
	unsigned int i, mounted = 0;
	int err = 0;

	for (i = 0; i < t->nr_disks; i++) {
		struct disk *d = &t->disks[i];

		d->error = mkdir_p(d->path, 0755);
		if (!d->error && mount(d->dev, d->path, d->fstype, 0, NULL))
			d->error = -errno;
		if (d->error) {
			say("devices: mount %s on %s (%s): %s", d->dev, d->path, d->fstype,
			    strerror(-d->error));
			err = err ?: d->error;
			continue;
		}
		d->mounted = true;
		mounted++;
		say_later("devices: %s mounted on %s (%s), as in the primary", d->dev, d->path,
		    d->fstype);
	}
	fact(res, "mounted", "%u", mounted);
	fact(res, "failed", "%u", t->nr_disks - mounted);
	return err;
}

/**
 * phase_pagecache() - the primary's unwritten file cache into the same
 * files here, in the page cache (primary/pagecache; phase_sync() writes
 * it back)
 * @t: the takeover (-J: trust_clean=1)
 * @res: the result: the step's pairs (orthros_pagecache.ko's
 *	 pagecache_show())
 *
 * Return: 0, or a negative errno.
 */
int phase_pagecache(struct takeover *t, struct phase_result *res)
{
	return set_param("orthros_pagecache", "trust_clean", t->trust_clean) ?:
	       set_param("orthros_pagecache", "sync_mounts", false) ?:
	       run_step("pagecache", res);
}

/**
 * phase_sync() - what the file-cache phase wrote, on the disks
 * @t: the takeover (its mounted disks)
 * @res: the result: synced= and failed= (file systems)
 *
 * Run once the service is up: it reads the migrated files from the page
 * cache and need not wait for the disk.  Run before the adoption phases:
 * until it is done, a crash of this kernel, with no backup armed yet,
 * would lose what the primary's applications wrote.
 *
 * Return: 0, or the first syncfs()'s negative errno.
 */
int phase_sync(struct takeover *t, struct phase_result *res)
{
	unsigned int i, synced = 0, failed = 0;
	int err = 0, fd, e;

	for (i = 0; i < t->nr_disks; i++) {
		struct disk *d = &t->disks[i];

		if (!d->mounted)
			continue;
		fd = open(d->path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fd < 0 || syncfs(fd)) {
			e = errno;
			say("sync: %s: %s", d->path, strerror(e));
			err = err ?: -e;
			failed++;
		} else {
			synced++;
		}
		if (fd >= 0)
			close(fd);
	}
	fact(res, "synced", "%u", synced);
	fact(res, "failed", "%u", failed);
	return err;
}

static int run(char *const argv[]);

static double ms_since(const struct timespec *start)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - start->tv_sec) * 1e3 + (now.tv_nsec - start->tv_nsec) / 1e6;
}

#define RESTORE_TRIES	4
#define MAX_EXCLUDED	64

/*
 * The processes (pids in the namespace) whose restore failed, from
 * criu's log: each error line starts with the pid that hit it.  A
 * parent's report that a child exited names the parent: not counted.
 * Returns how many were added to @pids.
 */
static unsigned int failed_pids(const char *log, int *pids, unsigned int nr, unsigned int max)
{
	char line[1024], *e, *p;
	unsigned int added = 0, i;
	FILE *f = fopen(log, "r");
	int pid;

	if (!f)
		return 0;
	while (nr < max && fgets(line, sizeof(line), f)) {
		e = strstr(line, ": Error (");
		if (!e || strstr(line, " exited, status="))
			continue;
		for (p = e; p > line && p[-1] >= '0' && p[-1] <= '9'; p--)
			;
		pid = atoi(p);
		if (p == e || pid <= 1)
			continue;
		for (i = 0; i < nr && pids[i] != pid; i++)
			;
		if (i == nr) {
			pids[nr++] = pid;
			added++;
			say("processes: criu: %s", strtok(line, "\n"));
		}
	}
	fclose(f);
	return added;
}

/* Empty the image directory (but criu's log): another try, or done. */
static void empty_dir(const char *dir)
{
	char path[4096];
	struct dirent *e;
	DIR *d = opendir(dir);

	if (!d)
		return;
	while ((e = readdir(d)))
		if (e->d_name[0] != '.' && strcmp(e->d_name, "restore.log")) {
			snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
			unlink(path);
		}
	closedir(d);
}

/**
 * phase_processes() - the designated pid namespace's processes, restored
 * @t: the takeover (-P: not carried)
 * @res: the result: designated= (the primary's init pid, or none), then
 *	 processes= threads= skipped= pages= restarted= uncertain= (calls
 *	 restarted that may repeat part of what they did: executing on a CPU,
 *	 or a write that may have written part; uncertain_pids=, their
 *	 processes, if any) on_cpu= forks= (forks in
 *	 flight completed rather than made again) tcp_closed= (connections
 *	 carried closed) of the dump,
 *	 left_out= (their pids) and why= (the first one's reason) for the
 *	 processes left out, tries= (criu restores), and
 *	 dump_ms= and restore_ms= over all tries
 *
 * orthros-dump's translation (tools/dump/) writes them as criu images
 * from the primary's memory; Debian's criu restores them, in a new pid
 * namespace, with their pids.  After the file cache: the files they have
 * open must hold what the primary's page cache held.
 *
 * Return: 0 (also with nothing designated), or a negative errno.
 */
int phase_processes(struct takeover *t, struct phase_result *res)
{
	static const char dir[] = "/run/orthros/images";
	char value[64], *restore[] = { "criu", "restore", "-D", (char *)dir, "-d", "-v2",
				       "--tcp-close", "-o", "restore.log", NULL };
	static const char log[] = "/run/orthros/images/restore.log";
	unsigned int inum, tries, n, nr_excluded = 0;
	double dump_ms = 0, restore_ms = 0;
	int init_pid, ret, excluded[MAX_EXCLUDED];
	struct dump_options opt = { 0 };
	struct orthros_reader *r;
	struct dump_result d;
	struct timespec start;

	if (sysfs_read_value(PRIMARY "migrate_pidns", value, sizeof(value)) ||
	    sscanf(value, "%u %d", &inum, &init_pid) != 2) {
		fact(res, "designated", "none");
		return 0;
	}
	fact(res, "designated", "%d", init_pid);
	if (t->skip_processes) {
		say("processes: not carried (-P)");
		return 0;
	}
	ret = mkdir_p(dir, 0700);
	ret = ret ?: orthros_reader_open_vmcore(&r, ORTHROS_READER_VMCORE, ORTHROS_READER_TABLE,
						ORTHROS_NEED_PROCS);
	if (ret) {
		say("processes: cannot read the primary: %s", strerror(-ret));
		return ret;
	}
	/* A server bound to the service IP binds again before the IP is up. */
	if (sysfs_write_file("/proc/sys/net/ipv4/ip_nonlocal_bind", "1"))
		say("processes: cannot allow binding to the service IP before it is up");
	/*
	 * criu restores the tree or nothing: a process it fails on is left
	 * out of the next try (with its descendants), so that the others
	 * still come back.
	 */
	for (tries = 1; ; tries++) {
		clock_gettime(CLOCK_MONOTONIC, &start);
		empty_dir(dir);
		opt.exclude = excluded;
		opt.nr_exclude = nr_excluded;
		ret = dump_primary_clocks(&opt) ?: dump_pidns(r, init_pid, dir, &opt, &d);
		dump_ms += ms_since(&start);
		if (ret)
			break;
		clock_gettime(CLOCK_MONOTONIC, &start);
		ret = run(restore);
		restore_ms += ms_since(&start);
		if (!ret)
			break;
		n = failed_pids(log, excluded, nr_excluded, MAX_EXCLUDED);
		nr_excluded += n;
		say("processes: criu restore failed (%d); its log: %s%s", ret, log,
		    n && tries < RESTORE_TRIES ? "; again without the processes it failed on" : "");
		ret = -EIO;
		if (!n || tries == RESTORE_TRIES)
			break;
	}
	orthros_reader_close(r);
	/* The images hold a copy of every page: give the memory back. */
	empty_dir(dir);
	fact(res, "processes", "%u", d.processes);
	fact(res, "threads", "%u", d.threads);
	fact(res, "skipped", "%u", d.skipped);
	fact(res, "pages", "%llu", (unsigned long long)d.pages);
	fact(res, "restarted", "%u", d.restarted);
	fact(res, "uncertain", "%u", d.uncertain);
	if (d.uncertain)
		fact(res, "uncertain_pids", "%s", d.uncertain_pids);
	fact(res, "forks", "%u", d.forks);
	fact(res, "tcp_closed", "%u", d.tcp_closed);
	fact(res, "on_cpu", "%u", d.on_cpu);
	if (d.skipped) {
		fact(res, "left_out", "%s", d.skipped_pids);
		fact(res, "why", "%s", d.skipped_why);
	}
	fact(res, "tries", "%u", tries);
	fact(res, "dump_ms", "%.1f", dump_ms);
	fact(res, "restore_ms", "%.1f", restore_ms);
	if (ret) {
		say("processes: none restored: %s", strerror(-ret));
		return ret;
	}
	say_later("processes: %u processes, %u threads restored (%u left out)", d.processes, d.threads,
	    d.skipped);
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

/* Append attribute @type (@len bytes of @data) to the message @nh. */
static void add_attr(struct nlmsghdr *nh, unsigned short type, const void *data, size_t len)
{
	struct rtattr *rta = (struct rtattr *)((char *)nh + NLMSG_ALIGN(nh->nlmsg_len));

	rta->rta_type = type;
	rta->rta_len = RTA_LENGTH(len);
	memcpy(RTA_DATA(rta), data, len);
	nh->nlmsg_len = NLMSG_ALIGN(nh->nlmsg_len) + RTA_SPACE(len);
}

/*
 * Put ADDR/LEN on @dev as "ip addr add ADDR/LEN dev DEV" does: one
 * RTM_NEWADDR, with IFA_LOCAL and IFA_ADDRESS.  Here rather than by
 * ip(8): starting a program costs the service downtime (QEMU TCG: "ip
 * addr add" and "ip link set up" 12 to 23 ms; this and link_up() 4 to
 * 10).  Already there (a daemon run again) is done.
 */
static int add_address(const char *dev, const char *cidr)
{
	struct {
		struct nlmsghdr nh;
		struct ifaddrmsg ifa;
		char attrs[2 * RTA_SPACE(sizeof(struct in_addr))];
	} req = { 0 };
	struct sockaddr_nl nl = { .nl_family = AF_NETLINK };
	struct {
		struct nlmsghdr nh;
		struct nlmsgerr err;
	} ack;
	char addr[64], *slash;
	unsigned int len = 32;
	struct in_addr in;
	int fd, err;
	ssize_t n;

	snprintf(addr, sizeof(addr), "%s", cidr);
	slash = strchr(addr, '/');
	if (slash) {
		*slash = '\0';
		len = atoi(slash + 1);
	}
	if (inet_pton(AF_INET, addr, &in) != 1 || len > 32)
		return -EINVAL;
	req.nh.nlmsg_len = NLMSG_LENGTH(sizeof(req.ifa));
	req.nh.nlmsg_type = RTM_NEWADDR;
	req.nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL;
	req.ifa.ifa_family = AF_INET;
	req.ifa.ifa_prefixlen = len;
	req.ifa.ifa_index = if_nametoindex(dev);
	if (!req.ifa.ifa_index)
		return -errno;
	add_attr(&req.nh, IFA_LOCAL, &in, sizeof(in));
	add_attr(&req.nh, IFA_ADDRESS, &in, sizeof(in));
	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (fd < 0)
		return -errno;
	if (sendto(fd, &req, req.nh.nlmsg_len, 0, (struct sockaddr *)&nl, sizeof(nl)) < 0)
		err = -errno;
	else if ((n = recv(fd, &ack, sizeof(ack), 0)) < 0)
		err = -errno;
	else if ((size_t)n < sizeof(ack) || ack.nh.nlmsg_type != NLMSG_ERROR)
		err = -EIO;
	else
		err = ack.err.error == -EEXIST ? 0 : ack.err.error;
	close(fd);
	return err;
}

/**
 * phase_network() - the service IP on the primary's NIC, once its link is
 * up (phase_devices() put it up)
 * @t: the takeover
 * @res: the result: ip= (none without orthros.service_ip=) and dev=
 *
 * Return: 0, or the negative errno of what failed.
 */
int phase_network(struct takeover *t, struct phase_result *res)
{
	const char *ip = service_ip();
	int err;

	(void)t;
	fact(res, "ip", "%s", ip ?: "none");
	if (!ip) {
		say("network: no orthros.service_ip= on the command line; skipped");
		return 0;
	}
	fact(res, "dev", "eth0");
	err = wait_for_device("/sys/class/net/eth0") ? link_up("eth0") : -ENODEV;
	if (err) {
		say("network: cannot put eth0 up: %s", strerror(-err));
		return err;
	}
	if (!wait_for_link("eth0", 1000))
		say("network: eth0 is not up after 1 s (no carrier?); the address goes on anyway");
	trace("network: link ready");
	err = add_address("eth0", ip);
	if (err) {
		say("network: cannot put %s on eth0: %s", ip, strerror(-err));
		return err;
	}
	say_later("network: %s on eth0", ip);
	return 0;
}

/* The primary's CPUs, once the service is up (-a). */
int phase_cpus(struct takeover *t, struct phase_result *res)
{
	return run_step("cpus", res);
}

/* The primary's RAM, last: nothing reads the primary's memory after it. */
int phase_memory(struct takeover *t, struct phase_result *res)
{
	return run_step("memory", res);
}

/* This kernel lends a CPU and the memory kept back: a primary again (-r). */
int phase_rearm(struct takeover *t, struct phase_result *res)
{
	return run_step("rearm", res);
}

/* The next backup's image, from the -r file: kernel=, initrd=, append=. */
struct image_conf {
	char kernel[1024], initrd[1024], append[2048];
};

static int read_image_conf(const char *path, struct image_conf *c)
{
	char line[2200], *eq;
	FILE *f = fopen(path, "re");
	int err = 0;

	memset(c, 0, sizeof(*c));
	if (!f) {
		err = -errno;
		say("arm: %s: %s", path, strerror(errno));
		return err;
	}
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		eq = strchr(line, '=');
		if (line[0] == '#' || !line[0])
			continue;
		if (eq && !strncmp(line, "kernel=", 7))
			snprintf(c->kernel, sizeof(c->kernel), "%s", eq + 1);
		else if (eq && !strncmp(line, "initrd=", 7))
			snprintf(c->initrd, sizeof(c->initrd), "--initrd=%s", eq + 1);
		else if (eq && !strncmp(line, "append=", 7))
			snprintf(c->append, sizeof(c->append), "--append=%s", eq + 1);
		else {
			say("arm: %s: not kernel=, initrd= or append=: %s", path, line);
			err = -EINVAL;
		}
	}
	fclose(f);
	if (!err && !c->kernel[0]) {
		say("arm: %s names no kernel=", path);
		err = -EINVAL;
	}
	return err;
}

/*
 * The next backup (-r): its image loaded with stock kexec -p -s, started
 * on the CPU the rearm phase lent, and waited for until it runs.  From
 * then on this kernel is protected again.
 */
int phase_arm(struct takeover *t, struct phase_result *res)
{
	char state[32] = "", *argv[8];
	struct image_conf c;
	double start, loaded;
	int err, n = 0;

	err = read_image_conf(t->rearm_conf, &c);
	if (err)
		return err;
	argv[n++] = "kexec";
	argv[n++] = "-p";
	argv[n++] = "-s";
	if (c.initrd[0])
		argv[n++] = c.initrd;
	if (c.append[0])
		argv[n++] = c.append;
	argv[n++] = c.kernel;
	argv[n] = NULL;
	start = now_ms();
	if (run(argv)) {
		say("arm: kexec -p -s %s did not load it", c.kernel);
		return -ENOEXEC;
	}
	loaded = now_ms();
	fact(res, "image", "%s", c.kernel);
	fact(res, "load_ms", "%.1f", loaded - start);
	err = sysfs_write_file("/sys/kernel/orthros/start", "1");
	if (err) {
		say("arm: /sys/kernel/orthros/start: %s", strerror(-err));
		return err;
	}
	/* Booting, then running or stopped; a minute is far more than a boot. */
	while (now_ms() - loaded < 60000) {
		if (sysfs_read_value("/sys/kernel/orthros/state", state, sizeof(state)))
			break;
		if (strcmp(state, "booting"))
			break;
		usleep(2000);
	}
	t->protected_tsc = __rdtsc();
	fact(res, "boot_ms", "%.1f", now_ms() - loaded);
	fact(res, "state", "%s", state);
	if (strcmp(state, "running")) {
		say("arm: the next backup is %s, not running", state[0] ? state : "unknown");
		return -EIO;
	}
	return 0;
}
