// SPDX-License-Identifier: GPL-2.0-only
/*
 * criu-image: CRIU v3.17 image files from plain C structs (criu-image.h).
 *
 * An image file is the common magic and its own (inventory: its own only),
 * then entries, each a u32 length and a protobuf message (criu/image.c,
 * criu/protobuf.c); pages-N.img is raw pages.  Entries are built straight
 * into the image's output buffer behind a placeholder for their length.
 * Field numbers and magics are in criu-proto.h.
 */
#define _GNU_SOURCE
#include <cpuid.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "criu-image.h"
#include "criu-proto.h"
#include "protobuf.h"

#define FLUSH_AT	(64 * 1024)

/* x86 XSAVE state components (SDM vol. 1, 13.1). */
#define XFEATURE_FP		0
#define XFEATURE_SSE		1
#define XFEATURE_YMM		2
#define XFEATURE_BNDREGS	3
#define XFEATURE_BNDCSR		4
#define XFEATURE_OPMASK		5
#define XFEATURE_ZMM_HI256	6
#define XFEATURE_HI16_ZMM	7
#define XFEATURE_PKRU		9
#define XBIT(f)			(1ull << (f))

/* The x87 and MXCSR initial state, written for components not in use. */
#define FCW_INIT		0x37f
#define MXCSR_INIT		0x1f80

/* The offsets of the FXSAVE fields in an XSAVE area (SDM vol. 1, 10.5.1). */
#define FX_CWD		0
#define FX_SWD		2
#define FX_TWD		4
#define FX_FOP		6
#define FX_RIP		8
#define FX_RDP		16
#define FX_MXCSR	24
#define FX_MXCSR_MASK	28
#define FX_ST		32
#define FX_XMM		160

enum img_kind {
	K_PSTREE,		/* enum criu_image's values come first */
	K_FILES,
	K_FDINFO,
	K_PIPES_DATA,
	K_FIFO_DATA,
	K_TTY_INFO,
	K_INVENTORY,
	K_IDS,
	K_CORE,
	K_MM,
	K_PAGEMAP,
	K_PAGEMAP_SHMEM,
	K_FS,
	K_TIMENS,
	K_MAX,
};

static const struct img_desc {
	const char *name;	/* printf format: a %u takes the id */
	uint32_t magic;
} img_descs[K_MAX] = {
	[K_PSTREE]	= { "pstree.img",	PSTREE_MAGIC },
	[K_FILES]	= { "files.img",	FILES_MAGIC },
	[K_FDINFO]	= { "fdinfo-%u.img",	FDINFO_MAGIC },
	[K_PIPES_DATA]	= { "pipes-data.img",	PIPES_DATA_MAGIC },
	[K_FIFO_DATA]	= { "fifo-data.img",	FIFO_DATA_MAGIC },
	[K_TTY_INFO]	= { "tty-info.img",	TTY_INFO_MAGIC },
	[K_INVENTORY]	= { "inventory.img",	INVENTORY_MAGIC },
	[K_IDS]		= { "ids-%u.img",	IDS_MAGIC },
	[K_CORE]	= { "core-%u.img",	CORE_MAGIC },
	[K_MM]		= { "mm-%u.img",	MM_MAGIC },
	[K_PAGEMAP]	= { "pagemap-%u.img",	PAGEMAP_MAGIC },
	[K_PAGEMAP_SHMEM] = { "pagemap-shmem-%u.img", PAGEMAP_MAGIC },
	[K_FS]		= { "fs-%u.img",	FS_MAGIC },
	[K_TIMENS]	= { "timens-%u.img",	TIMENS_MAGIC },
};

struct criu_img {
	int fd;
	enum img_kind kind;
	int err;		/* the first error, sticky */
	struct pb_buf out;	/* entries not yet written */
	uint32_t *pids;		/* pstree: the pids so far, for ppid checks */
	size_t nr_pids, cap_pids;
};

struct criu_pagemap {
	struct criu_img *map;
	int pages_fd;		/* -1: CRIU_PAGEMAP_NO_PAGES */
	uint64_t next;		/* the lowest address the next entry may have */
	uint64_t owed;		/* bytes of pages due before the next entry */
	int err;
};

static int full_write(int fd, const void *p, size_t n)
{
	const char *c = p;
	ssize_t r;

	while (n) {
		r = write(fd, c, n);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (!r)
			return -EIO;
		c += r;
		n -= (size_t)r;
	}
	return 0;
}

static int fail(struct criu_img *img, int err)
{
	if (!img->err)
		img->err = err;
	return img->err;
}

static int flush(struct criu_img *img)
{
	int r;

	if (img->err)
		return img->err;
	if (img->out.err)
		return fail(img, img->out.err);
	r = full_write(img->fd, img->out.data, img->out.len);
	if (r)
		return fail(img, r);
	img->out.len = 0;
	return 0;
}

