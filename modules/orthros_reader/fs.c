// SPDX-License-Identifier: GPL-2.0-only
/*
 * Orthros reader: the primary's file systems: its mounts (of init's mount
 * namespace), their inodes, dentries and paths.
 */
#include "internal.h"

#define MAX_DEPTH	64
#define MAX_MOUNTS	10000
#define MAX_INODES	10000000
#define MAX_ALIASES	1024
#define MAX_WBS		100000	/* a bdi's writeback contexts: one per cgroup */

static const struct orthros_entry entries[] = {
	ORTHROS_ENTRY("SYMBOL(init_task)", fs.init_task),
	ORTHROS_ENTRY("OFFSET(task_struct.nsproxy)", fs.nsproxy),
	ORTHROS_ENTRY("OFFSET(nsproxy.mnt_ns)", fs.mnt_ns),
	/* A namespace's mounts: an rbtree, or a list (6.1). */
	ORTHROS_ENTRY_ALT("OFFSET(mnt_namespace.mounts)", fs.ns_mounts),
	ORTHROS_ENTRY_ALT("OFFSET(mount.mnt_node)", fs.mnt_node),
	ORTHROS_ENTRY_ALT("OFFSET(mnt_namespace.list)", fs.ns_list),
	ORTHROS_ENTRY_ALT("OFFSET(mount.mnt_list)", fs.mnt_list),
	ORTHROS_ENTRY("OFFSET(rb_root.rb_node)", fs.rb_node),
	ORTHROS_ENTRY("OFFSET(rb_node.rb_left)", fs.rb_left),
	ORTHROS_ENTRY("OFFSET(rb_node.rb_right)", fs.rb_right),
	ORTHROS_ENTRY("OFFSET(mount.mnt)", fs.mnt),
	ORTHROS_ENTRY("OFFSET(mount.mnt_parent)", fs.mnt_parent),
	ORTHROS_ENTRY("OFFSET(mount.mnt_mountpoint)", fs.mnt_mountpoint),
	ORTHROS_ENTRY("OFFSET(mount.mnt_devname)", fs.mnt_devname),
	ORTHROS_ENTRY("OFFSET(vfsmount.mnt_root)", fs.mnt_root),
	ORTHROS_ENTRY("OFFSET(vfsmount.mnt_sb)", fs.mnt_sb),
	ORTHROS_ENTRY("OFFSET(super_block.s_type)", fs.s_type),
	ORTHROS_ENTRY("OFFSET(super_block.s_bdev)", fs.s_bdev),
	ORTHROS_ENTRY("OFFSET(super_block.s_inodes)", fs.s_inodes),
	ORTHROS_ENTRY("OFFSET(file_system_type.name)", fs.fs_name),
	ORTHROS_ENTRY("OFFSET(inode.i_mode)", fs.i_mode),
	ORTHROS_ENTRY("OFFSET(inode.i_ino)", fs.i_ino),
	ORTHROS_ENTRY("OFFSET(inode.i_size)", fs.i_size),
	ORTHROS_ENTRY("OFFSET(inode.i_mapping)", fs.i_mapping),
	ORTHROS_ENTRY("OFFSET(inode.i_sb_list)", fs.i_sb_list),
	ORTHROS_ENTRY("OFFSET(inode.i_dentry)", fs.i_dentry),
	ORTHROS_ENTRY("OFFSET(inode.i_uid)", fs.i_uid),
	ORTHROS_ENTRY("OFFSET(inode.i_gid)", fs.i_gid),
	ORTHROS_ENTRY("OFFSET(inode.__i_nlink)", fs.i_nlink),
	ORTHROS_ENTRY("OFFSET(inode.i_generation)", fs.i_generation),
	ORTHROS_ENTRY("OFFSET(inode.i_link)", fs.i_link),
	ORTHROS_ENTRY("OFFSET(inode.i_atime_sec)", fs.i_atime_sec),
	ORTHROS_ENTRY("OFFSET(inode.i_atime_nsec)", fs.i_atime_nsec),
	ORTHROS_ENTRY("OFFSET(inode.i_mtime_sec)", fs.i_mtime_sec),
	ORTHROS_ENTRY("OFFSET(inode.i_mtime_nsec)", fs.i_mtime_nsec),
	ORTHROS_ENTRY("OFFSET(address_space.host)", fs.as_host),
	ORTHROS_ENTRY("OFFSET(address_space.nrpages)", fs.as_nrpages),
	ORTHROS_ENTRY("OFFSET(dentry.d_parent)", fs.d_parent),
	ORTHROS_ENTRY("OFFSET(dentry.d_name)", fs.d_name),
	ORTHROS_ENTRY("OFFSET(dentry.d_inode)", fs.d_inode),
	/* A directory's dentries: an hlist, or a list (6.1). */
	ORTHROS_ENTRY_ALT("OFFSET(dentry.d_sib)", fs.d_sib),
	ORTHROS_ENTRY_ALT("OFFSET(dentry.d_children)", fs.d_children),
	ORTHROS_ENTRY_ALT("OFFSET(dentry.d_child)", fs.d_child),
	ORTHROS_ENTRY_ALT("OFFSET(dentry.d_subdirs)", fs.d_subdirs),
	ORTHROS_ENTRY("OFFSET(dentry.d_u)", fs.d_u),
	ORTHROS_ENTRY("OFFSET(dentry.d_hash)", fs.d_hash),
	ORTHROS_ENTRY("OFFSET(qstr.len)", fs.qstr_len),
	ORTHROS_ENTRY("OFFSET(qstr.name)", fs.qstr_name),
	ORTHROS_ENTRY("OFFSET(hlist_bl_node.pprev)", fs.bl_pprev),
	/* Where the inodes with unwritten data are (optional). */
	ORTHROS_ENTRY_ALT("OFFSET(super_block.s_bdi)", fs.s_bdi),
	ORTHROS_ENTRY_ALT("OFFSET(super_block.s_inodes_wb)", fs.s_inodes_wb),
	ORTHROS_ENTRY_ALT("OFFSET(super_block.s_inode_wblist_lock)", fs.s_inode_wblist_lock),
	ORTHROS_ENTRY_ALT("OFFSET(backing_dev_info.wb_list)", fs.bdi_wb_list),
	ORTHROS_ENTRY_ALT("OFFSET(bdi_writeback.bdi_node)", fs.wb_bdi_node),
	ORTHROS_ENTRY_ALT("OFFSET(bdi_writeback.b_dirty)", fs.wb_b_dirty),
	ORTHROS_ENTRY_ALT("OFFSET(bdi_writeback.b_io)", fs.wb_b_io),
	ORTHROS_ENTRY_ALT("OFFSET(bdi_writeback.b_more_io)", fs.wb_b_more_io),
	ORTHROS_ENTRY_ALT("OFFSET(bdi_writeback.list_lock)", fs.wb_list_lock),
	ORTHROS_ENTRY_ALT("OFFSET(inode.i_io_list)", fs.i_io_list),
	ORTHROS_ENTRY_ALT("OFFSET(inode.i_wb_list)", fs.i_wb_list),
	ORTHROS_ENTRY_ALT("OFFSET(inode.i_sb)", fs.i_sb),
};

