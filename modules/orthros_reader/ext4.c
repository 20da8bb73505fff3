// SPDX-License-Identifier: GPL-2.0-only
/*
 * Orthros reader: an ext4 file system's journal state in the primary.
 *
 * What the backup needs to finish the transactions the primary had not
 * committed: the journal's running and committing transactions, the
 * metadata buffers on their lists, the journal inode's block map, and each
 * inode's last transaction ids and size on the disk.  Kernel and user-space code alike.
 */
#ifdef __KERNEL__
#include <linux/kernel.h>
#include <linux/printk.h>
#include <linux/string.h>
#define ORTHROS_LOG(fmt, ...)	pr_err("orthros_reader: " fmt "\n", ##__VA_ARGS__)
#else
#include <stdio.h>
#include <string.h>
#define ORTHROS_LOG(fmt, ...)	fprintf(stderr, "orthros-reader: " fmt "\n", ##__VA_ARGS__)
#endif

#include "reader.h"

/* A transaction's list holds at most the journal's blocks. */
#define MAX_JOURNAL_BUFFERS	(1U << 22)

static int read_transaction(struct orthros_reader *r, u64 t, u32 *tid, u32 *state, int *updates)
{
	if (!t)
		return 0;
	return orthros_reader_member(r, t, "transaction_s.t_tid", tid, sizeof(*tid)) ?:
	       orthros_reader_member(r, t, "transaction_s.t_state", state, sizeof(*state)) ?:
	       orthros_reader_member(r, t, "transaction_s.t_updates", updates, sizeof(*updates));
}

/**
 * orthros_reader_ext4_journal() - the journal of one of the primary's ext4 super blocks
 * @r: the reader
 * @sb: address of the super_block (of an ext4 file system)
 * @j: filled in
 *
 * Return: 0; -ENOENT if the file system has no journal; else a negative
 * errno (logged).
 */
int orthros_reader_ext4_journal(struct orthros_reader *r, u64 sb, struct orthros_ext4_journal *j)
{
	u64 sbi, flags, abort_flag, dev, fs_dev;
	u32 state;
	int ret;

	memset(j, 0, sizeof(*j));
	ret = orthros_reader_ptr(r, sb, "super_block.s_fs_info", &sbi) ?:
	      orthros_reader_ptr(r, sbi, "ext4_sb_info.s_journal", &j->journal);
	if (ret)
		return ret;
	if (!j->journal)
		return -ENOENT;
	ret = orthros_reader_member(r, j->journal, "journal_s.j_flags", &flags, sizeof(flags)) ?:
	      orthros_reader_lookup(r, "NUMBER(JBD2_ABORT)", &abort_flag) ?:
	      orthros_reader_ptr(r, j->journal, "journal_s.j_running_transaction", &j->running) ?:
	      orthros_reader_ptr(r, j->journal, "journal_s.j_committing_transaction",
				 &j->committing) ?:
	      orthros_reader_member(r, j->journal, "journal_s.j_commit_sequence",
				    &j->commit_sequence, sizeof(j->commit_sequence)) ?:
	      orthros_reader_member(r, j->journal, "journal_s.j_blocksize", &j->blocksize,
				    sizeof(j->blocksize)) ?:
	      orthros_reader_member(r, j->journal, "journal_s.j_total_len", &j->total_len,
				    sizeof(j->total_len)) ?:
	      orthros_reader_ptr(r, j->journal, "journal_s.j_inode", &j->inode) ?:
	      orthros_reader_ptr(r, j->journal, "journal_s.j_dev", &dev) ?:
	      orthros_reader_ptr(r, j->journal, "journal_s.j_fs_dev", &fs_dev) ?:
	      read_transaction(r, j->running, &j->running_tid, &j->running_state,
			       &j->running_updates) ?:
	      read_transaction(r, j->committing, &j->committing_tid, &state,
			       &j->committing_updates);
	if (ret)
		return ret;
	j->aborted = flags & abort_flag;
	j->external = dev != fs_dev || !j->inode;
	if (j->blocksize < 1024 || j->blocksize > 65536 || (j->blocksize & (j->blocksize - 1))) {
		ORTHROS_LOG("journal %#llx: block size %u", (unsigned long long)j->journal,
			    j->blocksize);
		return -EUCLEAN;
	}
	return 0;
}
EXPORT_SYMBOL_GPL(orthros_reader_ext4_journal);

struct jh_walk {
	u64 transaction, bdev;
	u32 blocksize;
	int (*fn)(struct orthros_reader *r, u64 blocknr, u64 data, void *arg);
	void *arg;
};

