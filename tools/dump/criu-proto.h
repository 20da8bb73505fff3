/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The CRIU v3.17 image interface as numbers: file magics (criu/include/
 * magic.h) and protobuf field numbers (criu's images/ .proto files), for
 * the messages criu-image.c writes.  Every number of the interface is
 * here and only here.  All repeated scalars below are non-packed: criu's
 * .proto files are proto2 and declare none [packed=true].
 *
 * Checked against criu 3.17.1 (its source and the descriptors of Debian
 * 12's pycriu); tests/lib/criu-image-check.py decodes what we write with
 * crit.
 */
#ifndef ORTHROS_CRIU_PROTO_H
#define ORTHROS_CRIU_PROTO_H

/* Every image but inventory starts with this, then its own magic. */
#define IMG_COMMON_MAGIC	0x54564319

#define INVENTORY_MAGIC		0x58313116
#define PSTREE_MAGIC		0x50273030
#define IDS_MAGIC		0x54432030
#define CORE_MAGIC		0x55053847
#define MM_MAGIC		0x57492820
#define PAGEMAP_MAGIC		0x56084025
#define FS_MAGIC		0x51403912
#define FILES_MAGIC		0x56303138
#define FDINFO_MAGIC		0x56213732
#define PIPES_DATA_MAGIC	0x56453709
#define FIFO_DATA_MAGIC		0x59333054
#define TTY_INFO_MAGIC		0x59453036
#define TIMENS_MAGIC		0x43114433
/* pages-<id>.img is raw: no magic at all (PAGES_MAGIC is RAW_IMAGE_MAGIC). */

/* inventory.img's img_version for images with the common magic: V1_1. */
#define CRTOOLS_IMAGES_V1_1	2

/* core.proto: core_entry.mtype */
#define CORE_ENTRY_MARCH_X86_64	1
/* core-x86.proto: user_x86_regs_mode */
#define USER_X86_REGS_MODE_NATIVE 1

/* inventory.proto: inventory_entry */
enum {
	INVENTORY_IMG_VERSION		= 1,
	INVENTORY_FDINFO_PER_ID		= 2,
	INVENTORY_ROOT_IDS		= 3,
	INVENTORY_NS_PER_ID		= 4,
};

/* core.proto: task_kobj_ids_entry */
enum {
	IDS_VM_ID		= 1,
	IDS_FILES_ID		= 2,
	IDS_FS_ID		= 3,
	IDS_SIGHAND_ID		= 4,
	IDS_PID_NS_ID		= 5,
	IDS_NET_NS_ID		= 6,
	IDS_IPC_NS_ID		= 7,
	IDS_UTS_NS_ID		= 8,
	IDS_MNT_NS_ID		= 9,
	IDS_USER_NS_ID		= 10,
	IDS_CGROUP_NS_ID	= 11,
	IDS_TIME_NS_ID		= 12,
};

/* pstree.proto: pstree_entry */
enum {
	PSTREE_PID		= 1,
	PSTREE_PPID		= 2,
	PSTREE_PGID		= 3,
	PSTREE_SID		= 4,
	PSTREE_THREADS		= 5,
};

/* core.proto: core_entry */
enum {
	CORE_MTYPE		= 1,
	CORE_THREAD_INFO	= 2,
	CORE_TC			= 3,
	CORE_THREAD_CORE	= 5,
};

/* core-x86.proto: thread_info_x86 */
enum {
	TI_CLEAR_TID_ADDR	= 1,
	TI_GPREGS		= 2,
	TI_FPREGS		= 3,
};

/* core-x86.proto: user_x86_regs_entry */
enum {
	GP_R15			= 1,
	GP_R14			= 2,
	GP_R13			= 3,
	GP_R12			= 4,
	GP_BP			= 5,
	GP_BX			= 6,
	GP_R11			= 7,
	GP_R10			= 8,
	GP_R9			= 9,
	GP_R8			= 10,
	GP_AX			= 11,
	GP_CX			= 12,
	GP_DX			= 13,
	GP_SI			= 14,
	GP_DI			= 15,
	GP_ORIG_AX		= 16,
	GP_IP			= 17,
	GP_CS			= 18,
	GP_FLAGS		= 19,
	GP_SP			= 20,
	GP_SS			= 21,
	GP_FS_BASE		= 22,
	GP_GS_BASE		= 23,
	GP_DS			= 24,
	GP_ES			= 25,
	GP_FS			= 26,
	GP_GS			= 27,
	GP_MODE			= 28,
};

/* core-x86.proto: user_x86_fpregs_entry */
enum {
	FP_CWD			= 1,
	FP_SWD			= 2,
	FP_TWD			= 3,
	FP_FOP			= 4,
	FP_RIP			= 5,
	FP_RDP			= 6,
	FP_MXCSR		= 7,
	FP_MXCSR_MASK		= 8,
	FP_ST_SPACE		= 9,
	FP_XMM_SPACE		= 10,
	FP_XSAVE		= 13,
};

/* core-x86.proto: user_x86_xsave_entry */
enum {
	XSAVE_XSTATE_BV		= 1,
	XSAVE_YMMH_SPACE	= 2,	/* repeated uint32 */
	XSAVE_BNDREG_STATE	= 3,	/* repeated uint64 */
	XSAVE_BNDCSR_STATE	= 4,	/* repeated uint64 */
	XSAVE_OPMASK_REG	= 5,	/* repeated uint64 */
	XSAVE_ZMM_UPPER		= 6,	/* repeated uint64 */
	XSAVE_HI16_ZMM		= 7,	/* repeated uint64 */
	XSAVE_PKRU		= 8,	/* repeated uint32 */
};

/*
 * Bytes of each component the image holds (criu's compel/.../fpu.h); restore
 * refuses a component whose size differs from the CPU's (CPUID 0xD).
 */
#define XSAVE_FXSAVE_BYTES	512
#define XSAVE_HDR_BYTES		64
#define XSAVE_YMMH_BYTES	256
#define XSAVE_BNDREG_BYTES	64
#define XSAVE_BNDCSR_BYTES	64
#define XSAVE_OPMASK_BYTES	64
#define XSAVE_ZMM_UPPER_BYTES	512
#define XSAVE_HI16_ZMM_BYTES	1024
#define XSAVE_PKRU_BYTES	8
#define FXSAVE_ST_WORDS		32	/* st_space: u32 words */
#define FXSAVE_XMM_WORDS	64	/* xmm_space: u32 words */

/* core.proto: task_core_entry */
enum {
	TC_TASK_STATE		= 1,
	TC_EXIT_CODE		= 2,
	TC_PERSONALITY		= 3,
	TC_FLAGS		= 4,
	TC_BLK_SIGSET		= 5,
	TC_COMM			= 6,
	TC_TIMERS		= 7,
	TC_RLIMITS		= 8,
	TC_SIGNALS_S		= 10,
	TC_OOM_SCORE_ADJ	= 14,	/* int32 */
	TC_SIGACTIONS		= 15,
	TC_CHILD_SUBREAPER	= 18,
};

/* timer.proto: task_timers_entry, itimer_entry, posix_timer_entry */
enum {
	TIMERS_REAL		= 1,
	TIMERS_VIRT		= 2,
	TIMERS_PROF		= 3,
	TIMERS_POSIX		= 4,
};
enum {
	ITIMER_ISEC		= 1,
	ITIMER_IUSEC		= 2,
	ITIMER_VSEC		= 3,
	ITIMER_VUSEC		= 4,
};
enum {
	PTIMER_IT_ID		= 1,
	PTIMER_CLOCK_ID		= 2,
	PTIMER_SI_SIGNO		= 3,
	PTIMER_IT_SIGEV_NOTIFY	= 4,
	PTIMER_SIVAL_PTR	= 5,
	PTIMER_OVERRUN		= 6,
	PTIMER_ISEC		= 7,
	PTIMER_INSEC		= 8,
	PTIMER_VSEC		= 9,
	PTIMER_VNSEC		= 10,
	PTIMER_NOTIFY_THREAD_ID	= 11,	/* int32 */
};

/* core.proto: task_rlimits_entry; rlimit.proto: rlimit_entry */
enum {
	RLIMITS_RLIMITS		= 1,
};
enum {
	RLIMIT_CUR		= 1,
	RLIMIT_MAX		= 2,
};

/* siginfo.proto: signal_queue_entry, siginfo_entry */
enum {
	SIGQUEUE_SIGNALS	= 1,
};
enum {
	SIGINFO_SIGINFO		= 1,	/* bytes */
};

/* sa.proto: sa_entry */
enum {
	SA_SIGACTION		= 1,
	SA_FLAGS		= 2,
	SA_RESTORER		= 3,
	SA_MASK			= 4,
};

/* core.proto: thread_core_entry, thread_sas_entry */
enum {
	THC_FUTEX_RLA		= 1,
	THC_FUTEX_RLA_LEN	= 2,
	THC_SCHED_NICE		= 3,	/* sint32 */
	THC_SCHED_POLICY	= 4,
	THC_SCHED_PRIO		= 5,
	THC_BLK_SIGSET		= 6,
	THC_SAS			= 7,
	THC_PDEATH_SIG		= 8,
	THC_SIGNALS_P		= 9,
	THC_CREDS		= 10,
	THC_COMM		= 13,
	THC_RSEQ_ENTRY		= 15,
};
enum {
	SAS_SS_SP		= 1,
	SAS_SS_SIZE		= 2,
	SAS_SS_FLAGS		= 3,
};

/* rseq.proto: rseq_entry */
enum {
	RSEQ_ABI_POINTER	= 1,
	RSEQ_ABI_SIZE		= 2,
	RSEQ_SIGNATURE		= 3,
	RSEQ_CS_POINTER		= 4,
};

/* creds.proto: creds_entry (3.17 has no ambient capabilities) */
enum {
	CREDS_UID		= 1,
	CREDS_GID		= 2,
	CREDS_EUID		= 3,
	CREDS_EGID		= 4,
	CREDS_SUID		= 5,
	CREDS_SGID		= 6,
	CREDS_FSUID		= 7,
	CREDS_FSGID		= 8,
	CREDS_CAP_INH		= 9,
	CREDS_CAP_PRM		= 10,
	CREDS_CAP_EFF		= 11,
	CREDS_CAP_BND		= 12,
	CREDS_SECBITS		= 13,
	CREDS_GROUPS		= 14,
};

/* mm.proto: mm_entry */
enum {
	MM_START_CODE		= 1,
	MM_END_CODE		= 2,
	MM_START_DATA		= 3,
	MM_END_DATA		= 4,
	MM_START_STACK		= 5,
	MM_START_BRK		= 6,
	MM_BRK			= 7,
	MM_ARG_START		= 8,
	MM_ARG_END		= 9,
	MM_ENV_START		= 10,
	MM_ENV_END		= 11,
	MM_EXE_FILE_ID		= 12,
	MM_SAVED_AUXV		= 13,	/* repeated uint64 */
	MM_VMAS			= 14,
	MM_DUMPABLE		= 15,	/* int32 */
	MM_THP_DISABLED		= 17,
};

/* vma.proto: vma_entry */
enum {
	VMA_START		= 1,
	VMA_END			= 2,
	VMA_PGOFF		= 3,
	VMA_SHMID		= 4,
	VMA_PROT		= 5,
	VMA_FLAGS		= 6,
	VMA_STATUS		= 7,
	VMA_FD			= 8,	/* sint64 */
	VMA_MADV		= 9,
	VMA_FDFLAGS		= 10,
};

/* pagemap.proto: pagemap_head, pagemap_entry */
enum {
	PAGEMAP_HEAD_PAGES_ID	= 1,
};
enum {
	PAGEMAP_VADDR		= 1,
	PAGEMAP_NR_PAGES	= 2,
	PAGEMAP_FLAGS		= 4,
};

/* fs.proto: fs_entry */
enum {
	FS_CWD_ID		= 1,
	FS_ROOT_ID		= 2,
	FS_UMASK		= 3,
};

/* fdinfo.proto: fdinfo_entry */
enum {
	FDINFO_ID		= 1,
	FDINFO_FLAGS		= 2,
	FDINFO_TYPE		= 3,
	FDINFO_FD		= 4,
};

/* fdinfo.proto: file_entry */
enum {
	FILE_TYPE		= 1,
	FILE_ID			= 2,
	FILE_REG		= 3,
	FILE_INETSK		= 4,
	FILE_FIFO		= 17,
	FILE_PIPE		= 18,
	FILE_TTY		= 19,
};

/* sk-inet.proto: inet_sk_entry */
enum {
	ISK_ID			= 1,
	ISK_INO			= 2,
	ISK_FAMILY		= 3,
	ISK_TYPE		= 4,
	ISK_PROTO		= 5,
	ISK_STATE		= 6,
	ISK_SRC_PORT		= 7,
	ISK_DST_PORT		= 8,
	ISK_FLAGS		= 9,
	ISK_BACKLOG		= 10,
	ISK_SRC_ADDR		= 11,	/* repeated uint32 */
	ISK_DST_ADDR		= 12,	/* repeated uint32 */
	ISK_FOWN		= 13,
	ISK_OPTS		= 14,
};

/* sk-opts.proto: sk_opts_entry */
enum {
	SKO_SNDBUF		= 1,
	SKO_RCVBUF		= 2,
	SKO_SND_TMO_SEC		= 3,
	SKO_SND_TMO_USEC	= 4,
	SKO_RCV_TMO_SEC		= 5,
	SKO_RCV_TMO_USEC	= 6,
	SKO_REUSEADDR		= 7,
};

/* fown.proto: fown_entry */
enum {
	FOWN_UID		= 1,
	FOWN_EUID		= 2,
	FOWN_SIGNUM		= 3,
	FOWN_PID_TYPE		= 4,
	FOWN_PID		= 5,
};

/* regfile.proto: reg_file_entry */
enum {
	REG_ID			= 1,
	REG_FLAGS		= 2,
	REG_POS			= 3,
	REG_FOWN		= 5,
	REG_NAME		= 6,
	REG_SIZE		= 8,
	REG_MODE		= 10,
};

/* pipe.proto: pipe_entry */
enum {
	PIPE_ID			= 1,
	PIPE_PIPE_ID		= 2,
	PIPE_FLAGS		= 3,
	PIPE_FOWN		= 4,
};

/* fifo.proto: fifo_entry */
enum {
	FIFO_ID			= 1,
	FIFO_PIPE_ID		= 2,
	FIFO_REGF_ID		= 3,
};

/* pipe-data.proto: pipe_data_entry (the data follows the entry, raw) */
enum {
	PIPE_DATA_PIPE_ID	= 1,
	PIPE_DATA_BYTES		= 2,
	PIPE_DATA_SIZE		= 3,
};

/* tty.proto: tty_file_entry, tty_info_entry, termios_entry, winsize_entry, tty_pty_entry */
enum {
	TTYF_ID			= 1,
	TTYF_TTY_INFO_ID	= 2,
	TTYF_FLAGS		= 3,
	TTYF_FOWN		= 4,
	TTYF_REGF_ID		= 6,
};
enum {
	TTYI_ID			= 1,
	TTYI_TYPE		= 2,
	TTYI_LOCKED		= 3,
	TTYI_EXCLUSIVE		= 4,
	TTYI_PACKET_MODE	= 5,
	TTYI_SID		= 6,
	TTYI_PGRP		= 7,
	TTYI_RDEV		= 8,
	TTYI_TERMIOS		= 9,
	TTYI_TERMIOS_LOCKED	= 10,
	TTYI_WINSIZE		= 11,
	TTYI_PTY		= 12,
	TTYI_DEV		= 13,
	TTYI_UID		= 14,
	TTYI_GID		= 15,
};
enum {
	TERMIOS_C_IFLAG		= 1,
	TERMIOS_C_OFLAG		= 2,
	TERMIOS_C_CFLAG		= 3,
	TERMIOS_C_LFLAG		= 4,
	TERMIOS_C_LINE		= 5,
	TERMIOS_C_ISPEED	= 6,
	TERMIOS_C_OSPEED	= 7,
	TERMIOS_C_CC		= 8,	/* repeated uint32 */
};
enum {
	WINSIZE_WS_ROW		= 1,
	WINSIZE_WS_COL		= 2,
	WINSIZE_WS_XPIXEL	= 3,
	WINSIZE_WS_YPIXEL	= 4,
};
enum {
	TTY_PTY_INDEX		= 1,
};

/* timens.proto: timens_entry, timespec */
enum {
	TIMENS_MONOTONIC	= 1,
	TIMENS_BOOTTIME		= 2,
};
enum {
	TIMESPEC_TV_SEC		= 1,
	TIMESPEC_TV_NSEC	= 2,
};

#endif
