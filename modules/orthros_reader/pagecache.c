// SPDX-License-Identifier: GPL-2.0-only
/*
 * Orthros reader: the primary's page cache: a file's folios, checked
 * against the xarray they were found in, and their bytes.
 */
#include "internal.h"

static const struct orthros_entry entries[] = {
	ORTHROS_ENTRY("NUMBER(vmemmap_base)", pc.vmemmap_base),
	ORTHROS_ENTRY("SIZE(page)", pc.page_size),
	ORTHROS_ENTRY("NUMBER(PG_dirty)", pc.pg_dirty),
	ORTHROS_ENTRY("NUMBER(PG_writeback)", pc.pg_writeback),
	ORTHROS_ENTRY("NUMBER(PG_head)", pc.pg_head),
	ORTHROS_ENTRY("OFFSET(address_space.i_pages)", pc.i_pages),
	ORTHROS_ENTRY("OFFSET(folio.flags)", pc.flags),
	ORTHROS_ENTRY("OFFSET(folio.mapping)", pc.mapping),
	ORTHROS_ENTRY("OFFSET(folio.index)", pc.index),
	/* The byte of a large folio's order: _flags_1's low byte, or its own. */
	ORTHROS_ENTRY_ALT("OFFSET(folio._flags_1)", pc.order),
	ORTHROS_ENTRY_ALT("OFFSET(folio._folio_order)", pc.order),
};

static const char *check(const struct orthros_layout *l)
{
	if (l->pc.order == ORTHROS_NO_ENTRY)
		return "no folio order: neither OFFSET(folio._flags_1) nor OFFSET(folio._folio_order)";
	if (!l->pc.page_size || l->pc.pg_dirty > 63 || l->pc.pg_writeback > 63 ||
	    l->pc.pg_head > 63)
		return "the page layout (struct page size, flag bits) is not usable";
	return NULL;
}

const struct orthros_subject orthros_pagecache_subject = {
	.name = "the page cache",
	.entries = entries,
	.nr_entries = ARRAY_SIZE(entries),
	.implies = ORTHROS_NEED_XARRAY,
	.check = check,
};

struct folio_walk {
	int (*fn)(struct orthros_reader *r, const struct orthros_folio_info *f, void *arg);
	void *arg;
	u64 mapping;
	bool damaged;
};

/* The four fields of a folio check_folio() needs, in one read if they are near. */
static int read_folio_fields(struct orthros_reader *r, u64 folio, u64 *flags, u64 *mapping,
			     u64 *index, u64 *order)
{
	const struct orthros_layout_pc *l = &r->l.pc;
	u64 last = l->flags;
	u8 raw[128];

	last = l->mapping > last ? l->mapping : last;
	last = l->index > last ? l->index : last;
	last = l->order > last ? l->order : last;
	if (last > sizeof(raw) - sizeof(u64))
		return orthros_read_u64(r, folio + l->flags, flags) ?:
		       orthros_read_u64(r, folio + l->mapping, mapping) ?:
		       orthros_read_u64(r, folio + l->index, index) ?:
		       orthros_read_u64(r, folio + l->order, order);
	if (orthros_reader_read(r, folio, raw, last + sizeof(u64)))
		return -EFAULT;
	memcpy(flags, raw + l->flags, sizeof(*flags));
	memcpy(mapping, raw + l->mapping, sizeof(*mapping));
	memcpy(index, raw + l->index, sizeof(*index));
	memcpy(order, raw + l->order, sizeof(*order));
	return 0;
}

static int check_folio(struct orthros_reader *r, u64 index, u64 folio, void *arg)
{
	const struct orthros_layout_pc *l = &r->l.pc;
	struct folio_walk *w = arg;
	struct orthros_folio_info f = { .folio = folio, .index = index, .nr_pages = 1 };
	u64 flags, order, mapping, folio_index;

	if (folio < l->vmemmap_base || (folio - l->vmemmap_base) % l->page_size) {
		ORTHROS_LOG("mapping %#llx index %llu: %#llx is not a struct page; skipped",
			    (unsigned long long)w->mapping, (unsigned long long)index,
			    (unsigned long long)folio);
		goto damaged;
	}
	if (read_folio_fields(r, folio, &flags, &mapping, &folio_index, &order))
		goto damaged;
	if (mapping != w->mapping || folio_index != index) {
		ORTHROS_LOG("mapping %#llx index %llu: folio %#llx says mapping %#llx index %llu; skipped",
			    (unsigned long long)w->mapping, (unsigned long long)index,
			    (unsigned long long)folio, (unsigned long long)mapping,
			    (unsigned long long)folio_index);
		goto damaged;
	}
	f.pfn = (folio - l->vmemmap_base) / l->page_size;
	f.dirty = flags >> l->pg_dirty & 1;
	f.writeback = flags >> l->pg_writeback & 1;
	if (flags >> l->pg_head & 1) {
		/* A large folio: its order is the first byte at l->order. */
		if ((order & 0xff) > 20) {
			ORTHROS_LOG("folio %#llx: order %llu; skipped", (unsigned long long)folio,
				    (unsigned long long)(order & 0xff));
			goto damaged;
		}
		f.nr_pages = 1U << (order & 0xff);
	}
	return w->fn(r, &f, w->arg);
damaged:
	w->damaged = true;
	return 0;
}

