// SPDX-License-Identifier: GPL-2.0-only
/*
 * A protobuf (proto2) encoder for CRIU's images: see protobuf.h.  Only
 * little-endian hosts (x86) are served: fixed-width fields are copied as
 * they are in memory.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "protobuf.h"

/* protobuf's own limit on a message or a field: 2 GiB. */
#define PB_MAX_LEN	0x7fffffffu

void pb_init(struct pb_buf *b)
{
	memset(b, 0, sizeof(*b));
}

void pb_free(struct pb_buf *b)
{
	free(b->data);
	pb_init(b);
}

uint8_t *pb_reserve(struct pb_buf *b, size_t n)
{
	size_t cap;
	uint8_t *p;

	if (b->err)
		return NULL;
	if (n > PB_MAX_LEN || b->len > PB_MAX_LEN - n) {
		b->err = -EFBIG;
		return NULL;
	}
	if (b->len + n > b->cap) {
		cap = b->cap ? b->cap : 256;
		while (cap < b->len + n)
			cap *= 2;
		p = realloc(b->data, cap);
		if (!p) {
			b->err = -ENOMEM;
			return NULL;
		}
		b->data = p;
		b->cap = cap;
	}
	return b->data + b->len;
}

void pb_raw(struct pb_buf *b, const void *p, size_t n)
{
	uint8_t *d = pb_reserve(b, n);

	if (!d)
		return;
	if (n)
		memcpy(d, p, n);
	b->len += n;
}

static size_t varint_size(uint64_t v)
{
	size_t n = 1;

	while (v >= 0x80) {
		v >>= 7;
		n++;
	}
	return n;
}

static size_t varint_encode(uint8_t *d, uint64_t v)
{
	size_t n = 0;

	while (v >= 0x80) {
		d[n++] = (uint8_t)(v | 0x80);
		v >>= 7;
	}
	d[n++] = (uint8_t)v;
	return n;
}

void pb_put_varint(struct pb_buf *b, uint64_t v)
{
	uint8_t *d = pb_reserve(b, 10);

	if (d)
		b->len += varint_encode(d, v);
}

void pb_tag(struct pb_buf *b, uint32_t field, enum pb_wire wire)
{
	/* Field numbers are 1 .. 2^29 - 1. */
	if (!field || field >= (1u << 29)) {
		if (!b->err)
			b->err = -EINVAL;
		return;
	}
	pb_put_varint(b, (uint64_t)field << 3 | wire);
}

void pb_varint(struct pb_buf *b, uint32_t field, uint64_t v)
{
	pb_tag(b, field, PB_VARINT);
	pb_put_varint(b, v);
}

void pb_int(struct pb_buf *b, uint32_t field, int64_t v)
{
	pb_varint(b, field, (uint64_t)v);
}

void pb_sint(struct pb_buf *b, uint32_t field, int64_t v)
{
	uint64_t u = (uint64_t)v;

	/* (v << 1) ^ (v >> 63), without shifting a negative number. */
	pb_varint(b, field, (u << 1) ^ (0 - (u >> 63)));
}

void pb_fixed32(struct pb_buf *b, uint32_t field, uint32_t v)
{
	pb_tag(b, field, PB_FIXED32);
	pb_raw(b, &v, sizeof(v));
}

void pb_fixed64(struct pb_buf *b, uint32_t field, uint64_t v)
{
	pb_tag(b, field, PB_FIXED64);
	pb_raw(b, &v, sizeof(v));
}

void pb_bytes(struct pb_buf *b, uint32_t field, const void *p, size_t n)
{
	pb_tag(b, field, PB_LEN);
	pb_put_varint(b, n);
	pb_raw(b, p, n);
}

void pb_string(struct pb_buf *b, uint32_t field, const char *s)
{
	pb_bytes(b, field, s, strlen(s));
}

void pb_repeated_u32(struct pb_buf *b, uint32_t field, const uint32_t *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		pb_varint(b, field, v[i]);
}

void pb_repeated_u64(struct pb_buf *b, uint32_t field, const uint64_t *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		pb_varint(b, field, v[i]);
}

void pb_packed_u32(struct pb_buf *b, uint32_t field, const uint32_t *v, size_t n)
{
	size_t i, mark;

	/* An empty packed field is left out, as encoders do. */
	if (!n)
		return;
	mark = pb_begin(b, field);
	for (i = 0; i < n; i++)
		pb_put_varint(b, v[i]);
	pb_end(b, mark);
}

void pb_packed_u64(struct pb_buf *b, uint32_t field, const uint64_t *v, size_t n)
{
	size_t i, mark;

	if (!n)
		return;
	mark = pb_begin(b, field);
	for (i = 0; i < n; i++)
		pb_put_varint(b, v[i]);
	pb_end(b, mark);
}

size_t pb_begin(struct pb_buf *b, uint32_t field)
{
	pb_tag(b, field, PB_LEN);
	return b->len;
}

void pb_end(struct pb_buf *b, size_t mark)
{
	size_t len, n;

	if (b->err)
		return;
	/*
	 * The length goes before the fields: move them up by its size.  The
	 * messages are small (a few KiB at most), so the move costs little.
	 */
	len = b->len - mark;
	n = varint_size(len);
	if (!pb_reserve(b, n))
		return;
	memmove(b->data + mark + n, b->data + mark, len);
	varint_encode(b->data + mark, len);
	b->len += n;
}
