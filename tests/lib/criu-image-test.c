// SPDX-License-Identifier: GPL-2.0-only
/*
 * criu-image-test DIR: the host test of tools/dump/criu-image.c.  Checks
 * the protobuf encoder against byte vectors (the protobuf spec's own
 * examples where there is one) and the library's refusals, then writes
 * the complete image set of a made-up process tree into DIR, which
 * tests/lib/criu-image-check.py decodes with crit and checks value by
 * value: the values here and there must agree.  Prints KTAP-style lines.
 *
 * The tree: pid 1 (root of a new pid and time namespace) with threads 1,
 * 5, 6 and 8, and a zombie child, pid 7.  The FPU state of thread 1 and 6
 * is made up on a fixed layout, 5's is what this CPU's XSAVE stores (if
 * it has AVX), 8's is an FXSAVE area on a CPU without XSAVE.
 */
#define _GNU_SOURCE
#include <cpuid.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "criu-image.h"
#include "protobuf.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

static int nr_tests, nr_failed;

static void __attribute__((format(printf, 2, 3))) check(bool ok, const char *fmt, ...)
{
	va_list ap;

	nr_tests++;
	if (!ok)
		nr_failed++;
	printf("%sok %d ", ok ? "" : "not ", nr_tests);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

/* A call that must succeed. */
#define EXPECT(want, call) do {							\
	int __r = (call);							\
	check(__r == (want), "%s = %d (want %d)", #call, __r, (want));		\
} while (0)

/* A call that must fail with the errno given, and why. */
#define REFUSE(want, call, why) do {						\
	int __r = (call);							\
	check(__r == (want), "refused (%d, want %d): %s", __r, (want), why);	\
} while (0)

/* ---- The encoder against byte vectors ---- */

static void check_bytes(struct pb_buf *b, const uint8_t *want, size_t n, const char *what)
{
	bool ok = !b->err && b->len == n && !memcmp(b->data, want, n);

	check(ok, "protobuf: %s", what);
	if (!ok) {
		size_t i;

		printf("# got (err %d):", b->err);
		for (i = 0; i < b->len; i++)
			printf(" %02x", b->data[i]);
		putchar('\n');
	}
	pb_free(b);
}

#define VEC(...) (const uint8_t[]){ __VA_ARGS__ }, sizeof((const uint8_t[]){ __VA_ARGS__ })

static void test_encoder(void)
{
	static const uint32_t packed[] = { 3, 270, 86942 };
	uint8_t big[200], *want;
	struct pb_buf b;
	size_t m;
	bool ok;

	pb_init(&b);
	pb_varint(&b, 1, 150);
	check_bytes(&b, VEC(0x08, 0x96, 0x01), "varint 150 (spec)");

	pb_string(&b, 2, "testing");
	check_bytes(&b, VEC(0x12, 0x07, 't', 'e', 's', 't', 'i', 'n', 'g'), "string (spec)");

	m = pb_begin(&b, 3);
	pb_varint(&b, 1, 150);
	pb_end(&b, m);
	check_bytes(&b, VEC(0x1a, 0x03, 0x08, 0x96, 0x01), "nested message (spec)");

	pb_packed_u32(&b, 4, packed, 3);
	check_bytes(&b, VEC(0x22, 0x06, 0x03, 0x8e, 0x02, 0x9e, 0xa7, 0x05), "packed (spec)");

	pb_repeated_u32(&b, 4, packed, 2);
	check_bytes(&b, VEC(0x20, 0x03, 0x20, 0x8e, 0x02), "non-packed repeated");

	pb_sint(&b, 1, 0);
	pb_sint(&b, 1, -1);
	pb_sint(&b, 1, 1);
	pb_sint(&b, 1, -2);
	check_bytes(&b, VEC(0x08, 0x00, 0x08, 0x01, 0x08, 0x02, 0x08, 0x03), "zigzag 0 -1 1 -2");

	pb_sint(&b, 1, INT32_MIN);
	pb_sint(&b, 1, INT32_MAX);
	check_bytes(&b, VEC(0x08, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x08, 0xfe, 0xff, 0xff, 0xff, 0x0f),
		    "zigzag sint32 limits");

	pb_int(&b, 1, -1);
	check_bytes(&b, VEC(0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01),
		    "negative int32 in ten bytes");

	pb_varint(&b, 2, UINT64_MAX);
	check_bytes(&b, VEC(0x10, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01),
		    "varint 2^64 - 1");

	pb_fixed32(&b, 5, 0x12345678);
	pb_fixed64(&b, 6, 0x0102030405060708ull);
	check_bytes(&b, VEC(0x2d, 0x78, 0x56, 0x34, 0x12,
			    0x31, 0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01), "fixed32, fixed64");

	pb_varint(&b, 536870911, 1);
	check_bytes(&b, VEC(0xf8, 0xff, 0xff, 0xff, 0x0f, 0x01), "largest field number");

	/* A nested message longer than 127 bytes: its length takes two. */
	memset(big, 0xab, sizeof(big));
	m = pb_begin(&b, 1);
	pb_bytes(&b, 1, big, sizeof(big));
	pb_end(&b, m);
	want = malloc(206);
	if (!want)
		abort();
	memcpy(want, (const uint8_t[]){ 0x0a, 0xcb, 0x01, 0x0a, 0xc8, 0x01 }, 6);
	memset(want + 6, 0xab, sizeof(big));
	check_bytes(&b, want, 206, "nested message of 203 bytes");
	free(want);

	pb_varint(&b, 0, 1);
	ok = b.err == -EINVAL;
	pb_free(&b);
	pb_varint(&b, 1u << 29, 1);
	check(ok && b.err == -EINVAL, "protobuf: field numbers 0 and 2^29 refused");
	pb_free(&b);
}

