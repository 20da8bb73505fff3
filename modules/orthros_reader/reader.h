/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Orthros reader: read a frozen primary kernel's memory by name.
 *
 * The one library that reads another kernel's memory, built twice from the
 * same source: into the backup kernel (orthros_reader.ko, mem-kernel.c
 * maps the fenced primary's RAM) and into user-space tools and tests
 * (mem-vmcore.c reads /proc/vmcore or a recorded image).  Everything the
 * primary says is distrusted: its offset table is checked and every entry
 * the caller's subjects need is resolved when the reader opens (a missing
 * one fails the open, named), every address must translate into the
 * primary's RAM, and every walk has a length limit.  Failures are negative
 * errnos with one log line, never a crash.
 *
 * Layers (Documentation/design.rst has the file map): primitives (table.c,
 * v2p.c, list.c, xarray.c, maple.c; internal.h) under subjects (task.c,
 * mm.c, fs.c, pagecache.c, ext4.c, printk.c; this header), under the two
 * memory backends.  Walks call @fn for each element; a non-zero return of
 * @fn stops the walk and is returned.
 */
#ifndef ORTHROS_READER_H
#define ORTHROS_READER_H

#ifdef __KERNEL__
#include <linux/errno.h>
#include <linux/types.h>
#else
#include <elf.h>
#include "user.h"	/* what the kernel headers give, for user space */
#endif

struct orthros_reader;

/*
 * The subjects a caller will read, for orthros_reader_open() and
 * orthros_reader_open_vmcore(): the offset-table entries they need are
 * resolved at open, which fails naming the first one the primary lacks.
 * A walk of a subject the reader was not opened for returns -EOPNOTSUPP.
 * EXT4 is optional: a primary without ext4 (no such entries) still
 * opens, and only its ext4 walks fail.
 */
#define ORTHROS_NEED_TASKS	(1U << 0)	/* task.c */
#define ORTHROS_NEED_MM		(1U << 1)	/* mm.c: address spaces */
#define ORTHROS_NEED_FS		(1U << 2)	/* fs.c: mounts, inodes, dentries */
#define ORTHROS_NEED_PAGECACHE	(1U << 3)	/* pagecache.c: folios */
#define ORTHROS_NEED_EXT4	(1U << 4)	/* ext4.c: journals, ext4 inodes */
#define ORTHROS_NEED_PRINTK	(1U << 5)	/* printk.c: the kernel log */

#define ORTHROS_READER_PAGE_SIZE	4096	/* the only one the reader knows */
#define ORTHROS_READER_PATH_MAX		4096
#define ORTHROS_READER_NAME_MAX		256
#define ORTHROS_READER_LINE_MAX		(ORTHROS_READER_PATH_MAX + 128)	/* format_*() */

#ifdef __KERNEL__
/* The fenced primary, from the backup kernel (mem-kernel.c). */
struct orthros_reader *orthros_reader_open(unsigned int needs);
#else
/* The primary from a core file (mem-vmcore.c). */
#define ORTHROS_READER_VMCORE	"/proc/vmcore"
#define ORTHROS_READER_TABLE	"/sys/kernel/orthros/primary/offsets"

int orthros_reader_open_vmcore(struct orthros_reader **rp, const char *vmcore_path,
			       const char *table_path, unsigned int needs);

/* An ELF core file, for tools that need more of it than the reader. */
struct orthros_vmcore {
	int fd;
	Elf64_Ehdr ehdr;
	Elf64_Phdr *phdrs;		/* ehdr.e_phnum of them */
};

int orthros_vmcore_open(struct orthros_vmcore *vc, const char *path);
void orthros_vmcore_close(struct orthros_vmcore *vc);
int orthros_vmcore_pread(const struct orthros_vmcore *vc, void *buf, size_t len, u64 off);
char *orthros_vmcore_note(const struct orthros_vmcore *vc, const char *name, u32 *len);
#endif
void orthros_reader_close(struct orthros_reader *r);

/* Memory (v2p.c): the primary's virtual memory, bounded and checked. */
int orthros_reader_read(struct orthros_reader *r, u64 va, void *buf, size_t len);

/* Tasks (task.c). */
struct orthros_task_info {
	u64 task, mm;
	int pid;
	u32 state;			/* task_struct.__state */
	char letter;			/* ps's letter for @state: R, S, D, I, ... */
	char comm[64];
};

int orthros_reader_tasks(struct orthros_reader *r,
			 int (*fn)(struct orthros_reader *r, u64 task, void *arg), void *arg);
int orthros_reader_task(struct orthros_reader *r, u64 task, struct orthros_task_info *t);
int orthros_reader_format_task(char *buf, size_t len, const struct orthros_task_info *t);

/* Address spaces (mm.c). */
struct orthros_mm_info {
	unsigned int vmas;		/* VMAs found in the maple tree */
	int map_count;			/* what the mm says it has */
};

int orthros_reader_vmas(struct orthros_reader *r, u64 mm,
			int (*fn)(struct orthros_reader *r, u64 vma, u64 start, u64 end,
				  void *arg),
			void *arg);
int orthros_reader_mm(struct orthros_reader *r, u64 mm, struct orthros_mm_info *mi);
int orthros_reader_format_maps(char *buf, size_t len, const struct orthros_task_info *t,
			       const struct orthros_mm_info *mi);

