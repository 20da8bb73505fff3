// SPDX-License-Identifier: GPL-2.0-only
/*
 * orthros-dump [-c VMCORE] [-t TABLE] INIT_PID DIR
 *
 * In a backup kernel, after the takeover: write the processes of the
 * frozen primary's pid namespace whose init is INIT_PID (the second field
 * of /sys/kernel/orthros/primary/migrate_pidns) into DIR as criu images,
 * for `criu restore -D DIR`.  The failover daemon does the same in its
 * processes phase; this command is for trying it by hand and for tests.
 * Prints one line of counts; exit status 0 if at least one process was
 * written.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dump.h"
#include "reader.h"

int main(int argc, char **argv)
{
	const char *vmcore = ORTHROS_READER_VMCORE, *table = ORTHROS_READER_TABLE;
	struct orthros_reader *r;
	struct dump_options dopt = { 0 };
	struct dump_result res;
	int opt, ret;

	while ((opt = getopt(argc, argv, "c:t:")) != -1) {
		switch (opt) {
		case 'c':
			vmcore = optarg;
			break;
		case 't':
			table = optarg;
			break;
		default:
			goto usage;
		}
	}
	if (argc - optind != 2)
		goto usage;
	ret = orthros_reader_open_vmcore(&r, vmcore, table, ORTHROS_NEED_PROCS);
	if (ret) {
		fprintf(stderr, "orthros-dump: cannot read the primary: %s\n", strerror(-ret));
		return 1;
	}
	dump_primary_clocks(&dopt);
	ret = dump_pidns(r, atoi(argv[optind]), argv[optind + 1], &dopt, &res);
	orthros_reader_close(r);
	printf("processes=%u threads=%u skipped=%u pages=%llu restarted=%u uncertain=%u on_cpu=%u forks=%u tcp_closed=%u\n",
	       res.processes, res.threads, res.skipped, (unsigned long long)res.pages,
	       res.restarted, res.uncertain, res.on_cpu, res.forks,
	       res.tcp_closed);
	if (ret)
		fprintf(stderr, "orthros-dump: %s\n", strerror(-ret));
	return ret ? 1 : 0;
usage:
	fprintf(stderr, "usage: orthros-dump [-c VMCORE] [-t TABLE] INIT_PID DIR\n");
	return 2;
}