static bool have(u64 a, u64 b)
{
	return a != ORTHROS_NO_ENTRY && b != ORTHROS_NO_ENTRY;
}

/* The mounts are an rbtree (mnt_namespace.mounts), else a list. */
static bool mounts_in_tree(const struct orthros_layout_fs *l)
{
	return have(l->ns_mounts, l->mnt_node);
}

/* A directory's dentries are an hlist (dentry.d_children), else a list. */
static bool children_in_hlist(const struct orthros_layout_fs *l)
{
	return have(l->d_children, l->d_sib);
}

static const char *check(const struct orthros_layout *l)
{
	const struct orthros_layout_fs *f = &l->fs;

	if (!mounts_in_tree(f) && !have(f->ns_list, f->mnt_list))
		return "no way to the mounts: neither OFFSET(mnt_namespace.mounts) with OFFSET(mount.mnt_node) nor OFFSET(mnt_namespace.list) with OFFSET(mount.mnt_list)";
	if (!children_in_hlist(f) && !have(f->d_subdirs, f->d_child))
		return "no way to a directory's dentries: neither OFFSET(dentry.d_children) with OFFSET(dentry.d_sib) nor OFFSET(dentry.d_subdirs) with OFFSET(dentry.d_child)";
	return NULL;
}

const struct orthros_subject orthros_fs_subject = {
	.name = "file systems",
	.entries = entries,
	.nr_entries = ARRAY_SIZE(entries),
	.implies = ORTHROS_NEED_LISTS,
	.check = check,
};

