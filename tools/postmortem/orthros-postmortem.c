// SPDX-License-Identifier: GPL-2.0-only
/*
 * orthros-postmortem: read a fenced primary kernel from the backup.
 *
 *   orthros-postmortem log  [VMCORE]          the primary's kernel log
 *   orthros-postmortem vmcoreinfo [VMCORE]    the primary's VMCOREINFO
 *   orthros-postmortem tasks  [-o TABLE] [-r OUT] [VMCORE]   the primary's tasks
 *   orthros-postmortem mounts [-o TABLE] [-r OUT] [VMCORE]   its mounts
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
 * tasks and mounts read the primary's structures through its offset
 * table (TABLE, default /sys/kernel/orthros/primary/offsets, the copy the
 * backup took) with the Orthros reader (modules/orthros_reader/), so they
 * work across kernel versions; a corrupt structure is reported and the
 * walk ends there.  -r writes every page the walk read to OUT, an ELF
 * core of physical pages: a small image of exactly what the reader needs,
 * for replaying and fuzzing the walk elsewhere.
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

#include "reader.h"

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

/* Pages the reader touched, and the exact ranges it read, for -r. */
#define MAX_RECORDED	65536
#define MAX_RANGES	(1 << 20)
static u64 recorded[MAX_RECORDED];
static unsigned int nr_recorded;
static struct { u64 pa, len; } ranges[MAX_RANGES];
static unsigned int nr_ranges;
static bool recording;

static void record_read(u64 pa, size_t len)
{
	unsigned int i;

	if (nr_ranges < MAX_RANGES) {
		ranges[nr_ranges].pa = pa;
		ranges[nr_ranges++].len = len;
	}
	pa &= ~4095ULL;
	for (i = 0; i < nr_recorded; i++)
		if (recorded[i] == pa)
			return;
	if (nr_recorded < MAX_RECORDED)
		recorded[nr_recorded++] = pa;
}

/* The reader's view of a vmcore: physical memory from the PT_LOADs. */
static int vmcore_read_phys(void *ctx, u64 pa, void *buf, size_t len)
{
	struct vmcore *vc = ctx;
	int i;

	if (recording)
		record_read(pa, len);

	for (i = 0; i < vc->ehdr.e_phnum; i++) {
		Elf64_Phdr *p = &vc->phdrs[i];

		if (p->p_type != PT_LOAD || pa < p->p_paddr || pa - p->p_paddr >= p->p_memsz ||
		    len > p->p_memsz - (pa - p->p_paddr))
			continue;
		if (pa - p->p_paddr + len <= p->p_filesz)
			return read_at(vc->fd, buf, len, p->p_offset + (pa - p->p_paddr)) ?
			       0 : -EIO;
		if (pa - p->p_paddr >= p->p_filesz) {	/* zero pages left out */
			memset(buf, 0, len);
			return 0;
		}
	}
	return -EFAULT;
}

static void reader_open(struct orthros_reader *r, struct vmcore *vc, const char *table_path,
			const char *path)
{
	static unsigned char table[sizeof(struct orthros_offsets_hdr_ser) +
				   ORTHROS_OFFSETS_MAX * sizeof(struct orthros_offset_ser)];
	struct orthros_reader_mem mem = { .read_phys = vmcore_read_phys, .ctx = vc };
	size_t len = 0;
	ssize_t n;
	int fd, i;

	fd = open(table_path, O_RDONLY);
	if (fd < 0)
		die("%s: %s", table_path, strerror(errno));
	while (len < sizeof(table) && (n = read(fd, table + len, sizeof(table) - len)) > 0)
		len += n;
	close(fd);
	vmcore_open(vc, path);
	for (i = 0; i < vc->ehdr.e_phnum && mem.nr_ram < ORTHROS_READER_MAX_RAM; i++) {
		Elf64_Phdr *p = &vc->phdrs[i];

		if (p->p_type != PT_LOAD)
			continue;
		mem.ram[mem.nr_ram].start = p->p_paddr;
		mem.ram[mem.nr_ram++].end = p->p_paddr + p->p_memsz;
	}
	if (orthros_reader_init(r, table, len, &mem))
		die("%s: cannot read the primary with this offset table", table_path);
}

