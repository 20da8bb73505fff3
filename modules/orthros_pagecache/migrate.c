// SPDX-License-Identifier: GPL-2.0-only
/*
 * DOC: orthros_pagecache
 *
 * Migrate the fenced primary's file cache into the backup.  Loading the
 * module offers the takeover step /sys/kernel/orthros/primary/pagecache
 * (the failover daemon loads it when the backup boots); writing "run" to
 * it does the work, once, and logs it, and reading it gives the totals as
 * key=value pairs (see pagecache_show()).  The daemon runs it once the
 * backup has the primary's disks mounted at the primary's paths, after
 * orthros_journal finished the primary's journals.
 *
 * For each mount of the primary whose file system sits on a block device
 * and whose path is a mount of the same file system type in the backup,
 * every regular file the primary has a name for is brought up to the
 * primary's view:
 *
 * - the file is found by its path, rebuilt from the primary's dentries
 *   (a deleted name, still open, is not a name: such files are not
 *   resurrected), and must be the primary's inode (same number) when the
 *   primary's journal was finished, since the disk then has the
 *   primary's names;
 * - each dirty folio (or one under writeback, which may never have
 *   completed) is written at its offset into the backup's page cache of
 *   that file (an ordinary buffered write: writeback and the file
 *   system's journal take it from there).  When the journal could not be
 *   finished, the disk holds the file as of the last commit: every
 *   cached folio of a file changed since then (its transaction ids say
 *   so) is written, and a file missing under its name is created (with
 *   any missing directories on the way); pages of such a file that the
 *   primary no longer had cached are reported as not guaranteed;
 * - the file gets the primary's i_size, so appends and truncations that
 *   never reached the disk come out right, and, if it was written, the
 *   primary's mode, owner and times back.
 *
 * Then each file system is synced once.  A structure of the primary that
 * the reader finds damaged is reported and skipped; everything else is
 * still migrated.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/err.h>
#include <linux/fcntl.h>
#include <linux/fs.h>
#include <linux/file.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/mount.h>
#include <linux/namei.h>
#include <linux/orthros.h>
#include <linux/slab.h>
#include <linux/writeback.h>

#include "orthros_journal.h"
#include "pagecache.h"

/* Both are read while the step runs: the failover daemon sets them before. */
static bool dry_run;
module_param(dry_run, bool, 0644);
MODULE_PARM_DESC(dry_run, "report what would be migrated, write nothing");

static bool trust_clean;
module_param(trust_clean, bool, 0644);
MODULE_PARM_DESC(trust_clean,
		 "take every clean page as on the disk, as before the journal was finished (a control that loses data)");

/* Write the pages gathered in m->batch at their place in the file. */
static int flush_batch(struct migration *m)
{
	loff_t pos = m->batch_pos;
	size_t len = m->batch_len;
	ssize_t done;

	m->batch_len = 0;
	if (!len || dry_run)
		return 0;
	done = kernel_write(m->file, m->batch, len, &pos);
	if (done != len)
		return done < 0 ? done : -EIO;
	m->bytes += len;
	return 0;
}

/*
 * Gather the unwritten pages of one folio of the primary (all of them for
 * copy_all), contiguous ones into one write of up to BATCH_BYTES.
 */
static int copy_folio(struct orthros_reader *r, const struct orthros_folio_info *f, void *arg)
{
	struct migration *m = arg;
	unsigned int i;
	int ret;

	for (i = 0; i < f->nr_pages && (f->index + i) * PAGE_SIZE < m->size; i++)
		m->cached_pages++;
	/* Under writeback: submitted, but maybe never completed on the disk. */
	if (!f->dirty && !f->writeback && !m->copy_all)
		return 0;
	for (i = 0; i < f->nr_pages; i++) {
		loff_t pos = (f->index + i) * PAGE_SIZE;
		size_t len = PAGE_SIZE;

		if (pos >= m->size)
			break;
		if (len > m->size - pos)
			len = m->size - pos;
		if (m->batch_len && (pos != m->batch_pos + m->batch_len ||
				     m->batch_len + len > BATCH_BYTES)) {
			ret = flush_batch(m);
			if (ret)
				return ret;
		}
		if (!m->batch_len)
			m->batch_pos = pos;
		if (orthros_reader_folio_read(r, f, i * PAGE_SIZE, m->batch + m->batch_len, len))
			return -EFAULT;
		m->batch_len += len;
		m->pages++;
	}
	return 0;
}

/* Stops the walk at the first folio the disk may not have. */
static int unwritten_folio(struct orthros_reader *r, const struct orthros_folio_info *f,
			   void *arg)
{
	return f->dirty || f->writeback;
}