/* The name of dentry @d into @name (NUL-terminated, 256 bytes). */
static int read_dentry_name(struct orthros_reader *r, u64 d, char *name, u32 *name_len)
{
	const struct orthros_layout_fs *l = &r->l.fs;
	u64 name_ptr;

	if (orthros_reader_read(r, d + l->d_name + l->qstr_len, name_len, sizeof(*name_len)) ||
	    orthros_read_u64(r, d + l->d_name + l->qstr_name, &name_ptr))
		return -EFAULT;
	if (*name_len >= ORTHROS_READER_NAME_MAX) {
		ORTHROS_LOG("dentry %#llx: name of %u bytes", (unsigned long long)d, *name_len);
		return -ENAMETOOLONG;
	}
	if (orthros_reader_read(r, name_ptr, name, *name_len))
		return -EFAULT;
	if (memchr(name, '/', *name_len) || memchr(name, '\0', *name_len)) {
		ORTHROS_LOG("dentry %#llx: name contains '/' or NUL", (unsigned long long)d);
		return -EUCLEAN;
	}
	name[*name_len] = '\0';
	return 0;
}

/* "/name" of dentry @d, prepended to @path (of size @len). */
static int prepend_name(struct orthros_reader *r, u64 d, char *path, size_t len)
{
	char name[ORTHROS_READER_NAME_MAX];
	size_t have = strlen(path);
	u32 name_len;
	int ret;

	ret = read_dentry_name(r, d, name, &name_len);
	if (ret)
		return ret;
	if (have + name_len + 2 > len) {
		ORTHROS_LOG("dentry %#llx: path longer than %zu bytes", (unsigned long long)d, len);
		return -ENAMETOOLONG;
	}
	memmove(path + name_len + 1, path, have + 1);
	path[0] = '/';
	memcpy(path + 1, name, name_len);
	return 0;
}

/* Is dentry @d hashed (a name), or unhashed (deleted while in use)? */
static int read_hashed(struct orthros_reader *r, u64 d, bool *hashed)
{
	u64 pprev;
	int ret = orthros_read_u64(r, d + r->l.fs.d_hash + r->l.fs.bl_pprev, &pprev);

	*hashed = pprev != 0;
	return ret;
}

/**
 * orthros_reader_dentry() - one of the primary's dentries
 * @r: the reader
 * @d: its address
 * @di: filled in: its name, inode (0: negative, the name does not exist)
 *	and whether it is hashed (unhashed: deleted while in use)
 *
 * Return: 0, or a negative errno (logged).
 */
int orthros_reader_dentry(struct orthros_reader *r, u64 d, struct orthros_dentry_info *di)
{
	u32 name_len;

	memset(di, 0, sizeof(*di));
	di->dentry = d;
	return orthros_reader_need(r, ORTHROS_NEED_FS) ?:
	       read_dentry_name(r, d, di->name, &name_len) ?:
	       orthros_read_u64(r, d + r->l.fs.d_inode, &di->inode) ?:
	       read_hashed(r, d, &di->hashed);
}
EXPORT_SYMBOL_GPL(orthros_reader_dentry);

/**
 * orthros_reader_dentry_inode() - the inode of one of the primary's dentries
 * @r: the reader
 * @d: the dentry (a root's too, whose name orthros_reader_dentry() refuses)
 * @inode: filled in; 0 for a negative dentry
 *
 * Return: 0, or a negative errno (logged).
 */
int orthros_reader_dentry_inode(struct orthros_reader *r, u64 d, u64 *inode)
{
	return orthros_reader_need(r, ORTHROS_NEED_FS) ?:
	       orthros_read_u64(r, d + r->l.fs.d_inode, inode);
}
EXPORT_SYMBOL_GPL(orthros_reader_dentry_inode);

struct children_walk {
	u64 parent;
	int (*fn)(struct orthros_reader *r, u64 child, void *arg);
	void *arg;
};

static int check_child(struct orthros_reader *r, u64 child, void *arg)
{
	struct children_walk *w = arg;
	u64 parent;
	int ret = orthros_read_u64(r, child + r->l.fs.d_parent, &parent);

	if (ret)
		return ret;
	if (parent != w->parent) {
		ORTHROS_LOG("dentry %#llx: a child of %#llx names %#llx as its parent",
			    (unsigned long long)child, (unsigned long long)w->parent,
			    (unsigned long long)parent);
		return -EUCLEAN;
	}
	return w->fn(r, child, w->arg);
}

