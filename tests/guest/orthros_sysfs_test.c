// SPDX-License-Identifier: GPL-2.0-only
/*
 * orthros_sysfs_test: the patched kernel exposes /sys/kernel/orthros/.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kselftest_harness.h"

static int read_file(const char *path, char *buf, size_t len)
{
	ssize_t n;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	return 0;
}

TEST(version_is_a_positive_integer)
{
	char buf[64], *end;
	long v;

	ASSERT_EQ(0, read_file("/sys/kernel/orthros/version", buf, sizeof(buf)));
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

TEST_HARNESS_MAIN
