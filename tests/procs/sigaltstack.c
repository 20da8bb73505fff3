// SPDX-License-Identifier: GPL-2.0-only
/*
 * sigaltstack: an alternate signal stack of 64 KiB and a SIGUSR1 handler
 * with SA_ONSTACK.  Checks on SIGTERM: sigaltstack() reads back the same
 * stack, enabled and not in use, and the handler, raised again, runs on
 * it.
 */
#include "procs.h"

#define ALT	65536

static char *alt;
static volatile int on_alt = -1;

static void on_usr1(int sig)
{
	char here;

	on_alt = &here >= alt && &here < alt + ALT;
}

static int sigaltstack_test(void)
{
	stack_t ss = { .ss_size = ALT };

	alt = malloc(ALT);
	ss.ss_sp = alt;
	if (!alt || sigaltstack(&ss, NULL))
		die("sigaltstack: %m");
	on_signal(SIGUSR1, on_usr1, SA_ONSTACK);
	raise(SIGUSR1);
	if (on_alt != 1)
		die("the handler did not run on the alternate stack");
	procs_ready();
	procs_wait_term();
	if (sigaltstack(NULL, &ss))
		return fail("sigaltstack: %m");
	if (ss.ss_sp != alt || ss.ss_size != ALT || ss.ss_flags)
		return fail("the stack reads back %p size %zu flags %#x, was %p size %d",
			    ss.ss_sp, ss.ss_size, ss.ss_flags, alt, ALT);
	on_alt = -1;
	raise(SIGUSR1);
	if (on_alt != 1)
		return fail("the handler ran %s", on_alt ? "not at all" : "off the alternate stack");
	return 0;
}
PROCS_TEST(sigaltstack, sigaltstack_test);
