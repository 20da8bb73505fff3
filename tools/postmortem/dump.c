// SPDX-License-Identifier: GPL-2.0-only
/*
 * orthros-postmortem dump: copy the primary's core file, or only its
 * kernel image (-k: a mini dump drgn and crash can open).  Pages of zeros
 * are left out of the file (p_memsz covers them, p_filesz does not), as
 * makedumpfile does, so that a mini dump stays small.
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "postmortem.h"

#define PAGE			4096
#define KERNEL_MAP_START	0xffffffff80000000ULL
#define MAX_OUT_PHDRS		(4096 * 16)	/* a PT_LOAD splits per run of zeros */
#define HEADER_AREA		(1 << 20)	/* ELF and program headers */

struct dump {
	const struct options *o;
	struct orthros_vmcore vc;
	Elf64_Phdr *outp;
	int n, fd;
	u64 off;			/* where the next data goes */
};

static bool page_is_zero(const char *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (p[i])
			return false;
	return true;
}

static void copy_notes(struct dump *d, const Elf64_Phdr *p)
{
	char *buf = malloc(p->p_filesz ? p->p_filesz : 1);

	if (!buf || orthros_vmcore_pread(&d->vc, buf, p->p_filesz, p->p_offset) ||
	    pwrite(d->fd, buf, p->p_filesz, d->off) != (ssize_t)p->p_filesz)
		die("cannot copy the notes");
	d->outp[d->n] = *p;
	d->outp[d->n++].p_offset = d->off;
	d->off += p->p_filesz;
	free(buf);
}

/* Segment @i, page by page, runs of non-zero pages as PT_LOADs of their own. */
static void copy_load(struct dump *d, int i)
{
	const Elf64_Phdr *p = &d->vc.phdrs[i];
	Elf64_Phdr *cur = NULL;
	char page[PAGE];
	u64 pos;

	for (pos = 0; pos < p->p_filesz; pos += PAGE) {
		size_t len = p->p_filesz - pos < PAGE ? p->p_filesz - pos : PAGE;

		if (orthros_vmcore_pread(&d->vc, page, len, p->p_offset + pos))
			die("%s: cannot read segment %d at %#" PRIx64, d->o->vmcore, i, pos);
		if (page_is_zero(page, len)) {
			if (cur)
				cur->p_memsz = pos + len - (cur->p_vaddr - p->p_vaddr);
			continue;
		}
		if (!cur || cur->p_filesz != cur->p_memsz) {
			if (d->n >= MAX_OUT_PHDRS)
				die("too many segments");
			cur = &d->outp[d->n++];
			*cur = *p;
			cur->p_vaddr = p->p_vaddr + pos;
			cur->p_paddr = p->p_paddr + pos;
			cur->p_offset = d->off;
			cur->p_filesz = cur->p_memsz = 0;
		}
		if (pwrite(d->fd, page, len, d->off) != (ssize_t)len)
			die("%s: %s", d->o->out, strerror(errno));
		d->off += len;
		cur->p_filesz += len;
		cur->p_memsz += len;
	}
}

int cmd_dump(const struct options *o)
{
	struct dump d = { .o = o, .off = HEADER_AREA };
	const Elf64_Phdr *p;
	int i;

	if (orthros_vmcore_open(&d.vc, o->vmcore))
		return 1;
	d.outp = calloc(MAX_OUT_PHDRS, sizeof(*d.outp));
	if (!d.outp)
		die("out of memory");
	d.fd = open(o->out, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (d.fd < 0)
		die("%s: %s", o->out, strerror(errno));
	/* Layout: ELF header, program headers (written last), then data. */
	for (i = 0; i < d.vc.ehdr.e_phnum; i++) {
		p = &d.vc.phdrs[i];
		if (p->p_type == PT_NOTE)
			copy_notes(&d, p);
		else if (p->p_type == PT_LOAD &&
			 (!o->kernel_only || p->p_vaddr >= KERNEL_MAP_START))
			copy_load(&d, i);
	}
	d.vc.ehdr.e_phoff = sizeof(Elf64_Ehdr);
	d.vc.ehdr.e_phnum = d.n;
	if (sizeof(Elf64_Ehdr) + d.n * sizeof(Elf64_Phdr) > HEADER_AREA)
		die("too many segments for the header area");
	if (pwrite(d.fd, &d.vc.ehdr, sizeof(d.vc.ehdr), 0) != sizeof(d.vc.ehdr) ||
	    pwrite(d.fd, d.outp, d.n * sizeof(*d.outp), sizeof(Elf64_Ehdr)) !=
	    (ssize_t)(d.n * sizeof(*d.outp)) || close(d.fd))
		die("%s: %s", o->out, strerror(errno));
	fprintf(stderr, "orthros-postmortem: wrote %s: %d segments, %" PRIu64 " bytes\n",
		o->out, d.n, d.off);
	orthros_vmcore_close(&d.vc);
	free(d.outp);
	return 0;
}
