// SPDX-License-Identifier: GPL-2.0-only
/* pattern-gen SEED SIZE: write the test pattern to stdout, for host checks. */
#include <stdio.h>
#include <stdlib.h>
#include "pattern.h"

int main(int argc, char **argv)
{
	unsigned long long seed, size, off;
	unsigned char buf[65536];

	if (argc != 3) {
		fprintf(stderr, "usage: pattern-gen SEED SIZE\n");
		return 2;
	}
	seed = strtoull(argv[1], NULL, 0);
	size = strtoull(argv[2], NULL, 0);
	for (off = 0; off < size; off += sizeof(buf)) {
		size_t n = size - off < sizeof(buf) ? size - off : sizeof(buf);

		pattern_fill(seed, off, buf, n);
		if (fwrite(buf, 1, n, stdout) != n)
			return 1;
	}
	return fflush(stdout) ? 1 : 0;
}
