// SPDX-License-Identifier: GPL-2.0-only
/*
 * failover_test: the primary notifies, the backup detects, fences and
 * reads the frozen primary.  One binary for both sides; the scenario
 * scripts pick the tests with -t:
 *
 * primary_*  run in the primary: bad input, arming a backup, load while a
 *            backup watches it.
 * backup_*   run in the backup, from its /init: what it must refuse before
 *            an event, the event itself (ORTHROS_EXPECT=panic|hang|update),
 *            the primary's log, its tasks, mounts, VMAs and cached files
 *            through both builds of the reader (ORTHROS_DAMAGED=tasks when
 *            the primary broke its task list on purpose), a mini vmcore for
 *            the host's drgn, and watching a loaded primary without a false
 *            alarm.
 */
#include <linux/capability.h>
#include <linux/netlink.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <x86intrin.h>

#include "kselftest_harness.h"
#include "orthros_test.h"

#define PRIMARY "primary/"

/*
 * Shell commands that name what the host reads (console lines, the files
 * sent over the harness channel) take the names from the one list,
 * tests/lib/protocol.sh, and its helpers.
 */
#define PROTOCOL ". /tests/lib/protocol.sh && "

/* Run @fn in a child that is still uid 0 but has no capabilities at all. */
static int without_caps(int (*fn)(void))
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		struct __user_cap_header_struct hdr = {
			.version = _LINUX_CAPABILITY_VERSION_3,
		};
		struct __user_cap_data_struct data[2] = {};

		if (syscall(SYS_capset, &hdr, data))
			_exit(100);
		_exit(-fn());
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return -WEXITSTATUS(status);
}

static int write_update(void)		{ return sysfs_write("update", "1"); }
static int write_heartbeat(void)	{ return sysfs_write("heartbeat_period_ms", "100"); }
static int write_watchdog(void)		{ return sysfs_write(PRIMARY "watchdog_timeout_ms", "1000"); }

/* Give the long tests room: the harness default is 30 s. */
FIXTURE(failover) {};
FIXTURE_SETUP(failover) {}
FIXTURE_TEARDOWN(failover) {}

/* --- primary side ------------------------------------------------------ */

TEST_F(failover, primary_rejects_bad_input)
{
	char buf[32];

	/* No backup: nothing can take over. */
	EXPECT_EQ(-ENODEV, sysfs_write("update", "1"));
	EXPECT_EQ(-EINVAL, sysfs_write("update", "0"));
	EXPECT_EQ(-EINVAL, sysfs_write("update", "later"));
	EXPECT_EQ(-EINVAL, sysfs_write("heartbeat_period_ms", "9"));
	EXPECT_EQ(-EINVAL, sysfs_write("heartbeat_period_ms", "10001"));
	EXPECT_EQ(-EINVAL, sysfs_write("heartbeat_period_ms", "fast"));
	EXPECT_EQ(-EPERM, without_caps(write_update));
	EXPECT_EQ(-EPERM, without_caps(write_heartbeat));
	/* Each refusal says why in the kernel log. */
	EXPECT_EQ(0, system("dmesg | grep -q 'orthros: update: no backup is running'"));
	EXPECT_EQ(0, system("dmesg | grep -q 'orthros: heartbeat_period_ms: 9 is out of range'"));
	EXPECT_EQ(0, system("dmesg | grep -q 'orthros: update: needs CAP_SYS_ADMIN'"));
	/* Nothing changed, and a good value is taken. */
	ASSERT_EQ(0, sysfs_read("heartbeat_period_ms", buf, sizeof(buf)));
	EXPECT_STREQ("100", buf);
	EXPECT_EQ(0, sysfs_write("heartbeat_period_ms", "50"));
	EXPECT_EQ(0, sysfs_write("heartbeat_period_ms", "100"));
}

/*
 * orthros-load-backup (tests/lib/load-backup.sh) writes the command line,
 * with the scenario's knobs; ORTHROS_BACKUP_KERNEL picks another backup
 * kernel than the primary's own, ORTHROS_BACKUP_APPEND adds to it.
 */
