// SPDX-License-Identifier: GPL-2.0-only
/*
 * mprotect: an anonymous area of 8 pages, each filled with its number,
 * then protected in pieces: pages 0-1 none, 2-3 read, 4-5 read-write,
 * 6 read, 7 none (so the area is five VMAs).  Checks on SIGTERM:
 * /proc/self/maps shows the same five permissions; reads and writes
 * fault exactly where the protections say (SIGSEGV, caught); opened up
 * again with mprotect(), every page holds its number.
 */
#include <setjmp.h>
#include <sys/mman.h>

#include "procs.h"

#define PAGE	4096
#define PAGES	8

static const int prot[PAGES] = {
	PROT_NONE, PROT_NONE, PROT_READ, PROT_READ,
	PROT_READ | PROT_WRITE, PROT_READ | PROT_WRITE, PROT_READ, PROT_NONE,
};
static sigjmp_buf jb;
static char *area;

static void on_segv(int sig)
{
	siglongjmp(jb, 1);
}

/* Does a read (or write) of page P fault? */
static int faults(int p, int write)
{
	volatile char *c = area + p * PAGE;

	if (sigsetjmp(jb, 1))
		return 1;
	if (write)
		*c = *c;
	else
		(void)*c;
	return 0;
}

/* The permissions /proc/self/maps gives page P ("rw-p"...), or "". */
static void maps_perm(int p, char *perm)
{
	unsigned long lo, hi, at = (unsigned long)area + p * PAGE;
	char line[512], rwx[8];
	FILE *f = fopen("/proc/self/maps", "r");

	*perm = 0;
	while (f && fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%lx-%lx %4s", &lo, &hi, rwx) == 3 && lo <= at && at < hi) {
			strcpy(perm, rwx);
			break;
		}
	}
	if (f)
		fclose(f);
}

static int mprotect_test(void)
{
	char was[PAGES][8], now[8];
	int p, i;

	area = mmap(NULL, PAGES * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (area == MAP_FAILED)
		die("mmap: %m");
	for (p = 0; p < PAGES; p++) {
		memset(area + p * PAGE, p + 1, PAGE);
		if (mprotect(area + p * PAGE, PAGE, prot[p]))
			die("mprotect: %m");
	}
	for (p = 0; p < PAGES; p++)
		maps_perm(p, was[p]);
	on_signal(SIGSEGV, on_segv, SA_NODEFER);
	procs_ready();
	procs_wait_term();
	for (p = 0; p < PAGES; p++) {
		maps_perm(p, now);
		if (!*now || strcmp(now, was[p]))
			return fail("page %d: maps says '%s', was '%s'", p, now, was[p]);
		if (faults(p, 0) != !(prot[p] & PROT_READ) ||
		    faults(p, 1) != !(prot[p] & PROT_WRITE))
			return fail("page %d: access does not match protection %d", p, prot[p]);
	}
	if (mprotect(area, PAGES * PAGE, PROT_READ))
		return fail("mprotect: %m");
	for (p = 0; p < PAGES; p++)
		for (i = 0; i < PAGE; i++)
			if (area[p * PAGE + i] != p + 1)
				return fail("page %d byte %d is %d", p, i, area[p * PAGE + i]);
	return 0;
}
PROCS_TEST(mprotect, mprotect_test);