/* ---- The made-up tree ---- */

/* Bytes that do not repeat every 256 (nor 512 ...): must agree with criu-image-check.py. */
static uint8_t pattern(size_t i)
{
	return (uint8_t)((uint32_t)i * 2654435761u >> 11);
}

static uint64_t gpreg(uint32_t tid, unsigned int k)
{
	return (uint64_t)k << 56 | (uint64_t)tid << 8 | k;
}

static void fill_gpregs(struct criu_x86_gpregs *g, uint32_t tid)
{
	uint64_t *r = &g->r15;
	unsigned int k;

	/* The struct is the 27 registers in the image's order. */
	for (k = 1; k <= 27; k++)
		r[k - 1] = gpreg(tid, k);
	g->orig_ax = UINT64_MAX;
}

static void fill_siginfo(struct criu_siginfo *si, uint32_t signo, uint32_t code, uint32_t pid)
{
	memset(si, 0, sizeof(*si));
	memcpy(si->raw, &signo, 4);
	memcpy(si->raw + 8, &code, 4);
	memcpy(si->raw + 16, &pid, 4);
	si->raw[127] = 0x5a;
}

static const uint32_t groups[] = { 1000, 27, 100 };

static void fill_thread_core(struct criu_thread_core *t, uint32_t tid)
{
	memset(t, 0, sizeof(*t));
	t->futex_rla = 0x7ffff7d8e9a0 + tid;
	t->futex_rla_len = 24;
	t->blk_sigset = 0x4000 | tid;
	t->sas.ss_sp = 0x7ff000000000;
	t->sas.ss_size = 65536;
	t->sas.ss_flags = 0;
	t->creds = (struct criu_creds){
		.uid = 1000, .gid = 1000, .euid = 1001, .egid = 1002,
		.suid = 1003, .sgid = 1004, .fsuid = 1005, .fsgid = 1006,
		.cap_inh = { 0, 0 }, .cap_prm = { 0xffffffff, 0x1ff },
		.cap_eff = { 3, 0 }, .cap_bnd = { 0xffffffff, 0x1ff },
		.secbits = 0x2f, .groups = groups, .nr_groups = 3,
	};
	snprintf(t->comm, sizeof(t->comm), "worker-%u", tid);
}

/* The made-up layout of threads 1 and 6: Intel's standard offsets. */
static const struct criu_xstate_layout avx512_layout = {
	.xfeatures = 0x2e7,		/* FP SSE YMM OPMASK ZMM_Hi256 Hi16_ZMM PKRU */
	.size = 2696,
	.xsave = true,
	.offset = { 0, 160, 576, 0, 0, 1088, 1152, 1664, 0, 2688 },
	.csize = { 160, 256, 256, 0, 0, 64, 512, 1024, 0, 8 },
};

static const struct criu_xstate_layout avx_layout = {
	.xfeatures = 0x7,
	.size = 832,
	.xsave = true,
	.offset = { 0, 160, 576 },
	.csize = { 160, 256, 256 },
};

static const struct criu_xstate_layout fxsave_layout = {
	.xfeatures = 0x3,
	.size = 512,
	.offset = { 0, 160 },
	.csize = { 160, 256 },
};

static uint8_t *made_up_xsave(size_t size, uint64_t xstate_bv)
{
	uint8_t *x = malloc(size);
	size_t i;

	if (!x)
		abort();
	for (i = 0; i < size; i++)
		x[i] = pattern(i);
	if (size >= 576)
		memcpy(x + 512, &xstate_bv, 8);
	return x;
}