static int load_and_start_backup(const char *scenario, const char *expect)
{
	char cmd[256];

	snprintf(cmd, sizeof(cmd), "orthros-load-backup scenario:%s orthros.expect=%s",
		 scenario, expect);
	if (system(cmd))
		return -1;
	return sysfs_write("start", "1");
}

/* Start a backup that runs its side of the scenario; wait until it listens. */
TEST_F_TIMEOUT(failover, primary_arms_backup, 300)
{
	const char *scenario = getenv("ORTHROS_SCENARIO");
	const char *expect = getenv("ORTHROS_EXPECT");

	ASSERT_NE(NULL, scenario);
	ASSERT_NE(NULL, expect);
	ASSERT_EQ(0, load_and_start_backup(scenario, expect));
	ASSERT_EQ(0, wait_for("backup_marker", "armed", 240))
		TH_LOG("the backup never reported it was armed");
	/* With a watchdog of 1000 ms, a heartbeat above 500 ms is refused. */
	EXPECT_EQ(-EINVAL, sysfs_write("heartbeat_period_ms", "600"));
}

static void spin_user(void)
{
	volatile unsigned long n = 0;

	for (;;)
		n++;
}

static void spin_kernel(void)
{
	static char buf[1 << 20];
	int zero = open("/dev/zero", O_RDONLY);
	int null = open("/dev/null", O_WRONLY);

	for (;;)
		if (read(zero, buf, sizeof(buf)) > 0)
			(void)!write(null, buf, sizeof(buf));
}

/*
 * Every primary CPU busy in user space and in the kernel for LOAD_S while
 * the backup watches for WATCH_S with its default timeout (1 s): it must
 * not declare a hang.  The watch outlasts the load, which starts first.
 */
#define LOAD_S 30
#define WATCH_S 45
TEST_F_TIMEOUT(failover, primary_load_does_not_trip_watchdog, 400)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	pid_t pids[64];
	int i, n = 0;

	ASSERT_GT(cpus, 0);
	for (i = 0; i < 2 * cpus && i < 64; i++) {
		pid_t pid = fork();

		if (pid == 0) {
			if (i % 2)
				spin_kernel();
			spin_user();
		}
		ASSERT_GT(pid, 0);
		pids[n++] = pid;
	}
	sleep(LOAD_S);
	for (i = 0; i < n; i++)
		kill(pids[i], SIGKILL);
	for (i = 0; i < n; i++)
		waitpid(pids[i], NULL, 0);
	TH_LOG("%ld CPUs loaded for %d s (user and kernel)", cpus, LOAD_S);
	/* The backup ends its watch, reports, and powers off. */
	ASSERT_EQ(0, wait_for("state", "stopped", 240));
	EXPECT_EQ(0, wait_for("backup_marker", "no-hang", 1));
}

/* --- backup side ------------------------------------------------------- */

TEST_F(failover, backup_refuses_takeover_before_event)
{
	struct stat st;
	char buf[64];

	ASSERT_EQ(0, sysfs_read("role", buf, sizeof(buf)));
	ASSERT_STREQ("backup", buf);
	ASSERT_EQ(0, sysfs_read(PRIMARY "state", buf, sizeof(buf)));
	EXPECT_STREQ("running", buf);
	ASSERT_EQ(0, sysfs_read(PRIMARY "event", buf, sizeof(buf)));
	EXPECT_STREQ("none", buf);
	/* The primary's memory is not readable while it runs. */
	EXPECT_EQ(-1, stat("/proc/vmcore", &st));
	EXPECT_EQ(-ENODEV, sysfs_write("update", "1"));
	EXPECT_EQ(-EPERM, sysfs_write("heartbeat_period_ms", "100"));
	/* Adopting the machine or re-arming before the fence: refused, undone. */
	EXPECT_EQ(-EBUSY, sysfs_write(PRIMARY "cpus", "run"));
	EXPECT_EQ(-EBUSY, sysfs_write(PRIMARY "memory", "run"));
	EXPECT_EQ(-EBUSY, sysfs_write(PRIMARY "rearm", "run"));
	ASSERT_EQ(0, sysfs_read(PRIMARY "cpus", buf, sizeof(buf)));
	EXPECT_STREQ("state=idle", buf);
	ASSERT_EQ(0, sysfs_read("role", buf, sizeof(buf)));
	EXPECT_STREQ("backup", buf);
}

