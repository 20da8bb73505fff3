/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Orthros reader: what its files share and its users do not see.
 *
 * Kernel and user-space code alike: only fixed-width types,
 * memcmp/memcpy/strlen/snprintf, and ORTHROS_LOG.
 */
#ifndef ORTHROS_READER_INTERNAL_H
#define ORTHROS_READER_INTERNAL_H

#ifdef __KERNEL__
#include <linux/kernel.h>
#include <linux/printk.h>
#include <linux/stddef.h>
#include <linux/string.h>
#define ORTHROS_LOG(fmt, ...)	pr_err("orthros_reader: " fmt "\n", ##__VA_ARGS__)
#else
#include <stdio.h>
#include <string.h>
#define ORTHROS_LOG(fmt, ...)	fprintf(stderr, "orthros-reader: " fmt "\n", ##__VA_ARGS__)
#endif

#include <linux/orthros.h>	/* the offset table: the uapi header in both builds */

#include "reader.h"

/* Subjects the public ones read through (bits above ORTHROS_NEED_*). */
#define ORTHROS_NEED_V2P	(1U << 8)	/* always */
#define ORTHROS_NEED_LISTS	(1U << 9)
#define ORTHROS_NEED_XARRAY	(1U << 10)
#define ORTHROS_NEED_MAPLE	(1U << 11)
#define ORTHROS_NR_SUBJECTS	12

#define ORTHROS_READER_MAX_RAM	128

/* How the reader gets at the primary's physical memory (a backend). */
struct orthros_reader_mem {
	/* Copy @len bytes at physical @pa (within one page); 0 or -errno. */
	int (*read_phys)(void *ctx, u64 pa, void *buf, size_t len);
	/*
	 * Optional: where @len bytes at physical @pa (within one RAM range)
	 * are mapped for as long as the reader is open, or NULL.
	 */
	const void *(*map_phys)(void *ctx, u64 pa, size_t len);
	void *ctx;
	/* The primary's RAM: every address read must fall inside. */
	struct { u64 start, end; } ram[ORTHROS_READER_MAX_RAM];	/* [start, end) */
	unsigned int nr_ram;
};

/* Each subject's resolved entries (its file's entries[]). */
struct orthros_layout_v2p {
	u64 page_offset_base, kernel_map_start, phys_base, l5, init_top_pgt;
	u64 page_size;
};

struct orthros_layout_list {
	u64 next, prev, hlist_first, hlist_next;
};

struct orthros_layout_xa {
	u64 head, shift, offset, parent, slots, chunk_shift;
};

struct orthros_layout_mt {
	u64 root, node_mask, type_shift, type_mask, leaf, range, arange;
	u64 range_slots, arange_slots, range_pivot, range_slot, range_meta;
	u64 arange_pivot, arange_slot, arange_meta, meta_end;
};

struct orthros_layout_task {
	u64 init_task, tasks, pid, comm, comm_size, state, mm;
	u64 running, interruptible, uninterruptible, stopped, traced;
	u64 exit_dead, exit_zombie, parked, dead, noload;
};

struct orthros_layout_mm {
	u64 mm_mt, map_count, vm_start, vm_end, vm_mm;
};

struct orthros_layout_fs {
	u64 init_task, nsproxy, mnt_ns, ns_mounts, mnt_node, rb_node, rb_left, rb_right;
	u64 mnt, mnt_parent, mnt_mountpoint, mnt_devname, mnt_root, mnt_sb;
	u64 s_type, s_bdev, s_inodes, fs_name;
	u64 i_mode, i_ino, i_size, i_mapping, i_sb_list, i_dentry, i_uid, i_gid;
	u64 i_nlink, i_generation, i_link, i_atime_sec, i_atime_nsec;
	u64 i_mtime_sec, i_mtime_nsec, as_host, as_nrpages;
	/* The writeback lists (optional: without them, every inode is walked). */
	u64 s_bdi, s_inodes_wb, s_inode_wblist_lock, bdi_wb_list, wb_bdi_node;
	u64 wb_b_dirty, wb_b_io, wb_b_more_io, wb_list_lock, i_io_list, i_wb_list, i_sb;
	u64 d_parent, d_name, d_inode, d_sib, d_children, d_u, d_hash;
	u64 qstr_len, qstr_name, bl_pprev;
	u64 ns_list, mnt_list, d_subdirs, d_child;	/* the list forms (6.1) */
};

