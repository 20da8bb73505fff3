// SPDX-License-Identifier: GPL-2.0-only
/*
 * Orthros reader: the primary's kernel log, from its printk ring buffer
 * (kernel/printk/printk_ringbuffer.h) with the layout its offset table
 * gives, so it reads a primary of another kernel version.  A corrupt
 * ring ends the walk with an error; a record that does not add up is
 * skipped.
 */
#include "internal.h"

#define MAX_RECORDS	(1 << 22)

static const struct orthros_entry entries[] = {
	ORTHROS_ENTRY("SYMBOL(prb)", printk.prb),
	ORTHROS_ENTRY("OFFSET(printk_ringbuffer.desc_ring)", printk.rb_desc_ring),
	ORTHROS_ENTRY("OFFSET(printk_ringbuffer.text_data_ring)", printk.rb_text_data_ring),
	ORTHROS_ENTRY("OFFSET(prb_desc_ring.count_bits)", printk.count_bits),
	ORTHROS_ENTRY("OFFSET(prb_desc_ring.descs)", printk.descs),
	ORTHROS_ENTRY("OFFSET(prb_desc_ring.infos)", printk.infos),
	ORTHROS_ENTRY("OFFSET(prb_desc_ring.head_id)", printk.head_id),
	ORTHROS_ENTRY("OFFSET(prb_desc_ring.tail_id)", printk.tail_id),
	ORTHROS_ENTRY("SIZE(prb_desc)", printk.desc_size),
	ORTHROS_ENTRY("OFFSET(prb_desc.state_var)", printk.state_var),
	ORTHROS_ENTRY("OFFSET(prb_desc.text_blk_lpos)", printk.text_blk_lpos),
	ORTHROS_ENTRY("OFFSET(prb_data_blk_lpos.begin)", printk.lpos_begin),
	ORTHROS_ENTRY("OFFSET(prb_data_blk_lpos.next)", printk.lpos_next),
	ORTHROS_ENTRY("SIZE(printk_info)", printk.info_size),
	ORTHROS_ENTRY("OFFSET(printk_info.seq)", printk.seq),
	ORTHROS_ENTRY("OFFSET(printk_info.ts_nsec)", printk.ts_nsec),
	ORTHROS_ENTRY("OFFSET(printk_info.text_len)", printk.text_len),
	ORTHROS_ENTRY("OFFSET(prb_data_ring.size_bits)", printk.size_bits),
	ORTHROS_ENTRY("OFFSET(prb_data_ring.data)", printk.data),
	ORTHROS_ENTRY("NUMBER(prb_desc_flags_shift)", printk.flags_shift),
	ORTHROS_ENTRY("NUMBER(prb_desc_committed)", printk.committed),
	ORTHROS_ENTRY("NUMBER(prb_desc_finalized)", printk.finalized),
};

static const char *check(const struct orthros_layout *l)
{
	if (l->printk.flags_shift < 32 || l->printk.flags_shift > 63)
		return "the printk descriptor flags shift is not supported";
	return NULL;
}

const struct orthros_subject orthros_printk_subject = {
	.name = "the kernel log",
	.entries = entries,
	.nr_entries = ARRAY_SIZE(entries),
	.check = check,
};

/* The ring, as read from the primary. */
struct prb {
	u64 descs, infos, data, head, tail;
	u64 count_bits, size_bits, id_mask;
};

static int read_ring(struct orthros_reader *r, struct prb *rb)
{
	const struct orthros_layout_printk *l = &r->l.printk;
	u64 prb, desc_ring, data_ring;
	int ret;

	ret = orthros_read_u64(r, l->prb, &prb);
	desc_ring = prb + l->rb_desc_ring;
	data_ring = prb + l->rb_text_data_ring;
	ret = ret ?: orthros_read_u64(r, desc_ring + l->count_bits, &rb->count_bits) ?:
	      orthros_read_u64(r, desc_ring + l->descs, &rb->descs) ?:
	      orthros_read_u64(r, desc_ring + l->infos, &rb->infos) ?:
	      orthros_read_u64(r, desc_ring + l->head_id, &rb->head) ?:
	      orthros_read_u64(r, desc_ring + l->tail_id, &rb->tail) ?:
	      orthros_read_u64(r, data_ring + l->size_bits, &rb->size_bits) ?:
	      orthros_read_u64(r, data_ring + l->data, &rb->data);
	if (ret)
		return ret;
	rb->count_bits &= 0xffffffff;	/* unsigned int */
	rb->size_bits &= 0xffffffff;
	if (rb->count_bits > 24 || rb->size_bits > 30 || rb->size_bits < 4) {
		ORTHROS_LOG("printk ring looks corrupt (count_bits %llu, size_bits %llu)",
			    (unsigned long long)rb->count_bits, (unsigned long long)rb->size_bits);
		return -EUCLEAN;
	}
	rb->id_mask = (1ULL << l->flags_shift) - 1;
	return 0;
}