static int open_file(int dirfd, const char *fmt, uint32_t id)
{
	char name[64];
	int fd;

	snprintf(name, sizeof(name), fmt, id);
	fd = openat(dirfd, name, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	return fd < 0 ? -errno : fd;
}

static int img_open(int dirfd, enum img_kind kind, uint32_t id, struct criu_img **out)
{
	const struct img_desc *d = &img_descs[kind];
	struct criu_img *img;
	uint32_t magic;

	*out = NULL;
	img = calloc(1, sizeof(*img));
	if (!img)
		return -ENOMEM;
	img->kind = kind;
	pb_init(&img->out);
	img->fd = open_file(dirfd, d->name, id);
	if (img->fd < 0) {
		int err = img->fd;

		free(img);
		return err;
	}
	if (kind != K_INVENTORY) {
		magic = IMG_COMMON_MAGIC;
		pb_raw(&img->out, &magic, sizeof(magic));
	}
	pb_raw(&img->out, &d->magic, sizeof(d->magic));
	*out = img;
	return 0;
}

int criu_img_open(int dirfd, enum criu_image kind, uint32_t id, struct criu_img **img)
{
	if ((unsigned int)kind > CRIU_IMG_TTY_INFO || !img)
		return -EINVAL;
	return img_open(dirfd, (enum img_kind)kind, id, img);
}

int criu_img_close(struct criu_img *img)
{
	int err;

	if (!img)
		return -EINVAL;
	err = flush(img);
	if (close(img->fd) && !err)
		err = -errno;
	pb_free(&img->out);
	free(img->pids);
	free(img);
	return err;
}

/* An entry: a u32 length placeholder, then the message at the mark. */
static size_t entry_begin(struct criu_img *img)
{
	uint32_t len = 0;

	pb_raw(&img->out, &len, sizeof(len));
	return img->out.len;
}

static int entry_end(struct criu_img *img, size_t mark)
{
	uint32_t len;

	if (img->out.err)
		return fail(img, img->out.err);
	len = (uint32_t)(img->out.len - mark);
	memcpy(img->out.data + mark - sizeof(len), &len, sizeof(len));
	if (img->out.len >= FLUSH_AT)
		return flush(img);
	return 0;
}

/* Check an add: its image kind, an earlier error; a failed check sticks. */
static int add_check(struct criu_img *img, enum img_kind kind, const void *arg)
{
	if (!img)
		return -EINVAL;
	if (img->err)
		return img->err;
	if (img->kind != kind || !arg)
		return fail(img, -EINVAL);
	return 0;
}

/* An image of one entry, whose message put() builds (or refuses). */
static int write_one(int dirfd, enum img_kind kind, uint32_t id,
		     int (*put)(struct pb_buf *b, const void *arg), const void *arg)
{
	struct criu_img *img;
	size_t mark;
	int r;

	if (!arg)
		return -EINVAL;
	r = img_open(dirfd, kind, id, &img);
	if (r)
		return r;
	mark = entry_begin(img);
	r = put(&img->out, arg);
	if (r)
		fail(img, r);
	else
		entry_end(img, mark);
	return criu_img_close(img);
}

/* ---- Messages ---- */

static bool comm_ok(const char *comm)
{
	return memchr(comm, '\0', CRIU_COMM_LEN) != NULL;
}

/* An optional field criu leaves out when it has no value (its ids start at 1). */
static void put_nonzero(struct pb_buf *b, uint32_t field, uint64_t v)
{
	if (v)
		pb_varint(b, field, v);
}

static void put_ids(struct pb_buf *b, const struct criu_kobj_ids *ids)
{
	pb_varint(b, IDS_VM_ID, ids->vm_id);
	pb_varint(b, IDS_FILES_ID, ids->files_id);
	pb_varint(b, IDS_FS_ID, ids->fs_id);
	pb_varint(b, IDS_SIGHAND_ID, ids->sighand_id);
	put_nonzero(b, IDS_PID_NS_ID, ids->pid_ns_id);
	put_nonzero(b, IDS_NET_NS_ID, ids->net_ns_id);
	put_nonzero(b, IDS_IPC_NS_ID, ids->ipc_ns_id);
	put_nonzero(b, IDS_UTS_NS_ID, ids->uts_ns_id);
	put_nonzero(b, IDS_MNT_NS_ID, ids->mnt_ns_id);
	put_nonzero(b, IDS_USER_NS_ID, ids->user_ns_id);
	put_nonzero(b, IDS_CGROUP_NS_ID, ids->cgroup_ns_id);
	put_nonzero(b, IDS_TIME_NS_ID, ids->time_ns_id);
}

static int put_inventory(struct pb_buf *b, const void *arg)
{
	const struct criu_inventory *inv = arg;
	size_t m;

	pb_varint(b, INVENTORY_IMG_VERSION, CRTOOLS_IMAGES_V1_1);
	pb_varint(b, INVENTORY_FDINFO_PER_ID, 1);
	m = pb_begin(b, INVENTORY_ROOT_IDS);
	put_ids(b, &inv->root_ids);
	pb_end(b, m);
	pb_varint(b, INVENTORY_NS_PER_ID, 1);
	return 0;
}

int criu_write_inventory(int dirfd, const struct criu_inventory *inv)
{
	return write_one(dirfd, K_INVENTORY, 0, put_inventory, inv);
}

static int put_ids_msg(struct pb_buf *b, const void *arg)
{
	put_ids(b, arg);
	return 0;
}

int criu_write_ids(int dirfd, uint32_t pid, const struct criu_kobj_ids *ids)
{
	return write_one(dirfd, K_IDS, pid, put_ids_msg, ids);
}

int criu_pstree_add(struct criu_img *img, const struct criu_pstree_entry *e)
{
	size_t i, mark;
	bool parent = false;
	int r;

	r = add_check(img, K_PSTREE, e);
	if (r)
		return r;
	if (!e->pid || !e->nr_threads || !e->threads || e->threads[0] != e->pid)
		return fail(img, -EINVAL);
	for (i = 0; i < img->nr_pids; i++) {
		if (img->pids[i] == e->pid)
			return fail(img, -EEXIST);
		if (img->pids[i] == e->ppid)
			parent = true;
	}
	/* The root first with ppid 0, then each after its parent. */
	if (img->nr_pids ? !parent : e->ppid != 0)
		return fail(img, -EINVAL);
	if (img->nr_pids == img->cap_pids) {
		size_t cap = img->cap_pids ? img->cap_pids * 2 : 64;
		uint32_t *p = realloc(img->pids, cap * sizeof(*p));

		if (!p)
			return fail(img, -ENOMEM);
		img->pids = p;
		img->cap_pids = cap;
	}
	img->pids[img->nr_pids++] = e->pid;

	mark = entry_begin(img);
	pb_varint(&img->out, PSTREE_PID, e->pid);
	pb_varint(&img->out, PSTREE_PPID, e->ppid);
	pb_varint(&img->out, PSTREE_PGID, e->pgid);
	pb_varint(&img->out, PSTREE_SID, e->sid);
	pb_repeated_u32(&img->out, PSTREE_THREADS, e->threads, e->nr_threads);
	return entry_end(img, mark);
}

/* ---- core-<tid>.img ---- */

static void put_gpregs(struct pb_buf *b, const struct criu_x86_gpregs *r)
{
	pb_varint(b, GP_R15, r->r15);
	pb_varint(b, GP_R14, r->r14);
	pb_varint(b, GP_R13, r->r13);
	pb_varint(b, GP_R12, r->r12);
	pb_varint(b, GP_BP, r->bp);
	pb_varint(b, GP_BX, r->bx);
	pb_varint(b, GP_R11, r->r11);
	pb_varint(b, GP_R10, r->r10);
	pb_varint(b, GP_R9, r->r9);
	pb_varint(b, GP_R8, r->r8);
	pb_varint(b, GP_AX, r->ax);
	pb_varint(b, GP_CX, r->cx);
	pb_varint(b, GP_DX, r->dx);
	pb_varint(b, GP_SI, r->si);
	pb_varint(b, GP_DI, r->di);
	pb_varint(b, GP_ORIG_AX, r->orig_ax);
	pb_varint(b, GP_IP, r->ip);
	pb_varint(b, GP_CS, r->cs);
	pb_varint(b, GP_FLAGS, r->flags);
	pb_varint(b, GP_SP, r->sp);
	pb_varint(b, GP_SS, r->ss);
	pb_varint(b, GP_FS_BASE, r->fs_base);
	pb_varint(b, GP_GS_BASE, r->gs_base);
	pb_varint(b, GP_DS, r->ds);
	pb_varint(b, GP_ES, r->es);
	pb_varint(b, GP_FS, r->fs);
	pb_varint(b, GP_GS, r->gs);
	pb_varint(b, GP_MODE, USER_X86_REGS_MODE_NATIVE);
}

/* The extended components the image has a place for. */
static const struct xcomp {
	unsigned int feature;
	uint32_t field, bytes;
	bool u64;		/* repeated uint64, else uint32 */
} xcomps[] = {
	{ XFEATURE_YMM,		XSAVE_YMMH_SPACE,	XSAVE_YMMH_BYTES,	false },
	{ XFEATURE_BNDREGS,	XSAVE_BNDREG_STATE,	XSAVE_BNDREG_BYTES,	true },
	{ XFEATURE_BNDCSR,	XSAVE_BNDCSR_STATE,	XSAVE_BNDCSR_BYTES,	true },
	{ XFEATURE_OPMASK,	XSAVE_OPMASK_REG,	XSAVE_OPMASK_BYTES,	true },
	{ XFEATURE_ZMM_HI256,	XSAVE_ZMM_UPPER,	XSAVE_ZMM_UPPER_BYTES,	true },
	{ XFEATURE_HI16_ZMM,	XSAVE_HI16_ZMM,		XSAVE_HI16_ZMM_BYTES,	true },
	{ XFEATURE_PKRU,	XSAVE_PKRU,		XSAVE_PKRU_BYTES,	false },
};

static uint16_t get16(const uint8_t *p)
{
	uint16_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static uint32_t get32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static uint64_t get64(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

/* Words of an area, or zeros (the initial state) if p is NULL. */
static void put_words(struct pb_buf *b, uint32_t field, const uint8_t *p, uint32_t bytes,
		      bool u64)
{
	uint32_t i, step = u64 ? 8 : 4;

	for (i = 0; i < bytes; i += step)
		pb_varint(b, field, !p ? 0 : u64 ? get64(p + i) : get32(p + i));
}

static int check_fpregs(const struct criu_x86_thread_info *ti, const struct criu_xstate_layout *l)
{
	const struct xcomp *c;

	if (!ti->xsave || ti->xsave_size < XSAVE_FXSAVE_BYTES)
		return -EINVAL;
	if (!l->xsave)
		return 0;
	if (ti->xsave_size < XSAVE_FXSAVE_BYTES + XSAVE_HDR_BYTES)
		return -EINVAL;
	/* XCOMP_BV bit 63: a compacted area (XSAVES, the kernel's own) is not ours to split. */
	if (get64((const uint8_t *)ti->xsave + XSAVE_FXSAVE_BYTES + 8) >> 63)
		return -EINVAL;
	/* Each component the CPU has must be whole, and the size restore expects. */
	for (c = xcomps; c < xcomps + ARRAY_SIZE(xcomps); c++) {
		if (!(l->xfeatures & XBIT(c->feature)))
			continue;
		if (l->csize[c->feature] != c->bytes ||
		    l->offset[c->feature] < XSAVE_FXSAVE_BYTES + XSAVE_HDR_BYTES ||
		    (size_t)l->offset[c->feature] + c->bytes > ti->xsave_size)
			return -EINVAL;
	}
	return 0;
}

static void put_fpregs(struct pb_buf *b, const struct criu_x86_thread_info *ti,
		       const struct criu_xstate_layout *l)
{
	const uint8_t *x = ti->xsave;
	const struct xcomp *c;
	uint64_t bv = XBIT(XFEATURE_FP) | XBIT(XFEATURE_SSE);
	bool fp, mx;
	size_t m;

	if (l->xsave)
		bv = get64(x + XSAVE_FXSAVE_BYTES) & l->xfeatures;
	fp = bv & XBIT(XFEATURE_FP);
	mx = bv & (XBIT(XFEATURE_SSE) | XBIT(XFEATURE_YMM));

	pb_varint(b, FP_CWD, fp ? get16(x + FX_CWD) : FCW_INIT);
	pb_varint(b, FP_SWD, fp ? get16(x + FX_SWD) : 0);
	pb_varint(b, FP_TWD, fp ? get16(x + FX_TWD) : 0);
	pb_varint(b, FP_FOP, fp ? get16(x + FX_FOP) : 0);
	pb_varint(b, FP_RIP, fp ? get64(x + FX_RIP) : 0);
	pb_varint(b, FP_RDP, fp ? get64(x + FX_RDP) : 0);
	pb_varint(b, FP_MXCSR, mx ? get32(x + FX_MXCSR) : MXCSR_INIT);
	pb_varint(b, FP_MXCSR_MASK, get32(x + FX_MXCSR_MASK));
	put_words(b, FP_ST_SPACE, fp ? x + FX_ST : NULL, FXSAVE_ST_WORDS * 4, false);
	put_words(b, FP_XMM_SPACE, bv & XBIT(XFEATURE_SSE) ? x + FX_XMM : NULL,
		  FXSAVE_XMM_WORDS * 4, false);
	/* padding (bytes 416..511): criu neither writes nor reads it. */
	if (!l->xsave)
		return;

	m = pb_begin(b, FP_XSAVE);
	pb_varint(b, XSAVE_XSTATE_BV, bv);
	for (c = xcomps; c < xcomps + ARRAY_SIZE(xcomps); c++) {
		if (!(l->xfeatures & XBIT(c->feature)))
			continue;
		put_words(b, c->field, bv & XBIT(c->feature) ? x + l->offset[c->feature] : NULL,
			  c->bytes, c->u64);
	}
	pb_end(b, m);
}

static void put_sigqueue(struct pb_buf *b, uint32_t field, const struct criu_sigqueue *q)
{
	size_t i, n, m = pb_begin(b, field);

	for (i = 0; i < q->nr; i++) {
		n = pb_begin(b, SIGQUEUE_SIGNALS);
		pb_bytes(b, SIGINFO_SIGINFO, q->sig[i].raw, CRIU_SIGINFO_SIZE);
		pb_end(b, n);
	}
	pb_end(b, m);
}

static void put_itimer(struct pb_buf *b, uint32_t field, const struct criu_itimer *t)
{
	size_t m = pb_begin(b, field);

	pb_varint(b, ITIMER_ISEC, t->isec);
	pb_varint(b, ITIMER_IUSEC, t->iusec);
	pb_varint(b, ITIMER_VSEC, t->vsec);
	pb_varint(b, ITIMER_VUSEC, t->vusec);
	pb_end(b, m);
}

static void put_posix_timer(struct pb_buf *b, const struct criu_posix_timer *t)
{
	size_t m = pb_begin(b, TIMERS_POSIX);

	pb_varint(b, PTIMER_IT_ID, t->it_id);
	pb_varint(b, PTIMER_CLOCK_ID, t->clock_id);
	pb_varint(b, PTIMER_SI_SIGNO, t->si_signo);
	pb_varint(b, PTIMER_IT_SIGEV_NOTIFY, t->it_sigev_notify);
	pb_varint(b, PTIMER_SIVAL_PTR, t->sival_ptr);
	pb_varint(b, PTIMER_OVERRUN, t->overrun);
	pb_varint(b, PTIMER_ISEC, t->isec);
	pb_varint(b, PTIMER_INSEC, t->insec);
	pb_varint(b, PTIMER_VSEC, t->vsec);
	pb_varint(b, PTIMER_VNSEC, t->vnsec);
	/* criu writes the thread only for SIGEV_THREAD_ID. */
	if (t->it_sigev_notify & SIGEV_THREAD_ID)
		pb_int(b, PTIMER_NOTIFY_THREAD_ID, t->notify_thread_id);
	pb_end(b, m);
}

static void put_tc(struct pb_buf *b, const struct criu_task_core *tc)
{
	size_t i, m, n;

	pb_varint(b, TC_TASK_STATE, tc->task_state);
	pb_varint(b, TC_EXIT_CODE, tc->exit_code);
	pb_varint(b, TC_PERSONALITY, tc->personality);
	pb_varint(b, TC_FLAGS, tc->flags);
	pb_varint(b, TC_BLK_SIGSET, tc->blk_sigset);
	pb_string(b, TC_COMM, tc->comm);
	if (tc->task_state == CRIU_TASK_DEAD)
		return;

	m = pb_begin(b, TC_TIMERS);
	put_itimer(b, TIMERS_REAL, &tc->itimer_real);
	put_itimer(b, TIMERS_VIRT, &tc->itimer_virt);
	put_itimer(b, TIMERS_PROF, &tc->itimer_prof);
	for (i = 0; i < tc->nr_posix_timers; i++)
		put_posix_timer(b, &tc->posix_timers[i]);
	pb_end(b, m);

	m = pb_begin(b, TC_RLIMITS);
	for (i = 0; i < CRIU_RLIM_NLIMITS; i++) {
		n = pb_begin(b, RLIMITS_RLIMITS);
		pb_varint(b, RLIMIT_CUR, tc->rlimits[i].cur);
		pb_varint(b, RLIMIT_MAX, tc->rlimits[i].max);
		pb_end(b, n);
	}
	pb_end(b, m);

	put_sigqueue(b, TC_SIGNALS_S, &tc->signals_s);
	if (tc->has_oom_score_adj)
		pb_int(b, TC_OOM_SCORE_ADJ, tc->oom_score_adj);

	for (i = 0; i < CRIU_NSIG; i++) {
		const struct criu_sigaction *sa = &tc->sigactions[i];

		if (i + 1 == SIGKILL || i + 1 == SIGSTOP)
			continue;
		m = pb_begin(b, TC_SIGACTIONS);
		pb_varint(b, SA_SIGACTION, sa->handler);
		pb_varint(b, SA_FLAGS, sa->flags);
		pb_varint(b, SA_RESTORER, sa->restorer);
		pb_varint(b, SA_MASK, sa->mask);
		pb_end(b, m);
	}
	pb_varint(b, TC_CHILD_SUBREAPER, tc->child_subreaper);
}

static void put_creds(struct pb_buf *b, const struct criu_creds *c)
{
	size_t m = pb_begin(b, THC_CREDS);

	pb_varint(b, CREDS_UID, c->uid);
	pb_varint(b, CREDS_GID, c->gid);
	pb_varint(b, CREDS_EUID, c->euid);
	pb_varint(b, CREDS_EGID, c->egid);
	pb_varint(b, CREDS_SUID, c->suid);
	pb_varint(b, CREDS_SGID, c->sgid);
	pb_varint(b, CREDS_FSUID, c->fsuid);
	pb_varint(b, CREDS_FSGID, c->fsgid);
	pb_repeated_u32(b, CREDS_CAP_INH, c->cap_inh, CRIU_CAP_WORDS);
	pb_repeated_u32(b, CREDS_CAP_PRM, c->cap_prm, CRIU_CAP_WORDS);
	pb_repeated_u32(b, CREDS_CAP_EFF, c->cap_eff, CRIU_CAP_WORDS);
	pb_repeated_u32(b, CREDS_CAP_BND, c->cap_bnd, CRIU_CAP_WORDS);
	pb_varint(b, CREDS_SECBITS, c->secbits);
	pb_repeated_u32(b, CREDS_GROUPS, c->groups, c->nr_groups);
	pb_end(b, m);
}

static void put_thread_core(struct pb_buf *b, const struct criu_thread_core *t)
{
	size_t m;

	pb_varint(b, THC_FUTEX_RLA, t->futex_rla);
	pb_varint(b, THC_FUTEX_RLA_LEN, t->futex_rla_len);
	pb_sint(b, THC_SCHED_NICE, t->sched_nice);
	pb_varint(b, THC_SCHED_POLICY, t->sched_policy);
	pb_varint(b, THC_SCHED_PRIO, t->sched_prio);
	pb_varint(b, THC_BLK_SIGSET, t->blk_sigset);
	m = pb_begin(b, THC_SAS);
	pb_varint(b, SAS_SS_SP, t->sas.ss_sp);
	pb_varint(b, SAS_SS_SIZE, t->sas.ss_size);
	pb_varint(b, SAS_SS_FLAGS, t->sas.ss_flags);
	pb_end(b, m);
	pb_varint(b, THC_PDEATH_SIG, t->pdeath_sig);
	put_sigqueue(b, THC_SIGNALS_P, &t->signals_p);
	put_creds(b, &t->creds);
	pb_string(b, THC_COMM, t->comm);
	if (t->rseq) {
		m = pb_begin(b, THC_RSEQ_ENTRY);
		pb_varint(b, RSEQ_ABI_POINTER, t->rseq->abi_pointer);
		pb_varint(b, RSEQ_ABI_SIZE, t->rseq->abi_size);
		pb_varint(b, RSEQ_SIGNATURE, t->rseq->signature);
		if (t->rseq->has_cs_pointer)
			pb_varint(b, RSEQ_CS_POINTER, t->rseq->cs_pointer);
		pb_end(b, m);
	}
}

static bool sigqueue_ok(const struct criu_sigqueue *q)
{
	return !q->nr || q->sig;
}

/* What restore would refuse (cr-restore.c), refused here instead. */
static bool sched_ok(const struct criu_thread_core *t)
{
	if (t->sched_nice < -20 || t->sched_nice > 19)
		return false;
	switch (t->sched_policy) {
	case SCHED_FIFO:
	case SCHED_RR:
		return t->sched_prio > 0 && t->sched_prio < 100;
	case SCHED_OTHER:
	case SCHED_BATCH:
	case SCHED_IDLE:
		return t->sched_prio == 0;
	}
	return false;
}

static int check_core(const struct criu_core *c)
{
	const struct criu_task_core *tc = c->tc;
	const struct criu_thread_core *t = c->thread_core;
	bool zombie = tc && tc->task_state == CRIU_TASK_DEAD;

	if (tc) {
		if (tc->task_state != CRIU_TASK_ALIVE && tc->task_state != CRIU_TASK_DEAD &&
		    tc->task_state != CRIU_TASK_STOPPED)
			return -EINVAL;
		if (!comm_ok(tc->comm) || !sigqueue_ok(&tc->signals_s) ||
		    (tc->nr_posix_timers && !tc->posix_timers))
			return -EINVAL;
	}
	if (zombie)
		return c->ti || t ? -EINVAL : 0;
	if (!c->ti || !t)
		return -EINVAL;
	if (!comm_ok(t->comm) || !sigqueue_ok(&t->signals_p) || !sched_ok(t) ||
	    t->pdeath_sig > CRIU_NSIG || (t->creds.nr_groups && !t->creds.groups))
		return -EINVAL;
	return 0;
}

static int put_core(struct pb_buf *b, const void *arg)
{
	const struct criu_core *c = arg;
	struct criu_xstate_layout own;
	const struct criu_xstate_layout *l = NULL;
	size_t m, n;
	int r;

	r = check_core(c);
	if (r)
		return r;
	if (c->ti) {
		l = c->ti->layout;
		if (!l) {
			r = criu_xstate_layout(&own);
			if (r)
				return r;
			l = &own;
		}
		r = check_fpregs(c->ti, l);
		if (r)
			return r;
	}

	pb_varint(b, CORE_MTYPE, CORE_ENTRY_MARCH_X86_64);
	if (c->ti) {
		m = pb_begin(b, CORE_THREAD_INFO);
		pb_varint(b, TI_CLEAR_TID_ADDR, c->ti->clear_tid_addr);
		n = pb_begin(b, TI_GPREGS);
		put_gpregs(b, &c->ti->gpregs);
		pb_end(b, n);
		n = pb_begin(b, TI_FPREGS);
		put_fpregs(b, c->ti, l);
		pb_end(b, n);
		pb_end(b, m);
	}
	if (c->tc) {
		m = pb_begin(b, CORE_TC);
		put_tc(b, c->tc);
		pb_end(b, m);
	}
	if (c->thread_core) {
		m = pb_begin(b, CORE_THREAD_CORE);
		put_thread_core(b, c->thread_core);
		pb_end(b, m);
	}
	return 0;
}

int criu_write_core(int dirfd, uint32_t tid, const struct criu_core *core)
{
	return write_one(dirfd, K_CORE, tid, put_core, core);
}

/* ---- The FPU layout of this CPU ---- */

static uint64_t xgetbv0(void)
{
	uint32_t lo, hi;

	__asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
	return (uint64_t)hi << 32 | lo;
}

int criu_xstate_layout(struct criu_xstate_layout *l)
{
	unsigned int a, b, c, d, i;

	if (!l)
		return -EINVAL;
	memset(l, 0, sizeof(*l));
	/* x87 and SSE sit in the FXSAVE part, the same in every format. */
	l->xfeatures = XBIT(XFEATURE_FP) | XBIT(XFEATURE_SSE);
	l->size = XSAVE_FXSAVE_BYTES;
	l->offset[XFEATURE_FP] = 0;
	l->csize[XFEATURE_FP] = FX_XMM;
	l->offset[XFEATURE_SSE] = FX_XMM;
	l->csize[XFEATURE_SSE] = FXSAVE_XMM_WORDS * 4;

	if (!__get_cpuid(1, &a, &b, &c, &d))
		return -ENODEV;
	if (!(c & bit_OSXSAVE))
		return 0;
	if (__get_cpuid_max(0, NULL) < 0xd)
		return -ENODEV;
	l->xsave = true;
	/* XCR0, not CPUID's list: the components the kernel gives user space. */
	l->xfeatures = xgetbv0();
	__cpuid_count(0xd, 0, a, b, c, d);
	l->size = b;
	for (i = XFEATURE_YMM; i < CRIU_XFEATURES; i++) {
		if (!(l->xfeatures & XBIT(i)))
			continue;
		__cpuid_count(0xd, i, a, b, c, d);
		l->csize[i] = a;
		l->offset[i] = b;
	}
	return 0;
}

/* ---- mm, fs, timens ---- */

static int check_mm(const struct criu_mm *mm)
{
	const uint64_t mask = CRIU_PAGE_SIZE - 1;
	uint64_t next = 0;
	size_t i;

	if (mm->nr_saved_auxv > CRIU_AUXV_MAX || (mm->nr_saved_auxv && !mm->saved_auxv) ||
	    (mm->nr_vmas && !mm->vmas))
		return -EINVAL;
	for (i = 0; i < mm->nr_vmas; i++) {
		const struct criu_vma *v = &mm->vmas[i];

		if ((v->start | v->end) & mask || v->start >= v->end || v->start < next)
			return -EINVAL;
		next = v->end;
	}
	return 0;
}

static int put_mm(struct pb_buf *b, const void *arg)
{
	const struct criu_mm *mm = arg;
	size_t i, m;
	int r;

	r = check_mm(mm);
	if (r)
		return r;
	pb_varint(b, MM_START_CODE, mm->start_code);
	pb_varint(b, MM_END_CODE, mm->end_code);
	pb_varint(b, MM_START_DATA, mm->start_data);
	pb_varint(b, MM_END_DATA, mm->end_data);
	pb_varint(b, MM_START_STACK, mm->start_stack);
	pb_varint(b, MM_START_BRK, mm->start_brk);
	pb_varint(b, MM_BRK, mm->brk);
	pb_varint(b, MM_ARG_START, mm->arg_start);
	pb_varint(b, MM_ARG_END, mm->arg_end);
	pb_varint(b, MM_ENV_START, mm->env_start);
	pb_varint(b, MM_ENV_END, mm->env_end);
	pb_varint(b, MM_EXE_FILE_ID, mm->exe_file_id);
	pb_repeated_u64(b, MM_SAVED_AUXV, mm->saved_auxv, mm->nr_saved_auxv);
	for (i = 0; i < mm->nr_vmas; i++) {
		const struct criu_vma *v = &mm->vmas[i];

		m = pb_begin(b, MM_VMAS);
		pb_varint(b, VMA_START, v->start);
		pb_varint(b, VMA_END, v->end);
		pb_varint(b, VMA_PGOFF, v->pgoff);
		pb_varint(b, VMA_SHMID, v->shmid);
		pb_varint(b, VMA_PROT, v->prot);
		pb_varint(b, VMA_FLAGS, v->flags);
		pb_varint(b, VMA_STATUS, v->status);
		pb_sint(b, VMA_FD, -1);
		put_nonzero(b, VMA_MADV, v->madv);
		if (v->has_fdflags)
			pb_varint(b, VMA_FDFLAGS, v->fdflags);
		pb_end(b, m);
	}
	if (mm->has_dumpable)
		pb_int(b, MM_DUMPABLE, mm->dumpable);
	pb_varint(b, MM_THP_DISABLED, mm->thp_disabled);
	return 0;
}

int criu_write_mm(int dirfd, uint32_t pid, const struct criu_mm *mm)
{
	return write_one(dirfd, K_MM, pid, put_mm, mm);
}

static int put_fs(struct pb_buf *b, const void *arg)
{
	const struct criu_fs *fs = arg;

	pb_varint(b, FS_CWD_ID, fs->cwd_id);
	pb_varint(b, FS_ROOT_ID, fs->root_id);
	pb_varint(b, FS_UMASK, fs->umask);
	return 0;
}

int criu_write_fs(int dirfd, uint32_t pid, const struct criu_fs *fs)
{
	return write_one(dirfd, K_FS, pid, put_fs, fs);
}

static void put_timespec(struct pb_buf *b, uint32_t field, const struct criu_timespec *ts)
{
	size_t m = pb_begin(b, field);

	pb_varint(b, TIMESPEC_TV_SEC, ts->tv_sec);
	pb_varint(b, TIMESPEC_TV_NSEC, ts->tv_nsec);
	pb_end(b, m);
}

static int put_timens(struct pb_buf *b, const void *arg)
{
	const struct criu_timens *t = arg;

	if (t->monotonic.tv_nsec >= 1000000000 || t->boottime.tv_nsec >= 1000000000)
		return -EINVAL;
	put_timespec(b, TIMENS_MONOTONIC, &t->monotonic);
	put_timespec(b, TIMENS_BOOTTIME, &t->boottime);
	return 0;
}

int criu_write_timens(int dirfd, uint32_t time_ns_id, const struct criu_timens *t)
{
	return write_one(dirfd, K_TIMENS, time_ns_id, put_timens, t);
}

/* ---- files, fdinfo, pipe data, tty-info ---- */

static void put_fown(struct pb_buf *b, uint32_t field, const struct criu_fown *f)
{
	size_t m = pb_begin(b, field);

	pb_varint(b, FOWN_UID, f->uid);
	pb_varint(b, FOWN_EUID, f->euid);
	pb_varint(b, FOWN_SIGNUM, f->signum);
	pb_varint(b, FOWN_PID_TYPE, f->pid_type);
	pb_varint(b, FOWN_PID, f->pid);
	pb_end(b, m);
}

int criu_file_add(struct criu_img *img, const struct criu_file *f)
{
	struct pb_buf *b;
	size_t mark, m;
	int r;

	r = add_check(img, K_FILES, f);
	if (r)
		return r;
	switch (f->type) {
	case CRIU_FD_REG:
		/* Restore opens it relative to its root, after the slash. */
		if (!f->reg.name || f->reg.name[0] != '/')
			return fail(img, -EINVAL);
		break;
	case CRIU_FD_PIPE:
	case CRIU_FD_FIFO:
	case CRIU_FD_TTY:
		break;
	case CRIU_FD_INETSK:
		if (f->isk.family != 2)	/* AF_INET only, so far */
			return fail(img, -EINVAL);
		break;
	default:
		return fail(img, -EINVAL);
	}

	b = &img->out;
	mark = entry_begin(img);
	pb_varint(b, FILE_TYPE, f->type);
	pb_varint(b, FILE_ID, f->id);
	switch (f->type) {
	case CRIU_FD_REG:
		m = pb_begin(b, FILE_REG);
		pb_varint(b, REG_ID, f->id);
		pb_varint(b, REG_FLAGS, f->reg.flags);
		pb_varint(b, REG_POS, f->reg.pos);
		put_fown(b, REG_FOWN, &f->reg.fown);
		pb_string(b, REG_NAME, f->reg.name);
		if (f->reg.has_size)
			pb_varint(b, REG_SIZE, f->reg.size);
		if (f->reg.has_mode)
			pb_varint(b, REG_MODE, f->reg.mode);
		pb_end(b, m);
		break;
	case CRIU_FD_INETSK:
		m = pb_begin(b, FILE_INETSK);
		pb_varint(b, ISK_ID, f->id);
		pb_varint(b, ISK_INO, f->isk.ino);
		pb_varint(b, ISK_FAMILY, f->isk.family);
		pb_varint(b, ISK_TYPE, f->isk.type);
		pb_varint(b, ISK_PROTO, f->isk.proto);
		pb_varint(b, ISK_STATE, f->isk.state);
		pb_varint(b, ISK_SRC_PORT, f->isk.src_port);
		pb_varint(b, ISK_DST_PORT, f->isk.dst_port);
		pb_varint(b, ISK_FLAGS, f->isk.flags);
		pb_varint(b, ISK_BACKLOG, f->isk.backlog);
		pb_varint(b, ISK_SRC_ADDR, f->isk.src_addr);
		pb_varint(b, ISK_DST_ADDR, f->isk.dst_addr);
		put_fown(b, ISK_FOWN, &f->isk.fown);
		{
			size_t o = pb_begin(b, ISK_OPTS);

			pb_varint(b, SKO_SNDBUF, f->isk.sndbuf);
			pb_varint(b, SKO_RCVBUF, f->isk.rcvbuf);
			pb_varint(b, SKO_SND_TMO_SEC, 0);
			pb_varint(b, SKO_SND_TMO_USEC, 0);
			pb_varint(b, SKO_RCV_TMO_SEC, 0);
			pb_varint(b, SKO_RCV_TMO_USEC, 0);
			pb_varint(b, SKO_REUSEADDR, f->isk.reuseaddr);
			pb_end(b, o);
		}
		pb_end(b, m);
		break;
	case CRIU_FD_FIFO:
		m = pb_begin(b, FILE_FIFO);
		pb_varint(b, FIFO_ID, f->id);
		pb_varint(b, FIFO_PIPE_ID, f->fifo.pipe_id);
		pb_varint(b, FIFO_REGF_ID, f->fifo.regf_id);
		pb_end(b, m);
		break;
	case CRIU_FD_PIPE:
		m = pb_begin(b, FILE_PIPE);
		pb_varint(b, PIPE_ID, f->id);
		pb_varint(b, PIPE_PIPE_ID, f->pipe.pipe_id);
		pb_varint(b, PIPE_FLAGS, f->pipe.flags);
		put_fown(b, PIPE_FOWN, &f->pipe.fown);
		pb_end(b, m);
		break;
	case CRIU_FD_TTY:
		m = pb_begin(b, FILE_TTY);
		pb_varint(b, TTYF_ID, f->id);
		pb_varint(b, TTYF_TTY_INFO_ID, f->tty.tty_info_id);
		pb_varint(b, TTYF_FLAGS, f->tty.flags);
		put_fown(b, TTYF_FOWN, &f->tty.fown);
		pb_varint(b, TTYF_REGF_ID, f->tty.regf_id);
		pb_end(b, m);
		break;
	}
	return entry_end(img, mark);
}

int criu_fdinfo_add(struct criu_img *img, const struct criu_fdinfo *fd)
{
	size_t mark;
	int r;

	r = add_check(img, K_FDINFO, fd);
	if (r)
		return r;
	mark = entry_begin(img);
	pb_varint(&img->out, FDINFO_ID, fd->id);
	pb_varint(&img->out, FDINFO_FLAGS, fd->flags);
	pb_varint(&img->out, FDINFO_TYPE, fd->type);
	pb_varint(&img->out, FDINFO_FD, fd->fd);
	return entry_end(img, mark);
}

int criu_pipe_data_add(struct criu_img *img, uint32_t pipe_id, uint32_t size,
		       const void *data, uint32_t bytes)
{
	size_t mark;
	int r;

	if (!img)
		return -EINVAL;
	if (img->err)
		return img->err;
	if ((img->kind != K_PIPES_DATA && img->kind != K_FIFO_DATA) || (bytes && !data))
		return fail(img, -EINVAL);
	mark = entry_begin(img);
	pb_varint(&img->out, PIPE_DATA_PIPE_ID, pipe_id);
	pb_varint(&img->out, PIPE_DATA_BYTES, bytes);
	if (size)
		pb_varint(&img->out, PIPE_DATA_SIZE, size);
	r = entry_end(img, mark);
	if (r)
		return r;
	/* The bytes follow the entry raw (criu splices them, pipes.c). */
	if (bytes < FLUSH_AT) {
		pb_raw(&img->out, data, bytes);
		return img->out.err ? fail(img, img->out.err) : 0;
	}
	r = flush(img);
	if (r)
		return r;
	r = full_write(img->fd, data, bytes);
	return r ? fail(img, r) : 0;
}

static void put_termios(struct pb_buf *b, uint32_t field, const struct criu_termios *t)
{
	size_t m = pb_begin(b, field);

	pb_varint(b, TERMIOS_C_IFLAG, t->c_iflag);
	pb_varint(b, TERMIOS_C_OFLAG, t->c_oflag);
	pb_varint(b, TERMIOS_C_CFLAG, t->c_cflag);
	pb_varint(b, TERMIOS_C_LFLAG, t->c_lflag);
	pb_varint(b, TERMIOS_C_LINE, t->c_line);
	pb_varint(b, TERMIOS_C_ISPEED, t->c_ispeed);
	pb_varint(b, TERMIOS_C_OSPEED, t->c_ospeed);
	pb_repeated_u32(b, TERMIOS_C_CC, t->c_cc, CRIU_TERMIOS_NCC);
	pb_end(b, m);
}

int criu_tty_info_add(struct criu_img *img, const struct criu_tty_info *t)
{
	struct pb_buf *b;
	size_t mark, m;
	int r;

	r = add_check(img, K_TTY_INFO, t);
	if (r)
		return r;
	b = &img->out;
	mark = entry_begin(img);
	pb_varint(b, TTYI_ID, t->id);
	pb_varint(b, TTYI_TYPE, t->type);
	pb_varint(b, TTYI_LOCKED, t->locked);
	pb_varint(b, TTYI_EXCLUSIVE, t->exclusive);
	pb_varint(b, TTYI_PACKET_MODE, t->packet_mode);
	pb_varint(b, TTYI_SID, t->sid);
	pb_varint(b, TTYI_PGRP, t->pgrp);
	pb_varint(b, TTYI_RDEV, t->rdev);
	if (t->termios)
		put_termios(b, TTYI_TERMIOS, t->termios);
	if (t->termios_locked)
		put_termios(b, TTYI_TERMIOS_LOCKED, t->termios_locked);
	if (t->winsize) {
		m = pb_begin(b, TTYI_WINSIZE);
		pb_varint(b, WINSIZE_WS_ROW, t->winsize->ws_row);
		pb_varint(b, WINSIZE_WS_COL, t->winsize->ws_col);
		pb_varint(b, WINSIZE_WS_XPIXEL, t->winsize->ws_xpixel);
		pb_varint(b, WINSIZE_WS_YPIXEL, t->winsize->ws_ypixel);
		pb_end(b, m);
	}
	if (t->has_pty_index) {
		m = pb_begin(b, TTYI_PTY);
		pb_varint(b, TTY_PTY_INDEX, t->pty_index);
		pb_end(b, m);
	}
	if (t->has_dev)
		pb_varint(b, TTYI_DEV, t->dev);
	if (t->has_uid_gid) {
		pb_varint(b, TTYI_UID, t->uid);
		pb_varint(b, TTYI_GID, t->gid);
	}
	return entry_end(img, mark);
}

/* ---- pagemap-<pid>.img and pages-<id>.img ---- */

static int pm_fail(struct criu_pagemap *pm, int err)
{
	if (!pm->err)
		pm->err = err;
	return pm->err;
}

int criu_pagemap_open(int dirfd, uint32_t pid, uint32_t pages_id, unsigned int flags,
		      struct criu_pagemap **out)
{
	struct criu_pagemap *pm;
	size_t mark;
	int r;

	if (!out || flags & ~(CRIU_PAGEMAP_NO_PAGES | CRIU_PAGEMAP_SHMEM))
		return -EINVAL;
	*out = NULL;
	pm = calloc(1, sizeof(*pm));
	if (!pm)
		return -ENOMEM;
	pm->pages_fd = -1;
	r = img_open(dirfd, flags & CRIU_PAGEMAP_SHMEM ? K_PAGEMAP_SHMEM : K_PAGEMAP, pid,
		     &pm->map);
	if (r) {
		free(pm);
		return r;
	}
	mark = entry_begin(pm->map);
	pb_varint(&pm->map->out, PAGEMAP_HEAD_PAGES_ID, pages_id);
	r = entry_end(pm->map, mark);
	if (!r && !(flags & CRIU_PAGEMAP_NO_PAGES)) {
		pm->pages_fd = open_file(dirfd, "pages-%u.img", pages_id);
		if (pm->pages_fd < 0)
			r = pm->pages_fd;
	}
	if (r) {
		criu_img_close(pm->map);
		free(pm);
		return r;
	}
	*out = pm;
	return 0;
}

int criu_pagemap_add(struct criu_pagemap *pm, uint64_t vaddr, uint32_t nr_pages, uint32_t flags)
{
	const uint32_t known = CRIU_PE_PARENT | CRIU_PE_LAZY | CRIU_PE_PRESENT;
	uint64_t len = (uint64_t)nr_pages * CRIU_PAGE_SIZE;
	size_t mark;
	int r;

	if (!pm)
		return -EINVAL;
	if (pm->err)
		return pm->err;
	if (pm->owed || vaddr % CRIU_PAGE_SIZE || !nr_pages || vaddr < pm->next ||
	    vaddr + len < vaddr || !flags || flags & ~known)
		return pm_fail(pm, -EINVAL);
	mark = entry_begin(pm->map);
	pb_varint(&pm->map->out, PAGEMAP_VADDR, vaddr);
	pb_varint(&pm->map->out, PAGEMAP_NR_PAGES, nr_pages);
	pb_varint(&pm->map->out, PAGEMAP_FLAGS, flags);
	r = entry_end(pm->map, mark);
	if (r)
		return pm_fail(pm, r);
	pm->next = vaddr + len;
	if (flags & CRIU_PE_PRESENT && pm->pages_fd >= 0)
		pm->owed = len;
	return 0;
}

int criu_pages_write(struct criu_pagemap *pm, const void *buf, size_t len)
{
	int r;

	if (!pm)
		return -EINVAL;
	if (pm->err)
		return pm->err;
	if (pm->pages_fd < 0 || len > pm->owed || (len && !buf))
		return pm_fail(pm, -EINVAL);
	r = full_write(pm->pages_fd, buf, len);
	if (r)
		return pm_fail(pm, r);
	pm->owed -= len;
	return 0;
}

int criu_pagemap_close(struct criu_pagemap *pm)
{
	int r;

	if (!pm)
		return -EINVAL;
	if (pm->owed)
		pm_fail(pm, -EINVAL);
	r = criu_img_close(pm->map);
	if (r)
		pm_fail(pm, r);
	if (pm->pages_fd >= 0 && close(pm->pages_fd))
		pm_fail(pm, -errno);
	r = pm->err;
	free(pm);
	return r;
}
