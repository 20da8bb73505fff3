// SPDX-License-Identifier: GPL-2.0-only
/*
 * Orthros reader: what a restore needs of the primary's processes (x86_64):
 * a pid namespace's tasks and their numbers in it, each thread's user
 * registers, FPU state, signals and limits, the files a process holds,
 * the pipes' buffered bytes and the pages of an address space.
 *
 * Only reading: what a task's state means for its restore (a system call
 * in flight, a task on a CPU) is the caller's to decide, from the facts
 * given here.
 */
#include "internal.h"

#define MAX_THREADS	100000
#define MAX_FDS		(1U << 20)
#define PIPE_MAX_BUFS	1024
#define PAGE_SZ		((u64)ORTHROS_READER_PAGE_SIZE)

static const struct orthros_entry entries[] = {
	ORTHROS_ENTRY("NUMBER(thread_size)", proc.thread_size),
	ORTHROS_ENTRY("NUMBER(top_of_kernel_stack_padding)", proc.stack_padding),
	ORTHROS_ENTRY("SIZE(pt_regs)", proc.pt_regs_size),
	ORTHROS_ENTRY("OFFSET(pt_regs.r15)", proc.regs[0]),
	ORTHROS_ENTRY("OFFSET(pt_regs.r14)", proc.regs[1]),
	ORTHROS_ENTRY("OFFSET(pt_regs.r13)", proc.regs[2]),
	ORTHROS_ENTRY("OFFSET(pt_regs.r12)", proc.regs[3]),
	ORTHROS_ENTRY("OFFSET(pt_regs.bp)", proc.regs[4]),
	ORTHROS_ENTRY("OFFSET(pt_regs.bx)", proc.regs[5]),
	ORTHROS_ENTRY("OFFSET(pt_regs.r11)", proc.regs[6]),
	ORTHROS_ENTRY("OFFSET(pt_regs.r10)", proc.regs[7]),
	ORTHROS_ENTRY("OFFSET(pt_regs.r9)", proc.regs[8]),
	ORTHROS_ENTRY("OFFSET(pt_regs.r8)", proc.regs[9]),
	ORTHROS_ENTRY("OFFSET(pt_regs.ax)", proc.regs[10]),
	ORTHROS_ENTRY("OFFSET(pt_regs.cx)", proc.regs[11]),
	ORTHROS_ENTRY("OFFSET(pt_regs.dx)", proc.regs[12]),
	ORTHROS_ENTRY("OFFSET(pt_regs.si)", proc.regs[13]),
	ORTHROS_ENTRY("OFFSET(pt_regs.di)", proc.regs[14]),
	ORTHROS_ENTRY("OFFSET(pt_regs.orig_ax)", proc.regs[15]),
	ORTHROS_ENTRY("OFFSET(pt_regs.ip)", proc.regs[16]),
	ORTHROS_ENTRY("OFFSET(pt_regs.cs)", proc.regs[17]),
	ORTHROS_ENTRY("OFFSET(pt_regs.flags)", proc.regs[18]),
	ORTHROS_ENTRY("OFFSET(pt_regs.sp)", proc.regs[19]),
	ORTHROS_ENTRY("OFFSET(pt_regs.ss)", proc.regs[20]),
	ORTHROS_ENTRY("OFFSET(task_struct.stack)", proc.stack),
	ORTHROS_ENTRY("OFFSET(task_struct.thread_info.flags)", proc.ti_flags),
	ORTHROS_ENTRY("NUMBER(TIF_NEED_FPU_LOAD)", proc.tif_need_fpu_load),
	ORTHROS_ENTRY("OFFSET(task_struct.on_cpu)", proc.on_cpu),
	ORTHROS_ENTRY("OFFSET(task_struct.flags)", proc.flags),
	ORTHROS_ENTRY("OFFSET(task_struct.exit_state)", proc.exit_state),
	ORTHROS_ENTRY("OFFSET(task_struct.exit_code)", proc.exit_code),
	ORTHROS_ENTRY("OFFSET(task_struct.exit_signal)", proc.exit_signal),
	ORTHROS_ENTRY("OFFSET(task_struct.pdeath_signal)", proc.pdeath_signal),
	ORTHROS_ENTRY("OFFSET(task_struct.personality)", proc.personality),
	ORTHROS_ENTRY("OFFSET(task_struct.ptrace)", proc.ptrace),
	ORTHROS_ENTRY("OFFSET(task_struct.blocked)", proc.blocked),
	ORTHROS_ENTRY("OFFSET(task_struct.saved_sigmask)", proc.saved_sigmask),
	ORTHROS_ENTRY("OFFSET(task_struct.pending)", proc.pending),
	ORTHROS_ENTRY("OFFSET(task_struct.sas_ss_sp)", proc.sas_ss_sp),
	ORTHROS_ENTRY("OFFSET(task_struct.sas_ss_size)", proc.sas_ss_size),
	ORTHROS_ENTRY("OFFSET(task_struct.sas_ss_flags)", proc.sas_ss_flags),
	ORTHROS_ENTRY("OFFSET(task_struct.clear_child_tid)", proc.clear_child_tid),
	ORTHROS_ENTRY("OFFSET(task_struct.set_child_tid)", proc.set_child_tid),
	ORTHROS_ENTRY("OFFSET(task_struct.vfork_done)", proc.vfork_done),
	ORTHROS_ENTRY("OFFSET(task_struct.robust_list)", proc.robust_list),
	ORTHROS_ENTRY("OFFSET(task_struct.real_cred)", proc.real_cred),
	ORTHROS_ENTRY("OFFSET(task_struct.static_prio)", proc.static_prio),
	ORTHROS_ENTRY("OFFSET(task_struct.policy)", proc.policy),
	ORTHROS_ENTRY("OFFSET(task_struct.rt_priority)", proc.rt_priority),
	ORTHROS_ENTRY("OFFSET(task_struct.tgid)", proc.tgid),
	ORTHROS_ENTRY("OFFSET(task_struct.real_parent)", proc.real_parent),
	ORTHROS_ENTRY("OFFSET(task_struct.group_leader)", proc.group_leader),
	ORTHROS_ENTRY("OFFSET(task_struct.thread_node)", proc.thread_node),
	ORTHROS_ENTRY("OFFSET(task_struct.thread_pid)", proc.thread_pid),
	ORTHROS_ENTRY("OFFSET(task_struct.files)", proc.files),
	ORTHROS_ENTRY("OFFSET(task_struct.fs)", proc.fs),
	ORTHROS_ENTRY("OFFSET(task_struct.sighand)", proc.sighand),
	ORTHROS_ENTRY("OFFSET(task_struct.signal)", proc.signal),
	ORTHROS_ENTRY("OFFSET(task_struct.thread)", proc.thread),
	ORTHROS_ENTRY("OFFSET(thread_struct.fsbase)", proc.fsbase),
	ORTHROS_ENTRY("OFFSET(thread_struct.gsbase)", proc.gsbase),
	ORTHROS_ENTRY("OFFSET(thread_struct.fsindex)", proc.fsindex),
	ORTHROS_ENTRY("OFFSET(thread_struct.gsindex)", proc.gsindex),
	ORTHROS_ENTRY("OFFSET(thread_struct.ds)", proc.ds),
	ORTHROS_ENTRY("OFFSET(thread_struct.es)", proc.es),
	ORTHROS_ENTRY("OFFSET(thread_struct.fpu)", proc.fpu),
	ORTHROS_ENTRY("OFFSET(fpu.fpstate)", proc.fpstate),
	ORTHROS_ENTRY("OFFSET(fpstate.size)", proc.fpstate_size),
	ORTHROS_ENTRY("OFFSET(fpstate.xfeatures)", proc.fpstate_xfeatures),
	ORTHROS_ENTRY("OFFSET(fpstate.user_xfeatures)", proc.fpstate_user_xfeatures),
	ORTHROS_ENTRY("OFFSET(fpstate.regs)", proc.fpstate_regs),
	ORTHROS_ENTRY("OFFSET(pid.level)", proc.pid_level),
	ORTHROS_ENTRY("OFFSET(pid.numbers)", proc.pid_numbers),
	ORTHROS_ENTRY("SIZE(upid)", proc.upid_size),
	ORTHROS_ENTRY("OFFSET(upid.nr)", proc.upid_nr),
	ORTHROS_ENTRY("OFFSET(upid.ns)", proc.upid_ns),
	ORTHROS_ENTRY("OFFSET(pid_namespace.level)", proc.ns_level),
	ORTHROS_ENTRY("NUMBER(PIDTYPE_PGID)", proc.pidtype_pgid),
	ORTHROS_ENTRY("NUMBER(PIDTYPE_SID)", proc.pidtype_sid),
	ORTHROS_ENTRY("OFFSET(signal_struct.nr_threads)", proc.nr_threads),
	ORTHROS_ENTRY("OFFSET(signal_struct.thread_head)", proc.thread_head),
	ORTHROS_ENTRY("OFFSET(signal_struct.shared_pending)", proc.shared_pending),
	ORTHROS_ENTRY("OFFSET(signal_struct.pids)", proc.signal_pids),
	ORTHROS_ENTRY("OFFSET(signal_struct.rlim)", proc.rlim),
	ORTHROS_ENTRY("OFFSET(signal_struct.flags)", proc.signal_flags),
	ORTHROS_ENTRY("OFFSET(signal_struct.group_exit_code)", proc.group_exit_code),
	ORTHROS_ENTRY("NUMBER(SIGNAL_STOP_STOPPED)", proc.signal_stop_stopped),
	ORTHROS_ENTRY("NUMBER(RLIM_NLIMITS)", proc.rlim_nlimits),
	ORTHROS_ENTRY("SIZE(rlimit)", proc.rlimit_size),
	ORTHROS_ENTRY("OFFSET(sigpending.signal)", proc.sigpending_signal),
	ORTHROS_ENTRY("OFFSET(sigpending.list)", proc.sigpending_list),
	ORTHROS_ENTRY("OFFSET(sigqueue.list)", proc.sigqueue_list),
	ORTHROS_ENTRY("OFFSET(sigqueue.info)", proc.sigqueue_info),
	ORTHROS_ENTRY("SIZE(kernel_siginfo)", proc.kernel_siginfo_size),
	ORTHROS_ENTRY("OFFSET(sighand_struct.action)", proc.action),
	ORTHROS_ENTRY("SIZE(k_sigaction)", proc.k_sigaction_size),
	ORTHROS_ENTRY("OFFSET(k_sigaction.sa)", proc.k_sigaction_sa),
	ORTHROS_ENTRY("OFFSET(sigaction.sa_handler)", proc.sa_handler),
	ORTHROS_ENTRY("OFFSET(sigaction.sa_flags)", proc.sa_flags),
	ORTHROS_ENTRY("OFFSET(sigaction.sa_mask)", proc.sa_mask),
	ORTHROS_ENTRY("OFFSET(sigaction.sa_restorer)", proc.sa_restorer),
	ORTHROS_ENTRY("OFFSET(cred.uid)", proc.cred[0]),
	ORTHROS_ENTRY("OFFSET(cred.gid)", proc.cred[1]),
	ORTHROS_ENTRY("OFFSET(cred.suid)", proc.cred[2]),
	ORTHROS_ENTRY("OFFSET(cred.sgid)", proc.cred[3]),
	ORTHROS_ENTRY("OFFSET(cred.euid)", proc.cred[4]),
	ORTHROS_ENTRY("OFFSET(cred.egid)", proc.cred[5]),
	ORTHROS_ENTRY("OFFSET(cred.fsuid)", proc.cred[6]),
	ORTHROS_ENTRY("OFFSET(cred.fsgid)", proc.cred[7]),
	ORTHROS_ENTRY("OFFSET(cred.securebits)", proc.securebits),
	ORTHROS_ENTRY("OFFSET(cred.cap_inheritable)", proc.caps[0]),
	ORTHROS_ENTRY("OFFSET(cred.cap_permitted)", proc.caps[1]),
	ORTHROS_ENTRY("OFFSET(cred.cap_effective)", proc.caps[2]),
	ORTHROS_ENTRY("OFFSET(cred.cap_bset)", proc.caps[3]),
	ORTHROS_ENTRY("OFFSET(cred.cap_ambient)", proc.caps[4]),
	ORTHROS_ENTRY("OFFSET(fs_struct.umask)", proc.umask),
	ORTHROS_ENTRY("OFFSET(fs_struct.root)", proc.fs_root),
	ORTHROS_ENTRY("OFFSET(fs_struct.pwd)", proc.fs_pwd),
	ORTHROS_ENTRY("OFFSET(path.mnt)", proc.path_mnt),
	ORTHROS_ENTRY("OFFSET(path.dentry)", proc.path_dentry),
	ORTHROS_ENTRY("OFFSET(mount.mnt)", proc.mount_mnt),
	ORTHROS_ENTRY("OFFSET(files_struct.fdt)", proc.fdt),
	ORTHROS_ENTRY("OFFSET(fdtable.max_fds)", proc.max_fds),
	ORTHROS_ENTRY("OFFSET(fdtable.fd)", proc.fdt_fd),
	ORTHROS_ENTRY("OFFSET(fdtable.close_on_exec)", proc.close_on_exec),
	ORTHROS_ENTRY("OFFSET(file.f_path)", proc.f_path),
	ORTHROS_ENTRY("OFFSET(file.f_inode)", proc.f_inode),
	ORTHROS_ENTRY("OFFSET(file.f_pos)", proc.f_pos),
	ORTHROS_ENTRY("OFFSET(file.f_flags)", proc.f_flags),
	ORTHROS_ENTRY("OFFSET(file.f_mode)", proc.f_mode),
	ORTHROS_ENTRY("OFFSET(inode.i_mode)", proc.i_mode),
	ORTHROS_ENTRY("OFFSET(inode.i_ino)", proc.i_ino),
	ORTHROS_ENTRY("OFFSET(inode.i_rdev)", proc.i_rdev),
	ORTHROS_ENTRY("OFFSET(inode.i_pipe)", proc.i_pipe),
	ORTHROS_ENTRY("OFFSET(inode.i_sb)", proc.i_sb),
	ORTHROS_ENTRY("OFFSET(super_block.s_type)", proc.s_type),
	ORTHROS_ENTRY("OFFSET(file_system_type.name)", proc.fs_name),
	ORTHROS_ENTRY("OFFSET(pipe_inode_info.head)", proc.pipe_head),
	ORTHROS_ENTRY("OFFSET(pipe_inode_info.tail)", proc.pipe_tail),
	ORTHROS_ENTRY("OFFSET(pipe_inode_info.ring_size)", proc.pipe_ring_size),
	ORTHROS_ENTRY("OFFSET(pipe_inode_info.bufs)", proc.pipe_bufs),
	ORTHROS_ENTRY("SIZE(pipe_buffer)", proc.pipe_buffer_size),
	ORTHROS_ENTRY("OFFSET(pipe_buffer.page)", proc.pb_page),
	ORTHROS_ENTRY("OFFSET(pipe_buffer.offset)", proc.pb_offset),
	ORTHROS_ENTRY("OFFSET(pipe_buffer.len)", proc.pb_len),
	ORTHROS_ENTRY("OFFSET(file.private_data)", proc.f_private),
	ORTHROS_ENTRY("OFFSET(socket.sk)", proc.socket_sk),
	ORTHROS_ENTRY("OFFSET(sock.__sk_common)", proc.sk_common),
	ORTHROS_ENTRY("OFFSET(sock_common.skc_family)", proc.skc_family),
	ORTHROS_ENTRY("OFFSET(sock_common.skc_state)", proc.skc_state),
	ORTHROS_ENTRY("OFFSET(sock_common.skc_rcv_saddr)", proc.skc_rcv_saddr),
	ORTHROS_ENTRY("OFFSET(sock_common.skc_num)", proc.skc_num),
	ORTHROS_ENTRY("OFFSET(sock_common.skc_daddr)", proc.skc_daddr),
	ORTHROS_ENTRY("OFFSET(sock_common.skc_dport)", proc.skc_dport),
	ORTHROS_ENTRY("OFFSET(sock.sk_type)", proc.sk_type),
	ORTHROS_ENTRY("OFFSET(sock.sk_protocol)", proc.sk_protocol),
	ORTHROS_ENTRY("OFFSET(sock.sk_max_ack_backlog)", proc.sk_backlog),
	ORTHROS_ENTRY("OFFSET(sock.sk_sndbuf)", proc.sk_sndbuf),
	ORTHROS_ENTRY("OFFSET(sock.sk_rcvbuf)", proc.sk_rcvbuf),
	ORTHROS_ENTRY("NUMBER(TCP_LISTEN)", proc.tcp_listen),
	ORTHROS_ENTRY("NUMBER(TCP_CLOSE)", proc.tcp_close),
	ORTHROS_ENTRY("NUMBER(vmemmap_base)", proc.vmemmap_base),
	ORTHROS_ENTRY("SIZE(page)", proc.page_size),
	ORTHROS_ENTRY("OFFSET(page.mapping)", proc.page_mapping),
	ORTHROS_ENTRY("NUMBER(PAGE_MAPPING_ANON)", proc.page_mapping_anon),
	ORTHROS_ENTRY("OFFSET(mm_struct.pgd)", proc.pgd),
	ORTHROS_ENTRY("OFFSET(mm_struct.start_code)", proc.mm_fields[0]),
	ORTHROS_ENTRY("OFFSET(mm_struct.end_code)", proc.mm_fields[1]),
	ORTHROS_ENTRY("OFFSET(mm_struct.start_data)", proc.mm_fields[2]),
	ORTHROS_ENTRY("OFFSET(mm_struct.end_data)", proc.mm_fields[3]),
	ORTHROS_ENTRY("OFFSET(mm_struct.start_brk)", proc.mm_fields[4]),
	ORTHROS_ENTRY("OFFSET(mm_struct.brk)", proc.mm_fields[5]),
	ORTHROS_ENTRY("OFFSET(mm_struct.start_stack)", proc.mm_fields[6]),
	ORTHROS_ENTRY("OFFSET(mm_struct.arg_start)", proc.mm_fields[7]),
	ORTHROS_ENTRY("OFFSET(mm_struct.arg_end)", proc.mm_fields[8]),
	ORTHROS_ENTRY("OFFSET(mm_struct.env_start)", proc.mm_fields[9]),
	ORTHROS_ENTRY("OFFSET(mm_struct.env_end)", proc.mm_fields[10]),
	ORTHROS_ENTRY("OFFSET(mm_struct.saved_auxv)", proc.saved_auxv),
	ORTHROS_ENTRY("MSIZE(mm_struct.saved_auxv)", proc.saved_auxv_size),
	ORTHROS_ENTRY("OFFSET(mm_struct.exe_file)", proc.exe_file),
	ORTHROS_ENTRY("OFFSET(mm_struct.context.vdso)", proc.vdso),
	ORTHROS_ENTRY("SYMBOL(vdso_image_64)", proc.vdso_image),
	ORTHROS_ENTRY("OFFSET(vdso_image.data)", proc.vdso_data),
	ORTHROS_ENTRY("OFFSET(vdso_image.size)", proc.vdso_size),
	ORTHROS_ENTRY("OFFSET(vm_area_struct.vm_flags)", proc.vm_flags),
	ORTHROS_ENTRY("OFFSET(vm_area_struct.vm_pgoff)", proc.vm_pgoff),
	ORTHROS_ENTRY("OFFSET(vm_area_struct.vm_file)", proc.vm_file),
	ORTHROS_ENTRY("NUMBER(VM_READ)", proc.vm_bits[0]),
	ORTHROS_ENTRY("NUMBER(VM_WRITE)", proc.vm_bits[1]),
	ORTHROS_ENTRY("NUMBER(VM_EXEC)", proc.vm_bits[2]),
	ORTHROS_ENTRY("NUMBER(VM_SHARED)", proc.vm_bits[3]),
	ORTHROS_ENTRY("NUMBER(VM_MAYSHARE)", proc.vm_bits[4]),
	ORTHROS_ENTRY("NUMBER(VM_GROWSDOWN)", proc.vm_bits[5]),
	ORTHROS_ENTRY("NUMBER(VM_PFNMAP)", proc.vm_bits[6]),
	ORTHROS_ENTRY("NUMBER(VM_IO)", proc.vm_bits[7]),
	ORTHROS_ENTRY("NUMBER(VM_HUGETLB)", proc.vm_bits[8]),
};

