// SPDX-License-Identifier: GPL-2.0-only
/*
 * Orthros file-cache migration: the primary's names, when its journal
 * could not be finished.
 *
 * orthros_journal normally gives the backup the primary's metadata
 * whole.  When it cannot (a panic struck while a task was inside a
 * metadata change), the disk holds the last commit, and this pass
 * carries the names the primary changed since, from its dentry cache:
 * for every cached directory whose ext4 transaction ids are newer than
 * the last commit, each entry on the disk is checked against the
 * primary: a name the primary knows as deleted (a negative or unhashed
 * dentry, or an inode with no links left) is removed; a name whose inode
 * the primary has under another name (renamed, over a file or not, files
 * and directories alike) is renamed there; then directories, symbolic
 * links and extra hard links the primary has and the disk lacks are
 * made, and changed directories get the primary's mode and owner.
 * Regular files are then written by the data pass (migrate.c).
 *
 * What the dentry cache does not hold cannot be carried: a name deleted
 * whose negative dentry was reclaimed, the old name of an inode that was
 * renamed and then evicted.  Each decision is logged.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/err.h>
#include <linux/fcntl.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/mount.h>
#include <linux/namei.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/xarray.h>

#include "pagecache.h"

#define MAX_CHILDREN	4096
#define MAX_DEPTH	32

struct child {
	char name[ORTHROS_READER_NAME_MAX];
	u64 dentry;
	struct orthros_inode_info i;	/* i.inode 0: negative */
	bool hashed;
};

struct names {
	struct migration *m;
	struct orthros_reader *r;
	struct xarray inodes;		/* ino -> the primary's cached inode */
	char path[PATH_MAX];		/* the backup's path being walked */
	char other[PATH_MAX];
	struct child *kids;		/* while collecting one directory's */
	unsigned int nr_kids;
};

/**
 * orthros_pagecache_changed() - did an ext4 inode change after a commit?
 * @r: the reader
 * @inode: the primary's inode
 * @commit: the journal's last committed transaction
 *
 * Return: true if its metadata or data changed in a later transaction (or
 * the ids cannot be read: assume it did).
 */
bool orthros_pagecache_changed(struct orthros_reader *r, u64 inode, u32 commit)
{
	struct orthros_ext4_inode e;

	if (orthros_reader_ext4_inode(r, inode, &e))
		return true;
	return (s32)(e.sync_tid - commit) > 0 || (s32)(e.datasync_tid - commit) > 0;
}

/**
 * orthros_pagecache_make_parents() - create the directories on the way to a path
 * @full: absolute path (modified while running, restored)
 *
 * Missing directories get mode 0755: their own mode follows, if the
 * primary has them cached, from the names pass.
 *
 * Return: 0 or a negative errno.
 */
int orthros_pagecache_make_parents(char *full)
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

/* Is there something at @path here?  Its inode number and generation. */
static bool here(const char *path, u64 *ino, u32 *generation)
{
	struct path p;
	bool positive;

	if (kern_path(path, 0, &p))
		return false;
	positive = d_really_is_positive(p.dentry);
	if (positive) {
		*ino = d_inode(p.dentry)->i_ino;
		*generation = d_inode(p.dentry)->i_generation;
	}
	path_put(&p);
	return positive;
}

/* Is @path here the primary's inode @i (not a reused inode number)? */
static bool same_inode_here(const char *path, const struct orthros_inode_info *i)
{
	u32 generation;
	u64 ino;

	return here(path, &ino, &generation) && ino == i->ino && generation == i->generation;
}

static bool is_dir_here(const char *path)
{
	struct path p;
	bool dir;

	if (kern_path(path, 0, &p))
		return false;
	dir = d_is_dir(p.dentry);
	path_put(&p);
	return dir;
}

/* Look up @path's last component with its parent locked. */
static struct dentry *lookup_locked(const char *path, struct path *parent)
{
	const char *name = strrchr(path, '/') + 1;
	char *dir = kstrndup(path, max_t(long, name - path - 1, 1), GFP_KERNEL);
	struct dentry *dentry;
	int ret;

	if (!dir)
		return ERR_PTR(-ENOMEM);
	ret = kern_path(dir, LOOKUP_DIRECTORY, parent);
	kfree(dir);
	if (ret)
		return ERR_PTR(ret);
	inode_lock_nested(d_inode(parent->dentry), I_MUTEX_PARENT);
	dentry = lookup_one_len(name, parent->dentry, strlen(name));
	if (IS_ERR(dentry)) {
		inode_unlock(d_inode(parent->dentry));
		path_put(parent);
	}
	return dentry;
}