/**
 * orthros_reader_dentry_children() - visit a directory dentry's cached children
 * @r: the reader
 * @dir: the directory's dentry
 * @max: at most this many
 * @fn: called with each child dentry (positive, negative or unhashed)
 * @arg: passed to @fn
 *
 * Return: 0, @fn's non-zero return, or a negative errno (logged).
 */
int orthros_reader_dentry_children(struct orthros_reader *r, u64 dir, unsigned int max,
				   int (*fn)(struct orthros_reader *r, u64 child, void *arg),
				   void *arg)
{
	const struct orthros_layout_fs *l = &r->l.fs;
	struct children_walk w = { .parent = dir, .fn = fn, .arg = arg };
	int ret = orthros_reader_need(r, ORTHROS_NEED_FS);

	if (ret)
		return ret;
	if (children_in_hlist(l))
		return orthros_hlist_walk(r, dir + l->d_children, l->d_sib, max, check_child, &w);
	return orthros_list_walk(r, dir + l->d_subdirs, l->d_child, "dentry.d_child", max,
				 check_child, &w);
}
EXPORT_SYMBOL_GPL(orthros_reader_dentry_children);

/**
 * orthros_reader_inode_aliases() - visit the dentries of an inode (its names)
 * @r: the reader
 * @inode: the inode
 * @fn: called with each alias dentry
 * @arg: passed to @fn
 *
 * Return: 0, @fn's non-zero return, or a negative errno (logged).
 */
int orthros_reader_inode_aliases(struct orthros_reader *r, u64 inode,
				 int (*fn)(struct orthros_reader *r, u64 dentry, void *arg),
				 void *arg)
{
	/* d_u.d_alias heads the union. */
	return orthros_reader_need(r, ORTHROS_NEED_FS) ?:
	       orthros_hlist_walk(r, inode + r->l.fs.i_dentry, r->l.fs.d_u, MAX_ALIASES,
				  fn, arg);
}
EXPORT_SYMBOL_GPL(orthros_reader_inode_aliases);

/* Prepend the names from @d up to @root (or the file system's root). */
static int prepend_dentry_path(struct orthros_reader *r, u64 d, u64 root, char *path,
			       size_t len)
{
	u64 dentry = d, parent;
	bool hashed;
	int depth, ret;

	for (depth = 0; depth < MAX_DEPTH && d != root; depth++) {
		ret = orthros_read_u64(r, d + r->l.fs.d_parent, &parent);
		if (ret)
			return ret;
		if (parent == d)	/* the file system's root */
			return 0;
		/* Unhashed: deleted (still open), so no longer a name. */
		ret = read_hashed(r, d, &hashed);
		if (ret)
			return ret;
		if (!hashed)
			return -ENOENT;
		ret = prepend_name(r, d, path, len);
		if (ret)
			return ret;
		d = parent;
	}
	if (depth < MAX_DEPTH)
		return 0;
	ORTHROS_LOG("dentry %#llx: more than %d levels deep; a cycle?",
		    (unsigned long long)dentry, MAX_DEPTH);
	return -ELOOP;
}

/**
 * orthros_reader_dentry_path() - the path of a dentry within its file system
 * @r: the reader
 * @dentry: the dentry
 * @root: where to stop (a mount's root dentry), or 0 for the file
 *	  system's own root (the dentry that is its own parent)
 * @path: filled with "/a/b" ("" for the root itself)
 * @len: size of @path
 *
 * Return: 0; -ENOENT (not logged) if a dentry on the way was deleted;
 * else a negative errno (logged).
 */
int orthros_reader_dentry_path(struct orthros_reader *r, u64 dentry, u64 root,
			       char *path, size_t len)
{
	if (!len)
		return -EINVAL;
	path[0] = '\0';
	return orthros_reader_need(r, ORTHROS_NEED_FS) ?:
	       prepend_dentry_path(r, dentry, root, path, len);
}
EXPORT_SYMBOL_GPL(orthros_reader_dentry_path);

/**
 * orthros_reader_file_path() - a dentry's path from the namespace's root
 * @r: the reader
 * @m: the mount it was found on
 * @dentry: the dentry
 * @path: filled with "/mount/path/a/b"
 * @len: size of @path
 *
 * Return: as orthros_reader_dentry_path().
 */
