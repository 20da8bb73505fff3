/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Small-file and directory helpers for the Orthros user space: the tools
 * (orthrosctl, orthros-failover, orthros-postmortem) and the guest tests.
 *
 * A sysfs attribute is read and written whole, in one system call each,
 * and the kernel's answer is returned as a negative errno: a tool reports
 * what the kernel said rather than guessing.  Header-only, so that every
 * tool and every one-file kselftest gets them with an include and no
 * extra source to link.
 */
#ifndef ORTHROS_TOOLS_SYSFS_H
#define ORTHROS_TOOLS_SYSFS_H

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

/*
 * sysfs_read_file() - read a small file (a sysfs attribute) whole
 * @path: the file
 * @buf: its contents, NUL-terminated, newline kept
 * @len: size of @buf; at most @len - 1 bytes are read
 *
 * Return: the number of bytes read, or a negative errno (of open or read).
 */
static inline ssize_t sysfs_read_file(const char *path, char *buf, size_t len)
{
	ssize_t n, got = 0;
	int fd, err;

	if (!len)
		return -EINVAL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	/* sysfs answers in one read; a regular file may need more. */
	while ((size_t)got < len - 1) {
		n = read(fd, buf + got, len - 1 - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			err = -errno;
			close(fd);
			return err;
		}
		if (!n)
			break;
		got += n;
	}
	close(fd);
	buf[got] = '\0';
	return got;
}

/*
 * sysfs_read_value() - read an attribute's value: its first line
 * @path: the file
 * @buf: the first line, without its newline
 * @len: size of @buf
 *
 * Return: 0, or a negative errno.
 */
static inline int sysfs_read_value(const char *path, char *buf, size_t len)
{
	ssize_t n = sysfs_read_file(path, buf, len);

	if (n < 0)
		return n;
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

/*
 * sysfs_write_file() - write @val to an attribute, in one write()
 * @path: the file
 * @val: the string to write (no newline needed)
 *
 * Return: 0, or the negative errno of open or write: what the kernel
 * refused the value with.
 */
static inline int sysfs_write_file(const char *path, const char *val)
{
	size_t len = strlen(val);
	ssize_t n;
	int fd, err = 0;

	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = write(fd, val, len);
	if (n < 0)
		err = -errno;
	else if ((size_t)n != len)
		err = -EIO;
	close(fd);
	return err;
}

/*
 * mkdir_p() - make a directory and the missing ones above it (mkdir -p)
 * @path: the directory
 * @mode: the mode of those it makes
 *
 * Return: 0 if @path is a directory now, or a negative errno.
 */
static inline int mkdir_p(const char *path, mode_t mode)
{
	char tmp[4096], *p;
	struct stat st;

	if (strlen(path) >= sizeof(tmp))
		return -ENAMETOOLONG;
	strcpy(tmp, path);
	for (p = tmp + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(tmp, mode) && errno != EEXIST)
			return -errno;
		*p = '/';
	}
	if (mkdir(tmp, mode) && errno != EEXIST)
		return -errno;
	if (stat(tmp, &st))
		return -errno;
	return S_ISDIR(st.st_mode) ? 0 : -ENOTDIR;
}

#endif /* ORTHROS_TOOLS_SYSFS_H */