static const char *check(const struct orthros_layout *l)
{
	const struct orthros_layout_proc *p = &l->proc;

	if (p->pt_regs_size != sizeof(struct orthros_user_regs))
		return "pt_regs is not the x86_64 one";
	if (p->rlim_nlimits > ORTHROS_READER_RLIMITS || p->rlimit_size != 16)
		return "rlimits are not the x86_64 ones";
	if (p->saved_auxv_size > sizeof(((struct orthros_mm_layout_info *)0)->auxv))
		return "mm_struct.saved_auxv is too large";
	if (p->thread_size < PAGE_SZ || p->thread_size > (1U << 20))
		return "THREAD_SIZE is implausible";
	if (p->kernel_siginfo_size > ORTHROS_READER_SIGINFO)
		return "kernel_siginfo is too large";
	return NULL;
}

const struct orthros_subject orthros_proc_subject = {
	.name = "processes",
	.entries = entries,
	.nr_entries = ARRAY_SIZE(entries),
	.implies = ORTHROS_NEED_TASKS | ORTHROS_NEED_MM | ORTHROS_NEED_FS | ORTHROS_NEED_LISTS |
		   ORTHROS_NEED_PAGECACHE,
	.check = check,
};

static int read_u32(struct orthros_reader *r, u64 va, u32 *v)
{
	return orthros_reader_read(r, va, v, sizeof(*v));
}

