// SPDX-License-Identifier: GPL-2.0-only
/*
 * orthros-postmortem log: the primary's kernel log, read from its printk
 * ring through the reader (the layout from its offset table), as dmesg
 * prints it; vmcoreinfo: the core file's VMCOREINFO note, raw.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "postmortem.h"

static int print_record(struct orthros_reader *r, const struct orthros_printk_record *rec,
			void *arg)
{
	printf("[%5" PRIu64 ".%06" PRIu64 "] %.*s\n", rec->ts_nsec / 1000000000,
	       rec->ts_nsec % 1000000000 / 1000, (int)rec->len, rec->text);
	return 0;
}

int cmd_log(const struct options *o)
{
	static char text[1 << 16];	/* printk_info.text_len is 16 bits */
	struct orthros_reader *r = open_reader(o, ORTHROS_NEED_PRINTK);
	int ret = orthros_reader_printk(r, text, sizeof(text), print_record, NULL);

	/* -EUCLEAN: records not readable were skipped (logged); the rest is the log. */
	return close_reader(r, o, ret && ret != -EUCLEAN);
}

int cmd_vmcoreinfo(const struct options *o)
{
	struct orthros_vmcore vc;
	char *info;
	u32 len;

	if (orthros_vmcore_open(&vc, o->vmcore))
		return 1;
	info = orthros_vmcore_note(&vc, "VMCOREINFO", &len);
	orthros_vmcore_close(&vc);
	if (!info)
		die("%s: no VMCOREINFO note", o->vmcore ?: ORTHROS_READER_VMCORE);
	fputs(info, stdout);
	free(info);
	return fflush(stdout) ? 1 : 0;
}
