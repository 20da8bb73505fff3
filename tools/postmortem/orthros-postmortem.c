// SPDX-License-Identifier: GPL-2.0-only
/*
 * orthros-postmortem: read a fenced primary kernel from the backup.
 *
 *   orthros-postmortem log  [VMCORE]          the primary's kernel log
 *   orthros-postmortem vmcoreinfo [VMCORE]    the primary's VMCOREINFO
 *   orthros-postmortem dump [-k] VMCORE OUT   save the vmcore (-k: only the
 *                                             kernel image: a mini dump)
 *
 * VMCORE defaults to /proc/vmcore, which an Orthros backup creates once it
 * has fenced the primary.  The log is read from the primary's printk ring
 * buffer with the layout its VMCOREINFO note describes, so it works for a
 * primary of another kernel version.  Every address read from the primary
 * is checked against the dump's segments: a corrupt ring ends the log with
 * an error, it never crashes the tool.
 *
 * Exit status: 0 on success, 1 on error (with a message on stderr).
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#define KERNEL_MAP_START	0xffffffff80000000ULL
#define MAX_PHDRS		4096
#define MAX_NOTES_SIZE		(16 << 20)
#define MAX_RECORDS		(1 << 22)

struct vmcore {
	int fd;
	Elf64_Ehdr ehdr;
	Elf64_Phdr *phdrs;
	char *vmcoreinfo;	/* NUL-terminated text of the VMCOREINFO note */
};

static void __attribute__((noreturn, format(printf, 1, 2))) die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("orthros-postmortem: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(1);
}

static bool read_at(int fd, void *buf, size_t len, uint64_t off)
{
	ssize_t n;

	while (len) {
		n = pread(fd, buf, len, off);
		if (n <= 0)
			return false;
		buf = (char *)buf + n;
		len -= n;
		off += n;
	}
	return true;
}

static void find_vmcoreinfo(struct vmcore *vc, char *notes, size_t size)
{
	size_t off = 0;

	while (off + sizeof(Elf64_Nhdr) <= size) {
		Elf64_Nhdr *n = (Elf64_Nhdr *)(notes + off);
		size_t name = off + sizeof(*n);
		size_t desc = name + ((n->n_namesz + 3) & ~3UL);
		size_t next = desc + ((n->n_descsz + 3) & ~3UL);

		if (next > size || next <= off)
			return;
		if (n->n_namesz == sizeof("VMCOREINFO") &&
		    !memcmp(notes + name, "VMCOREINFO", sizeof("VMCOREINFO"))) {
			vc->vmcoreinfo = strndup(notes + desc, n->n_descsz);
			return;
		}
		off = next;
	}
}

static void vmcore_open(struct vmcore *vc, const char *path)
{
	int i;

	vc->fd = open(path, O_RDONLY);
	if (vc->fd < 0)
		die("%s: %s%s", path, strerror(errno),
		    errno == ENOENT && !strcmp(path, "/proc/vmcore") ?
		    " (it appears once the backup has fenced the primary)" : "");
	if (!read_at(vc->fd, &vc->ehdr, sizeof(vc->ehdr), 0) ||
	    memcmp(vc->ehdr.e_ident, ELFMAG, SELFMAG) ||
	    vc->ehdr.e_ident[EI_CLASS] != ELFCLASS64 ||
	    vc->ehdr.e_phentsize != sizeof(Elf64_Phdr) ||
	    !vc->ehdr.e_phnum || vc->ehdr.e_phnum > MAX_PHDRS)
		die("%s: not a 64-bit ELF core file", path);
	vc->phdrs = calloc(vc->ehdr.e_phnum, sizeof(Elf64_Phdr));
	if (!vc->phdrs ||
	    !read_at(vc->fd, vc->phdrs, vc->ehdr.e_phnum * sizeof(Elf64_Phdr),
		     vc->ehdr.e_phoff))
		die("%s: cannot read the program headers", path);
	for (i = 0; i < vc->ehdr.e_phnum && !vc->vmcoreinfo; i++) {
		Elf64_Phdr *p = &vc->phdrs[i];
		char *notes;

		if (p->p_type != PT_NOTE || !p->p_filesz || p->p_filesz > MAX_NOTES_SIZE)
			continue;
		notes = malloc(p->p_filesz);
		if (notes && read_at(vc->fd, notes, p->p_filesz, p->p_offset))
			find_vmcoreinfo(vc, notes, p->p_filesz);
		free(notes);
	}
}