#define NO_TEXT		1

/*
 * Record @id into @rec, its text into @text (@size bytes).  Returns 0,
 * NO_TEXT, -EUCLEAN if it does not add up (to be skipped), or another
 * negative errno if the ring cannot be read.
 */
static int read_record(struct orthros_reader *r, const struct prb *rb, u64 id, char *text,
		       size_t size, struct orthros_printk_record *rec)
{
	const struct orthros_layout_printk *l = &r->l.printk;
	u64 idx = id & ((1ULL << rb->count_bits) - 1), ring_size = 1ULL << rb->size_bits;
	u64 desc = rb->descs + idx * l->desc_size, info = rb->infos + idx * l->info_size;
	u64 sv, state, begin, next, start, len;
	u16 text_len;
	int ret;

	ret = orthros_read_u64(r, desc + l->state_var, &sv);
	if (ret)
		return ret;
	state = sv >> l->flags_shift;
	if ((sv & rb->id_mask) != id || (state != l->committed && state != l->finalized))
		return -EUCLEAN;
	ret = orthros_read_u64(r, desc + l->text_blk_lpos + l->lpos_begin, &begin) ?:
	      orthros_read_u64(r, desc + l->text_blk_lpos + l->lpos_next, &next) ?:
	      orthros_read_u64(r, info + l->ts_nsec, &rec->ts_nsec) ?:
	      orthros_read_u64(r, info + l->seq, &rec->seq) ?:
	      orthros_reader_read(r, info + l->text_len, &text_len, sizeof(text_len));
	if (ret)
		return ret;
	if ((begin & 1) || begin == next)	/* data-less record */
		return NO_TEXT;
	if ((begin >> rb->size_bits) == (next >> rb->size_bits)) {
		start = begin & (ring_size - 1);
		len = next - begin;
	} else {		/* wrapped: the text starts at the ring's start */
		start = 0;
		len = next & (ring_size - 1);
	}
	if (len < sizeof(u64) || len > ring_size || start + len > ring_size)
		return -EUCLEAN;
	len -= sizeof(u64);	/* each block starts with its id */
	if (text_len < len)
		len = text_len;
	if (len > size)
		len = size;
	if (orthros_reader_read(r, rb->data + start + sizeof(u64), text, len))
		return -EUCLEAN;
	rec->text = text;
	rec->len = len;
	return 0;
}

/**
 * orthros_reader_printk() - visit the records of the primary's kernel log
 * @r: the reader
 * @text: room for one record's text
 * @size: its size; longer texts are cut
 * @fn: called with each readable record, oldest first
 * @arg: passed to @fn
 *
 * Return: 0; -EUCLEAN if some records were not readable (skipped,
 * counted in one log line); @fn's non-zero return; or another negative
 * errno (logged) if the ring itself cannot be read.
 */
int orthros_reader_printk(struct orthros_reader *r, char *text, size_t size,
			  int (*fn)(struct orthros_reader *r,
				    const struct orthros_printk_record *rec, void *arg),
			  void *arg)
{
	struct orthros_printk_record rec;
	unsigned long records = 0, skipped = 0;
	struct prb rb;
	u64 id;
	int ret;

	ret = orthros_reader_need(r, ORTHROS_NEED_PRINTK) ?: read_ring(r, &rb);
	if (ret)
		return ret;
	for (id = rb.tail & rb.id_mask; ; id = (id + 1) & rb.id_mask) {
		if (++records > MAX_RECORDS) {
			ORTHROS_LOG("printk ring: more than %d records; the ids look corrupt",
				    MAX_RECORDS);
			return -ELOOP;
		}
		ret = read_record(r, &rb, id, text, size, &rec);
		if (ret == -EUCLEAN) {
			skipped++;
		} else if (!ret) {
			ret = fn(r, &rec, arg);
			if (ret)
				return ret;
		} else if (ret != NO_TEXT) {
			return ret;
		}
		if (id == (rb.head & rb.id_mask))
			break;
	}
	if (!skipped)
		return 0;
	ORTHROS_LOG("printk ring: %lu record(s) not readable, skipped", skipped);
	return -EUCLEAN;
}
EXPORT_SYMBOL_GPL(orthros_reader_printk);
