/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Orthros reader: read a frozen primary kernel's memory by name.
 *
 * Built twice from the same source: into the backup kernel (module) and
 * into user-space tools and tests, which read a vmcore file.  Everything
 * the primary says is distrusted: the offset table is checked before use,
 * every member is looked up by name in it (a missing one is an error, not
 * a guess), every address must translate into the primary's RAM, and
 * every walk has a length limit.  Failures are negative errnos with one
 * log line, never a crash.
 */
#ifndef ORTHROS_READER_H
#define ORTHROS_READER_H

#ifdef __KERNEL__
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/orthros_abi.h>
#include <linux/types.h>
#else
#include <elf.h>
#include "user.h"	/* what the kernel headers give, for user space */
#endif

#define ORTHROS_READER_MAX_RAM	128

/* How the reader gets at the primary's physical memory. */
struct orthros_reader_mem {
	/* Copy @len bytes at physical @pa (within one page); 0 or -errno. */
	int (*read_phys)(void *ctx, u64 pa, void *buf, size_t len);
	void *ctx;
	/* The primary's RAM: every address read must fall inside. */
	struct { u64 start, end; } ram[ORTHROS_READER_MAX_RAM];	/* [start, end) */
	unsigned int nr_ram;
};

struct orthros_reader {
	const struct orthros_offsets_hdr_ser *table;
	struct orthros_reader_mem mem;
	/* Address translation, from the table. */
	u64 page_offset_base, kernel_map_start, phys_base, top_pgt_pa;
	bool l5;
	unsigned int needs;	/* ORTHROS_NEED_* it was opened for */
};

/*
 * What a caller will read: orthros_reader_open() and
 * orthros_reader_open_vmcore() resolve the offset-table entries these
 * subjects need, and fail naming the first one the primary lacks.
 */
#define ORTHROS_NEED_TASKS	(1U << 0)	/* tasks: orthros_reader_task*() */
#define ORTHROS_NEED_MM		(1U << 1)	/* address spaces: orthros_reader_vmas() */
#define ORTHROS_NEED_FS		(1U << 2)	/* mounts, inodes, dentries, paths */
#define ORTHROS_NEED_PAGECACHE	(1U << 3)	/* orthros_reader_folios() */
#define ORTHROS_NEED_EXT4	(1U << 4)	/* ext4 journals and inodes */
#define ORTHROS_NEED_PRINTK	(1U << 5)	/* the kernel log */

#ifdef __KERNEL__
/* The fenced primary, from the backup kernel (primary.c). */
struct orthros_reader *orthros_reader_open(unsigned int needs);
#else
/* The primary from a core file (mem-vmcore.c). */
#define ORTHROS_READER_VMCORE	"/proc/vmcore"
#define ORTHROS_READER_TABLE	"/sys/kernel/orthros/primary/offsets"

int orthros_reader_open_vmcore(struct orthros_reader **rp, const char *vmcore_path,
			       const char *table_path, unsigned int needs);

/* An ELF core file, for tools that need more than the reader. */
struct orthros_vmcore {
	int fd;
	Elf64_Ehdr ehdr;
	Elf64_Phdr *phdrs;		/* ehdr.e_phnum of them */
};

int orthros_vmcore_open(struct orthros_vmcore *vc, const char *path);
void orthros_vmcore_close(struct orthros_vmcore *vc);
int orthros_vmcore_pread(const struct orthros_vmcore *vc, void *buf, size_t len, u64 off);
int orthros_vmcore_read_phys(void *ctx, u64 pa, void *buf, size_t len);
char *orthros_vmcore_note(const struct orthros_vmcore *vc, const char *name, u32 *len);
#endif
void orthros_reader_close(struct orthros_reader *r);

const char *orthros_reader_check_table(const void *table, size_t len);
int orthros_reader_init(struct orthros_reader *r, const void *table, size_t len,
			const struct orthros_reader_mem *mem, unsigned int needs);
int orthros_reader_lookup(struct orthros_reader *r, const char *name, u64 *value);
int orthros_reader_v2p(struct orthros_reader *r, u64 va, u64 *pa);
int orthros_reader_read(struct orthros_reader *r, u64 va, void *buf, size_t len);
int orthros_reader_member(struct orthros_reader *r, u64 base, const char *member,
			  void *buf, size_t len);
int orthros_reader_ptr(struct orthros_reader *r, u64 base, const char *member, u64 *ptr);

/* Objects of the primary (objects.c). */
#define ORTHROS_READER_PATH_MAX	4096
#define ORTHROS_READER_NAME_MAX	256

struct orthros_task_info {
	u64 task, mm;
	int pid;
	u32 state;
	char comm[64];
};

