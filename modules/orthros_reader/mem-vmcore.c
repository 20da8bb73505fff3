// SPDX-License-Identifier: GPL-2.0-only
/*
 * Orthros reader, user-space memory: an ELF core file (/proc/vmcore on a
 * backup, a dump, or an image recorded by a test), read through its
 * PT_LOAD segments' physical ranges, and the offset table from a file.
 * Not kernel code: mem-kernel.c is the kernel build's memory.
 *
 * For other tools (the failover daemon reads the primary's mounts so):
 *
 *	struct orthros_reader *r;
 *
 *	if (orthros_reader_open_vmcore(&r, NULL, NULL, ORTHROS_NEED_FS))
 *		return -1;		(the reason is on stderr)
 *	orthros_reader_mounts(r, fn, arg);
 *	orthros_reader_close(r);
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/procfs.h>
#include <sys/stat.h>

#include "internal.h"

#define MAX_PHDRS	4096
#define MAX_NOTES_SIZE	(16 << 20)
#define TABLE_MAX	(sizeof(struct orthros_offsets_hdr_ser) + \
			 ORTHROS_OFFSETS_MAX * sizeof(struct orthros_offset_ser))

/* The file's bytes in @vc's window at @off, mapped if need be; NULL if not. */
static const unsigned char *window(struct orthros_vmcore *vc, u64 off, size_t *avail)
{
	struct orthros_vmcore_window *w, *lru = &vc->win[0];
	u64 base = off & ~(u64)(ORTHROS_VMCORE_WINDOW_SIZE - 1);
	void *map;
	int i;

	vc->clock++;
	for (i = 0; i < ORTHROS_VMCORE_WINDOWS; i++) {
		w = &vc->win[i];
		if (w->map && w->off == base)
			goto found;
		if (!w->map || (lru->map && w->used < lru->used))
			lru = w;
	}
	if (vc->no_mmap || base >= vc->size)
		return NULL;
	w = lru;
	if (w->map)
		munmap((void *)w->map, w->len);
	w->map = NULL;
	w->off = base;
	w->len = vc->size - base < ORTHROS_VMCORE_WINDOW_SIZE ? vc->size - base :
								ORTHROS_VMCORE_WINDOW_SIZE;
	map = mmap(NULL, w->len, PROT_READ, MAP_PRIVATE, vc->fd, base);
	if (map == MAP_FAILED) {
		vc->no_mmap = true;
		return NULL;
	}
	w->map = map;
found:
	w->used = vc->clock;
	if (off - w->off >= w->len)
		return NULL;
	*avail = w->len - (off - w->off);
	return w->map + (off - w->off);
}

/**
 * orthros_vmcore_pread() - read bytes of a core file
 * @vc: the core file
 * @buf: destination
 * @len: bytes
 * @off: file offset
 *
 * Through windows of the file, each mapped once: a pread() of /proc/vmcore
 * maps and unmaps every page it copies (copy_oldmem_page()), which made a
 * process dump of 64 MiB take 3.3 s instead of 0.94 (TCG).  pread() where
 * the file cannot be mapped.
 *
 * Return: 0, or -EIO if the file ends or fails first.
 */
int orthros_vmcore_pread(struct orthros_vmcore *vc, void *buf, size_t len, u64 off)
{
	const unsigned char *src;
	size_t avail;
	ssize_t n;

	while (len) {
		src = window(vc, off, &avail);
		if (src) {
			n = len < avail ? len : avail;
			memcpy(buf, src, n);
		} else {
			n = pread(vc->fd, buf, len, off);
			if (n <= 0)
				return -EIO;
		}
		buf = (char *)buf + n;
		len -= n;
		off += n;
	}
	return 0;
}

/**
 * orthros_vmcore_open() - open an ELF core file and read its program headers
 * @vc: filled in; orthros_vmcore_close() it
 * @path: the file; NULL for %ORTHROS_READER_VMCORE
 *
 * Return: 0, or a negative errno (logged).
 */
int orthros_vmcore_open(struct orthros_vmcore *vc, const char *path)
{
	struct stat st;
	int err;

	memset(vc, 0, sizeof(*vc));
	path = path ?: ORTHROS_READER_VMCORE;
	vc->fd = open(path, O_RDONLY);
	if (vc->fd < 0) {
		err = -errno;
		ORTHROS_LOG("%s: %s%s", path, strerror(-err),
			    err == -ENOENT && !strcmp(path, "/proc/vmcore") ?
			    " (it appears once the backup has fenced the primary)" : "");
		return err;
	}
	vc->no_mmap = fstat(vc->fd, &st) || !S_ISREG(st.st_mode);
	vc->size = vc->no_mmap ? 0 : st.st_size;
	if (orthros_vmcore_pread(vc, &vc->ehdr, sizeof(vc->ehdr), 0) ||
	    memcmp(vc->ehdr.e_ident, ELFMAG, SELFMAG) ||
	    vc->ehdr.e_ident[EI_CLASS] != ELFCLASS64 ||
	    vc->ehdr.e_phentsize != sizeof(Elf64_Phdr) ||
	    !vc->ehdr.e_phnum || vc->ehdr.e_phnum > MAX_PHDRS) {
		ORTHROS_LOG("%s: not a 64-bit ELF core file", path);
		err = -ENOEXEC;
		goto fail;
	}
	vc->phdrs = calloc(vc->ehdr.e_phnum, sizeof(Elf64_Phdr));
	if (!vc->phdrs ||
	    orthros_vmcore_pread(vc, vc->phdrs, vc->ehdr.e_phnum * sizeof(Elf64_Phdr),
				 vc->ehdr.e_phoff)) {
		ORTHROS_LOG("%s: cannot read the program headers", path);
		err = -EIO;
		goto fail;
	}
	return 0;
fail:
	orthros_vmcore_close(vc);
	return err;
}

