/* SPDX-License-Identifier: GPL-2.0-only */
/* Orthros: what orthros_journal.ko tells the file-cache migration. */
#ifndef ORTHROS_JOURNAL_H
#define ORTHROS_JOURNAL_H

#include <linux/types.h>

bool orthros_journal_finished(u64 sb);

#endif /* ORTHROS_JOURNAL_H */
