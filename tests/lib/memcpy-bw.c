// SPDX-License-Identifier: GPL-2.0-only
/*
 * orthros-memcpy-bw [MB]: this machine's memcpy bandwidth, the yardstick
 * of the migration benchmark (make bench): best of 5 copies of MB (default
 * 64) MiB between two buffers already faulted in.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	size_t len = (argc > 1 ? strtoul(argv[1], NULL, 0) : 64) << 20;
	char *a = malloc(len), *b = malloc(len);
	double best = 0;
	int i;

	if (!a || !b || !len) {
		fprintf(stderr, "orthros-memcpy-bw: cannot allocate 2 x %zu bytes\n", len);
		return 1;
	}
	memset(a, 1, len);
	memset(b, 2, len);
	for (i = 0; i < 5; i++) {
		double t = now();

		memcpy(b, a, len);
		t = now() - t;
		if (t > 0 && len / t > best)
			best = len / t;
	}
	printf("memcpy: %.1f MB/s (%zu MiB, best of 5)\n", best / 1e6, len >> 20);
	return b[len - 1] == 1 ? 0 : 1;
}