/*
 * Has the primary anything for this file that the disk may lack?  Unless
 * it must be written whole, only unwritten pages, or a size beyond what
 * ext4 has on the disk (i_disksize, which the finished journal carried).
 */
static bool has_unwritten(struct migration *m, struct orthros_reader *r,
			  const struct orthros_inode_info *i)
{
	struct orthros_ext4_inode e;

	if (m->copy_all || !m->ext4)
		return true;
	if (orthros_reader_folios(r, i->mapping, 1U << 24, unwritten_folio, NULL))
		return true;	/* found one, or the walk failed: let the copy report it */
	return orthros_reader_ext4_inode(r, i->inode, &e) || e.disksize != (s64)i->size;
}

static int open_target(struct migration *m, char *full, const struct orthros_inode_info *i)
{
	struct file *file = filp_open(full, O_WRONLY | O_LARGEFILE, 0);
	int ret;

	if (IS_ERR(file) && PTR_ERR(file) == -ENOENT) {
		if (m->journal_finished)
			pr_err("%s: missing although the journal was finished; created\n", full);
		ret = orthros_pagecache_make_parents(full);
		if (ret)
			return ret;
		file = filp_open(full, O_WRONLY | O_LARGEFILE | O_CREAT, i->mode & 0777);
		if (!IS_ERR(file)) {
			m->copy_all = true;
			m->created_files++;
		}
	}
	if (IS_ERR(file))
		return PTR_ERR(file);
	if ((file_inode(file)->i_ino != i->ino ||
	     file_inode(file)->i_generation != i->generation) && !m->copy_all) {
		if (m->journal_finished) {
			/* The names are the primary's: this is another file. */
			pr_err("%s: is inode %lu/%u here, %llu/%u in the primary; skipped\n",
			       full, file_inode(file)->i_ino, file_inode(file)->i_generation,
			       i->ino, i->generation);
			filp_close(file, NULL);
			return -ESTALE;
		}
		/* Renamed over or made anew since the last commit: take it all. */
		m->copy_all = true;
	}
	m->file = file;
	return 0;
}

/**
 * orthros_pagecache_set_attrs() - give a file here the primary's attributes
 * @path: the file here
 * @i: the primary's inode
 * @times: also its access and modification times
 *
 * Return: 0 or a negative errno.
 */
int orthros_pagecache_set_attrs(const struct path *path, const struct orthros_inode_info *i,
				bool times)
{
	struct iattr attr = {
		.ia_valid = ATTR_MODE | ATTR_UID | ATTR_GID | ATTR_FORCE,
		.ia_mode = i->mode,
		.ia_uid = make_kuid(&init_user_ns, i->uid),
		.ia_gid = make_kgid(&init_user_ns, i->gid),
		.ia_atime = { .tv_sec = i->atime_sec, .tv_nsec = i->atime_nsec },
		.ia_mtime = { .tv_sec = i->mtime_sec, .tv_nsec = i->mtime_nsec },
	};
	struct inode *inode = d_inode(path->dentry);
	int ret;

	if (times)
		attr.ia_valid |= ATTR_ATIME | ATTR_MTIME | ATTR_ATIME_SET | ATTR_MTIME_SET;
	if (S_ISLNK(inode->i_mode))
		attr.ia_valid &= ~ATTR_MODE;	/* a link's mode is always 0777 */
	inode_lock(inode);
	ret = notify_change(mnt_idmap(path->mnt), path->dentry, &attr, NULL);
	inode_unlock(inode);
	return ret;
}

/*
 * Must every cached page of this file be written?  Only when the disk
 * may not hold what the primary wrote back: the journal could not be
 * finished and the file changed after the last commit.
 */
static bool changed_since_commit(struct migration *m, struct orthros_reader *r, u64 inode)
{
	if (!m->ext4 || m->journal_finished || trust_clean)
		return false;
	return orthros_pagecache_changed(r, inode, m->commit_sequence);
}

