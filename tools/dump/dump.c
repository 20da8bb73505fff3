// SPDX-License-Identifier: GPL-2.0-only
/*
 * orthros-dump: translate the frozen primary's processes into criu images.
 *
 * The reader (modules/orthros_reader/process.c) gives the facts of each
 * task; this file decides what they mean for a restore (which system call
 * to restart, which pages are the process's own, which files it can
 * reopen) and writes them with criu-image.c.  criu restores the tree;
 * why criu, and what is carried, is in Documentation/design.rst.
 *
 * A process whose state cannot be carried (ptraced, a socket, a page out
 * on swap, a damaged structure) is logged and left out with its
 * descendants; every other process is still written.
 */
#include <arpa/inet.h>
#include <cpuid.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "criu-image.h"
#include "dump.h"
#include "reader.h"

#define MAX_PROCS	4096
#define MAX_THREADS	4096
#define MAX_OBJS	16384
#define MAX_VMAS	65536
#define PIPE_BUF_MAX	(1 << 20)
#define XSAVE_MAX	16384
#define MAX_SIGQUEUE	1024
#define AT_NULL_	0

/* Errnos a system call leaves in ax when the kernel will restart it. */
#define ERESTARTSYS		512
#define ERESTARTNOINTR		513
#define ERESTARTNOHAND		514
#define ERESTART_RESTARTBLOCK	516

/* x86_64 system calls that make a task, and the flag that writes its tid. */
#define NR_CLONE		56
#define NR_FORK			57
#define NR_VFORK		58
#define NR_CLONE3		435
#define CLONE_VFORK_		0x00004000
#define CLONE_PARENT_SETTID_	0x00100000
#define MAX_FORKS		64
#define MAX_CPUS		1024

/*
 * Calls a thread found inside (asleep or preempted, not on a CPU) makes
 * again from the start with the same outcome: they sleep, if at all,
 * before any effect (reads, waits; recvfrom and recvmsg without
 * MSG_WAITALL), or doing them twice is doing them once (fsync).  The
 * writes are judged by their file (restart_hazard()).
 */
static const long calls_restart_exact[] = {
	0 /* read */, 7 /* poll */, 17 /* pread64 */, 19 /* readv */, 23 /* select */,
	24 /* sched_yield */, 34 /* pause */, 35 /* nanosleep */, 43 /* accept */,
	45 /* recvfrom */, 47 /* recvmsg */, 61 /* wait4 */, 73 /* flock */, 74 /* fsync */,
	75 /* fdatasync */, 128 /* rt_sigtimedwait */, 130 /* rt_sigsuspend */, 162 /* sync */,
	202 /* futex */, 230 /* clock_nanosleep */, 232 /* epoll_wait */, 247 /* waitid */,
	270 /* pselect6 */, 271 /* ppoll */, 281 /* epoll_pwait */, 288 /* accept4 */,
	295 /* preadv */, 327 /* preadv2 */, 441 /* epoll_pwait2 */, 449 /* futex_waitv */
};

/* Writes: exact again on a regular file without O_APPEND (restart_hazard()). */
#define NR_WRITE		1
#define NR_PWRITE64		18
#define NR_WRITEV		20
#define NR_PWRITEV		296
#define NR_PWRITEV2		328
#define NR_RECVFROM		45
#define NR_RECVMSG		47
#define MSG_WAITALL_		0x100
#define O_APPEND_		02000
#define RWF_APPEND_		0x10
#define PIPE_BUF_		4096	/* a pipe write up to this is all or nothing */

/* Calls that swap the signal mask while they sleep (saved_sigmask). */
static const long mask_swapping_calls[] = { 130 /* rt_sigsuspend */, 270 /* pselect6 */,
					    271 /* ppoll */, 281 /* epoll_pwait */,
					    441 /* epoll_pwait2 */ };

struct proc {
	u64 task;
	int pid;
	bool skip, zombie;
	char why[160];
	struct orthros_process_info *info;
};

/* Kernel objects by address, to the small ids criu compares. */
struct ids {
	u64 addr[MAX_OBJS];
	unsigned int nr;
};

/* A thread of the namespace, as the fork-in-flight pass needs it. */
struct brief {
	u64 task, mm;
	int tid;
	u64 vfork_done, set_child_tid, stack, stack_end;
	struct orthros_user_regs regs;
};

/* A 4-byte store the kernel owed a task's memory at the freeze. */
struct poke {
	u64 mm, va;
	u32 val;
	bool done;
};

struct dump {
	struct orthros_reader *r;
	int dirfd;
	u64 ns;
	struct dump_result *res;
	const struct dump_options *opt;
	struct proc procs[MAX_PROCS];
	unsigned int nr_procs;
	struct ids ids;			/* id = index + 1 + ROOT_IDS */
	struct criu_img *files, *pipes, *fifos;
	struct criu_xstate_layout xl;
	u32 pages_id;
	char path[ORTHROS_READER_PATH_MAX];
	struct brief *briefs;		/* every thread, for forks in flight */
	unsigned int nr_briefs;
	struct { u64 task; long ax; } forks[MAX_FORKS];	/* completed: what they return */
	unsigned int nr_forks;
	struct poke pokes[MAX_FORKS];
	unsigned int nr_pokes;
	int cpu_tids[MAX_CPUS];		/* what each CPU ran (orthros_reader_cpu_tids) */
	int nr_cpu_tids;		/* < 0: not known */
};

/* The restorer's own namespaces: ids 1..ROOT_IDS. */
enum { ROOT_PID_NS = 1, ROOT_NET_NS, ROOT_IPC_NS, ROOT_UTS_NS, ROOT_MNT_NS, ROOT_USER_NS,
       ROOT_CGROUP_NS, ROOT_TIME_NS, ROOT_VM, ROOT_FILES, ROOT_FS, ROOT_SIGHAND, TIME_NS,
       ROOT_IDS };

