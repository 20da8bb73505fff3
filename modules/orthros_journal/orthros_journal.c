// SPDX-License-Identifier: GPL-2.0-only
/*
 * DOC: orthros_journal
 *
 * Finish the fenced primary's ext4 journals, before the backup mounts the
 * disks.  Loading the module offers the takeover step
 * /sys/kernel/orthros/primary/journal (the failover daemon loads it when
 * the backup boots); writing "run" to it does the work, once, and logs
 * it, and reading it gives the outcome as key=value pairs (see
 * journal_show()).  The daemon runs it once the primary's disks have
 * appeared, before it mounts them.
 *
 * A clean folio is not a durable one: ext4 (data=ordered, delayed
 * allocation) writes a file's data first and makes the block allocation,
 * the extent and the on-disk size durable only with the next journal
 * commit; names (create, unlink, rename, link), attributes and
 * directories too live in the journal's running transaction until then.
 * Replaying the journal, as a mount does, gives the disk as of the last
 * commit, up to five seconds (the default commit interval) behind what
 * the primary's applications saw.
 *
 * So for each ext4 file system of the primary (on a block device, with an
 * internal journal), the module reads the primary's journal: if no
 * handle was open on its running transaction at the freeze, the
 * metadata buffers of the committing and running transactions, as the
 * primary last had them, are one consistent set: exactly the primary's
 * metadata.  The module then opens the disk, replays the log itself (as
 * a mount would), writes that set as one new transaction through jbd2,
 * commits and checkpoints it, and leaves the journal empty: the mount
 * that follows sees the primary's names, sizes, block maps and
 * attributes.  Data that the primary wrote back is in place, since ext4
 * never lets a transaction's metadata point at a block whose data write
 * has not completed (data=ordered); the file-cache migration
 * (orthros_pagecache) then only has to add what was never written back.
 *
 * If a handle was open (a task frozen in the middle of a metadata
 * change), the running transaction is not consistent and nothing is
 * written; orthros_journal_finished() says so, and orthros_pagecache
 * falls back to carrying the contents of every file changed since the last
 * commit, reporting what it cannot guarantee.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/blkdev.h>
#include <linux/buffer_head.h>
#include <linux/err.h>
#include <linux/file.h>
#include <linux/jbd2.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/mm.h>
#include <linux/orthros.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/unaligned.h>

#include "reader.h"
#include "report.h"
#include "orthros_journal.h"

static bool finish = true;
/* Read when the step runs: the failover daemon sets it just before. */
module_param(finish, bool, 0644);
MODULE_PARM_DESC(finish,
		 "write the primary's uncommitted metadata (default); 0 only reports, as a control");

static bool quiet;
module_param(quiet, bool, 0644);
MODULE_PARM_DESC(quiet,
		 "leave the report of what was finished to the caller: pr_debug(), off the console (the failover daemon sets it and prints the step's result once the service is up)");

#define MAX_FS		16
#define MAX_EXTENTS	64
#define EXT4_EXT_MAGIC	0xf30a
#define HANDLE_CREDITS	256

/* The journal inode's block map: logical block -> block on the disk. */
struct journal_map {
	unsigned int nr;
	struct { u32 lblk, len; u64 pblk; } ext[MAX_EXTENTS];
};

/* One metadata buffer to write: its block and the primary's copy. */
struct meta_block {
	u64 blocknr, data;
};

struct fs_state {
	u64 sb;
	bool finished;
};

static struct fs_state done[MAX_FS];
static unsigned int nr_done;

/* The step's outcome, for journal_show(). */
static struct {
	unsigned int finished;	/* file systems whose journal is the primary's */
	u64 blocks;		/* uncommitted metadata blocks found */
	bool finish;		/* the finish parameter the step ran with */
	const char *reason;	/* why the last unfinished one was not finished */
} outcome = { .reason = "none" };

/**
 * orthros_journal_finished() - was this primary file system's journal finished?
 * @sb: address of the primary's super_block
 *
 * Return: true if the metadata the primary had not committed was written
 * (or there was none to write), so the disk holds the primary's last
 * metadata; false if it could not be (the caller must not rely on it).
 */
bool orthros_journal_finished(u64 sb)
{
	unsigned int i;

	for (i = 0; i < nr_done; i++)
		if (done[i].sb == sb)
			return done[i].finished;
	return false;
}
EXPORT_SYMBOL_GPL(orthros_journal_finished);

/* @reason: why not @finished, as a key=value token for journal_show(). */
static void record(u64 sb, bool finished, const char *reason)
{
	if (nr_done < MAX_FS)
		done[nr_done++] = (struct fs_state){ .sb = sb, .finished = finished };
	if (finished)
		outcome.finished++;
	else
		outcome.reason = reason;
}

