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
 * - a file needs a name in the primary (a deleted name, still open, is
 *   not a name: such files are not resurrected); when the primary's
 *   journal was finished, the disk has the primary's names and inodes,
 *   and the file is opened by its inode number and generation, as an
 *   NFS file handle is (open_by_inode()), and its path is never built;
 *   otherwise, or if that fails, it is found by its path, rebuilt from
 *   the primary's dentries, and must then be the primary's inode (same
 *   number) if the journal was finished;
 * - each dirty folio (or one under writeback, which may never have
 *   completed) is written at its offset into the backup's page cache of
 *   that file (a buffered write: writeback and the file system's journal
 *   take it from there).  On ext4, the pages of a hole (the file's
 *   last, partial one too) go into the cache in runs of up to RUN_PAGES
 *   (ext4_orthros_fill_pages(): one delayed allocation reservation for
 *   the run), every other page
 *   through the file system's own write_begin and write_end, which
 *   reserve its delayed allocation as write() does; either way copied
 *   straight from the primary's frame.  Elsewhere contiguous pages make
 *   one kernel_write().  When the
 *   journal could not be finished, the disk holds the file as of the
 *   last commit: every cached folio of a file changed since then (its
 *   transaction ids say so) is written, and a file missing under its
 *   name is created (with any missing directories on the way); pages of
 *   such a file that the primary no longer had cached are reported as
 *   not guaranteed;
 * - the file gets the primary's i_size, so appends and truncations that
 *   never reached the disk come out right, and, if it was written, the
 *   primary's mode, owner and times back where they are not already so.
 *
 * Then each file system is synced once (unless sync_mounts=N: the failover
 * daemon syncs them itself once the service answers).  Only files with
 * something the disk may lack are opened, and once the journal is
 * finished only the inodes on the primary's writeback lists are visited
 * (walk_inodes()): the cost follows the dirty data, not the number of
 * cached files.  When loaded, the module writes once to the backup's free
 * memory (warm_memory()).  A structure of the primary
 * that the reader finds damaged is reported and skipped; everything else
 * is still migrated.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/err.h>
#include <linux/exportfs.h>
#include <linux/fcntl.h>
#include <linux/fs.h>
#include <linux/highmem.h>
#include <linux/file.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/mount.h>
#include <linux/namei.h>
#include <linux/orthros.h>
#include <linux/slab.h>
#include <linux/writeback.h>
#include <linux/xarray.h>

#include "orthros_journal.h"
#include "pagecache.h"
#include "report.h"

/* Both are read while the step runs: the failover daemon sets them before. */
static bool dry_run;
module_param(dry_run, bool, 0644);
MODULE_PARM_DESC(dry_run, "report what would be migrated, write nothing");

static bool warm = true;
module_param(warm, bool, 0444);
MODULE_PARM_DESC(warm, "write once to the free memory when loaded (see warm_memory())");

static bool trust_clean;
module_param(trust_clean, bool, 0644);
MODULE_PARM_DESC(trust_clean,
		 "take every clean page as on the disk, as before the journal was finished (a control that loses data)");

static bool sync_mounts = true;
module_param(sync_mounts, bool, 0644);
MODULE_PARM_DESC(sync_mounts,
		 "sync each migrated file system at the end of the step (N: left to the caller, as the failover daemon does once the service answers)");

static bool all_inodes;
module_param(all_inodes, bool, 0644);
MODULE_PARM_DESC(all_inodes,
		 "visit every inode of a mount, not only those on the primary's writeback lists (for comparison)");

static bool fill_runs = true;
module_param(fill_runs, bool, 0644);
MODULE_PARM_DESC(fill_runs,
		 "on ext4, put the pages of a hole into the cache in runs (ext4_orthros_fill_pages()); N: every page through write_begin and write_end, as before it");

static bool quiet;
module_param(quiet, bool, 0644);
MODULE_PARM_DESC(quiet,
		 "leave the step's report to the caller: pr_debug(), off the console (the failover daemon sets it and prints the step's result once the service is up)");

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
 * One page's bytes into the file here through its own write_begin and
 * write_end, as write() would (ext4 reserves its delayed allocation
 * there), straight from the primary's frames: no bounce buffer, no
 * iov_iter.  The caller holds the inode lock and freeze protection.
 */