struct orthros_layout_pc {
	u64 vmemmap_base, page_size, pg_dirty, pg_writeback, pg_head, i_pages;
	u64 flags, mapping, index;
	u64 order;		/* a large folio's order is the byte here */
};

struct orthros_layout_ext4 {
	u64 s_fs_info, s_journal, vfs_inode, i_data, i_sync_tid, i_datasync_tid;
	u64 i_disksize, j_flags, j_running, j_committing, j_commit_sequence;
	u64 j_blocksize, j_total_len, j_inode, j_dev, j_fs_dev, jbd2_abort;
	u64 t_tid, t_state, t_updates, t_reserved_list, t_buffers, t_forget;
	u64 t_shadow_list, b_bh, b_transaction, b_tnext, b_blocknr, b_size;
	u64 b_data, b_bdev, journal_info, h_transaction, on_cpu;
};

struct orthros_layout_proc {
	u64 thread_size, stack_padding, pt_regs_size, regs[21];
	u64 stack, ti_flags, tif_need_fpu_load, on_cpu, flags, exit_state, exit_code;
	u64 exit_signal, pdeath_signal, personality, ptrace, blocked, saved_sigmask;
	u64 pending, sas_ss_sp, sas_ss_size, sas_ss_flags, clear_child_tid, robust_list;
	u64 set_child_tid, vfork_done;
	u64 real_cred, static_prio, policy, rt_priority, tgid, real_parent, group_leader;
	u64 thread_node, thread_pid, files, fs, sighand, signal, thread;
	u64 fsbase, gsbase, fsindex, gsindex, ds, es, fpu, fpstate, fpstate_size;
	u64 fpstate_xfeatures, fpstate_user_xfeatures, fpstate_regs;
	u64 pid_level, pid_numbers, upid_size, upid_nr, upid_ns, ns_level;
	u64 pidtype_pgid, pidtype_sid, nr_threads, thread_head, shared_pending;
	u64 signal_pids, rlim, signal_flags, group_exit_code, signal_stop_stopped;
	u64 rlim_nlimits, rlimit_size, sigpending_signal, action, k_sigaction_size;
	u64 sigpending_list, sigqueue_list, sigqueue_info, kernel_siginfo_size;
	u64 k_sigaction_sa, sa_handler, sa_flags, sa_mask, sa_restorer;
	u64 cred[8], securebits, caps[5], umask, fs_root, fs_pwd, path_mnt, path_dentry;
	u64 mount_mnt, fdt, max_fds, fdt_fd, close_on_exec, f_path, f_inode, f_pos;
	u64 f_flags, f_mode, i_mode, i_ino, i_rdev, i_pipe, i_sb, s_type, fs_name;
	u64 pipe_head, pipe_tail, pipe_ring_size, pipe_bufs, pipe_buffer_size;
	u64 pb_page, pb_offset, pb_len, vmemmap_base, page_size, page_mapping;
	u64 page_mapping_anon, pgd, mm_fields[11], saved_auxv, saved_auxv_size;
	u64 exe_file, vdso, vdso_image, vdso_data, vdso_size, vm_flags, vm_pgoff, vm_file;
	u64 vm_bits[9];
	u64 f_private, socket_sk, sk_common, skc_family, skc_state, skc_rcv_saddr, skc_num;
	u64 sk_type, sk_protocol, sk_backlog, sk_sndbuf, sk_rcvbuf, tcp_listen;
	u64 skc_daddr, skc_dport, tcp_close;
};

struct orthros_layout_printk {
	u64 prb, rb_desc_ring, rb_text_data_ring, count_bits, descs, infos;
	u64 head_id, tail_id, desc_size, state_var, text_blk_lpos, lpos_begin;
	u64 lpos_next, info_size, seq, ts_nsec, text_len, size_bits, data;
	u64 flags_shift, committed, finalized;
};

/*
 * The primary's layout, resolved from its offset table when the reader
 * opens: one member per table entry a subject needs (see each subject's
 * entries[]), so walks use numbers, never names.
 */
struct orthros_layout {
	struct orthros_layout_v2p v2p;
	struct orthros_layout_list list;
	struct orthros_layout_xa xa;
	struct orthros_layout_mt mt;
	struct orthros_layout_task task;
	struct orthros_layout_mm mm;
	struct orthros_layout_fs fs;
	struct orthros_layout_pc pc;
	struct orthros_layout_ext4 ext4;
	struct orthros_layout_printk printk;
	struct orthros_layout_proc proc;
};