/* Walk one circular list of journal_heads (linked by b_tnext). */
static int walk_jh_list(struct orthros_reader *r, struct jh_walk *w, const char *list)
{
	u64 first, jh, transaction, bh, blocknr, size, data, bdev;
	unsigned int n = 0;
	int ret;

	ret = orthros_reader_ptr(r, w->transaction, list, &first);
	for (jh = first; !ret && jh; n++) {
		if (n == MAX_JOURNAL_BUFFERS) {
			ORTHROS_LOG("%s of %#llx: more than %u buffers; a cycle?", list,
				    (unsigned long long)w->transaction, MAX_JOURNAL_BUFFERS);
			return -ELOOP;
		}
		ret = orthros_reader_ptr(r, jh, "journal_head.b_transaction", &transaction) ?:
		      orthros_reader_ptr(r, jh, "journal_head.b_bh", &bh) ?:
		      orthros_reader_member(r, bh, "buffer_head.b_blocknr", &blocknr,
					    sizeof(blocknr)) ?:
		      orthros_reader_member(r, bh, "buffer_head.b_size", &size, sizeof(size)) ?:
		      orthros_reader_ptr(r, bh, "buffer_head.b_data", &data) ?:
		      orthros_reader_ptr(r, bh, "buffer_head.b_bdev", &bdev);
		if (ret)
			return ret;
		if (transaction != w->transaction || size != w->blocksize || bdev != w->bdev) {
			ORTHROS_LOG("%s of %#llx: journal_head %#llx names transaction %#llx, %llu bytes on %#llx",
				    list, (unsigned long long)w->transaction,
				    (unsigned long long)jh, (unsigned long long)transaction,
				    (unsigned long long)size, (unsigned long long)bdev);
			return -EUCLEAN;
		}
		ret = w->fn(r, blocknr, data, w->arg) ?:
		      orthros_reader_ptr(r, jh, "journal_head.b_tnext", &jh);
		if (jh == first)
			break;
	}
	return ret;
}

/**
 * orthros_reader_journal_buffers() - the metadata the primary had not committed
 * @r: the reader
 * @j: the journal, from orthros_reader_ext4_journal()
 * @bdev: the file system's block_device in the primary (its buffers must be on it)
 * @fn: called with each buffer's block number and the address of its
 *	current contents; a non-zero return stops the walk
 * @arg: passed to @fn
 *
 * Every buffer of the committing transaction (not yet committed, or the
 * commit record not yet known to be on the disk) and every buffer the
 * running transaction modified or reserved.  A buffer is on one list of
 * one transaction only, so each block comes once.  Its current contents
 * are the newest: callers decide whether they are consistent (no handle
 * open on the running transaction).  Buffers the running transaction
 * freed (its forget list) are left out.
 *
 * Return: 0, @fn's non-zero return, or a negative errno (logged).
 */
int orthros_reader_journal_buffers(struct orthros_reader *r, const struct orthros_ext4_journal *j,
				   u64 bdev,
				   int (*fn)(struct orthros_reader *r, u64 blocknr, u64 data, void *arg),
				   void *arg)
{
	struct jh_walk w = { .bdev = bdev, .blocksize = j->blocksize, .fn = fn, .arg = arg };
	int ret = 0;

	if (j->committing) {
		w.transaction = j->committing;
		ret = walk_jh_list(r, &w, "transaction_s.t_buffers") ?:
		      walk_jh_list(r, &w, "transaction_s.t_shadow_list") ?:
		      walk_jh_list(r, &w, "transaction_s.t_forget") ?:
		      walk_jh_list(r, &w, "transaction_s.t_reserved_list");
	}
	if (!ret && j->running) {
		w.transaction = j->running;
		ret = walk_jh_list(r, &w, "transaction_s.t_buffers") ?:
		      walk_jh_list(r, &w, "transaction_s.t_reserved_list");
	}
	return ret;
}
EXPORT_SYMBOL_GPL(orthros_reader_journal_buffers);

/* The ext4_inode_info around the struct inode at @inode. */
static int ext4_info(struct orthros_reader *r, u64 inode, u64 *ei)
{
	u64 vfs_off;
	int ret = orthros_reader_lookup(r, "OFFSET(ext4_inode_info.vfs_inode)", &vfs_off);

	*ei = inode - vfs_off;
	return ret;
}

/**
 * orthros_reader_ext4_inode() - what ext4 knows of one of the primary's inodes
 * @r: the reader
 * @inode: address of the struct inode (inside an ext4_inode_info)
 * @e: filled in: the last transactions that changed its metadata
 *     (sync_tid) and what its data needs (datasync_tid: size, blocks),
 *     and its size on the disk (disksize)
 *
 * Return: 0, or a negative errno (logged).
 */
int orthros_reader_ext4_inode(struct orthros_reader *r, u64 inode, struct orthros_ext4_inode *e)
{
	u64 ei;

	return ext4_info(r, inode, &ei) ?:
	       orthros_reader_member(r, ei, "ext4_inode_info.i_sync_tid", &e->sync_tid,
				     sizeof(e->sync_tid)) ?:
	       orthros_reader_member(r, ei, "ext4_inode_info.i_datasync_tid", &e->datasync_tid,
				     sizeof(e->datasync_tid)) ?:
	       orthros_reader_member(r, ei, "ext4_inode_info.i_disksize", &e->disksize,
				     sizeof(e->disksize));
}
EXPORT_SYMBOL_GPL(orthros_reader_ext4_inode);

/**
 * orthros_reader_ext4_i_data() - an ext4 inode's block map root (i_data)
 * @r: the reader
 * @inode: address of the struct inode (inside an ext4_inode_info)
 * @i_data: filled with the 60 bytes, in the disk's byte order
 *
 * Return: 0, or a negative errno (logged).
 */
int orthros_reader_ext4_i_data(struct orthros_reader *r, u64 inode, u8 i_data[60])
{
	u64 ei;

	return ext4_info(r, inode, &ei) ?:
	       orthros_reader_member(r, ei, "ext4_inode_info.i_data", i_data, 60);
}
EXPORT_SYMBOL_GPL(orthros_reader_ext4_i_data);