/* File systems (fs.c). */
struct orthros_mount_info {
	u64 mnt, sb, root;		/* struct mount, its super_block, root dentry */
	u64 bdev;			/* the super_block's block_device, or 0 */
	char dev[256], fstype[64];
	char path[ORTHROS_READER_PATH_MAX];
};

struct orthros_inode_info {
	u64 inode, ino, size, mapping, nrpages;
	u64 dentry;			/* first alias, or 0 */
	u64 link;			/* a symlink's i_link: its target, or 0 (in its page) */
	u16 mode;
	u32 nlink, uid, gid;		/* uid, gid: as seen from the initial namespace */
	u32 generation;			/* with ino, tells a reused inode number */
	s64 atime_sec, mtime_sec;
	u32 atime_nsec, mtime_nsec;
};

struct orthros_dentry_info {
	u64 dentry, inode;		/* inode 0: a negative dentry */
	bool hashed;			/* false: deleted while in use */
	char name[ORTHROS_READER_NAME_MAX];
};

int orthros_reader_mounts(struct orthros_reader *r,
			  int (*fn)(struct orthros_reader *r, u64 mnt, void *arg), void *arg);
int orthros_reader_mount(struct orthros_reader *r, u64 mnt, struct orthros_mount_info *m);
int orthros_reader_mount_path(struct orthros_reader *r, u64 mnt, char *path, size_t len);
int orthros_reader_format_mount(char *buf, size_t len, const struct orthros_mount_info *m);
int orthros_reader_inodes(struct orthros_reader *r, u64 sb,
			  int (*fn)(struct orthros_reader *r, u64 inode, void *arg), void *arg);
int orthros_reader_inode(struct orthros_reader *r, u64 inode, struct orthros_inode_info *i);
int orthros_reader_inode_aliases(struct orthros_reader *r, u64 inode,
				 int (*fn)(struct orthros_reader *r, u64 dentry, void *arg),
				 void *arg);
int orthros_reader_dentry(struct orthros_reader *r, u64 d, struct orthros_dentry_info *di);
int orthros_reader_dentry_inode(struct orthros_reader *r, u64 d, u64 *inode);
int orthros_reader_dentry_children(struct orthros_reader *r, u64 dir, unsigned int max,
				   int (*fn)(struct orthros_reader *r, u64 child, void *arg),
				   void *arg);
int orthros_reader_dentry_path(struct orthros_reader *r, u64 dentry, u64 root,
			       char *path, size_t len);
int orthros_reader_file_path(struct orthros_reader *r, const struct orthros_mount_info *m,
			     u64 dentry, char *path, size_t len);

/* The page cache (pagecache.c): one folio, checked against the xarray. */
struct orthros_folio_info {
	u64 folio;		/* its struct page / folio address */
	u64 index;		/* first page index in the file */
	u64 pfn;		/* first page frame */
	unsigned int nr_pages;
	bool dirty, writeback;
};

int orthros_reader_folios(struct orthros_reader *r, u64 mapping, unsigned int max,
			  int (*fn)(struct orthros_reader *r, const struct orthros_folio_info *f,
				    void *arg),
			  void *arg);
int orthros_reader_folio_read(struct orthros_reader *r, const struct orthros_folio_info *f,
			      u64 offset, void *buf, size_t len);
int orthros_reader_format_file(char *buf, size_t len, const char *path,
			       const struct orthros_inode_info *i, unsigned int pages,
			       unsigned int dirty, bool damaged);

/* An ext4 file system's journal (ext4.c). */
struct orthros_ext4_journal {
	u64 journal, running, committing;	/* journal_t, its transactions */
	u64 inode;				/* the journal's inode */
	u32 commit_sequence;			/* the last tid known committed */
	u32 running_tid, committing_tid, running_state;
	int running_updates, committing_updates;	/* open handles */
	u32 blocksize, total_len;
	bool aborted, external;
};

struct orthros_ext4_inode {
	u32 sync_tid, datasync_tid;
	s64 disksize;
};

int orthros_reader_ext4_journal(struct orthros_reader *r, u64 sb, struct orthros_ext4_journal *j);
int orthros_reader_journal_buffers(struct orthros_reader *r, const struct orthros_ext4_journal *j,
				   u64 bdev,
				   int (*fn)(struct orthros_reader *r, u64 blocknr, u64 data, void *arg),
				   void *arg);
int orthros_reader_ext4_handle(struct orthros_reader *r, u64 task, u64 *transaction,
			       bool *on_cpu);
int orthros_reader_ext4_inode(struct orthros_reader *r, u64 inode, struct orthros_ext4_inode *e);
int orthros_reader_ext4_i_data(struct orthros_reader *r, u64 inode, u8 i_data[60]);

/* The kernel log (printk.c). */
struct orthros_printk_record {
	u64 seq, ts_nsec;
	const char *text;	/* not NUL-terminated */
	unsigned int len;
};

int orthros_reader_printk(struct orthros_reader *r, char *text, size_t size,
			  int (*fn)(struct orthros_reader *r,
				    const struct orthros_printk_record *rec, void *arg),
			  void *arg);

#endif /* ORTHROS_READER_H */