/* ps's letters for the task states (include/linux/sched.h). */
/*
 * Write the recorded pages as an ELF core, one PT_LOAD per page, and the
 * ranges read as OUT.ranges ("<file offset> <length>" per line), which is
 * where a fuzzer's mutations matter.
 */
static void write_recorded(struct vmcore *vc, const char *out)
{
	Elf64_Ehdr eh = vc->ehdr;
	Elf64_Phdr ph = { .p_type = PT_LOAD, .p_flags = PF_R, .p_align = 4096 };
	u64 data = sizeof(eh) + (u64)nr_recorded * sizeof(ph);
	char page[4096], name[4096];
	unsigned int i, j;
	FILE *f;
	int fd;

	recording = false;
	snprintf(name, sizeof(name), "%s.ranges", out);
	f = fopen(name, "w");
	if (!f)
		die("%s: %s", name, strerror(errno));
	for (i = 0; i < nr_ranges; i++)
		for (j = 0; j < nr_recorded; j++)
			if (recorded[j] == (ranges[i].pa & ~4095ULL))
				fprintf(f, "%" PRIu64 " %" PRIu64 "\n",
					data + (u64)j * 4096 + (ranges[i].pa & 4095), ranges[i].len);
	if (fclose(f))
		die("%s: %s", name, strerror(errno));
	fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		die("%s: %s", out, strerror(errno));
	eh.e_phoff = sizeof(eh);
	eh.e_phnum = nr_recorded;
	eh.e_shoff = 0;
	eh.e_shnum = 0;
	eh.e_shstrndx = 0;
	if (pwrite(fd, &eh, sizeof(eh), 0) != sizeof(eh))
		die("%s: %s", out, strerror(errno));
	for (i = 0; i < nr_recorded; i++) {
		ph.p_paddr = recorded[i];
		ph.p_offset = data + (u64)i * sizeof(page);
		ph.p_filesz = ph.p_memsz = sizeof(page);
		if (vmcore_read_phys(vc, recorded[i], page, sizeof(page)))
			memset(page, 0, sizeof(page));
		if (pwrite(fd, &ph, sizeof(ph), sizeof(eh) + i * sizeof(ph)) != sizeof(ph) ||
		    pwrite(fd, page, sizeof(page), ph.p_offset) != sizeof(page))
			die("%s: %s", out, strerror(errno));
	}
	if (close(fd))
		die("%s: %s", out, strerror(errno));
	fprintf(stderr, "orthros-postmortem: recorded %u pages in %s\n", nr_recorded, out);
}

static const char *task_state(u32 state)
{
	if (state == 0)
		return "R";
	if (state & 0x400)	/* TASK_NOLOAD: idle kernel threads */
		return "I";
	if (state & 1)
		return "S";
	if (state & 2)
		return "D";
	if (state & (4 | 8))
		return "T";
	if (state & 0x40)	/* TASK_PARKED: a CPU's threads, CPU offline */
		return "P";
	if (state & (0x10 | 0x20 | 0x80))
		return "Z";
	return "?";
}

static int print_task(struct orthros_reader *r, u64 task, void *arg)
{
	char comm[64] = "";
	u64 comm_len;
	u32 state;
	int pid;

	(void)arg;
	if (orthros_reader_lookup(r, "MSIZE(task_struct.comm)", &comm_len) ||
	    comm_len >= sizeof(comm) ||
	    orthros_reader_member(r, task, "task_struct.pid", &pid, sizeof(pid)) ||
	    orthros_reader_member(r, task, "task_struct.comm", comm, comm_len) ||
	    orthros_reader_member(r, task, "task_struct.__state", &state, sizeof(state))) {
		fprintf(stderr, "orthros-postmortem: task at %#" PRIx64 " unreadable, skipped\n",
			task);
		return 0;
	}
	comm[comm_len] = '\0';
	printf("task %d %s %s\n", pid, comm, task_state(state));
	return 0;
}

