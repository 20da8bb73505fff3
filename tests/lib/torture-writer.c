// SPDX-License-Identifier: GPL-2.0-only
/*
 * orthros-writer: a writer whose every returned write can be checked
 * after a takeover, and its verifier.
 *
 *   orthros-writer -m MODE -f FILE -s SEED [-k K] [-r RECSIZE] [-b KIB_S] [-l MIB]
 *   orthros-writer -V -m MODE -f FILE -s SEED [-r RECSIZE]
 *
 * The writer runs until it is killed (or the kernel under it freezes),
 * writing self-describing records of RECSIZE bytes (default 4096; a
 * multiple of 8, 64 to 1 MiB): magic, the hash of FILE's base name, the
 * sequence number, a generation, the size, a checksum, and a payload
 * derived from SEED and all of these.  Modes:
 *
 *   plain   write() appends, never fsync
 *   fsync   write() appends, fsync() every K records (default 16)
 *   append  write() on an O_APPEND descriptor
 *   mmap    ftruncate() the file ahead in steps of 64 records, store
 *           records through a shared mapping, never msync
 *   trunc   rounds: open(O_TRUNC), write the whole file (records 0..N-1
 *           of generation G, N growing with G), close: what dd of=FILE does
 *   rename  rounds: write FILE.tmp the same way (fsync it when K > 0),
 *           rename it over FILE
 *
 * The stream modes stop growing at -l MIB (default 64) and then idle; -b
 * caps their rate in KiB/s (0, the default: as fast as they can).
 *
 * Acknowledgements go to stdout, one line each, after the write, store or
 * rename returned; at most one every 20 ms, always the highest so far:
 *
 *   ack FILE SEQ        records 0..SEQ are written (stream modes)
 *   ack FILE SEQ GEN    generation GEN, records 0..SEQ, is complete
 *                       (trunc: closed; rename: renamed over FILE)
 *   begin FILE GEN      trunc only: FILE is about to be truncated for
 *                       generation GEN.  Printed and drained to the
 *                       console (tcdrain) BEFORE the truncation, so a
 *                       host that sees no "begin" after the last "ack"
 *                       knows FILE held that generation complete.
 *
 * The verifier prints one line:
 *
 *   verify FILE MODE valid=N size=BYTES bad=OFFSET|none|missing [gen=G complete=0|1]
 *
 * valid=N: records 0..N-1 are present and right; bad: the offset of the
 * first byte that is neither a right record nor the clean end of the file
 * (a prefix of record N, as a write() cut short by the freeze leaves it;
 * in mmap mode also zeros up to the last ftruncate() step).  Zeros
 * anywhere else are bad.  trunc and rename: the file must be one
 * generation (that of record 0; "-" for an empty file), and at most its
 * N records: complete=1 if it holds exactly all of them.  Deciding
 * whether valid is enough (every acknowledged record) is the host's job.
 * Exit status: 0, or 1 if FILE is bad or missing, 2 on usage errors.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define MAGIC		0x4f525752u	/* "RWRO" little-endian */
#define ROUND_STEP	8		/* trunc, rename: records added per generation */
#define ROUND_MAX	256		/* ... up to this many */
#define MMAP_STEP	64		/* mmap: records per ftruncate() step */
#define ACK_NS		20000000LL	/* at most one ack line per 20 ms */
#define ROUND_PAUSE_NS	50000000LL	/* between trunc/rename rounds */

struct hdr {
	uint32_t magic;
	uint32_t id;
	uint64_t seq;
	uint32_t gen;
	uint32_t size;
	uint64_t sum;
};

enum mode { PLAIN, FSYNC, APPEND, MMAP, TRUNC, RENAME };
static const char *const mode_names[] = { "plain", "fsync", "append", "mmap", "trunc", "rename" };

static uint64_t seed;
static uint32_t id;
static size_t recsize = 4096;
static const char *file;

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static uint64_t fnv1a(const unsigned char *p, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ull;

	while (n--)
		h = (h ^ *p++) * 0x100000001b3ull;
	return h;
}

/* Record @seq of generation @gen, exactly as the writer writes it. */
static void make_record(unsigned char *buf, uint64_t seq, uint32_t gen)
{
	struct hdr h = { MAGIC, id, seq, gen, (uint32_t)recsize, 0 };
	uint64_t x = seed ^ (uint64_t)id << 32 ^ seq * 0xd6e8feb86659fd93ull ^ gen;
	size_t i;

	for (i = sizeof(h); i < recsize; i += 8) {
		uint64_t v = splitmix64(&x);

		memcpy(buf + i, &v, 8);
	}
	memcpy(buf, &h, sizeof(h));
	h.sum = fnv1a(buf, recsize);
	memcpy(buf, &h, sizeof(h));
}

