// SPDX-License-Identifier: GPL-2.0-only
/*
 * orthros-mkfiles DIR N [SEED]: N small files of 1 to 8 KiB of
 * pseudo-random bytes under DIR, nested two levels deep (DIR/aXX/bYY/fN,
 * about 100 files a directory), for the migration benchmark's many-files
 * cases (make bench).  Prints "files N bytes B dirs D".
 * Exit status: 0, or 1 if something could not be made.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static uint64_t state;

static uint64_t next(void)
{
	/* xorshift64 */
	state ^= state << 13;
	state ^= state >> 7;
	state ^= state << 17;
	return state;
}

static int mkdir_once(const char *path, unsigned long *dirs)
{
	if (!mkdir(path, 0755)) {
		++*dirs;
		return 0;
	}
	if (errno == EEXIST)
		return 0;
	fprintf(stderr, "orthros-mkfiles: mkdir %s: %s\n", path, strerror(errno));
	return 1;
}

int main(int argc, char **argv)
{
	unsigned long n, i, j, fan, dirs = 0;
	unsigned long long bytes = 0;
	static uint64_t buf[8192 / sizeof(uint64_t)];
	char path[4096];

	if (argc < 3 || argc > 4) {
		fprintf(stderr, "usage: orthros-mkfiles DIR N [SEED]\n");
		return 2;
	}
	n = strtoul(argv[2], NULL, 0);
	state = argc > 3 ? strtoull(argv[3], NULL, 0) : 1;
	state = state ?: 1;
	/* fan x fan leaf directories of about 100 files each */
	for (fan = 1; fan * fan * 100 < n; fan++)
		;
	if (mkdir_once(argv[1], &dirs))
		return 1;
	for (i = 0; i < fan * fan; i++) {
		snprintf(path, sizeof(path), "%s/a%02lu", argv[1], i / fan);
		if (mkdir_once(path, &dirs))
			return 1;
		snprintf(path, sizeof(path), "%s/a%02lu/b%02lu", argv[1], i / fan, i % fan);
		if (mkdir_once(path, &dirs))
			return 1;
	}
	for (i = 0; i < n; i++) {
		size_t size = 1024 + next() % (8192 - 1024 + 1);
		unsigned long leaf = i % (fan * fan);
		int fd;

		snprintf(path, sizeof(path), "%s/a%02lu/b%02lu/f%05lu", argv[1], leaf / fan,
			 leaf % fan, i);
		for (j = 0; j < (size + 7) / 8; j++)
			buf[j] = next();
		fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd < 0 || write(fd, buf, size) != (ssize_t)size || close(fd)) {
			fprintf(stderr, "orthros-mkfiles: %s: %s\n", path, strerror(errno));
			return 1;
		}
		bytes += size;
	}
	printf("files %lu bytes %llu dirs %lu\n", n, bytes, dirs);
	return 0;
}
