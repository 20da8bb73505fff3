// SPDX-License-Identifier: GPL-2.0-only
/* orthros-tsc: print the TSC, which both kernels of a machine share. */
#include <stdio.h>
#include <x86intrin.h>

int main(void)
{
	printf("%llu\n", (unsigned long long)__rdtsc());
	return 0;
}
