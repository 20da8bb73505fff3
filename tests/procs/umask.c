// SPDX-License-Identifier: GPL-2.0-only
/*
 * umask: sets umask 027.  Checks on SIGTERM: umask() returns 027 and a
 * file created with mode 0666 gets 0640.
 */
#include "procs.h"

static int umask_test(void)
{
	mode_t old;
	struct stat st;
	char *f = procs_path("file");
	int fd;

	umask(027);
	procs_ready();
	procs_wait_term();
	old = umask(027);
	if (old != 027)
		return fail("umask is %#o, not 027", old);
	unlink(f);
	fd = open(f, O_WRONLY | O_CREAT | O_EXCL, 0666);
	if (fd < 0 || fstat(fd, &st))
		return fail("create %s: %m", f);
	if ((st.st_mode & 0777) != 0640)
		return fail("a new file has mode %#o, not 0640", st.st_mode & 0777);
	return 0;
}
PROCS_TEST(umask, umask_test);
