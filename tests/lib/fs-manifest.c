// SPDX-License-Identifier: GPL-2.0-only
/*
 * orthros-manifest [-p TAG] DIR: what a user can see of a directory tree,
 * one line per entry, for comparing the primary's view before a takeover
 * with the backup's after it.
 *
 *   [TAG ]path type mode uid gid size mtime nlink linkgroup content
 *
 * sorted by path (relative to DIR, which is not listed; symbolic links
 * are not followed).  type is f, d or l; mode the permission bits in
 * octal; content the SHA-256 of a regular file's data, a link's target,
 * "-" for a directory.  linkgroup is the path of the first entry with the
 * same inode, so hard links show as a group.  A directory's size and
 * mtime are "-": they legitimately differ between kernels (directory
 * block layout, the backup's own lookups).  Characters outside [!-~] and
 * the backslash in paths and targets are printed as \ooo.
 * Exit status: 0, or 1 if something could not be read (then reported on
 * stderr and in the entry's content as "error:<errno>").
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* --- SHA-256 (FIPS 180-4), small and slow enough ----------------------- */

struct sha256 {
	uint32_t h[8];
	uint64_t len;
	unsigned char buf[64];
	size_t fill;
};

static const uint32_t K[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
	0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
	0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
	0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
	0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
	0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
	0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
	0xc67178f2,
};

#define ROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

static void sha256_block(struct sha256 *s, const unsigned char *p)
{
	uint32_t w[64], v[8], t1, t2;
	int i;

	for (i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | p[4 * i + 1] << 16 | p[4 * i + 2] << 8 | p[4 * i + 3];
	for (; i < 64; i++)
		w[i] = w[i - 16] + (ROR(w[i - 15], 7) ^ ROR(w[i - 15], 18) ^ (w[i - 15] >> 3)) +
		       w[i - 7] + (ROR(w[i - 2], 17) ^ ROR(w[i - 2], 19) ^ (w[i - 2] >> 10));
	memcpy(v, s->h, sizeof(v));
	for (i = 0; i < 64; i++) {
		t1 = v[7] + (ROR(v[4], 6) ^ ROR(v[4], 11) ^ ROR(v[4], 25)) +
		     ((v[4] & v[5]) ^ (~v[4] & v[6])) + K[i] + w[i];
		t2 = (ROR(v[0], 2) ^ ROR(v[0], 13) ^ ROR(v[0], 22)) +
		     ((v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]));
		memmove(v + 1, v, 7 * sizeof(v[0]));
		v[4] += t1;
		v[0] = t1 + t2;
	}
	for (i = 0; i < 8; i++)
		s->h[i] += v[i];
}

static void sha256_init(struct sha256 *s)
{
	static const uint32_t h0[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
					0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };

	memcpy(s->h, h0, sizeof(h0));
	s->len = 0;
	s->fill = 0;
}

static void sha256_update(struct sha256 *s, const unsigned char *p, size_t n)
{
	s->len += n;
	while (n) {
		size_t take = 64 - s->fill < n ? 64 - s->fill : n;

		memcpy(s->buf + s->fill, p, take);
		s->fill += take;
		p += take;
		n -= take;
		if (s->fill == 64) {
			sha256_block(s, s->buf);
			s->fill = 0;
		}
	}
}

static void sha256_hex(struct sha256 *s, char out[65])
{
	uint64_t bits = s->len * 8;
	unsigned char pad[72] = { 0x80 };
	size_t padlen = (s->fill < 56 ? 56 : 120) - s->fill;
	int i;

	for (i = 0; i < 8; i++)
		pad[padlen + i] = bits >> (56 - 8 * i);
	sha256_update(s, pad, padlen + 8);
	for (i = 0; i < 8; i++)
		sprintf(out + 8 * i, "%08x", s->h[i]);
}

/* --- the walk ----------------------------------------------------------- */

struct entry {
	char *path;		/* relative to DIR, escaped */
	struct stat st;
	char content[80];	/* hash, or "-" ("l": target, in .target) */
	char *target;
	const char *group;
};

static struct entry *entries;
static size_t n_entries, cap_entries;
static int status;

static char *escape(const char *s)
{
	char *out = malloc(4 * strlen(s) + 1), *o = out;

	if (!out)
		exit(2);
	for (; *s; s++) {
		unsigned char c = *s;

		if (c > ' ' && c < 0x7f && c != '\\')
			*o++ = c;
		else
			o += sprintf(o, "\\%03o", c);
	}
	*o = '\0';
	return out;
}

