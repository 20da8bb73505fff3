// SPDX-License-Identifier: GPL-2.0-only
/*
 * Orthros reader: the primary's objects (tasks, address spaces, dentries),
 * built on reader.c's checked accessors.  Kernel and user-space code alike.
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

#define MAX_TASKS	100000
#define MAX_VMAS	1000000
#define MAX_DEPTH	64
#define MAX_MOUNTS	10000
#define MAX_INODES	10000000

/**
 * orthros_reader_task() - the basics of one of the primary's tasks
 * @r: the reader
 * @task: address of its task_struct
 * @t: filled in
 *
 * Return: 0, or a negative errno (logged).
 */
int orthros_reader_task(struct orthros_reader *r, u64 task, struct orthros_task_info *t)
{
	u64 comm_len;
	int ret;

	memset(t, 0, sizeof(*t));
	t->task = task;
	ret = orthros_reader_lookup(r, "MSIZE(task_struct.comm)", &comm_len);
	if (!ret && comm_len >= sizeof(t->comm)) {
		ORTHROS_LOG("task_struct.comm of %llu bytes is too long", (unsigned long long)comm_len);
		ret = -EINVAL;
	}
	ret = ret ?: orthros_reader_member(r, task, "task_struct.pid", &t->pid, sizeof(t->pid)) ?:
	      orthros_reader_member(r, task, "task_struct.comm", t->comm, comm_len) ?:
	      orthros_reader_member(r, task, "task_struct.__state", &t->state, sizeof(t->state)) ?:
	      orthros_reader_ptr(r, task, "task_struct.mm", &t->mm);
	t->comm[sizeof(t->comm) - 1] = '\0';
	return ret;
}
EXPORT_SYMBOL_GPL(orthros_reader_task);

/**
 * orthros_reader_tasks() - visit init_task and every task on its list
 * @r: the reader
 * @fn: called with each task_struct's address
 * @arg: passed to @fn
 *
 * Return: as orthros_reader_list().
 */
int orthros_reader_tasks(struct orthros_reader *r,
			 int (*fn)(struct orthros_reader *r, u64 task, void *arg), void *arg)
{
	u64 init_task, tasks_off;
	int ret;

	ret = orthros_reader_lookup(r, "SYMBOL(init_task)", &init_task) ?:
	      orthros_reader_lookup(r, "OFFSET(task_struct.tasks)", &tasks_off) ?:
	      fn(r, init_task, arg);
	return ret ?: orthros_reader_list(r, init_task + tasks_off, "task_struct.tasks",
					  MAX_TASKS, fn, arg);
}
EXPORT_SYMBOL_GPL(orthros_reader_tasks);

struct vma_walk {
	int (*fn)(struct orthros_reader *r, u64 vma, u64 start, u64 end, void *arg);
	void *arg;
	u64 mm;
	bool damaged;
};

static int check_vma(struct orthros_reader *r, u64 first, u64 last, u64 vma, void *arg)
{
	struct vma_walk *w = arg;
	u64 start, end, mm;

	/* A VMA covers exactly its own range of the tree, and belongs to the mm. */
	if (orthros_reader_member(r, vma, "vm_area_struct.vm_start", &start, sizeof(start)) ||
	    orthros_reader_member(r, vma, "vm_area_struct.vm_end", &end, sizeof(end)) ||
	    orthros_reader_ptr(r, vma, "vm_area_struct.vm_mm", &mm) ||
	    start != first || end != last + 1 || mm != w->mm) {
		ORTHROS_LOG("mm %#llx: VMA %#llx for %#llx-%#llx is damaged; skipped",
			    (unsigned long long)w->mm, (unsigned long long)vma,
			    (unsigned long long)first, (unsigned long long)last + 1);
		w->damaged = true;
		return 0;
	}
	return w->fn(r, vma, start, end, w->arg);
}

/**
 * orthros_reader_vmas() - visit the VMAs of one of the primary's mm_structs
 * @r: the reader
 * @mm: address of the mm_struct
 * @fn: called with each VMA's address and its [start, end)
 * @arg: passed to @fn
 *
 * A VMA that does not cover its range of the tree, or names another mm,
 * is logged and skipped.
 *
 * Return: 0; -EUCLEAN if something was skipped; @fn's non-zero return;
 * or another negative errno (logged).
 */
