#!/bin/bash
# make demo: boot the patched primary in QEMU and show Orthros at work.
# The guest's console (ttyS0) streams here; logs stay in build/demo/.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
logs=build/demo
mkdir -p "$logs"
cp --sparse=always build/images/disk.img "$logs/disk.img"
echo "demo: booting the primary (QEMU q35, TCG, 4 CPUs); logs in $logs/"
# The demo's kernel parameters, from its descriptor (tests/scenarios/demo).
. tests/lib/scenario.sh && scenario_load demo && APPEND=$CMDLINE
# Its primary is the older kernel (PRIMARY_KERNEL): the update is a real one.
. tools/build/kernels.sh
rc=0
tools/qemu/run-guest.sh --kernel "$(kernel_image "$PRIMARY_KERNEL")" \
	--initrd build/images/primary.cpio --disk "$logs/disk.img" \
	--logs "$logs" --timeout 300 --follow \
	--append "console=ttyS0 loglevel=4 panic=-1 $APPEND orthros.scenario=demo" || rc=$?
echo
echo "demo: the backup kernel's console (ttyS1, $logs/backup.log), its user space:"
tr -d '\r' <"$logs/backup.log" | grep -v '^\[' | sed 's/^/  | /'
echo "demo: the takeover, from the backup's kernel log:"
tr -d '\r' <"$logs/backup.log" |
	sed -n 's/.*\(orthros-failover: .*\|orthros_journal: .*\|orthros_pagecache: .*\|orthros: devices: .*\)/  | \1/p'
# The primary freezes for the live update; the run ends in the backup.
if ! tr -d '\r' <"$logs/backup.log" | grep -q '^ORTHROS-BACKUP-END demo rc=0'; then
	echo "demo: FAILED (qemu rc $rc); see $logs/primary.log and $logs/backup.log" >&2
	exit 1
fi
tr -d '\r' <"$logs/backup.log" | sed -n 's/.*orthros-failover: \(summary: .*\)/demo: \1/p'
echo "demo: done"