static void unlock_parent(struct path *parent, struct dentry *dentry)
{
	dput(dentry);
	inode_unlock(d_inode(parent->dentry));
	path_put(parent);
}

struct listing {
	struct dir_context ctx;
	struct { char name[ORTHROS_READER_NAME_MAX]; } *e;
	unsigned int nr, max;
};

static bool list_one(struct dir_context *ctx, const char *name, int len, loff_t pos, u64 ino,
		     unsigned int type)
{
	struct listing *l = container_of(ctx, struct listing, ctx);

	if ((len == 1 && name[0] == '.') || (len == 2 && name[0] == '.' && name[1] == '.'))
		return true;
	if (l->nr == l->max || len >= ORTHROS_READER_NAME_MAX)
		return false;
	memcpy(l->e[l->nr].name, name, len);
	l->e[l->nr++].name[len] = '\0';
	return true;
}

/* The entries of the backup's directory @path (without . and ..). */
static int list_dir(const char *path, struct listing *l)
{
	struct file *dir = filp_open(path, O_RDONLY | O_DIRECTORY, 0);
	int ret;

	l->nr = 0;
	l->ctx.actor = list_one;
	l->ctx.pos = 0;
	if (IS_ERR(dir))
		return PTR_ERR(dir);
	ret = iterate_dir(dir, &l->ctx);
	fput(dir);
	if (!ret && l->nr == l->max)
		ret = -E2BIG;
	return ret;
}

/* Remove @path here, a directory with everything in it. */
static int remove_tree(struct names *n, char *path, int depth)
{
	struct path parent;
	struct dentry *dentry;
	int ret = 0;

	if (depth > MAX_DEPTH)
		return -ELOOP;
	if (is_dir_here(path)) {
		struct listing l = { .max = MAX_CHILDREN };
		size_t len = strlen(path);
		unsigned int i;

		l.e = kvmalloc_array(l.max, sizeof(*l.e), GFP_KERNEL);
		ret = l.e ? list_dir(path, &l) : -ENOMEM;
		for (i = 0; !ret && i < l.nr; i++) {
			if (len + strlen(l.e[i].name) + 2 > PATH_MAX) {
				ret = -ENAMETOOLONG;
				break;
			}
			sprintf(path + len, "/%s", l.e[i].name);
			ret = remove_tree(n, path, depth + 1);
			path[len] = '\0';
		}
		kvfree(l.e);
		if (ret)
			return ret;
	}
	dentry = lookup_locked(path, &parent);
	if (IS_ERR(dentry))
		return PTR_ERR(dentry);
	if (d_is_negative(dentry))
		ret = -ENOENT;
	else if (d_is_dir(dentry))
		ret = vfs_rmdir(mnt_idmap(parent.mnt), d_inode(parent.dentry), dentry);
	else
		ret = vfs_unlink(mnt_idmap(parent.mnt), d_inode(parent.dentry), dentry, NULL);
	unlock_parent(&parent, dentry);
	return ret;
}

/* Rename @from to @to here, over what is at @to. */
static int rename_here(char *from, char *to)
{
	const char *from_name = strrchr(from, '/') + 1, *to_name = strrchr(to, '/') + 1;
	struct path from_dir, to_dir;
	struct dentry *trap, *old, *new;
	struct renamedata rd = {};
	int ret;

	ret = orthros_pagecache_make_parents(to);
	if (ret)
		return ret;
	from[from_name - from - 1] = '\0';
	to[to_name - to - 1] = '\0';
	ret = kern_path(from_name - 1 == from ? "/" : from, LOOKUP_DIRECTORY, &from_dir);
	if (!ret) {
		ret = kern_path(to_name - 1 == to ? "/" : to, LOOKUP_DIRECTORY, &to_dir);
		if (ret)
			path_put(&from_dir);
	}
	from[from_name - from - 1] = '/';
	to[to_name - to - 1] = '/';
	if (ret)
		return ret;
	if (from_dir.mnt != to_dir.mnt) {
		ret = -EXDEV;
		goto out;
	}
	trap = lock_rename(to_dir.dentry, from_dir.dentry);
	if (IS_ERR(trap)) {
		ret = PTR_ERR(trap);
		goto out;
	}
	old = lookup_one_len(from_name, from_dir.dentry, strlen(from_name));
	ret = PTR_ERR_OR_ZERO(old);
	if (!ret) {
		new = lookup_one_len(to_name, to_dir.dentry, strlen(to_name));
		ret = PTR_ERR_OR_ZERO(new);
		if (!ret) {
			if (d_is_negative(old))
				ret = -ENOENT;
			else if (old == trap || new == trap)
				ret = -EINVAL;	/* into itself */
			if (!ret) {
				rd.old_mnt_idmap = mnt_idmap(from_dir.mnt);
				rd.old_dir = d_inode(from_dir.dentry);
				rd.old_dentry = old;
				rd.new_mnt_idmap = mnt_idmap(to_dir.mnt);
				rd.new_dir = d_inode(to_dir.dentry);
				rd.new_dentry = new;
				ret = vfs_rename(&rd);
			}
			dput(new);
		}
		dput(old);
	}
	unlock_rename(to_dir.dentry, from_dir.dentry);
out:
	path_put(&from_dir);
	path_put(&to_dir);
	return ret;
}