static uint64_t xgetbv0(void)
{
	uint32_t lo, hi;

	__asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
	return (uint64_t)hi << 32 | lo;
}

static bool have_avx(void)
{
	unsigned int a, b, c, d;

	if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & bit_OSXSAVE) || !(c & bit_AVX))
		return false;
	return (xgetbv0() & 6) == 6;
}

/*
 * This CPU's own XSAVE, with known values in x87 control, MXCSR and the
 * YMM registers (must agree with criu-image-check.py), in one asm block
 * so that nothing the compiler does comes between loading and saving.
 */
static uint8_t *real_xsave(size_t *size)
{
	static const uint16_t fcw = 0x27f, fcw0 = 0x37f;
	static const uint32_t mxcsr = 0x9f80, mxcsr0 = 0x1f80;
	uint32_t ymm[16][8];
	unsigned int a, b, c, d, r, j;
	uint8_t *x;

	__cpuid_count(0xd, 0, a, b, c, d);
	*size = b;
	x = aligned_alloc(64, (b + 63) & ~63u);
	if (!x)
		abort();
	memset(x, 0, b);
	for (r = 0; r < 16; r++)
		for (j = 0; j < 8; j++)
			ymm[r][j] = 0xa0000000 | r << 8 | j;
	__asm__ volatile(
		"fldcw %[fcw]\n\t"
		"ldmxcsr %[mx]\n\t"
		"vmovdqu 0(%[y]), %%ymm0\n\t"
		"vmovdqu 32(%[y]), %%ymm1\n\t"
		"vmovdqu 64(%[y]), %%ymm2\n\t"
		"vmovdqu 96(%[y]), %%ymm3\n\t"
		"vmovdqu 128(%[y]), %%ymm4\n\t"
		"vmovdqu 160(%[y]), %%ymm5\n\t"
		"vmovdqu 192(%[y]), %%ymm6\n\t"
		"vmovdqu 224(%[y]), %%ymm7\n\t"
		"vmovdqu 256(%[y]), %%ymm8\n\t"
		"vmovdqu 288(%[y]), %%ymm9\n\t"
		"vmovdqu 320(%[y]), %%ymm10\n\t"
		"vmovdqu 352(%[y]), %%ymm11\n\t"
		"vmovdqu 384(%[y]), %%ymm12\n\t"
		"vmovdqu 416(%[y]), %%ymm13\n\t"
		"vmovdqu 448(%[y]), %%ymm14\n\t"
		"vmovdqu 480(%[y]), %%ymm15\n\t"
		"xsave64 (%[x])\n\t"
		"vzeroall\n\t"
		"fldcw %[fcw0]\n\t"
		"ldmxcsr %[mx0]\n\t"
		:
		: [fcw] "m"(fcw), [mx] "m"(mxcsr), [fcw0] "m"(fcw0), [mx0] "m"(mxcsr0),
		  [y] "r"(ymm), [x] "r"(x), "a"(-1), "d"(-1)
		: "memory", "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7",
		  "xmm8", "xmm9", "xmm10", "xmm11", "xmm12", "xmm13", "xmm14", "xmm15");
	return x;
}

