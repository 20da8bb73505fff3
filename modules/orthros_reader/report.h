/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Orthros: the takeover steps' reports.  A takeover's outcome belongs on
 * the console, but a console line costs the downtime (a serial port
 * writes it before printk() returns).  A caller that prints the step's
 * result itself once the service is up, as the failover daemon does,
 * sets the module's quiet parameter, and the report goes to pr_debug().
 * Failures are not reports: they print as they come.
 */
#ifndef ORTHROS_REPORT_H
#define ORTHROS_REPORT_H

#include <linux/printk.h>

/* A line of a step's report, on the console unless @quiet. */
#define orthros_report(quiet, fmt, ...)			\
	do {						\
		if (quiet)				\
			pr_debug(fmt, ##__VA_ARGS__);	\
		else					\
			pr_notice(fmt, ##__VA_ARGS__);	\
	} while (0)

#endif /* ORTHROS_REPORT_H */
