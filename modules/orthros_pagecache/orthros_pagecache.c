// SPDX-License-Identifier: GPL-2.0-only
/*
 * DOC: orthros_pagecache
 *
 * Migrate the fenced primary's file cache into the backup.  Loading the
 * module does the work and reports it; the failover daemon loads it once
 * the backup has the primary's disks mounted at the primary's paths.
 *
 * For each mount of the primary whose file system sits on a block device
 * and whose path is a mount of the same file system type in the backup,
 * every regular file the primary has a name for is brought up to the
 * primary's view:
 *
 * - the file is found by its path, rebuilt from the primary's dentries,
 *   not by inode number: files created or renamed since the last
 *   writeback land under their current name (created if missing, with
 *   any missing directories on the way, and then filled from every page
 *   the primary has cached, clean or not: a renamed file's clean data is
 *   on the disk under its old name);
 * - each dirty folio (or one under writeback, which may never have
 *   completed) is written at its offset into the backup's page
 *   cache of that file (an ordinary buffered write: writeback and the
 *   file system's journal take it from there);
 * - the file gets the primary's i_size, so appends and truncations that
 *   never reached the disk come out right.
 *
 * Then every file written is fsynced.  A structure of the primary that
 * the reader finds damaged is reported and skipped; everything else is
 * still migrated.  What is not carried: the primary's directory
 * operations themselves (a rename that never reached the disk leaves the
 * old name too; an unlink leaves the file), permissions, times and
 * extended attributes of new files, and data of files without a name.
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
#include <linux/slab.h>

#include "reader.h"

static bool dry_run;
module_param(dry_run, bool, 0444);
MODULE_PARM_DESC(dry_run, "report what would be migrated, write nothing");

struct migration {
	struct orthros_reader *r;
	struct orthros_mount_info mount;
	char path[ORTHROS_READER_PATH_MAX];
	u64 page_size, page_offset_base;
	struct file *file;
	u64 size;
	bool created;		/* the file did not exist here: copy every cached page */
	void *page;
	/* Totals, for the report; sync_ns is the part spent in fsync. */
	u64 sync_ns;
	unsigned int mounts, files, created_files, resized, damaged, skipped;
	u64 pages, bytes;
};

/* Write one dirty folio of the primary into the backup's file. */
static int copy_folio(struct orthros_reader *r, const struct orthros_folio_info *f, void *arg)
{
	struct migration *m = arg;
	unsigned int i;

	/* Under writeback: submitted, but maybe never completed on the disk. */
	if (!f->dirty && !f->writeback && !m->created)
		return 0;
	for (i = 0; i < f->nr_pages; i++) {
		loff_t pos = (f->index + i) * m->page_size;
		size_t len = m->page_size;
		ssize_t done;

		if (pos >= m->size)
			break;
		if (len > m->size - pos)
			len = m->size - pos;
		if (orthros_reader_read(r, m->page_offset_base + (f->pfn + i) * m->page_size,
					m->page, len))
			return -EFAULT;
		m->pages++;
		if (dry_run)
			continue;
		done = kernel_write(m->file, m->page, len, &pos);
		if (done != len)
			return done < 0 ? done : -EIO;
		m->bytes += len;
	}
	return 0;
}

/*
 * Create the directories on the way to @full that the primary made but
 * never wrote back (mode 0755: the primary's own is not carried).
 */
static int make_parents(char *full)
{
	char *slash;
	int ret = 0;

	for (slash = strchr(full + 1, '/'); slash && !ret; slash = strchr(slash + 1, '/')) {
		struct dentry *dentry;
		struct path parent;

		*slash = '\0';
		dentry = kern_path_create(AT_FDCWD, full, &parent, LOOKUP_DIRECTORY);
		if (IS_ERR(dentry)) {
			ret = PTR_ERR(dentry) == -EEXIST ? 0 : PTR_ERR(dentry);
		} else {
			ret = vfs_mkdir(mnt_idmap(parent.mnt), d_inode(parent.dentry), dentry, 0755);
			done_path_create(&parent, dentry);
		}
		*slash = '/';
	}
	return ret;
}

static int open_target(struct migration *m, char *full, umode_t mode)
{
	struct file *file = filp_open(full, O_WRONLY | O_LARGEFILE, 0);
	int ret;

	m->created = false;
	if (IS_ERR(file) && PTR_ERR(file) == -ENOENT) {
		ret = make_parents(full);
		if (ret)
			return ret;
		file = filp_open(full, O_WRONLY | O_LARGEFILE | O_CREAT, mode & 0777);
		m->created = !IS_ERR(file);
		m->created_files += m->created;
	}
	if (IS_ERR(file))
		return PTR_ERR(file);
	m->file = file;
	return 0;
}

