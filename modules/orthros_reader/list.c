// SPDX-License-Identifier: GPL-2.0-only
/*
 * Orthros reader: the primary's linked lists (list_head, hlist), walked
 * with a length limit; a list_head walk checks every back link and walks
 * around a break.
 */
#include "internal.h"

static const struct orthros_entry entries[] = {
	ORTHROS_ENTRY("OFFSET(list_head.next)", list.next),
	ORTHROS_ENTRY("OFFSET(list_head.prev)", list.prev),
	ORTHROS_ENTRY("OFFSET(hlist_head.first)", list.hlist_first),
	ORTHROS_ENTRY("OFFSET(hlist_node.next)", list.hlist_next),
};

const struct orthros_subject orthros_list_subject = {
	.name = "lists",
	.entries = entries,
	.nr_entries = ARRAY_SIZE(entries),
};

struct list_walk {
	u64 head, off;		/* the list, and each entry's list_head in it */
	const char *what;	/* "struct.member", for messages */
	unsigned int max, seen;	/* entries handed to fn, both directions */
	int (*fn)(struct orthros_reader *r, u64 obj, void *arg);
	void *arg;
	int fn_ret;		/* fn's non-zero return, which ends the walk */
};

/*
 * One direction of a walk: from the head along the link at @link_off,
 * checking that each node's link at @back_off points where we came from.
 * Stops at the head, at @stop, or on the first inconsistency (logged);
 * @last gets the last good node.
 */
static int list_walk_dir(struct orthros_reader *r, struct list_walk *w, u64 stop,
			 u64 link_off, u64 back_off, u64 *last)
{
	u64 node, back;
	int ret;

	*last = w->head;
	ret = orthros_read_u64(r, w->head + link_off, &node);
	while (!ret && node != w->head && node != stop) {
		if (++w->seen > w->max) {
			ORTHROS_LOG("list at %#llx (%s): more than %u entries; a cycle?",
				    (unsigned long long)w->head, w->what, w->max);
			return -ELOOP;
		}
		ret = orthros_read_u64(r, node + back_off, &back);
		if (ret)
			break;
		if (back != *last) {
			ORTHROS_LOG("list at %#llx (%s): entry %#llx does not point back to %#llx",
				    (unsigned long long)w->head, w->what,
				    (unsigned long long)node, (unsigned long long)*last);
			return -EUCLEAN;
		}
		w->fn_ret = w->fn(r, node - w->off, w->arg);
		if (w->fn_ret)
			return 0;
		*last = node;
		ret = orthros_read_u64(r, node + link_off, &node);
	}
	return ret;
}

/**
 * orthros_list_walk() - walk a circular list_head of the primary
 * @r: the reader (opened with lists among its subjects)
 * @head: address of the list_head that anchors the list
 * @off: offset of the list_head inside each entry
 * @what: "struct.member" of that list_head, for messages
 * @max: the most entries to accept (cycle guard)
 * @fn: called with each entry's address (node - @off)
 * @arg: passed to @fn
 *
 * Walks forward along ->next, checking each ->prev.  If a link is broken,
 * the broken spot is logged and skipped: the walk starts again from @head
 * backwards along ->prev and recovers the entries behind the break.
 *
 * Return: 0 when the whole list was walked; @fn's non-zero return if it
 * stopped the walk; else a negative errno (logged) with every entry that
 * could be reached already handed to @fn.
 */
int orthros_list_walk(struct orthros_reader *r, u64 head, u64 off, const char *what,
		      unsigned int max,
		      int (*fn)(struct orthros_reader *r, u64 obj, void *arg), void *arg)
{
	struct list_walk w = {
		.head = head, .off = off, .what = what, .max = max, .fn = fn, .arg = arg,
	};
	u64 last_fwd, last_back;
	unsigned int fwd;
	int ret, back_ret;

	ret = list_walk_dir(r, &w, head, r->l.list.next, r->l.list.prev, &last_fwd);
	if (w.fn_ret || !ret || ret == -ELOOP)
		return w.fn_ret ?: ret;
	fwd = w.seen;
	back_ret = list_walk_dir(r, &w, last_fwd, r->l.list.prev, r->l.list.next, &last_back);
	if (w.fn_ret)
		return w.fn_ret;
	ORTHROS_LOG("list at %#llx (%s): skipped the break after %#llx; %u entries forward, %u recovered backward%s",
		    (unsigned long long)head, what, (unsigned long long)last_fwd, fwd,
		    w.seen - fwd, back_ret ? ", then the back links broke too" : "");
	return ret;
}

/**
 * orthros_hlist_walk() - walk an hlist of the primary
 * @r: the reader (opened with lists among its subjects)
 * @head: address of the hlist_head
 * @off: offset of the hlist_node inside each entry
 * @max: the most entries to accept (cycle guard)
 * @fn: called with each entry's address (node - @off)
 * @arg: passed to @fn
 *
 * Return: 0, @fn's non-zero return, or a negative errno (logged).
 */
int orthros_hlist_walk(struct orthros_reader *r, u64 head, u64 off, unsigned int max,
		       int (*fn)(struct orthros_reader *r, u64 obj, void *arg), void *arg)
{
	unsigned int n;
	u64 node;
	int ret;

	ret = orthros_read_u64(r, head + r->l.list.hlist_first, &node);
	for (n = 0; !ret && node; n++) {
		if (n == max) {
			ORTHROS_LOG("hlist at %#llx: more than %u entries; a cycle?",
				    (unsigned long long)head, max);
			return -ELOOP;
		}
		ret = fn(r, node - off, arg) ?:
		      orthros_read_u64(r, node + r->l.list.hlist_next, &node);
	}
	return ret;
}