TEST_F(failover, backup_rejects_bad_watchdog)
{
	char buf[32];

	EXPECT_EQ(-EINVAL, sysfs_write(PRIMARY "watchdog_timeout_ms", "99"));
	EXPECT_EQ(-EINVAL, sysfs_write(PRIMARY "watchdog_timeout_ms", "600001"));
	EXPECT_EQ(-EINVAL, sysfs_write(PRIMARY "watchdog_timeout_ms", "soon"));
	/* Less than two heartbeat periods (the primary beats every 100 ms). */
	EXPECT_EQ(-EINVAL, sysfs_write(PRIMARY "watchdog_timeout_ms", "150"));
	EXPECT_EQ(-EPERM, without_caps(write_watchdog));
	EXPECT_EQ(0, system("dmesg | grep -q 'orthros: watchdog_timeout_ms: 150 is less than two heartbeat periods'"));
	ASSERT_EQ(0, sysfs_read(PRIMARY "watchdog_timeout_ms", buf, sizeof(buf)));
	EXPECT_STREQ("1000", buf);
	EXPECT_EQ(0, sysfs_write(PRIMARY "watchdog_timeout_ms", "1000"));
}

/* Wait for the uevent that says the takeover may start; 0 or -1. */
static int wait_uevent(int sock, char *event, char *primary, size_t len, int timeout_ms)
{
	char msg[4096];
	double end = now_s() + timeout_ms / 1000.0;

	while (now_s() < end) {
		struct pollfd pfd = { .fd = sock, .events = POLLIN };
		ssize_t n, off;

		if (poll(&pfd, 1, 1000) <= 0)
			continue;
		n = recv(sock, msg, sizeof(msg) - 1, 0);
		if (n <= 0)
			continue;
		msg[n] = '\0';
		event[0] = primary[0] = '\0';
		for (off = 0; off < n; off += strlen(msg + off) + 1) {
			if (!strncmp(msg + off, "ORTHROS_EVENT=", 14))
				snprintf(event, len, "%s", msg + off + 14);
			if (!strncmp(msg + off, "ORTHROS_PRIMARY=", 16))
				snprintf(primary, len, "%s", msg + off + 16);
		}
		if (event[0])
			return 0;
	}
	return -1;
}

static int uevent_socket(void)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK, .nl_groups = 1 };
	int sock = socket(AF_NETLINK, SOCK_DGRAM, NETLINK_KOBJECT_UEVENT);

	if (sock < 0 || bind(sock, (struct sockaddr *)&sa, sizeof(sa)))
		return -1;
	return sock;
}

TEST_F_TIMEOUT(failover, backup_sees_event, 400)
{
	const char *expect = getenv("ORTHROS_EXPECT");
	char event[64], fenced[64], buf[160];
	unsigned long long latency, fence, watchdog, period;
	struct stat st;
	int sock;

	ASSERT_NE(NULL, expect);
	sock = uevent_socket();
	ASSERT_LE(0, sock);
	ASSERT_EQ(0, sysfs_write("backup_marker", "armed"));
	ASSERT_EQ(0, wait_uevent(sock, event, fenced, sizeof(event), 300000))
		TH_LOG("no uevent from the backup kernel");
	EXPECT_STREQ(expect, event);
	EXPECT_STREQ("fenced", fenced);
	ASSERT_EQ(0, sysfs_read(PRIMARY "state", buf, sizeof(buf)));
	EXPECT_STREQ("fenced", buf);
	ASSERT_EQ(0, sysfs_read(PRIMARY "event", buf, sizeof(buf)));
	EXPECT_STREQ(expect, buf);
	ASSERT_EQ(0, sysfs_read(PRIMARY "event_reason", buf, sizeof(buf)));
	TH_LOG("reason: %s", buf);
	latency = sysfs_u64(PRIMARY "event_latency_ns");
	fence = sysfs_u64(PRIMARY "fence_ns");
	watchdog = sysfs_u64(PRIMARY "watchdog_timeout_ms");
	period = sysfs_u64("heartbeat_period_ms");
	if (!strcmp(expect, "hang")) {
		printf("# measure: hang detected %.1f ms after the primary's last heartbeat "
		       "(timeout %llu ms, period %llu ms); fenced in %.3f ms\n",
		       latency / 1e6, watchdog, period, fence / 1e6);
		EXPECT_GE(latency, watchdog * 1000000ULL);
		EXPECT_LE(latency, (watchdog + period) * 1000000ULL);
	} else {
		printf("# measure: %s notification latency %.1f us (primary's freeze "
		       "entry to the backup's IPI handler, TSC); fenced in %.3f ms\n",
		       expect, latency / 1e3, fence / 1e6);
		EXPECT_LT(0ULL, latency);
	}
	EXPECT_EQ(0, stat("/proc/vmcore", &st));
	close(sock);
}