static int write_tree(int dir)
{
	static const uint32_t threads[] = { 1, 5, 6, 8 }, zthreads[] = { 7 };
	static const uint64_t auxv[] = { 6, 4096, 9, 0x401000, 0, 0 };
	static const int sigs_set[] = { 2, 10, 15, 20 };
	struct criu_inventory inv = {
		.root_ids = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 },
	};
	struct criu_kobj_ids ids = { 21, 22, 23, 24, 25, 6, 7, 8, 9, 10, 11, 26 };
	struct criu_x86_thread_info ti[4];
	struct criu_thread_core thc[4];
	struct criu_task_core tc, ztc;
	struct criu_posix_timer ptimer = {
		.it_id = 0, .clock_id = 1, .si_signo = 34, .it_sigev_notify = 4,
		.sival_ptr = 0xdeadbeef, .overrun = 0, .isec = 2, .insec = 0,
		.vsec = 1, .vnsec = 5, .notify_thread_id = 5,
	};
	struct criu_siginfo sig_s, sig_p;
	struct criu_rseq rseq = {
		.abi_pointer = 0x7ffff7d8f000, .abi_size = 32, .signature = 0x53053053,
	};
	struct criu_vma vmas[] = {
		{ .start = 0x400000, .end = 0x401000, .shmid = 10, .prot = 5, .flags = 2,
		  .status = CRIU_VMA_AREA_REGULAR | CRIU_VMA_FILE_PRIVATE,
		  .has_fdflags = true, .fdflags = 0 },
		{ .start = 0x402000, .end = 0x404000, .prot = 3, .flags = 0x22,
		  .status = CRIU_VMA_AREA_REGULAR | CRIU_VMA_ANON_PRIVATE | CRIU_VMA_AREA_HEAP },
		{ .start = 0x7ffff7fc1000, .end = 0x7ffff7fc3000, .prot = 5, .flags = 0x22,
		  .status = CRIU_VMA_AREA_REGULAR | CRIU_VMA_AREA_VDSO },
		{ .start = 0x7ffffffde000, .end = 0x7ffffffff000, .prot = 3, .flags = 0x122,
		  .status = CRIU_VMA_AREA_REGULAR | CRIU_VMA_ANON_PRIVATE | CRIU_VMA_AREA_STACK,
		  .madv = 1ull << 14 },
	};
	struct criu_mm mm = {
		.start_code = 0x400000, .end_code = 0x401000, .start_data = 0x402000,
		.end_data = 0x402100, .start_stack = 0x7fffffffe000, .start_brk = 0x403000,
		.brk = 0x404000, .arg_start = 0x7fffffffef00, .arg_end = 0x7fffffffef20,
		.env_start = 0x7fffffffef20, .env_end = 0x7fffffffefe0, .exe_file_id = 10,
		.saved_auxv = auxv, .nr_saved_auxv = 6, .vmas = vmas, .nr_vmas = 4,
		.has_dumpable = true, .dumpable = 1,
	};
	struct criu_termios termios = {
		.c_iflag = 0x500, .c_oflag = 5, .c_cflag = 0xbf, .c_lflag = 0x8a3b,
		.c_ispeed = 15, .c_ospeed = 15,
		.c_cc = { 3, 28, 127, 21, 4, 0, 1, 0, 17, 19, 26, 0, 18, 15, 23, 22, 0, 0, 0 },
	};
	struct criu_winsize winsize = { 24, 80, 0, 0 };
	struct criu_tty_info tty = {
		.id = 30, .type = CRIU_TTY_CONSOLE, .sid = 1, .pgrp = 1, .rdev = 0x501,
		.termios = &termios, .termios_locked = &termios, .winsize = &winsize,
	};
	struct criu_file files[] = {
		{ .type = CRIU_FD_REG, .id = 10, .reg = { .flags = 0x8000, .name = "/usr/bin/orthros-test",
		  .has_mode = true, .mode = 0100755, .has_size = true, .size = 12345 } },
		{ .type = CRIU_FD_REG, .id = 11, .reg = { .flags = 0x10000, .name = "/",
		  .has_mode = true, .mode = 040755 } },
		{ .type = CRIU_FD_REG, .id = 12, .reg = { .flags = 0x10000, .name = "/tmp",
		  .has_mode = true, .mode = 041777 } },
		{ .type = CRIU_FD_REG, .id = 13, .reg = { .flags = 0x402, .pos = 4242,
		  .name = "/dev/null", .fown = { 1000, 1001, 29, 1, 1 } } },
		{ .type = CRIU_FD_PIPE, .id = 14, .pipe = { .pipe_id = 0x1234, .flags = 0 } },
		{ .type = CRIU_FD_PIPE, .id = 15, .pipe = { .pipe_id = 0x1234, .flags = 0x801 } },
		{ .type = CRIU_FD_REG, .id = 16, .reg = { .flags = 0, .name = "/run/fifo",
		  .has_mode = true, .mode = 010644 } },
		{ .type = CRIU_FD_FIFO, .id = 17, .fifo = { .pipe_id = 0x5678, .regf_id = 16 } },
		{ .type = CRIU_FD_REG, .id = 18, .reg = { .flags = 2, .name = "/dev/console" } },
		{ .type = CRIU_FD_TTY, .id = 19, .tty = { .tty_info_id = 30, .flags = 2,
		  .regf_id = 18 } },
	};
	static const struct criu_fdinfo fds[] = {
		{ 19, 0, CRIU_FD_TTY, 0 }, { 13, 1, CRIU_FD_REG, 1 }, { 19, 0, CRIU_FD_TTY, 2 },
		{ 14, 0, CRIU_FD_PIPE, 3 }, { 15, 1, CRIU_FD_PIPE, 4 }, { 17, 0, CRIU_FD_FIFO, 5 },
	};
	struct criu_fs fs = { .cwd_id = 12, .root_id = 11, .umask = 022 };
	struct criu_timens timens = { { 1234, 567890000 }, { 1240, 1 } };
	struct criu_pstree_entry root = { 1, 0, 1, 1, threads, 4 };
	struct criu_pstree_entry zombie = { 7, 1, 7, 1, zthreads, 1 };
	struct criu_core core;
	struct criu_img *img;
	struct criu_pagemap *pm;
	uint8_t *xs[4], *pages, *big;
	size_t real_size = 0;
	unsigned int i;
	int r;

	EXPECT(0, criu_write_inventory(dir, &inv));

	EXPECT(0, criu_img_open(dir, CRIU_IMG_PSTREE, 0, &img));
	EXPECT(0, criu_pstree_add(img, &root));
	EXPECT(0, criu_pstree_add(img, &zombie));
	EXPECT(0, criu_img_close(img));

	EXPECT(0, criu_write_ids(dir, 1, &ids));

	/* Threads: 1 and 6 made up, 5 this CPU's, 8 without XSAVE. */
	xs[0] = made_up_xsave(2696, 0x24f);	/* BNDREGS (8) is not in the layout */
	xs[2] = made_up_xsave(832, 0x4);	/* only YMM in use */
	xs[3] = made_up_xsave(512, 0);
	for (i = 0; i < 4; i++) {
		memset(&ti[i], 0, sizeof(ti[i]));
		ti[i].clear_tid_addr = 0x7ffff7d8ea10 + threads[i];
		fill_gpregs(&ti[i].gpregs, threads[i]);
		fill_thread_core(&thc[i], threads[i]);
	}
	ti[0].xsave = xs[0];
	ti[0].xsave_size = 2696;
	ti[0].layout = &avx512_layout;
	if (have_avx()) {
		xs[1] = real_xsave(&real_size);
		ti[1].xsave = xs[1];
		ti[1].xsave_size = real_size;
		ti[1].layout = NULL;
	} else {
		printf("# no AVX here: thread 5 gets thread 8's FPU state\n");
		xs[1] = NULL;
		ti[1].xsave = xs[3];
		ti[1].xsave_size = 512;
		ti[1].layout = &fxsave_layout;
	}
	ti[2].xsave = xs[2];
	ti[2].xsave_size = 832;
	ti[2].layout = &avx_layout;
	ti[3].xsave = xs[3];
	ti[3].xsave_size = 512;
	ti[3].layout = &fxsave_layout;

	fill_siginfo(&sig_s, 10, 0, 99);
	fill_siginfo(&sig_p, 34, -1u, 1);
	thc[0].sched_nice = -5;
	thc[0].pdeath_sig = 15;
	thc[0].signals_p = (struct criu_sigqueue){ &sig_p, 1 };
	thc[0].rseq = &rseq;
	snprintf(thc[0].comm, sizeof(thc[0].comm), "orthros-test");
	thc[1].sched_policy = 1;	/* SCHED_FIFO */
	thc[1].sched_prio = 10;

	memset(&tc, 0, sizeof(tc));
	tc.task_state = CRIU_TASK_ALIVE;
	tc.flags = 0x400100;
	tc.blk_sigset = 0x10002;
	snprintf(tc.comm, sizeof(tc.comm), "orthros-test");
	tc.itimer_real = (struct criu_itimer){ 1, 500000, 0, 250000 };
	tc.itimer_prof = (struct criu_itimer){ 0, 0, 3, 0 };
	tc.posix_timers = &ptimer;
	tc.nr_posix_timers = 1;
	for (i = 0; i < CRIU_RLIM_NLIMITS; i++) {
		tc.rlimits[i].cur = i * 10;
		tc.rlimits[i].max = i % 2 ? UINT64_MAX : i * 100;
	}
	tc.signals_s = (struct criu_sigqueue){ &sig_s, 1 };
	for (i = 0; i < ARRAY_SIZE(sigs_set); i++) {
		struct criu_sigaction *sa = &tc.sigactions[sigs_set[i] - 1];

		sa->handler = 0x400000 + sigs_set[i] * 16;
		sa->flags = 0x14000000;
		sa->restorer = 0x7f0000001000;
		sa->mask = 1ull << (sigs_set[i] - 1);
	}
	tc.has_oom_score_adj = true;
	tc.oom_score_adj = -500;
	tc.child_subreaper = true;

	for (i = 0; i < 4; i++) {
		core = (struct criu_core){ &ti[i], i ? NULL : &tc, &thc[i] };
		r = criu_write_core(dir, threads[i], &core);
		check(!r, "criu_write_core(%u) = %d", threads[i], r);
	}

	memset(&ztc, 0, sizeof(ztc));
	ztc.task_state = CRIU_TASK_DEAD;
	ztc.exit_code = 0x900;
	snprintf(ztc.comm, sizeof(ztc.comm), "zombie");
	core = (struct criu_core){ NULL, &ztc, NULL };
	EXPECT(0, criu_write_core(dir, 7, &core));

	EXPECT(0, criu_write_mm(dir, 1, &mm));

	/* Three pages: the heap's two, in uneven chunks, and the stack's top. */
	pages = malloc(3 * CRIU_PAGE_SIZE);
	if (!pages)
		abort();
	for (i = 0; i < 3 * CRIU_PAGE_SIZE; i++)
		pages[i] = pattern(i + 7);
	EXPECT(0, criu_pagemap_open(dir, 1, 1, 0, &pm));
	EXPECT(0, criu_pagemap_add(pm, 0x402000, 2, CRIU_PE_PRESENT));
	EXPECT(0, criu_pages_write(pm, pages, 1000));
	EXPECT(0, criu_pages_write(pm, pages + 1000, 2 * CRIU_PAGE_SIZE - 1000));
	EXPECT(0, criu_pagemap_add(pm, 0x7fffffffe000, 1, CRIU_PE_PRESENT));
	EXPECT(0, criu_pages_write(pm, pages + 2 * CRIU_PAGE_SIZE, CRIU_PAGE_SIZE));
	EXPECT(0, criu_pagemap_close(pm));

	EXPECT(0, criu_img_open(dir, CRIU_IMG_FILES, 0, &img));
	for (i = 0; i < ARRAY_SIZE(files); i++)
		EXPECT(0, criu_file_add(img, &files[i]));
	EXPECT(0, criu_img_close(img));

	EXPECT(0, criu_img_open(dir, CRIU_IMG_FDINFO, 22, &img));
	for (i = 0; i < ARRAY_SIZE(fds); i++)
		EXPECT(0, criu_fdinfo_add(img, &fds[i]));
	EXPECT(0, criu_img_close(img));

	EXPECT(0, criu_write_fs(dir, 1, &fs));

	/* A short pipe, an empty one, one past the output buffer. */
	big = malloc(70000);
	if (!big)
		abort();
	for (i = 0; i < 70000; i++)
		big[i] = pattern(i + 11);
	EXPECT(0, criu_img_open(dir, CRIU_IMG_PIPES_DATA, 0, &img));
	EXPECT(0, criu_pipe_data_add(img, 0x1234, 65536, "hello, pipe\n", 12));
	EXPECT(0, criu_pipe_data_add(img, 0x9999, 0, NULL, 0));
	EXPECT(0, criu_pipe_data_add(img, 0xabcd, 1048576, big, 70000));
	EXPECT(0, criu_img_close(img));
	EXPECT(0, criu_img_open(dir, CRIU_IMG_FIFO_DATA, 0, &img));
	EXPECT(0, criu_pipe_data_add(img, 0x5678, 0, "fifo\n", 5));
	EXPECT(0, criu_img_close(img));

	EXPECT(0, criu_img_open(dir, CRIU_IMG_TTY_INFO, 0, &img));
	EXPECT(0, criu_tty_info_add(img, &tty));
	EXPECT(0, criu_img_close(img));

	EXPECT(0, criu_write_timens(dir, 26, &timens));

	for (i = 0; i < 4; i++)
		free(xs[i]);
	free(pages);
	free(big);
	return 0;
}