/**
 * orthros_reader_folios() - visit the page cache of one of the primary's files
 * @r: the reader
 * @mapping: address of its struct address_space
 * @max: the most folios to accept
 * @fn: called with each folio that the xarray and the folio agree on
 * @arg: passed to @fn
 *
 * A folio must lie in the primary's vmemmap and name this mapping and this
 * index; one that does not is logged and skipped.
 *
 * Return: 0; -EUCLEAN if something was skipped; @fn's non-zero return;
 * or another negative errno (logged).
 */
int orthros_reader_folios(struct orthros_reader *r, u64 mapping, unsigned int max,
			  int (*fn)(struct orthros_reader *r, const struct orthros_folio_info *f,
				    void *arg),
			  void *arg)
{
	struct folio_walk w = { .fn = fn, .arg = arg, .mapping = mapping };
	int ret;

	ret = orthros_reader_need(r, ORTHROS_NEED_PAGECACHE) ?:
	      orthros_xarray_walk(r, mapping + r->l.pc.i_pages, max, check_folio, &w);
	return ret ?: (w.damaged ? -EUCLEAN : 0);
}
EXPORT_SYMBOL_GPL(orthros_reader_folios);

static bool beyond_folio(const struct orthros_folio_info *f, u64 offset, size_t len)
{
	u64 size = (u64)f->nr_pages * ORTHROS_READER_PAGE_SIZE;

	if (offset <= size && len <= size - offset)
		return false;
	ORTHROS_LOG("folio %#llx: %zu bytes at %llu are beyond its %llu",
		    (unsigned long long)f->folio, len, (unsigned long long)offset,
		    (unsigned long long)size);
	return true;
}

/**
 * orthros_reader_folio_read() - copy bytes of one of the primary's folios
 * @r: the reader
 * @f: the folio, as orthros_reader_folios() gave it
 * @offset: bytes into the folio
 * @buf: destination
 * @len: bytes, within the folio
 *
 * Return: 0, or a negative errno (logged).
 */
int orthros_reader_folio_read(struct orthros_reader *r, const struct orthros_folio_info *f,
			      u64 offset, void *buf, size_t len)
{
	if (beyond_folio(f, offset, len))
		return -EINVAL;
	return orthros_reader_read_pfn(r, f->pfn, offset, buf, len);
}
EXPORT_SYMBOL_GPL(orthros_reader_folio_read);

/**
 * orthros_reader_folio_map() - bytes of one of the primary's folios, in place
 * @r: the reader
 * @f: the folio, as orthros_reader_folios() gave it
 * @offset: bytes into the folio
 * @len: bytes, within the folio
 *
 * As orthros_reader_map_pfn(): saves a copy where the reader can map.
 *
 * Return: their address, valid until the reader is closed; or NULL
 * (outside the folio or the primary's RAM: logged; or the reader cannot
 * map), and orthros_reader_folio_read() copies them.
 */
const void *orthros_reader_folio_map(struct orthros_reader *r, const struct orthros_folio_info *f,
				     u64 offset, size_t len)
{
	if (beyond_folio(f, offset, len))
		return NULL;
	return orthros_reader_map_pfn(r, f->pfn, offset, len);
}
EXPORT_SYMBOL_GPL(orthros_reader_folio_map);

/**
 * orthros_reader_format_file() - a cached file as orthros-postmortem lists it
 * @buf: the line, without newline
 * @len: size of @buf
 * @path: its path, from orthros_reader_file_path()
 * @i: its inode
 * @pages: its cached pages
 * @dirty: how many of them are dirty
 * @damaged: its page cache was damaged, or could not be copied
 *
 * "file PATH INO SIZE NRPAGES PAGES DIRTY[ damaged]": the one definition.
 *
 * Return: as snprintf().
 */
int orthros_reader_format_file(char *buf, size_t len, const char *path,
			       const struct orthros_inode_info *i, unsigned int pages,
			       unsigned int dirty, bool damaged)
{
	return snprintf(buf, len, "file %s %llu %llu %llu %u %u%s", path,
			(unsigned long long)i->ino, (unsigned long long)i->size,
			(unsigned long long)i->nrpages, pages, dirty, damaged ? " damaged" : "");
}
EXPORT_SYMBOL_GPL(orthros_reader_format_file);
