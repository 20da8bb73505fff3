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
#define ORTHROS_NEED_PROCS	(1U << 6)	/* process.c: processes to restore */

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

/* Windows of a core file mapped at once, and the bytes of each. */
#define ORTHROS_VMCORE_WINDOWS		16
#define ORTHROS_VMCORE_WINDOW_SIZE	(4UL << 20)

/* An ELF core file, for tools that need more of it than the reader. */
struct orthros_vmcore {
	int fd;
	Elf64_Ehdr ehdr;
	Elf64_Phdr *phdrs;		/* ehdr.e_phnum of them */
	u64 size;			/* the file's: no window maps past it */
	bool no_mmap;			/* a mapping failed: pread() only */
	u64 clock;			/* counts reads, for the least recently used */
	struct orthros_vmcore_window {
		const unsigned char *map;	/* NULL: unused */
		u64 off;		/* the window's file offset, size-aligned */
		size_t len;
		u64 used;		/* the clock at its last read */
	} win[ORTHROS_VMCORE_WINDOWS];
};

int orthros_vmcore_open(struct orthros_vmcore *vc, const char *path);
void orthros_vmcore_close(struct orthros_vmcore *vc);
int orthros_vmcore_pread(struct orthros_vmcore *vc, void *buf, size_t len, u64 off);
char *orthros_vmcore_note(struct orthros_vmcore *vc, const char *name, u32 *len);
int orthros_reader_cpu_tids(struct orthros_reader *r, int *tids, unsigned int max);
#endif
void orthros_reader_close(struct orthros_reader *r);

/* Memory (v2p.c): the primary's virtual memory, bounded and checked. */
int orthros_reader_read(struct orthros_reader *r, u64 va, void *buf, size_t len);
const void *orthros_reader_map_pfn(struct orthros_reader *r, u64 pfn, u64 offset, size_t len);
int orthros_reader_read_pfn(struct orthros_reader *r, u64 pfn, u64 offset, void *buf,
			    size_t len);

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
int orthros_reader_unwritten_inodes(struct orthros_reader *r, u64 sb,
				    int (*fn)(struct orthros_reader *r, u64 inode, void *arg),
				    void *arg);
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
const void *orthros_reader_folio_map(struct orthros_reader *r, const struct orthros_folio_info *f,
				     u64 offset, size_t len);
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

/* Processes (process.c), as a restore needs them (x86_64). */
#define ORTHROS_READER_RLIMITS	16
#define ORTHROS_READER_NSIG	64
#define ORTHROS_READER_SIGINFO	128	/* siginfo_t, as user space has it */

struct orthros_user_regs {		/* struct pt_regs, in its order */
	u64 r15, r14, r13, r12, bp, bx, r11, r10, r9, r8;
	u64 ax, cx, dx, si, di, orig_ax, ip, cs, flags, sp, ss;
};

struct orthros_cred {
	u32 ids[8];			/* uid gid suid sgid euid egid fsuid fsgid */
	u64 caps[5];			/* inheritable permitted effective bset ambient */
	u32 securebits;
};

struct orthros_thread_info {
	u64 task;
	struct orthros_task_info basic;	/* host pid, comm, state */
	int tid;			/* in the namespace asked for */
	u32 flags, exit_state, personality, ptrace, policy, rt_priority;
	int exit_code, exit_signal, pdeath_signal, static_prio;
	bool on_cpu;			/* running when the primary froze */
	bool fpu_saved;			/* the FPU state in memory is current */
	int host_tid;			/* in the initial pid namespace */
	u64 ti_flags;
	u64 blocked, saved_sigmask, pending;	/* signal sets */
	u64 sigqueue;			/* its sigpending, for orthros_reader_sigqueue() */
	u64 sas_ss_sp, sas_ss_size;
	u32 sas_ss_flags;
	u64 clear_child_tid, robust_list;
	u64 set_child_tid;		/* where its first run writes its tid */
	u64 vfork_done;			/* set while its vfork parent waits */
	u64 stack, stack_end;		/* its kernel stack */
	struct orthros_cred cred;
	u64 fsbase, gsbase;
	u16 fsindex, gsindex, ds, es;
	u64 fpu_regs;			/* address of the fpstate's register area */
	u32 fpu_size;
	u64 xfeatures, user_xfeatures;
	struct orthros_user_regs regs;
};

struct orthros_path {
	u64 mnt, dentry;		/* vfsmount, dentry */
};

struct orthros_sigaction {
	u64 handler, flags, restorer, mask;
};

