// SPDX-License-Identifier: GPL-2.0-only
/*
 * partition_test: a backup kernel boots on the lent CPU beside the
 * running primary, the primary stays healthy, and the backup can stop and
 * be started again.  Tests run in order and share the machine's state.
 *
 * Needs a primary booted with "crashkernel=256M orthros_cpu=3" and the
 * backup kernel and initramfs in /orthros/.
 */
#include <sched.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "kselftest_harness.h"
#include "orthros_test.h"
#include "pattern.h"

#define LENT_CPU_ONLINE "/sys/devices/system/cpu/cpu3/online"

/* How long primary_healthy_beside_backup runs its workers. */
#define HEALTHY_S 20

/* No per-test state: the fixture only gives the long tests a timeout. */
FIXTURE(partition) {};
FIXTURE_SETUP(partition) {}
FIXTURE_TEARDOWN(partition) {}

/* Load the backup kernel (tests/lib/load-backup.sh); its /init does @action. */
static int load_backup(const char *action)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "orthros-load-backup %s", action);
	return system(cmd);
}

TEST_F(partition, lent_cpu_stays_offline)
{
	char buf[32];

	ASSERT_EQ(0, sysfs_read("role", buf, sizeof(buf)));
	ASSERT_STREQ("primary", buf);
	ASSERT_EQ(0, sysfs_read("cpu", buf, sizeof(buf)));
	ASSERT_STREQ("3", buf);
	ASSERT_EQ(0, sysfs_read(LENT_CPU_ONLINE, buf, sizeof(buf)));
	ASSERT_STREQ("0", buf);
	EXPECT_EQ(-EBUSY, sysfs_write(LENT_CPU_ONLINE, "1"));
	ASSERT_EQ(0, sysfs_read(LENT_CPU_ONLINE, buf, sizeof(buf)));
	EXPECT_STREQ("0", buf);
}

TEST_F(partition, start_without_image_fails)
{
	char buf[32];

	EXPECT_EQ(-ENOENT, sysfs_write("start", "1"));
	ASSERT_EQ(0, sysfs_read("state", buf, sizeof(buf)));
	EXPECT_STREQ("none", buf);
}

TEST_F(partition, garbage_is_rejected)
{
	static const char * const read_only[] = {
		"version", "role", "cpu", "state", "backup_heartbeat",
		"backup_boot_cycles",
	};
	char buf[32];
	size_t i;

	EXPECT_EQ(-EINVAL, sysfs_write("start", "0"));
	EXPECT_EQ(-EINVAL, sysfs_write("start", "garbage"));
	EXPECT_EQ(-EINVAL, sysfs_write("start", "\x01\xff"));
	EXPECT_EQ(-EPERM, sysfs_write("backup_marker", "forged"));
	for (i = 0; i < sizeof(read_only) / sizeof(read_only[0]); i++)
		EXPECT_EQ(-EACCES, sysfs_write(read_only[i], "1"))
			TH_LOG("attribute #%zu accepted a write", i);
	ASSERT_EQ(0, sysfs_read("state", buf, sizeof(buf)));
	EXPECT_STREQ("none", buf);
}

