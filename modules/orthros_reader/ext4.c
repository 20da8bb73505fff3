// SPDX-License-Identifier: GPL-2.0-only
/*
 * Orthros reader: an ext4 file system's journal state in the primary.
 *
 * What the backup needs to finish the transactions the primary had not
 * committed: the journal's running and committing transactions, the
 * metadata buffers on their lists, the journal inode's block map, each
 * inode's last transaction ids and size on the disk, and who held a
 * handle.  An optional subject: a primary built without ext4 has none of
 * these entries, and only these walks fail.
 */
#include "internal.h"

/* A transaction's list holds at most the journal's blocks. */
#define MAX_JOURNAL_BUFFERS	(1U << 22)

static const struct orthros_entry entries[] = {
	ORTHROS_ENTRY("OFFSET(super_block.s_fs_info)", ext4.s_fs_info),
	ORTHROS_ENTRY("OFFSET(ext4_sb_info.s_journal)", ext4.s_journal),
	ORTHROS_ENTRY("OFFSET(ext4_inode_info.vfs_inode)", ext4.vfs_inode),
	ORTHROS_ENTRY("OFFSET(ext4_inode_info.i_data)", ext4.i_data),
	ORTHROS_ENTRY("OFFSET(ext4_inode_info.i_sync_tid)", ext4.i_sync_tid),
	ORTHROS_ENTRY("OFFSET(ext4_inode_info.i_datasync_tid)", ext4.i_datasync_tid),
	ORTHROS_ENTRY("OFFSET(ext4_inode_info.i_disksize)", ext4.i_disksize),
	ORTHROS_ENTRY("OFFSET(journal_s.j_flags)", ext4.j_flags),
	ORTHROS_ENTRY("OFFSET(journal_s.j_running_transaction)", ext4.j_running),
	ORTHROS_ENTRY("OFFSET(journal_s.j_committing_transaction)", ext4.j_committing),
	ORTHROS_ENTRY("OFFSET(journal_s.j_commit_sequence)", ext4.j_commit_sequence),
	ORTHROS_ENTRY("OFFSET(journal_s.j_blocksize)", ext4.j_blocksize),
	ORTHROS_ENTRY("OFFSET(journal_s.j_total_len)", ext4.j_total_len),
	ORTHROS_ENTRY("OFFSET(journal_s.j_inode)", ext4.j_inode),
	ORTHROS_ENTRY("OFFSET(journal_s.j_dev)", ext4.j_dev),
	ORTHROS_ENTRY("OFFSET(journal_s.j_fs_dev)", ext4.j_fs_dev),
	ORTHROS_ENTRY("NUMBER(JBD2_ABORT)", ext4.jbd2_abort),
	ORTHROS_ENTRY("OFFSET(transaction_s.t_tid)", ext4.t_tid),
	ORTHROS_ENTRY("OFFSET(transaction_s.t_state)", ext4.t_state),
	ORTHROS_ENTRY("OFFSET(transaction_s.t_updates)", ext4.t_updates),
	ORTHROS_ENTRY("OFFSET(transaction_s.t_reserved_list)", ext4.t_reserved_list),
	ORTHROS_ENTRY("OFFSET(transaction_s.t_buffers)", ext4.t_buffers),
	ORTHROS_ENTRY("OFFSET(transaction_s.t_forget)", ext4.t_forget),
	ORTHROS_ENTRY("OFFSET(transaction_s.t_shadow_list)", ext4.t_shadow_list),
	ORTHROS_ENTRY("OFFSET(journal_head.b_bh)", ext4.b_bh),
	ORTHROS_ENTRY("OFFSET(journal_head.b_transaction)", ext4.b_transaction),
	ORTHROS_ENTRY("OFFSET(journal_head.b_tnext)", ext4.b_tnext),
	ORTHROS_ENTRY("OFFSET(buffer_head.b_blocknr)", ext4.b_blocknr),
	ORTHROS_ENTRY("OFFSET(buffer_head.b_size)", ext4.b_size),
	ORTHROS_ENTRY("OFFSET(buffer_head.b_data)", ext4.b_data),
	ORTHROS_ENTRY("OFFSET(buffer_head.b_bdev)", ext4.b_bdev),
	ORTHROS_ENTRY("OFFSET(task_struct.journal_info)", ext4.journal_info),
	ORTHROS_ENTRY("OFFSET(jbd2_journal_handle.h_transaction)", ext4.h_transaction),
	ORTHROS_ENTRY("OFFSET(task_struct.on_cpu)", ext4.on_cpu),
};

