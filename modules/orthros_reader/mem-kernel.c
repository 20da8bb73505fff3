// SPDX-License-Identifier: GPL-2.0-only
/*
 * DOC: orthros_reader
 *
 * The Orthros reader (reader.h) as a module of the backup kernel, reading
 * the fenced primary in place: the offset table is the one the backup
 * kernel checked and copied at boot, the primary's RAM is what
 * /proc/vmcore covers (the crash ELF header's PT_LOADs), and each range is
 * mapped once, cacheable, when a reader is opened.  Takeover steps open a
 * reader after the takeover event and close it when they are done.
 * Loading the module checks that the running kernel speaks the Orthros
 * protocol version the reader was built for.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/crash_dump.h>
#include <linux/err.h>
#include <linux/io.h>
#include <linux/module.h>
#include <linux/orthros.h>
#include <linux/slab.h>

#include "internal.h"

struct primary_reader {
	struct orthros_reader r;
	struct orthros_reader_mem mem;	/* what orthros_reader_init() copies */
	unsigned int nr_maps;
	struct {
		u64 start, end;
		void *map;
	} maps[ORTHROS_READER_MAX_RAM];
};

static int primary_read_phys(void *ctx, u64 pa, void *buf, size_t len)
{
	struct primary_reader *p = ctx;
	unsigned int i;

	for (i = 0; i < p->nr_maps; i++) {
		if (pa >= p->maps[i].start && pa < p->maps[i].end &&
		    len <= p->maps[i].end - pa) {
			memcpy(buf, p->maps[i].map + (pa - p->maps[i].start), len);
			return 0;
		}
	}
	return -EFAULT;
}

/* The caller (orthros_reader_map_pfn()) checked that the range is RAM. */
static const void *primary_map_phys(void *ctx, u64 pa, size_t len)
{
	struct primary_reader *p = ctx;
	unsigned int i;

	for (i = 0; i < p->nr_maps; i++)
		if (pa >= p->maps[i].start && pa < p->maps[i].end &&
		    len <= p->maps[i].end - pa)
			return p->maps[i].map + (pa - p->maps[i].start);
	return NULL;
}

static void unmap_ram(struct primary_reader *p)
{
	while (p->nr_maps)
		memunmap(p->maps[--p->nr_maps].map);
}

static int map_range(u64 start, u64 size, void *arg)
{
	struct primary_reader *p = arg;

	if (p->nr_maps == ORTHROS_READER_MAX_RAM || start + size < start) {
		pr_err("the primary's RAM: too many or bad ranges\n");
		return -E2BIG;
	}
	p->maps[p->nr_maps].map = memremap(start, size, MEMREMAP_WB);
	if (!p->maps[p->nr_maps].map) {
		pr_err("cannot map the primary's RAM %#llx-%#llx\n", start, start + size - 1);
		return -ENOMEM;
	}
	p->maps[p->nr_maps].start = p->mem.ram[p->nr_maps].start = start;
	p->maps[p->nr_maps].end = p->mem.ram[p->nr_maps].end = start + size;
	p->mem.nr_ram = ++p->nr_maps;
	return 0;
}

/**
 * orthros_reader_open() - start reading the fenced primary
 * @needs: the subjects the caller will read (ORTHROS_NEED_*)
 *
 * Only on a backup whose primary is fenced (its memory no longer changes)
 * and whose offset table the backup kernel accepted at boot.
 *
 * Return: a reader for orthros_reader_*(), to be closed with
 * orthros_reader_close(); or an ERR_PTR (logged).
 */
struct orthros_reader *orthros_reader_open(unsigned int needs)
{
	const struct orthros_offsets_hdr_ser *table = orthros_primary_offsets();
	struct primary_reader *p;
	int ret;

	ret = orthros_primary_fenced();
	if (ret) {
		pr_err("the primary is not fenced (%d): its memory may still change\n", ret);
		return ERR_PTR(ret);
	}
	if (!table) {
		pr_err("the primary published no usable offset table\n");
		return ERR_PTR(-ENODEV);
	}
	p = kvzalloc(sizeof(*p), GFP_KERNEL);	/* about 20 KiB, with the name index */
	if (!p)
		return ERR_PTR(-ENOMEM);
	p->mem.read_phys = primary_read_phys;
	p->mem.map_phys = primary_map_phys;
	p->mem.ctx = p;
	ret = vmcore_walk_ram(map_range, p);
	if (ret == -ENODEV)
		pr_err("the primary's RAM is unknown: no /proc/vmcore yet\n");
	if (!ret)
		ret = orthros_reader_init(&p->r, table, table->size, &p->mem, needs);
	if (ret) {
		unmap_ram(p);
		kvfree(p);
		return ERR_PTR(ret);
	}
	pr_info("reading the primary (%s): %u RAM ranges mapped\n", table->release, p->nr_maps);
	return &p->r;
}
EXPORT_SYMBOL_GPL(orthros_reader_open);

/**
 * orthros_reader_close() - unmap the primary and free a reader
 * @r: from orthros_reader_open(), or an ERR_PTR or NULL (ignored)
 */
void orthros_reader_close(struct orthros_reader *r)
{
	struct primary_reader *p = container_of(r, struct primary_reader, r);

	if (IS_ERR_OR_NULL(r))
		return;
	unmap_ram(p);
	kvfree(p);
}
EXPORT_SYMBOL_GPL(orthros_reader_close);

static int __init orthros_reader_module_init(void)
{
	u32 running = orthros_version();

	if (running != ORTHROS_VERSION) {
		pr_err("the kernel speaks Orthros version %u, the reader was built for %u\n",
		       running, ORTHROS_VERSION);
		return -EPROTO;
	}
	return 0;
}

static void __exit orthros_reader_module_exit(void)
{
}

module_init(orthros_reader_module_init);
module_exit(orthros_reader_module_exit);
MODULE_DESCRIPTION("Orthros: read a fenced primary kernel's memory through its offset table");
MODULE_LICENSE("GPL");