/* ---- Refusals: in a scratch directory the check does not decode ---- */

static void test_refusals(int dir)
{
	static const uint32_t t1[] = { 1 }, t2[] = { 3, 2 }, t4[] = { 4 };
	struct criu_pstree_entry e1 = { 1, 0, 1, 1, t1, 1 }, bad = { 2, 1, 1, 1, t2, 2 };
	struct criu_pstree_entry orphan = { 4, 3, 1, 1, t4, 1 };
	struct criu_xstate_layout l = avx_layout;
	struct criu_x86_thread_info ti = { 0 };
	struct criu_thread_core thc;
	struct criu_task_core tc = { .task_state = CRIU_TASK_ALIVE, .comm = "x" };
	struct criu_core core = { &ti, &tc, &thc };
	uint64_t auxv[CRIU_AUXV_MAX + 2] = { 0 };
	struct criu_vma vmas[2] = {
		{ .start = 0x1000, .end = 0x3000 }, { .start = 0x2000, .end = 0x4000 },
	};
	struct criu_mm mm = { .vmas = vmas, .nr_vmas = 2 };
	struct criu_file rel = { .type = CRIU_FD_REG, .id = 1, .reg = { .name = "tmp" } };
	struct criu_fdinfo fd = { 1, 0, CRIU_FD_REG, 0 };
	struct criu_img *img;
	struct criu_pagemap *pm;
	uint8_t xsave[2696] = { 0 }, page[CRIU_PAGE_SIZE] = { 0 };

	EXPECT(0, criu_img_open(dir, CRIU_IMG_PSTREE, 0, &img));
	REFUSE(-EINVAL, criu_pstree_add(img, &orphan), "pstree: first entry not the root");
	REFUSE(-EINVAL, criu_pstree_add(img, &e1), "pstree: an error sticks");
	REFUSE(-EINVAL, criu_img_close(img), "close returns the first error");
	EXPECT(0, criu_img_open(dir, CRIU_IMG_PSTREE, 0, &img));
	EXPECT(0, criu_pstree_add(img, &e1));
	REFUSE(-EEXIST, criu_pstree_add(img, &e1), "pstree: a pid twice");
	REFUSE(-EEXIST, criu_img_close(img), "close returns the first error");
	EXPECT(0, criu_img_open(dir, CRIU_IMG_PSTREE, 0, &img));
	EXPECT(0, criu_pstree_add(img, &e1));
	REFUSE(-EINVAL, criu_pstree_add(img, &bad), "pstree: threads[0] is not the pid");
	REFUSE(-EINVAL, criu_img_close(img), "close returns the first error");
	EXPECT(0, criu_img_open(dir, CRIU_IMG_FILES, 0, &img));
	REFUSE(-EINVAL, criu_fdinfo_add(img, &fd), "an fdinfo entry into files.img");
	REFUSE(-EINVAL, criu_img_close(img), "close returns the first error");

	fill_thread_core(&thc, 1);
	ti.xsave = xsave;
	ti.xsave_size = 832;
	ti.layout = &l;
	EXPECT(0, criu_write_core(dir, 1, &core));
	memcpy(tc.comm, "0123456789abcdef", 16);
	REFUSE(-EINVAL, criu_write_core(dir, 1, &core), "core: comm without its NUL");
	tc.comm[0] = '\0';
	thc.sched_nice = 20;
	REFUSE(-EINVAL, criu_write_core(dir, 1, &core), "core: nice 20");
	thc.sched_nice = 0;
	thc.sched_prio = 1;
	REFUSE(-EINVAL, criu_write_core(dir, 1, &core), "core: SCHED_OTHER with prio 1");
	thc.sched_prio = 0;
	ti.xsave_size = 575;
	REFUSE(-EINVAL, criu_write_core(dir, 1, &core), "core: XSAVE area without its header");
	ti.xsave_size = 831;
	REFUSE(-EINVAL, criu_write_core(dir, 1, &core), "core: XSAVE area short of YMM");
	ti.layout = &avx512_layout;
	ti.xsave_size = 1000;
	REFUSE(-EINVAL, criu_write_core(dir, 1, &core), "core: XSAVE area short of the AVX-512 components");
	ti.layout = &l;
	ti.xsave_size = 832;
	xsave[527] = 0x80;
	REFUSE(-EINVAL, criu_write_core(dir, 1, &core), "core: a compacted XSAVE area");
	xsave[527] = 0;
	l.csize[2] = 128;
	REFUSE(-EINVAL, criu_write_core(dir, 1, &core), "core: YMM not the image's size");
	l.csize[2] = 256;
	tc.task_state = CRIU_TASK_DEAD;
	REFUSE(-EINVAL, criu_write_core(dir, 1, &core), "core: a zombie with registers");
	tc.task_state = 4;
	REFUSE(-EINVAL, criu_write_core(dir, 1, &core), "core: task_state 4");
	tc.task_state = CRIU_TASK_ALIVE;
	core.thread_core = NULL;
	REFUSE(-EINVAL, criu_write_core(dir, 1, &core), "core: a live task without thread_core");
	core.thread_core = &thc;
	EXPECT(0, criu_write_core(dir, 1, &core));

	REFUSE(-EINVAL, criu_write_mm(dir, 1, &mm), "mm: overlapping VMAs");
	vmas[1].start = 0x3000;
	EXPECT(0, criu_write_mm(dir, 1, &mm));
	vmas[1].start = 0x3800;
	REFUSE(-EINVAL, criu_write_mm(dir, 1, &mm), "mm: a VMA not page-aligned");
	vmas[1].start = 0x3000;
	mm.saved_auxv = auxv;
	mm.nr_saved_auxv = CRIU_AUXV_MAX + 2;
	REFUSE(-EINVAL, criu_write_mm(dir, 1, &mm), "mm: auxv of 46 words");

	EXPECT(0, criu_img_open(dir, CRIU_IMG_FILES, 0, &img));
	REFUSE(-EINVAL, criu_file_add(img, &rel), "files: a relative path");
	REFUSE(-EINVAL, criu_img_close(img), "close returns the first error");

	EXPECT(0, criu_pagemap_open(dir, 1, 1, 0, &pm));
	REFUSE(-EINVAL, criu_pagemap_add(pm, 0x1800, 1, CRIU_PE_PRESENT),
	       "pagemap: an address not page-aligned");
	REFUSE(-EINVAL, criu_pagemap_close(pm), "pagemap: close returns the first error");
	EXPECT(0, criu_pagemap_open(dir, 1, 1, 0, &pm));
	EXPECT(0, criu_pagemap_add(pm, 0x2000, 1, CRIU_PE_PRESENT));
	REFUSE(-EINVAL, criu_pagemap_add(pm, 0x4000, 1, CRIU_PE_PRESENT),
	       "pagemap: an entry before the pages owed");
	REFUSE(-EINVAL, criu_pagemap_close(pm), "pagemap: close returns the first error");
	EXPECT(0, criu_pagemap_open(dir, 1, 1, 0, &pm));
	EXPECT(0, criu_pagemap_add(pm, 0x2000, 1, CRIU_PE_PRESENT));
	REFUSE(-EINVAL, criu_pages_write(pm, page, 2 * sizeof(page) - 1),
	       "pagemap: more pages than owed");
	REFUSE(-EINVAL, criu_pagemap_close(pm), "pagemap: close returns the first error");
	EXPECT(0, criu_pagemap_open(dir, 1, 1, 0, &pm));
	EXPECT(0, criu_pagemap_add(pm, 0x2000, 1, CRIU_PE_PRESENT));
	EXPECT(0, criu_pages_write(pm, page, 100));
	REFUSE(-EINVAL, criu_pagemap_close(pm), "pagemap: closed short of the pages owed");
	EXPECT(0, criu_pagemap_open(dir, 1, 1, 0, &pm));
	EXPECT(0, criu_pagemap_add(pm, 0x4000, 2, CRIU_PE_PRESENT));
	EXPECT(0, criu_pages_write(pm, page, sizeof(page)));
	EXPECT(0, criu_pages_write(pm, page, sizeof(page)));
	REFUSE(-EINVAL, criu_pagemap_add(pm, 0x5000, 1, CRIU_PE_PRESENT),
	       "pagemap: an entry overlapping the one before");
	REFUSE(-EINVAL, criu_pagemap_close(pm), "pagemap: close returns the first error");
	EXPECT(0, criu_pagemap_open(dir, 1, 1, CRIU_PAGEMAP_NO_PAGES, &pm));
	EXPECT(0, criu_pagemap_add(pm, 0x4000, 2, CRIU_PE_PRESENT));
	REFUSE(-EINVAL, criu_pages_write(pm, page, sizeof(page)),
	       "pagemap: pages where they come from elsewhere");
	REFUSE(-EINVAL, criu_pagemap_close(pm), "pagemap: close returns the first error");
	EXPECT(0, criu_pagemap_open(dir, 1, 1, CRIU_PAGEMAP_NO_PAGES, &pm));
	EXPECT(0, criu_pagemap_add(pm, 0x4000, 2, CRIU_PE_PRESENT));
	EXPECT(0, criu_pagemap_close(pm));

	REFUSE(-EBADF, criu_write_fs(-1, 1, &(struct criu_fs){ 1, 1, 0 }), "a bad directory fd");
}

int main(int argc, char **argv)
{
	char scratch[4096];
	int dir, sdir;

	if (argc != 2) {
		fprintf(stderr, "usage: criu-image-test DIR\n");
		return 2;
	}
	test_encoder();
	dir = open(argv[1], O_RDONLY | O_DIRECTORY);
	snprintf(scratch, sizeof(scratch), "%s/scratch", argv[1]);
	if (dir < 0 || (mkdir(scratch, 0700) && errno != EEXIST)) {
		perror(argv[1]);
		return 2;
	}
	sdir = open(scratch, O_RDONLY | O_DIRECTORY);
	if (sdir < 0) {
		perror(scratch);
		return 2;
	}
	test_refusals(sdir);
	write_tree(dir);
	printf("# criu-image-test: %d of %d failed\n", nr_failed, nr_tests);
	return nr_failed ? 1 : 0;
}
