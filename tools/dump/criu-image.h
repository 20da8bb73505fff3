/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * criu-image: write the image files that `criu restore` of criu 3.17
 * (Debian 12: 3.17.1) reads, from plain C structs the caller fills.
 *
 * Every function returns 0 or a negative errno, and never exits.  An
 * image directory is given as a directory fd.  The files and the id in
 * each name (criu/image-desc.c; which id, from criu's restore code):
 *
 *   inventory.img             criu_write_inventory()
 *   pstree.img                CRIU_IMG_PSTREE, criu_pstree_add()
 *   ids-<pid>.img             criu_write_ids()      a process's ids
 *   core-<tid>.img            criu_write_core()     one per thread
 *   mm-<pid>.img              criu_write_mm()
 *   pagemap-<pid>.img         criu_pagemap_open() ...
 *   pages-<pages_id>.img      ... its pages, raw
 *   fs-<pid>.img              criu_write_fs()
 *   files.img                 CRIU_IMG_FILES, criu_file_add()
 *   fdinfo-<files_id>.img     CRIU_IMG_FDINFO, criu_fdinfo_add()
 *   pipes-data.img            CRIU_IMG_PIPES_DATA, criu_pipe_data_add()
 *   fifo-data.img             CRIU_IMG_FIFO_DATA, criu_pipe_data_add()
 *   tty-info.img              CRIU_IMG_TTY_INFO, criu_tty_info_add()
 *   timens-<time_ns_id>.img   criu_write_timens()
 *
 * pids and tids are numbers in the restored pid namespace.  A missing
 * image reads as empty on restore, but inventory and pstree must exist,
 * and for each live process ids (else "No IDS for root task"), the core
 * of every thread, mm and fs; fdinfo if it has fds, timens for a new time
 * namespace.  What else restore insists on is said at the struct
 * concerned.
 */
#ifndef ORTHROS_CRIU_IMAGE_H
#define ORTHROS_CRIU_IMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))

#define CRIU_PAGE_SIZE		4096
#define CRIU_COMM_LEN		16	/* TASK_COMM_LEN, with the NUL */
#define CRIU_NSIG		64	/* SIGMAX on x86 */
#define CRIU_RLIM_NLIMITS	16	/* RLIM_NLIMITS: restore takes as many as given */
#define CRIU_CAP_WORDS		2	/* CR_CAP_SIZE: restore wants exactly 2 words each */
#define CRIU_SIGINFO_SIZE	128	/* sizeof(siginfo_t): restore copies exactly this */
#define CRIU_AUXV_MAX		44	/* AT_VECTOR_SIZE: restore refuses more words */
#define CRIU_TERMIOS_NCC	19	/* TERMIOS_NCC */

/* vma_entry.status bits (criu/include/image.h). */
#define CRIU_VMA_AREA_NONE	(0u << 0)
#define CRIU_VMA_AREA_REGULAR	(1u << 0)
#define CRIU_VMA_AREA_STACK	(1u << 1)
#define CRIU_VMA_AREA_VSYSCALL	(1u << 2)
#define CRIU_VMA_AREA_VDSO	(1u << 3)
#define CRIU_VMA_AREA_HEAP	(1u << 5)
#define CRIU_VMA_FILE_PRIVATE	(1u << 6)
#define CRIU_VMA_FILE_SHARED	(1u << 7)
#define CRIU_VMA_ANON_SHARED	(1u << 8)
#define CRIU_VMA_ANON_PRIVATE	(1u << 9)
#define CRIU_VMA_AREA_SYSVIPC	(1u << 10)
#define CRIU_VMA_AREA_SOCKET	(1u << 11)
#define CRIU_VMA_AREA_VVAR	(1u << 12)
#define CRIU_VMA_AREA_AIORING	(1u << 13)
#define CRIU_VMA_AREA_MEMFD	(1u << 14)
#define CRIU_VMA_EXT_PLUGIN	(1u << 27)
#define CRIU_VMA_CLOSE		(1u << 28)
#define CRIU_VMA_NO_PROT_WRITE	(1u << 29)
#define CRIU_VMA_PREMMAPED	(1u << 30)
#define CRIU_VMA_UNSUPP		(1u << 31)	/* never in an image */

/* pagemap_entry.flags (criu/include/pagemap.h). */
#define CRIU_PE_PARENT		(1u << 0)
#define CRIU_PE_LAZY		(1u << 1)
#define CRIU_PE_PRESENT		(1u << 2)

/* task_core_entry.task_state (compel's task states). */
#define CRIU_TASK_ALIVE		0x01
#define CRIU_TASK_DEAD		0x02	/* a zombie */
#define CRIU_TASK_STOPPED	0x03

/* fd_types (images/fdinfo.proto): file_entry.type and fdinfo_entry.type. */
#define CRIU_FD_REG		1
#define CRIU_FD_PIPE		2
#define CRIU_FD_FIFO		3
#define CRIU_FD_INETSK		4
#define CRIU_FD_TTY		11

/* TtyType (images/tty.proto). */
#define CRIU_TTY_PTY		1
#define CRIU_TTY_CONSOLE	2
#define CRIU_TTY_VT		3
#define CRIU_TTY_CTTY		4
#define CRIU_TTY_SERIAL		6

/*
 * The ids of a process's kernel objects (task_kobj_ids_entry).  Any
 * numbers, equal where the objects are shared: restore compares them and
 * nothing else.  An id of 0 is not written (criu's ids start at 1).
 * Restore derives clone flags from each process's ids against its
 * parent's, the root's against inventory.root_ids (criu/pstree.c): a
 * different pid_ns_id is CLONE_NEWPID (only for pid 1), time_ns_id
 * CLONE_NEWTIME (then timens-<time_ns_id>.img is required), mnt/net/ipc/
 * uts/user likewise; an equal files_id is CLONE_FILES, which the root may
 * not have.
 */
struct criu_kobj_ids {
	uint32_t vm_id, files_id, fs_id, sighand_id;
	uint32_t pid_ns_id, net_ns_id, ipc_ns_id, uts_ns_id, mnt_ns_id, user_ns_id;
	uint32_t cgroup_ns_id, time_ns_id;
};

/*
 * inventory.img.  img_version 2 (V1_1, the common magic), fdinfo_per_id
 * (restore refuses images without it) and ns_per_id are always written.
 * network_lock_method is left out: restore then assumes iptables, which
 * it runs only for a new net namespace or TCP connections.
 */
struct criu_inventory {
	struct criu_kobj_ids root_ids;	/* those of restore's own process */
};

/*
 * A pstree.img entry.  Entries go parents first: restore looks each
 * ppid up among the entries before (the root has ppid 0 and comes
 * first).  threads[0] must be the pid itself (restore takes it as the
 * leader).
 */
struct criu_pstree_entry {
	uint32_t pid, ppid, pgid, sid;
	const uint32_t *threads;
	size_t nr_threads;
};

/*
 * Where each XSAVE state component sits in the standard (non-compacted)
 * format, which components user space has (XCR0), from CPUID leaf 0xD:
 * criu_xstate_layout() fills it for the CPU it runs on.
 */
#define CRIU_XFEATURES		10	/* x87 .. PKRU (9): what the image can hold */
struct criu_xstate_layout {
	uint64_t xfeatures;		/* XCR0; FP|SSE only without XSAVE */
	uint32_t size;			/* bytes for xfeatures (CPUID 0xD.0 EBX) */
	bool xsave;			/* OSXSAVE: the image gets an xsave part */
	uint32_t offset[CRIU_XFEATURES];
	uint32_t csize[CRIU_XFEATURES];
};
int criu_xstate_layout(struct criu_xstate_layout *l);

/* user_x86_regs_entry; mode is always written native (64-bit). */
struct criu_x86_gpregs {
	uint64_t r15, r14, r13, r12, bp, bx, r11, r10, r9, r8;
	uint64_t ax, cx, dx, si, di, orig_ax, ip, cs, flags, sp, ss;
	uint64_t fs_base, gs_base, ds, es, fs, gs;
};

/*
 * thread_info_x86.  The FPU state comes as a standard-format XSAVE area
 * (as XSAVE or ptrace's NT_X86_XSTATE write it: 512 bytes of FXSAVE, the
 * 64-byte header, the components at layout->offset[]).  It is split into
 * the image's fxsave fields and xsave part; components whose XSTATE_BV
 * bit is clear are written in their initial state, as the kernel does
 * for ptrace, because restore marks every component the CPU has as in
 * use.  Components past PKRU (AMX) have no place in the image.
 */
struct criu_x86_thread_info {
	uint64_t clear_tid_addr;
	struct criu_x86_gpregs gpregs;
	const void *xsave;
	size_t xsave_size;			/* >= layout->size, or 512 without XSAVE */
	const struct criu_xstate_layout *layout;	/* NULL: this CPU's */
};

struct criu_sigaction {
	uint64_t handler, flags, restorer, mask;
};

struct criu_rlimit {
	uint64_t cur, max;
};

struct criu_itimer {			/* itimer_entry: interval, then value */
	uint64_t isec, iusec, vsec, vusec;
};

struct criu_posix_timer {		/* posix_timer_entry */
	uint32_t it_id, clock_id, si_signo, it_sigev_notify;
	uint64_t sival_ptr;
	uint32_t overrun;
	uint64_t isec, insec, vsec, vnsec;
	int32_t notify_thread_id;	/* written if it_sigev_notify has SIGEV_THREAD_ID */
};

struct criu_siginfo {
	uint8_t raw[CRIU_SIGINFO_SIZE];	/* a kernel siginfo_t as it is in memory */
};

struct criu_sigqueue {
	const struct criu_siginfo *sig;
	size_t nr;
};

/*
 * task_core_entry: the thread group leader's core only (restore refuses
 * it on other threads).  Restore insists on exactly 62 sigactions, one
 * per signal but SIGKILL and SIGSTOP (cr-restore.c): sigactions[] is
 * indexed by signal - 1 and the library leaves those two out.  rlimits,
 * the itimers and the signal queue are always written, for restore falls
 * back to old per-task images without them (itimers: refused as
 * deprecated).  For a zombie (CRIU_TASK_DEAD) only task_state, exit_code
 * (the kernel's wait status), personality, flags, blk_sigset and comm are
 * written, as criu does.
 */
struct criu_task_core {
	uint32_t task_state;		/* CRIU_TASK_* */
	uint32_t exit_code;
	uint32_t personality;
	uint32_t flags;			/* task->flags (PF_*) */
	uint64_t blk_sigset;
	char comm[CRIU_COMM_LEN];	/* NUL-terminated */
	struct criu_itimer itimer_real, itimer_virt, itimer_prof;
	const struct criu_posix_timer *posix_timers;
	size_t nr_posix_timers;
	struct criu_rlimit rlimits[CRIU_RLIM_NLIMITS];
	struct criu_sigqueue signals_s;	/* pending for the whole process */
	struct criu_sigaction sigactions[CRIU_NSIG];	/* [signal - 1] */
	bool has_oom_score_adj;
	int32_t oom_score_adj;
	bool child_subreaper;
};

/* creds_entry.  criu 3.17 has no ambient capabilities. */
struct criu_creds {
	uint32_t uid, gid, euid, egid, suid, sgid, fsuid, fsgid;
	uint32_t cap_inh[CRIU_CAP_WORDS], cap_prm[CRIU_CAP_WORDS];
	uint32_t cap_eff[CRIU_CAP_WORDS], cap_bnd[CRIU_CAP_WORDS];
	uint32_t secbits;
	const uint32_t *groups;
	size_t nr_groups;
};

struct criu_sas {			/* thread_sas_entry: the sigaltstack */
	uint64_t ss_sp, ss_size;
	uint32_t ss_flags;
};

struct criu_rseq {			/* rseq_entry */
	uint64_t abi_pointer;
	uint32_t abi_size, signature;
	bool has_cs_pointer;
	uint64_t cs_pointer;
};

/*
 * thread_core_entry, every live thread's.  Restore checks nice -20..19,
 * prio 0 for SCHED_OTHER/BATCH/IDLE and 1..99 for FIFO/RR, and
 * pdeath_sig <= 64.
 */
struct criu_thread_core {
	uint64_t futex_rla;		/* the robust list head */
	uint32_t futex_rla_len;
	int32_t sched_nice;
	uint32_t sched_policy, sched_prio;
	uint64_t blk_sigset;
	struct criu_sas sas;
	uint32_t pdeath_sig;
	struct criu_sigqueue signals_p;	/* pending for this thread */
	struct criu_creds creds;
	char comm[CRIU_COMM_LEN];
	const struct criu_rseq *rseq;	/* NULL: none registered */
};

/*
 * core-<tid>.img.  A live thread has ti and thread_core, the leader also
 * tc; a zombie has tc only.  Namespace and object ids are not here:
 * restore 3.17 reads them from ids-<pid>.img (criu_write_ids()), and
 * criu's own dump never fills core_entry.ids.
 */
struct criu_core {
	const struct criu_x86_thread_info *ti;
	const struct criu_task_core *tc;
	const struct criu_thread_core *thread_core;
};

/*
 * A vma_entry.  VMAs go in address order, page-aligned, apart.  For a
 * file mapping shmid is the id of its REG entry in files.img; fd is
 * always written -1 (unused by criu).  madv: bit n set means
 * madvise(n) on restore (0: none).
 */
struct criu_vma {
	uint64_t start, end, pgoff, shmid;
	uint32_t prot, flags, status;	/* PROT_*, MAP_*, CRIU_VMA_* */
	uint64_t madv;
	bool has_fdflags;
	uint32_t fdflags;		/* the open flags of the mapped file */
};

/* mm_entry.  exe_file_id: a REG entry in files.img. */
struct criu_mm {
	uint64_t start_code, end_code, start_data, end_data, start_stack;
	uint64_t start_brk, brk, arg_start, arg_end, env_start, env_end;
	uint32_t exe_file_id;
	const uint64_t *saved_auxv;	/* words, up to and with AT_NULL's pair */
	size_t nr_saved_auxv;		/* <= CRIU_AUXV_MAX */
	const struct criu_vma *vmas;
	size_t nr_vmas;
	bool has_dumpable;
	int32_t dumpable;
	bool thp_disabled;
};

struct criu_fs {			/* fs_entry: REG entries of directories */
	uint32_t cwd_id, root_id, umask;
};

struct criu_timespec {
	uint64_t tv_sec, tv_nsec;
};

/* timens_entry: the clocks as the restored tasks shall see them now. */
struct criu_timens {
	struct criu_timespec monotonic, boottime;
};

struct criu_fown {			/* fown_entry (F_SETOWN, F_SETSIG) */
	uint32_t uid, euid, signum, pid_type, pid;
};

/*
 * A REG file: name is an absolute path, opened in restore's mount
 * namespace (mnt_id is not written).  Restore checks mode (the whole
 * st_mode) and size against the file it opens when they are given.
 */
struct criu_reg_file {
	uint32_t flags;			/* open flags */
	uint64_t pos;
	const char *name;
	struct criu_fown fown;
	bool has_mode, has_size;
	uint32_t mode;
	uint64_t size;
};

struct criu_pipe_file {			/* pipe_id: the same for both ends */
	uint32_t pipe_id, flags;
	struct criu_fown fown;
};

struct criu_fifo_file {			/* regf_id: the REG entry of its path */
	uint32_t pipe_id, regf_id;
};

struct criu_tty_file {			/* regf_id: the REG entry of its path */
	uint32_t tty_info_id, flags;
	struct criu_fown fown;
	uint32_t regf_id;
};

/*
 * An IPv4 socket (inet_sk_entry): restore makes it, binds it and, for a
 * listening one, listens.  Addresses in network order, ports in host
 * order; ino: any number unique among the sockets.
 */
struct criu_inet_sk {
	uint32_t ino, family, type, proto, state;
	uint32_t src_port, dst_port, flags, backlog;
	uint32_t src_addr, dst_addr;
	struct criu_fown fown;
	uint32_t sndbuf, rcvbuf;
	bool reuseaddr;
};

/* A files.img entry: one per struct file; fds refer to it by id. */
struct criu_file {
	uint32_t type;			/* CRIU_FD_REG, _PIPE, _FIFO, _TTY, _INETSK */
	uint32_t id;
	union {
		struct criu_reg_file reg;
		struct criu_pipe_file pipe;
		struct criu_fifo_file fifo;
		struct criu_tty_file tty;
		struct criu_inet_sk isk;
	};
};

struct criu_fdinfo {			/* fdinfo_entry */
	uint32_t id;			/* the file's */
	uint32_t flags;			/* FD_CLOEXEC or 0 */
	uint32_t type;			/* the file's CRIU_FD_* */
	uint32_t fd;
};

struct criu_termios {
	uint32_t c_iflag, c_oflag, c_cflag, c_lflag, c_line, c_ispeed, c_ospeed;
	uint32_t c_cc[CRIU_TERMIOS_NCC];
};

struct criu_winsize {
	uint32_t ws_row, ws_col, ws_xpixel, ws_ypixel;
};

/* tty_info_entry: restore finds the driver by type and rdev. */
struct criu_tty_info {
	uint32_t id, type;		/* CRIU_TTY_* */
	bool locked, exclusive, packet_mode;
	uint32_t sid, pgrp, rdev;
	const struct criu_termios *termios, *termios_locked;	/* NULL: none */
	const struct criu_winsize *winsize;
	bool has_pty_index, has_dev, has_uid_gid;
	uint32_t pty_index, dev, uid, gid;
};

/* Images written one entry at a time. */
enum criu_image {
	CRIU_IMG_PSTREE,
	CRIU_IMG_FILES,
	CRIU_IMG_FDINFO,		/* id: the files_id */
	CRIU_IMG_PIPES_DATA,
	CRIU_IMG_FIFO_DATA,
	CRIU_IMG_TTY_INFO,
};

struct criu_img;

/* Create the image (id only for a name with one); *img on success. */
int criu_img_open(int dirfd, enum criu_image kind, uint32_t id, struct criu_img **img);
/*
 * Write what is buffered, close, free.  Returns the first error of any
 * call on img since it was opened, or of the close.
 */
int criu_img_close(struct criu_img *img);

int criu_pstree_add(struct criu_img *img, const struct criu_pstree_entry *e);
int criu_file_add(struct criu_img *img, const struct criu_file *f);
int criu_fdinfo_add(struct criu_img *img, const struct criu_fdinfo *fd);
/*
 * A pipe's (or FIFO's) unread data: the entry, then the bytes raw.  size
 * is the pipe's capacity (F_SETPIPE_SZ on restore), 0 to leave it out.
 */
int criu_pipe_data_add(struct criu_img *img, uint32_t pipe_id, uint32_t size,
		       const void *data, uint32_t bytes);
int criu_tty_info_add(struct criu_img *img, const struct criu_tty_info *t);

/* Images of one entry. */
int criu_write_inventory(int dirfd, const struct criu_inventory *inv);
int criu_write_ids(int dirfd, uint32_t pid, const struct criu_kobj_ids *ids);
int criu_write_core(int dirfd, uint32_t tid, const struct criu_core *core);
int criu_write_mm(int dirfd, uint32_t pid, const struct criu_mm *mm);
int criu_write_fs(int dirfd, uint32_t pid, const struct criu_fs *fs);
int criu_write_timens(int dirfd, uint32_t time_ns_id, const struct criu_timens *t);

/*
 * pagemap-<pid>.img and pages-<pages_id>.img.  Entries go in address
 * order, apart, inside the private VMAs of mm-<pid>.img; after each entry
 * with CRIU_PE_PRESENT, its nr_pages pages follow through
 * criu_pages_write() (any chunks, in order).
 * Restore reads pages-N.img in that order, so the count is checked:
 * an entry before the pages owed, or more pages, is -EINVAL, and so is
 * criu_pagemap_close() short of them.  pages_id: any number unique in
 * the directory (criu counts from 1).
 */
#define CRIU_PAGEMAP_NO_PAGES	(1u << 0)	/* pages-N.img comes from elsewhere */
/*
 * pagemap-shmem-<shmid>.img instead (pid is the shmid): the pages of an
 * anonymous shared memory object, vaddr the offset in it.
 */
#define CRIU_PAGEMAP_SHMEM	(1u << 1)
struct criu_pagemap;
int criu_pagemap_open(int dirfd, uint32_t pid, uint32_t pages_id, unsigned int flags,
		      struct criu_pagemap **pm);
int criu_pagemap_add(struct criu_pagemap *pm, uint64_t vaddr, uint32_t nr_pages,
		     uint32_t flags);
int criu_pages_write(struct criu_pagemap *pm, const void *buf, size_t len);
int criu_pagemap_close(struct criu_pagemap *pm);

#endif
