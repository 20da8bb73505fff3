#!/bin/bash
# fsck-host.sh DISK: is the file system on DISK consistent after a takeover?
# What a careful administrator would run.  On a copy: e2fsck -fy replays
# the backup's journal and repairs, then e2fsck -fn must find nothing.
# Allowed in the first pass, as after any crash: the free block and inode
# counts, and block bitmap differences (mballoc marks a whole preallocation
# used on the disk and releases the unused part only when the file is
# closed).  Anything else it finds is reported and fails.
# Prints one line (what was found); exit status 0 if consistent.
disk=$1
copy=$(mktemp --tmpdir orthros-fsck.XXXXXX)
trap 'rm -f "$copy"' EXIT
cp --sparse=always "$disk" "$copy" || { echo "cannot copy $disk"; exit 1; }
first=$(e2fsck -fy "$copy" 2>&1)
rc=$?
if [ $rc -ge 4 ]; then
	echo "e2fsck -fy exit $rc: $(echo "$first" | tail -3 | tr '\n' ' ')"
	exit 1
fi
# The problems e2fsck reported, without the ones a crash leaves anyway.
problems=$(echo "$first" | grep -vE '^(Pass [0-9]|e2fsck [0-9]|orthros: |[^ ]*: recovering journal|[^ ]*: \*\*\*\*\* FILE SYSTEM WAS MODIFIED|[^ ]*: [0-9]+/[0-9]+ files|Block bitmap differences: |Fix\? yes|Free (blocks|inodes) count wrong|Padding at end of|Checking |Clearing orphaned|Setting free|$)' |
	grep -vE '^ *[-+]?\(?[0-9]+' | head -5)
second=$(e2fsck -fn "$copy" 2>&1)
rc2=$?
bitmap=$(echo "$first" | grep -c 'Block bitmap differences')
if [ -n "$problems" ] || [ $rc2 -ne 0 ]; then
	echo "e2fsck found: $(echo "$problems" | tr '\n' ' ')(second pass exit $rc2)"
	exit 1
fi
msg="e2fsck -f: consistent"
[ "$bitmap" -gt 0 ] && msg="$msg; unused preallocated blocks freed, as after any crash"
echo "$msg"
exit 0
