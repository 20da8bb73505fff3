/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Orthros reader: what its files share and its users do not see.
 */
#ifndef ORTHROS_READER_INTERNAL_H
#define ORTHROS_READER_INTERNAL_H

#ifdef __KERNEL__
#include <linux/kernel.h>
#include <linux/printk.h>
#include <linux/string.h>
#define ORTHROS_LOG(fmt, ...)	pr_err("orthros_reader: " fmt "\n", ##__VA_ARGS__)
#else
#include <stdio.h>
#include <string.h>
#define ORTHROS_LOG(fmt, ...)	fprintf(stderr, "orthros-reader: " fmt "\n", ##__VA_ARGS__)
#endif

#include "reader.h"

#endif /* ORTHROS_READER_INTERNAL_H */