static void file_hash(int dirfd, const char *name, char *out)
{
	static unsigned char buf[1 << 16];
	int fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	struct sha256 s;
	ssize_t n;

	sha256_init(&s);
	if (fd < 0)
		goto err;
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		sha256_update(&s, buf, n);
	if (n < 0)
		goto err;
	close(fd);
	sha256_hex(&s, out);
	return;
err:
	fprintf(stderr, "orthros-manifest: %s: %s\n", name, strerror(errno));
	snprintf(out, 80, "error:%d", errno);
	if (fd >= 0)
		close(fd);
	status = 1;
}

static void walk(int dirfd, const char *prefix)
{
	DIR *d = fdopendir(dirfd);
	struct dirent *de;

	if (!d) {
		fprintf(stderr, "orthros-manifest: %s: %s\n", prefix, strerror(errno));
		status = 1;
		return;
	}
	while ((de = readdir(d))) {
		struct entry *e;
		char *rel;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (n_entries == cap_entries) {
			cap_entries = cap_entries ? 2 * cap_entries : 256;
			entries = realloc(entries, cap_entries * sizeof(*entries));
			if (!entries)
				exit(2);
		}
		e = &entries[n_entries];
		memset(e, 0, sizeof(*e));
		if (asprintf(&rel, "%s%s%s", prefix, *prefix ? "/" : "", de->d_name) < 0)
			exit(2);
		if (fstatat(dirfd, de->d_name, &e->st, AT_SYMLINK_NOFOLLOW)) {
			fprintf(stderr, "orthros-manifest: %s: %s\n", rel, strerror(errno));
			status = 1;
			free(rel);
			continue;
		}
		e->path = escape(rel);
		n_entries++;
		strcpy(e->content, "-");
		if (S_ISREG(e->st.st_mode)) {
			file_hash(dirfd, de->d_name, e->content);
		} else if (S_ISLNK(e->st.st_mode)) {
			char target[4096];
			ssize_t n = readlinkat(dirfd, de->d_name, target, sizeof(target) - 1);

			if (n < 0) {
				snprintf(e->content, sizeof(e->content), "error:%d", errno);
				status = 1;
			} else {
				target[n] = '\0';
				e->target = escape(target);
			}
		} else if (S_ISDIR(e->st.st_mode)) {
			int sub = openat(dirfd, de->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);

			if (sub < 0) {
				fprintf(stderr, "orthros-manifest: %s: %s\n", rel, strerror(errno));
				status = 1;
			} else {
				walk(sub, rel);
			}
		}
		free(rel);
	}
	closedir(d);
}

static int by_path(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->path, ((const struct entry *)b)->path);
}

int main(int argc, char **argv)
{
	const char *tag = NULL;
	size_t i, j;
	int opt, fd;

	while ((opt = getopt(argc, argv, "p:")) != -1) {
		if (opt != 'p')
			goto usage;
		tag = optarg;
	}
	if (optind != argc - 1)
		goto usage;
	fd = open(argv[optind], O_RDONLY | O_DIRECTORY);
	if (fd < 0) {
		fprintf(stderr, "orthros-manifest: %s: %s\n", argv[optind], strerror(errno));
		return 1;
	}
	walk(fd, "");
	qsort(entries, n_entries, sizeof(*entries), by_path);
	for (i = 0; i < n_entries; i++) {
		struct entry *e = &entries[i];
		char type = S_ISDIR(e->st.st_mode) ? 'd' : S_ISLNK(e->st.st_mode) ? 'l' :
			    S_ISREG(e->st.st_mode) ? 'f' : '?';

		/* The first entry in path order with this inode names the group. */
		e->group = e->path;
		if (type != 'd' && e->st.st_nlink > 1)
			for (j = 0; j < i; j++)
				if (entries[j].st.st_ino == e->st.st_ino &&
				    entries[j].st.st_dev == e->st.st_dev) {
					e->group = entries[j].group;
					break;
				}
		if (tag)
			printf("%s ", tag);
		printf("%s %c %04o %u %u ", e->path, type, (unsigned int)(e->st.st_mode & 07777),
		       (unsigned int)e->st.st_uid, (unsigned int)e->st.st_gid);
		if (type == 'd')
			printf("- - ");
		else
			printf("%lld %lld ", (long long)e->st.st_size, (long long)e->st.st_mtime);
		printf("%lu %s %s\n", (unsigned long)e->st.st_nlink, e->group,
		       e->target ? e->target : e->content);
	}
	return status || fflush(stdout) ? 1 : 0;
usage:
	fprintf(stderr, "usage: orthros-manifest [-p TAG] DIR\n");
	return 2;
}