static uint64_t round_records(uint32_t gen)
{
	return (uint64_t)gen + 1 > ROUND_MAX / ROUND_STEP ? ROUND_MAX : (gen + 1ull) * ROUND_STEP;
}

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void sleep_ns(long long ns)
{
	struct timespec ts = { ns / 1000000000LL, ns % 1000000000LL };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

static void die(const char *what)
{
	printf("error %s %s: %s\n", file, what, strerror(errno));
	fflush(stdout);
	exit(1);
}

static int write_all(int fd, const unsigned char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= w;
	}
	return 0;
}

/* Wait until the console has sent what we printed (see "begin" above). */
static void drain(void)
{
	static int console = -2;

	fflush(stdout);
	if (!tcdrain(STDOUT_FILENO))
		return;
	if (console == -2)
		console = open("/dev/console", O_WRONLY | O_NOCTTY | O_CLOEXEC);
	if (console >= 0)
		tcdrain(console);
}

/* --- writer ------------------------------------------------------------- */

static long long last_ack;

static void ack(uint64_t seq, long long gen, int force)
{
	long long t = now_ns();

	if (!force && t - last_ack < ACK_NS)
		return;
	last_ack = t;
	if (gen < 0)
		printf("ack %s %llu\n", file, (unsigned long long)seq);
	else
		printf("ack %s %llu %lld\n", file, (unsigned long long)seq, gen);
	fflush(stdout);
}