int orthros_reader_file_path(struct orthros_reader *r, const struct orthros_mount_info *m,
			     u64 dentry, char *path, size_t len)
{
	size_t mount_len = strcmp(m->path, "/") ? strlen(m->path) : 0;

	if (mount_len >= len) {
		ORTHROS_LOG("mount %s: path longer than %zu bytes", m->path, len);
		return -ENAMETOOLONG;
	}
	memcpy(path, m->path, mount_len);
	return orthros_reader_dentry_path(r, dentry, m->root, path + mount_len, len - mount_len);
}
EXPORT_SYMBOL_GPL(orthros_reader_file_path);

/**
 * orthros_reader_mount_path() - where a mount is, from the namespace's root
 * @r: the reader
 * @mnt: address of the struct mount
 * @path: filled with "/a/b", or "/" for the root mount
 * @len: size of @path
 *
 * Return: 0, or a negative errno (logged).
 */
int orthros_reader_mount_path(struct orthros_reader *r, u64 mnt, char *path, size_t len)
{
	const struct orthros_layout_fs *l = &r->l.fs;
	u64 m = mnt, parent, mountpoint, root;
	int depth, ret;

	if (len < 2)
		return -EINVAL;
	path[0] = '\0';
	ret = orthros_reader_need(r, ORTHROS_NEED_FS);
	for (depth = 0; !ret && depth < MAX_DEPTH; depth++) {
		ret = orthros_read_u64(r, m + l->mnt_parent, &parent) ?:
		      orthros_read_u64(r, m + l->mnt_mountpoint, &mountpoint) ?:
		      orthros_read_u64(r, parent + l->mnt + l->mnt_root, &root);
		if (ret || parent == m)
			break;
		ret = prepend_dentry_path(r, mountpoint, root, path, len);
		m = parent;
	}
	if (!ret && depth == MAX_DEPTH) {
		ORTHROS_LOG("mount %#llx: more than %d mounts deep", (unsigned long long)mnt,
			    MAX_DEPTH);
		ret = -ELOOP;
	}
	if (!ret && !path[0]) {
		path[0] = '/';
		path[1] = '\0';
	}
	return ret;
}
EXPORT_SYMBOL_GPL(orthros_reader_mount_path);

struct mount_walk {
	int (*fn)(struct orthros_reader *r, u64 mnt, void *arg);
	void *arg;
	unsigned int count;
};

/* In-order walk of a namespace's rbtree of mounts, bounded. */
static int walk_mount_tree(struct orthros_reader *r, struct mount_walk *w, u64 node, int depth)
{
	u64 left, right;
	int ret;

	if (!node)
		return 0;
	if (depth > MAX_DEPTH || ++w->count > MAX_MOUNTS) {
		ORTHROS_LOG("the mount tree is deeper than %d or has more than %d mounts",
			    MAX_DEPTH, MAX_MOUNTS);
		return -ELOOP;
	}
	ret = orthros_read_u64(r, node + r->l.fs.rb_left, &left) ?:
	      orthros_read_u64(r, node + r->l.fs.rb_right, &right) ?:
	      walk_mount_tree(r, w, left, depth + 1) ?:
	      w->fn(r, node - r->l.fs.mnt_node, w->arg);
	return ret ?: walk_mount_tree(r, w, right, depth + 1);
}

/**
 * orthros_reader_mounts() - visit the mounts of the primary's first namespace
 * @r: the reader
 * @fn: called with each struct mount's address, in the namespace's order
 *	(its tree's, or its list's where the mounts are a list)
 * @arg: passed to @fn
 *
 * Return: 0, @fn's non-zero return, or a negative errno (logged).
 */
int orthros_reader_mounts(struct orthros_reader *r,
			  int (*fn)(struct orthros_reader *r, u64 mnt, void *arg), void *arg)
{
	const struct orthros_layout_fs *l = &r->l.fs;
	struct mount_walk w = { .fn = fn, .arg = arg };
	u64 nsproxy, mnt_ns, root_node;
	int ret;

	ret = orthros_reader_need(r, ORTHROS_NEED_FS) ?:
	      orthros_read_u64(r, l->init_task + l->nsproxy, &nsproxy) ?:
	      orthros_read_u64(r, nsproxy + l->mnt_ns, &mnt_ns);
	if (ret)
		return ret;
	if (!mounts_in_tree(l))
		return orthros_list_walk(r, mnt_ns + l->ns_list, l->mnt_list, "mount.mnt_list",
					 MAX_MOUNTS, fn, arg);
	ret = orthros_read_u64(r, mnt_ns + l->ns_mounts + l->rb_node, &root_node);
	return ret ?: walk_mount_tree(r, &w, root_node, 0);
}
EXPORT_SYMBOL_GPL(orthros_reader_mounts);

