// SPDX-License-Identifier: GPL-2.0-only
/*
 * env [ARG...]: the command line and the environment.  Keeps copies of
 * argv and envp as exec gave them, and sets PROCS_ENV_SET with setenv().
 * Checks on SIGTERM: /proc/self/cmdline and /proc/self/environ are the
 * copies, byte for byte; argv[] and envp[] in memory still read the
 * same; getenv() finds PROCS_ENV_SET.
 */
#include "procs.h"

/* The strings of V, each with its NUL, end to end (cmdline's format). */
static char *flatten(char **v, size_t *len)
{
	size_t n = 0, i;
	char *buf, *p;

	for (i = 0; v[i]; i++)
		n += strlen(v[i]) + 1;
	p = buf = malloc(n + 1);
	for (i = 0; v[i]; i++)
		p = stpcpy(p, v[i]) + 1;
	*len = n;
	return buf;
}

static int same(const char *what, const char *path, const char *want, size_t n)
{
	size_t len;
	char *got = path ? read_file(path, &len) : NULL;

	if (!path)
		return 0;
	if (!got)
		return fail("cannot read %s: %m", path);
	if (len != n || memcmp(got, want, n))
		return fail("%s differs (%zu bytes, had %zu)", what, len, n);
	free(got);
	return 0;
}

static int env(void)
{
	size_t alen, elen, len;
	char *args = flatten(procs_main_argv, &alen);
	char *envs = flatten(procs_main_envp, &elen), *now;

	if (setenv("PROCS_ENV_SET", "yes", 1))
		die("setenv: %m");
	procs_ready();
	procs_wait_term();
	if (same("cmdline", "/proc/self/cmdline", args, alen) ||
	    same("environ", "/proc/self/environ", envs, elen))
		return 1;
	now = flatten(procs_main_argv, &len);
	if (len != alen || memcmp(now, args, len))
		return fail("argv[] in memory changed");
	now = flatten(procs_main_envp, &len);
	if (len != elen || memcmp(now, envs, len))
		return fail("envp[] in memory changed");
	now = getenv("PROCS_ENV_SET");
	if (!now || strcmp(now, "yes"))
		return fail("PROCS_ENV_SET is '%s'", now ? now : "(unset)");
	return 0;
}
PROCS_TEST(env, env);
