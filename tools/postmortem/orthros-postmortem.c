// SPDX-License-Identifier: GPL-2.0-only
/*
 * orthros-postmortem: read a fenced primary kernel from the backup.
 *
 *   orthros-postmortem log  [VMCORE]          the primary's kernel log
 *   orthros-postmortem vmcoreinfo [VMCORE]    the primary's VMCOREINFO
 *   orthros-postmortem tasks  [-o TABLE] [-r OUT] [VMCORE]   the primary's tasks
 *   orthros-postmortem maps   [-o TABLE] [-r OUT] [VMCORE]   VMAs per task
 *   orthros-postmortem mounts [-o TABLE] [-r OUT] [VMCORE]   its mounts
 *   orthros-postmortem files [-o TABLE] [-r OUT] [-t FSTYPE] [-d DIR] [VMCORE]
 *                              files with cached pages (-d: copy them to DIR)
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
 * tasks, maps, mounts and files read the primary's structures through its offset
 * table (TABLE, default /sys/kernel/orthros/primary/offsets, the copy the
 * backup took) with the Orthros reader (modules/orthros_reader/), so they
 * work across kernel versions; a corrupt structure is reported and
 * skipped.  -r writes every page the walk read to OUT, an ELF
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
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "reader.h"

#define KERNEL_MAP_START	0xffffffff80000000ULL
#define MAX_PHDRS		4096
#define MAX_RECORDS		(1 << 22)

struct vmcore {
	struct orthros_vmcore c;
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

static bool read_at(struct vmcore *vc, void *buf, size_t len, uint64_t off)
{
	return !orthros_vmcore_pread(&vc->c, buf, len, off);
}

static void vmcore_open(struct vmcore *vc, const char *path)
{
	u32 len;

	if (orthros_vmcore_open(&vc->c, path))
		exit(1);
	vc->vmcoreinfo = orthros_vmcore_note(&vc->c, "VMCOREINFO", &len);
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

	for (i = 0; i < vc->c.ehdr.e_phnum; i++) {
		Elf64_Phdr *p = &vc->c.phdrs[i];

		if (p->p_type != PT_LOAD || addr < p->p_vaddr ||
		    addr - p->p_vaddr >= p->p_filesz ||
		    len > p->p_filesz - (addr - p->p_vaddr))
			continue;
		return read_at(vc, buf, len, p->p_offset + (addr - p->p_vaddr));
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
	for (i = 0; i < vc.c.ehdr.e_phnum; i++) {
		Elf64_Phdr *p = &vc.c.phdrs[i];
		uint64_t pos;
		Elf64_Phdr *cur = NULL;

		if (p->p_type == PT_NOTE) {
			char *buf = malloc(p->p_filesz ? p->p_filesz : 1);

			if (!buf || !read_at(&vc, buf, p->p_filesz, p->p_offset) ||
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

			if (!read_at(&vc, page, len, p->p_offset + pos))
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
	vc.c.ehdr.e_phoff = sizeof(Elf64_Ehdr);
	vc.c.ehdr.e_phnum = n;
	if (sizeof(Elf64_Ehdr) + n * sizeof(Elf64_Phdr) > (1 << 20))
		die("too many segments for the header area");
	if (pwrite(fd, &vc.c.ehdr, sizeof(vc.c.ehdr), 0) != sizeof(vc.c.ehdr) ||
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
static struct orthros_reader_mem recorded_mem;

/* The reader's reads, recorded on their way to the core file. */
static int record_read(void *ctx, u64 pa, void *buf, size_t len)
{
	unsigned int i;

	(void)ctx;
	if (nr_ranges < MAX_RANGES) {
		ranges[nr_ranges].pa = pa;
		ranges[nr_ranges++].len = len;
	}
	for (i = 0; i < nr_recorded && recorded[i] != (pa & ~4095ULL); i++)
		;
	if (i == nr_recorded && nr_recorded < MAX_RECORDED)
		recorded[nr_recorded++] = pa & ~4095ULL;
	return recorded_mem.read_phys(recorded_mem.ctx, pa, buf, len);
}