/**
 * orthros_reader_pid_nr() - a struct pid's number in a pid namespace
 * @r: the reader
 * @pid: address of the struct pid (0: none)
 * @ns: address of the pid_namespace
 * @nr: filled with the number, or 0 if @pid is not visible in @ns
 *
 * Return: 0, or a negative errno (logged).
 */
int orthros_reader_pid_nr(struct orthros_reader *r, u64 pid, u64 ns, int *nr)
{
	const struct orthros_layout_proc *l = &r->l.proc;
	u32 level, ns_level;
	u64 upid, upid_ns;
	int ret;

	*nr = 0;
	if (!pid)
		return 0;
	ret = orthros_reader_need(r, ORTHROS_NEED_PROCS) ?:
	      read_u32(r, pid + l->pid_level, &level) ?:
	      read_u32(r, ns + l->ns_level, &ns_level);
	if (ret || ns_level > level)
		return ret;
	if (level > 32) {
		ORTHROS_LOG("pid %#llx: level %u is implausible", (unsigned long long)pid, level);
		return -EUCLEAN;
	}
	upid = pid + l->pid_numbers + ns_level * l->upid_size;
	ret = orthros_read_u64(r, upid + l->upid_ns, &upid_ns);
	if (ret || upid_ns != ns)
		return ret;
	return orthros_reader_read(r, upid + l->upid_nr, nr, sizeof(*nr));
}
EXPORT_SYMBOL_GPL(orthros_reader_pid_nr);