/**
 * orthros_vmcore_close() - close a core file opened by orthros_vmcore_open()
 * @vc: the core file (closing twice is harmless)
 */
void orthros_vmcore_close(struct orthros_vmcore *vc)
{
	int i;

	for (i = 0; i < ORTHROS_VMCORE_WINDOWS; i++) {
		if (vc->win[i].map)
			munmap((void *)vc->win[i].map, vc->win[i].len);
		vc->win[i].map = NULL;
	}
	if (vc->fd >= 0)
		close(vc->fd);
	free(vc->phdrs);
	vc->fd = -1;
	vc->phdrs = NULL;
}

/*
 * The note at *@off of @notes (@size bytes), its name and descriptor;
 * *@off moves past it.  NULL at the end or at a malformed note.
 */
static const Elf64_Nhdr *next_note(const char *notes, size_t size, size_t *off,
				   const char **name, const char **desc)
{
	const Elf64_Nhdr *n = (const Elf64_Nhdr *)(notes + *off);
	size_t name_off = *off + sizeof(*n), desc_off, next;

	if (*off + sizeof(*n) > size)
		return NULL;
	desc_off = name_off + ((n->n_namesz + 3) & ~3UL);
	next = desc_off + ((n->n_descsz + 3) & ~3UL);
	if (next > size || next <= *off)
		return NULL;
	*name = notes + name_off;
	*desc = notes + desc_off;
	*off = next;
	return n;
}

/* The note @name in @notes (of @size bytes): its text, or NULL. */
static char *find_note(const char *notes, size_t size, const char *name, u32 *len)
{
	size_t off = 0, name_len = strlen(name) + 1;
	const Elf64_Nhdr *n;
	const char *nm, *desc;

	while ((n = next_note(notes, size, &off, &nm, &desc)))
		if (n->n_namesz == name_len && !memcmp(nm, name, name_len)) {
			*len = n->n_descsz;
			return strndup(desc, n->n_descsz);
		}
	return NULL;
}

/**
 * orthros_vmcore_note() - the text of a note of a core file (VMCOREINFO, say)
 * @vc: the core file
 * @name: the note's name
 * @len: where its length goes
 *
 * Return: the note's bytes, NUL-terminated, to be freed; or NULL if the
 * file has no such note.
 */
char *orthros_vmcore_note(struct orthros_vmcore *vc, const char *name, u32 *len)
{
	char *text = NULL, *notes;
	int i;

	for (i = 0; i < vc->ehdr.e_phnum && !text; i++) {
		const Elf64_Phdr *p = &vc->phdrs[i];

		if (p->p_type != PT_NOTE || !p->p_filesz || p->p_filesz > MAX_NOTES_SIZE)
			continue;
		notes = malloc(p->p_filesz);
		if (notes && !orthros_vmcore_pread(vc, notes, p->p_filesz, p->p_offset))
			text = find_note(notes, p->p_filesz, name, len);
		free(notes);
	}
	return text;
}

/*
 * The reader's read_phys: @len bytes at physical @pa of the core file
 * @ctx, within one PT_LOAD segment.  Pages a dump left out of the file
 * (p_filesz < p_memsz: zero pages) read as zeros.
 */
static int read_phys(void *ctx, u64 pa, void *buf, size_t len)
{
	struct orthros_vmcore *vc = ctx;
	int i;

	for (i = 0; i < vc->ehdr.e_phnum; i++) {
		const Elf64_Phdr *p = &vc->phdrs[i];

		if (p->p_type != PT_LOAD || pa < p->p_paddr || pa - p->p_paddr >= p->p_memsz ||
		    len > p->p_memsz - (pa - p->p_paddr))
			continue;
		if (pa - p->p_paddr + len <= p->p_filesz)
			return orthros_vmcore_pread(vc, buf, len, p->p_offset + (pa - p->p_paddr));
		if (pa - p->p_paddr >= p->p_filesz) {	/* zero pages left out */
			memset(buf, 0, len);
			return 0;
		}
	}
	return -EFAULT;
}

/* What orthros_reader_open_vmcore() allocates around the reader. */
struct vmcore_reader {
	struct orthros_reader r;
	struct orthros_vmcore vc;
	unsigned char table[TABLE_MAX];
};

