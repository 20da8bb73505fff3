// SPDX-License-Identifier: GPL-2.0-only
/*
 * cwd: works in the directory NAME.d/sub, where it wrote a file "mark".
 * Checks on SIGTERM: getcwd() is the same path, "." the same inode, and
 * "mark", opened by its relative name, holds what was written.
 */
#include "procs.h"

static int cwd(void)
{
	char *d = procs_path("d"), *sub, path[4096], now[4096], *mark;
	struct stat st0, st;
	int fd;

	if (asprintf(&sub, "%s/sub", d) < 0)
		abort();
	mkdir(d, 0755);
	mkdir(sub, 0755);
	if (chdir(sub) || !getcwd(path, sizeof(path)) || stat(".", &st0))
		die("chdir %s: %m", sub);
	fd = open("mark", O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || write_all(fd, path, strlen(path)) || close(fd))
		die("write mark: %m");
	procs_ready();
	procs_wait_term();
	if (!getcwd(now, sizeof(now)))
		return fail("getcwd: %m");
	if (strcmp(now, path))
		return fail("cwd is %s, was %s", now, path);
	if (stat(".", &st) || st.st_ino != st0.st_ino)
		return fail("\".\" is inode %lu, was %lu", st.st_ino, st0.st_ino);
	mark = read_file("mark", NULL);
	if (!mark || strcmp(mark, path))
		return fail("mark holds '%s'", mark ? mark : "(cannot read)");
	return 0;
}
PROCS_TEST(cwd, cwd);