static bool seen(u64 sb)
{
	unsigned int i;

	for (i = 0; i < nr_done; i++)
		if (done[i].sb == sb)
			return true;
	return false;
}

/*
 * Add the extents under the ext4 extent tree node @node (i_data or a tree
 * block, disk byte order) to @map; index blocks are read from @bdev.
 */
static int map_extents(struct block_device *bdev, unsigned int blocksize, const u8 *node,
		       size_t len, int depth_left, struct journal_map *map)
{
	const __le16 *eh = (const __le16 *)node;
	unsigned int i, entries = le16_to_cpu(eh[1]), depth = le16_to_cpu(eh[3]);
	int ret = 0;

	if (le16_to_cpu(eh[0]) != EXT4_EXT_MAGIC || 12 + entries * 12 > len ||
	    depth > depth_left)
		return -EUCLEAN;
	for (i = 0; i < entries && !ret; i++) {
		const u8 *e = node + 12 + i * 12;
		u32 lblk = get_unaligned_le32(e);

		if (depth) {
			u64 leaf = get_unaligned_le32(e + 4) |
				   (u64)get_unaligned_le16(e + 8) << 32;
			struct buffer_head *bh = __bread(bdev, leaf, blocksize);

			if (!bh)
				return -EIO;
			ret = map_extents(bdev, blocksize, bh->b_data, blocksize, depth - 1, map);
			brelse(bh);
		} else {
			u32 elen = get_unaligned_le16(e + 4);

			if (map->nr == MAX_EXTENTS)
				return -E2BIG;
			map->ext[map->nr].lblk = lblk;
			map->ext[map->nr].len = elen > 32768 ? elen - 32768 : elen;
			map->ext[map->nr].pblk = get_unaligned_le32(e + 8) |
						 (u64)get_unaligned_le16(e + 6) << 32;
			map->nr++;
		}
	}
	return ret;
}

static int map_block(const struct journal_map *map, u64 lblk, u64 *pblk)
{
	unsigned int i;

	for (i = 0; i < map->nr; i++) {
		if (lblk >= map->ext[i].lblk && lblk - map->ext[i].lblk < map->ext[i].len) {
			*pblk = map->ext[i].pblk + lblk - map->ext[i].lblk;
			return 0;
		}
	}
	return -EIO;
}

static bool in_journal(const struct journal_map *map, u64 pblk)
{
	unsigned int i;

	for (i = 0; i < map->nr; i++)
		if (pblk >= map->ext[i].pblk && pblk - map->ext[i].pblk < map->ext[i].len)
			return true;
	return false;
}

/* jbd2's view of an inode journal we opened as a device journal. */
static int journal_bmap(journal_t *journal, sector_t *block)
{
	u64 pblk;
	int ret = map_block(journal->j_private, *block, &pblk);

	if (!ret)
		*block = pblk;
	return ret;
}

struct collect {
	struct meta_block *blocks;
	unsigned int nr, max;
	u64 nr_disk_blocks;
	const struct journal_map *map;
	void *scratch;
	unsigned int blocksize;
};

/* Check one of the primary's uncommitted buffers and remember it. */
static int collect_block(struct orthros_reader *r, u64 blocknr, u64 data, void *arg)
{
	struct collect *c = arg;

	if (blocknr >= c->nr_disk_blocks || in_journal(c->map, blocknr)) {
		pr_err("a buffer for block %llu, %s\n", blocknr,
		       blocknr >= c->nr_disk_blocks ? "beyond the disk" : "inside the journal");
		return -EUCLEAN;
	}
	if (orthros_reader_read(r, data, c->scratch, c->blocksize))
		return -EFAULT;
	if (c->nr == c->max) {
		unsigned int max = c->max ? c->max * 2 : 256;
		struct meta_block *b = kvrealloc(c->blocks, max * sizeof(*b), GFP_KERNEL);

		if (!b)
			return -ENOMEM;
		c->blocks = b;
		c->max = max;
	}
	c->blocks[c->nr++] = (struct meta_block){ .blocknr = blocknr, .data = data };
	return 0;
}