static int read_table(const char *path, unsigned char *table, size_t *len)
{
	ssize_t n = 0;
	int fd, err;

	fd = open(path, O_RDONLY);
	if (fd < 0) {
		err = -errno;
		ORTHROS_LOG("%s: %s", path, strerror(-err));
		return err;
	}
	*len = 0;
	while (*len < TABLE_MAX && (n = read(fd, table + *len, TABLE_MAX - *len)) > 0)
		*len += n;
	err = n < 0 ? -errno : 0;
	close(fd);
	if (err)
		ORTHROS_LOG("%s: %s", path, strerror(-err));
	return err;
}

/**
 * orthros_reader_open_vmcore() - a reader on a core file of the primary
 * @rp: where the reader goes; orthros_reader_close() it
 * @vmcore_path: the core file; NULL for %ORTHROS_READER_VMCORE
 * @table_path: the primary's offset table; NULL for %ORTHROS_READER_TABLE
 * @needs: the subjects the caller will read (ORTHROS_NEED_*)
 *
 * The primary's RAM is what the core's PT_LOAD segments cover, by
 * physical address.
 *
 * Return: 0, or a negative errno (logged): no file, not a core, a table
 * that is invalid or lacks an entry @needs require.
 */
int orthros_reader_open_vmcore(struct orthros_reader **rp, const char *vmcore_path,
			       const char *table_path, unsigned int needs)
{
	struct orthros_reader_mem mem = { .read_phys = read_phys };
	struct vmcore_reader *v;
	size_t len = 0;
	int i, ret;

	*rp = NULL;
	table_path = table_path ?: ORTHROS_READER_TABLE;
	v = calloc(1, sizeof(*v));
	if (!v)
		return -ENOMEM;
	v->vc.fd = -1;
	ret = read_table(table_path, v->table, &len) ?:
	      orthros_vmcore_open(&v->vc, vmcore_path);
	if (ret)
		goto fail;
	mem.ctx = &v->vc;
	for (i = 0; i < v->vc.ehdr.e_phnum && mem.nr_ram < ORTHROS_READER_MAX_RAM; i++) {
		const Elf64_Phdr *p = &v->vc.phdrs[i];

		if (p->p_type != PT_LOAD)
			continue;
		mem.ram[mem.nr_ram].start = p->p_paddr;
		mem.ram[mem.nr_ram++].end = p->p_paddr + p->p_memsz;
	}
	ret = orthros_reader_init(&v->r, v->table, len, &mem, needs);
	if (ret) {
		ORTHROS_LOG("%s: cannot read the primary with this offset table", table_path);
		goto fail;
	}
	*rp = &v->r;
	return 0;
fail:
	orthros_vmcore_close(&v->vc);
	free(v);
	return ret;
}

/**
 * orthros_reader_cpu_tids() - the threads the primary's CPUs were running
 * @r: a reader from orthros_reader_open_vmcore()
 * @tids: filled with their numbers in the initial pid namespace (0: idle)
 * @max: room in @tids
 *
 * Each CPU that stopped left its registers in a PRSTATUS note, with the
 * thread it was running: the only one whose FPU registers may be newer
 * than its memory.  A thread halfway through a context switch is on a CPU
 * too, but that CPU ran the other one.
 *
 * Return: how many CPUs left a note (at most @max are filled in), or a
 * negative errno.
 */
int orthros_reader_cpu_tids(struct orthros_reader *r, int *tids, unsigned int max)
{
	struct orthros_vmcore *vc = &container_of(r, struct vmcore_reader, r)->vc;
	const size_t pid_at = offsetof(struct elf_prstatus, pr_pid);
	const Elf64_Nhdr *n;
	const char *name, *desc;
	unsigned int nr = 0;
	char *notes;
	size_t off;
	int i, tid;

	for (i = 0; i < vc->ehdr.e_phnum; i++) {
		const Elf64_Phdr *p = &vc->phdrs[i];

		if (p->p_type != PT_NOTE || !p->p_filesz || p->p_filesz > MAX_NOTES_SIZE)
			continue;
		notes = malloc(p->p_filesz);
		if (!notes)
			return -ENOMEM;
		if (orthros_vmcore_pread(vc, notes, p->p_filesz, p->p_offset)) {
			free(notes);
			return -EIO;
		}
		off = 0;
		while ((n = next_note(notes, p->p_filesz, &off, &name, &desc))) {
			if (n->n_type != NT_PRSTATUS || n->n_namesz != sizeof("CORE") ||
			    memcmp(name, "CORE", sizeof("CORE")) ||
			    n->n_descsz < pid_at + sizeof(tid))
				continue;
			memcpy(&tid, desc + pid_at, sizeof(tid));	/* 4-aligned */
			if (nr < max)
				tids[nr] = tid;
			nr++;
		}
		free(notes);
	}
	return nr;
}

/**
 * orthros_reader_close() - close a reader from orthros_reader_open_vmcore()
 * @r: the reader, or NULL (ignored)
 */
void orthros_reader_close(struct orthros_reader *r)
{
	struct vmcore_reader *v = container_of(r, struct vmcore_reader, r);

	if (!r)
		return;
	orthros_vmcore_close(&v->vc);
	free(v);
}