static int migrate_inode(struct orthros_reader *r, u64 inode, void *arg)
{
	struct migration *m = arg;
	struct orthros_inode_info i;
	u64 written, pages;
	char *full = NULL;
	int ret;

	if (orthros_reader_inode(r, inode, &i)) {
		m->skipped++;
		return 0;
	}
	/* Unlinked, or no name known: nothing to carry under a name. */
	if (!S_ISREG(i.mode) || !i.dentry || !i.nlink)
		return 0;
	if (i.size > MAX_LFS_FILESIZE) {
		pr_err("%s: inode %llu: size %llu; skipped\n", m->mount.path, i.ino, i.size);
		m->skipped++;
		return 0;
	}
	ret = orthros_reader_file_path(r, &m->mount, i.dentry, m->path, sizeof(m->path));
	if (ret == -ENOENT)
		return 0;	/* deleted while open: not resurrected */
	if (!ret) {
		full = kstrdup(m->path, GFP_KERNEL);
		ret = full ? 0 : -ENOMEM;
	}
	m->copy_all = changed_since_commit(m, r, inode);
	m->cached_pages = 0;
	written = m->bytes;
	/* Cost follows the unwritten data, not the number of cached files. */
	if (!ret && !has_unwritten(m, r, &i)) {
		kfree(full);
		return 0;
	}
	if (!ret && !dry_run)
		ret = open_target(m, full, &i);
	if (!ret) {
		m->size = i.size;
		m->batch_len = 0;
		ret = orthros_reader_folios(r, i.mapping, 1U << 24, copy_folio, m);
		if (!ret || ret == -EUCLEAN) {
			int flushed = flush_batch(m);

			ret = flushed ?: ret;
		}
		if (ret == -EUCLEAN) {
			/* Damaged folios were skipped (logged); keep the rest. */
			pr_err("%s: some of its pages were damaged and are lost\n", full);
			m->damaged++;
			ret = 0;
		}
	}
	pages = DIV_ROUND_UP(i.size, PAGE_SIZE);
	if (!ret && m->copy_all && m->cached_pages < pages) {
		pr_err("%s: changed since the last commit, and %llu of its %llu pages were not cached: their contents are not guaranteed\n",
		       full, pages - m->cached_pages, pages);
		m->uncertain++;
	}
	if (!ret && m->file && i_size_read(file_inode(m->file)) != i.size) {
		ret = vfs_truncate(&m->file->f_path, i.size);
		m->resized += !ret;
		written = U64_MAX;
	}
	if (!ret && m->file && m->bytes != written)
		ret = orthros_pagecache_set_attrs(&m->file->f_path, &i, true);
	if (m->file)
		filp_close(m->file, NULL);
	m->file = NULL;
	if (ret) {
		pr_err("%s: inode %llu (%s): not migrated (%d)\n", m->mount.path, i.ino,
		       full ?: "no path", ret);
		m->skipped++;
	} else {
		m->files++;
	}
	kfree(full);
	return 0;
}

/*
 * The backup's mount at the primary's mount @mi's path, if it is the
 * same file system type on a block device: its root in @path.
 */
static bool mounted_here(const struct orthros_mount_info *mi, struct path *path)
{
	if (kern_path(mi->path, LOOKUP_FOLLOW, path))
		return false;
	if (path->dentry == path->mnt->mnt_root &&
	    !strcmp(path->mnt->mnt_sb->s_type->name, mi->fstype) && path->mnt->mnt_sb->s_bdev)
		return true;
	path_put(path);
	return false;
}

/* Write back what the migration put in the page cache of @sb, once. */
static void sync_mount(struct migration *m, struct super_block *sb)
{
	u64 start = ktime_get_ns();

	if (dry_run)
		return;
	down_read(&sb->s_umount);
	if (sync_filesystem(sb))
		pr_err("%s: syncing the migrated files failed\n", m->mount.path);
	up_read(&sb->s_umount);
	m->sync_ns += ktime_get_ns() - start;
}

static int migrate_mount(struct orthros_reader *r, u64 mnt, void *arg)
{
	struct migration *m = arg;
	struct orthros_ext4_journal j;
	struct path here;

	if (orthros_reader_mount(r, mnt, &m->mount)) {
		m->skipped++;
		return 0;
	}
	if (!m->mount.bdev)
		return 0;	/* not on a block device: nothing to keep */
	if (!mounted_here(&m->mount, &here)) {
		pr_err("%s (%s on %s): not mounted here; its cache is not migrated\n",
		       m->mount.path, m->mount.fstype, m->mount.dev);
		m->skipped++;
		return 0;
	}
	m->mounts++;
	m->ext4 = !strcmp(m->mount.fstype, "ext4");
	m->journal_finished = m->ext4 && orthros_journal_finished(m->mount.sb);
	m->commit_sequence = 0;
	if (m->ext4 && !m->journal_finished) {
		if (orthros_reader_ext4_journal(r, m->mount.sb, &j))
			m->ext4 = false;	/* no tids to go by: as any file system */
		else
			m->commit_sequence = j.commit_sequence;
		pr_notice("%s: the journal was not finished: every file changed since transaction %u is written whole\n",
			  m->mount.path, m->commit_sequence);
		m->fallback++;
		if (m->ext4 && !trust_clean && !dry_run)
			orthros_pagecache_names(m, r);
	}
	if (orthros_reader_inodes(r, m->mount.sb, migrate_inode, m))
		m->skipped++;
	sync_mount(m, here.mnt->mnt_sb);
	path_put(&here);
	return 0;
}

