// SPDX-License-Identifier: GPL-2.0-only
/*
 * shmem: 1 MiB of anonymous MAP_SHARED memory between this process and a
 * forked child.  The parent fills the first half, the child the second;
 * they talk through two words in it (ping, pong).  Checks on SIGTERM:
 * both halves hold their patterns; the child answers a new ping, after
 * checking the parent's half itself (the memory is still one, not two
 * copies); the child exits 0.
 */
#include <sys/mman.h>

#include "procs.h"

#define SIZE	(1 << 20)
#define HALF	(SIZE / 2)

static struct shared {
	uint64_t ping, pong;
	uint32_t word[];
} *sh;

#define WORDS	((HALF - sizeof(struct shared)) / 4)

static uint32_t pat(int half, size_t i)
{
	return (half + 1) * 0x9e3779b9u ^ i * 2654435761u;
}

static uint32_t *half_at(int half)
{
	return (uint32_t *)((char *)sh + half * HALF) + (half ? 0 : sizeof(*sh) / 4);
}

static void fill(int half)
{
	size_t i;

	for (i = 0; i < WORDS; i++)
		half_at(half)[i] = pat(half, i);
}

static int intact(int half)
{
	size_t i;

	for (i = 0; i < WORDS; i++)
		if (half_at(half)[i] != pat(half, i))
			return 0;
	return 1;
}

/* The child: answer each ping (after checking the parent's half). */
static void child(void)
{
	uint64_t seen = 0, p;

	on_signal(SIGTERM, SIG_IGN, 0);
	fill(1);
	for (;;) {
		p = __atomic_load_n(&sh->ping, __ATOMIC_ACQUIRE);
		if (p == ~0ull)
			_exit(0);
		if (p != seen) {
			seen = p;
			__atomic_store_n(&sh->pong, intact(0) ? p : ~0ull, __ATOMIC_RELEASE);
		}
		nap(1);
	}
}

static int ping(uint64_t v)
{
	int i;

	__atomic_store_n(&sh->ping, v, __ATOMIC_RELEASE);
	for (i = 0; i < 5000; i++) {
		if (__atomic_load_n(&sh->pong, __ATOMIC_ACQUIRE) == v)
			return 0;
		nap(1);
	}
	return -1;
}

static int shmem(void)
{
	pid_t pid;
	int st;

	sh = mmap(NULL, SIZE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED)
		die("mmap: %m");
	fill(0);
	pid = fork();
	if (pid == 0)
		child();
	if (pid < 0 || ping(1))
		die("the child does not answer");
	procs_ready();
	procs_wait_term();
	if (!intact(0))
		fail("the parent's half is damaged");
	if (!intact(1))
		fail("the child's half, as the parent sees it, is damaged");
	if (ping(2))
		fail("the child does not answer (pong %#lx): not shared any more",
		     (unsigned long)sh->pong);
	sh->ping = ~0ull;
	kill(pid, SIGKILL);	/* if it did not see the last ping */
	waitpid(pid, &st, 0);
	return 0;
}
PROCS_TEST(shmem, shmem);
