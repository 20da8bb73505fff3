// SPDX-License-Identifier: GPL-2.0-only
/*
 * orthros_reader_test: the kernel build of the Orthros reader, end to end.
 *
 * Test module for a backup whose primary is fenced.  Loading it opens a
 * reader on the primary (orthros_reader.ko) and prints, one line each in
 * the reader's formats (orthros_reader_format_*()), what the user-space
 * build prints for the same memory (orthros-postmortem tasks, maps and
 * files), so a test can compare the two builds line by line:
 *
 *   task PID COMM STATE
 *   maps PID COMM VMAS MAP_COUNT
 *   file PATH INO SIZE NRPAGES PAGES DIRTY       (files of fstype= mounts)
 *
 * then "done tasks=N files=N errors=N".  Loading fails with the reader's
 * error if the primary cannot be read at all.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/err.h>
#include <linux/module.h>
#include <linux/slab.h>

#include "reader.h"

static char *fstype = "tmpfs";
module_param(fstype, charp, 0444);
MODULE_PARM_DESC(fstype, "list the cached files of mounts of this file system type");

struct walk {
	struct orthros_mount_info mount;
	char path[ORTHROS_READER_PATH_MAX], line[ORTHROS_READER_LINE_MAX];
	unsigned int tasks, files, errors, pages, dirty;
};

static int show_task(struct orthros_reader *r, u64 task, void *arg)
{
	struct orthros_task_info t;
	struct orthros_mm_info mi;
	struct walk *w = arg;

	if (orthros_reader_task(r, task, &t)) {
		w->errors++;
		return 0;
	}
	w->tasks++;
	orthros_reader_format_task(w->line, sizeof(w->line), &t);
	pr_info("%s\n", w->line);
	if (!t.mm)
		return 0;
	if (orthros_reader_mm(r, t.mm, &mi)) {
		w->errors++;
		return 0;
	}
	orthros_reader_format_maps(w->line, sizeof(w->line), &t, &mi);
	pr_info("%s\n", w->line);
	return 0;
}

static int count_folio(struct orthros_reader *r, const struct orthros_folio_info *f, void *arg)
{
	struct walk *w = arg;

	w->pages += f->nr_pages;
	w->dirty += f->dirty ? f->nr_pages : 0;
	return 0;
}

static int show_file(struct orthros_reader *r, u64 inode, void *arg)
{
	struct orthros_inode_info i;
	struct walk *w = arg;
	int ret;

	if (orthros_reader_inode(r, inode, &i)) {
		w->errors++;
		return 0;
	}
	if (!S_ISREG(i.mode) || !i.nrpages || !i.dentry)
		return 0;
	if (orthros_reader_file_path(r, &w->mount, i.dentry, w->path, sizeof(w->path))) {
		w->errors++;
		return 0;
	}
	w->files++;
	w->pages = w->dirty = 0;
	ret = orthros_reader_folios(r, i.mapping, 1U << 24, count_folio, w);
	if (ret)
		w->errors++;
	orthros_reader_format_file(w->line, sizeof(w->line), w->path, &i, w->pages, w->dirty,
				   ret);
	pr_info("%s\n", w->line);
	return 0;
}

static int show_files(struct orthros_reader *r, u64 mnt, void *arg)
{
	struct walk *w = arg;

	if (orthros_reader_mount(r, mnt, &w->mount)) {
		w->errors++;
		return 0;
	}
	if (!strcmp(w->mount.fstype, fstype) && orthros_reader_inodes(r, w->mount.sb, show_file, w))
		w->errors++;
	return 0;
}

static int __init orthros_reader_test_init(void)
{
	struct orthros_reader *r = orthros_reader_open(ORTHROS_NEED_TASKS | ORTHROS_NEED_MM |
						       ORTHROS_NEED_FS | ORTHROS_NEED_PAGECACHE);
	struct walk *w;

	if (IS_ERR(r))
		return PTR_ERR(r);
	w = kzalloc(sizeof(*w), GFP_KERNEL);
	if (!w) {
		orthros_reader_close(r);
		return -ENOMEM;
	}
	if (orthros_reader_tasks(r, show_task, w))
		w->errors++;
	if (orthros_reader_mounts(r, show_files, w))
		w->errors++;
	pr_info("done tasks=%u files=%u errors=%u\n", w->tasks, w->files, w->errors);
	kfree(w);
	orthros_reader_close(r);
	return 0;
}

static void __exit orthros_reader_test_exit(void)
{
}

module_init(orthros_reader_test_init);
module_exit(orthros_reader_test_exit);
MODULE_DESCRIPTION("Orthros test: list a fenced primary's tasks, VMAs and cached files");
MODULE_LICENSE("GPL");
