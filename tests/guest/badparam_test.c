// SPDX-License-Identifier: GPL-2.0-only
/*
 * badparam_test: a primary booted with an orthros_cpu= that names no CPU
 * lends nothing, says so, and refuses to start a backup.
 */
#include "kselftest_harness.h"
#include "orthros_test.h"

TEST(nothing_is_lent)
{
	char buf[32];

	ASSERT_EQ(0, sysfs_read("role", buf, sizeof(buf)));
	EXPECT_STREQ("none", buf);
	ASSERT_EQ(0, sysfs_read("cpu", buf, sizeof(buf)));
	EXPECT_STREQ("none", buf);
	ASSERT_EQ(0, sysfs_read("state", buf, sizeof(buf)));
	EXPECT_STREQ("none", buf);
}

TEST(start_is_refused)
{
	EXPECT_EQ(-ENODEV, sysfs_write("start", "1"));
}

TEST(every_cpu_is_the_primarys)
{
	char buf[32];

	ASSERT_EQ(0, sysfs_read("/sys/devices/system/cpu/online", buf, sizeof(buf)));
	EXPECT_STREQ("0-3", buf);
}

TEST_HARNESS_MAIN