struct orthros_process_info {
	u64 task;			/* the thread-group leader */
	int pid, ppid, pgid, sid;	/* in the namespace asked for; 0 if outside it */
	u32 nr_threads, signal_flags, umask;
	int group_exit_code;
	bool stopped;			/* group stop complete */
	bool nested;			/* in a pid namespace below the one asked for */
	u64 shared_pending;
	u64 shared_sigqueue;		/* for orthros_reader_sigqueue() */
	u64 files, sighand;
	struct orthros_path root, pwd;
	unsigned int nr_rlimits;
	struct { u64 cur, max; } rlim[ORTHROS_READER_RLIMITS];
	struct orthros_sigaction sigactions[ORTHROS_READER_NSIG];	/* signal N at N - 1 */
};

struct orthros_mm_layout_info {
	u64 pgd, exe_file, vdso;
	/*
	 * start_code end_code start_data end_data start_brk brk start_stack
	 * arg_start arg_end env_start env_end
	 */
	u64 fields[11];
	u64 auxv[64];
	unsigned int nr_auxv;
};

/* struct orthros_vma_info's flags. */
#define ORTHROS_VMA_READ	(1U << 0)
#define ORTHROS_VMA_WRITE	(1U << 1)
#define ORTHROS_VMA_EXEC	(1U << 2)
#define ORTHROS_VMA_SHARED	(1U << 3)
#define ORTHROS_VMA_MAYSHARE	(1U << 4)
#define ORTHROS_VMA_GROWSDOWN	(1U << 5)
#define ORTHROS_VMA_PFNMAP	(1U << 6)
#define ORTHROS_VMA_IO		(1U << 7)
#define ORTHROS_VMA_HUGETLB	(1U << 8)

struct orthros_vma_info {
	u64 start, end, pgoff, file;
	u32 flags;			/* ORTHROS_VMA_* */
};

struct orthros_file_info {
	u64 file, inode, ino;
	struct orthros_path path;
	u64 pipe;			/* a FIFO's pipe_inode_info, or 0 */
	s64 pos;
	u32 flags, fmode, rdev;
	u16 mode;
	char fstype[32];
};

struct orthros_socket_info {
	u16 family, type, protocol, port;	/* port: host order */
	u32 addr;				/* IPv4, network order */
	u32 state, backlog, sndbuf, rcvbuf;
	bool listening;				/* TCP_LISTEN */
	bool closed;				/* TCP_CLOSE */
	u16 peer_port;				/* network order */
	u32 peer_addr;				/* IPv4, network order */
};

int orthros_reader_socket(struct orthros_reader *r, u64 file, struct orthros_socket_info *s);
int orthros_reader_pid_nr(struct orthros_reader *r, u64 pid, u64 ns, int *nr);
int orthros_reader_task_pidns(struct orthros_reader *r, u64 task, u64 *ns);
int orthros_reader_pidns_processes(struct orthros_reader *r, u64 ns,
				   int (*fn)(struct orthros_reader *r, u64 task, int pid,
					     void *arg),
				   void *arg);
int orthros_reader_threads(struct orthros_reader *r, u64 leader,
			   int (*fn)(struct orthros_reader *r, u64 task, void *arg), void *arg);
int orthros_reader_thread(struct orthros_reader *r, u64 task, u64 ns,
			  struct orthros_thread_info *t);
int orthros_reader_process(struct orthros_reader *r, u64 leader, u64 ns,
			   struct orthros_process_info *p);
int orthros_reader_mm_layout(struct orthros_reader *r, u64 mm,
			     struct orthros_mm_layout_info *m);
int orthros_reader_vma(struct orthros_reader *r, u64 vma, struct orthros_vma_info *v);
int orthros_reader_fds(struct orthros_reader *r, u64 files,
		       int (*fn)(struct orthros_reader *r, int fd, u64 file, bool cloexec,
				 void *arg),
		       void *arg);
int orthros_reader_file(struct orthros_reader *r, u64 file, struct orthros_file_info *f);
int orthros_reader_path(struct orthros_reader *r, const struct orthros_path *p, char *path,
			size_t len);
int orthros_reader_pipe_data(struct orthros_reader *r, u64 pipe, void *buf, size_t size,
			     size_t *len, u32 *capacity);
int orthros_reader_page_is_anon(struct orthros_reader *r, u64 pfn, bool *anon);
int orthros_reader_vdso(struct orthros_reader *r, u64 *data, u64 *size);
int orthros_reader_sigqueue(struct orthros_reader *r, u64 sigpending, u8 *infos,
			    unsigned int max, unsigned int *nr);
int orthros_reader_task_exit(struct orthros_reader *r, u64 task, u32 *exit_state, int *exit_code);
int orthros_reader_user_pages(struct orthros_reader *r, u64 pgd, u64 start, u64 end,
			      int (*fn)(struct orthros_reader *r, u64 va, u64 pfn, void *arg),
			      void *arg);

#endif /* ORTHROS_READER_H */