static int migrate_inode(struct orthros_reader *r, u64 inode, void *arg)
{
	struct migration *m = arg;
	struct orthros_inode_info i;
	char *full = NULL;
	int ret;

	if (orthros_reader_inode(r, inode, &i)) {
		m->skipped++;
		return 0;
	}
	if (!S_ISREG(i.mode) || !i.dentry)
		return 0;
	if (i.size > MAX_LFS_FILESIZE) {
		pr_err("%s: inode %llu: size %llu; skipped\n", m->mount.path, i.ino, i.size);
		m->skipped++;
		return 0;
	}
	ret = orthros_reader_dentry_path(r, i.dentry, m->mount.root, m->path, sizeof(m->path));
	if (!ret) {
		full = kasprintf(GFP_KERNEL, "%s%s", strcmp(m->mount.path, "/") ?
				 m->mount.path : "", m->path);
		ret = full ? 0 : -ENOMEM;
	}
	if (!ret && !dry_run)
		ret = open_target(m, full, i.mode);
	if (!ret) {
		m->size = i.size;
		ret = orthros_reader_folios(r, i.mapping, 1U << 24, copy_folio, m);
		if (ret == -EUCLEAN) {
			/* Damaged folios were skipped (logged); keep the rest. */
			pr_err("%s: some of its pages were damaged and are lost\n", full);
			m->damaged++;
			ret = 0;
		}
	}
	if (!ret && m->file && i_size_read(file_inode(m->file)) != i.size) {
		ret = vfs_truncate(&m->file->f_path, i.size);
		m->resized += !ret;
	}
	if (!ret && m->file) {
		u64 start = ktime_get_ns();

		ret = vfs_fsync(m->file, 0);
		m->sync_ns += ktime_get_ns() - start;
	}
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

/* Is the primary's mount @m also a mount of the same file system type here? */
static bool mounted_here(const struct orthros_mount_info *mi)
{
	struct path path;
	bool same;

	if (kern_path(mi->path, LOOKUP_FOLLOW, &path))
		return false;
	same = path.dentry == path.mnt->mnt_root &&
	       !strcmp(path.mnt->mnt_sb->s_type->name, mi->fstype) &&
	       path.mnt->mnt_sb->s_bdev;
	path_put(&path);
	return same;
}

static int migrate_mount(struct orthros_reader *r, u64 mnt, void *arg)
{
	struct migration *m = arg;
	u64 bdev;

	if (orthros_reader_mount(r, mnt, &m->mount) ||
	    orthros_reader_ptr(r, m->mount.sb, "super_block.s_bdev", &bdev)) {
		m->skipped++;
		return 0;
	}
	if (!bdev)
		return 0;	/* not on a block device: nothing to keep */
	if (!mounted_here(&m->mount)) {
		pr_err("%s (%s on %s): not mounted here; its cache is not migrated\n",
		       m->mount.path, m->mount.fstype, m->mount.dev);
		m->skipped++;
		return 0;
	}
	m->mounts++;
	if (orthros_reader_inodes(r, m->mount.sb, migrate_inode, m))
		m->skipped++;
	return 0;
}

static int __init orthros_pagecache_init(void)
{
	struct migration *m;
	u64 start = ktime_get_ns();
	int ret;

	m = kzalloc(sizeof(*m), GFP_KERNEL);
	if (!m)
		return -ENOMEM;
	m->page = kmalloc(PAGE_SIZE, GFP_KERNEL);
	m->r = orthros_reader_open();
	ret = !m->page ? -ENOMEM : IS_ERR(m->r) ? PTR_ERR(m->r) : 0;
	if (!ret)
		ret = orthros_reader_lookup(m->r, "NUMBER(page_size)", &m->page_size) ?:
		      orthros_reader_lookup(m->r, "NUMBER(page_offset_base)",
					    &m->page_offset_base);
	if (!ret && m->page_size != PAGE_SIZE) {
		pr_err("the primary's page size %llu is not ours\n", m->page_size);
		ret = -EINVAL;
	}
	if (!ret)
		ret = orthros_reader_mounts(m->r, migrate_mount, m);
	if (!ret) {
		u64 total_ns = ktime_get_ns() - start;

		/* Notice level: a takeover's outcome belongs on the console. */
		pr_notice("%s%u mounts, %u files (%u created, %u resized), %llu pages copied, %llu bytes written, %u damaged, %u skipped\n",
			dry_run ? "dry run: " : "", m->mounts, m->files, m->created_files,
			m->resized, m->pages, m->bytes, m->damaged, m->skipped);
		pr_notice("copied in %llu us, fsynced in %llu us\n",
			(total_ns - m->sync_ns) / NSEC_PER_USEC, m->sync_ns / NSEC_PER_USEC);
	}
	orthros_reader_close(m->r);
	kfree(m->page);
	kfree(m);
	return ret;
}

static void __exit orthros_pagecache_exit(void)
{
}

module_init(orthros_pagecache_init);
module_exit(orthros_pagecache_exit);
MODULE_DESCRIPTION("Orthros: migrate a fenced primary's dirty file cache into the backup");
MODULE_LICENSE("GPL");