static void record_start(struct orthros_reader *r)
{
	recorded_mem = r->mem;
	r->mem.read_phys = record_read;
}

static struct orthros_reader *reader_open(const char *table_path, const char *path,
					  unsigned int needs, const char *record)
{
	struct orthros_reader *r;

	if (orthros_reader_open_vmcore(&r, path, table_path, needs))
		exit(1);
	if (record)
		record_start(r);
	return r;
}

/*
 * Write the recorded pages as an ELF core, one PT_LOAD per page, and the
 * ranges read as OUT.ranges ("<file offset> <length>" per line), which is
 * where a fuzzer's mutations matter.
 */
static void write_recorded(const char *out)
{
	Elf64_Ehdr eh = {
		.e_ident = { ELFMAG0, ELFMAG1, ELFMAG2, ELFMAG3, ELFCLASS64, ELFDATA2LSB,
			     EV_CURRENT },
		.e_type = ET_CORE, .e_machine = EM_X86_64, .e_version = EV_CURRENT,
		.e_ehsize = sizeof(Elf64_Ehdr), .e_phentsize = sizeof(Elf64_Phdr),
	};
	Elf64_Phdr ph = { .p_type = PT_LOAD, .p_flags = PF_R, .p_align = 4096 };
	u64 data = sizeof(eh) + (u64)nr_recorded * sizeof(ph);
	char page[4096], name[4096];
	unsigned int i, j;
	FILE *f;
	int fd;

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
	if (pwrite(fd, &eh, sizeof(eh), 0) != sizeof(eh))
		die("%s: %s", out, strerror(errno));
	for (i = 0; i < nr_recorded; i++) {
		ph.p_paddr = recorded[i];
		ph.p_offset = data + (u64)i * sizeof(page);
		ph.p_filesz = ph.p_memsz = sizeof(page);
		if (recorded_mem.read_phys(recorded_mem.ctx, recorded[i], page, sizeof(page)))
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
	struct orthros_task_info t;

	(void)arg;
	if (orthros_reader_task(r, task, &t))
		fprintf(stderr, "orthros-postmortem: task at %#" PRIx64 " unreadable, skipped\n",
			task);
	else
		printf("task %d %s %s\n", t.pid, t.comm, task_state(t.state));
	return 0;
}

static int count_vma(struct orthros_reader *r, u64 vma, u64 start, u64 end, void *arg)
{
	(void)r, (void)vma, (void)start, (void)end;
	++*(unsigned int *)arg;
	return 0;
}

/* "maps PID COMM VMAS MAP_COUNT" for each task with an address space. */
static int print_maps(struct orthros_reader *r, u64 task, void *arg)
{
	struct orthros_task_info t;
	unsigned int vmas = 0;
	int map_count;

	(void)arg;
	if (orthros_reader_task(r, task, &t) || !t.mm)
		return 0;
	if (orthros_reader_member(r, t.mm, "mm_struct.map_count", &map_count,
				  sizeof(map_count)) ||
	    orthros_reader_vmas(r, t.mm, count_vma, &vmas))
		fprintf(stderr, "orthros-postmortem: mm of task %d is damaged, skipped\n", t.pid);
	else
		printf("maps %d %s %u %d\n", t.pid, t.comm, vmas, map_count);
	return 0;
}

static int cmd_tasks(const char *table, const char *path, const char *record, bool maps)
{
	struct orthros_reader *r;
	int ret = 0;

	r = reader_open(table, path, ORTHROS_NEED_TASKS | (maps ? ORTHROS_NEED_MM : 0), record);
	if (orthros_reader_tasks(r, maps ? print_maps : print_task, NULL)) {
		fprintf(stderr, "orthros-postmortem: the task list is corrupt; listed what could be reached\n");
		ret = 1;
	}
	if (record)
		write_recorded(record);
	orthros_reader_close(r);
	return fflush(stdout) ? 1 : ret;
}

/* What "files" does with each file: where it is and where to copy it. */
struct file_walk {
	const char *fstype, *mount_path, *out_dir;
	u64 mnt_root, page_size, page_offset_base, size;
	int fd;
	unsigned int pages, dirty;
	bool bad;
};

static int copy_folio(struct orthros_reader *r, const struct orthros_folio_info *f, void *arg)
{
	struct file_walk *w = arg;
	char page[4096];
	unsigned int i;

	w->pages += f->nr_pages;
	w->dirty += f->dirty ? f->nr_pages : 0;
	for (i = 0; w->fd >= 0 && i < f->nr_pages; i++) {
		u64 off = (f->index + i) * w->page_size, len = w->page_size;

		if (off >= w->size)
			break;
		if (len > w->size - off)
			len = w->size - off;
		if (orthros_reader_read(r, w->page_offset_base + (f->pfn + i) * w->page_size,
					page, len) ||
		    pwrite(w->fd, page, len, off) != (ssize_t)len) {
			w->bad = true;
			break;
		}
	}
	return 0;
}

/* Open OUT_DIR/<path> for writing, making its directories. */
static int create_copy(const char *out_dir, const char *path)
{
	char name[2 * ORTHROS_READER_PATH_MAX], *p;

	snprintf(name, sizeof(name), "%s%s", out_dir, path);
	for (p = name + strlen(out_dir) + 1; (p = strchr(p, '/')); p++) {
		*p = '\0';
		mkdir(name, 0755);
		*p = '/';
	}
	return open(name, O_WRONLY | O_CREAT | O_TRUNC, 0644);
}

static int print_file(struct orthros_reader *r, u64 inode, void *arg)
{
	struct file_walk *w = arg;
	char path[ORTHROS_READER_PATH_MAX], full[2 * ORTHROS_READER_PATH_MAX];
	struct orthros_inode_info i;
	int ret;

	w->fd = -1;
	w->pages = w->dirty = 0;
	w->bad = false;
	if (orthros_reader_inode(r, inode, &i)) {
		fprintf(stderr, "orthros-postmortem: inode at %#" PRIx64 " unreadable, skipped\n",
			inode);
		return 0;
	}
	if ((i.mode & 0170000) != 0100000 || !i.nrpages || !i.dentry)
		return 0;	/* not a regular file with cached data and a name */
	if (orthros_reader_dentry_path(r, i.dentry, w->mnt_root, path, sizeof(path))) {
		fprintf(stderr, "orthros-postmortem: inode %" PRIu64 ": no path, skipped\n", i.ino);
		return 0;
	}
	snprintf(full, sizeof(full), "%s%s", strcmp(w->mount_path, "/") ? w->mount_path : "",
		 path);
	w->size = i.size;
	if (w->out_dir)
		w->fd = create_copy(w->out_dir, full);
	ret = orthros_reader_folios(r, i.mapping, 1U << 24, copy_folio, w);
	if (w->fd >= 0 && (ftruncate(w->fd, w->size) || close(w->fd)))
		w->bad = true;
	if (ret || w->bad || (w->out_dir && w->fd < 0))
		fprintf(stderr, "orthros-postmortem: %s: page cache damaged or not copied\n", full);
	printf("file %s %" PRIu64 " %" PRIu64 " %" PRIu64 " %u %u%s\n", full, i.ino, i.size,
	       i.nrpages, w->pages, w->dirty, ret || w->bad ? " damaged" : "");
	return 0;
}

static int print_mount(struct orthros_reader *r, u64 mnt, void *arg)
{
	static struct orthros_mount_info m;

	(void)arg;
	if (orthros_reader_mount(r, mnt, &m))
		fprintf(stderr, "orthros-postmortem: mount at %#" PRIx64 " unreadable, skipped\n",
			mnt);
	else
		printf("mount %s %s %s\n", m.dev, m.path, m.fstype);
	return 0;
}

/* Each file with cached pages on the mount, if its file system is -t's. */
static int mount_files(struct orthros_reader *r, u64 mnt, void *arg)
{
	static struct orthros_mount_info m;
	struct file_walk *w = arg;

	if (orthros_reader_mount(r, mnt, &m) || (w->fstype && strcmp(m.fstype, w->fstype)))
		return 0;
	w->mount_path = m.path;
	w->mnt_root = m.root;
	if (orthros_reader_inodes(r, m.sb, print_file, w))
		fprintf(stderr, "orthros-postmortem: %s: the inode list is corrupt; listed what could be reached\n",
			m.path);
	return 0;
}

static int cmd_mounts(const char *table, const char *path, const char *record)
{
	struct orthros_reader *r;
	int ret;

	r = reader_open(table, path, ORTHROS_NEED_FS, record);
	ret = orthros_reader_mounts(r, print_mount, NULL) ? 1 : 0;
	if (record)
		write_recorded(record);
	orthros_reader_close(r);
	return fflush(stdout) ? 1 : ret;
}

static int cmd_files(const char *table, const char *path, const char *record,
		     const char *fstype, const char *out_dir)
{
	struct file_walk w = { .fstype = fstype, .out_dir = out_dir };
	struct orthros_reader *r;
	int ret;

	r = reader_open(table, path, ORTHROS_NEED_FS | ORTHROS_NEED_PAGECACHE, record);
	if (orthros_reader_lookup(r, "NUMBER(page_size)", &w.page_size) ||
	    orthros_reader_lookup(r, "NUMBER(page_offset_base)", &w.page_offset_base))
		return 1;
	if (w.page_size != 4096)
		die("page size %" PRIu64 " is not supported", w.page_size);
	if (out_dir && mkdir(out_dir, 0755) && errno != EEXIST)
		die("%s: %s", out_dir, strerror(errno));
	ret = orthros_reader_mounts(r, mount_files, &w) ? 1 : 0;
	if (record)
		write_recorded(record);
	orthros_reader_close(r);
	return fflush(stdout) ? 1 : ret;
}

static void usage(void)
{
	fputs("usage: orthros-postmortem log [VMCORE]\n"
	      "       orthros-postmortem vmcoreinfo [VMCORE]\n"
	      "       orthros-postmortem tasks|maps|mounts [-o TABLE] [-r OUT] [VMCORE]\n"
	      "       orthros-postmortem files [-o TABLE] [-r OUT] [-t FSTYPE] [-d DIR] [VMCORE]\n"
	      "       orthros-postmortem dump [-k] VMCORE OUT\n"
	      "VMCORE defaults to /proc/vmcore; -k keeps only the kernel image\n",
	      stderr);
	exit(2);
}

static bool is(const char *a, const char *b)
{
	return !strcmp(a, b);
}

int main(int argc, char **argv)
{
	if (argc >= 2 && is(argv[1], "log") && argc <= 3)
		return cmd_log(argc == 3 ? argv[2] : "/proc/vmcore");
	if (argc >= 2 && (is(argv[1], "tasks") || is(argv[1], "maps") || is(argv[1], "mounts") ||
			  is(argv[1], "files"))) {
		const char *table = "/sys/kernel/orthros/primary/offsets", *core = "/proc/vmcore";
		const char *record = NULL, *fstype = NULL, *out_dir = NULL;
		int i = 2;

		for (; i + 1 < argc && argv[i][0] == '-'; i += 2) {
			if (is(argv[i], "-o"))
				table = argv[i + 1];
			else if (is(argv[i], "-r"))
				record = argv[i + 1];
			else if (is(argv[i], "-t") && is(argv[1], "files"))
				fstype = argv[i + 1];
			else if (is(argv[i], "-d") && is(argv[1], "files"))
				out_dir = argv[i + 1];
			else
				usage();
		}
		if (i < argc)
			core = argv[i++];
		if (i != argc)
			usage();
		if (is(argv[1], "mounts"))
			return cmd_mounts(table, core, record);
		if (is(argv[1], "files"))
			return cmd_files(table, core, record, fstype, out_dir);
		return cmd_tasks(table, core, record, is(argv[1], "maps"));
	}
	if (argc >= 2 && is(argv[1], "vmcoreinfo") && argc <= 3)
		return cmd_vmcoreinfo(argc == 3 ? argv[2] : "/proc/vmcore");
	if (argc == 4 && is(argv[1], "dump"))
		return cmd_dump(argv[2], argv[3], false);
	if (argc == 5 && is(argv[1], "dump") && is(argv[2], "-k"))
		return cmd_dump(argv[3], argv[4], true);
	usage();
}
