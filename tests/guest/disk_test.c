// SPDX-License-Identifier: GPL-2.0-only
/*
 * disk_test: write a file on the virtio disk and make it durable.
 *
 * The host regenerates the pattern from ORTHROS_SEED and compares it with
 * the bytes it finds in the disk image after the guest powered off, so the
 * test only passes if the data really reached the disk.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "pattern.h"

#define CHUNK 65536

static uint64_t env_u64(const char *name, uint64_t def)
{
	const char *v = getenv(name);

	return v ? strtoull(v, NULL, 0) : def;
}

FIXTURE(disk) {
	const char *path;
	uint64_t seed;
	uint64_t size;
	unsigned char *want, *got;
};

FIXTURE_SETUP(disk)
{
	self->path = getenv("ORTHROS_DISK_FILE");
	if (!self->path)
		SKIP(return, "ORTHROS_DISK_FILE not set");
	self->seed = env_u64("ORTHROS_SEED", 1);
	self->size = env_u64("ORTHROS_DISK_SIZE", 1 << 20);
	self->want = malloc(CHUNK);
	self->got = malloc(CHUNK);
	ASSERT_NE(NULL, self->want);
	ASSERT_NE(NULL, self->got);
}

FIXTURE_TEARDOWN(disk)
{
	free(self->want);
	free(self->got);
}

/* Buffered writes, then fsync: what an application does to make data safe. */
TEST_F(disk, write_fsync)
{
	uint64_t off;
	int fd;

	fd = open(self->path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	ASSERT_LE(0, fd) TH_LOG("open %s: %s", self->path, strerror(errno));
	for (off = 0; off < self->size; off += CHUNK) {
		size_t n = self->size - off < CHUNK ? self->size - off : CHUNK;

		pattern_fill(self->seed, off, self->want, n);
		ASSERT_EQ((ssize_t)n, write(fd, self->want, n));
	}
	ASSERT_EQ(0, fsync(fd)) TH_LOG("fsync: %s", strerror(errno));
	ASSERT_EQ(0, close(fd));
}

/* What was written reads back, with the right size. */
TEST_F(disk, read_back)
{
	struct stat st;
	uint64_t off;
	int fd;

	fd = open(self->path, O_RDONLY);
	ASSERT_LE(0, fd) TH_LOG("open %s: %s", self->path, strerror(errno));
	ASSERT_EQ(0, fstat(fd, &st));
	ASSERT_EQ(self->size, (uint64_t)st.st_size);
	for (off = 0; off < self->size; off += CHUNK) {
		size_t n = self->size - off < CHUNK ? self->size - off : CHUNK;

		pattern_fill(self->seed, off, self->want, n);
		ASSERT_EQ((ssize_t)n, read(fd, self->got, n));
		ASSERT_EQ(0, memcmp(self->want, self->got, n))
			TH_LOG("mismatch in block at offset %llu", (unsigned long long)off);
	}
	close(fd);
}

TEST_HARNESS_MAIN
