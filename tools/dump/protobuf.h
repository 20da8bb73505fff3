/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A protobuf (proto2) encoder, just what CRIU's images need: messages are
 * built in a growing buffer, nested ones in place.  Errors are sticky
 * (b->err, a negative errno) so that a message is built without a check
 * per field and checked once at the end.
 */
#ifndef ORTHROS_PROTOBUF_H
#define ORTHROS_PROTOBUF_H

#include <stddef.h>
#include <stdint.h>

/* Wire types (protobuf encoding). */
enum pb_wire {
	PB_VARINT	= 0,
	PB_FIXED64	= 1,
	PB_LEN		= 2,
	PB_FIXED32	= 5,
};

struct pb_buf {
	uint8_t *data;
	size_t len, cap;
	int err;		/* the first error, 0 if none */
};

void pb_init(struct pb_buf *b);
void pb_free(struct pb_buf *b);
/* Room for n more bytes; returns where they go, NULL (and b->err) if none. */
uint8_t *pb_reserve(struct pb_buf *b, size_t n);
void pb_raw(struct pb_buf *b, const void *p, size_t n);

void pb_tag(struct pb_buf *b, uint32_t field, enum pb_wire wire);
void pb_put_varint(struct pb_buf *b, uint64_t v);

/* uint32, uint64, bool and enum fields. */
void pb_varint(struct pb_buf *b, uint32_t field, uint64_t v);
/* int32 and int64: negative values take ten bytes, as the spec says. */
void pb_int(struct pb_buf *b, uint32_t field, int64_t v);
/* sint32 and sint64: zigzag (for sint32 the 64-bit zigzag is the same bytes). */
void pb_sint(struct pb_buf *b, uint32_t field, int64_t v);
void pb_fixed32(struct pb_buf *b, uint32_t field, uint32_t v);
void pb_fixed64(struct pb_buf *b, uint32_t field, uint64_t v);
void pb_bytes(struct pb_buf *b, uint32_t field, const void *p, size_t n);
void pb_string(struct pb_buf *b, uint32_t field, const char *s);

/* Repeated scalars, one tag per element (proto2's default). */
void pb_repeated_u32(struct pb_buf *b, uint32_t field, const uint32_t *v, size_t n);
void pb_repeated_u64(struct pb_buf *b, uint32_t field, const uint64_t *v, size_t n);
/* Repeated scalars declared [packed=true]: one length-delimited run. */
void pb_packed_u32(struct pb_buf *b, uint32_t field, const uint32_t *v, size_t n);
void pb_packed_u64(struct pb_buf *b, uint32_t field, const uint64_t *v, size_t n);

/*
 * A nested message (or a packed run): pb_begin() writes the tag and
 * returns a mark, the fields follow, pb_end() inserts their length.
 */
size_t pb_begin(struct pb_buf *b, uint32_t field);
void pb_end(struct pb_buf *b, size_t mark);

#endif
