/* SPDX-License-Identifier: GPL-2.0-only */
/* Helpers shared by the Orthros guest tests. */
#ifndef ORTHROS_TEST_H
#define ORTHROS_TEST_H

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../../tools/lib/sysfs.h"	/* the one sysfs reader of the tools */

#define ORTHROS_SYSFS "/sys/kernel/orthros/"

/* @name, absolute or relative to ORTHROS_SYSFS, as a path in @path. */
static inline const char *sysfs_path(char *path, size_t len, const char *name)
{
	snprintf(path, len, "%s%s", name[0] == '/' ? "" : ORTHROS_SYSFS, name);
	return path;
}

/* Read an attribute's value, newline stripped; 0 or -errno. */
static inline int sysfs_read(const char *name, char *buf, size_t len)
{
	char path[256];

	return sysfs_read_value(sysfs_path(path, sizeof(path), name), buf, len);
}

/* Write @val to an attribute in one write(); 0 or -errno (open or write). */
static inline int sysfs_write(const char *name, const char *val)
{
	char path[256];

	return sysfs_write_file(sysfs_path(path, sizeof(path), name), val);
}

static inline unsigned long long sysfs_u64(const char *name)
{
	char buf[64];

	return sysfs_read(name, buf, sizeof(buf)) ? 0 : strtoull(buf, NULL, 0);
}

static inline double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Wait up to @timeout_s for attribute @name to read @want. */
static inline int wait_for(const char *name, const char *want, double timeout_s)
{
	double end = now_s() + timeout_s;
	char buf[128];

	do {
		if (!sysfs_read(name, buf, sizeof(buf)) && !strcmp(buf, want))
			return 0;
		usleep(50000);
	} while (now_s() < end);
	return -ETIMEDOUT;
}

#endif
