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

#define ORTHROS_SYSFS "/sys/kernel/orthros/"

/* Open @name (absolute, or relative to ORTHROS_SYSFS); an fd or -errno. */
static inline int sysfs_open(const char *name, int flags)
{
	char path[256];
	int fd;

	snprintf(path, sizeof(path), "%s%s", name[0] == '/' ? "" : ORTHROS_SYSFS, name);
	fd = open(path, flags);
	return fd < 0 ? -errno : fd;
}

/* Read a whole small file, newline stripped; 0 or -errno. */
static inline int sysfs_read(const char *name, char *buf, size_t len)
{
	ssize_t n;
	int fd;

	fd = sysfs_open(name, O_RDONLY);
	if (fd < 0)
		return fd;
	n = read(fd, buf, len - 1);
	if (n < 0) {
		n = -errno;
		close(fd);
		return n;
	}
	close(fd);
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

/* Write @val to a file in one write(); 0 or -errno (open or write). */
static inline int sysfs_write(const char *name, const char *val)
{
	ssize_t n;
	int fd;

	fd = sysfs_open(name, O_WRONLY);
	if (fd < 0)
		return fd;
	n = write(fd, val, strlen(val));
	n = n < 0 ? -errno : 0;
	close(fd);
	return n;
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