static int cmd_tasks(const char *table, const char *path, const char *record)
{
	struct orthros_reader r;
	struct vmcore vc = { 0 };
	u64 init_task, tasks_off;
	int ret = 0;

	reader_open(&r, &vc, table, path);
	recording = record;
	if (orthros_reader_lookup(&r, "SYMBOL(init_task)", &init_task) ||
	    orthros_reader_lookup(&r, "OFFSET(task_struct.tasks)", &tasks_off))
		return 1;
	print_task(&r, init_task, NULL);
	if (orthros_reader_list(&r, init_task + tasks_off, "task_struct.tasks", 100000,
				print_task, NULL)) {
		fprintf(stderr, "orthros-postmortem: the task list is corrupt; the walk stopped there\n");
		ret = 1;
	}
	if (record)
		write_recorded(&vc, record);
	return fflush(stdout) ? 1 : ret;
}

/* A NUL-terminated string at @va, at most @len - 1 bytes. */
static int read_string(struct orthros_reader *r, u64 va, char *buf, size_t len)
{
	size_t i;

	for (i = 0; i + 1 < len; i++) {
		if (orthros_reader_read(r, va + i, &buf[i], 1))
			return -EFAULT;
		if (!buf[i])
			return 0;
	}
	buf[i] = '\0';
	return 0;
}

/* Prepend "/name" of each dentry from @d up to its file system's root. */
static int dentry_path(struct orthros_reader *r, u64 d, u64 root, char *path, size_t len)
{
	int depth;

	for (depth = 0; depth < 64 && d != root; depth++) {
		char name[256], tmp[4096];
		u64 parent, name_ptr, qstr_off, name_off;
		u32 name_len;

		if (orthros_reader_ptr(r, d, "dentry.d_parent", &parent) ||
		    orthros_reader_lookup(r, "OFFSET(dentry.d_name)", &qstr_off) ||
		    orthros_reader_lookup(r, "OFFSET(qstr.name)", &name_off) ||
		    orthros_reader_member(r, d + qstr_off, "qstr.len", &name_len, sizeof(name_len)) ||
		    orthros_reader_read(r, d + qstr_off + name_off, &name_ptr, sizeof(name_ptr)) ||
		    name_len >= sizeof(name) ||
		    orthros_reader_read(r, name_ptr, name, name_len))
			return -EFAULT;
		if (parent == d)	/* the root of another mount's tree */
			break;
		name[name_len] = '\0';
		snprintf(tmp, sizeof(tmp), "/%s%s", name, path);
		snprintf(path, len, "%s", tmp);
		d = parent;
	}
	return depth < 64 ? 0 : -ELOOP;
}

static int print_mount(struct orthros_reader *r, u64 mnt)
{
	char path[4096] = "", dev[256], fstype[64], tmp[4096];
	u64 m = mnt, vfs_off, parent, mountpoint, sb, type, dev_ptr, type_name, root;
	int depth;

	if (orthros_reader_lookup(r, "OFFSET(mount.mnt)", &vfs_off) ||
	    orthros_reader_ptr(r, mnt + vfs_off, "vfsmount.mnt_sb", &sb) ||
	    orthros_reader_ptr(r, sb, "super_block.s_type", &type) ||
	    orthros_reader_ptr(r, type, "file_system_type.name", &type_name) ||
	    read_string(r, type_name, fstype, sizeof(fstype)) ||
	    orthros_reader_ptr(r, mnt, "mount.mnt_devname", &dev_ptr) ||
	    read_string(r, dev_ptr, dev, sizeof(dev)))
		return -EFAULT;
	/* Walk up: this mount's mountpoint in its parent, and so on. */
	for (depth = 0; depth < 64; depth++) {
		if (orthros_reader_ptr(r, m, "mount.mnt_parent", &parent) ||
		    orthros_reader_ptr(r, m, "mount.mnt_mountpoint", &mountpoint) ||
		    orthros_reader_ptr(r, parent + vfs_off, "vfsmount.mnt_root", &root))
			return -EFAULT;
		if (parent == m)
			break;
		tmp[0] = '\0';
		if (dentry_path(r, mountpoint, root, tmp, sizeof(tmp)))
			return -EFAULT;
		strncat(tmp, path, sizeof(tmp) - strlen(tmp) - 1);
		snprintf(path, sizeof(path), "%s", tmp);
		m = parent;
	}
	printf("mount %s %s %s\n", dev, path[0] ? path : "/", fstype);
	return 0;
}