static void throttle(struct migration *m)
{
	u64 start = ktime_get_ns();

	/*
	 * As write() is, past the allowance: the backup's memory is not the
	 * primary's.  Below it nothing waits for writeback, which the sync
	 * after the copy does in one go.
	 */
	if (global_node_page_state(NR_FILE_DIRTY) + global_node_page_state(NR_WRITEBACK) >
	    m->dirty_allowance) {
		balance_dirty_pages_ratelimited(m->file->f_mapping);
		m->throttle_ns += ktime_get_ns() - start;
	}
}

static int write_page(struct migration *m, loff_t pos, const void *src, size_t len)
{
	struct address_space *mapping = m->file->f_mapping;
	const struct address_space_operations *aops = mapping->a_ops;
	struct folio *folio;
	void *fsdata = NULL;
	int ret;

	throttle(m);
	ret = aops->write_begin(m->file, mapping, pos, len, &folio, &fsdata);
	if (ret)
		return ret;
	memcpy_to_folio(folio, offset_in_folio(folio, pos), src, len);
	ret = aops->write_end(m->file, mapping, pos, len, len, folio, fsdata);
	if (ret != len)
		return ret < 0 ? ret : -EIO;
	m->bytes += len;
	return 0;
}

/*
 * The pages gathered in m->run into the file: as many at a time as ext4
 * takes in one go (a hole, not cached here), each other one through
 * write_page().  The pages come from the primary's frames, or from
 * m->batch where the reader could not map them.
 */
static int flush_run(struct migration *m)
{
	struct inode *inode = file_inode(m->file);
	unsigned int done = 0, left;
	long n;
	int ret;

	while (done < m->run_len) {
		left = m->run_len - done;
		throttle(m);
		n = ext4_orthros_fill_pages(inode, m->run_index + done, left, m->run_last,
					    m->run + done);
		if (n < 0)
			return n;
		if (!n) {
			ret = write_page(m, (loff_t)(m->run_index + done) << PAGE_SHIFT,
					 m->run[done], left == 1 ? m->run_last : PAGE_SIZE);
			if (ret)
				return ret;
			n = 1;
		} else {
			m->bytes += n * PAGE_SIZE - (n == left ? PAGE_SIZE - m->run_last : 0);
			m->filled += n;
		}
		done += n;
	}
	m->run_len = 0;
	return 0;
}

/*
 * The page at @pos from the primary's @f into m->run: @len bytes, a whole
 * page but at the end of the file, which ends the run.
 */
static int add_to_run(struct migration *m, struct orthros_reader *r,
		      const struct orthros_folio_info *f, unsigned int i, loff_t pos,
		      size_t len)
{
	const void *src;
	int ret;

	if (m->run_len && (pos >> PAGE_SHIFT != m->run_index + m->run_len ||
			   m->run_len == RUN_PAGES || m->run_last != PAGE_SIZE)) {
		ret = flush_run(m);
		if (ret)
			return ret;
	}
	if (!m->run_len)
		m->run_index = pos >> PAGE_SHIFT;
	src = orthros_reader_folio_map(r, f, i * PAGE_SIZE, len);
	if (!src) {
		src = m->batch + m->run_len * PAGE_SIZE;
		if (orthros_reader_folio_read(r, f, i * PAGE_SIZE, (void *)src, len))
			return -EFAULT;
	}
	m->run[m->run_len++] = src;
	m->run_last = len;
	return 0;
}