struct ns_walk {
	int (*fn)(struct orthros_reader *r, u64 task, int pid, void *arg);
	void *arg;
	u64 ns;
};

static int visit_in_ns(struct orthros_reader *r, u64 task, void *arg)
{
	const struct orthros_layout_proc *l = &r->l.proc;
	struct ns_walk *w = arg;
	u64 pid;
	int nr;

	if (orthros_read_u64(r, task + l->thread_pid, &pid) ||
	    orthros_reader_pid_nr(r, pid, w->ns, &nr) || !nr)
		return 0;	/* logged, or not in the namespace */
	return w->fn(r, task, nr, w->arg);
}

/**
 * orthros_reader_pidns_processes() - visit the processes of a pid namespace
 * @r: the reader
 * @ns: address of the pid_namespace
 * @fn: called with each thread-group leader's task_struct and its pid in @ns
 * @arg: passed to @fn
 *
 * Return: as orthros_reader_tasks().
 */
int orthros_reader_pidns_processes(struct orthros_reader *r, u64 ns,
				   int (*fn)(struct orthros_reader *r, u64 task, int pid,
					     void *arg),
				   void *arg)
{
	struct ns_walk w = { .fn = fn, .arg = arg, .ns = ns };

	return orthros_reader_need(r, ORTHROS_NEED_PROCS) ?:
	       orthros_reader_tasks(r, visit_in_ns, &w);
}
EXPORT_SYMBOL_GPL(orthros_reader_pidns_processes);

/**
 * orthros_reader_threads() - visit the threads of a process
 * @r: the reader
 * @leader: address of its thread-group leader's task_struct
 * @fn: called with each thread's task_struct, the leader first
 * @arg: passed to @fn
 *
 * Return: as orthros_list_walk().
 */
int orthros_reader_threads(struct orthros_reader *r, u64 leader,
			   int (*fn)(struct orthros_reader *r, u64 task, void *arg), void *arg)
{
	const struct orthros_layout_proc *l = &r->l.proc;
	u64 signal;

	return orthros_reader_need(r, ORTHROS_NEED_PROCS) ?:
	       orthros_read_u64(r, leader + l->signal, &signal) ?:
	       orthros_list_walk(r, signal + l->thread_head, l->thread_node,
				 "signal_struct.thread_head", MAX_THREADS, fn, arg);
}
EXPORT_SYMBOL_GPL(orthros_reader_threads);

static int read_cred(struct orthros_reader *r, u64 cred, struct orthros_cred *c)
{
	const struct orthros_layout_proc *l = &r->l.proc;
	unsigned int i;
	int ret = 0;

	for (i = 0; !ret && i < ARRAY_SIZE(c->ids); i++)
		ret = read_u32(r, cred + l->cred[i], &c->ids[i]);
	for (i = 0; !ret && i < ARRAY_SIZE(c->caps); i++)
		ret = orthros_read_u64(r, cred + l->caps[i], &c->caps[i]);
	return ret ?: read_u32(r, cred + l->securebits, &c->securebits);
}

/**
 * orthros_reader_thread() - one thread's state, as a restore needs it
 * @r: the reader
 * @task: address of its task_struct
 * @ns: the pid namespace its numbers are wanted in
 * @t: filled in
 *
 * @t->fpu_saved tells whether @t's FPU state in memory is current: it is
 * for a task not on a CPU (saved when it was switched out), and for one
 * on a CPU if the primary saved it at the freeze (TIF_NEED_FPU_LOAD).  A
 * task on a CPU without that flag may still have it current: one halfway
 * through a context switch (see orthros_reader_cpu_tids()).
 *
 * Return: 0; -ESRCH, not logged, for a task that has exited (its kernel
 * stack, with its registers, is freed: a zombie); or a negative errno
 * (logged).
 */
