#!/bin/bash
# disk-sums.sh DISK: the sha256sum of files as they are on the ext4 image
# DISK, with its journal replayed as the next mount would: what the
# machine reads back after a crash, not what the backup's page cache
# showed.  Reads the files' names on stdin, as checksums prints them
# ("./mnt/disk/PATH", the primary's disk mounted on /mnt/disk), and prints
# "SHA256  ./mnt/disk/PATH" for each file the image has.
disk=$1
work=$(mktemp -d --tmpdir orthros-disk.XXXXXX)
trap 'rm -rf "$work"' EXIT
cp --sparse=always "$disk" "$work/img" || exit 1
# Exit status 1: the journal was replayed.
e2fsck -fy -E journal_only "$work/img" >"$work/e2fsck.log" 2>&1
if [ $? -ge 4 ]; then
	echo "disk-sums.sh: e2fsck could not replay the journal of $disk" >&2
	exit 1
fi
while read -r path; do
	rm -f "$work/file"
	debugfs -R "dump ${path#./mnt/disk} $work/file" "$work/img" >/dev/null 2>&1
	[ -f "$work/file" ] && echo "$(sha256sum <"$work/file" | cut -d' ' -f1)  $path"
done
exit 0