/**
 * orthros_reader_mount() - what one of the primary's mounts is
 * @r: the reader
 * @mnt: address of the struct mount
 * @m: filled in (large: allocate it)
 *
 * Return: 0, or a negative errno (logged).
 */
int orthros_reader_mount(struct orthros_reader *r, u64 mnt, struct orthros_mount_info *m)
{
	const struct orthros_layout_fs *l = &r->l.fs;
	u64 type, dev_ptr, type_name;

	memset(m, 0, sizeof(*m));
	m->mnt = mnt;
	return orthros_reader_need(r, ORTHROS_NEED_FS) ?:
	       orthros_read_u64(r, mnt + l->mnt + l->mnt_sb, &m->sb) ?:
	       orthros_read_u64(r, mnt + l->mnt + l->mnt_root, &m->root) ?:
	       orthros_read_u64(r, m->sb + l->s_type, &type) ?:
	       orthros_read_u64(r, type + l->fs_name, &type_name) ?:
	       orthros_reader_string(r, type_name, m->fstype, sizeof(m->fstype)) ?:
	       orthros_read_u64(r, mnt + l->mnt_devname, &dev_ptr) ?:
	       orthros_reader_string(r, dev_ptr, m->dev, sizeof(m->dev)) ?:
	       orthros_reader_mount_path(r, mnt, m->path, sizeof(m->path)) ?:
	       orthros_read_u64(r, m->sb + l->s_bdev, &m->bdev);
}
EXPORT_SYMBOL_GPL(orthros_reader_mount);

/**
 * orthros_reader_format_mount() - a mount as orthros-postmortem lists it
 * @buf: the line, without newline
 * @len: size of @buf
 * @m: the mount, from orthros_reader_mount()
 *
 * "mount DEV PATH FSTYPE": the one definition.
 *
 * Return: as snprintf().
 */
int orthros_reader_format_mount(char *buf, size_t len, const struct orthros_mount_info *m)
{
	return snprintf(buf, len, "mount %s %s %s", m->dev, m->path, m->fstype);
}
EXPORT_SYMBOL_GPL(orthros_reader_format_mount);

/**
 * orthros_reader_inodes() - visit the inodes of one of the primary's super blocks
 * @r: the reader
 * @sb: address of the super_block
 * @fn: called with each inode's address
 * @arg: passed to @fn
 *
 * Return: 0, @fn's non-zero return, or a negative errno (logged) after
 * every inode that could be reached (a broken list is walked around).
 */
int orthros_reader_inodes(struct orthros_reader *r, u64 sb,
			  int (*fn)(struct orthros_reader *r, u64 inode, void *arg), void *arg)
{
	return orthros_reader_need(r, ORTHROS_NEED_FS) ?:
	       orthros_list_walk(r, sb + r->l.fs.s_inodes, r->l.fs.i_sb_list, "inode.i_sb_list",
				 MAX_INODES, fn, arg);
}
EXPORT_SYMBOL_GPL(orthros_reader_inodes);

/*
 * The first entry of the writeback lists (s_bdi to i_sb, one run of
 * struct orthros_layout_fs) that the primary's table lacks, or NULL.
 */
static const char *lacking_wb_entry(const struct orthros_reader *r)
{
	const size_t first = offsetof(struct orthros_layout, fs.s_bdi);
	const size_t last = offsetof(struct orthros_layout, fs.i_sb);
	unsigned int k;

	for (k = 0; k < ARRAY_SIZE(entries); k++) {
		const struct orthros_entry *e = &entries[k];

		if (e->field >= first && e->field <= last &&
		    *(const u64 *)((const char *)&r->l + e->field) == ORTHROS_NO_ENTRY)
			return e->name;
	}
	return NULL;
}

