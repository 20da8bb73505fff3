// SPDX-License-Identifier: GPL-2.0-only
/*
 * orthros_corrupt: damage a structure the backup will read, then panic.
 *
 * Test module for the reader's robustness in a real kernel: the task
 * with pid= gets a task-list link that points into a zeroed page, as a
 * stray write would leave it, and the kernel panics at once, before
 * anything walks that list.  The backup must report the break, skip it
 * and still read everything else.  Loading it never returns.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/gfp.h>
#include <linux/module.h>
#include <linux/pid.h>
#include <linux/sched.h>
#include <linux/sched/task.h>

static int pid;
module_param(pid, int, 0444);
MODULE_PARM_DESC(pid, "task whose task-list link to damage (required)");

static int __init orthros_corrupt_init(void)
{
	struct task_struct *task;
	unsigned long page;

	page = get_zeroed_page(GFP_KERNEL);
	task = get_pid_task(find_get_pid(pid), PIDTYPE_PID);
	if (!task || !page) {
		pr_err("no task with pid %d (or no memory)\n", pid);
		free_page(page);
		return -EINVAL;
	}
	local_irq_disable();
	pr_emerg("task %d (%s): tasks.next now points into a zeroed page\n", pid, task->comm);
	WRITE_ONCE(task->tasks.next, (struct list_head *)(page + 64));
	panic("orthros_corrupt: task list damaged on purpose");
}

module_init(orthros_corrupt_init);
MODULE_DESCRIPTION("Orthros test: damage the task list, then panic");
MODULE_LICENSE("GPL");