/*
 * The primary's clocks at its freeze (primary/freeze_clocks), the anchors
 * that migrated processes' clocks continue from: taken together on the
 * freezing CPU, so monotonic <= boottime and the TSC before the
 * backup's; the backup continued its real time from them, so its own is
 * not behind the primary's at the freeze (and not far ahead).  After a
 * hang the primary never froze: all 0.  Run after backup_sees_event.
 */
TEST_F(failover, backup_sees_freeze_clocks)
{
	const char *expect = getenv("ORTHROS_EXPECT");
	unsigned long long tsc, mono, boot, real;
	struct timespec now;
	char buf[160];
	double skew;

	ASSERT_NE(NULL, expect);
	ASSERT_EQ(0, sysfs_read(PRIMARY "freeze_clocks", buf, sizeof(buf)));
	ASSERT_EQ(4, sscanf(buf, "tsc=%llu mono_ns=%llu boot_ns=%llu real_ns=%llu",
			    &tsc, &mono, &boot, &real)) TH_LOG("freeze_clocks: %s", buf);
	if (!strcmp(expect, "hang")) {
		EXPECT_EQ(0ULL, tsc + mono + boot + real);
		return;
	}
	ASSERT_EQ(0, clock_gettime(CLOCK_REALTIME, &now));
	skew = (now.tv_sec + now.tv_nsec / 1e9) - real / 1e9;
	printf("# measure: primary froze at monotonic %.3f s, boottime %.3f s; backup's real time %+.3f s from the primary's\n",
	       mono / 1e9, boot / 1e9, skew);
	EXPECT_LT(0ULL, tsc);
	EXPECT_LE(tsc, (unsigned long long)__rdtsc());
	EXPECT_LT(0ULL, mono);
	EXPECT_LE(mono, boot);
	EXPECT_GE(skew, 0.0) TH_LOG("real time went back across the takeover");
	EXPECT_LT(skew, 10.0);
}

TEST_F_TIMEOUT(failover, backup_reads_primary_log, 120)
{
	const char *want = getenv("ORTHROS_LOG_WANT");
	char cmd[512];

	ASSERT_NE(NULL, want);
	ASSERT_EQ(0, system("orthros-postmortem log >/tmp/primary-dmesg.txt"));
	snprintf(cmd, sizeof(cmd), "grep -F -q -e '%s' /tmp/primary-dmesg.txt", want);
	EXPECT_EQ(0, system(cmd)) {
		TH_LOG("'%s' not in the primary's log; its tail:", want);
		(void)!system("tail -n 15 /tmp/primary-dmesg.txt");
	}
	(void)!system("echo '# primary log, last lines:'; tail -n 4 /tmp/primary-dmesg.txt | sed 's/^/#   /'");
}

/*
 * The primary's offset table, taken by the backup at boot, and the
 * primary's VMCOREINFO, read from its memory now, are two exports of the
 * same kernel: they must agree.
 */
TEST_F(failover, backup_offsets_agree_with_vmcoreinfo)
{
	ASSERT_EQ(0, system("orthrosctl offsets >/tmp/offsets.txt"));
	ASSERT_EQ(0, system("orthros-postmortem vmcoreinfo >/tmp/vmcoreinfo.txt"));
	EXPECT_EQ(0, system("a=$(sed -n 's/^SYMBOL(init_uts_ns)=0x//p' /tmp/offsets.txt); "
			    "b=$(sed -n 's/^SYMBOL(init_uts_ns)=//p' /tmp/vmcoreinfo.txt); "
			    "echo \"# init_uts_ns: offset table $a, VMCOREINFO $b\"; "
			    "[ -n \"$a\" ] && [ $((0x$a)) -eq $((0x$b)) ]"));
	EXPECT_EQ(0, system("r=$(sed -n 's/^OSRELEASE=//p' /tmp/vmcoreinfo.txt); "
			    "grep -qx \"release $r\" /tmp/offsets.txt"));
}