/*
 * Was the spinlock at @lock free at the freeze?  A list it protects may
 * be half changed otherwise.  (A spinlock_t starts with its arch lock
 * word, zero when free, in every configuration but PREEMPT_RT.)
 */
static int lock_free(struct orthros_reader *r, u64 lock, const char *what)
{
	u32 val;
	int ret = orthros_reader_read(r, lock, &val, sizeof(val));

	if (ret)
		return ret;
	if (val) {
		ORTHROS_LOG("%s at %#llx was held at the freeze (%#x): its list is not trusted",
			    what, (unsigned long long)lock, val);
		return -EBUSY;
	}
	return 0;
}

struct unwritten_walk {
	u64 sb;
	int (*fn)(struct orthros_reader *r, u64 inode, void *arg);
	void *arg;
};

/* A bdi may back several super blocks: only @w->sb's inodes count. */
static int visit_if_on_sb(struct orthros_reader *r, u64 inode, void *arg)
{
	struct unwritten_walk *w = arg;
	u64 sb;
	int ret = orthros_read_u64(r, inode + r->l.fs.i_sb, &sb);

	return ret ?: sb == w->sb ? w->fn(r, inode, w->arg) : 0;
}

static int wb_lock_free(struct orthros_reader *r, u64 wb, void *arg)
{
	return lock_free(r, wb + r->l.fs.wb_list_lock, "bdi_writeback.list_lock");
}

/* The inodes of one writeback context that are dirty or queued for writeback. */
static int walk_wb(struct orthros_reader *r, u64 wb, void *arg)
{
	const struct orthros_layout_fs *l = &r->l.fs;
	const u64 lists[] = { l->wb_b_dirty, l->wb_b_io, l->wb_b_more_io };
	unsigned int k;
	int ret = 0;

	for (k = 0; k < ARRAY_SIZE(lists) && !ret; k++)
		ret = orthros_list_walk(r, wb + lists[k], l->i_io_list, "inode.i_io_list",
					MAX_INODES, visit_if_on_sb, arg);
	return ret;
}

/**
 * orthros_reader_unwritten_inodes() - visit the inodes of a super block
 *	that may hold data its disk lacks
 * @r: the reader
 * @sb: address of the super_block
 * @fn: called with each inode's address; an inode both dirty and with
 *	pages under writeback is visited twice
 * @arg: passed to @fn
 *
 * Those are the inodes on the dirty and io lists of the writeback
 * contexts of @sb's bdi, and those with pages under writeback
 * (super_block.s_inodes_wb): the kernel's own record of what writeback
 * still owes, so the walk costs what is dirty, not what is cached.
 *
 * Return: 0 when every list was walked; @fn's non-zero return;
 * -EOPNOTSUPP if the offset table does not say where the lists are,
 * -EBUSY if a lock of the lists was held at the freeze (before any
 * visit), or another negative errno (logged) if a list was broken.  On
 * any error the caller must not take the inodes visited as all of them.
 */
int orthros_reader_unwritten_inodes(struct orthros_reader *r, u64 sb,
				    int (*fn)(struct orthros_reader *r, u64 inode, void *arg),
				    void *arg)
{
	const struct orthros_layout_fs *l = &r->l.fs;
	struct unwritten_walk w = { .sb = sb, .fn = fn, .arg = arg };
	const char *lacking;
	u64 bdi;
	int ret = orthros_reader_need(r, ORTHROS_NEED_FS);

	if (ret)
		return ret;
	lacking = lacking_wb_entry(r);
	if (lacking) {
		ORTHROS_LOG("the primary's offset table lacks %s: its writeback lists cannot be walked",
			    lacking);
		return -EOPNOTSUPP;
	}
	ret = orthros_read_u64(r, sb + l->s_bdi, &bdi) ?:
	      lock_free(r, sb + l->s_inode_wblist_lock, "super_block.s_inode_wblist_lock") ?:
	      orthros_list_walk(r, bdi + l->bdi_wb_list, l->wb_bdi_node, "bdi_writeback.bdi_node",
				MAX_WBS, wb_lock_free, NULL) ?:
	      orthros_list_walk(r, bdi + l->bdi_wb_list, l->wb_bdi_node, "bdi_writeback.bdi_node",
				MAX_WBS, walk_wb, &w);
	return ret ?: orthros_list_walk(r, sb + l->s_inodes_wb, l->i_wb_list, "inode.i_wb_list",
					MAX_INODES, fn, arg);
}
EXPORT_SYMBOL_GPL(orthros_reader_unwritten_inodes);