static void say(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("orthros-dump: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

/* Add @pid to the list @list ("2,51,..."), cut short when full. */
static void append_pid(char *list, size_t size, int pid)
{
	size_t n = strlen(list);

	snprintf(list + n, size - n, "%s%d", n ? "," : "", pid);
}

static void skip(struct proc *p, const char *fmt, ...)
{
	va_list ap;

	if (p->skip)
		return;
	p->skip = true;
	va_start(ap, fmt);
	vsnprintf(p->why, sizeof(p->why), fmt, ap);
	va_end(ap);
}

/* The id of a kernel object; *is_new tells its first sight. */
static u32 obj_id(struct dump *d, u64 addr, bool *is_new)
{
	unsigned int i;

	*is_new = false;
	for (i = 0; i < d->ids.nr; i++)
		if (d->ids.addr[i] == addr)
			return i + 1 + ROOT_IDS;
	if (d->ids.nr == MAX_OBJS)
		return 0;
	d->ids.addr[d->ids.nr++] = addr;
	*is_new = true;
	return d->ids.nr + ROOT_IDS;
}

static struct proc *find_proc(struct dump *d, int pid)
{
	unsigned int i;

	for (i = 0; i < d->nr_procs; i++)
		if (d->procs[i].pid == pid)
			return &d->procs[i];
	return NULL;
}

static int collect(struct orthros_reader *r, u64 task, int pid, void *arg)
{
	struct dump *d = arg;
	struct proc *p;

	if (d->nr_procs == MAX_PROCS) {
		say("more than %d processes: the rest are not carried", MAX_PROCS);
		return 1;
	}
	p = &d->procs[d->nr_procs++];
	memset(p, 0, sizeof(*p));
	p->task = task;
	p->pid = pid;
	p->info = malloc(sizeof(*p->info));
	if (!p->info)
		return -ENOMEM;
	if (orthros_reader_process(r, task, d->ns, p->info))
		skip(p, "its process state cannot be read");
	else if (p->info->nested)
		skip(p, "it is in a pid namespace of its own (nested namespaces are not carried)");
	return 0;
}

/* A skipped process takes its descendants along: criu restores a tree. */
static void skip_orphans(struct dump *d)
{
	bool again = true;
	unsigned int i;

	while (again) {
		again = false;
		for (i = 0; i < d->nr_procs; i++) {
			struct proc *p = &d->procs[i], *parent;

			if (p->skip || p->pid == 1)
				continue;
			parent = find_proc(d, p->info->ppid);
			if (!parent || parent->skip) {
				skip(p, parent ? "its parent %d is left out" : "its parent is not in the namespace",
				     p->info->ppid);
				again = true;
			}
		}
	}
}

/* ---- Threads: registers, the system call in flight, the FPU. ---- */

/* The kernel's comm is TASK_COMM_LEN too: nothing is cut. */
static void set_comm(char comm[CRIU_COMM_LEN], const char *from)
{
	memcpy(comm, from, CRIU_COMM_LEN - 1);
	comm[CRIU_COMM_LEN - 1] = '\0';
}

static bool call_in(const long *calls, unsigned int nr_calls, long nr)
{
	unsigned int i;

	for (i = 0; i < nr_calls; i++)
		if (calls[i] == nr)
			return true;
	return false;
}

static bool swaps_mask(long nr)
{
	return call_in(mask_swapping_calls, ARRAY_SIZE(mask_swapping_calls), nr);
}

static int read_user(struct orthros_reader *r, u64 pgd, u64 va, void *buf, size_t len);

/* ---- A fork, clone or vfork in flight at the freeze. ---- */

static bool is_fork_call(long nr)
{
	return nr == NR_CLONE || nr == NR_FORK || nr == NR_VFORK || nr == NR_CLONE3;
}

static int brief_thread(struct orthros_reader *r, u64 task, void *arg)
{
	static struct orthros_thread_info t;
	struct dump *d = arg;
	struct brief *b;

	if (d->nr_briefs == MAX_THREADS || orthros_reader_thread(r, task, d->ns, &t))
		return 0;	/* write_process() finds it again, and says */
	b = &d->briefs[d->nr_briefs++];
	b->task = task;
	b->mm = t.basic.mm;
	b->tid = t.tid;
	b->vfork_done = t.vfork_done;
	b->set_child_tid = t.set_child_tid;
	b->stack = t.stack;
	b->stack_end = t.stack_end;
	b->regs = t.regs;
	return 0;
}

static void poke(struct dump *d, u64 mm, u64 va, u32 val)
{
	if (d->nr_pokes == MAX_FORKS) {
		say("more than %d forks in flight: tid at %#llx not written", MAX_FORKS,
		    (unsigned long long)va);
		return;
	}
	d->pokes[d->nr_pokes++] = (struct poke){ .mm = mm, .va = va, .val = val };
}

/*
 * A child about to return from its fork: copy_thread() gave it its
 * parent's registers at the call with ax 0 (the parent's side never
 * returns 0), and it has not entered the kernel since, which would have
 * saved others.
 */
static bool fork_child(const struct brief *b)
{
	return is_fork_call(b->regs.orig_ax) && !b->regs.ax;
}

/* ... and the one @parent's call made: the same registers but the stack. */
static bool forked_by(const struct brief *child, const struct brief *parent)
{
	struct orthros_user_regs a = child->regs, b = parent->regs;

	if (!fork_child(child))
		return false;
	a.ax = b.ax = 0;
	a.sp = b.sp = 0;
	return !memcmp(&a, &b, sizeof(a));
}

/* A vfork parent waits on a completion on its own kernel stack. */
static bool vforked_by(const struct brief *child, const struct brief *parent)
{
	return child->vfork_done >= parent->stack && child->vfork_done < parent->stack_end;
}

/* The flags and parent-tid pointer a clone call was given. */
static int clone_args(struct dump *d, const struct brief *b, u64 *flags, u64 *ptid)
{
	static struct orthros_mm_layout_info mm;
	u64 args[4];	/* struct clone_args: flags, pidfd, child_tid, parent_tid */

	*flags = 0;
	*ptid = 0;
	switch (b->regs.orig_ax) {
	case NR_CLONE:
		*flags = b->regs.di;
		*ptid = b->regs.dx;
		return 0;
	case NR_CLONE3:
		if (orthros_reader_mm_layout(d->r, b->mm, &mm) ||
		    read_user(d->r, mm.pgd, b->regs.di, args, sizeof(args)))
			return -EFAULT;
		*flags = args[0];
		*ptid = args[3];
		return 0;
	case NR_VFORK:
		*flags = CLONE_VFORK_;
		return 0;
	}
	return 0;
}

/*
 * A thread frozen in fork() after its child was made (the child is in
 * the tree) must not fork again: it returns the child's pid, and what
 * the kernel had still to write is written, the parent's tid store
 * (CLONE_PARENT_SETTID) and the child's first-run one (CLONE_CHILD_SETTID,
 * schedule_tail()).  A thread frozen before that point forks again from
 * the start.  From the moment the child may run, the primary's
 * kernel_clone() has put the child's pid in the parent's ax
 * (orthros_fork_made()), so that call is seen as finished.  Only on a
 * primary without that patch can a panic catch a parent, on its CPU,
 * still in the call with a child that has already entered the kernel
 * again (its registers are no longer the parent's): that fork is made
 * again, and the thread counted uncertain.  Pids are taken as rising:
 * after a wrap, "newest" may pick the older of two candidates.
 */
static void forks_in_flight(struct dump *d)
{
	unsigned int i, j;
	u64 flags, ptid;

	d->briefs = calloc(MAX_THREADS, sizeof(*d->briefs));
	if (!d->briefs) {
		say("no memory to look for forks in flight");
		return;
	}
	for (i = 0; i < d->nr_procs; i++)
		if (!d->procs[i].skip)
			orthros_reader_threads(d->r, d->procs[i].task, brief_thread, d);
	for (i = 0; i < d->nr_briefs; i++) {
		const struct brief *c = &d->briefs[i];

		/* Written again if its first run did: the same value. */
		if (fork_child(c) && c->set_child_tid)
			poke(d, c->mm, c->set_child_tid, c->tid);
	}
	for (i = 0; i < d->nr_briefs; i++) {
		const struct brief *p = &d->briefs[i], *c = NULL;

		if (!is_fork_call(p->regs.orig_ax) || (long)p->regs.ax != -ENOSYS)
			continue;
		/*
		 * Two children with its registers: an earlier fork of the same
		 * loop whose child has not run yet.  The newest is this call's.
		 */
		for (j = 0; j < d->nr_briefs; j++)
			if (j != i && (forked_by(&d->briefs[j], p) || vforked_by(&d->briefs[j], p)) &&
			    (!c || d->briefs[j].tid > c->tid))
				c = &d->briefs[j];
		if (!c)
			continue;
		if (d->nr_forks == MAX_FORKS)
			break;
		d->forks[d->nr_forks].task = p->task;
		d->forks[d->nr_forks++].ax = c->tid;
		d->res->forks++;
		say("thread %d was in system call %lld with its child %d made: the call returns %d",
		    p->tid, (long long)p->regs.orig_ax, c->tid, c->tid);
		if (clone_args(d, p, &flags, &ptid))
			say("thread %d: its clone arguments cannot be read", p->tid);
		else if ((flags & CLONE_PARENT_SETTID_) && ptid)
			poke(d, p->mm, ptid, c->tid);
	}
}

/* Whether @t's call is one forks_in_flight() completed, and its result. */
static bool fork_done(struct dump *d, u64 task, long *ax)
{
	unsigned int i;

	for (i = 0; i < d->nr_forks; i++)
		if (d->forks[i].task == task) {
			*ax = d->forks[i].ax;
			return true;
		}
	return false;
}

struct fd_lookup {
	int fd;
	u64 file;
};

static int match_fd(struct orthros_reader *r, int fd, u64 file, bool cloexec, void *arg)
{
	struct fd_lookup *l = arg;

	if (fd != l->fd)
		return 0;
	l->file = file;
	return 1;
}

/*
 * Why making @t's call again from the start may not be exact, though no
 * CPU was executing it: NULL if it is.  A write may sleep after part of
 * its effect (dirty-page throttling, a journal's lock, a full pipe, or
 * preempted after its copy): made again on a regular file without
 * O_APPEND it writes the same bytes at the same offset (the file's
 * position moves only once the call is done), and a pipe write of at most
 * PIPE_BUF waits before writing anything; any other write may happen
 * twice.  Of the other calls, only those of calls_restart_exact[] are
 * known to be exact.
 */
static const char *restart_hazard(struct dump *d, struct proc *p,
				  const struct orthros_thread_info *t)
{
	long nr = (long)t->regs.orig_ax;
	struct fd_lookup l = { .fd = (int)t->regs.di };
	struct orthros_file_info f;
	bool positional = nr == NR_PWRITE64 || nr == NR_PWRITEV || nr == NR_PWRITEV2;

	if ((nr == NR_RECVFROM && (t->regs.r10 & MSG_WAITALL_)) ||
	    (nr == NR_RECVMSG && (t->regs.dx & MSG_WAITALL_)))
		return "a receive with MSG_WAITALL, which may have taken part of its data";
	if (call_in(calls_restart_exact, ARRAY_SIZE(calls_restart_exact), nr))
		return NULL;
	if (nr != NR_WRITE && nr != NR_WRITEV && !positional)
		return "a call that may have had part of its effect";
	if (orthros_reader_fds(d->r, p->info->files, match_fd, &l) < 0 || !l.file ||
	    orthros_reader_file(d->r, l.file, &f))
		return "a write to a file that cannot be read";
	if (S_ISREG(f.mode) && !(f.flags & O_APPEND_) &&
	    !(nr == NR_PWRITEV2 && (t->regs.r9 & RWF_APPEND_)))
		return NULL;
	if (S_ISREG(f.mode))
		return "an appending write to a regular file, which may have written part";
	if ((S_ISFIFO(f.mode) || !strcmp(f.fstype, "pipefs")) && nr == NR_WRITE &&
	    t->regs.dx <= PIPE_BUF_)
		return NULL;
	return "a write that may have written part";
}

/*
 * A thread stopped inside a system call resumes by making it again, as
 * the kernel itself would after a signal without a handler: ip back over
 * the 2-byte syscall instruction, ax the call's number.  That is exact for
 * a call stopped at a restart point (-ERESTART*), and for one that sleeps
 * before any effect (read, wait, accept, futex, nanosleep, poll...),
 * which is where a frozen thread almost always is.  Where it may not be
 * (restart_hazard(), or a CPU was executing the call), it is said and
 * counted.  Returns whether the call is restarted.
 */
static int restart_syscall(struct dump *d, u64 pgd, struct proc *p, struct orthros_thread_info *t,
			   bool *restart)
{
	long nr = (long)t->regs.orig_ax, ax = (long)t->regs.ax;
	unsigned char insn[2];
	const char *hazard = NULL;

	*restart = false;
	if (nr < 0)
		return 0;	/* not in a system call: an interrupt, a fault */
	if (fork_done(d, t->task, &ax)) {
		t->regs.ax = ax;
		return 0;
	}
	if (ax != -ENOSYS && ax != -ERESTARTSYS && ax != -ERESTARTNOINTR &&
	    ax != -ERESTARTNOHAND && ax != -ERESTART_RESTARTBLOCK)
		return 0;	/* the call is done: its result is delivered */
	if (read_user(d->r, pgd, t->regs.ip - 2, insn, 2) || insn[0] != 0x0f || insn[1] != 0x05)
		return -EINVAL;
	/*
	 * A call a CPU was executing (a panic does not wait for it) may have
	 * made progress whatever it is, a fork too on a primary without
	 * orthros_fork_made() (its child, if made and already run, is made a
	 * second time); one asleep or preempted may have, depending on the call.
	 */
	if (ax == -ENOSYS)
		hazard = t->on_cpu ? "executing on a CPU" : restart_hazard(d, p, t);
	if (hazard) {
		say("process %d: thread %d was inside system call %ld at the freeze (%s): made again from the start (what it had done may happen twice)",
		    p->pid, t->tid, nr, hazard);
		d->res->uncertain++;
		append_pid(d->res->uncertain_pids, sizeof(d->res->uncertain_pids), p->pid);
	}
	t->regs.ip -= 2;
	t->regs.ax = t->regs.orig_ax;
	if (swaps_mask(nr))
		t->blocked = t->saved_sigmask;
	*restart = true;
	return 0;
}

/* CPUID 0xD: whether a state component is 64-byte aligned when compacted. */
static bool xfeature_aligned(unsigned int i)
{
	unsigned int a, b, c, dx;

	__cpuid_count(0xd, i, a, b, c, dx);
	return c & 2;
}

static u32 xfeature_size(unsigned int i)
{
	unsigned int a, b, c, dx;

	__cpuid_count(0xd, i, a, b, c, dx);
	return a;
}

/*
 * The kernel keeps the FPU state in the compacted format when the CPU
 * has XSAVES; criu takes the standard one.  Move each user component to
 * its standard offset.
 */
static int xsave_standard(struct dump *d, const u8 *kbuf, u32 ksize, u8 *out)
{
	u64 xstate_bv, xcomp_bv;
	u32 off = 576, size;
	unsigned int i;

	memset(out, 0, d->xl.size);
	if (!d->xl.xsave) {
		memcpy(out, kbuf, 512);
		return 0;
	}
	memcpy(&xstate_bv, kbuf + 512, 8);
	memcpy(&xcomp_bv, kbuf + 520, 8);
	if (!(xcomp_bv & (1ULL << 63))) {
		memcpy(out, kbuf, ksize < d->xl.size ? ksize : d->xl.size);
		return 0;
	}
	memcpy(out, kbuf, 512);
	xstate_bv &= d->xl.xfeatures;
	memcpy(out + 512, &xstate_bv, 8);
	for (i = 2; i < 63; i++) {
		if (!(xcomp_bv & (1ULL << i)))
			continue;
		if (xfeature_aligned(i))
			off = (off + 63) & ~63U;
		size = xfeature_size(i);
		if (off + size > ksize)
			return -EINVAL;
		if (i < CRIU_XFEATURES && (xstate_bv & (1ULL << i)) &&
		    d->xl.offset[i] + size <= d->xl.size)
			memcpy(out + d->xl.offset[i], kbuf + off, size);
		off += size;
	}
	return 0;
}

static void creds_of(const struct orthros_cred *c, struct criu_creds *cc)
{
	const u64 *caps = c->caps;

	cc->uid = c->ids[0];
	cc->gid = c->ids[1];
	cc->suid = c->ids[2];
	cc->sgid = c->ids[3];
	cc->euid = c->ids[4];
	cc->egid = c->ids[5];
	cc->fsuid = c->ids[6];
	cc->fsgid = c->ids[7];
	cc->cap_inh[0] = caps[0];
	cc->cap_inh[1] = caps[0] >> 32;
	cc->cap_prm[0] = caps[1];
	cc->cap_prm[1] = caps[1] >> 32;
	cc->cap_eff[0] = caps[2];
	cc->cap_eff[1] = caps[2] >> 32;
	cc->cap_bnd[0] = caps[3];
	cc->cap_bnd[1] = caps[3] >> 32;
	cc->secbits = c->securebits;
}

struct thread_walk {
	struct dump *d;
	struct proc *p;
	u64 pgd;
	u32 tids[MAX_THREADS];
	struct orthros_thread_info *threads;
	unsigned int nr;
};

static int collect_thread(struct orthros_reader *r, u64 task, void *arg)
{
	struct thread_walk *w = arg;

	if (w->nr == MAX_THREADS)
		return -E2BIG;
	if (orthros_reader_thread(r, task, w->d->ns, &w->threads[w->nr]))
		return -EUCLEAN;
	w->tids[w->nr] = w->threads[w->nr].tid;
	w->nr++;
	return 0;
}

/*
 * Whether @t's FPU registers may be newer in a CPU than in its memory: it
 * is on a CPU, the freeze did not save them, and it is what that CPU ran.
 * A thread halfway through a context switch, on a CPU but not the one it
 * ran, had them saved when it was last switched out.
 */
static bool fpu_in_cpu(struct dump *d, const struct orthros_thread_info *t)
{
	int i;

	if (t->fpu_saved)
		return false;
	if (d->nr_cpu_tids < 0)
		return true;	/* no notes: any thread on a CPU may be */
	for (i = 0; i < d->nr_cpu_tids; i++)
		if (d->cpu_tids[i] == t->host_tid)
			return true;
	return false;
}

static int write_thread(struct dump *d, struct proc *p, struct orthros_thread_info *t, u64 pgd,
			bool leader)
{
	static u8 kbuf[XSAVE_MAX], xsave[XSAVE_MAX];
	static u8 sig_thread[MAX_SIGQUEUE][ORTHROS_READER_SIGINFO];
	static u8 sig_shared[MAX_SIGQUEUE][ORTHROS_READER_SIGINFO];
	unsigned int nr_sig;
	struct orthros_process_info *pi = p->info;
	struct criu_x86_thread_info ti = { 0 };
	struct criu_thread_core tc = { 0 };
	static struct criu_task_core task;
	struct criu_core core = { .ti = &ti, .thread_core = &tc };
	bool restart;
	unsigned int i;
	int ret;

	if (t->ptrace)
		return skip(p, "thread %d is ptraced", t->tid), -EPERM;
	if (fpu_in_cpu(d, t))
		return skip(p, "thread %d ran at the freeze and its FPU state was not saved",
			    t->tid), -ENODATA;
	if (t->fpu_size > XSAVE_MAX || t->fpu_size < 512)
		return skip(p, "thread %d: FPU state of %u bytes", t->tid, t->fpu_size), -EUCLEAN;
	if (restart_syscall(d, pgd, p, t, &restart))
		return skip(p, "thread %d: no system call instruction before its ip", t->tid),
		       -EUCLEAN;
	d->res->restarted += restart;
	d->res->on_cpu += t->on_cpu;
	ret = orthros_reader_read(d->r, t->fpu_regs, kbuf, t->fpu_size);
	if (ret || xsave_standard(d, kbuf, t->fpu_size, xsave))
		return skip(p, "thread %d: its FPU state cannot be read", t->tid), -EUCLEAN;

	ti.clear_tid_addr = t->clear_child_tid;
	memcpy(&ti.gpregs, &t->regs, sizeof(t->regs));
	ti.gpregs.fs_base = t->fsbase;
	ti.gpregs.gs_base = t->gsbase;
	ti.gpregs.ds = t->ds;
	ti.gpregs.es = t->es;
	ti.gpregs.fs = t->fsindex;
	ti.gpregs.gs = t->gsindex;
	ti.xsave = xsave;
	ti.xsave_size = d->xl.xsave ? d->xl.size : 512;
	ti.layout = &d->xl;

	tc.futex_rla = t->robust_list;
	tc.futex_rla_len = t->robust_list ? 24 : 0;	/* sizeof(struct robust_list_head) */
	tc.sched_nice = t->static_prio - 120;
	tc.sched_policy = t->policy;
	tc.sched_prio = t->rt_priority;
	tc.blk_sigset = t->blocked;
	tc.sas.ss_sp = t->sas_ss_sp;
	tc.sas.ss_size = t->sas_ss_size;
	tc.sas.ss_flags = t->sas_ss_flags;
	tc.pdeath_sig = t->pdeath_signal;
	if (orthros_reader_sigqueue(d->r, t->sigqueue, sig_thread[0], MAX_SIGQUEUE, &nr_sig))
		return skip(p, "thread %d: its pending signals cannot be read", t->tid), -EUCLEAN;
	tc.signals_p.sig = (const struct criu_siginfo *)sig_thread;
	tc.signals_p.nr = nr_sig;
	creds_of(&t->cred, &tc.creds);
	set_comm(tc.comm, t->basic.comm);

	if (leader) {
		memset(&task, 0, sizeof(task));
		task.task_state = pi->stopped ? CRIU_TASK_STOPPED : CRIU_TASK_ALIVE;
		task.personality = t->personality;
		task.flags = t->flags;
		task.blk_sigset = t->blocked;
		set_comm(task.comm, t->basic.comm);
		for (i = 0; i < pi->nr_rlimits && i < CRIU_RLIM_NLIMITS; i++) {
			task.rlimits[i].cur = pi->rlim[i].cur;
			task.rlimits[i].max = pi->rlim[i].max;
		}
		for (i = 0; i < CRIU_NSIG && i < ORTHROS_READER_NSIG; i++) {
			task.sigactions[i].handler = pi->sigactions[i].handler;
			task.sigactions[i].flags = pi->sigactions[i].flags;
			task.sigactions[i].restorer = pi->sigactions[i].restorer;
			task.sigactions[i].mask = pi->sigactions[i].mask;
		}
		if (orthros_reader_sigqueue(d->r, pi->shared_sigqueue, sig_shared[0], MAX_SIGQUEUE,
					    &nr_sig))
			return skip(p, "its pending signals cannot be read"), -EUCLEAN;
		task.signals_s.sig = (const struct criu_siginfo *)sig_shared;
		task.signals_s.nr = nr_sig;
		core.tc = &task;
	}
	ret = criu_write_core(d->dirfd, t->tid, &core);
	if (ret)
		say("core-%d.img: %s", t->tid, strerror(-ret));
	return ret;
}

/* ---- Memory: VMAs, and the pages that are the process's own. ---- */

struct page_read {
	u64 va;
	u8 *buf;
	size_t len, done;
};

static int copy_user_page(struct orthros_reader *r, u64 va, u64 pfn, void *arg)
{
	struct page_read *pr = arg;
	u64 off = va > pr->va ? va - pr->va : 0;
	u64 in = va < pr->va ? pr->va - va : 0;
	size_t n = 4096 - in;

	if (off >= pr->len)
		return 1;
	if (n > pr->len - off)
		n = pr->len - off;
	pr->done += n;
	return orthros_reader_read_pfn(r, pfn, in, pr->buf + off, n);
}

/* User memory of the primary: -EFAULT where nothing is mapped. */
static int read_user(struct orthros_reader *r, u64 pgd, u64 va, void *buf, size_t len)
{
	struct page_read pr = { .va = va, .buf = buf, .len = len };
	int ret;

	ret = orthros_reader_user_pages(r, pgd, va & ~4095ULL, va + len, copy_user_page, &pr);
	if (ret < 0)
		return ret;
	return pr.done == len ? 0 : -EFAULT;
}

struct pages_walk {
	struct dump *d;
	u64 mm;				/* whose pokes apply */
	struct criu_pagemap *pm;
	bool only_anon;			/* a private file mapping: its COW copies */
	u64 run_start, run_next;	/* the present run being gathered */
	u64 *pfns;
	unsigned int nr;
	u64 pages;
};

#define RUN_MAX	512

static void apply_pokes(struct pages_walk *w, u64 va, u8 *page)
{
	struct dump *d = w->d;
	unsigned int i;

	for (i = 0; i < d->nr_pokes; i++) {
		struct poke *k = &d->pokes[i];

		if (k->mm == w->mm && k->va >= va && k->va + sizeof(k->val) <= va + 4096) {
			memcpy(page + (k->va - va), &k->val, sizeof(k->val));
			k->done = true;
		}
	}
}

/* The run's pages, gathered into one write: a write a page cost a third more. */
static int flush_run(struct pages_walk *w)
{
	static u8 run[RUN_MAX][4096];
	unsigned int i;
	int ret;

	if (!w->nr)
		return 0;
	ret = criu_pagemap_add(w->pm, w->run_start, w->nr, CRIU_PE_PRESENT);
	for (i = 0; !ret && i < w->nr; i++) {
		ret = orthros_reader_read_pfn(w->d->r, w->pfns[i], 0, run[i], sizeof(run[i]));
		apply_pokes(w, w->run_start + 4096ULL * i, run[i]);
	}
	ret = ret ?: criu_pages_write(w->pm, run, w->nr * sizeof(run[0]));
	w->pages += w->nr;
	w->nr = 0;
	return ret;
}

/* Close what is open; the first error, @ret's or the close's. */
static int pagemap_close(struct pages_walk *w, int ret)
{
	int cret = w->pm ? criu_pagemap_close(w->pm) : 0;

	w->pm = NULL;
	return ret ?: cret;
}

static int img_close(struct criu_img *img, int ret)
{
	int cret = img ? criu_img_close(img) : 0;

	return ret ?: cret;
}

static int add_page(struct orthros_reader *r, u64 va, u64 pfn, void *arg)
{
	struct pages_walk *w = arg;
	bool anon = true;
	int ret;

	if (w->only_anon && (orthros_reader_page_is_anon(r, pfn, &anon) || !anon))
		return 0;
	if (w->nr && (va != w->run_next || w->nr == RUN_MAX)) {
		ret = flush_run(w);
		if (ret)
			return ret;
	}
	if (!w->nr)
		w->run_start = va;
	w->pfns[w->nr++] = pfn;
	w->run_next = va + 4096;
	return 0;
}

/*
 * The vDSO's pages, all of them, from the primary's kernel image: criu
 * compares them with its own vDSO (and puts a proxy in between if they
 * differ), and a process has in its page tables only those it touched.
 */
static int vdso_pages(struct dump *d, struct pages_walk *w, const struct criu_vma *v)
{
	static u8 page[4096];
	u64 data, size, off;
	int ret;

	ret = orthros_reader_vdso(d->r, &data, &size);
	if (!ret && size != v->end - v->start)
		ret = -EUCLEAN;
	ret = ret ?: criu_pagemap_add(w->pm, v->start, size / 4096, CRIU_PE_PRESENT);
	for (off = 0; !ret && off < size; off += 4096)
		ret = orthros_reader_read(d->r, data + off, page, sizeof(page)) ?:
		      criu_pages_write(w->pm, page, sizeof(page));
	w->pages += size / 4096;
	return ret;
}

struct vma_walk {
	struct dump *d;
	struct proc *p;
	struct criu_vma *vmas;
	u64 *addrs;			/* each VMA's vm_area_struct */
	unsigned int nr;
};

static int collect_vma(struct orthros_reader *r, u64 vma, u64 start, u64 end, void *arg)
{
	struct vma_walk *w = arg;

	if (w->nr == MAX_VMAS)
		return -E2BIG;
	w->addrs[w->nr++] = vma;
	return 0;
}

static u32 reg_file(struct dump *d, struct proc *p, u64 file, bool *is_new);
static int path_of(struct dump *d, const struct orthros_path *path);

/*
 * Anonymous shared memory is a file on the kernel's internal shmem mount,
 * which has no path: its dentry is that mount's root.
 */
static bool is_anon_shared(struct dump *d, u64 file)
{
	struct orthros_file_info f;

	return !orthros_reader_file(d->r, file, &f) && !strcmp(f.fstype, "tmpfs") &&
	       !S_ISDIR(f.mode) && !path_of(d, &f.path) && !strcmp(d->path, "/");
}

struct shmem_walk {
	struct pages_walk *w;
	u64 pages;
};

static int add_shmem_folio(struct orthros_reader *r, const struct orthros_folio_info *f,
			   void *arg)
{
	struct shmem_walk *sw = arg;
	unsigned int i;
	int ret = 0;

	for (i = 0; !ret && i < f->nr_pages; i++)
		ret = add_page(r, (f->index + i) * 4096, f->pfn + i, sw->w);
	return ret;
}

/*
 * An anonymous shared mapping: criu makes one shared memory object per
 * shmid for every process that maps it, filled once from
 * pagemap-shmem-<shmid>.img (offsets in the object) with the pages of
 * the primary's object, its page cache.
 */
static int anon_shared(struct dump *d, struct proc *p, const struct orthros_vma_info *v,
		       struct criu_vma *e)
{
	static u64 pfns[RUN_MAX];
	struct pages_walk pw = { .d = d, .pfns = pfns };
	struct shmem_walk sw = { .w = &pw };
	struct orthros_inode_info ii;
	struct orthros_file_info f;
	bool is_new;
	int ret;

	ret = orthros_reader_file(d->r, v->file, &f) ?: orthros_reader_inode(d->r, f.inode, &ii);
	if (ret)
		return skip(p, "its shared memory cannot be read"), ret;
	e->status |= CRIU_VMA_ANON_SHARED;
	e->flags = MAP_SHARED | MAP_ANONYMOUS;
	e->shmid = obj_id(d, f.inode, &is_new);
	if (!is_new)
		return 0;
	ret = criu_pagemap_open(d->dirfd, e->shmid, ++d->pages_id, CRIU_PAGEMAP_SHMEM, &pw.pm);
	ret = ret ?: orthros_reader_folios(d->r, ii.mapping, 1U << 24, add_shmem_folio, &sw) ?:
	      flush_run(&pw);
	ret = pagemap_close(&pw, ret);
	if (ret)
		return skip(p, "its shared memory cannot be copied (%s)", strerror(-ret)), ret;
	d->res->pages += pw.pages;
	return 0;
}

/* One VMA as criu describes it; -EOPNOTSUPP (process skipped) if it cannot. */
static int vma_entry(struct dump *d, struct proc *p, const struct orthros_mm_layout_info *mm,
		     const struct orthros_vma_info *v, struct criu_vma *e)
{
	bool is_new;

	memset(e, 0, sizeof(*e));
	e->start = v->start;
	e->end = v->end;
	e->pgoff = v->pgoff << 12;
	e->prot = (v->flags & ORTHROS_VMA_READ ? PROT_READ : 0) |
		  (v->flags & ORTHROS_VMA_WRITE ? PROT_WRITE : 0) |
		  (v->flags & ORTHROS_VMA_EXEC ? PROT_EXEC : 0);
	e->status = CRIU_VMA_AREA_REGULAR;
	if (v->start == mm->vdso) {
		e->status |= CRIU_VMA_AREA_VDSO | CRIU_VMA_ANON_PRIVATE;
		e->flags = MAP_PRIVATE | MAP_ANONYMOUS;
		return 0;
	}
	if (v->end == mm->vdso && (v->flags & ORTHROS_VMA_PFNMAP)) {
		e->status |= CRIU_VMA_AREA_VVAR | CRIU_VMA_ANON_PRIVATE;
		e->flags = MAP_PRIVATE | MAP_ANONYMOUS;
		return 0;
	}
	if (v->flags & (ORTHROS_VMA_PFNMAP | ORTHROS_VMA_IO | ORTHROS_VMA_HUGETLB)) {
		skip(p, "a device or huge-page mapping at %#llx", (unsigned long long)v->start);
		return -EOPNOTSUPP;
	}
	if (v->file && (v->flags & ORTHROS_VMA_MAYSHARE) && is_anon_shared(d, v->file))
		return anon_shared(d, p, v, e);
	if (v->file) {
		e->shmid = reg_file(d, p, v->file, &is_new);
		if (!e->shmid)
			return -EOPNOTSUPP;
		e->has_fdflags = true;
		if (v->flags & ORTHROS_VMA_MAYSHARE) {
			e->status |= CRIU_VMA_FILE_SHARED;
			e->flags = MAP_SHARED;
			e->fdflags = v->flags & ORTHROS_VMA_WRITE ? O_RDWR : O_RDONLY;
		} else {
			e->status |= CRIU_VMA_FILE_PRIVATE;
			e->flags = MAP_PRIVATE;
			e->fdflags = O_RDONLY;
		}
		return 0;
	}
	if (v->flags & ORTHROS_VMA_MAYSHARE) {
		skip(p, "shared anonymous memory at %#llx (not carried yet)",
		     (unsigned long long)v->start);
		return -EOPNOTSUPP;
	}
	e->status |= CRIU_VMA_ANON_PRIVATE;
	e->flags = MAP_PRIVATE | MAP_ANONYMOUS;
	if (v->flags & ORTHROS_VMA_GROWSDOWN) {
		e->status |= CRIU_VMA_AREA_STACK;
		e->flags |= MAP_GROWSDOWN;
	}
	if (v->start >= mm->fields[4] && v->end <= ((mm->fields[5] + 4095) & ~4095ULL) &&
	    mm->fields[5] > mm->fields[4])
		e->status |= CRIU_VMA_AREA_HEAP;
	return 0;
}

/* A process left out gives the space its pages took to the others. */
static void discard_pages(struct dump *d, int pid, u32 pages_id)
{
	char name[32];

	snprintf(name, sizeof(name), "pagemap-%d.img", pid);
	unlinkat(d->dirfd, name, 0);
	snprintf(name, sizeof(name), "pages-%u.img", pages_id);
	unlinkat(d->dirfd, name, 0);
}

static int write_mm(struct dump *d, struct proc *p, u64 mm_addr, u64 *pgd)
{
	static struct orthros_mm_layout_info mm;
	static struct criu_vma vmas[MAX_VMAS];
	static u64 addrs[MAX_VMAS], pfns[RUN_MAX];
	struct vma_walk vw = { .d = d, .p = p, .vmas = vmas, .addrs = addrs };
	struct pages_walk pw = { .d = d, .mm = mm_addr, .pfns = pfns };
	struct criu_mm cm = { 0 };
	struct orthros_vma_info v;
	unsigned int i, nr_auxv;
	bool is_new;
	int ret;

	ret = orthros_reader_mm_layout(d->r, mm_addr, &mm);
	if (ret)
		return skip(p, "its address space cannot be read"), ret;
	*pgd = mm.pgd;
	ret = orthros_reader_vmas(d->r, mm_addr, collect_vma, &vw);
	if (ret)
		return skip(p, "its VMAs cannot be read (%s)", strerror(-ret)), ret;
	for (i = 0; i < vw.nr; i++) {
		ret = orthros_reader_vma(d->r, addrs[i], &v) ?:
		      vma_entry(d, p, &mm, &v, &vmas[i]);
		if (ret)
			return skip(p, "VMA %u cannot be carried", i), ret;
	}
	for (nr_auxv = 0; nr_auxv + 1 < mm.nr_auxv && nr_auxv + 2 <= CRIU_AUXV_MAX; nr_auxv += 2)
		if (mm.auxv[nr_auxv] == AT_NULL_)
			break;
	cm.start_code = mm.fields[0];
	cm.end_code = mm.fields[1];
	cm.start_data = mm.fields[2];
	cm.end_data = mm.fields[3];
	cm.start_brk = mm.fields[4];
	cm.brk = mm.fields[5];
	cm.start_stack = mm.fields[6];
	cm.arg_start = mm.fields[7];
	cm.arg_end = mm.fields[8];
	cm.env_start = mm.fields[9];
	cm.env_end = mm.fields[10];
	cm.saved_auxv = mm.auxv;
	cm.nr_saved_auxv = nr_auxv + 2;
	cm.vmas = vmas;
	cm.nr_vmas = vw.nr;
	if (mm.exe_file) {
		cm.exe_file_id = reg_file(d, p, mm.exe_file, &is_new);
		if (!cm.exe_file_id)
			return -EOPNOTSUPP;
	}
	ret = criu_write_mm(d->dirfd, p->pid, &cm);
	if (ret)
		return say("mm-%d.img: %s", p->pid, strerror(-ret)), ret;

	ret = criu_pagemap_open(d->dirfd, p->pid, ++d->pages_id, 0, &pw.pm);
	for (i = 0; !ret && i < vw.nr; i++) {
		/* Shared memory is not the process's: its pages are the object's. */
		if (vmas[i].status & (CRIU_VMA_AREA_VVAR | CRIU_VMA_FILE_SHARED |
				      CRIU_VMA_ANON_SHARED))
			continue;
		if (vmas[i].status & CRIU_VMA_AREA_VDSO) {
			ret = vdso_pages(d, &pw, &vmas[i]);
			continue;
		}
		pw.only_anon = vmas[i].status & CRIU_VMA_FILE_PRIVATE;
		ret = orthros_reader_user_pages(d->r, mm.pgd, vmas[i].start, vmas[i].end, add_page,
						&pw) ?: flush_run(&pw);
	}
	ret = pagemap_close(&pw, ret);
	if (ret) {
		discard_pages(d, p->pid, d->pages_id);
		if (ret == -ENOSPC)
			return skip(p, "its memory does not fit the space for images (%llu MiB copied)",
				    (unsigned long long)pw.pages >> 8), ret;
		return skip(p, "its memory cannot be copied (%s)", strerror(-ret)), ret;
	}
	d->res->pages += pw.pages;
	return 0;
}

/* ---- Files. ---- */

/*
 * The path criu reopens a file by, absolute.  The root directory comes
 * back from the reader as "": it has no name of its own.
 */
static int path_of(struct dump *d, const struct orthros_path *path)
{
	int ret = orthros_reader_path(d->r, path, d->path, sizeof(d->path));

	if (!ret && !d->path[0])
		snprintf(d->path, sizeof(d->path), "/");
	return ret ?: (d->path[0] == '/' ? 0 : -EINVAL);
}

/* A file criu reopens by path: its REG entry, written once per struct file. */
static u32 reg_file(struct dump *d, struct proc *p, u64 file, bool *is_new)
{
	struct orthros_file_info f;
	struct criu_file e = { .type = CRIU_FD_REG };
	u32 id = obj_id(d, file, is_new);

	if (!id || !*is_new)
		return id;
	if (orthros_reader_file(d->r, file, &f) || path_of(d, &f.path)) {
		skip(p, "a file it has cannot be read");
		return 0;
	}
	/* Only a directory is named "/": the rest are on no mount of ours. */
	if (!S_ISDIR(f.mode) && !strcmp(d->path, "/")) {
		skip(p, "it has a %s file with no path (anonymous shared memory?)", f.fstype);
		return 0;
	}
	e.id = id;
	e.reg.flags = f.flags;
	e.reg.pos = f.pos;
	e.reg.name = d->path;
	if (criu_file_add(d->files, &e)) {
		skip(p, "files.img cannot be written (%s)", d->path);
		return 0;
	}
	return id;
}

static int dir_file(struct dump *d, struct proc *p, const struct orthros_path *path, u32 *id)
{
	struct criu_file e = { .type = CRIU_FD_REG };
	bool is_new;

	/* Directories are named by (mount, dentry), which has no struct file. */
	*id = obj_id(d, path->dentry ^ path->mnt ^ 1, &is_new);
	if (!*id)
		return -E2BIG;
	if (!is_new)
		return 0;
	if (path_of(d, path))
		return skip(p, "its working or root directory cannot be read"), -EUCLEAN;
	e.id = *id;
	e.reg.flags = O_RDONLY | O_DIRECTORY;
	e.reg.name = d->path;
	if (criu_file_add(d->files, &e))
		return skip(p, "files.img cannot be written (%s)", d->path), -EINVAL;
	return 0;
}

struct fd_walk {
	struct dump *d;
	struct proc *p;
	struct criu_img *fdinfo;
};

static int pipe_file(struct dump *d, struct proc *p, const struct orthros_file_info *f, u32 id,
		     bool is_new, u32 *type)
{
	static u8 data[PIPE_BUF_MAX];
	struct criu_file e = { .type = CRIU_FD_PIPE, .id = id };
	bool pipe_new;
	u32 pipe_id = obj_id(d, f->pipe, &pipe_new);
	size_t len;
	u32 capacity;
	int ret;

	*type = CRIU_FD_PIPE;
	if (!is_new)
		return 0;
	e.pipe.pipe_id = pipe_id;
	e.pipe.flags = f->flags;
	ret = criu_file_add(d->files, &e);
	if (ret || !pipe_new)
		return ret;
	ret = orthros_reader_pipe_data(d->r, f->pipe, data, sizeof(data), &len, &capacity);
	if (ret)
		return skip(p, "a pipe's buffer cannot be read"), ret;
	/* The capacity too: a grown pipe's bytes do not fit a new one. */
	return len ? criu_pipe_data_add(d->pipes, pipe_id, capacity, data, len) : 0;
}

/*
 * A socket: only a listening TCP or bound UDP IPv4 one, which the restore
 * binds again (connections are the kernel's state, not carried yet).
 */
static int socket_file(struct dump *d, struct proc *p, u64 file,
		       const struct orthros_file_info *f, u32 id)
{
	struct criu_file e = { .type = CRIU_FD_INETSK, .id = id };
	struct orthros_socket_info s;

	if (orthros_reader_socket(d->r, file, &s))
		return skip(p, "a socket cannot be read"), -EUCLEAN;
	if (s.family != AF_INET || (s.type != SOCK_STREAM && s.type != SOCK_DGRAM))
		return skip(p, "a socket of family %u, type %u (only TCP and UDP over IPv4 are carried)",
			    s.family, s.type), -EOPNOTSUPP;
	/*
	 * A connection's sequence numbers and queues are not carried: it is
	 * restored closed (criu restore --tcp-close), so the process reads
	 * its end and gets EPIPE on a write, and its peer, whose packets the
	 * new kernel does not know, gets a reset: what a reboot gives both.
	 */
	if (s.type == SOCK_STREAM && !s.listening && !s.closed) {
		e.isk.dst_port = ntohs(s.peer_port);
		e.isk.dst_addr = s.peer_addr;
		d->res->tcp_closed++;
	}
	e.isk.ino = f->ino;
	e.isk.family = s.family;
	e.isk.type = s.type;
	e.isk.proto = s.protocol;
	e.isk.state = s.state;
	e.isk.src_port = s.port;
	e.isk.src_addr = s.addr;
	e.isk.flags = f->flags;
	e.isk.backlog = s.backlog;
	e.isk.sndbuf = s.sndbuf;
	e.isk.rcvbuf = s.rcvbuf;
	/* The port was just freed by the primary's kernel, not by a close. */
	e.isk.reuseaddr = true;
	return criu_file_add(d->files, &e);
}

/* A named FIFO: reopened by its path, its buffered bytes put back. */
static int fifo_file(struct dump *d, struct proc *p, u64 file,
		     const struct orthros_file_info *f, u32 id)
{
	static u8 data[PIPE_BUF_MAX];
	struct criu_file reg = { .type = CRIU_FD_REG }, e = { .type = CRIU_FD_FIFO, .id = id };
	bool is_new, pipe_new;
	u32 capacity;
	size_t len;
	int ret;

	reg.id = obj_id(d, file ^ 4, &is_new);	/* its path's entry */
	e.fifo.regf_id = reg.id;
	e.fifo.pipe_id = obj_id(d, f->pipe, &pipe_new);
	if (!reg.id || !e.fifo.pipe_id || path_of(d, &f->path))
		return skip(p, "a FIFO cannot be read"), -EUCLEAN;
	reg.reg.flags = f->flags;
	reg.reg.name = d->path;
	ret = criu_file_add(d->files, &reg) ?: criu_file_add(d->files, &e);
	if (ret || !pipe_new)
		return ret;
	ret = orthros_reader_pipe_data(d->r, f->pipe, data, sizeof(data), &len, &capacity);
	if (ret)
		return skip(p, "a FIFO's buffer cannot be read"), ret;
	return len ? criu_pipe_data_add(d->fifos, e.fifo.pipe_id, capacity, data, len) : 0;
}

static int add_fd(struct orthros_reader *r, int fd, u64 file, bool cloexec, void *arg)
{
	struct fd_walk *w = arg;
	struct orthros_file_info f;
	struct criu_fdinfo fi = { .fd = fd, .flags = cloexec ? FD_CLOEXEC : 0 };
	bool is_new;
	int ret;

	if (orthros_reader_file(r, file, &f))
		return skip(w->p, "fd %d cannot be read", fd), -EUCLEAN;
	if (!strcmp(f.fstype, "pipefs")) {
		fi.id = obj_id(w->d, file, &is_new);
		ret = pipe_file(w->d, w->p, &f, fi.id, is_new, &fi.type);
	} else if (!strcmp(f.fstype, "sockfs")) {
		fi.id = obj_id(w->d, file, &is_new);
		fi.type = CRIU_FD_INETSK;
		ret = is_new ? socket_file(w->d, w->p, file, &f, fi.id) : 0;
	} else if (S_ISFIFO(f.mode)) {
		fi.id = obj_id(w->d, file, &is_new);
		fi.type = CRIU_FD_FIFO;
		ret = is_new ? fifo_file(w->d, w->p, file, &f, fi.id) : 0;
	} else if (S_ISREG(f.mode) || S_ISDIR(f.mode) ||
		   (S_ISCHR(f.mode) && (f.rdev == ((1 << 20) | 3) || f.rdev == ((1 << 20) | 5)))) {
		/* Regular files, directories, /dev/null and /dev/zero: by path. */
		fi.id = reg_file(w->d, w->p, file, &is_new);
		fi.type = CRIU_FD_REG;
		ret = fi.id ? 0 : -EUCLEAN;
	} else {
		return skip(w->p, "fd %d is a %s file of mode %#o (not carried yet)", fd, f.fstype,
			    f.mode), -EOPNOTSUPP;
	}
	return ret ?: criu_fdinfo_add(w->fdinfo, &fi);
}

/* ---- One process. ---- */

/* A zombie: its exit status, for its parent to wait() for; nothing else. */
static int write_zombie(struct dump *d, struct proc *p, const struct orthros_task_info *basic)
{
	static struct criu_task_core task;
	struct criu_core core = { .tc = &task };
	u32 exit_state;
	int code, ret;

	ret = orthros_reader_task_exit(d->r, p->task, &exit_state, &code);
	if (ret)
		return skip(p, "its exit status cannot be read"), ret;
	memset(&task, 0, sizeof(task));
	task.task_state = CRIU_TASK_DEAD;
	task.exit_code = code;
	set_comm(task.comm, basic->comm);
	p->zombie = true;
	ret = criu_write_core(d->dirfd, p->pid, &core);
	if (ret)
		return skip(p, "its core image cannot be written (%s)", strerror(-ret)), ret;
	return 0;
}

static int write_process(struct dump *d, struct proc *p)
{
	static struct orthros_thread_info threads[MAX_THREADS];
	struct thread_walk tw = { .d = d, .p = p, .threads = threads };
	struct orthros_process_info *pi = p->info;
	struct criu_kobj_ids ids = { 0 };
	struct fd_walk fw = { .d = d, .p = p };
	struct criu_fs fs = { .umask = pi->umask };
	struct orthros_task_info basic;
	bool is_new;
	unsigned int i;
	u64 pgd = 0;
	int ret;

	ret = orthros_reader_task(d->r, p->task, &basic);
	if (ret)
		return skip(p, "its task cannot be read"), ret;
	/*
	 * One thread without its mm is past exit_mm() in do_exit(), which
	 * set its exit code before: it is carried as the zombie it was
	 * about to become, for its parent's wait().
	 */
	if (basic.letter == 'Z' || (!basic.mm && pi->nr_threads == 1))
		return write_zombie(d, p, &basic);
	if (!basic.mm)
		return skip(p, "a process exiting with its threads (not carried yet)"), -EOPNOTSUPP;
	ret = orthros_reader_threads(d->r, p->task, collect_thread, &tw);
	if (ret)
		return skip(p, "its threads cannot be read (%s)", strerror(-ret)), ret;

	ids.vm_id = obj_id(d, basic.mm, &is_new);
	ids.files_id = obj_id(d, pi->files, &is_new);
	if (is_new) {
		ret = criu_img_open(d->dirfd, CRIU_IMG_FDINFO, ids.files_id, &fw.fdinfo);
		if (ret)
			return ret;
		ret = orthros_reader_fds(d->r, pi->files, add_fd, &fw);
		i = criu_img_close(fw.fdinfo);
		if (ret || i)
			return skip(p, "its open files cannot be carried"), ret ?: (int)i;
	}
	ids.fs_id = obj_id(d, p->task ^ 2, &is_new);	/* one fs image per process */
	ids.sighand_id = obj_id(d, pi->sighand, &is_new);
	ids.pid_ns_id = ROOT_IDS + MAX_OBJS + 1;	/* the namespace carried over */
	ids.net_ns_id = ROOT_NET_NS;
	ids.ipc_ns_id = ROOT_IPC_NS;
	ids.uts_ns_id = ROOT_UTS_NS;
	ids.mnt_ns_id = ROOT_MNT_NS;
	ids.user_ns_id = ROOT_USER_NS;
	ids.cgroup_ns_id = ROOT_CGROUP_NS;
	/* A time namespace whose clocks go on from the primary's. */
	ids.time_ns_id = d->opt->clocks ? TIME_NS : ROOT_TIME_NS;

	ret = dir_file(d, p, &pi->pwd, &fs.cwd_id) ?: dir_file(d, p, &pi->root, &fs.root_id);
	if (ret)
		return skip(p, "its directories cannot be written (%s)", strerror(-ret)), ret;
	ret = write_mm(d, p, basic.mm, &pgd);
	if (ret)
		return skip(p, "its memory cannot be written (%s)", strerror(-ret)), ret;
	for (i = 0; !ret && i < tw.nr; i++)
		ret = write_thread(d, p, &threads[i], pgd, threads[i].task == p->task);
	if (ret)
		return skip(p, "a thread cannot be written (%s)", strerror(-ret)), ret;
	ret = criu_write_fs(d->dirfd, p->pid, &fs) ?: criu_write_ids(d->dirfd, p->pid, &ids);
	if (ret)
		return skip(p, "its fs or ids image cannot be written (%s)", strerror(-ret)), ret;
	d->res->threads += tw.nr;
	return 0;
}

/* Parents before children: the order criu's pstree.img needs. */
static int write_pstree(struct dump *d)
{
	static u32 order[MAX_PROCS];
	static struct orthros_thread_info threads[MAX_THREADS];
	struct criu_img *img;
	unsigned int n = 0, i, j;
	int ret;

	for (i = 0; i < d->nr_procs; i++)
		if (d->procs[i].pid == 1 && !d->procs[i].skip)
			order[n++] = i;
	for (i = 0; i < n; i++)
		for (j = 0; j < d->nr_procs; j++)
			if (!d->procs[j].skip && d->procs[j].pid != 1 &&
			    d->procs[j].info->ppid == d->procs[order[i]].pid)
				order[n++] = j;
	ret = criu_img_open(d->dirfd, CRIU_IMG_PSTREE, 0, &img);
	for (i = 0; !ret && i < n; i++) {
		struct proc *p = &d->procs[order[i]];
		struct thread_walk tw = { .d = d, .p = p, .threads = threads };
		struct criu_pstree_entry e = {
			.pid = p->pid, .ppid = p->info->ppid, .pgid = p->info->pgid,
			.sid = p->info->sid, .threads = tw.tids,
		};

		if (p->zombie) {
			tw.tids[0] = p->pid;	/* its threads are gone */
			tw.nr = 1;
		} else {
			ret = orthros_reader_threads(d->r, p->task, collect_thread, &tw);
		}
		e.nr_threads = tw.nr;
		/* The leader first: criu takes threads[0] as the process. */
		for (j = 1; !ret && j < tw.nr; j++)
			if (tw.tids[j] == (u32)p->pid) {
				tw.tids[j] = tw.tids[0];
				tw.tids[0] = p->pid;
			}
		ret = ret ?: criu_pstree_add(img, &e);
		d->res->processes++;
	}
	if (!ret)
		return criu_img_close(img);
	if (img)
		criu_img_close(img);
	return ret;
}

static int find_init(struct orthros_reader *r, u64 task, void *arg)
{
	struct { int pid; u64 task; } *want = arg;
	struct orthros_task_info t;

	if (orthros_reader_task(r, task, &t) || t.pid != want->pid)
		return 0;
	want->task = task;
	return 1;
}

/**
 * dump_primary_clocks() - the primary's monotonic and boot-time clocks, now
 * @opt: gets them (clocks set), or not (no freeze: a hang)
 *
 * From the clocks the primary kept at its freeze and the time since, by
 * this kernel's real-time clock, which the backup set from the primary's
 * at the takeover: the downtime passes as it would have on the primary.
 *
 * Return: 0, or a negative errno.
 */
int dump_primary_clocks(struct dump_options *opt)
{
	unsigned long long tsc, mono, boot, real;
	struct timespec now;
	char line[256];
	int64_t since;
	FILE *f = fopen("/sys/kernel/orthros/primary/freeze_clocks", "r");

	opt->clocks = false;
	if (!f)
		return -errno;
	if (!fgets(line, sizeof(line), f) ||
	    sscanf(line, "tsc=%llu mono_ns=%llu boot_ns=%llu real_ns=%llu", &tsc, &mono, &boot,
		   &real) != 4) {
		fclose(f);
		return -EINVAL;
	}
	fclose(f);
	if (!mono)
		return 0;	/* the primary never froze */
	clock_gettime(CLOCK_REALTIME, &now);
	since = (int64_t)now.tv_sec * 1000000000 + now.tv_nsec - (int64_t)real;
	if (since < 0)
		since = 0;
	opt->clocks = true;
	opt->mono_ns = mono + since;
	opt->boot_ns = boot + since;
	return 0;
}

static int write_timens(struct dump *d)
{
	struct criu_timens t = {
		.monotonic = { d->opt->mono_ns / 1000000000, d->opt->mono_ns % 1000000000 },
		.boottime = { d->opt->boot_ns / 1000000000, d->opt->boot_ns % 1000000000 },
	};

	return d->opt->clocks ? criu_write_timens(d->dirfd, TIME_NS, &t) : 0;
}

int dump_pidns(struct orthros_reader *r, int init_pid, const char *dir,
	       const struct dump_options *opt, struct dump_result *res)
{
	struct { int pid; u64 task; } want = { .pid = init_pid };
	struct criu_inventory inv = { .root_ids = {
		.vm_id = ROOT_VM, .files_id = ROOT_FILES, .fs_id = ROOT_FS,
		.sighand_id = ROOT_SIGHAND, .pid_ns_id = ROOT_PID_NS, .net_ns_id = ROOT_NET_NS,
		.ipc_ns_id = ROOT_IPC_NS, .uts_ns_id = ROOT_UTS_NS, .mnt_ns_id = ROOT_MNT_NS,
		.user_ns_id = ROOT_USER_NS, .cgroup_ns_id = ROOT_CGROUP_NS,
		.time_ns_id = ROOT_TIME_NS } };
	struct dump *d;
	unsigned int i;
	int ret;

	memset(res, 0, sizeof(*res));
	d = calloc(1, sizeof(*d));
	if (!d)
		return -ENOMEM;
	d->r = r;
	d->res = res;
	d->opt = opt;
	ret = criu_xstate_layout(&d->xl);
	if (ret) {
		say("this CPU's XSAVE layout: %s", strerror(-ret));
		goto out;
	}
	d->nr_cpu_tids = orthros_reader_cpu_tids(r, d->cpu_tids, MAX_CPUS);
	if (d->nr_cpu_tids <= 0 || d->nr_cpu_tids > MAX_CPUS) {
		say("the primary's CPU notes (%d): every thread on a CPU is taken to hold its FPU state there",
		    d->nr_cpu_tids);
		d->nr_cpu_tids = -1;
	}
	d->dirfd = open(dir, O_DIRECTORY | O_RDONLY);
	if (d->dirfd < 0) {
		ret = -errno;
		say("%s: %s", dir, strerror(errno));
		goto out;
	}
	ret = orthros_reader_tasks(r, find_init, &want);
	if (ret < 0 || !want.task) {
		say("no task %d in the primary: no namespace to carry", init_pid);
		ret = -ESRCH;
		goto out;
	}
	ret = orthros_reader_task_pidns(r, want.task, &d->ns) ?:
	      orthros_reader_pidns_processes(r, d->ns, collect, d);
	if (ret < 0)
		goto out;
	for (i = 0; i < opt->nr_exclude; i++) {
		struct proc *p = find_proc(d, opt->exclude[i]);

		if (p)
			skip(p, "the restore failed on it");
	}
	skip_orphans(d);
	forks_in_flight(d);
	ret = criu_img_open(d->dirfd, CRIU_IMG_FILES, 0, &d->files) ?:
	      criu_img_open(d->dirfd, CRIU_IMG_PIPES_DATA, 0, &d->pipes) ?:
	      criu_img_open(d->dirfd, CRIU_IMG_FIFO_DATA, 0, &d->fifos);
	for (i = 0; !ret && i < d->nr_procs; i++)
		if (!d->procs[i].skip)
			write_process(d, &d->procs[i]);	/* a failure skips it */
	skip_orphans(d);
	ret = ret ?: criu_write_inventory(d->dirfd, &inv) ?: write_timens(d) ?: write_pstree(d);
	ret = img_close(d->files, ret);
	ret = img_close(d->pipes, ret);
	ret = img_close(d->fifos, ret);
	for (i = 0; i < d->nr_pokes; i++)
		if (!d->pokes[i].done)
			say("the tid owed at %#llx is on no page carried: not written",
			    (unsigned long long)d->pokes[i].va);
	for (i = 0; i < d->nr_procs; i++) {
		if (!d->procs[i].skip)
			continue;
		res->skipped++;
		say("process %d (%s) is not carried over: %s", d->procs[i].pid,
		    d->procs[i].task ? "in the namespace" : "?", d->procs[i].why);
		if (!res->skipped_why[0])
			snprintf(res->skipped_why, sizeof(res->skipped_why), "%d: %s",
				 d->procs[i].pid, d->procs[i].why);
		append_pid(res->skipped_pids, sizeof(res->skipped_pids), d->procs[i].pid);
	}
	if (!ret && !res->processes)
		ret = -ESRCH;
out:
	if (d->dirfd > 0)
		close(d->dirfd);
	for (i = 0; i < d->nr_procs; i++)
		free(d->procs[i].info);
	free(d->briefs);
	free(d);
	return ret;
}