/*
 * A backup built with another configuration: its own offsets differ from
 * the primary's for the members the reader uses, so reading right proves
 * it goes by the primary's table.
 */
TEST_F(failover, backup_layout_differs_from_primary)
{
	ASSERT_EQ(0, system("orthrosctl offsets >/tmp/primary-offsets.txt"));
	ASSERT_EQ(0, system("orthrosctl offsets /sys/kernel/orthros/offsets >/tmp/own-offsets.txt"));
	(void)!system("for e in 'OFFSET(task_struct.tasks)' 'OFFSET(inode.i_mapping)' "
		      "'SIZE(task_struct)' 'SIZE(inode)'; do "
		      "echo \"# $e primary $(grep -F \"$e=\" /tmp/primary-offsets.txt | cut -d= -f2)"
		      " backup $(grep -F \"$e=\" /tmp/own-offsets.txt | cut -d= -f2)\"; done");
	EXPECT_NE(0, system("grep -F 'OFFSET(task_struct.tasks)=' /tmp/primary-offsets.txt >/tmp/a && "
			    "grep -F 'OFFSET(task_struct.tasks)=' /tmp/own-offsets.txt | cmp -s - /tmp/a"));
	EXPECT_NE(0, system("grep -F 'OFFSET(inode.i_mapping)=' /tmp/primary-offsets.txt >/tmp/a && "
			    "grep -F 'OFFSET(inode.i_mapping)=' /tmp/own-offsets.txt | cmp -s - /tmp/a"));
}

/*
 * The primary's tasks and mounts, read from its frozen memory through its
 * offset table.  The host compares them with what the primary printed
 * before it panicked (tests/lib/failover-host.sh).
 */
/* ORTHROS_DAMAGED=tasks: the primary damaged its own task list on purpose. */
static bool task_list_damaged(void)
{
	const char *damaged = getenv("ORTHROS_DAMAGED");

	return damaged && !strcmp(damaged, "tasks");
}

TEST_F_TIMEOUT(failover, backup_lists_tasks_and_mounts, 120)
{
	int ret = system("orthros-postmortem tasks -r /tmp/tasks.img >/tmp/tasks.txt 2>/tmp/tasks.err");

	(void)!system("sed 's/^/# /' /tmp/tasks.err");
	if (task_list_damaged()) {
		/* Reported, skipped, and the walk went on from the other end. */
		EXPECT_NE(0, ret);
		EXPECT_EQ(0, system("grep -q 'skipped the break after' /tmp/tasks.err"));
	} else {
		ASSERT_EQ(0, ret);
	}
	ASSERT_EQ(0, system("orthros-postmortem mounts -r /tmp/mounts.img >/tmp/mounts.txt"));
	EXPECT_EQ(0, system("grep -q '^task 1 ' /tmp/tasks.txt"));
	EXPECT_EQ(0, system("grep -q '^mount [^ ]* / ' /tmp/mounts.txt"));
	/*
	 * The lists for the host's comparison with what the primary printed,
	 * the pages each walk read and the table, for its replay and fuzzing.
	 */
	EXPECT_EQ(0, system(PROTOCOL "cat /sys/kernel/orthros/primary/offsets >/tmp/offsets.bin && "
			    "orthros-hostio send $FILE_OFFSETS /tmp/offsets.bin && "
			    "send_walk tasks /tmp && send_walk mounts /tmp"));
}

/*
 * VMAs through the maple trees, and the primary's tmpfs files through
 * their page-cache xarrays, copied out for the host to compare with the
 * checksums the primary printed.
 */
