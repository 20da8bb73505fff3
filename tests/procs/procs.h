/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * tests/procs/procs.h: what every process-migration test program shares.
 *
 * The programs (one source file each in tests/procs/, one line each in
 * tests/procs/list) are linked into one static multi-call binary, procs,
 * that /procs/NAME (a symlink) runs as test NAME, so the two initramfs
 * images carry one binary instead of forty.  The protocol:
 *
 *   /procs/NAME DIR [ARG...]
 *
 * sets up its state, writes DIR/NAME.ready (its pid, as it sees it), keeps
 * working, and on SIGTERM checks its state and writes DIR/NAME.result:
 * "PASS NAME" or "FAIL NAME: why"; it exits 0 or 1.  The migration happens
 * between ready and SIGTERM.  Its other files are DIR/NAME.*.
 */
#ifndef PROCS_H
#define PROCS_H

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct procs_test {
	const char *name;
	int (*main)(void);	/* 0, or what fail() returned */
};

/* PROCS_TEST(NAME, FN): register test NAME (a pointer in a section). */
#define PROCS_TEST(NAME, FN)						\
	static const struct procs_test procs_test_##NAME = { #NAME, FN };	\
	static const struct procs_test *const procs_ptr_##NAME		\
	__attribute__((used, section("procs_tests"))) = &procs_test_##NAME

extern const char *procs_dir;		/* DIR */
extern const char *procs_name;		/* NAME */
extern int procs_argc;			/* the test's own ARGs */
extern char **procs_argv;
extern int procs_main_argc;		/* main()'s, untouched (test env) */
extern char **procs_main_argv, **procs_main_envp;
extern volatile sig_atomic_t procs_term;	/* SIGTERM came */

/* Record the first failure (printf format, %m works); returns 1. */
int fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A failure before the program is ready: result, ready, exit(1). */
void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
/* Write DIR/NAME.ready: the state is set up. */
void procs_ready(void);
/* Sleep until SIGTERM (no lost wake-up: sigsuspend). */
void procs_wait_term(void);
/* "DIR/NAME.SUFFIX", allocated. */
char *procs_path(const char *suffix);
/* The test's ARG I as a number, or DEF when it has none. */
long procs_arg(int i, long def);

uint64_t now_ns(clockid_t clk);
/* Sleep MS milliseconds unless SIGTERM comes first; returns procs_term. */
int msleep(long ms);
/* Sleep MS milliseconds whatever comes (EINTR resumes the sleep). */
void nap(long ms);
/* write() all of LEN, retrying short writes and EINTR; 0 or -1. */
int write_all(int fd, const void *buf, size_t len);
/* Read the whole file PATH (NUL-terminated, length in *LEN); NULL on error. */
char *read_file(const char *path, size_t *len);
/* An action for SIG, flags FLAGS, empty mask; exits via die() on error. */
void on_signal(int sig, void (*fn)(int), int flags);

#endif
