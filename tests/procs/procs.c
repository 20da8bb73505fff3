// SPDX-License-Identifier: GPL-2.0-only
/*
 * procs: the multi-call binary of the process-migration test programs
 * (tests/procs/procs.h has the protocol), and their shared helpers.
 *
 *   /procs/NAME DIR [ARG...]      run test NAME (/procs/NAME -> procs)
 *   procs NAME DIR [ARG...]       the same
 *   procs --list                  the tests built in, one a line
 */
#include <fcntl.h>
#include <libgen.h>
#include <stdarg.h>
#include <stdio.h>
#include <sys/stat.h>

#include "procs.h"

const char *procs_dir, *procs_name;
int procs_argc, procs_main_argc;
char **procs_argv, **procs_main_argv, **procs_main_envp;
volatile sig_atomic_t procs_term;

static char reason[512];
static int failed, is_ready;

extern const struct procs_test *const __start_procs_tests[];
extern const struct procs_test *const __stop_procs_tests[];

int fail(const char *fmt, ...)
{
	int saved = errno;
	va_list ap;

	/* First one wins, also between threads. */
	if (__atomic_exchange_n(&failed, 1, __ATOMIC_SEQ_CST))
		return 1;
	errno = saved;
	va_start(ap, fmt);
	vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	return 1;
}

char *procs_path(const char *suffix)
{
	char *p;

	if (asprintf(&p, "%s/%s.%s", procs_dir, procs_name, suffix) < 0)
		abort();
	return p;
}

/* Write DIR/NAME.SUFFIX whole or not at all: the runner polls for it. */
static void put_file(const char *suffix, const char *text)
{
	char *path = procs_path(suffix), *tmp;
	int fd;

	if (asprintf(&tmp, "%s.tmp", path) < 0)
		abort();
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || write_all(fd, text, strlen(text)) || close(fd) ||
	    rename(tmp, path))
		fprintf(stderr, "%s: cannot write %s: %m\n", procs_name, path);
	free(tmp);
	free(path);
}

void procs_ready(void)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%d\n", getpid());
	put_file("ready", buf);
	is_ready = 1;
}

static int procs_result(void)
{
	char buf[640];

	if (failed)
		snprintf(buf, sizeof(buf), "FAIL %s: %s\n", procs_name, reason);
	else
		snprintf(buf, sizeof(buf), "PASS %s\n", procs_name);
	fputs(buf, stdout);
	fflush(stdout);
	put_file("result", buf);
	return failed;
}

void die(const char *fmt, ...)
{
	int saved = errno;
	char buf[400];
	va_list ap;

	errno = saved;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	fail("%s%s", is_ready ? "" : "setup: ", buf);
	/* Result first: the runner, seeing ready, may look for it at once. */
	procs_result();
	if (!is_ready)
		procs_ready();
	exit(1);
}

void procs_wait_term(void)
{
	sigset_t block, old;

	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigprocmask(SIG_BLOCK, &block, &old);
	sigdelset(&old, SIGTERM);
	while (!procs_term)
		sigsuspend(&old);
	sigprocmask(SIG_SETMASK, &old, NULL);
}

long procs_arg(int i, long def)
{
	return i < procs_argc ? strtol(procs_argv[i], NULL, 0) : def;
}

uint64_t now_ns(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

int msleep(long ms)
{
	struct timespec ts = { ms / 1000, ms % 1000 * 1000000 };

	while (!procs_term && nanosleep(&ts, &ts) && errno == EINTR)
		;
	return procs_term;
}

void nap(long ms)
{
	struct timespec ts = { ms / 1000, ms % 1000 * 1000000 };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

int write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;
	ssize_t n;

	while (len) {
		n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= n;
	}
	return 0;
}

char *read_file(const char *path, size_t *len)
{
	size_t size = 4096, have = 0;
	char *buf = malloc(size + 1);
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY);
	if (fd < 0 || !buf)
		goto err;
	while ((n = read(fd, buf + have, size - have)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			goto err;
		}
		have += n;
		if (have == size) {
			size *= 2;
			buf = realloc(buf, size + 1);
			if (!buf)
				goto err;
		}
	}
	close(fd);
	buf[have] = 0;
	if (len)
		*len = have;
	return buf;
err:
	if (fd >= 0)
		close(fd);
	free(buf);
	return NULL;
}

void on_signal(int sig, void (*fn)(int), int flags)
{
	struct sigaction sa = { .sa_handler = fn, .sa_flags = flags };

	sigemptyset(&sa.sa_mask);
	if (sigaction(sig, &sa, NULL))
		die("sigaction(%d): %m", sig);
}

static void on_term(int sig)
{
	procs_term = 1;
}

int main(int argc, char **argv, char **envp)
{
	const struct procs_test *const *t;
	const char *name = basename(argv[0]);
	int rc;

	procs_main_argc = argc;
	procs_main_argv = argv;
	procs_main_envp = envp;
	if (!strcmp(name, "procs")) {
		if (argc == 2 && !strcmp(argv[1], "--list")) {
			for (t = __start_procs_tests; t < __stop_procs_tests; t++)
				printf("%s\n", (*t)->name);
			return 0;
		}
		argc--;
		argv++;
		name = argc ? argv[0] : "";
	}
	for (t = __start_procs_tests; t < __stop_procs_tests; t++)
		if (!strcmp((*t)->name, name))
			break;
	if (t == __stop_procs_tests || argc < 2) {
		fprintf(stderr, "usage: /procs/NAME DIR [ARG...] (NAME: procs --list)\n");
		return 2;
	}
	procs_name = name;
	procs_dir = argv[1];
	procs_argc = argc - 2;
	procs_argv = argv + 2;
	/* No SA_RESTART: a test blocked in a system call sees EINTR. */
	on_signal(SIGTERM, on_term, 0);
	setvbuf(stdout, NULL, _IOLBF, 0);
	rc = (*t)->main();
	if (rc && !failed)
		fail("returned %d", rc);
	return procs_result();
}
