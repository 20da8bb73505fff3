// SPDX-License-Identifier: GPL-2.0-only
/*
 * orthros_sysfs_test: the patched kernel exposes /sys/kernel/orthros/,
 * its offset table among it, and orthrosctl reads it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "orthros_test.h"

TEST(version_is_a_positive_integer)
{
	char buf[64], *end;
	long v;

	ASSERT_LT(0, sysfs_read_file(ORTHROS_SYSFS "version", buf, sizeof(buf)));
	v = strtol(buf, &end, 10);
	EXPECT_LT(0, v);
	EXPECT_EQ('\n', *end);
	EXPECT_EQ('\0', end[1]);
}

TEST(version_is_read_only)
{
	int fd = open("/sys/kernel/orthros/version", O_WRONLY);

	EXPECT_EQ(-1, fd);
	EXPECT_EQ(EACCES, errno);
	if (fd >= 0)
		close(fd);
}

/* Run a shell command; its exit status. */
static int sh(const char *cmd)
{
	int status = system(cmd);

	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/*
 * The table's KASLR offset is where kallsyms has the kernel's start
 * (_text, linked at 0xffffffff81000000).
 */
TEST(offsets_table_matches_kallsyms)
{
	ASSERT_EQ(0, sh("orthrosctl offsets >/tmp/offsets.txt"));
	EXPECT_EQ(0, sh("grep -q '^OFFSET(task_struct.comm)=[0-9]' /tmp/offsets.txt"));
	EXPECT_EQ(0, sh("grep -q '^SIZE(inode)=[1-9]' /tmp/offsets.txt"));
	EXPECT_EQ(0, sh("grep -qx \"release $(uname -r)\" /tmp/offsets.txt"));
	EXPECT_EQ(0, sh("a=$(sed -n 's/^NUMBER(kaslr_offset)=//p' /tmp/offsets.txt); "
			"k=$(grep ' _text$' /proc/kallsyms | cut -d' ' -f1); "
			"echo \"# kaslr_offset: table $a, kallsyms _text $k\"; "
			"[ -n \"$a\" ] && [ -n \"$k\" ] && "
			"[ $((0x$k - 0xffffffff81000000)) -eq $((a)) ]"));
}

/* Damaged tables are refused, each with its reason. */
TEST(offsets_bad_tables_are_refused)
{
	ASSERT_EQ(0, sh("cat /sys/kernel/orthros/offsets >/tmp/t && "
			"cp /tmp/t /tmp/magic && cp /tmp/t /tmp/entry"));
	ASSERT_EQ(0, sh("orthrosctl offsets /tmp/t >/dev/null"));
	ASSERT_EQ(0, sh("printf X | dd of=/tmp/magic bs=1 seek=0 conv=notrunc 2>/dev/null"));
	ASSERT_EQ(0, sh("printf X | dd of=/tmp/entry bs=1 seek=200 conv=notrunc 2>/dev/null"));
	ASSERT_EQ(0, sh("head -c 100 /tmp/t >/tmp/short && head -c 1000 /tmp/t >/tmp/cut"));
	EXPECT_EQ(0, sh("orthrosctl offsets /tmp/magic 2>&1 | grep -q 'bad magic'"));
	EXPECT_EQ(0, sh("orthrosctl offsets /tmp/entry 2>&1 | grep -q 'checksum mismatch'"));
	EXPECT_EQ(0, sh("orthrosctl offsets /tmp/short 2>&1 | grep -q 'shorter than its header'"));
	EXPECT_EQ(0, sh("orthrosctl offsets /tmp/cut 2>&1 | grep -q 'size does not match'"));
	EXPECT_EQ(1, sh("orthrosctl offsets /tmp/magic >/dev/null 2>&1"));
}

/* It holds kernel addresses: root only. */
TEST(offsets_table_is_root_only)
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		if (setuid(65534))
			_exit(2);
		_exit(open("/sys/kernel/orthros/offsets", O_RDONLY) < 0 && errno == EACCES ? 0 : 1);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_EQ(0, WEXITSTATUS(status));
}

/* Without a lent CPU there is no backup to migrate to: refused, logged. */
TEST(migrate_pidns_needs_a_lent_cpu)
{
	char buf[32];

	ASSERT_EQ(0, sysfs_read("migrate_pidns", buf, sizeof(buf)));
	EXPECT_STREQ("none", buf);
	EXPECT_EQ(-ENODEV, sysfs_write("migrate_pidns", "none"));
}

TEST_HARNESS_MAIN
