// SPDX-License-Identifier: GPL-2.0-only
/*
 * orthros_corrupt: damage structures the backup will read, then panic.
 *
 * Test module for the reader's robustness in a real kernel, as a stray
 * write would leave things:
 *
 *   pid=N          the task's task-list link points into a zeroed page
 *   bad_threads=N  the thread list of process N runs into a zeroed page
 *   bad_inode=P    the file's inode points at a zeroed address_space
 *   bad_folio=P    the file's folio at bad_folio_index= names another
 *                  mapping
 *   bad_journal=P  the ext4 journal of the file system holding P: its
 *                  running transaction's buffer list runs into a zeroed page
 *
 * then the kernel panics at once, before anything uses what was damaged.
 * The backup must report each damaged structure, skip it and still read
 * (and migrate) everything else.  Loading it never returns.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fs.h>
#include <linux/gfp.h>
#include <linux/jbd2.h>
#include <linux/journal-head.h>
#include <linux/module.h>
#include <linux/namei.h>
#include <linux/pagemap.h>
#include <linux/pid.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>

#include "ext4.h"	/* fs/ext4/'s, for the super block's journal */

static int pid;
module_param(pid, int, 0444);
MODULE_PARM_DESC(pid, "task whose task-list link to damage");
static int bad_threads;
module_param(bad_threads, int, 0444);
MODULE_PARM_DESC(bad_threads, "process whose thread list to damage");
static char *bad_inode;
module_param(bad_inode, charp, 0444);
MODULE_PARM_DESC(bad_inode, "file whose inode's i_mapping to damage");
static char *bad_folio;
module_param(bad_folio, charp, 0444);
MODULE_PARM_DESC(bad_folio, "file one of whose page-cache folios to damage");
static unsigned long bad_folio_index = 1;
module_param(bad_folio_index, ulong, 0444);
MODULE_PARM_DESC(bad_folio_index, "page index of that folio (default 1)");
static char *bad_journal;
module_param(bad_journal, charp, 0444);
MODULE_PARM_DESC(bad_journal, "a file on the ext4 file system whose journal to damage");

static struct inode *file_inode_of(const char *name)
{
	struct path path;
	struct inode *inode;

	if (kern_path(name, LOOKUP_FOLLOW, &path)) {
		pr_err("%s: not found\n", name);
		return NULL;
	}
	inode = igrab(d_inode(path.dentry));
	path_put(&path);
	return inode;
}

static int __init orthros_corrupt_init(void)
{
	unsigned long page = get_zeroed_page(GFP_KERNEL);
	struct task_struct *task = NULL, *threads = NULL;
	struct inode *inode = NULL, *folio_inode = NULL, *journal_inode = NULL;
	struct folio *folio = NULL;
	journal_t *journal = NULL;

	if (!page)
		return -ENOMEM;
	if (pid) {
		task = get_pid_task(find_get_pid(pid), PIDTYPE_PID);
		if (!task)
			goto bad;
	}
	if (bad_threads) {
		threads = get_pid_task(find_get_pid(bad_threads), PIDTYPE_PID);
		if (!threads)
			goto bad;
	}
	if (bad_inode) {
		inode = file_inode_of(bad_inode);
		if (!inode)
			goto bad;
	}
	if (bad_folio) {
		folio_inode = file_inode_of(bad_folio);
		if (!folio_inode)
			goto bad;
		folio = filemap_get_folio(folio_inode->i_mapping, bad_folio_index);
		if (IS_ERR(folio)) {
			pr_err("%s: no folio at index %lu\n", bad_folio, bad_folio_index);
			folio = NULL;
			goto bad;
		}
	}
	if (bad_journal) {
		journal_inode = file_inode_of(bad_journal);
		if (!journal_inode || strcmp(journal_inode->i_sb->s_type->name, "ext4"))
			goto bad;
		journal = EXT4_SB(journal_inode->i_sb)->s_journal;
		if (!journal || !journal->j_running_transaction ||
		    !journal->j_running_transaction->t_buffers) {
			pr_err("%s: no running transaction with buffers\n", bad_journal);
			goto bad;
		}
	}
	local_irq_disable();
	if (journal) {
		pr_emerg("%s: the journal's running transaction now links into a zeroed page\n",
			 bad_journal);
		WRITE_ONCE(journal->j_running_transaction->t_buffers->b_tnext,
			   (struct journal_head *)(page + 512));
	}
	if (task) {
		pr_emerg("task %d (%s): tasks.next now points into a zeroed page\n", pid,
			 task->comm);
		WRITE_ONCE(task->tasks.next, (struct list_head *)(page + 64));
	}
	if (threads) {
		pr_emerg("process %d (%s): its thread list now runs into a zeroed page\n",
			 bad_threads, threads->comm);
		WRITE_ONCE(threads->signal->thread_head.next, (struct list_head *)(page + 384));
	}
	if (inode) {
		pr_emerg("%s: i_mapping now points into a zeroed page\n", bad_inode);
		WRITE_ONCE(inode->i_mapping, (struct address_space *)(page + 128));
	}
	if (folio) {
		pr_emerg("%s: the folio at index %lu now names another mapping\n", bad_folio,
			 bad_folio_index);
		WRITE_ONCE(folio->mapping, (struct address_space *)(page + 256));
	}
	panic("orthros_corrupt: damaged on purpose");
bad:
	pr_err("nothing damaged: bad parameters\n");
	if (folio)
		folio_put(folio);
	if (folio_inode)
		iput(folio_inode);
	if (inode)
		iput(inode);
	if (journal_inode)
		iput(journal_inode);
	if (task)
		put_task_struct(task);
	if (threads)
		put_task_struct(threads);
	free_page(page);
	return -EINVAL;
}

module_init(orthros_corrupt_init);
MODULE_DESCRIPTION("Orthros test: damage what the backup reads, then panic");
MODULE_LICENSE("GPL");