int orthros_reader_task(struct orthros_reader *r, u64 task, struct orthros_task_info *t);
int orthros_reader_tasks(struct orthros_reader *r,
			 int (*fn)(struct orthros_reader *r, u64 task, void *arg), void *arg);
int orthros_reader_vmas(struct orthros_reader *r, u64 mm,
			int (*fn)(struct orthros_reader *r, u64 vma, u64 start, u64 end,
				  void *arg),
			void *arg);
struct orthros_mount_info {
	u64 mnt, sb, root;		/* struct mount, its super_block, root dentry */
	char dev[256], fstype[64];
	char path[ORTHROS_READER_PATH_MAX];
};

struct orthros_inode_info {
	u64 inode, ino, size, mapping, nrpages;
	u64 dentry;			/* first alias, or 0 */
	u16 mode;
	u32 nlink, uid, gid;		/* uid, gid: as seen from the initial namespace */
	u32 generation;			/* with ino, tells a reused inode number */
	s64 atime_sec, mtime_sec;
	u32 atime_nsec, mtime_nsec;
};

int orthros_reader_mounts(struct orthros_reader *r,
			  int (*fn)(struct orthros_reader *r, u64 mnt, void *arg), void *arg);
int orthros_reader_mount(struct orthros_reader *r, u64 mnt, struct orthros_mount_info *m);
int orthros_reader_inodes(struct orthros_reader *r, u64 sb,
			  int (*fn)(struct orthros_reader *r, u64 inode, void *arg), void *arg);
int orthros_reader_inode(struct orthros_reader *r, u64 inode, struct orthros_inode_info *i);

/* One folio of a file's page cache, checked against the xarray. */
struct orthros_folio_info {
	u64 folio;		/* its struct page / folio address */
	u64 index;		/* first page index in the file */
	u64 pfn;		/* first page frame; data at pfn * page size */
	unsigned int nr_pages;
	bool dirty, writeback;
};

int orthros_reader_folios(struct orthros_reader *r, u64 mapping, unsigned int max,
			  int (*fn)(struct orthros_reader *r, const struct orthros_folio_info *f,
				    void *arg),
			  void *arg);
struct orthros_dentry_info {
	u64 dentry, inode;		/* inode 0: a negative dentry */
	bool hashed;			/* false: deleted while in use */
	char name[ORTHROS_READER_NAME_MAX];
};

int orthros_reader_dentry(struct orthros_reader *r, u64 d, struct orthros_dentry_info *di);
int orthros_reader_dentry_children(struct orthros_reader *r, u64 dir, unsigned int max,
				   int (*fn)(struct orthros_reader *r, u64 child, void *arg),
				   void *arg);
int orthros_reader_inode_aliases(struct orthros_reader *r, u64 inode,
				 int (*fn)(struct orthros_reader *r, u64 dentry, void *arg),
				 void *arg);
int orthros_reader_dentry_path(struct orthros_reader *r, u64 dentry, u64 root,
			       char *path, size_t len);
int orthros_reader_mount_path(struct orthros_reader *r, u64 mnt, char *path, size_t len);

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

int orthros_reader_ext4_journal(struct orthros_reader *r, u64 sb, struct orthros_ext4_journal *j);
int orthros_reader_journal_buffers(struct orthros_reader *r, const struct orthros_ext4_journal *j,
				   u64 bdev,
				   int (*fn)(struct orthros_reader *r, u64 blocknr, u64 data, void *arg),
				   void *arg);
struct orthros_ext4_inode {
	u32 sync_tid, datasync_tid;
	s64 disksize;
};

int orthros_reader_ext4_inode(struct orthros_reader *r, u64 inode, struct orthros_ext4_inode *e);
int orthros_reader_ext4_i_data(struct orthros_reader *r, u64 inode, u8 i_data[60]);

/* Walkers (reader.c). */
int orthros_reader_string(struct orthros_reader *r, u64 va, char *buf, size_t len);
int orthros_reader_list(struct orthros_reader *r, u64 head, const char *member,
			unsigned int max,
			int (*fn)(struct orthros_reader *r, u64 obj, void *arg), void *arg);
int orthros_reader_xarray(struct orthros_reader *r, u64 xa, unsigned int max,
			  int (*fn)(struct orthros_reader *r, u64 index, u64 entry, void *arg),
			  void *arg);
int orthros_reader_maple(struct orthros_reader *r, u64 mt, unsigned int max,
			 int (*fn)(struct orthros_reader *r, u64 first, u64 last, u64 entry,
				   void *arg),
			 void *arg);

#endif /* ORTHROS_READER_H */
