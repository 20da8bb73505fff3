// SPDX-License-Identifier: GPL-2.0-only
/*
 * The page recorder behind orthros-postmortem -r OUT, for tests: a wrapper
 * around the reader's memory that notes every physical page and byte
 * range read on their way, then writes the pages as an ELF core (one
 * PT_LOAD per page) and the ranges as OUT.ranges ("<file offset>
 * <length>" per line), which is where tests/lib/fuzz-reader.py's
 * mutations matter.  Linked into the build of orthros-postmortem for the
 * test images only; the production read path knows nothing of it.
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"	/* the reader's memory backend, which this wraps */

#define PAGE		((u64)4096)
#define MAX_RECORDED	65536
#define MAX_RANGES	(1 << 20)

static u64 recorded[MAX_RECORDED];	/* pages */
static unsigned int nr_recorded;
static struct { u64 pa, len; } ranges[MAX_RANGES];
static unsigned int nr_ranges;
static struct orthros_reader_mem wrapped;	/* the reader's own memory */

static int record_read(void *ctx, u64 pa, void *buf, size_t len)
{
	unsigned int i;

	if (nr_ranges < MAX_RANGES) {
		ranges[nr_ranges].pa = pa;
		ranges[nr_ranges++].len = len;
	}
	for (i = 0; i < nr_recorded && recorded[i] != (pa & ~(PAGE - 1)); i++)
		;
	if (i == nr_recorded && nr_recorded < MAX_RECORDED)
		recorded[nr_recorded++] = pa & ~(PAGE - 1);
	return wrapped.read_phys(wrapped.ctx, pa, buf, len);
}

/**
 * orthros_record_start() - record every read of a reader from now on
 * @r: the reader (one at a time)
 *
 * Return: 0.
 */
int orthros_record_start(struct orthros_reader *r)
{
	wrapped = r->mem;
	r->mem.read_phys = record_read;
	return 0;
}

static int write_ranges(const char *out, u64 data)
{
	char name[4096];
	unsigned int i, j;
	FILE *f;
	int ret;

	snprintf(name, sizeof(name), "%s.ranges", out);
	f = fopen(name, "w");
	if (!f)
		goto fail;
	for (i = 0; i < nr_ranges; i++)
		for (j = 0; j < nr_recorded; j++)
			if (recorded[j] == (ranges[i].pa & ~(PAGE - 1)))
				fprintf(f, "%" PRIu64 " %" PRIu64 "\n",
					data + j * PAGE + (ranges[i].pa & (PAGE - 1)),
					ranges[i].len);
	if (!fclose(f))
		return 0;
fail:
	ret = -errno;
	fprintf(stderr, "orthros-postmortem: %s: %s\n", name, strerror(-ret));
	return ret;
}

/**
 * orthros_record_write() - write what was recorded
 * @out: the ELF core to write; its ranges go to @out.ranges
 *
 * The reader must still be open: the pages are read again through it.
 *
 * Return: 0, or a negative errno (logged).
 */
int orthros_record_write(const char *out)
{
	Elf64_Ehdr eh = {
		.e_ident = { ELFMAG0, ELFMAG1, ELFMAG2, ELFMAG3, ELFCLASS64, ELFDATA2LSB,
			     EV_CURRENT },
		.e_type = ET_CORE, .e_machine = EM_X86_64, .e_version = EV_CURRENT,
		.e_phoff = sizeof(Elf64_Ehdr), .e_ehsize = sizeof(Elf64_Ehdr),
		.e_phentsize = sizeof(Elf64_Phdr), .e_phnum = nr_recorded,
	};
	Elf64_Phdr ph = { .p_type = PT_LOAD, .p_flags = PF_R, .p_align = PAGE };
	u64 data = sizeof(eh) + (u64)nr_recorded * sizeof(ph);
	char page[PAGE];
	unsigned int i;
	int fd, ret;

	ret = write_ranges(out, data);
	if (ret)
		return ret;
	fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || pwrite(fd, &eh, sizeof(eh), 0) != sizeof(eh))
		goto fail;
	for (i = 0; i < nr_recorded; i++) {
		ph.p_paddr = recorded[i];
		ph.p_offset = data + i * PAGE;
		ph.p_filesz = ph.p_memsz = PAGE;
		if (wrapped.read_phys(wrapped.ctx, recorded[i], page, sizeof(page)))
			memset(page, 0, sizeof(page));
		if (pwrite(fd, &ph, sizeof(ph), sizeof(eh) + i * sizeof(ph)) != sizeof(ph) ||
		    pwrite(fd, page, sizeof(page), ph.p_offset) != sizeof(page))
			goto fail;
	}
	ret = close(fd);
	fd = -1;
	if (ret)
		goto fail;
	fprintf(stderr, "orthros-postmortem: recorded %u pages in %s\n", nr_recorded, out);
	return 0;
fail:
	ret = -errno;
	fprintf(stderr, "orthros-postmortem: %s: %s\n", out, strerror(-ret));
	if (fd >= 0)
		close(fd);
	return ret;
}
