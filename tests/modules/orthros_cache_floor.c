// SPDX-License-Identifier: GPL-2.0-only
/*
 * orthros_cache_floor: how fast pages can become dirty page cache of a
 * file of this kernel, at best.
 *
 * Benchmark module (make bench, section 1).  A migration of the primary's
 * dirty file cache ends with each page in the backup's page cache of its
 * file, dirty, with the buffer heads ext4 writes it back through.  This
 * times that alone for @mib MiB of a new file: a fresh folio into the
 * file's mapping, its buffers marked mapped, delayed and up to date, the
 * folio marked dirty.  It leaves out what a real write needs beside
 * (ext4's block reservation, the file's size), so it is a floor: once
 * with the bytes copied in, once without any copy, as if the primary's
 * frames were taken as they are.  ext4 on 6.12 has no large folios for
 * regular files, so every page pays it.  The pages are then thrown away
 * unwritten (none was ever reserved or allocated) and the file (an
 * O_TMPFILE one) goes with its close.  The figures are in the kernel
 * log; the module does nothing more and can be removed.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/buffer_head.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/pagemap.h>
#include <linux/vmalloc.h>

static char *dir = "/mnt/disk";
module_param(dir, charp, 0444);
MODULE_PARM_DESC(dir, "a directory of the file system to measure (an unnamed file is made there)");

static unsigned int mib = 32;
module_param(mib, uint, 0444);
MODULE_PARM_DESC(mib, "MiB of page cache to fill each time (1 to 1024)");

/* Fill @nr pages of @file's cache, dirty, from @src or with no copy; ns. */
static s64 fill(struct file *file, const void *src, pgoff_t nr)
{
	struct address_space *mapping = file->f_mapping;
	struct inode *inode = file_inode(file);
	gfp_t gfp = mapping_gfp_mask(mapping);
	ktime_t start = ktime_get();
	pgoff_t i;
	s64 ns;

	inode_lock(inode);
	for (i = 0; i < nr; i++) {
		struct folio *folio = filemap_alloc_folio(gfp, 0);

		if (!folio)
			break;
		if (filemap_add_folio(mapping, folio, i, gfp)) {
			folio_put(folio);
			break;
		}
		if (src)
			memcpy_to_folio(folio, 0, src + i * PAGE_SIZE, PAGE_SIZE);
		folio_mark_uptodate(folio);
		create_empty_buffers(folio, i_blocksize(inode),
				     BIT(BH_Uptodate) | BIT(BH_Mapped) | BIT(BH_Delay));
		folio_mark_dirty(folio);
		folio_unlock(folio);
		folio_put(folio);
	}
	inode_unlock(inode);
	ns = ktime_to_ns(ktime_sub(ktime_get(), start));
	truncate_inode_pages(mapping, 0);
	return i == nr ? ns : -ENOMEM;
}

static int __init orthros_cache_floor_init(void)
{
	pgoff_t nr = (pgoff_t)mib << (20 - PAGE_SHIFT);
	s64 copied, bare;
	struct file *file;
	void *src;

	if (!mib || mib > 1024) {
		pr_err("mib=%u: must be 1 to 1024\n", mib);
		return -EINVAL;
	}
	src = vmalloc(nr * PAGE_SIZE);
	if (!src)
		return -ENOMEM;
	memset(src, 0x5a, nr * PAGE_SIZE);
	file = filp_open(dir, O_RDWR | O_TMPFILE | O_LARGEFILE, 0600);
	if (IS_ERR(file)) {
		pr_err("%s: cannot make a file there (%ld)\n", dir, PTR_ERR(file));
		vfree(src);
		return PTR_ERR(file);
	}
	/* A first round, not counted, for the memory's first touch. */
	fill(file, src, nr);
	copied = fill(file, src, nr);
	bare = fill(file, NULL, nr);
	fput(file);
	vfree(src);
	if (copied < 0 || bare < 0) {
		pr_err("no memory for %u MiB of page cache\n", mib);
		return -ENOMEM;
	}
	pr_notice("%u KiB dirty in the page cache: %lld us copied, %lld us with no copy\n",
		  mib << 10, copied / NSEC_PER_USEC, bare / NSEC_PER_USEC);
	return 0;
}
module_init(orthros_cache_floor_init);

static void __exit orthros_cache_floor_exit(void)
{
}
module_exit(orthros_cache_floor_exit);

MODULE_DESCRIPTION("Orthros benchmark: the page cache's own floor for dirty data");
MODULE_LICENSE("GPL");
