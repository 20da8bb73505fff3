// SPDX-License-Identifier: GPL-2.0-only
/*
 * Orthros reader: the primary's tasks.  Their state bits come from its
 * offset table (NUMBER(TASK_RUNNING), ...), not from this kernel's.
 */
#include "internal.h"

#define MAX_TASKS	100000

static const struct orthros_entry entries[] = {
	ORTHROS_ENTRY("SYMBOL(init_task)", task.init_task),
	ORTHROS_ENTRY("OFFSET(task_struct.tasks)", task.tasks),
	ORTHROS_ENTRY("OFFSET(task_struct.pid)", task.pid),
	ORTHROS_ENTRY("OFFSET(task_struct.comm)", task.comm),
	ORTHROS_ENTRY("MSIZE(task_struct.comm)", task.comm_size),
	ORTHROS_ENTRY("OFFSET(task_struct.__state)", task.state),
	ORTHROS_ENTRY("OFFSET(task_struct.mm)", task.mm),
	ORTHROS_ENTRY("NUMBER(TASK_RUNNING)", task.running),
	ORTHROS_ENTRY("NUMBER(TASK_INTERRUPTIBLE)", task.interruptible),
	ORTHROS_ENTRY("NUMBER(TASK_UNINTERRUPTIBLE)", task.uninterruptible),
	ORTHROS_ENTRY("NUMBER(__TASK_STOPPED)", task.stopped),
	ORTHROS_ENTRY("NUMBER(__TASK_TRACED)", task.traced),
	ORTHROS_ENTRY("NUMBER(EXIT_DEAD)", task.exit_dead),
	ORTHROS_ENTRY("NUMBER(EXIT_ZOMBIE)", task.exit_zombie),
	ORTHROS_ENTRY("NUMBER(TASK_PARKED)", task.parked),
	ORTHROS_ENTRY("NUMBER(TASK_DEAD)", task.dead),
	ORTHROS_ENTRY("NUMBER(TASK_NOLOAD)", task.noload),
};

static const char *check(const struct orthros_layout *l)
{
	if (l->task.comm_size >= sizeof(((struct orthros_task_info *)0)->comm))
		return "task_struct.comm is too long";
	return NULL;
}

const struct orthros_subject orthros_task_subject = {
	.name = "tasks",
	.entries = entries,
	.nr_entries = ARRAY_SIZE(entries),
	.implies = ORTHROS_NEED_LISTS,
	.check = check,
};

/* ps's letter for a state, in the precedence of the kernel's own. */
static char state_letter(const struct orthros_layout_task *l, u64 state)
{
	const struct { u64 mask; char letter; } letters[] = {
		{ l->noload, 'I' },		/* idle kernel threads */
		{ l->interruptible, 'S' },
		{ l->uninterruptible, 'D' },
		{ l->stopped | l->traced, 'T' },
		{ l->parked, 'P' },		/* a CPU's threads, CPU offline */
		{ l->exit_dead | l->exit_zombie | l->dead, 'Z' },
	};
	unsigned int i;

	if (state == l->running)
		return 'R';
	for (i = 0; i < ARRAY_SIZE(letters); i++)
		if (state & letters[i].mask)
			return letters[i].letter;
	return '?';
}

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
	const struct orthros_layout_task *l = &r->l.task;
	int ret = orthros_reader_need(r, ORTHROS_NEED_TASKS);

	memset(t, 0, sizeof(*t));
	t->task = task;
	ret = ret ?: orthros_reader_read(r, task + l->pid, &t->pid, sizeof(t->pid)) ?:
	      orthros_reader_read(r, task + l->comm, t->comm, l->comm_size) ?:
	      orthros_reader_read(r, task + l->state, &t->state, sizeof(t->state)) ?:
	      orthros_read_u64(r, task + l->mm, &t->mm);
	t->comm[sizeof(t->comm) - 1] = '\0';
	t->letter = state_letter(l, t->state);
	return ret;
}
EXPORT_SYMBOL_GPL(orthros_reader_task);

/**
 * orthros_reader_tasks() - visit init_task and every task on its list
 * @r: the reader
 * @fn: called with each task_struct's address
 * @arg: passed to @fn
 *
 * Return: 0, @fn's non-zero return, or a negative errno (logged) after
 * every task that could be reached (a broken list is walked around).
 */
int orthros_reader_tasks(struct orthros_reader *r,
			 int (*fn)(struct orthros_reader *r, u64 task, void *arg), void *arg)
{
	const struct orthros_layout_task *l = &r->l.task;

	return orthros_reader_need(r, ORTHROS_NEED_TASKS) ?:
	       fn(r, l->init_task, arg) ?:
	       orthros_list_walk(r, l->init_task + l->tasks, l->tasks, "task_struct.tasks",
				 MAX_TASKS, fn, arg);
}
EXPORT_SYMBOL_GPL(orthros_reader_tasks);

/**
 * orthros_reader_format_task() - a task as orthros-postmortem lists it
 * @buf: the line, without newline
 * @len: size of @buf
 * @t: the task, from orthros_reader_task()
 *
 * "task PID COMM STATE": the one definition, for every lister of tasks
 * (whose lines tests compare byte for byte).
 *
 * Return: as snprintf().
 */
int orthros_reader_format_task(char *buf, size_t len, const struct orthros_task_info *t)
{
	return snprintf(buf, len, "task %d %s %c", t->pid, t->comm, t->letter);
}
EXPORT_SYMBOL_GPL(orthros_reader_format_task);
