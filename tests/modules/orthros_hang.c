// SPDX-License-Identifier: GPL-2.0-only
/*
 * orthros_hang: hang every CPU of the kernel that loads it.
 *
 * Test module for the backup's watchdog: each online CPU disables its
 * interrupts and spins, so the heartbeat stops, nothing panics and no
 * notification is sent.  Only an NMI or INIT gets such a CPU out.  Loading
 * it never returns.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/smp.h>
#include <linux/timex.h>

static void orthros_hang_spin(void *unused)
{
	local_irq_disable();
	for (;;)
		cpu_relax();
}

static int __init orthros_hang_init(void)
{
	pr_emerg("every CPU now spins with interrupts off (TSC %llu)\n",
		 (unsigned long long)get_cycles());
	preempt_disable();
	smp_call_function(orthros_hang_spin, NULL, 0);
	orthros_hang_spin(NULL);
	return 0;
}
module_init(orthros_hang_init);

MODULE_DESCRIPTION("Orthros test: hang every CPU with interrupts disabled");
MODULE_LICENSE("GPL");
