/* SPDX-License-Identifier: GPL-2.0-only */
/* Orthros file-cache migration: between migrate.c and names.c. */
#ifndef ORTHROS_PAGECACHE_H
#define ORTHROS_PAGECACHE_H

#include <linux/fs.h>
#include <linux/types.h>

#include "reader.h"

/* Contiguous pages are written together, up to this much at once. */
#define BATCH_BYTES	(1024 * 1024)
/* Pages put into ext4's cache in one go (ext4_orthros_fill_pages()). */
#define RUN_PAGES	64

struct migration {
	struct orthros_reader *r;
	struct orthros_mount_info mount;
	struct path here;	/* the backup's mount at the same path */
	char path[ORTHROS_READER_PATH_MAX];
	int path_ret;		/* of m->path: 1 until built, then 0 or an errno */
	struct file *file;
	u64 size;
	/* Per mount: the journal, finished or how far it committed. */
	bool ext4, journal_finished;
	bool ext4_here;		/* the backup's mount is ext4 too */
	u32 commit_sequence;
	/* Per file: write every cached page, not only the unwritten ones. */
	bool copy_all;
	bool direct;		/* through the file system's write_begin/end */
	/* Dirty pages the copy may leave before it waits for writeback. */
	unsigned long dirty_allowance;
	u64 cached_pages;	/* of the file, below its size */
	/* Per mount: the primary's inodes visited (i_ino), when one may come twice. */
	struct xarray *seen;
	void *batch;		/* contiguous pages gathered for one write */
	loff_t batch_pos;
	size_t batch_len;
	/*
	 * m->direct: pages from run_index on, each where it can be read,
	 * whole but the last, of run_last bytes (at the end of the file).
	 */
	const void *run[RUN_PAGES];
	pgoff_t run_index;
	unsigned int run_len;
	size_t run_last;
	/*
	 * Totals, for the report; sync_ns is the part spent in syncing,
	 * throttle_ns the part of the copy held back by the dirty limits,
	 * lookup_ns the part spent finding and opening the files here.
	 */
	u64 sync_ns, throttle_ns, lookup_ns;
	unsigned int mounts, files, created_files, resized, damaged, skipped, uncertain;
	unsigned int fallback;			/* mounts whose journal was not finished */
	unsigned int listed;			/* mounts walked by their writeback lists */
	unsigned int visited;			/* the primary's inodes looked at */
	unsigned int renamed, removed, made;	/* names.c */
	u64 pages, bytes;
	u64 filled;				/* pages ext4 took in runs */
};

bool orthros_pagecache_changed(struct orthros_reader *r, u64 inode, u32 commit);
int orthros_pagecache_make_parents(char *full);
int orthros_pagecache_set_attrs(const struct path *path, const struct orthros_inode_info *i,
				bool times);
int orthros_pagecache_names(struct migration *m, struct orthros_reader *r);

#endif /* ORTHROS_PAGECACHE_H */