/* "KEY=value" from VMCOREINFO, as a number in @base; false if missing. */
static bool info_num(struct vmcore *vc, const char *key, int base, uint64_t *val)
{
	size_t klen = strlen(key);
	const char *p = vc->vmcoreinfo;

	while (p && *p) {
		if (!strncmp(p, key, klen) && p[klen] == '=') {
			char *end;

			errno = 0;
			*val = strtoull(p + klen + 1, &end, base);
			return !errno && end != p + klen + 1;
		}
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return false;
}

static uint64_t info_need(struct vmcore *vc, const char *key, int base)
{
	uint64_t val;

	if (!info_num(vc, key, base, &val))
		die("VMCOREINFO has no %s: cannot read the primary's log", key);
	return val;
}

#define SYM(vc, name)		info_need(vc, "SYMBOL(" name ")", 16)
#define OFF(vc, name)		info_need(vc, "OFFSET(" name ")", 10)
#define SIZE(vc, name)		info_need(vc, "SIZE(" name ")", 10)

/* Read the primary's memory at a kernel virtual address. */
static bool vread(struct vmcore *vc, uint64_t addr, void *buf, size_t len)
{
	int i;

	for (i = 0; i < vc->ehdr.e_phnum; i++) {
		Elf64_Phdr *p = &vc->phdrs[i];

		if (p->p_type != PT_LOAD || addr < p->p_vaddr ||
		    addr - p->p_vaddr >= p->p_filesz ||
		    len > p->p_filesz - (addr - p->p_vaddr))
			continue;
		return read_at(vc->fd, buf, len, p->p_offset + (addr - p->p_vaddr));
	}
	return false;
}

static uint64_t vread64(struct vmcore *vc, uint64_t addr, const char *what)
{
	uint64_t v;

	if (!vread(vc, addr, &v, sizeof(v)))
		die("%s at %#" PRIx64 " is outside the primary's memory", what, addr);
	return v;
}

/* Descriptor states, in the top two bits of prb_desc.state_var. */
#define DESC_FLAGS_SHIFT	62
#define DESC_ID_MASK		(~(3ULL << DESC_FLAGS_SHIFT))
#define DESC_COMMITTED		1
#define DESC_FINALIZED		2

static int cmd_log(const char *path)
{
	struct vmcore vc = { 0 };
	uint64_t rb, desc_ring, data_ring, descs, infos, data, tail, head, id;
	uint64_t count_bits, size_bits, ring_size;
	uint64_t o_state, o_lpos, o_begin, o_next, o_ts, o_len, sz_desc, sz_info;
	unsigned long records = 0, skipped = 0;
	char *text;

	vmcore_open(&vc, path);
	if (!vc.vmcoreinfo)
		die("%s: no VMCOREINFO note", path);

	rb = vread64(&vc, SYM(&vc, "prb"), "prb");
	desc_ring = rb + OFF(&vc, "printk_ringbuffer.desc_ring");
	data_ring = rb + OFF(&vc, "printk_ringbuffer.text_data_ring");
	count_bits = vread64(&vc, desc_ring + OFF(&vc, "prb_desc_ring.count_bits"),
			     "desc_ring.count_bits") & 0xffffffff;
	descs = vread64(&vc, desc_ring + OFF(&vc, "prb_desc_ring.descs"), "descs");
	infos = vread64(&vc, desc_ring + OFF(&vc, "prb_desc_ring.infos"), "infos");
	head = vread64(&vc, desc_ring + OFF(&vc, "prb_desc_ring.head_id"), "head_id");
	tail = vread64(&vc, desc_ring + OFF(&vc, "prb_desc_ring.tail_id"), "tail_id");
	size_bits = vread64(&vc, data_ring + OFF(&vc, "prb_data_ring.size_bits"),
			    "data_ring.size_bits") & 0xffffffff;
	data = vread64(&vc, data_ring + OFF(&vc, "prb_data_ring.data"), "data");
	if (count_bits > 24 || size_bits > 30 || size_bits < 4)
		die("printk ring looks corrupt (count_bits %" PRIu64 ", size_bits %" PRIu64 ")",
		    count_bits, size_bits);
	ring_size = 1ULL << size_bits;
	o_state = OFF(&vc, "prb_desc.state_var");
	o_lpos = OFF(&vc, "prb_desc.text_blk_lpos");
	o_begin = OFF(&vc, "prb_data_blk_lpos.begin");
	o_next = OFF(&vc, "prb_data_blk_lpos.next");
	o_ts = OFF(&vc, "printk_info.ts_nsec");
	o_len = OFF(&vc, "printk_info.text_len");
	sz_desc = SIZE(&vc, "prb_desc");
	sz_info = SIZE(&vc, "printk_info");

	text = malloc(ring_size);
	if (!text)
		die("out of memory");
	for (id = tail & DESC_ID_MASK; ; id = (id + 1) & DESC_ID_MASK) {
		uint64_t idx = id & ((1ULL << count_bits) - 1);
		uint64_t desc = descs + idx * sz_desc, info = infos + idx * sz_info;
		uint64_t sv, begin, next, ts, start, len;
		uint16_t text_len;

		if (++records > MAX_RECORDS)
			die("printk ring: more than %d records; the ids look corrupt", MAX_RECORDS);
		sv = vread64(&vc, desc + o_state, "prb_desc.state_var");
		if ((sv & DESC_ID_MASK) != id ||
		    ((sv >> DESC_FLAGS_SHIFT) != DESC_COMMITTED &&
		     (sv >> DESC_FLAGS_SHIFT) != DESC_FINALIZED)) {
			skipped++;
			goto next;
		}
		begin = vread64(&vc, desc + o_lpos + o_begin, "text_blk_lpos.begin");
		next = vread64(&vc, desc + o_lpos + o_next, "text_blk_lpos.next");
		ts = vread64(&vc, info + o_ts, "printk_info.ts_nsec");
		if (!vread(&vc, info + o_len, &text_len, sizeof(text_len)))
			die("printk_info.text_len is outside the primary's memory");
		if ((begin & 1) || begin == next)	/* data-less record */
			goto next;
		if ((begin >> size_bits) == (next >> size_bits)) {
			start = begin & (ring_size - 1);
			len = next - begin;
		} else {		/* wrapped: the text starts at the ring's start */
			start = 0;
			len = next & (ring_size - 1);
		}
		if (len < sizeof(uint64_t) || len > ring_size || start + len > ring_size) {
			skipped++;
			goto next;
		}
		len -= sizeof(uint64_t);	/* each block starts with its id */
		if (text_len < len)
			len = text_len;
		if (!vread(&vc, data + start + sizeof(uint64_t), text, len)) {
			skipped++;
			goto next;
		}
		printf("[%5" PRIu64 ".%06" PRIu64 "] %.*s\n", ts / 1000000000,
		       (ts % 1000000000) / 1000, (int)len, text);
next:
		if (id == (head & DESC_ID_MASK))
			break;
	}
	if (skipped)
		fprintf(stderr, "orthros-postmortem: %lu record(s) not readable, skipped\n",
			skipped);
	free(text);
	return fflush(stdout) ? 1 : 0;
}

static bool page_is_zero(const char *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (p[i])
			return false;
	return true;
}

/*
 * Copy the notes and the chosen PT_LOAD segments.  Pages of zeros are left
 * out of the file (p_memsz covers them, p_filesz does not), as
 * makedumpfile does, so that a mini dump stays small.
 */
static int cmd_dump(const char *path, const char *out, bool kernel_only)
{
	enum { PAGE = 4096 };
	struct vmcore vc = { 0 };
	Elf64_Phdr *outp;
	uint64_t off;
	char page[PAGE];
	int i, n = 0, fd;

	vmcore_open(&vc, path);
	/* Each PT_LOAD may split once per run of zero pages: count them first. */
	outp = calloc(MAX_PHDRS * 16, sizeof(*outp));
	if (!outp)
		die("out of memory");
	fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		die("%s: %s", out, strerror(errno));

	/* Layout: ELF header, program headers (written last), then data. */
	off = 1 << 20;
	for (i = 0; i < vc.ehdr.e_phnum; i++) {
		Elf64_Phdr *p = &vc.phdrs[i];
		uint64_t pos;
		Elf64_Phdr *cur = NULL;

		if (p->p_type == PT_NOTE) {
			char *buf = malloc(p->p_filesz ? p->p_filesz : 1);

			if (!buf || !read_at(vc.fd, buf, p->p_filesz, p->p_offset) ||
			    pwrite(fd, buf, p->p_filesz, off) != (ssize_t)p->p_filesz)
				die("cannot copy the notes");
			outp[n] = *p;
			outp[n++].p_offset = off;
			off += p->p_filesz;
			free(buf);
			continue;
		}
		if (p->p_type != PT_LOAD ||
		    (kernel_only && p->p_vaddr < KERNEL_MAP_START))
			continue;
		for (pos = 0; pos < p->p_filesz; pos += PAGE) {
			size_t len = p->p_filesz - pos < PAGE ? p->p_filesz - pos : PAGE;

			if (!read_at(vc.fd, page, len, p->p_offset + pos))
				die("%s: cannot read segment %d at %#" PRIx64, path, i, pos);
			if (page_is_zero(page, len)) {
				if (cur)
					cur->p_memsz = pos + len - (cur->p_vaddr - p->p_vaddr);
				continue;
			}
			if (!cur || cur->p_filesz != cur->p_memsz) {
				if (n >= MAX_PHDRS * 16)
					die("too many segments");
				cur = &outp[n++];
				*cur = *p;
				cur->p_vaddr = p->p_vaddr + pos;
				cur->p_paddr = p->p_paddr + pos;
				cur->p_offset = off;
				cur->p_filesz = cur->p_memsz = 0;
			}
			if (pwrite(fd, page, len, off) != (ssize_t)len)
				die("%s: %s", out, strerror(errno));
			off += len;
			cur->p_filesz += len;
			cur->p_memsz += len;
		}
	}
	vc.ehdr.e_phoff = sizeof(Elf64_Ehdr);
	vc.ehdr.e_phnum = n;
	if (sizeof(Elf64_Ehdr) + n * sizeof(Elf64_Phdr) > (1 << 20))
		die("too many segments for the header area");
	if (pwrite(fd, &vc.ehdr, sizeof(vc.ehdr), 0) != sizeof(vc.ehdr) ||
	    pwrite(fd, outp, n * sizeof(*outp), sizeof(Elf64_Ehdr)) !=
	    (ssize_t)(n * sizeof(*outp)) || close(fd))
		die("%s: %s", out, strerror(errno));
	fprintf(stderr, "orthros-postmortem: wrote %s: %d segments, %" PRIu64 " bytes\n",
		out, n, off);
	return 0;
}

static int cmd_vmcoreinfo(const char *path)
{
	struct vmcore vc = { 0 };

	vmcore_open(&vc, path);
	if (!vc.vmcoreinfo)
		die("%s: no VMCOREINFO note", path);
	fputs(vc.vmcoreinfo, stdout);
	return fflush(stdout) ? 1 : 0;
}

static void usage(void)
{
	fputs("usage: orthros-postmortem log [VMCORE]\n"
	      "       orthros-postmortem vmcoreinfo [VMCORE]\n"
	      "       orthros-postmortem dump [-k] VMCORE OUT\n"
	      "VMCORE defaults to /proc/vmcore; -k keeps only the kernel image\n",
	      stderr);
	exit(2);
}

int main(int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "log") && argc <= 3)
		return cmd_log(argc == 3 ? argv[2] : "/proc/vmcore");
	if (argc >= 2 && !strcmp(argv[1], "vmcoreinfo") && argc <= 3)
		return cmd_vmcoreinfo(argc == 3 ? argv[2] : "/proc/vmcore");
	if (argc == 4 && !strcmp(argv[1], "dump"))
		return cmd_dump(argv[2], argv[3], false);
	if (argc == 5 && !strcmp(argv[1], "dump") && !strcmp(argv[2], "-k"))
		return cmd_dump(argv[3], argv[4], true);
	usage();
}