/* The backup's path of the primary's dentry @d into @out ("" if none). */
static int primary_path(struct names *n, u64 d, char *out)
{
	const char *mnt = strcmp(n->m->mount.path, "/") ? n->m->mount.path : "";
	size_t len = strlen(mnt);
	int ret;

	strscpy(out, mnt, PATH_MAX);
	ret = orthros_reader_dentry_path(n->r, d, n->m->mount.root, out + len, PATH_MAX - len);
	if (!ret && !out[len])
		strscpy(out + len, "/", PATH_MAX - len);
	return ret;
}

/* A hashed name of @inode (the first): its backup path in @n->other. */
static int find_hashed_alias(struct orthros_reader *r, u64 dentry, void *arg)
{
	struct names *n = arg;
	struct orthros_dentry_info di;

	if (orthros_reader_dentry(r, dentry, &di) || !di.hashed)
		return 0;
	return primary_path(n, dentry, n->other) ? 0 : 1;
}

static const struct child *find_child(const struct names *n, const char *name)
{
	const struct child *found = NULL;
	unsigned int i;

	/* A deleted, still open file and a new one may share a name. */
	for (i = 0; i < n->nr_kids; i++)
		if (!strcmp(n->kids[i].name, name) && (!found || n->kids[i].hashed))
			found = &n->kids[i];
	return found;
}

/*
 * One entry @path of a directory the primary changed: keep it, remove
 * it, or rename it where the primary has its inode.
 */
static void reconcile_entry(struct names *n, char *path)
{
	const struct child *k = find_child(n, strrchr(path, '/') + 1);
	struct orthros_inode_info i;
	bool known = false;
	u32 generation;
	void *inode;
	u64 ino;
	int ret;

	if (!here(path, &ino, &generation))
		return;
	if (k && k->hashed && k->i.inode && k->i.ino == ino && k->i.generation == generation)
		return;		/* the same file, under the same name */
	/* The primary's inode of that number, if it is the same inode. */
	inode = xa_load(&n->inodes, ino);
	if (inode && !orthros_reader_inode(n->r, (unsigned long)inode, &i))
		known = i.generation == generation;
	if (known && i.nlink && (i.nlink == 1 || S_ISDIR(i.mode)) &&
	    orthros_reader_inode_aliases(n->r, i.inode, find_hashed_alias, n) == 1) {
		if (!strcmp(n->other, path))
			return;
		ret = rename_here(path, n->other);
		pr_notice("%s: renamed to %s, as in the primary (%d)\n", path, n->other, ret);
		n->m->renamed += !ret;
		return;
	}
	/*
	 * Gone in the primary: a negative or unhashed dentry, another inode
	 * under the name, this inode without links, or its number reused.
	 */
	if (k || (known && !i.nlink) || (inode && !known)) {
		ret = remove_tree(n, path, 0);
		pr_notice("%s: removed, as in the primary (%d)\n", path, ret);
		n->m->removed += !ret;
	}
	/* Otherwise the primary does not know the name: it did not change. */
}

static int reconcile_listing(struct names *n)
{
	struct listing l = { .max = MAX_CHILDREN };
	size_t len = strlen(n->path);
	unsigned int i;
	int ret;

	l.e = kvmalloc_array(l.max, sizeof(*l.e), GFP_KERNEL);
	if (!l.e)
		return -ENOMEM;
	ret = list_dir(n->path, &l);
	if (ret == -ENOENT)
		ret = 0;	/* made below */
	for (i = 0; !ret && i < l.nr; i++) {
		if (len + strlen(l.e[i].name) + 2 > PATH_MAX)
			continue;
		sprintf(n->path + len, "%s%s", len > 1 ? "/" : "", l.e[i].name);
		reconcile_entry(n, n->path);
		n->path[len] = '\0';
	}
	kvfree(l.e);
	return ret;
}