/*
 * One offset-table entry a subject needs, and where its value goes.  An
 * alternative (@alt) is one of several ways kernels tell the same thing
 * (a list where another kernel has a tree): a table may lack it, and the
 * field is then ORTHROS_NO_ENTRY; the subject's check() requires one
 * complete way, and its walks take the one the table has.
 */
struct orthros_entry {
	const char *name;		/* "OFFSET(task_struct.tasks)" */
	size_t field;			/* offsetof(struct orthros_layout, ...) */
	bool alt;
};

#define ORTHROS_ENTRY(n, f)	{ .name = (n), .field = offsetof(struct orthros_layout, f) }
#define ORTHROS_ENTRY_ALT(n, f)	\
	{ .name = (n), .field = offsetof(struct orthros_layout, f), .alt = true }
#define ORTHROS_NO_ENTRY	(~0ULL)

/* What a subject reads, and how to tell its resolved values are usable. */
struct orthros_subject {
	const char *name;			/* "tasks": for messages */
	const struct orthros_entry *entries;
	unsigned int nr_entries;
	unsigned int implies;			/* subjects it reads through */
	bool optional;				/* the primary may lack it */
	/* NULL, or why the resolved values cannot be used. */
	const char *(*check)(const struct orthros_layout *l);
};

extern const struct orthros_subject orthros_v2p_subject, orthros_list_subject,
	orthros_xarray_subject, orthros_maple_subject, orthros_task_subject,
	orthros_mm_subject, orthros_fs_subject, orthros_pagecache_subject,
	orthros_ext4_subject, orthros_printk_subject, orthros_proc_subject;

struct orthros_reader {
	const struct orthros_offsets_hdr_ser *table;
	struct orthros_reader_mem mem;
	unsigned int asked;		/* ORTHROS_NEED_* subjects opened for */
	unsigned int have;		/* those resolved */
	struct orthros_layout l;
	/* The last page translated through the page tables (+1: none yet). */
	u64 last_va, last_pa;
	u64 ram_end;		/* orthros_reader_ram_end(): where the direct map ends */
	u8 scratch[1024];	/* for a read of several fields at once */
	/* The table's entries by name hash (table.c): entry number + 1, 0 free. */
	u16 by_name[2 * ORTHROS_OFFSETS_MAX];
};

/* table.c */
int orthros_reader_init(struct orthros_reader *r, const void *table, size_t len,
			const struct orthros_reader_mem *mem, unsigned int needs);
int orthros_reader_need(struct orthros_reader *r, unsigned int need);

/* v2p.c */
int orthros_reader_v2p(struct orthros_reader *r, u64 va, u64 *pa);
u64 orthros_reader_ram_end(const struct orthros_reader *r);
int orthros_reader_string(struct orthros_reader *r, u64 va, char *buf, size_t len);

/* Read the u64 at @va; 0 or a negative errno (logged). */
static inline int orthros_read_u64(struct orthros_reader *r, u64 va, u64 *val)
{
	return orthros_reader_read(r, va, val, sizeof(*val));
}

/* list.c */
int orthros_list_walk(struct orthros_reader *r, u64 head, u64 off, const char *what,
		      unsigned int max,
		      int (*fn)(struct orthros_reader *r, u64 obj, void *arg), void *arg);
int orthros_hlist_walk(struct orthros_reader *r, u64 head, u64 off, unsigned int max,
		       int (*fn)(struct orthros_reader *r, u64 obj, void *arg), void *arg);

/* xarray.c */
int orthros_xarray_walk(struct orthros_reader *r, u64 xa, unsigned int max,
			int (*fn)(struct orthros_reader *r, u64 index, u64 entry, void *arg),
			void *arg);

/* An xarray or maple tree entry that points to a node. */
static inline bool orthros_xa_is_node(u64 e)
{
	return (e & 3) == 2 && e > 4096;
}

/* maple.c */
int orthros_maple_walk(struct orthros_reader *r, u64 mt, unsigned int max,
		       int (*fn)(struct orthros_reader *r, u64 first, u64 last, u64 entry,
				 void *arg),
		       void *arg);

#endif /* ORTHROS_READER_INTERNAL_H */
