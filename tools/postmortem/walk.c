// SPDX-License-Identifier: GPL-2.0-only
/*
 * orthros-postmortem tasks, maps, mounts and files: the primary's
 * structures through the reader, one line each in the library's formats
 * (orthros_reader_format_*(), which the kernel build's test module prints
 * too); files -d also copies each file's cached pages out.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../lib/sysfs.h"	/* mkdir_p() */
#include "postmortem.h"

static int print_task(struct orthros_reader *r, u64 task, void *arg)
{
	char line[ORTHROS_READER_LINE_MAX];
	struct orthros_task_info t;

	if (orthros_reader_task(r, task, &t)) {
		fprintf(stderr, "orthros-postmortem: task at %#" PRIx64 " unreadable, skipped\n",
			task);
		return 0;
	}
	orthros_reader_format_task(line, sizeof(line), &t);
	puts(line);
	return 0;
}

/* For each task with an address space. */
static int print_maps(struct orthros_reader *r, u64 task, void *arg)
{
	char line[ORTHROS_READER_LINE_MAX];
	struct orthros_task_info t;
	struct orthros_mm_info mi;

	if (orthros_reader_task(r, task, &t) || !t.mm)
		return 0;
	if (orthros_reader_mm(r, t.mm, &mi)) {
		fprintf(stderr, "orthros-postmortem: mm of task %d is damaged, skipped\n", t.pid);
		return 0;
	}
	orthros_reader_format_maps(line, sizeof(line), &t, &mi);
	puts(line);
	return 0;
}

static int list_tasks(const struct options *o, unsigned int needs,
		      int (*fn)(struct orthros_reader *r, u64 task, void *arg))
{
	struct orthros_reader *r = open_reader(o, needs);
	int ret = 0;

	if (orthros_reader_tasks(r, fn, NULL)) {
		fprintf(stderr, "orthros-postmortem: the task list is corrupt; listed what could be reached\n");
		ret = 1;
	}
	return close_reader(r, o, ret);
}

int cmd_tasks(const struct options *o)
{
	return list_tasks(o, ORTHROS_NEED_TASKS, print_task);
}

int cmd_maps(const struct options *o)
{
	return list_tasks(o, ORTHROS_NEED_TASKS | ORTHROS_NEED_MM, print_maps);
}

static int print_mount(struct orthros_reader *r, u64 mnt, void *arg)
{
	static struct orthros_mount_info m;
	char line[ORTHROS_READER_LINE_MAX];

	if (orthros_reader_mount(r, mnt, &m)) {
		fprintf(stderr, "orthros-postmortem: mount at %#" PRIx64 " unreadable, skipped\n",
			mnt);
		return 0;
	}
	orthros_reader_format_mount(line, sizeof(line), &m);
	puts(line);
	return 0;
}

int cmd_mounts(const struct options *o)
{
	struct orthros_reader *r = open_reader(o, ORTHROS_NEED_FS);

	return close_reader(r, o, orthros_reader_mounts(r, print_mount, NULL) ? 1 : 0);
}

/* What "files" does with each file: where it is and where to copy it. */
struct file_walk {
	const struct options *o;
	struct orthros_mount_info m;
	u64 size;
	int fd;
	unsigned int pages, dirty;
	bool bad;
};

static int copy_folio(struct orthros_reader *r, const struct orthros_folio_info *f, void *arg)
{
	struct file_walk *w = arg;
	char page[ORTHROS_READER_PAGE_SIZE];
	unsigned int i;

	w->pages += f->nr_pages;
	w->dirty += f->dirty ? f->nr_pages : 0;
	for (i = 0; w->fd >= 0 && i < f->nr_pages; i++) {
		u64 off = (f->index + i) * sizeof(page), len = sizeof(page);

		if (off >= w->size)
			break;
		if (len > w->size - off)
			len = w->size - off;
		if (orthros_reader_folio_read(r, f, (u64)i * sizeof(page), page, len) ||
		    pwrite(w->fd, page, len, off) != (ssize_t)len) {
			w->bad = true;
			break;
		}
	}
	return 0;
}

/* Open OUT_DIR/<path> for writing, making its directories. */
static int create_copy(const char *out_dir, const char *path)
{
	char name[2 * ORTHROS_READER_PATH_MAX], *slash;

	snprintf(name, sizeof(name), "%s%s", out_dir, path);
	slash = strrchr(name, '/');
	*slash = '\0';
	mkdir_p(name, 0755);	/* if it fails, so does the open */
	*slash = '/';
	return open(name, O_WRONLY | O_CREAT | O_TRUNC, 0644);
}

static int print_file(struct orthros_reader *r, u64 inode, void *arg)
{
	char path[ORTHROS_READER_PATH_MAX], line[ORTHROS_READER_LINE_MAX];
	struct file_walk *w = arg;
	struct orthros_inode_info i;
	int ret;

	w->fd = -1;
	w->pages = w->dirty = 0;
	w->bad = false;
	if (orthros_reader_inode(r, inode, &i)) {
		fprintf(stderr, "orthros-postmortem: inode at %#" PRIx64 " unreadable, skipped\n",
			inode);
		return 0;
	}
	if ((i.mode & 0170000) != 0100000 || !i.nrpages || !i.dentry)
		return 0;	/* not a regular file with cached data and a name */
	if (orthros_reader_file_path(r, &w->m, i.dentry, path, sizeof(path))) {
		fprintf(stderr, "orthros-postmortem: inode %" PRIu64 ": no path, skipped\n", i.ino);
		return 0;
	}
	w->size = i.size;
	if (w->o->out_dir)
		w->fd = create_copy(w->o->out_dir, path);
	ret = orthros_reader_folios(r, i.mapping, 1U << 24, copy_folio, w);
	if (w->fd >= 0 && (ftruncate(w->fd, w->size) || close(w->fd)))
		w->bad = true;
	if (ret || w->bad || (w->o->out_dir && w->fd < 0))
		fprintf(stderr, "orthros-postmortem: %s: page cache damaged or not copied\n", path);
	orthros_reader_format_file(line, sizeof(line), path, &i, w->pages, w->dirty,
				   ret || w->bad);
	puts(line);
	return 0;
}

/* Each file with cached pages on the mount, if its file system is -t's. */
static int mount_files(struct orthros_reader *r, u64 mnt, void *arg)
{
	struct file_walk *w = arg;

	if (orthros_reader_mount(r, mnt, &w->m) ||
	    (w->o->fstype && strcmp(w->m.fstype, w->o->fstype)))
		return 0;
	if (orthros_reader_inodes(r, w->m.sb, print_file, w))
		fprintf(stderr, "orthros-postmortem: %s: the inode list is corrupt; listed what could be reached\n",
			w->m.path);
	return 0;
}

int cmd_files(const struct options *o)
{
	static struct file_walk w;
	struct orthros_reader *r;
	int ret;

	w.o = o;
	r = open_reader(o, ORTHROS_NEED_FS | ORTHROS_NEED_PAGECACHE);
	ret = o->out_dir ? mkdir_p(o->out_dir, 0755) : 0;
	if (ret)
		die("%s: %s", o->out_dir, strerror(-ret));
	return close_reader(r, o, orthros_reader_mounts(r, mount_files, &w) ? 1 : 0);
}