/*
 * Copy the unwritten pages of one folio of the primary (all of them for
 * copy_all): page by page into the file where its own write path may be
 * called (m->direct), else gathered, contiguous ones into one write of up
 * to BATCH_BYTES.
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
		const void *src;

		if (pos >= m->size)
			break;
		if (len > m->size - pos)
			len = m->size - pos;
		m->pages++;
		if (m->direct && fill_runs) {
			ret = add_to_run(m, r, f, i, pos, len);
			if (ret)
				return ret;
			continue;
		}
		if (m->direct) {
			ret = flush_run(m);
			if (ret)
				return ret;
			src = orthros_reader_folio_map(r, f, i * PAGE_SIZE, len);
			if (!src) {
				if (orthros_reader_folio_read(r, f, i * PAGE_SIZE, m->batch, len))
					return -EFAULT;
				src = m->batch;
			}
			ret = write_page(m, pos, src, len);
			if (ret)
				return ret;
			continue;
		}
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
	}
	return 0;
}

/*
 * The file's unwritten folios into the file here: under the inode lock and
 * freeze protection, as write() takes them, when the pages go through its
 * write path directly.
 */
static int copy_file(struct migration *m, struct orthros_reader *r, u64 mapping)
{
	struct inode *inode = file_inode(m->file);
	int ret, flushed;

	/* ext4's own write path, without the iov_iter, where it has one. */
	m->direct = !dry_run && m->ext4_here && !IS_DAX(inode) &&
		    m->file->f_mapping->a_ops->write_begin &&
		    m->file->f_mapping->a_ops->write_end;
	m->batch_len = 0;
	if (m->direct) {
		file_start_write(m->file);
		inode_lock(inode);
	}
	m->run_len = 0;
	ret = orthros_reader_folios(r, mapping, 1U << 24, copy_folio, m);
	if (m->direct) {
		if (!ret || ret == -EUCLEAN) {
			flushed = flush_run(m);
			ret = flushed ?: ret;
		}
		inode_unlock(inode);
		file_end_write(m->file);
	}
	if (!ret || ret == -EUCLEAN) {
		flushed = flush_batch(m);
		ret = flushed ?: ret;
	}
	return ret;
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

/*
 * Once the journal is finished the disk has the primary's names, so the
 * file is the backup's inode of the same number and generation: opened
 * by them, as an NFS file handle is, not by a path looked up through
 * directories the backup has never read (most of the time of a
 * migration of many small files).  NULL where that cannot be done.
 */
static struct file *open_by_inode(struct migration *m, const struct orthros_inode_info *i)
{
	struct super_block *sb = m->here.mnt->mnt_sb;
	const struct export_operations *ops = sb->s_export_op;
	struct fid fid = { .i32 = { .ino = i->ino, .gen = i->generation } };
	struct path path = { .mnt = m->here.mnt };
	struct file *file;

	if (!m->journal_finished || !m->ext4_here || !ops || !ops->fh_to_dentry ||
	    i->ino > U32_MAX)
		return NULL;
	path.dentry = ops->fh_to_dentry(sb, &fid, 2, FILEID_INO32_GEN);
	if (IS_ERR_OR_NULL(path.dentry))
		return NULL;	/* the lookup by path says why */
	file = dentry_open(&path, O_WRONLY | O_LARGEFILE, current_cred());
	dput(path.dentry);
	return IS_ERR(file) ? NULL : file;
}

/*
 * The file's path here, rebuilt from the primary's dentries into m->path
 * once per file (m->path_ret), only when it is looked up by path or named
 * in a message: 0, -ENOENT if a dentry on the way was deleted, or an errno.
 */
static int build_path(struct migration *m, struct orthros_reader *r,
		      const struct orthros_inode_info *i)
{
	if (m->path_ret > 0)
		m->path_ret = orthros_reader_file_path(r, &m->mount, i->dentry, m->path,
						       sizeof(m->path));
	return m->path_ret;
}

/* The file's name for a message: its path, or its inode number. */
static const char *name_of(struct migration *m, struct orthros_reader *r,
			   const struct orthros_inode_info *i)
{
	if (build_path(m, r, i))
		snprintf(m->path, sizeof(m->path), "%s: inode %llu", m->mount.path, i->ino);
	return m->path;
}

/* The file by its path (m->path, built), created if it must and may be. */
static int open_by_path(struct migration *m, const struct orthros_inode_info *i)
{
	char *full = m->path;
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
 * Are the file's mode, owner or times here not the primary's?  A write
 * through the file system's write path (m->direct) leaves them alone, and
 * with the journal finished they are the primary's already: no change,
 * and no journal handle for one, in each of many small files.
 */
static bool attrs_differ(struct inode *inode, const struct orthros_inode_info *i)
{
	struct timespec64 atime = inode_get_atime(inode), mtime = inode_get_mtime(inode);

	return inode->i_mode != i->mode ||
	       !uid_eq(inode->i_uid, make_kuid(&init_user_ns, i->uid)) ||
	       !gid_eq(inode->i_gid, make_kgid(&init_user_ns, i->gid)) ||
	       atime.tv_sec != i->atime_sec || atime.tv_nsec != i->atime_nsec ||
	       mtime.tv_sec != i->mtime_sec || mtime.tv_nsec != i->mtime_nsec;
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
	u64 written, pages, start;
	int ret = 0;

	if (orthros_reader_inode(r, inode, &i)) {
		m->skipped++;
		return 0;
	}
	if (m->seen && xa_insert(m->seen, i.ino, xa_mk_value(0), GFP_KERNEL) == -EBUSY)
		return 0;	/* visited already */
	m->visited++;
	/* Unlinked, or no name known: nothing to carry under a name. */
	if (!S_ISREG(i.mode) || !i.dentry || !i.nlink)
		return 0;
	if (i.size > MAX_LFS_FILESIZE) {
		pr_err("%s: inode %llu: size %llu; skipped\n", m->mount.path, i.ino, i.size);
		m->skipped++;
		return 0;
	}
	m->copy_all = changed_since_commit(m, r, inode);
	m->cached_pages = 0;
	m->path_ret = 1;
	written = m->bytes;
	/* Cost follows the unwritten data, not the number of cached files. */
	if (!has_unwritten(m, r, &i))
		return 0;
	start = ktime_get_ns();
	if (!dry_run)
		m->file = open_by_inode(m, &i);
	if (!m->file) {
		ret = build_path(m, r, &i);
		if (ret == -ENOENT)
			return 0;	/* deleted while open: not resurrected */
		if (!ret && !dry_run)
			ret = open_by_path(m, &i);
	}
	m->lookup_ns += ktime_get_ns() - start;
	if (!ret) {
		m->size = i.size;
		ret = copy_file(m, r, i.mapping);
		if (ret == -EUCLEAN) {
			/* Damaged folios were skipped (logged); keep the rest. */
			pr_err("%s: some of its pages were damaged and are lost\n",
			       name_of(m, r, &i));
			m->damaged++;
			ret = 0;
		}
	}
	pages = DIV_ROUND_UP(i.size, PAGE_SIZE);
	if (!ret && m->copy_all && m->cached_pages < pages) {
		pr_err("%s: changed since the last commit, and %llu of its %llu pages were not cached: their contents are not guaranteed\n",
		       name_of(m, r, &i), pages - m->cached_pages, pages);
		m->uncertain++;
	}
	if (!ret && m->file && i_size_read(file_inode(m->file)) != i.size) {
		ret = vfs_truncate(&m->file->f_path, i.size);
		m->resized += !ret;
		written = U64_MAX;
	}
	if (!ret && m->file && m->bytes != written && attrs_differ(file_inode(m->file), &i))
		ret = orthros_pagecache_set_attrs(&m->file->f_path, &i, true);
	if (m->file)
		filp_close(m->file, NULL);
	m->file = NULL;
	if (ret) {
		pr_err("%s: not migrated (%d)\n", name_of(m, r, &i), ret);
		m->skipped++;
	} else {
		m->files++;
	}
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

	if (dry_run || !sync_mounts)
		return;
	down_read(&sb->s_umount);
	if (sync_filesystem(sb))
		pr_err("%s: syncing the migrated files failed\n", m->mount.path);
	up_read(&sb->s_umount);
	m->sync_ns += ktime_get_ns() - start;
}

/*
 * Migrate the inodes of the mount that may hold what the disk lacks.
 * Once the journal is finished, only those with dirty pages or pages
 * under writeback can: the primary's writeback lists name them, so the
 * cost follows the dirty data, not the number of cached files.  Without
 * the lists (an older primary), or if one may have been in the middle of
 * a change at the freeze, every inode is visited, those already done
 * skipped.
 */
static void walk_inodes(struct migration *m, struct orthros_reader *r)
{
	struct xarray seen;
	int ret;

	if (!m->ext4 || !m->journal_finished || all_inodes) {
		if (orthros_reader_inodes(r, m->mount.sb, migrate_inode, m))
			m->skipped++;
		return;
	}
	xa_init(&seen);
	m->seen = &seen;
	ret = orthros_reader_unwritten_inodes(r, m->mount.sb, migrate_inode, m);
	if (!ret) {
		m->listed++;
	} else {
		pr_notice("%s: %s: every inode is visited\n", m->mount.path,
			  ret == -EOPNOTSUPP ? "the primary's offset table does not locate its writeback lists" :
			  ret == -EBUSY ? "a writeback list was being changed at the freeze" :
			  "the primary's writeback lists could not be walked whole");
		if (orthros_reader_inodes(r, m->mount.sb, migrate_inode, m))
			m->skipped++;
	}
	m->seen = NULL;
	xa_destroy(&seen);
}

static int migrate_mount(struct orthros_reader *r, u64 mnt, void *arg)
{
	struct migration *m = arg;
	struct orthros_ext4_journal j;

	if (orthros_reader_mount(r, mnt, &m->mount)) {
		m->skipped++;
		return 0;
	}
	if (!m->mount.bdev)
		return 0;	/* not on a block device: nothing to keep */
	if (!mounted_here(&m->mount, &m->here)) {
		pr_err("%s (%s on %s): not mounted here; its cache is not migrated\n",
		       m->mount.path, m->mount.fstype, m->mount.dev);
		m->skipped++;
		return 0;
	}
	m->mounts++;
	m->ext4 = !strcmp(m->mount.fstype, "ext4");
	m->ext4_here = !strcmp(m->here.mnt->mnt_sb->s_type->name, "ext4");
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
	walk_inodes(m, r);
	sync_mount(m, m->here.mnt->mnt_sb);
	path_put(&m->here);
	return 0;
}

/*
 * Before the backup is armed, write once to the pages it has free.  Where
 * the machine is emulated, or a hypervisor backs its memory lazily, the
 * first write to a page is slow (measured in QEMU TCG: 11.6 us a page the
 * first time, 1 us after), and the takeover would pay it for every page
 * of cache it fills.  The pages are taken without reclaim while more
 * than 4 MiB stay free, and all are given back at once: a page left
 * unwritten is one the allocator may hand out first (blocks never split
 * stay at the head of its free lists).  Done at load, before the failover
 * daemon arms the backup: a takeover never waits for it nor shares the
 * CPU with it.
 */
static void warm_memory(void)
{
	const gfp_t gfp = __GFP_NOWARN | __GFP_NORETRY | __GFP_NOMEMALLOC;
	const unsigned long keep = 4UL << (20 - PAGE_SHIFT);
	u64 start = ktime_get_ns(), pages = 0;
	void **held = NULL, **p;
	struct page *page;

	while (global_zone_page_state(NR_FREE_PAGES) > keep) {
		page = alloc_page(gfp);
		if (!page)
			break;
		p = page_address(page);
		*p = held;	/* the write that warms it */
		held = p;
		if (!(++pages % 512))
			cond_resched();
	}
	while (held) {
		p = held;
		held = *p;
		free_page((unsigned long)p);
	}
	pr_notice("standing by: wrote once to %llu MiB of free memory in %llu ms\n",
		  pages >> (20 - PAGE_SHIFT), (ktime_get_ns() - start) / NSEC_PER_MSEC);
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
	/* The backup's free memory is there for this copy: half of it. */
	m->dirty_allowance = global_zone_page_state(NR_FREE_PAGES) / 2;
	m->batch = kvmalloc(BATCH_BYTES, GFP_KERNEL);
	m->r = orthros_reader_open(ORTHROS_NEED_FS | ORTHROS_NEED_PAGECACHE | ORTHROS_NEED_EXT4);
	ret = !m->batch ? -ENOMEM : IS_ERR(m->r) ? PTR_ERR(m->r) : 0;
	/* The reader refuses a primary whose page size is not ORTHROS_READER_PAGE_SIZE. */
	BUILD_BUG_ON(PAGE_SIZE != ORTHROS_READER_PAGE_SIZE);
	BUILD_BUG_ON(RUN_PAGES * PAGE_SIZE > BATCH_BYTES);	/* m->batch holds a run */
	if (!ret)
		ret = orthros_reader_mounts(m->r, migrate_mount, m);
	if (!ret) {
		u64 total_ns = ktime_get_ns() - start;
		char synced[40];

		orthros_report(quiet, "%s%u mounts, %u files (%u created, %u resized), %llu pages copied, %llu bytes written, %u damaged, %u skipped, %u not guaranteed\n",
			       dry_run ? "dry run: " : "", m->mounts, m->files, m->created_files,
			       m->resized, m->pages, m->bytes, m->damaged, m->skipped, m->uncertain);
		if (m->renamed || m->removed || m->made)
			orthros_report(quiet, "names since the last commit: %u renamed, %u removed, %u made\n",
				       m->renamed, m->removed, m->made);
		copy_ns = total_ns - m->sync_ns;
		snprintf(synced, sizeof(synced), "synced in %llu us", m->sync_ns / NSEC_PER_USEC);
		orthros_report(quiet, "copied in %llu us (%llu us of it held back by the dirty limits), %s\n",
			       copy_ns / NSEC_PER_USEC, m->throttle_ns / NSEC_PER_USEC,
			       sync_mounts ? synced : "not synced (sync_mounts=N)");
	}
	orthros_reader_close(m->r);
	m->r = NULL;
	kvfree(m->batch);
	m->batch = NULL;
	return ret;
}

/*
 * " mounts=N fallback=N listed=N files=N created=N resized=N pages=N bytes=N
 * damaged=N skipped=N uncertain=N renamed=N removed=N made=N copy_us=N
 * sync_us=N dry_run=0|1 trust_clean=0|1 throttle_us=N visited=N filled=N
 * lookup_us=N": the
 * primary's mounts migrated, those of them whose journal was not finished
 * (every file changed since its last commit written whole), those walked
 * by their writeback lists rather than inode by inode, files brought up to
 * the primary's (created, resized), pages copied and bytes written, files
 * with damaged pages, objects skipped (damaged, or not mounted here),
 * files whose contents are not guaranteed, the names carried by the
 * fallback, the time spent copying and syncing (0 with sync_mounts=N),
 * the parameters it ran with, the part of the copy held back by the
 * backup's dirty limits, and the primary's inodes looked at (what the
 * cost follows: those on its writeback lists, or all of a mount's), and
 * of the pages copied, those ext4 took in runs (ext4_orthros_fill_pages()),
 * and the part of the copy spent finding and opening the files here.
 */
static int pagecache_show(struct orthros_step *step, char *buf, int len)
{
	const struct migration *m = &migration;

	return scnprintf(buf, len,
			 " mounts=%u fallback=%u listed=%u files=%u created=%u resized=%u pages=%llu bytes=%llu damaged=%u skipped=%u uncertain=%u renamed=%u removed=%u made=%u copy_us=%llu sync_us=%llu dry_run=%d trust_clean=%d throttle_us=%llu visited=%u filled=%llu lookup_us=%llu",
			 m->mounts, m->fallback, m->listed, m->files, m->created_files, m->resized,
			 m->pages, m->bytes, m->damaged, m->skipped, m->uncertain,
			 m->renamed, m->removed, m->made, copy_ns / NSEC_PER_USEC,
			 m->sync_ns / NSEC_PER_USEC, ran_dry, ran_trusting,
			 m->throttle_ns / NSEC_PER_USEC, m->visited, m->filled,
			 m->lookup_ns / NSEC_PER_USEC);
}

static struct orthros_step pagecache_step = {
	.name	= "pagecache",
	.run	= pagecache_run,
	.show	= pagecache_show,
};

static int __init orthros_pagecache_init(void)
{
	if (warm)
		warm_memory();
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