const struct orthros_subject orthros_ext4_subject = {
	.name = "ext4",
	.entries = entries,
	.nr_entries = ARRAY_SIZE(entries),
	.optional = true,
};

static int read_transaction(struct orthros_reader *r, u64 t, u32 *tid, u32 *state, int *updates)
{
	const struct orthros_layout_ext4 *l = &r->l.ext4;

	if (!t)
		return 0;
	return orthros_reader_read(r, t + l->t_tid, tid, sizeof(*tid)) ?:
	       orthros_reader_read(r, t + l->t_state, state, sizeof(*state)) ?:
	       orthros_reader_read(r, t + l->t_updates, updates, sizeof(*updates));
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
	const struct orthros_layout_ext4 *l = &r->l.ext4;
	u64 sbi, flags, dev, fs_dev;
	u32 state;
	int ret;

	memset(j, 0, sizeof(*j));
	ret = orthros_reader_need(r, ORTHROS_NEED_EXT4) ?:
	      orthros_read_u64(r, sb + l->s_fs_info, &sbi) ?:
	      orthros_read_u64(r, sbi + l->s_journal, &j->journal);
	if (ret)
		return ret;
	if (!j->journal)
		return -ENOENT;
	ret = orthros_read_u64(r, j->journal + l->j_flags, &flags) ?:
	      orthros_read_u64(r, j->journal + l->j_running, &j->running) ?:
	      orthros_read_u64(r, j->journal + l->j_committing, &j->committing) ?:
	      orthros_reader_read(r, j->journal + l->j_commit_sequence, &j->commit_sequence,
				  sizeof(j->commit_sequence)) ?:
	      orthros_reader_read(r, j->journal + l->j_blocksize, &j->blocksize,
				  sizeof(j->blocksize)) ?:
	      orthros_reader_read(r, j->journal + l->j_total_len, &j->total_len,
				  sizeof(j->total_len)) ?:
	      orthros_read_u64(r, j->journal + l->j_inode, &j->inode) ?:
	      orthros_read_u64(r, j->journal + l->j_dev, &dev) ?:
	      orthros_read_u64(r, j->journal + l->j_fs_dev, &fs_dev) ?:
	      read_transaction(r, j->running, &j->running_tid, &j->running_state,
			       &j->running_updates) ?:
	      read_transaction(r, j->committing, &j->committing_tid, &state,
			       &j->committing_updates);
	if (ret)
		return ret;
	j->aborted = flags & l->jbd2_abort;
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
static int walk_jh_list(struct orthros_reader *r, struct jh_walk *w, u64 list,
			const char *name)
{
	const struct orthros_layout_ext4 *l = &r->l.ext4;
	u64 first, jh, transaction, bh, blocknr, size, data, bdev;
	unsigned int n = 0;
	int ret;

	ret = orthros_read_u64(r, w->transaction + list, &first);
	for (jh = first; !ret && jh; n++) {
		if (n == MAX_JOURNAL_BUFFERS) {
			ORTHROS_LOG("%s of %#llx: more than %u buffers; a cycle?", name,
				    (unsigned long long)w->transaction, MAX_JOURNAL_BUFFERS);
			return -ELOOP;
		}
		ret = orthros_read_u64(r, jh + l->b_transaction, &transaction) ?:
		      orthros_read_u64(r, jh + l->b_bh, &bh) ?:
		      orthros_read_u64(r, bh + l->b_blocknr, &blocknr) ?:
		      orthros_read_u64(r, bh + l->b_size, &size) ?:
		      orthros_read_u64(r, bh + l->b_data, &data) ?:
		      orthros_read_u64(r, bh + l->b_bdev, &bdev);
		if (ret)
			return ret;
		if (transaction != w->transaction || size != w->blocksize || bdev != w->bdev) {
			ORTHROS_LOG("%s of %#llx: journal_head %#llx names transaction %#llx, %llu bytes on %#llx",
				    name, (unsigned long long)w->transaction,
				    (unsigned long long)jh, (unsigned long long)transaction,
				    (unsigned long long)size, (unsigned long long)bdev);
			return -EUCLEAN;
		}
		ret = w->fn(r, blocknr, data, w->arg) ?:
		      orthros_read_u64(r, jh + l->b_tnext, &jh);
		if (jh == first)
			break;
	}
	return ret;
}

#define WALK_JH_LIST(r, w, member) \
	walk_jh_list(r, w, (r)->l.ext4.member, "transaction_s." #member)

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
	int ret = orthros_reader_need(r, ORTHROS_NEED_EXT4);

	if (!ret && j->committing) {
		w.transaction = j->committing;
		ret = WALK_JH_LIST(r, &w, t_buffers) ?:
		      WALK_JH_LIST(r, &w, t_shadow_list) ?:
		      WALK_JH_LIST(r, &w, t_forget) ?:
		      WALK_JH_LIST(r, &w, t_reserved_list);
	}
	if (!ret && j->running) {
		w.transaction = j->running;
		ret = WALK_JH_LIST(r, &w, t_buffers) ?:
		      WALK_JH_LIST(r, &w, t_reserved_list);
	}
	return ret;
}
EXPORT_SYMBOL_GPL(orthros_reader_journal_buffers);

/**
 * orthros_reader_ext4_handle() - the journal handle a task of the primary held
 * @r: the reader
 * @task: address of its task_struct
 * @transaction: filled with the transaction of its handle, 0 if it held none
 * @on_cpu: filled in: it was running on a CPU (else sleeping)
 *
 * Return: 0, or a negative errno (logged).
 */
int orthros_reader_ext4_handle(struct orthros_reader *r, u64 task, u64 *transaction,
			       bool *on_cpu)
{
	const struct orthros_layout_ext4 *l = &r->l.ext4;
	u64 handle;
	int cpu, ret;

	*transaction = 0;
	*on_cpu = false;
	ret = orthros_reader_need(r, ORTHROS_NEED_EXT4) ?:
	      orthros_read_u64(r, task + l->journal_info, &handle);
	if (ret || !handle)
		return ret;
	ret = orthros_read_u64(r, handle + l->h_transaction, transaction) ?:
	      orthros_reader_read(r, task + l->on_cpu, &cpu, sizeof(cpu));
	*on_cpu = cpu;
	return ret;
}
EXPORT_SYMBOL_GPL(orthros_reader_ext4_handle);

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
	const struct orthros_layout_ext4 *l = &r->l.ext4;
	u64 ei = inode - l->vfs_inode;	/* the ext4_inode_info around it */

	return orthros_reader_need(r, ORTHROS_NEED_EXT4) ?:
	       orthros_reader_read(r, ei + l->i_sync_tid, &e->sync_tid, sizeof(e->sync_tid)) ?:
	       orthros_reader_read(r, ei + l->i_datasync_tid, &e->datasync_tid,
				   sizeof(e->datasync_tid)) ?:
	       orthros_reader_read(r, ei + l->i_disksize, &e->disksize, sizeof(e->disksize));
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
	const struct orthros_layout_ext4 *l = &r->l.ext4;

	return orthros_reader_need(r, ORTHROS_NEED_EXT4) ?:
	       orthros_reader_read(r, inode - l->vfs_inode + l->i_data, i_data, 60);
}
EXPORT_SYMBOL_GPL(orthros_reader_ext4_i_data);
