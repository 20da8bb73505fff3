// SPDX-License-Identifier: GPL-2.0-only
/*
 * appender: numbered lines, one write(2) each, to NAME.append (O_APPEND)
 * and to NAME.plain (the descriptor's offset), never fsync'd, every 2 ms.
 * Checks: both files hold lines 0..n-1 of the in-memory counter n, no
 * duplicate, no hole, nothing after.
 */
#include "procs.h"

#define LINE	9	/* "%08lu\n" */

static int check_file(const char *suffix, uint64_t n)
{
	size_t len;
	char *buf = read_file(procs_path(suffix), &len), want[32];
	uint64_t i;

	if (!buf)
		return fail("cannot read NAME.%s: %m", suffix);
	for (i = 0; i < n && (i + 1) * LINE <= len; i++) {
		snprintf(want, sizeof(want), "%08lu\n", i);
		if (memcmp(buf + i * LINE, want, LINE))
			return fail("NAME.%s: line %lu is '%.8s'", suffix, i, buf + i * LINE);
	}
	if (len != n * LINE)
		return fail("NAME.%s: %zu bytes, %lu lines written", suffix, len, n);
	free(buf);
	return 0;
}

static int appender(void)
{
	int fa, fp;
	uint64_t n = 0;
	char line[32];

	fa = open(procs_path("append"), O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0644);
	fp = open(procs_path("plain"), O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fa < 0 || fp < 0)
		die("open: %m");
	procs_ready();
	/* The flag is read between lines only: the files and n agree. */
	while (!procs_term) {
		snprintf(line, sizeof(line), "%08lu\n", n);
		if (write_all(fa, line, LINE) || write_all(fp, line, LINE))
			return fail("write line %lu: %m", n);
		n++;
		msleep(2);
	}
	if (check_file("append", n) || check_file("plain", n))
		return 1;
	printf("appender: %lu lines\n", n);
	return 0;
}
PROCS_TEST(appender, appender);