/* The one run, kept for pagecache_show(); its parameters as they were. */
static struct migration migration;
static u64 copy_ns;
static bool ran_dry, ran_trusting;

static int pagecache_run(struct orthros_step *step)
{
	struct migration *m = &migration;
	u64 start = ktime_get_ns();
	int ret;

	ran_dry = dry_run;
	ran_trusting = trust_clean;
	m->batch = kvmalloc(BATCH_BYTES, GFP_KERNEL);
	m->r = orthros_reader_open(ORTHROS_NEED_FS | ORTHROS_NEED_PAGECACHE | ORTHROS_NEED_EXT4);
	ret = !m->batch ? -ENOMEM : IS_ERR(m->r) ? PTR_ERR(m->r) : 0;
	/* The reader refuses a primary whose page size is not ORTHROS_READER_PAGE_SIZE. */
	BUILD_BUG_ON(PAGE_SIZE != ORTHROS_READER_PAGE_SIZE);
	if (!ret)
		ret = orthros_reader_mounts(m->r, migrate_mount, m);
	if (!ret) {
		u64 total_ns = ktime_get_ns() - start;

		/* Notice level: a takeover's outcome belongs on the console. */
		pr_notice("%s%u mounts, %u files (%u created, %u resized), %llu pages copied, %llu bytes written, %u damaged, %u skipped, %u not guaranteed\n",
			dry_run ? "dry run: " : "", m->mounts, m->files, m->created_files,
			m->resized, m->pages, m->bytes, m->damaged, m->skipped, m->uncertain);
		if (m->renamed || m->removed || m->made)
			pr_notice("names since the last commit: %u renamed, %u removed, %u made\n",
				  m->renamed, m->removed, m->made);
		copy_ns = total_ns - m->sync_ns;
		pr_notice("copied in %llu us, synced in %llu us\n",
			  copy_ns / NSEC_PER_USEC, m->sync_ns / NSEC_PER_USEC);
	}
	orthros_reader_close(m->r);
	m->r = NULL;
	kvfree(m->batch);
	m->batch = NULL;
	return ret;
}

/*
 * " mounts=N fallback=N files=N created=N resized=N pages=N bytes=N
 * damaged=N skipped=N uncertain=N renamed=N removed=N made=N copy_us=N
 * sync_us=N dry_run=0|1 trust_clean=0|1": the primary's mounts migrated,
 * those of them whose journal was not finished (every file changed since
 * its last commit written whole), files brought up to the primary's
 * (created, resized), pages copied and bytes written, files with damaged
 * pages, objects skipped (damaged, or not mounted here), files whose
 * contents are not guaranteed, the names carried by the fallback, the
 * time spent copying and syncing, and the parameters it ran with.
 */
static int pagecache_show(struct orthros_step *step, char *buf, int len)
{
	const struct migration *m = &migration;

	return scnprintf(buf, len,
			 " mounts=%u fallback=%u files=%u created=%u resized=%u pages=%llu bytes=%llu damaged=%u skipped=%u uncertain=%u renamed=%u removed=%u made=%u copy_us=%llu sync_us=%llu dry_run=%d trust_clean=%d",
			 m->mounts, m->fallback, m->files, m->created_files, m->resized,
			 m->pages, m->bytes, m->damaged, m->skipped, m->uncertain,
			 m->renamed, m->removed, m->made, copy_ns / NSEC_PER_USEC,
			 m->sync_ns / NSEC_PER_USEC, ran_dry, ran_trusting);
}

static struct orthros_step pagecache_step = {
	.name	= "pagecache",
	.run	= pagecache_run,
	.show	= pagecache_show,
};

static int __init orthros_pagecache_init(void)
{
	return orthros_register_step(&pagecache_step);
}

static void __exit orthros_pagecache_exit(void)
{
	orthros_unregister_step(&pagecache_step);
}

module_init(orthros_pagecache_init);
module_exit(orthros_pagecache_exit);
MODULE_DESCRIPTION("Orthros: migrate a fenced primary's dirty file cache into the backup");
MODULE_LICENSE("GPL");