int orthros_reader_vmas(struct orthros_reader *r, u64 mm,
			int (*fn)(struct orthros_reader *r, u64 vma, u64 start, u64 end,
				  void *arg),
			void *arg)
{
	struct vma_walk w = { .fn = fn, .arg = arg, .mm = mm };
	u64 mt_off;
	int ret;

	ret = orthros_reader_lookup(r, "OFFSET(mm_struct.mm_mt)", &mt_off) ?:
	      orthros_reader_maple(r, mm + mt_off, MAX_VMAS, check_vma, &w);
	return ret ?: (w.damaged ? -EUCLEAN : 0);
}
EXPORT_SYMBOL_GPL(orthros_reader_vmas);

/* The name of dentry @d into @name (NUL-terminated, 256 bytes). */
static int read_dentry_name(struct orthros_reader *r, u64 d, char *name, u32 *name_len)
{
	u64 qstr_off, name_ptr;

	if (orthros_reader_lookup(r, "OFFSET(dentry.d_name)", &qstr_off) ||
	    orthros_reader_member(r, d + qstr_off, "qstr.len", name_len, sizeof(*name_len)) ||
	    orthros_reader_ptr(r, d + qstr_off, "qstr.name", &name_ptr))
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
	u64 hash_off, pprev;
	u32 name_len;

	memset(di, 0, sizeof(*di));
	di->dentry = d;
	return read_dentry_name(r, d, di->name, &name_len) ?:
	       orthros_reader_ptr(r, d, "dentry.d_inode", &di->inode) ?:
	       orthros_reader_lookup(r, "OFFSET(dentry.d_hash)", &hash_off) ?:
	       orthros_reader_ptr(r, d + hash_off, "hlist_bl_node.pprev", &pprev) ?:
	       ((di->hashed = pprev != 0), 0);
}
EXPORT_SYMBOL_GPL(orthros_reader_dentry);

/* Visit the objects on the hlist at @head; their node is at @node_off. */
static int walk_hlist(struct orthros_reader *r, u64 head, u64 node_off, unsigned int max,
		      int (*fn)(struct orthros_reader *r, u64 obj, void *arg), void *arg)
{
	u64 node;
	unsigned int n;
	int ret;

	ret = orthros_reader_ptr(r, head, "hlist_head.first", &node);
	for (n = 0; !ret && node; n++) {
		if (n == max) {
			ORTHROS_LOG("hlist at %#llx: more than %u entries; a cycle?",
				    (unsigned long long)head, max);
			return -ELOOP;
		}
		ret = fn(r, node - node_off, arg) ?:
		      orthros_reader_ptr(r, node, "hlist_node.next", &node);
	}
	return ret;
}

struct children_walk {
	u64 parent;
	int (*fn)(struct orthros_reader *r, u64 child, void *arg);
	void *arg;
};

static int check_child(struct orthros_reader *r, u64 child, void *arg)
{
	struct children_walk *w = arg;
	u64 parent;
	int ret = orthros_reader_ptr(r, child, "dentry.d_parent", &parent);

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
	struct children_walk w = { .parent = dir, .fn = fn, .arg = arg };
	u64 children_off, sib_off;

	return orthros_reader_lookup(r, "OFFSET(dentry.d_children)", &children_off) ?:
	       orthros_reader_lookup(r, "OFFSET(dentry.d_sib)", &sib_off) ?:
	       walk_hlist(r, dir + children_off, sib_off, max, check_child, &w);
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
	u64 dentry_off, d_u;

	/* d_u.d_alias heads the union. */
	return orthros_reader_lookup(r, "OFFSET(inode.i_dentry)", &dentry_off) ?:
	       orthros_reader_lookup(r, "OFFSET(dentry.d_u)", &d_u) ?:
	       walk_hlist(r, inode + dentry_off, d_u, 1024, fn, arg);
}
EXPORT_SYMBOL_GPL(orthros_reader_inode_aliases);