int orthros_reader_thread(struct orthros_reader *r, u64 task, u64 ns,
			  struct orthros_thread_info *t)
{
	const struct orthros_layout_proc *l = &r->l.proc;
	u64 stack, pid, thread = task + l->thread, fpu, regs_va, v, cred;
	u32 host_tid = 0;
	unsigned int i;
	u32 on_cpu;
	int ret;

	memset(t, 0, sizeof(*t));
	t->task = task;
	ret = orthros_reader_need(r, ORTHROS_NEED_PROCS) ?:
	      orthros_reader_task(r, task, &t->basic) ?:
	      orthros_read_u64(r, task + l->thread_pid, &pid) ?:
	      orthros_reader_pid_nr(r, pid, ns, &t->tid) ?:
	      (pid ? read_u32(r, pid + l->pid_numbers + l->upid_nr, &host_tid) : 0) ?:
	      orthros_read_u64(r, task + l->stack, &stack) ?:
	      orthros_read_u64(r, task + l->ti_flags, &t->ti_flags) ?:
	      read_u32(r, task + l->on_cpu, &on_cpu) ?:
	      read_u32(r, task + l->flags, &t->flags) ?:
	      read_u32(r, task + l->exit_state, &t->exit_state) ?:
	      read_u32(r, task + l->exit_code, (u32 *)&t->exit_code) ?:
	      read_u32(r, task + l->exit_signal, (u32 *)&t->exit_signal) ?:
	      read_u32(r, task + l->pdeath_signal, (u32 *)&t->pdeath_signal) ?:
	      read_u32(r, task + l->personality, &t->personality) ?:
	      read_u32(r, task + l->ptrace, &t->ptrace) ?:
	      orthros_read_u64(r, task + l->blocked, &t->blocked) ?:
	      orthros_read_u64(r, task + l->saved_sigmask, &t->saved_sigmask) ?:
	      orthros_read_u64(r, task + l->pending + l->sigpending_signal, &t->pending) ?:
	      orthros_read_u64(r, task + l->sas_ss_sp, &t->sas_ss_sp) ?:
	      orthros_read_u64(r, task + l->sas_ss_size, &t->sas_ss_size) ?:
	      read_u32(r, task + l->sas_ss_flags, &t->sas_ss_flags) ?:
	      orthros_read_u64(r, task + l->clear_child_tid, &t->clear_child_tid) ?:
	      orthros_read_u64(r, task + l->set_child_tid, &t->set_child_tid) ?:
	      orthros_read_u64(r, task + l->vfork_done, &t->vfork_done) ?:
	      orthros_read_u64(r, task + l->robust_list, &t->robust_list) ?:
	      read_u32(r, task + l->static_prio, (u32 *)&t->static_prio) ?:
	      read_u32(r, task + l->policy, &t->policy) ?:
	      read_u32(r, task + l->rt_priority, &t->rt_priority) ?:
	      orthros_read_u64(r, task + l->real_cred, &cred) ?:
	      read_cred(r, cred, &t->cred) ?:
	      orthros_read_u64(r, thread + l->fsbase, &t->fsbase) ?:
	      orthros_read_u64(r, thread + l->gsbase, &t->gsbase) ?:
	      orthros_reader_read(r, thread + l->fsindex, &t->fsindex, sizeof(t->fsindex)) ?:
	      orthros_reader_read(r, thread + l->gsindex, &t->gsindex, sizeof(t->gsindex)) ?:
	      orthros_reader_read(r, thread + l->ds, &t->ds, sizeof(t->ds)) ?:
	      orthros_reader_read(r, thread + l->es, &t->es, sizeof(t->es)) ?:
	      orthros_read_u64(r, thread + l->fpu + l->fpstate, &fpu) ?:
	      read_u32(r, fpu + l->fpstate_size, &t->fpu_size) ?:
	      orthros_read_u64(r, fpu + l->fpstate_xfeatures, &t->xfeatures) ?:
	      orthros_read_u64(r, fpu + l->fpstate_user_xfeatures, &t->user_xfeatures);
	if (ret)
		return ret;
	if (!stack)
		return -ESRCH;
	t->host_tid = host_tid;
	t->on_cpu = on_cpu;
	t->stack = stack;
	t->stack_end = stack + l->thread_size;
	t->sigqueue = task + l->pending;
	t->fpu_regs = fpu + l->fpstate_regs;
	t->fpu_saved = !on_cpu || (t->ti_flags & (1ULL << l->tif_need_fpu_load));
	/* task_pt_regs(): the user registers at the top of the kernel stack. */
	regs_va = stack + l->thread_size - l->stack_padding - l->pt_regs_size;
	for (i = 0; !ret && i < ARRAY_SIZE(l->regs); i++) {
		ret = orthros_read_u64(r, regs_va + l->regs[i], &v);
		((u64 *)&t->regs)[i] = v;
	}
	return ret;
}
EXPORT_SYMBOL_GPL(orthros_reader_thread);

static int read_path(struct orthros_reader *r, u64 path, struct orthros_path *p)
{
	const struct orthros_layout_proc *l = &r->l.proc;

	return orthros_read_u64(r, path + l->path_mnt, &p->mnt) ?:
	       orthros_read_u64(r, path + l->path_dentry, &p->dentry);
}

/**
 * orthros_reader_process() - what a process shares among its threads
 * @r: the reader
 * @leader: address of its thread-group leader's task_struct
 * @ns: the pid namespace its numbers are wanted in
 * @p: filled in (large: allocate it)
 *
 * Return: 0, or a negative errno (logged).
 */
int orthros_reader_process(struct orthros_reader *r, u64 leader, u64 ns,
			   struct orthros_process_info *p)
{
	const struct orthros_layout_proc *l = &r->l.proc;
	u64 signal, parent, pid, fs, pids;
	u32 level = 0, ns_level = 0;
	unsigned int i;
	int ret;