TEST_F_TIMEOUT(failover, backup_lists_maps_and_files, 300)
{
	ASSERT_EQ(0, system("orthros-postmortem maps -r /tmp/maps.img >/tmp/maps.txt"));
	ASSERT_EQ(0, system("orthros-postmortem files -t tmpfs -d /tmp/copy >/tmp/files.txt"));
	/* Recorded apart: without -d, the walk reads metadata, not file data. */
	ASSERT_EQ(0, system("orthros-postmortem files -t tmpfs -r /tmp/files.img >/dev/null"));
	EXPECT_EQ(0, system("grep -q '^maps 1 ' /tmp/maps.txt"));
	EXPECT_EQ(0, system("grep -q '^file ' /tmp/files.txt"));
	EXPECT_NE(0, system("grep -q ' damaged$' /tmp/files.txt"));
	EXPECT_EQ(0, system(PROTOCOL "checksums /tmp/copy /mnt/cache >/tmp/copy-sums.txt"));
	EXPECT_EQ(0, system(PROTOCOL "send_walk maps /tmp && send_walk files /tmp && "
			    "orthros-hostio send $FILE_COPY_SUMS /tmp/copy-sums.txt"));
}

/* The kernel build of the reader (orthros_reader.ko) reads what user space reads. */
TEST_F_TIMEOUT(failover, backup_kernel_reader_agrees, 300)
{
	ASSERT_EQ(0, system("insmod /lib/orthros/orthros_reader.ko"));
	ASSERT_EQ(0, system("insmod /tests/modules/orthros_reader_test.ko fstype=tmpfs"));
	ASSERT_EQ(0, system("dmesg | sed -n 's/.*orthros_reader_test: //p' >/tmp/kernel.txt"));
	EXPECT_EQ(0, system("grep '^done ' /tmp/kernel.txt | sed 's/^/# kernel reader: /'"));
	EXPECT_EQ(0, system("orthros-postmortem tasks >/tmp/u.txt 2>/dev/null;"
			    "grep '^task ' /tmp/kernel.txt | diff /tmp/u.txt -"));
	EXPECT_EQ(0, system("orthros-postmortem maps >/tmp/u.txt 2>/dev/null;"
			    "grep '^maps ' /tmp/kernel.txt | diff /tmp/u.txt -"));
	EXPECT_EQ(0, system("orthros-postmortem files -t tmpfs >/tmp/u.txt 2>/dev/null;"
			    "grep '^file ' /tmp/kernel.txt | diff /tmp/u.txt -"));
	if (task_list_damaged()) {
		EXPECT_EQ(0, system("grep -q '^done .* errors=1$' /tmp/kernel.txt"));
		EXPECT_EQ(0, system("dmesg | grep -q 'orthros_reader: .*skipped the break after'"));
	} else {
		EXPECT_EQ(0, system("grep -q '^done .* errors=0$' /tmp/kernel.txt"));
	}
	EXPECT_EQ(0, system("rmmod orthros_reader_test && rmmod orthros_reader"));
}

TEST_F_TIMEOUT(failover, backup_exports_mini_vmcore, 600)
{
	ASSERT_EQ(0, system("orthros-postmortem dump -k /proc/vmcore /tmp/vmcore.mini"));
	ASSERT_EQ(0, system(PROTOCOL "orthros-hostio send $FILE_VMCORE /tmp/vmcore.mini"));
}

/* Watch the loaded primary for WATCH_S: no event, heartbeat advancing. */
TEST_F_TIMEOUT(failover, backup_watch_no_false_positive, 300)
{
	unsigned long long beat0, beat1;
	char buf[64];

	beat0 = sysfs_u64(PRIMARY "heartbeat");
	ASSERT_EQ(0, sysfs_write("backup_marker", "armed"));
	sleep(WATCH_S);
	beat1 = sysfs_u64(PRIMARY "heartbeat");
	ASSERT_EQ(0, sysfs_read(PRIMARY "state", buf, sizeof(buf)));
	EXPECT_STREQ("running", buf);
	ASSERT_EQ(0, sysfs_read(PRIMARY "event", buf, sizeof(buf)));
	EXPECT_STREQ("none", buf);
	TH_LOG("primary heartbeat %llu -> %llu over %d s", beat0, beat1, WATCH_S);
	EXPECT_GE(beat1 - beat0, WATCH_S * 1000 / sysfs_u64("heartbeat_period_ms") / 2);
	if (!_metadata->exit_code)
		sysfs_write("backup_marker", "no-hang");
}

TEST_HARNESS_MAIN