/*
 * The struct inode fields orthros_reader_inode() wants, in one read of
 * the span they lie in where it is small (each inode of a mount is read:
 * a read costs more than its bytes), else one read each.
 */
static int read_inode_fields(struct orthros_reader *r, u64 inode, struct orthros_inode_info *i,
			     u64 *alias)
{
	const struct orthros_layout_fs *l = &r->l.fs;
	const struct {
		u64 off;
		void *dst;
		size_t size;
	} f[] = {
		{ l->i_mode, &i->mode, sizeof(i->mode) },
		{ l->i_ino, &i->ino, sizeof(i->ino) },
		{ l->i_size, &i->size, sizeof(i->size) },
		{ l->i_mapping, &i->mapping, sizeof(i->mapping) },
		{ l->i_nlink, &i->nlink, sizeof(i->nlink) },
		{ l->i_uid, &i->uid, sizeof(i->uid) },
		{ l->i_generation, &i->generation, sizeof(i->generation) },
		{ l->i_gid, &i->gid, sizeof(i->gid) },
		{ l->i_atime_sec, &i->atime_sec, sizeof(i->atime_sec) },
		{ l->i_atime_nsec, &i->atime_nsec, sizeof(i->atime_nsec) },
		{ l->i_mtime_sec, &i->mtime_sec, sizeof(i->mtime_sec) },
		{ l->i_mtime_nsec, &i->mtime_nsec, sizeof(i->mtime_nsec) },
		{ l->i_dentry, alias, sizeof(*alias) },
	};
	u64 lo = ~0ULL, hi = 0;
	unsigned int k;
	int ret;

	for (k = 0; k < ARRAY_SIZE(f); k++) {
		if (f[k].off > sizeof(r->scratch)) {
			hi = ~0ULL;	/* far apart, or a bad table: one at a time */
			break;
		}
		lo = f[k].off < lo ? f[k].off : lo;
		hi = f[k].off + f[k].size > hi ? f[k].off + f[k].size : hi;
	}
	if (hi - lo > sizeof(r->scratch)) {
		for (k = 0; k < ARRAY_SIZE(f); k++) {
			ret = orthros_reader_read(r, inode + f[k].off, f[k].dst, f[k].size);
			if (ret)
				return ret;
		}
		return 0;
	}
	ret = orthros_reader_read(r, inode + lo, r->scratch, hi - lo);
	if (ret)
		return ret;
	for (k = 0; k < ARRAY_SIZE(f); k++)
		memcpy(f[k].dst, r->scratch + (f[k].off - lo), f[k].size);
	return 0;
}

/**
 * orthros_reader_inode() - what one of the primary's inodes is
 * @r: the reader
 * @inode: its address
 * @i: filled in; @i->dentry is its first alias, 0 if it has none
 *
 * A regular file whose mapping does not name it as its host is damaged.
 *
 * Return: 0, or a negative errno (logged).
 */
int orthros_reader_inode(struct orthros_reader *r, u64 inode, struct orthros_inode_info *i)
{
	const struct orthros_layout_fs *l = &r->l.fs;
	u64 alias, host;
	int ret;

	memset(i, 0, sizeof(*i));
	i->inode = inode;
	ret = orthros_reader_need(r, ORTHROS_NEED_FS) ?:
	      read_inode_fields(r, inode, i, &alias) ?:
	      orthros_read_u64(r, i->mapping + l->as_host, &host) ?:
	      orthros_read_u64(r, i->mapping + l->as_nrpages, &i->nrpages);
	if (!ret && (i->mode & 0170000) == 0120000)
		ret = orthros_read_u64(r, inode + l->i_link, &i->link);
	/* A regular file's page cache is its own (block devices aside). */
	if (!ret && (i->mode & 0170000) == 0100000 && host != inode) {
		ORTHROS_LOG("inode %#llx: its mapping %#llx belongs to %#llx; skipped",
			    (unsigned long long)inode, (unsigned long long)i->mapping,
			    (unsigned long long)host);
		ret = -EUCLEAN;
	}
	if (!ret && alias)
		i->dentry = alias - l->d_u;	/* d_u.d_alias heads the union */
	return ret;
}
EXPORT_SYMBOL_GPL(orthros_reader_inode);