static int collect_child(struct orthros_reader *r, u64 dentry, void *arg)
{
	struct names *n = arg;
	struct orthros_dentry_info di;
	struct child *k;

	if (n->nr_kids == MAX_CHILDREN)
		return -E2BIG;
	if (orthros_reader_dentry(r, dentry, &di))
		return 0;	/* logged */
	k = &n->kids[n->nr_kids];
	memset(k, 0, sizeof(*k));
	strscpy(k->name, di.name, sizeof(k->name));
	k->dentry = dentry;
	k->hashed = di.hashed;
	if (di.inode && orthros_reader_inode(r, di.inode, &k->i))
		return 0;	/* logged */
	n->nr_kids++;
	return 0;
}

static int find_first_page(struct orthros_reader *r, const struct orthros_folio_info *f,
			   void *arg)
{
	if (f->index)
		return 0;
	*(struct orthros_folio_info *)arg = *f;
	return 1;
}

/* The target of the primary's symbolic link @i, NUL-terminated in @buf. */
static int link_target(struct names *n, const struct orthros_inode_info *i, char *buf)
{
	struct orthros_folio_info first;

	if (i->size >= PATH_MAX)
		return -ENAMETOOLONG;
	if (i->link)
		return orthros_reader_read(n->r, i->link, buf, i->size) ?: (buf[i->size] = '\0', 0);
	/* A long target lives in the link's first page. */
	if (orthros_reader_folios(n->r, i->mapping, 1, find_first_page, &first) != 1)
		return -ENODATA;
	return orthros_reader_folio_read(n->r, &first, 0, buf, i->size) ?:
	       (buf[i->size] = '\0', 0);
}

static int link_here(const char *target, const char *path)
{
	struct path existing, parent;
	struct dentry *dentry;
	int ret;

	ret = kern_path(target, 0, &existing);
	if (ret)
		return ret;
	dentry = kern_path_create(AT_FDCWD, path, &parent, 0);
	ret = PTR_ERR_OR_ZERO(dentry);
	if (!ret) {
		ret = vfs_link(existing.dentry, mnt_idmap(parent.mnt), d_inode(parent.dentry),
			       dentry, NULL);
		done_path_create(&parent, dentry);
	}
	path_put(&existing);
	return ret;
}

struct linked_alias {
	struct names *n;
	const struct orthros_inode_info *i;
};

/* Another hashed name of the inode that the backup has: in n->other. */
static int find_linked_alias(struct orthros_reader *r, u64 dentry, void *arg)
{
	struct linked_alias *a = arg;
	struct orthros_dentry_info di;

	if (orthros_reader_dentry(r, dentry, &di) || !di.hashed ||
	    primary_path(a->n, dentry, a->n->other))
		return 0;
	return strcmp(a->n->other, a->n->path) && same_inode_here(a->n->other, a->i);
}

/*
 * The primary's attributes on @path here: a link made here, with its
 * times; a changed directory, without (they change as we go).
 */
static void set_path_attrs(const char *path, const struct orthros_inode_info *i, bool times)
{
	struct path p;

	if (kern_path(path, 0, &p))
		return;
	if (orthros_pagecache_set_attrs(&p, i, times))
		pr_err("%s: the primary's owner, mode or times not set\n", path);
	path_put(&p);
}

