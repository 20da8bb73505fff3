// SPDX-License-Identifier: GPL-2.0-only
/*
 * DOC: orthros_compat
 *
 * Checks, at load time, that the running kernel speaks the Orthros
 * hand-over protocol version these modules were built for, and reports it.
 * Loading it first makes a mismatch between modules/ and the kernel's
 * patch series an immediate, clearly logged error instead of a subtle one.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/orthros.h>

static int __init orthros_compat_init(void)
{
	u32 running = orthros_version();

	if (running != ORTHROS_VERSION) {
		pr_err("kernel speaks Orthros version %u, modules were built for %u\n",
		       running, ORTHROS_VERSION);
		return -EPROTO;
	}
	pr_info("Orthros version %u\n", running);
	return 0;
}

static void __exit orthros_compat_exit(void)
{
}

module_init(orthros_compat_init);
module_exit(orthros_compat_exit);
MODULE_DESCRIPTION("Orthros: check the kernel's hand-over protocol version");
MODULE_LICENSE("GPL");
