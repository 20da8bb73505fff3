// SPDX-License-Identifier: GPL-2.0-only
/*
 * eventfd: a counter eventfd holding 5 + 37, and a semaphore eventfd
 * holding 3, both non-blocking.  Checks on SIGTERM: the counter reads
 * 42, then EAGAIN; the semaphore reads 1 three times, then EAGAIN.
 */
#include <sys/eventfd.h>

#include "procs.h"

static int eventfd_test(void)
{
	int cnt = eventfd(5, EFD_NONBLOCK), sem = eventfd(0, EFD_NONBLOCK | EFD_SEMAPHORE);
	uint64_t v = 37;
	int i;

	if (cnt < 0 || sem < 0 || write(cnt, &v, 8) != 8)
		die("eventfd: %m");
	v = 3;
	if (write(sem, &v, 8) != 8)
		die("eventfd write: %m");
	procs_ready();
	procs_wait_term();
	if (read(cnt, &v, 8) != 8 || v != 42)
		return fail("the counter reads %lu (%m), not 42", v);
	if (read(cnt, &v, 8) != -1 || errno != EAGAIN)
		return fail("the counter is not empty after its read");
	for (i = 0; i < 3; i++)
		if (read(sem, &v, 8) != 8 || v != 1)
			return fail("semaphore read %d: %lu (%m)", i, v);
	if (read(sem, &v, 8) != -1 || errno != EAGAIN)
		return fail("the semaphore had more than 3");
	return 0;
}
PROCS_TEST(eventfd, eventfd_test);