/* Make what the primary has under @n->path and the disk lacks. */
static int make_missing(struct names *n, const struct child *k)
{
	const struct orthros_inode_info *i = &k->i;
	struct linked_alias alias = { .n = n, .i = i };
	struct path parent;
	struct dentry *dentry;
	u32 generation;
	char *target;
	u64 ino;
	int ret;

	if (here(n->path, &ino, &generation))
		return 0;
	if (S_ISREG(i->mode)) {
		if (i->nlink < 2 ||
		    orthros_reader_inode_aliases(n->r, i->inode, find_linked_alias, &alias) != 1)
			return 0;	/* the data pass makes it */
		ret = link_here(n->other, n->path);
		pr_notice("%s: linked to %s, as in the primary (%d)\n", n->path, n->other, ret);
		return ret;
	}
	if (!S_ISDIR(i->mode) && !S_ISLNK(i->mode))
		return 0;	/* devices, fifos, sockets: not carried */
	ret = orthros_pagecache_make_parents(n->path);
	if (ret)
		return ret;
	dentry = kern_path_create(AT_FDCWD, n->path, &parent, S_ISDIR(i->mode) ?
				  LOOKUP_DIRECTORY : 0);
	if (IS_ERR(dentry))
		return PTR_ERR(dentry);
	if (S_ISDIR(i->mode)) {
		ret = vfs_mkdir(mnt_idmap(parent.mnt), d_inode(parent.dentry), dentry,
				i->mode & 07777);
	} else {
		target = kmalloc(PATH_MAX, GFP_KERNEL);
		ret = target ? link_target(n, i, target) : -ENOMEM;
		if (!ret)
			ret = vfs_symlink(mnt_idmap(parent.mnt), d_inode(parent.dentry), dentry,
					  target);
		kfree(target);
	}
	done_path_create(&parent, dentry);
	if (!ret && S_ISLNK(i->mode))
		set_path_attrs(n->path, i, true);
	pr_notice("%s: made, as in the primary (%d)\n", n->path, ret);
	n->m->made += !ret;
	return ret;
}

static int walk_dir(struct names *n, u64 dir, u64 dir_inode, int depth)
{
	size_t len = strlen(n->path);
	struct child *kids;
	unsigned int i, nr;
	int ret;

	if (depth > MAX_DEPTH) {
		pr_err("%s: deeper than %d directories; not walked\n", n->path, MAX_DEPTH);
		return 0;
	}
	n->nr_kids = 0;
	ret = orthros_reader_dentry_children(n->r, dir, MAX_CHILDREN, collect_child, n);
	if (ret) {
		pr_err("%s: the primary's cached entries cannot all be read (%d)\n", n->path, ret);
		return 0;
	}
	if (orthros_pagecache_changed(n->r, dir_inode, n->m->commit_sequence)) {
		ret = reconcile_listing(n);
		if (ret)
			pr_err("%s: not compared with the primary (%d)\n", n->path, ret);
	}
	/* The recursion below reuses n->kids: keep this level's. */
	nr = n->nr_kids;
	kids = kvmemdup(n->kids, nr * sizeof(*kids), GFP_KERNEL);
	if (!kids)
		return -ENOMEM;
	for (i = 0; i < nr; i++) {
		const struct child *k = &kids[i];

		if (!k->hashed || !k->i.inode || len + strlen(k->name) + 2 > PATH_MAX)
			continue;
		sprintf(n->path + len, "%s%s", len > 1 ? "/" : "", k->name);
		make_missing(n, k);
		if (S_ISDIR(k->i.mode)) {
			if (orthros_pagecache_changed(n->r, k->i.inode, n->m->commit_sequence))
				set_path_attrs(n->path, &k->i, false);
			walk_dir(n, k->dentry, k->i.inode, depth + 1);
		}
		n->path[len] = '\0';
	}
	kvfree(kids);
	return 0;
}

static int index_inode(struct orthros_reader *r, u64 inode, void *arg)
{
	struct names *n = arg;
	struct orthros_inode_info i;

	if (orthros_reader_inode(r, inode, &i))
		return 0;
	return xa_err(xa_store(&n->inodes, i.ino, (void *)(unsigned long)inode, GFP_KERNEL));
}

/**
 * orthros_pagecache_names() - carry the names the primary changed since its last commit
 * @m: the migration, at one mount whose journal was not finished
 * @r: the reader
 *
 * Return: 0, or a negative errno (logged) if the pass could not run.
 */
int orthros_pagecache_names(struct migration *m, struct orthros_reader *r)
{
	struct names *n = kvzalloc(sizeof(*n), GFP_KERNEL);
	u64 root_inode;
	int ret;

	if (!n)
		return -ENOMEM;
	n->m = m;
	n->r = r;
	xa_init(&n->inodes);
	n->kids = kvmalloc_array(MAX_CHILDREN, sizeof(*n->kids), GFP_KERNEL);
	strscpy(n->path, m->mount.path, sizeof(n->path));
	ret = n->kids ? orthros_reader_inodes(r, m->mount.sb, index_inode, n) : -ENOMEM;
	if (!ret)
		ret = orthros_reader_dentry_inode(r, m->mount.root, &root_inode);
	if (!ret)
		ret = walk_dir(n, m->mount.root, root_inode, 0);
	if (ret)
		pr_err("%s: the primary's names were not carried (%d)\n", m->mount.path, ret);
	xa_destroy(&n->inodes);
	kvfree(n->kids);
	kvfree(n);
	return ret;
}