	memset(p, 0, sizeof(*p));
	p->task = leader;
	ret = orthros_reader_need(r, ORTHROS_NEED_PROCS) ?:
	      orthros_read_u64(r, leader + l->signal, &signal) ?:
	      orthros_read_u64(r, leader + l->thread_pid, &pid) ?:
	      orthros_reader_pid_nr(r, pid, ns, &p->pid) ?:
	      read_u32(r, pid + l->pid_level, &level) ?:
	      read_u32(r, ns + l->ns_level, &ns_level) ?:
	      orthros_read_u64(r, leader + l->real_parent, &parent) ?:
	      orthros_read_u64(r, parent + l->group_leader, &parent) ?:
	      orthros_read_u64(r, parent + l->thread_pid, &pid) ?:
	      orthros_reader_pid_nr(r, pid, ns, &p->ppid);
	p->nested = level > ns_level;
	pids = signal + l->signal_pids;
	ret = ret ?:
	      orthros_read_u64(r, pids + 8 * l->pidtype_pgid, &pid) ?:
	      orthros_reader_pid_nr(r, pid, ns, &p->pgid) ?:
	      orthros_read_u64(r, pids + 8 * l->pidtype_sid, &pid) ?:
	      orthros_reader_pid_nr(r, pid, ns, &p->sid) ?:
	      read_u32(r, signal + l->nr_threads, &p->nr_threads) ?:
	      read_u32(r, signal + l->signal_flags, &p->signal_flags) ?:
	      read_u32(r, signal + l->group_exit_code, (u32 *)&p->group_exit_code) ?:
	      orthros_read_u64(r, signal + l->shared_pending + l->sigpending_signal,
			       &p->shared_pending) ?:
	      orthros_reader_read(r, signal + l->rlim, p->rlim, l->rlim_nlimits * l->rlimit_size) ?:
	      orthros_read_u64(r, leader + l->files, &p->files) ?:
	      orthros_read_u64(r, leader + l->sighand, &p->sighand) ?:
	      orthros_read_u64(r, leader + l->fs, &fs);
	if (ret)
		return ret;
	p->nr_rlimits = l->rlim_nlimits;
	p->shared_sigqueue = signal + l->shared_pending;
	p->stopped = p->signal_flags & l->signal_stop_stopped;
	if (fs)
		ret = read_u32(r, fs + l->umask, &p->umask) ?:
		      read_path(r, fs + l->fs_root, &p->root) ?:
		      read_path(r, fs + l->fs_pwd, &p->pwd);
	for (i = 0; !ret && p->sighand && i < ORTHROS_READER_NSIG; i++) {
		u64 sa = p->sighand + l->action + i * l->k_sigaction_size + l->k_sigaction_sa;
		struct orthros_sigaction *a = &p->sigactions[i];

		ret = orthros_read_u64(r, sa + l->sa_handler, &a->handler) ?:
		      orthros_read_u64(r, sa + l->sa_flags, &a->flags) ?:
		      orthros_read_u64(r, sa + l->sa_restorer, &a->restorer) ?:
		      orthros_read_u64(r, sa + l->sa_mask, &a->mask);
	}
	return ret;
}
EXPORT_SYMBOL_GPL(orthros_reader_process);

/**
 * orthros_reader_mm_layout() - an address space's landmarks
 * @r: the reader
 * @mm: address of the mm_struct
 * @m: filled in
 *
 * Return: 0, or a negative errno (logged).
 */
int orthros_reader_mm_layout(struct orthros_reader *r, u64 mm, struct orthros_mm_layout_info *m)
{
	const struct orthros_layout_proc *l = &r->l.proc;
	unsigned int i;
	int ret;

	memset(m, 0, sizeof(*m));
	ret = orthros_reader_need(r, ORTHROS_NEED_PROCS) ?:
	      orthros_read_u64(r, mm + l->pgd, &m->pgd) ?:
	      orthros_read_u64(r, mm + l->exe_file, &m->exe_file) ?:
	      orthros_read_u64(r, mm + l->vdso, &m->vdso) ?:
	      orthros_reader_read(r, mm + l->saved_auxv, m->auxv, l->saved_auxv_size);
	for (i = 0; !ret && i < ARRAY_SIZE(m->fields); i++)
		ret = orthros_read_u64(r, mm + l->mm_fields[i], &m->fields[i]);
	m->nr_auxv = l->saved_auxv_size / sizeof(u64);
	return ret;
}
EXPORT_SYMBOL_GPL(orthros_reader_mm_layout);

/**
 * orthros_reader_vma() - one VMA, with its flags translated to ORTHROS_VMA_*
 * @r: the reader
 * @vma: address of the vm_area_struct
 * @v: filled in
 *
 * Return: 0, or a negative errno (logged).
 */
int orthros_reader_vma(struct orthros_reader *r, u64 vma, struct orthros_vma_info *v)
{
	const struct orthros_layout_proc *l = &r->l.proc;
	const struct orthros_layout_mm *lm = &r->l.mm;
	u64 flags;
	unsigned int i;
	int ret;

	memset(v, 0, sizeof(*v));
	ret = orthros_reader_need(r, ORTHROS_NEED_PROCS) ?:
	      orthros_read_u64(r, vma + lm->vm_start, &v->start) ?:
	      orthros_read_u64(r, vma + lm->vm_end, &v->end) ?:
	      orthros_read_u64(r, vma + l->vm_flags, &flags) ?:
	      orthros_read_u64(r, vma + l->vm_pgoff, &v->pgoff) ?:
	      orthros_read_u64(r, vma + l->vm_file, &v->file);
	for (i = 0; i < ARRAY_SIZE(l->vm_bits); i++)
		if (flags & l->vm_bits[i])
			v->flags |= 1U << i;
	return ret;
}
EXPORT_SYMBOL_GPL(orthros_reader_vma);

/**
 * orthros_reader_fds() - visit a files_struct's open files
 * @r: the reader
 * @files: address of the files_struct
 * @fn: called with each fd, its struct file and whether it is close-on-exec
 * @arg: passed to @fn
 *
 * Return: 0, @fn's non-zero return, or a negative errno (logged).
 */
int orthros_reader_fds(struct orthros_reader *r, u64 files,
		       int (*fn)(struct orthros_reader *r, int fd, u64 file, bool cloexec,
				 void *arg),
		       void *arg)
{
	const struct orthros_layout_proc *l = &r->l.proc;
	u64 fdt, fd_array, cloexec_map, file, word = 0;
	u32 max_fds, fd;
	int ret;

	ret = orthros_reader_need(r, ORTHROS_NEED_PROCS) ?:
	      orthros_read_u64(r, files + l->fdt, &fdt) ?:
	      read_u32(r, fdt + l->max_fds, &max_fds) ?:
	      orthros_read_u64(r, fdt + l->fdt_fd, &fd_array) ?:
	      orthros_read_u64(r, fdt + l->close_on_exec, &cloexec_map);
	if (!ret && max_fds > MAX_FDS) {
		ORTHROS_LOG("files %#llx: %u fds is implausible", (unsigned long long)files,
			    max_fds);
		ret = -EUCLEAN;
	}
	for (fd = 0; !ret && fd < max_fds; fd++) {
		ret = orthros_read_u64(r, fd_array + 8ULL * fd, &file);
		if (ret || !file)
			continue;
		ret = orthros_read_u64(r, cloexec_map + 8ULL * (fd / 64), &word) ?:
		      fn(r, fd, file, word & (1ULL << (fd % 64)), arg);
	}
	return ret;
}
EXPORT_SYMBOL_GPL(orthros_reader_fds);

