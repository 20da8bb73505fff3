// SPDX-License-Identifier: GPL-2.0-only
/*
 * devnull: /dev/null open read-write and /dev/zero read-only.  Checks on
 * SIGTERM: they are still the character devices 1:3 and 1:5 with their
 * access modes; a write to /dev/null takes every byte, a read gives EOF,
 * and /dev/zero reads zeros.
 */
#include <sys/sysmacros.h>

#include "procs.h"

static int is_dev(int fd, int minor, int mode)
{
	struct stat st;

	return !fstat(fd, &st) && S_ISCHR(st.st_mode) && st.st_rdev == makedev(1, minor) &&
	       (fcntl(fd, F_GETFL) & O_ACCMODE) == mode;
}

static int devnull(void)
{
	int null = open("/dev/null", O_RDWR), zero = open("/dev/zero", O_RDONLY), i;
	char buf[100];

	if (!is_dev(null, 3, O_RDWR) || !is_dev(zero, 5, O_RDONLY))
		die("open /dev/null, /dev/zero: %m");
	procs_ready();
	procs_wait_term();
	if (!is_dev(null, 3, O_RDWR))
		return fail("fd %d is not /dev/null read-write any more", null);
	if (!is_dev(zero, 5, O_RDONLY))
		return fail("fd %d is not /dev/zero read-only any more", zero);
	memset(buf, 1, sizeof(buf));
	if (write(null, buf, sizeof(buf)) != sizeof(buf) || read(null, buf, sizeof(buf)) != 0)
		return fail("/dev/null does not behave: %m");
	if (read(zero, buf, sizeof(buf)) != sizeof(buf))
		return fail("read /dev/zero: %m");
	for (i = 0; i < (int)sizeof(buf); i++)
		if (buf[i])
			return fail("/dev/zero gave a %d", buf[i]);
	return 0;
}
PROCS_TEST(devnull, devnull);