/* Write the collected buffers as new transactions of @journal. */
static int write_blocks(struct orthros_reader *r, journal_t *journal, struct block_device *bdev,
			const struct collect *c)
{
	handle_t *handle = NULL;
	unsigned int i;
	int ret = 0;

	for (i = 0; i < c->nr && !ret; i++) {
		struct buffer_head *bh;

		if (!handle) {
			handle = jbd2_journal_start(journal,
						    min_t(unsigned int, HANDLE_CREDITS, c->nr - i));
			if (IS_ERR(handle))
				return PTR_ERR(handle);
		}
		bh = __getblk(bdev, c->blocks[i].blocknr, c->blocksize);
		if (!bh) {
			ret = -ENOMEM;
			break;
		}
		lock_buffer(bh);
		ret = jbd2_journal_get_create_access(handle, bh);
		if (!ret)
			ret = orthros_reader_read(r, c->blocks[i].data, bh->b_data, c->blocksize);
		set_buffer_uptodate(bh);
		unlock_buffer(bh);
		if (!ret)
			ret = jbd2_journal_dirty_metadata(handle, bh);
		brelse(bh);
		if ((i + 1) % HANDLE_CREDITS == 0 || i + 1 == c->nr || ret) {
			int stop = jbd2_journal_stop(handle);

			handle = NULL;
			ret = ret ?: stop;
		}
	}
	if (handle)
		jbd2_journal_stop(handle);
	return ret;
}

/*
 * Why the primary's uncommitted metadata cannot be used, or NULL; @reason
 * gets it as a token.
 */
static const char *unusable(const struct orthros_ext4_journal *j, const char **reason)
{
	if (j->aborted) {
		*reason = "aborted";
		return "its journal had aborted";
	}
	if (j->external) {
		*reason = "external";
		return "its journal is on another device (not supported)";
	}
	if (j->running_updates || j->committing_updates) {
		*reason = "handle_open";
		return "a task was inside a metadata change (a handle was open)";
	}
	return NULL;
}

static int finish_journal(struct orthros_reader *r, const struct orthros_mount_info *mi,
			  const struct orthros_ext4_journal *j, u64 bdev_ptr)
{
	struct collect c = { .blocksize = j->blocksize };
	struct journal_map *map;
	struct file *bdev_file;
	struct block_device *bdev;
	journal_t *journal = NULL;
	u8 i_data[60];
	u64 start_ns = ktime_get_ns(), pblk0;
	int ret;

	map = kzalloc(sizeof(*map), GFP_KERNEL);
	c.scratch = kmalloc(j->blocksize, GFP_KERNEL);
	if (!map || !c.scratch) {
		ret = -ENOMEM;
		goto out_free;
	}
	/* Exclusive, as a mount opens it: nothing else may write meanwhile. */
	bdev_file = bdev_file_open_by_path(mi->dev, BLK_OPEN_READ | BLK_OPEN_WRITE, done, NULL);
	if (IS_ERR(bdev_file)) {
		ret = PTR_ERR(bdev_file);
		pr_err("%s: cannot open %s (%d)\n", mi->path, mi->dev, ret);
		goto out_free;
	}
	bdev = file_bdev(bdev_file);
	ret = set_blocksize(bdev_file, j->blocksize);
	if (!ret)
		ret = orthros_reader_ext4_i_data(r, j->inode, i_data);
	if (!ret)
		ret = map_extents(bdev, j->blocksize, i_data, sizeof(i_data), 5, map);
	if (!ret)
		ret = map_block(map, 0, &pblk0);
	if (ret) {
		pr_err("%s: the journal's blocks cannot be found (%d)\n", mi->path, ret);
		goto out_close;
	}
	c.map = map;
	c.nr_disk_blocks = bdev_nr_bytes(bdev) / j->blocksize;
	ret = orthros_reader_journal_buffers(r, j, bdev_ptr, collect_block, &c);
	if (ret) {
		pr_err("%s: the primary's journal is damaged (%d); not finished\n", mi->path, ret);
		goto out_close;
	}

	journal = jbd2_journal_init_dev(bdev, bdev, pblk0, j->total_len, j->blocksize);
	if (IS_ERR(journal)) {
		ret = PTR_ERR(journal);
		journal = NULL;
		pr_err("%s: jbd2 does not take the journal (%d)\n", mi->path, ret);
		goto out_close;
	}
	journal->j_private = map;
	journal->j_bmap = journal_bmap;
	/* Replay up to the primary's last commit, as a mount would. */
	ret = jbd2_journal_load(journal);
	if (ret) {
		pr_err("%s: replaying the journal failed (%d)\n", mi->path, ret);
		goto out_destroy;
	}
	if (finish && c.nr)
		ret = write_blocks(r, journal, bdev, &c);
	if (ret) {
		/* Nothing of it may commit: a partial set is worse than none. */
		pr_err("%s: writing the primary's metadata failed (%d)\n", mi->path, ret);
		jbd2_journal_abort(journal, ret);
		goto out_destroy;
	}
	ret = jbd2_journal_flush(journal, 0);
	if (!ret)
		outcome.blocks += c.nr;
	if (ret)
		pr_err("%s: committing the primary's metadata failed (%d)\n", mi->path, ret);
	else if (!j->running && !j->committing)
		orthros_report(quiet, "%s: %s: every transaction was committed (%u)\n",
			       mi->path, mi->dev, j->commit_sequence);
	else
		orthros_report(quiet, "%s: %s: %u metadata blocks of transactions %u..%u %s in %llu us\n",
			       mi->path, mi->dev, c.nr, j->commit_sequence + 1,
			       j->running ? j->running_tid : j->committing_tid,
			       finish ? "written" : "found (finish=0: not written)",
			       (ktime_get_ns() - start_ns) / NSEC_PER_USEC);
out_destroy:
	if (jbd2_journal_destroy(journal) && !ret)
		ret = -EIO;
out_close:
	fput(bdev_file);
out_free:
	kfree(c.scratch);
	kvfree(c.blocks);
	kfree(map);
	return ret;
}