TEST_F(partition, non_root_is_refused)
{
	int status;
	pid_t pid = fork();

	ASSERT_LE(0, pid);
	if (pid == 0) {
		if (setgid(65534) || setuid(65534))
			_exit(2);
		_exit(sysfs_write("start", "1") == -EACCES &&
		      sysfs_write("migrate_pidns", "none") == -EACCES ? 0 : 1);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_EQ(0, WEXITSTATUS(status));
}

/* A child that is the init of a new pid namespace; it waits to be killed. */
static pid_t spawn_pidns_init(void)
{
	pid_t pid = syscall(SYS_clone, CLONE_NEWPID | SIGCHLD, 0, 0, 0, 0);

	if (pid == 0) {
		pause();
		_exit(0);
	}
	return pid;
}

/*
 * migrate_pidns names the pid namespace a takeover migrates, by its
 * init: every bad input is refused with its errno and leaves it unset.
 */
TEST_F(partition, migrate_pidns_designation)
{
	char buf[64], want[64], own[16], inits[16];
	struct stat st;
	int status;
	pid_t init;

	ASSERT_EQ(0, sysfs_read("migrate_pidns", buf, sizeof(buf)));
	ASSERT_STREQ("none", buf);
	snprintf(own, sizeof(own), "%d", getpid());
	EXPECT_EQ(-EINVAL, sysfs_write("migrate_pidns", "garbage"));
	EXPECT_EQ(-EINVAL, sysfs_write("migrate_pidns", "0"));
	EXPECT_EQ(-EINVAL, sysfs_write("migrate_pidns", "1"));	/* the initial namespace */
	EXPECT_EQ(-EINVAL, sysfs_write("migrate_pidns", own));	/* not an init */
	EXPECT_EQ(-ESRCH, sysfs_write("migrate_pidns", "4000000"));
	ASSERT_EQ(0, sysfs_read("migrate_pidns", buf, sizeof(buf)));
	EXPECT_STREQ("none", buf);

	init = spawn_pidns_init();
	ASSERT_LT(0, init);
	snprintf(inits, sizeof(inits), "%d", init);
	snprintf(buf, sizeof(buf), "/proc/%d/ns/pid", init);
	ASSERT_EQ(0, stat(buf, &st));
	snprintf(want, sizeof(want), "%lu %d", (unsigned long)st.st_ino, init);
	EXPECT_EQ(0, sysfs_write("migrate_pidns", inits));
	ASSERT_EQ(0, sysfs_read("migrate_pidns", buf, sizeof(buf)));
	EXPECT_STREQ(want, buf);
	EXPECT_EQ(-EBUSY, sysfs_write("migrate_pidns", inits));
	EXPECT_EQ(0, sysfs_write("migrate_pidns", "none"));
	ASSERT_EQ(0, sysfs_read("migrate_pidns", buf, sizeof(buf)));
	EXPECT_STREQ("none", buf);
	kill(init, SIGKILL);
	ASSERT_EQ(init, waitpid(init, &status, 0));
}

TEST_F_TIMEOUT(partition, backup_reaches_init, 150)
{
	unsigned long long backup, primary;
	char buf[64], action[32];

	/*
	 * Powers itself off later, for the life-cycle test below: after the
	 * two tests that need it running (HEALTHY_S, and 30 s for the rest).
	 */
	snprintf(action, sizeof(action), "poweroff:%d", HEALTHY_S + 30);
	ASSERT_EQ(0, load_backup(action));
	ASSERT_EQ(0, sysfs_write("start", "1"));
	ASSERT_EQ(0, wait_for("state", "running", 60));
	ASSERT_EQ(0, wait_for("backup_marker", "ready", 60));
	ASSERT_EQ(0, sysfs_read(LENT_CPU_ONLINE, buf, sizeof(buf)));
	EXPECT_STREQ("0", buf);

	backup = sysfs_u64("backup_boot_cycles");
	primary = strtoull(getenv("ORTHROS_INIT_TSC") ?: "0", NULL, 0);
	ASSERT_TRUE(backup != 0);
	ASSERT_TRUE(primary != 0);
	printf("# measure: backup boot (start -> /init) %llu TSC cycles, primary boot (reset -> /init) %llu, ratio %.3f\n",
	       backup, primary, (double)backup / primary);
}

TEST_F_TIMEOUT(partition, start_while_running_fails, 60)
{
	char buf[32];

	EXPECT_EQ(-EBUSY, sysfs_write("start", "1"));
	ASSERT_EQ(0, sysfs_read("state", buf, sizeof(buf)));
	EXPECT_STREQ("running", buf);
	/* The crash slot is the running backup's memory. */
	EXPECT_NE(0, load_backup("idle"));
}

/* Disk I/O with checksums: write, fsync, read back, compare. */
static int disk_worker(double until)
{
	static unsigned char want[65536], got[65536];
	unsigned long long round = 0;

	while (now_s() < until) {
		char path[64];
		int fd, i;

		snprintf(path, sizeof(path), "/mnt/disk/health-%llu", round % 4);
		fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
		if (fd < 0)
			return 1;
		for (i = 0; i < 16; i++) {
			pattern_fill(round, i * sizeof(want), want, sizeof(want));
			if (write(fd, want, sizeof(want)) != sizeof(want))
				return 2;
		}
		if (fsync(fd) || lseek(fd, 0, SEEK_SET))
			return 3;
		for (i = 0; i < 16; i++) {
			pattern_fill(round, i * sizeof(want), want, sizeof(want));
			if (read(fd, got, sizeof(got)) != sizeof(got) ||
			    memcmp(want, got, sizeof(got)))
				return 4;
		}
		close(fd);
		round++;
	}
	printf("# disk worker: %llu rounds of 1 MiB written, synced, verified\n", round);
	return round ? 0 : 5;
}

/* Timers fire and time advances steadily. */
static int timer_worker(double until)
{
	unsigned long long ticks = 0;
	double prev = now_s(), worst = 0;

	while (prev < until) {
		struct timespec ts = { 0, 10 * 1000 * 1000 };
		double t, d;

		nanosleep(&ts, NULL);
		t = now_s();
		d = t - prev;
		if (d < 0.0099 || d > 1.0) {
			printf("# timer worker: a 10 ms sleep took %.6f s\n", d);
			return 1;
		}
		worst = d > worst ? d : worst;
		prev = t;
		ticks++;
	}
	printf("# timer worker: %llu sleeps, worst %.1f ms\n", ticks, worst * 1000);
	return 0;
}

/* The virtio NIC carries traffic: ping the user-mode network's gateway. */
static int net_worker(double until)
{
	int ok = 0, bad = 0;

	while (now_s() < until) {
		if (system("ping -c 1 -W 2 10.0.2.2 >/dev/null 2>&1") == 0)
			ok++;
		else
			bad++;
		sleep(1);
	}
	printf("# net worker: %d pings answered, %d lost\n", ok, bad);
	return ok > 0 && bad <= ok / 10 ? 0 : 1;
}

/*
 * The primary's disk, timers and NIC stay healthy for HEALTHY_S beside a
 * running backup, whose heartbeat (one a second) keeps advancing.
 */
TEST_F_TIMEOUT(partition, primary_healthy_beside_backup, 120)
{
	int (*workers[])(double) = { disk_worker, timer_worker, net_worker };
	const int n = sizeof(workers) / sizeof(workers[0]);
	unsigned long long hb0, hb1;
	double until = now_s() + HEALTHY_S;
	pid_t pids[3];
	int i, status;
	char buf[32];

	hb0 = sysfs_u64("backup_heartbeat");
	for (i = 0; i < n; i++) {
		pids[i] = fork();
		ASSERT_LE(0, pids[i]);
		if (pids[i] == 0) {
			int ret = workers[i](until);

			fflush(stdout);
			_exit(ret);
		}
	}
	for (i = 0; i < n; i++) {
		ASSERT_EQ(pids[i], waitpid(pids[i], &status, 0));
		EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
			TH_LOG("worker %d failed with status %#x", i, status);
	}
	hb1 = sysfs_u64("backup_heartbeat");
	printf("# backup heartbeat advanced %llu in %d s\n", hb1 - hb0, HEALTHY_S);
	EXPECT_LE(HEALTHY_S * 5ULL / 6, hb1 - hb0);
	ASSERT_EQ(0, sysfs_read("state", buf, sizeof(buf)));
	EXPECT_STREQ("running", buf);
}

TEST_F_TIMEOUT(partition, lifecycle, 600)
{
	static const char * const actions[] = {
		"panic:1", "halt:1", "reboot:1", "poweroff:1", "panic:1",
	};
	char buf[64];
	size_t i;

	/* The first backup powers itself off. */
	ASSERT_EQ(0, wait_for("state", "stopped", 150));
	ASSERT_EQ(0, sysfs_read(LENT_CPU_ONLINE, buf, sizeof(buf)));
	EXPECT_STREQ("0", buf);
	/* Its image ran and is spent: a new one must be loaded. */
	EXPECT_EQ(-ESTALE, sysfs_write("start", "1"));

	for (i = 0; i < sizeof(actions) / sizeof(actions[0]); i++) {
		printf("# cycle %zu: backup will %s\n", i + 1, actions[i]);
		fflush(stdout);
		ASSERT_EQ(0, load_backup(actions[i]));
		ASSERT_EQ(0, sysfs_write("start", "1"));
		ASSERT_EQ(0, wait_for("backup_marker", "ready", 60));
		ASSERT_EQ(0, wait_for("state", "stopped", 60));
		ASSERT_EQ(0, sysfs_read(LENT_CPU_ONLINE, buf, sizeof(buf)));
		EXPECT_STREQ("0", buf);
	}
	/* The primary still writes to its disk. */
	EXPECT_EQ(0, disk_worker(now_s() + 2));
}

TEST_HARNESS_MAIN