/* Prepend the names from @d up to @root (or the file system's root). */
static int prepend_dentry_path(struct orthros_reader *r, u64 d, u64 root, char *path,
			       size_t len)
{
	u64 dentry = d, parent, hash_off, pprev;
	int depth, ret;

	ret = orthros_reader_lookup(r, "OFFSET(dentry.d_hash)", &hash_off);
	if (ret)
		return ret;
	for (depth = 0; depth < MAX_DEPTH && d != root; depth++) {
		ret = orthros_reader_ptr(r, d, "dentry.d_parent", &parent);
		if (ret)
			return ret;
		if (parent == d)	/* the file system's root */
			return 0;
		/* Unhashed: deleted (still open), so no longer a name. */
		ret = orthros_reader_ptr(r, d + hash_off, "hlist_bl_node.pprev", &pprev);
		if (ret)
			return ret;
		if (!pprev)
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
	return prepend_dentry_path(r, dentry, root, path, len);
}
EXPORT_SYMBOL_GPL(orthros_reader_dentry_path);

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
	u64 m = mnt, vfs_off, parent, mountpoint, root;
	int depth, ret;

	if (len < 2)
		return -EINVAL;
	path[0] = '\0';
	ret = orthros_reader_lookup(r, "OFFSET(mount.mnt)", &vfs_off);
	for (depth = 0; !ret && depth < MAX_DEPTH; depth++) {
		ret = orthros_reader_ptr(r, m, "mount.mnt_parent", &parent) ?:
		      orthros_reader_ptr(r, m, "mount.mnt_mountpoint", &mountpoint) ?:
		      orthros_reader_ptr(r, parent + vfs_off, "vfsmount.mnt_root", &root);
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

struct folio_walk {
	int (*fn)(struct orthros_reader *r, const struct orthros_folio_info *f, void *arg);
	void *arg;
	u64 mapping, vmemmap, page_size, pg_dirty, pg_writeback, pg_head;
	bool damaged;
};

static int check_folio(struct orthros_reader *r, u64 index, u64 folio, void *arg)
{
	struct folio_walk *w = arg;
	struct orthros_folio_info f = { .folio = folio, .index = index, .nr_pages = 1 };
	u64 flags, flags_1, mapping, folio_index;

	if (folio < w->vmemmap || (folio - w->vmemmap) % w->page_size) {
		ORTHROS_LOG("mapping %#llx index %llu: %#llx is not a struct page; skipped",
			    (unsigned long long)w->mapping, (unsigned long long)index,
			    (unsigned long long)folio);
		goto damaged;
	}
	if (orthros_reader_member(r, folio, "folio.flags", &flags, sizeof(flags)) ||
	    orthros_reader_ptr(r, folio, "folio.mapping", &mapping) ||
	    orthros_reader_member(r, folio, "folio.index", &folio_index, sizeof(folio_index)) ||
	    orthros_reader_member(r, folio, "folio._flags_1", &flags_1, sizeof(flags_1)))
		goto damaged;
	if (mapping != w->mapping || folio_index != index) {
		ORTHROS_LOG("mapping %#llx index %llu: folio %#llx says mapping %#llx index %llu; skipped",
			    (unsigned long long)w->mapping, (unsigned long long)index,
			    (unsigned long long)folio, (unsigned long long)mapping,
			    (unsigned long long)folio_index);
		goto damaged;
	}
	f.pfn = (folio - w->vmemmap) / w->page_size;
	f.dirty = flags >> w->pg_dirty & 1;
	f.writeback = flags >> w->pg_writeback & 1;
	if (flags >> w->pg_head & 1) {
		/* A large folio: its order is the low byte of the next page's flags. */
		if ((flags_1 & 0xff) > 20) {
			ORTHROS_LOG("folio %#llx: order %llu; skipped", (unsigned long long)folio,
				    (unsigned long long)(flags_1 & 0xff));
			goto damaged;
		}
		f.nr_pages = 1U << (flags_1 & 0xff);
	}
	return w->fn(r, &f, w->arg);
damaged:
	w->damaged = true;
	return 0;
}

/**
 * orthros_reader_folios() - visit the page cache of one of the primary's files
 * @r: the reader
 * @mapping: address of its struct address_space
 * @max: the most folios to accept
 * @fn: called with each folio that the xarray and the folio agree on
 * @arg: passed to @fn
 *
 * A folio must lie in the primary's vmemmap and name this mapping and this
 * index; one that does not is logged and skipped.
 *
 * Return: 0; -EUCLEAN if something was skipped; @fn's non-zero return;
 * or another negative errno (logged).
 */
int orthros_reader_folios(struct orthros_reader *r, u64 mapping, unsigned int max,
			  int (*fn)(struct orthros_reader *r, const struct orthros_folio_info *f,
				    void *arg),
			  void *arg)
{
	struct folio_walk w = { .fn = fn, .arg = arg, .mapping = mapping };
	u64 pages_off;
	int ret;

	ret = orthros_reader_lookup(r, "NUMBER(vmemmap_base)", &w.vmemmap) ?:
	      orthros_reader_lookup(r, "SIZE(page)", &w.page_size) ?:
	      orthros_reader_lookup(r, "NUMBER(PG_dirty)", &w.pg_dirty) ?:
	      orthros_reader_lookup(r, "NUMBER(PG_writeback)", &w.pg_writeback) ?:
	      orthros_reader_lookup(r, "NUMBER(PG_head)", &w.pg_head) ?:
	      orthros_reader_lookup(r, "OFFSET(address_space.i_pages)", &pages_off);
	if (ret)
		return ret;
	if (!w.page_size || w.pg_dirty > 63 || w.pg_writeback > 63 || w.pg_head > 63) {
		ORTHROS_LOG("page layout (size %llu, flags %llu/%llu/%llu) is not usable",
			    (unsigned long long)w.page_size, (unsigned long long)w.pg_dirty,
			    (unsigned long long)w.pg_writeback, (unsigned long long)w.pg_head);
		return -EINVAL;
	}
	ret = orthros_reader_xarray(r, mapping + pages_off, max, check_folio, &w);
	return ret ?: (w.damaged ? -EUCLEAN : 0);
}
EXPORT_SYMBOL_GPL(orthros_reader_folios);

struct mount_walk {
	int (*fn)(struct orthros_reader *r, u64 mnt, void *arg);
	void *arg;
	u64 node_off;
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
	ret = orthros_reader_ptr(r, node, "rb_node.rb_left", &left) ?:
	      orthros_reader_ptr(r, node, "rb_node.rb_right", &right) ?:
	      walk_mount_tree(r, w, left, depth + 1) ?:
	      w->fn(r, node - w->node_off, w->arg);
	return ret ?: walk_mount_tree(r, w, right, depth + 1);
}

/**
 * orthros_reader_mounts() - visit the mounts of the primary's first namespace
 * @r: the reader
 * @fn: called with each struct mount's address, in the namespace's order
 * @arg: passed to @fn
 *
 * Return: 0, @fn's non-zero return, or a negative errno (logged).
 */
int orthros_reader_mounts(struct orthros_reader *r,
			  int (*fn)(struct orthros_reader *r, u64 mnt, void *arg), void *arg)
{
	struct mount_walk w = { .fn = fn, .arg = arg };
	u64 init_task, nsproxy, mnt_ns, mounts_off, root_node;
	int ret;

	ret = orthros_reader_lookup(r, "SYMBOL(init_task)", &init_task) ?:
	      orthros_reader_ptr(r, init_task, "task_struct.nsproxy", &nsproxy) ?:
	      orthros_reader_ptr(r, nsproxy, "nsproxy.mnt_ns", &mnt_ns) ?:
	      orthros_reader_lookup(r, "OFFSET(mnt_namespace.mounts)", &mounts_off) ?:
	      orthros_reader_lookup(r, "OFFSET(mount.mnt_node)", &w.node_off) ?:
	      orthros_reader_ptr(r, mnt_ns + mounts_off, "rb_root.rb_node", &root_node);
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
	u64 vfs_off, type, dev_ptr, type_name;

	memset(m, 0, sizeof(*m));
	m->mnt = mnt;
	return orthros_reader_lookup(r, "OFFSET(mount.mnt)", &vfs_off) ?:
	       orthros_reader_ptr(r, mnt + vfs_off, "vfsmount.mnt_sb", &m->sb) ?:
	       orthros_reader_ptr(r, mnt + vfs_off, "vfsmount.mnt_root", &m->root) ?:
	       orthros_reader_ptr(r, m->sb, "super_block.s_type", &type) ?:
	       orthros_reader_ptr(r, type, "file_system_type.name", &type_name) ?:
	       orthros_reader_string(r, type_name, m->fstype, sizeof(m->fstype)) ?:
	       orthros_reader_ptr(r, mnt, "mount.mnt_devname", &dev_ptr) ?:
	       orthros_reader_string(r, dev_ptr, m->dev, sizeof(m->dev)) ?:
	       orthros_reader_mount_path(r, mnt, m->path, sizeof(m->path));
}
EXPORT_SYMBOL_GPL(orthros_reader_mount);

/**
 * orthros_reader_inodes() - visit the inodes of one of the primary's super blocks
 * @r: the reader
 * @sb: address of the super_block
 * @fn: called with each inode's address
 * @arg: passed to @fn
 *
 * Return: as orthros_reader_list().
 */
int orthros_reader_inodes(struct orthros_reader *r, u64 sb,
			  int (*fn)(struct orthros_reader *r, u64 inode, void *arg), void *arg)
{
	u64 inodes_off;

	return orthros_reader_lookup(r, "OFFSET(super_block.s_inodes)", &inodes_off) ?:
	       orthros_reader_list(r, sb + inodes_off, "inode.i_sb_list", MAX_INODES, fn, arg);
}
EXPORT_SYMBOL_GPL(orthros_reader_inodes);

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
	u64 alias, d_u;
	int ret;

	memset(i, 0, sizeof(*i));
	i->inode = inode;
	u64 host;

	ret = orthros_reader_member(r, inode, "inode.i_mode", &i->mode, sizeof(i->mode)) ?:
	      orthros_reader_member(r, inode, "inode.i_ino", &i->ino, sizeof(i->ino)) ?:
	      orthros_reader_member(r, inode, "inode.i_size", &i->size, sizeof(i->size)) ?:
	      orthros_reader_ptr(r, inode, "inode.i_mapping", &i->mapping) ?:
	      orthros_reader_ptr(r, i->mapping, "address_space.host", &host) ?:
	      orthros_reader_member(r, i->mapping, "address_space.nrpages", &i->nrpages,
				    sizeof(i->nrpages)) ?:
	      orthros_reader_member(r, inode, "inode.__i_nlink", &i->nlink, sizeof(i->nlink)) ?:
	      orthros_reader_member(r, inode, "inode.i_uid", &i->uid, sizeof(i->uid)) ?:
	      orthros_reader_member(r, inode, "inode.i_generation", &i->generation,
				    sizeof(i->generation)) ?:
	      orthros_reader_member(r, inode, "inode.i_gid", &i->gid, sizeof(i->gid)) ?:
	      orthros_reader_member(r, inode, "inode.i_atime_sec", &i->atime_sec,
				    sizeof(i->atime_sec)) ?:
	      orthros_reader_member(r, inode, "inode.i_atime_nsec", &i->atime_nsec,
				    sizeof(i->atime_nsec)) ?:
	      orthros_reader_member(r, inode, "inode.i_mtime_sec", &i->mtime_sec,
				    sizeof(i->mtime_sec)) ?:
	      orthros_reader_member(r, inode, "inode.i_mtime_nsec", &i->mtime_nsec,
				    sizeof(i->mtime_nsec)) ?:
	      orthros_reader_ptr(r, inode, "inode.i_dentry", &alias) ?:
	      orthros_reader_lookup(r, "OFFSET(dentry.d_u)", &d_u);
	/* A regular file's page cache is its own (block devices aside). */
	if (!ret && (i->mode & 0170000) == 0100000 && host != inode) {
		ORTHROS_LOG("inode %#llx: its mapping %#llx belongs to %#llx; skipped",
			    (unsigned long long)inode, (unsigned long long)i->mapping,
			    (unsigned long long)host);
		ret = -EUCLEAN;
	}
	if (!ret && alias)
		i->dentry = alias - d_u;	/* d_u.d_alias heads the union */
	return ret;
}
EXPORT_SYMBOL_GPL(orthros_reader_inode);