/* Name a task that held a handle on @arg (the running transaction). */
static int report_holder(struct orthros_reader *r, u64 task, void *arg)
{
	struct orthros_task_info t;
	u64 transaction;
	bool on_cpu;

	if (orthros_reader_ext4_handle(r, task, &transaction, &on_cpu) || !transaction ||
	    transaction != *(u64 *)arg || orthros_reader_task(r, task, &t))
		return 0;
	pr_notice("  handle open: %s[%d], %s\n", t.comm, t.pid,
		  on_cpu ? "running on a CPU" : "sleeping");
	return 0;
}

static int finish_mount(struct orthros_reader *r, u64 mnt, void *arg)
{
	struct orthros_mount_info *mi = arg;
	struct orthros_ext4_journal j;
	const char *why, *reason = "unreadable";
	int ret;

	if (orthros_reader_mount(r, mnt, mi))
		return 0;	/* logged; the migration reports the mount too */
	if (!mi->bdev || strcmp(mi->fstype, "ext4") || seen(mi->sb))
		return 0;
	ret = orthros_reader_ext4_journal(r, mi->sb, &j);
	if (ret == -ENOENT) {
		pr_notice("%s: no journal: the disk has the metadata it has\n", mi->path);
		record(mi->sb, false, "no_journal");
		return 0;
	}
	why = ret ? "its journal cannot be read" : unusable(&j, &reason);
	if (why) {
		pr_err("%s: %s: metadata changed since transaction %u is not carried\n",
		       mi->path, why, j.commit_sequence);
		if (!ret && j.running_updates)
			orthros_reader_tasks(r, report_holder, &j.running);
		record(mi->sb, false, reason);
		return 0;
	}
	ret = finish_journal(r, mi, &j, mi->bdev);
	record(mi->sb, !ret && finish, ret == -EUCLEAN || ret == -EFAULT ? "damaged" :
				       ret ? "failed" : "not_written");
	return 0;
}

/* The step: every ext4 file system of the primary, on a block device. */
static int journal_run(struct orthros_step *step)
{
	struct orthros_mount_info *mi;
	struct orthros_reader *r;
	int ret;

	outcome.finish = finish;
	mi = kzalloc(sizeof(*mi), GFP_KERNEL);
	if (!mi)
		return -ENOMEM;
	r = orthros_reader_open(ORTHROS_NEED_TASKS | ORTHROS_NEED_FS | ORTHROS_NEED_EXT4);
	ret = IS_ERR(r) ? PTR_ERR(r) : orthros_reader_mounts(r, finish_mount, mi);
	if (!IS_ERR(r))
		orthros_reader_close(r);
	kfree(mi);
	return ret;
}

/*
 * " filesystems=N finished=N blocks=N finish=0|1 reason=TOKEN": the
 * primary's ext4 file systems on a block device, those whose disk now
 * holds the primary's last metadata (written, or nothing was left to write),
 * the uncommitted metadata blocks found (written if finish=1), and why
 * the last one that was not finished was not: none, no_journal, aborted,
 * external, handle_open (a task was inside a metadata change), unreadable
 * (its journal_t), damaged (what it points to), failed (writing it: the
 * kernel log says how), not_written (finish=0).
 */
static int journal_show(struct orthros_step *step, char *buf, int len)
{
	return scnprintf(buf, len, " filesystems=%u finished=%u blocks=%llu finish=%d reason=%s",
			 nr_done, outcome.finished, outcome.blocks, outcome.finish,
			 outcome.reason);
}

static struct orthros_step journal_step = {
	.name	= "journal",
	.run	= journal_run,
	.show	= journal_show,
};

static int __init orthros_journal_init(void)
{
	return orthros_register_step(&journal_step);
}

static void __exit orthros_journal_exit(void)
{
	orthros_unregister_step(&journal_step);
}

module_init(orthros_journal_init);
module_exit(orthros_journal_exit);
MODULE_DESCRIPTION("Orthros: finish a fenced primary's ext4 journal before the backup mounts it");
MODULE_LICENSE("GPL");
