// SPDX-License-Identifier: GPL-2.0-only
/*
 * orthros-write-bw: the yardstick of the migration benchmark (make bench)
 * on the file system's side, measured in the backup right after the
 * takeover: what the file system's own buffered write path costs, for
 * the same shapes of data the file-cache migration writes through it.
 *
 *   orthros-write-bw one FILE MB
 *	MB MiB written into FILE, made empty and cold first (synced, caches
 *	dropped), by write()s of 1 MiB from a buffer already faulted in.
 *	Prints "write one: B bytes in T us, M MB/s".
 *
 *   orthros-write-bw files DIR
 *	Every regular file under DIR is emptied, as is one more file
 *	DIR.one; all are synced and the caches dropped, so that each is an
 *	inode on the disk with no data and nothing cached, as the files the
 *	migration writes are.  Then each file gets its former size back by
 *	open_by_handle_at() (the migration opens by inode number and
 *	generation too), one pwrite() and close(), and then DIR.one gets the
 *	same number of bytes in 1 MiB writes.  Prints "write files: N files
 *	B bytes in T us; one file: B bytes in T1 us; ratio R".
 *
 * Nothing is fsync()ed: what is timed is the buffered write path, which
 * is what the migration's copy goes through while the service is down.
 * Exit status: 0, or 1 on an error (said on stderr).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define CHUNK (1 << 20)

struct file {
	struct file_handle *handle;
	off_t size;
};

static struct file *files;
static size_t nr_files, max_files;
static char *buf;
static int mount_fd = -1;

static uint64_t now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000ULL + ts.tv_nsec / 1000;
}

static int fail(const char *what, const char *path)
{
	fprintf(stderr, "orthros-write-bw: %s %s: %s\n", what, path, strerror(errno));
	return 1;
}

/* Sync, then drop the page cache, dentries and inodes: every file is cold. */
static int cold(void)
{
	int fd;

	sync();
	fd = open("/proc/sys/vm/drop_caches", O_WRONLY);
	if (fd < 0 || write(fd, "3", 1) != 1)
		return fail("writing", "/proc/sys/vm/drop_caches");
	close(fd);
	return 0;
}

/* @path emptied, and its handle kept with @size (the bytes to write back). */
static int keep(const char *path, off_t size)
{
	struct file_handle *h = malloc(sizeof(*h) + MAX_HANDLE_SZ);
	int fd, mnt;

	if (!h)
		return fail("allocating a handle for", path);
	h->handle_bytes = MAX_HANDLE_SZ;
	if (name_to_handle_at(AT_FDCWD, path, h, &mnt, 0))
		return fail("name_to_handle_at", path);
	fd = open(path, O_WRONLY | O_TRUNC);
	if (fd < 0)
		return fail("emptying", path);
	close(fd);
	if (nr_files == max_files) {
		max_files = max_files ? 2 * max_files : 1024;
		files = realloc(files, max_files * sizeof(*files));
		if (!files)
			return fail("allocating the list for", path);
	}
	files[nr_files].handle = h;
	files[nr_files++].size = size;
	return 0;
}

static int keep_regular(const char *path, const struct stat *st, int type,
			struct FTW *ftw __attribute__((unused)))
{
	return type == FTW_F && S_ISREG(st->st_mode) ? keep(path, st->st_size) : 0;
}

/* Write @size bytes at the start of the file of handle @h; its time in us. */
static int64_t write_back(struct file_handle *h, off_t size)
{
	uint64_t start = now_us();
	off_t done = 0;
	ssize_t n;
	int fd;

	fd = open_by_handle_at(mount_fd, h, O_WRONLY);
	if (fd < 0)
		return -1;
	while (done < size) {
		n = pwrite(fd, buf, size - done < CHUNK ? size - done : CHUNK, done);
		if (n <= 0) {
			close(fd);
			return -1;
		}
		done += n;
	}
	if (close(fd))
		return -1;
	return now_us() - start;
}

static int one(const char *path, off_t size)
{
	char dir[4096];
	int64_t us;
	int fd;

	/* The handle's mount by the file's directory: the file is not held. */
	snprintf(dir, sizeof(dir), "%s", path);
	*(strrchr(dir, '/') ?: dir) = 0;
	mount_fd = open(*dir ? dir : ".", O_RDONLY | O_DIRECTORY);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (mount_fd < 0 || fd < 0 || close(fd) || keep(path, size) || cold())
		return fail("making", path);
	us = write_back(files[0].handle, size);
	if (us < 0)
		return fail("writing", path);
	printf("write one: %lld bytes in %lld us, %.1f MB/s\n", (long long)size, (long long)us,
	       us ? (double)size / us : 0);
	return 0;
}

static int many(const char *dir)
{
	char one_path[4096];
	int64_t us = 0, one_us, t;
	off_t bytes = 0;
	size_t i;

	mount_fd = open(dir, O_RDONLY | O_DIRECTORY);
	if (mount_fd < 0)
		return fail("opening", dir);
	if (nftw(dir, keep_regular, 64, FTW_PHYS))
		return 1;
	if (!nr_files) {
		fprintf(stderr, "orthros-write-bw: no regular file under %s\n", dir);
		return 1;
	}
	for (i = 0; i < nr_files; i++)
		bytes += files[i].size;
	snprintf(one_path, sizeof(one_path), "%s.one", dir);
	t = open(one_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (t < 0)
		return fail("making", one_path);
	close(t);
	if (keep(one_path, bytes) || cold())
		return 1;
	for (i = 0; i < nr_files - 1; i++) {
		t = write_back(files[i].handle, files[i].size);
		if (t < 0)
			return fail("writing a file under", dir);
		us += t;
	}
	one_us = write_back(files[nr_files - 1].handle, bytes);
	if (one_us < 0)
		return fail("writing", one_path);
	printf("write files: %zu files %lld bytes in %lld us; one file: %lld bytes in %lld us; ratio %.2f\n",
	       nr_files - 1, (long long)bytes, (long long)us, (long long)bytes,
	       (long long)one_us, one_us ? (double)us / one_us : 0);
	return 0;
}

int main(int argc, char **argv)
{
	size_t i;

	buf = malloc(CHUNK);
	if (!buf)
		return fail("allocating", "the buffer");
	for (i = 0; i < CHUNK; i++)
		buf[i] = i * 7 + 1;	/* faulted in, and not all zeros */
	if (argc == 4 && !strcmp(argv[1], "one"))
		return one(argv[2], (off_t)strtoul(argv[3], NULL, 0) << 20);
	if (argc == 3 && !strcmp(argv[1], "files"))
		return many(argv[2]);
	fprintf(stderr, "usage: orthros-write-bw one FILE MB | files DIR\n");
	return 2;
}