static void stream(enum mode mode, int k, long rate, uint64_t limit)
{
	int flags = O_RDWR | O_CREAT | O_CLOEXEC | (mode == APPEND ? O_APPEND : O_TRUNC);
	unsigned char *rec = malloc(recsize), *map = NULL;
	uint64_t seq, max = limit / recsize, mapped = 0;
	long long start = now_ns(), acked = -1;
	int fd = open(file, flags, 0644);

	if (!rec)
		die("malloc");
	if (fd < 0)
		die("open");
	if (mode == MMAP) {
		max -= max % MMAP_STEP;
		map = mmap(NULL, max * recsize, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		if (map == MAP_FAILED)
			die("mmap");
	}
	for (seq = 0; seq < max; seq++) {
		make_record(rec, seq, 0);
		if (mode == MMAP) {
			if (seq == mapped) {
				mapped += MMAP_STEP;
				if (ftruncate(fd, mapped * recsize))
					die("ftruncate");
			}
			memcpy(map + seq * recsize, rec, recsize);
		} else if (write_all(fd, rec, recsize)) {
			die("write");
		}
		ack(seq, -1, 0);
		acked = seq;
		if (mode == FSYNC && (seq + 1) % k == 0 && fsync(fd))
			die("fsync");
		if (rate > 0) {
			long long ahead = (long long)((seq + 1) * recsize * 1000000000.0 /
						      (rate * 1024.0)) - (now_ns() - start);

			if (ahead > 0)
				sleep_ns(ahead);
		}
	}
	if (acked >= 0)
		ack(acked, -1, 1);
	for (;;)
		pause();
}

static void rounds(enum mode mode, int k)
{
	unsigned char *buf = malloc(ROUND_MAX * recsize);
	char tmp[4096];
	uint32_t gen;

	if (!buf)
		die("malloc");
	snprintf(tmp, sizeof(tmp), "%s.tmp", file);
	for (gen = 0;; gen++) {
		uint64_t n = round_records(gen), i;
		const char *path = mode == TRUNC ? file : tmp;
		int fd;

		for (i = 0; i < n; i++)
			make_record(buf + i * recsize, i, gen);
		if (mode == TRUNC) {
			printf("begin %s %u\n", file, gen);
			drain();
		}
		fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
		if (fd < 0)
			die("open");
		if (write_all(fd, buf, n * recsize))
			die("write");
		if (mode == RENAME && k > 0 && fsync(fd))
			die("fsync");
		if (close(fd))
			die("close");
		if (mode == RENAME && rename(tmp, file))
			die("rename");
		ack(n - 1, gen, 1);
		if (mode == TRUNC)
			drain();
		sleep_ns(ROUND_PAUSE_NS);
	}
}

/* --- verifier ----------------------------------------------------------- */

static int verify(enum mode mode)
{
	unsigned char *want = malloc(recsize), *got = malloc(recsize);
	int rounds = mode == TRUNC || mode == RENAME;
	uint64_t valid = 0, max = UINT64_MAX, off = 0;
	long long gen = rounds ? -1 : 0;
	long long bad = -1;
	struct stat st;
	int fd = open(file, O_RDONLY | O_CLOEXEC);

	if (!want || !got)
		return 2;
	if (fd < 0 || fstat(fd, &st)) {
		printf("verify %s %s valid=0 size=- bad=missing%s\n", file, mode_names[mode],
		       rounds ? " gen=- complete=0" : "");
		return 1;
	}
	if (rounds && st.st_size >= (off_t)sizeof(struct hdr)) {
		struct hdr h;

		if (pread(fd, &h, sizeof(h), 0) == sizeof(h) && h.magic == MAGIC) {
			gen = h.gen;
			max = round_records(h.gen);
		}
	}
	/* Whole records first. */
	while (off + recsize <= (uint64_t)st.st_size && valid < max) {
		make_record(want, valid, gen < 0 ? 0 : gen);
		if (pread(fd, got, recsize, off) != (ssize_t)recsize || memcmp(want, got, recsize))
			break;
		valid++;
		off += recsize;
	}
	/* Then the tail: a record cut short, and in mmap mode zeros to the step. */
	if (off < (uint64_t)st.st_size) {
		uint64_t tail = st.st_size - off, i;
		int zeros_ok = mode == MMAP && tail <= MMAP_STEP * recsize;
		size_t n = tail < recsize ? tail : recsize;

		if (valid == max) {
			bad = off;
		} else {
			make_record(want, valid, gen < 0 ? 0 : gen);
			if (pread(fd, got, n, off) != (ssize_t)n)
				bad = off;
			for (i = 0; bad < 0 && i < n; i++)
				if (got[i] != want[i] && !(zeros_ok && got[i] == 0))
					bad = off + i;
			if (bad < 0 && tail > recsize && !zeros_ok)
				bad = off + recsize;
			for (i = off + recsize; bad < 0 && i < (uint64_t)st.st_size; i += n) {
				uint64_t j;

				n = st.st_size - i < recsize ? st.st_size - i : recsize;
				if (pread(fd, got, n, i) != (ssize_t)n)
					bad = i;
				for (j = 0; bad < 0 && j < n; j++)
					if (got[j])
						bad = i + j;
			}
		}
	}
	printf("verify %s %s valid=%llu size=%lld bad=", file, mode_names[mode],
	       (unsigned long long)valid, (long long)st.st_size);
	if (bad < 0)
		printf("none");
	else
		printf("%lld", bad);
	if (rounds) {
		if (gen < 0)
			printf(" gen=- complete=0\n");
		else
			printf(" gen=%lld complete=%d\n", gen,
			       valid == max && (uint64_t)st.st_size == max * recsize);
	} else {
		printf("\n");
	}
	return bad < 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
	int opt, k = 16, check = 0, mode = -1, have_seed = 0, i;
	long rate = 0, limit_mib = 64;
	const char *base;

	while ((opt = getopt(argc, argv, "Vm:f:s:k:r:b:l:")) != -1) {
		switch (opt) {
		case 'V': check = 1; break;
		case 'f': file = optarg; break;
		case 's': seed = strtoull(optarg, NULL, 0); have_seed = 1; break;
		case 'k': k = atoi(optarg); break;
		case 'r': recsize = strtoul(optarg, NULL, 0); break;
		case 'b': rate = atol(optarg); break;
		case 'l': limit_mib = atol(optarg); break;
		case 'm':
			for (i = 0; i < (int)(sizeof(mode_names) / sizeof(mode_names[0])); i++)
				if (!strcmp(optarg, mode_names[i]))
					mode = i;
			if (mode < 0)
				goto usage;
			break;
		default:
			goto usage;
		}
	}
	if (optind != argc || mode < 0 || !file || !have_seed || recsize % 8 ||
	    recsize < 64 || recsize > (1 << 20) || (mode == FSYNC && k <= 0) || limit_mib <= 0)
		goto usage;
	base = strrchr(file, '/') ? strrchr(file, '/') + 1 : file;
	id = (uint32_t)fnv1a((const unsigned char *)base, strlen(base));
	if (check)
		return verify(mode);
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("start %s %s\n", file, mode_names[mode]);
	if (mode == TRUNC || mode == RENAME)
		rounds(mode, k);
	stream(mode, k, rate, (uint64_t)limit_mib << 20);
	return 0;
usage:
	fprintf(stderr, "usage: orthros-writer [-V] -m plain|fsync|append|mmap|trunc|rename "
		"-f FILE -s SEED [-k K] [-r RECSIZE] [-b KIB_S] [-l MIB]\n");
	return 2;
}