/* In-order walk of the namespace's rbtree of mounts, bounded. */
static int walk_mounts(struct orthros_reader *r, u64 node, u64 node_off, int depth,
		       unsigned int *count)
{
	u64 left, right;

	if (!node)
		return 0;
	if (depth > 64 || ++*count > 10000) {
		fprintf(stderr, "orthros-postmortem: the mount tree is too deep or too big\n");
		return -ELOOP;
	}
	if (orthros_reader_ptr(r, node, "rb_node.rb_left", &left) ||
	    orthros_reader_ptr(r, node, "rb_node.rb_right", &right) ||
	    walk_mounts(r, left, node_off, depth + 1, count))
		return -EFAULT;
	if (print_mount(r, node - node_off))
		fprintf(stderr, "orthros-postmortem: mount at %#" PRIx64 " unreadable, skipped\n",
			node - node_off);
	return walk_mounts(r, right, node_off, depth + 1, count);
}

static int cmd_mounts(const char *table, const char *path, const char *record)
{
	struct orthros_reader r;
	struct vmcore vc = { 0 };
	u64 init_task, nsproxy, mnt_ns, mounts_off, node_off, root_node;
	unsigned int count = 0;
	int ret = 0;

	reader_open(&r, &vc, table, path);
	recording = record;
	if (orthros_reader_lookup(&r, "SYMBOL(init_task)", &init_task) ||
	    orthros_reader_ptr(&r, init_task, "task_struct.nsproxy", &nsproxy) ||
	    orthros_reader_ptr(&r, nsproxy, "nsproxy.mnt_ns", &mnt_ns) ||
	    orthros_reader_lookup(&r, "OFFSET(mnt_namespace.mounts)", &mounts_off) ||
	    orthros_reader_lookup(&r, "OFFSET(mount.mnt_node)", &node_off) ||
	    orthros_reader_ptr(&r, mnt_ns + mounts_off, "rb_root.rb_node", &root_node) ||
	    walk_mounts(&r, root_node, node_off, 0, &count))
		ret = 1;
	if (record)
		write_recorded(&vc, record);
	return fflush(stdout) ? 1 : ret;
}

static void usage(void)
{
	fputs("usage: orthros-postmortem log [VMCORE]\n"
	      "       orthros-postmortem vmcoreinfo [VMCORE]\n"
	      "       orthros-postmortem tasks|mounts [-o TABLE] [-r OUT] [VMCORE]\n"
	      "       orthros-postmortem dump [-k] VMCORE OUT\n"
	      "VMCORE defaults to /proc/vmcore; -k keeps only the kernel image\n",
	      stderr);
	exit(2);
}

int main(int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "log") && argc <= 3)
		return cmd_log(argc == 3 ? argv[2] : "/proc/vmcore");
	if (argc >= 2 && (!strcmp(argv[1], "tasks") || !strcmp(argv[1], "mounts"))) {
		const char *table = "/sys/kernel/orthros/primary/offsets", *core = "/proc/vmcore";
		const char *record = NULL;
		int i = 2;

		for (; i + 1 < argc && argv[i][0] == '-'; i += 2) {
			if (!strcmp(argv[i], "-o"))
				table = argv[i + 1];
			else if (!strcmp(argv[i], "-r"))
				record = argv[i + 1];
			else
				usage();
		}
		if (i < argc)
			core = argv[i++];
		if (i != argc)
			usage();
		return argv[1][0] == 't' ? cmd_tasks(table, core, record) :
					   cmd_mounts(table, core, record);
	}
	if (argc >= 2 && !strcmp(argv[1], "vmcoreinfo") && argc <= 3)
		return cmd_vmcoreinfo(argc == 3 ? argv[2] : "/proc/vmcore");
	if (argc == 4 && !strcmp(argv[1], "dump"))
		return cmd_dump(argv[2], argv[3], false);
	if (argc == 5 && !strcmp(argv[1], "dump") && !strcmp(argv[2], "-k"))
		return cmd_dump(argv[3], argv[4], true);
	usage();
}