/**
 * orthros_reader_file() - what an open file is
 * @r: the reader
 * @file: address of the struct file
 * @f: filled in
 *
 * Return: 0, or a negative errno (logged).
 */
int orthros_reader_file(struct orthros_reader *r, u64 file, struct orthros_file_info *f)
{
	const struct orthros_layout_proc *l = &r->l.proc;
	u64 sb, type, name;
	int ret;

	memset(f, 0, sizeof(*f));
	f->file = file;
	ret = orthros_reader_need(r, ORTHROS_NEED_PROCS) ?:
	      read_path(r, file + l->f_path, &f->path) ?:
	      orthros_read_u64(r, file + l->f_inode, &f->inode) ?:
	      orthros_read_u64(r, file + l->f_pos, (u64 *)&f->pos) ?:
	      read_u32(r, file + l->f_flags, &f->flags) ?:
	      read_u32(r, file + l->f_mode, &f->fmode) ?:
	      orthros_reader_read(r, f->inode + l->i_mode, &f->mode, sizeof(f->mode)) ?:
	      orthros_read_u64(r, f->inode + l->i_ino, &f->ino) ?:
	      read_u32(r, f->inode + l->i_rdev, &f->rdev) ?:
	      orthros_read_u64(r, f->inode + l->i_sb, &sb) ?:
	      orthros_read_u64(r, sb + l->s_type, &type) ?:
	      orthros_read_u64(r, type + l->fs_name, &name) ?:
	      orthros_reader_string(r, name, f->fstype, sizeof(f->fstype));
	if (ret)
		return ret;
	/* i_pipe shares a union with i_link and i_cdev: only a FIFO's is a pipe. */
	if ((f->mode & 0170000) == 0010000)
		ret = orthros_read_u64(r, f->inode + l->i_pipe, &f->pipe);
	return ret;
}
EXPORT_SYMBOL_GPL(orthros_reader_file);

/**
 * orthros_reader_path() - the path of a (mount, dentry) pair, from the root
 * @r: the reader
 * @p: a struct path's members; p->mnt is a vfsmount
 * @path: filled in
 * @len: size of @path
 *
 * Return: 0, or a negative errno (logged).
 */
int orthros_reader_path(struct orthros_reader *r, const struct orthros_path *p, char *path,
			size_t len)
{
	static struct orthros_mount_info m;	/* large; callers are single-threaded */

	return orthros_reader_need(r, ORTHROS_NEED_PROCS) ?:
	       orthros_reader_mount(r, p->mnt - r->l.proc.mount_mnt, &m) ?:
	       orthros_reader_file_path(r, &m, p->dentry, path, len);
}
EXPORT_SYMBOL_GPL(orthros_reader_path);

/**
 * orthros_reader_pipe_data() - the bytes buffered in a pipe, oldest first
 * @r: the reader
 * @pipe: address of the pipe_inode_info
 * @buf: filled in
 * @size: size of @buf
 * @len: filled with the bytes copied
 * @capacity: filled with the pipe's capacity in bytes (F_GETPIPE_SZ)
 *
 * Return: 0, -E2BIG if @buf is too small, or a negative errno (logged).
 */
int orthros_reader_pipe_data(struct orthros_reader *r, u64 pipe, void *buf, size_t size,
			     size_t *len, u32 *capacity)
{
	const struct orthros_layout_proc *l = &r->l.proc;
	u32 head, tail, ring_size, off, n;
	u64 bufs, b, page;
	int ret;

	*len = 0;
	ret = orthros_reader_need(r, ORTHROS_NEED_PROCS) ?:
	      read_u32(r, pipe + l->pipe_head, &head) ?:
	      read_u32(r, pipe + l->pipe_tail, &tail) ?:
	      read_u32(r, pipe + l->pipe_ring_size, &ring_size) ?:
	      orthros_read_u64(r, pipe + l->pipe_bufs, &bufs);
	if (ret)
		return ret;
	if (!ring_size || ring_size > PIPE_MAX_BUFS || (ring_size & (ring_size - 1)) ||
	    head - tail > ring_size) {
		ORTHROS_LOG("pipe %#llx: ring of %u, head %u tail %u is damaged",
			    (unsigned long long)pipe, ring_size, head, tail);
		return -EUCLEAN;
	}
	*capacity = ring_size * PAGE_SZ;
	for (; !ret && tail != head; tail++) {
		b = bufs + (tail & (ring_size - 1)) * l->pipe_buffer_size;
		ret = orthros_read_u64(r, b + l->pb_page, &page) ?:
		      read_u32(r, b + l->pb_offset, &off) ?:
		      read_u32(r, b + l->pb_len, &n);
		if (ret)
			break;
		if (off > PAGE_SZ || n > PAGE_SZ - off || page < l->vmemmap_base) {
			ORTHROS_LOG("pipe %#llx: buffer %u is damaged", (unsigned long long)pipe,
				    tail);
			return -EUCLEAN;
		}
		if (*len + n > size)
			return -E2BIG;
		ret = orthros_reader_read_pfn(r, (page - l->vmemmap_base) / l->page_size, off,
					      (u8 *)buf + *len, n);
		*len += n;
	}
	return ret;
}
EXPORT_SYMBOL_GPL(orthros_reader_pipe_data);

/**
 * orthros_reader_page_is_anon() - is a page frame an anonymous (COW) page?
 * @r: the reader
 * @pfn: the page frame
 * @anon: filled in
 *
 * A private file mapping's page is the file's until written: only its
 * anonymous copies are the process's own.
 *
 * Return: 0, or a negative errno (logged).
 */
int orthros_reader_page_is_anon(struct orthros_reader *r, u64 pfn, bool *anon)
{
	const struct orthros_layout_proc *l = &r->l.proc;
	u64 mapping;
	int ret;

	ret = orthros_reader_need(r, ORTHROS_NEED_PROCS) ?:
	      orthros_read_u64(r, l->vmemmap_base + pfn * l->page_size + l->page_mapping,
			       &mapping);
	*anon = !ret && (mapping & l->page_mapping_anon);
	return ret;
}
EXPORT_SYMBOL_GPL(orthros_reader_page_is_anon);

/**
 * orthros_reader_task_pidns() - the pid namespace a task's pid was made in
 * @r: the reader
 * @task: address of the task_struct
 * @ns: filled with the address of its deepest pid_namespace
 *
 * Return: 0, or a negative errno (logged).
 */
int orthros_reader_task_pidns(struct orthros_reader *r, u64 task, u64 *ns)
{
	const struct orthros_layout_proc *l = &r->l.proc;
	u64 pid;
	u32 level;
	int ret;

	ret = orthros_reader_need(r, ORTHROS_NEED_PROCS) ?:
	      orthros_read_u64(r, task + l->thread_pid, &pid) ?:
	      read_u32(r, pid + l->pid_level, &level);
	if (!ret && level > 32) {
		ORTHROS_LOG("pid %#llx: level %u is implausible", (unsigned long long)pid, level);
		return -EUCLEAN;
	}
	return ret ?: orthros_read_u64(r, pid + l->pid_numbers + level * l->upid_size + l->upid_ns,
				       ns);
}
EXPORT_SYMBOL_GPL(orthros_reader_task_pidns);

/**
 * orthros_reader_vdso() - where the primary keeps its vDSO's pages
 * @r: the reader
 * @data: filled with the address of the image (page aligned)
 * @size: filled with its size in bytes
 *
 * Every process maps these pages at mm_struct.context.vdso, but has in its
 * page tables only those it touched.
 *
 * Return: 0, or a negative errno (logged).
 */
int orthros_reader_vdso(struct orthros_reader *r, u64 *data, u64 *size)
{
	const struct orthros_layout_proc *l = &r->l.proc;
	int ret;

	ret = orthros_reader_need(r, ORTHROS_NEED_PROCS) ?:
	      orthros_read_u64(r, l->vdso_image + l->vdso_data, data) ?:
	      orthros_read_u64(r, l->vdso_image + l->vdso_size, size);
	if (!ret && ((*data | *size) & (PAGE_SZ - 1) || *size > 64 * PAGE_SZ)) {
		ORTHROS_LOG("vdso image at %#llx of %llu bytes is damaged",
			    (unsigned long long)*data, (unsigned long long)*size);
		return -EUCLEAN;
	}
	return ret;
}
EXPORT_SYMBOL_GPL(orthros_reader_vdso);

/**
 * orthros_reader_task_exit() - how a task ended, for a zombie's restore
 * @r: the reader
 * @task: address of the task_struct
 * @exit_state: filled in (EXIT_ZOMBIE, EXIT_DEAD or 0, the primary's numbers)
 * @exit_code: filled with the status its parent's wait() gets
 *
 * Reads nothing of a dead task's stack, which is freed when it exits.
 *
 * Return: 0, or a negative errno (logged).
 */
int orthros_reader_task_exit(struct orthros_reader *r, u64 task, u32 *exit_state, int *exit_code)
{
	const struct orthros_layout_proc *l = &r->l.proc;

	return orthros_reader_need(r, ORTHROS_NEED_PROCS) ?:
	       read_u32(r, task + l->exit_state, exit_state) ?:
	       orthros_reader_read(r, task + l->exit_code, exit_code, sizeof(*exit_code));
}
EXPORT_SYMBOL_GPL(orthros_reader_task_exit);

struct sigqueue_walk {
	u8 *infos;
	unsigned int max, nr;
};

static int copy_siginfo(struct orthros_reader *r, u64 q, void *arg)
{
	const struct orthros_layout_proc *l = &r->l.proc;
	struct sigqueue_walk *w = arg;

	if (w->nr == w->max)
		return -E2BIG;
	memset(w->infos + w->nr * ORTHROS_READER_SIGINFO, 0, ORTHROS_READER_SIGINFO);
	return orthros_reader_read(r, q + l->sigqueue_info,
				   w->infos + w->nr++ * ORTHROS_READER_SIGINFO,
				   l->kernel_siginfo_size);
}

/**
 * orthros_reader_sigqueue() - the queued signals of a sigpending, in order
 * @r: the reader
 * @sigpending: its address (orthros_thread_info.sigqueue or
 *		orthros_process_info.shared_sigqueue)
 * @infos: filled with each signal's siginfo, ORTHROS_READER_SIGINFO bytes
 *	   each (the kernel's, zero-padded)
 * @max: room in @infos, in siginfos
 * @nr: filled with the count
 *
 * Return: 0, or a negative errno (logged; -E2BIG if @max is too small).
 */
int orthros_reader_sigqueue(struct orthros_reader *r, u64 sigpending, u8 *infos,
			    unsigned int max, unsigned int *nr)
{
	const struct orthros_layout_proc *l = &r->l.proc;
	struct sigqueue_walk w = { .infos = infos, .max = max };
	int ret;

	ret = orthros_reader_need(r, ORTHROS_NEED_PROCS) ?:
	      orthros_list_walk(r, sigpending + l->sigpending_list, l->sigqueue_list,
				"sigpending.list", max + 1, copy_siginfo, &w);
	*nr = w.nr;
	return ret;
}
EXPORT_SYMBOL_GPL(orthros_reader_sigqueue);

/**
 * orthros_reader_socket() - what an open socket is bound to
 * @r: the reader
 * @file: address of its struct file (a sockfs file)
 * @s: filled in
 *
 * Return: 0, or a negative errno (logged).
 */
int orthros_reader_socket(struct orthros_reader *r, u64 file, struct orthros_socket_info *s)
{
	const struct orthros_layout_proc *l = &r->l.proc;
	u64 sock, sk, common;
	u8 state;
	int ret;

	memset(s, 0, sizeof(*s));
	ret = orthros_reader_need(r, ORTHROS_NEED_PROCS) ?:
	      orthros_read_u64(r, file + l->f_private, &sock) ?:
	      orthros_read_u64(r, sock + l->socket_sk, &sk);
	if (ret)
		return ret;
	common = sk + l->sk_common;
	ret = orthros_reader_read(r, common + l->skc_family, &s->family, sizeof(s->family)) ?:
	      orthros_reader_read(r, common + l->skc_state, &state, sizeof(state)) ?:
	      read_u32(r, common + l->skc_rcv_saddr, &s->addr) ?:
	      orthros_reader_read(r, common + l->skc_num, &s->port, sizeof(s->port)) ?:
	      read_u32(r, common + l->skc_daddr, &s->peer_addr) ?:
	      orthros_reader_read(r, common + l->skc_dport, &s->peer_port, sizeof(s->peer_port)) ?:
	      orthros_reader_read(r, sk + l->sk_type, &s->type, sizeof(s->type)) ?:
	      orthros_reader_read(r, sk + l->sk_protocol, &s->protocol, sizeof(s->protocol)) ?:
	      read_u32(r, sk + l->sk_backlog, &s->backlog) ?:
	      read_u32(r, sk + l->sk_sndbuf, &s->sndbuf) ?:
	      read_u32(r, sk + l->sk_rcvbuf, &s->rcvbuf);
	s->state = state;
	s->listening = state == l->tcp_listen;
	s->closed = state == l->tcp_close;
	return ret;
}
EXPORT_SYMBOL_GPL(orthros_reader_socket);
