#!/bin/bash
# failover-host.sh NAME LOGDIR [daemon|lists|vmcore [SEED]]: host checks
# of a failover scenario.
# Both consoles must be clean apart from the primary's own requested panic
# report.  With "daemon", the backup's failover daemon must have finished
# every phase and mounted the primary's disk where it was, and the disk
# must pass e2fsck (fsck-host.sh).  With "lists"
# (and "vmcore"), the tasks and mounts the backup read from the frozen
# primary must match what the primary printed, and the walks are
# replayed and fuzzed on the host (SEED).  With "vmcore", the mini vmcore
# the backup sent over the harness channel must open in drgn and show
# this build's release and init_task.
name=$1 dir=$2 mode=${3:-} seed=${4:-}
lib=$(dirname "$0")
top=$(cd "$lib/../.." && pwd)
fail=0 n=0
ok() { n=$((n + 1)); echo "ok $n $name.$1${2:+ # $2}"; }
notok() { n=$((n + 1)); echo "not ok $n $name.$1${2:+ # $2}"; fail=1; }

# The requested panic (sysrq, or the corrupt scenario's module), from the
# trigger to the freeze, is not trouble.
tr -d '\r' <"$dir/primary.log" | awk '
	/sysrq: Trigger a crash|orthros_corrupt: / { skip = 1 }
	!skip { print }
	/panic: freezing; the backup/ { skip = 0 }' >"$dir/primary.filtered.log"
if out=$("$lib/check-logs.sh" "$dir/primary.filtered.log" x); then
	ok primary_log_clean
else
	echo "$out" | grep '^#'; notok primary_log_clean
fi
if out=$("$lib/check-logs.sh" "$dir/backup.log" x); then
	ok backup_log_clean
else
	echo "$out" | grep '^#'; notok backup_log_clean
fi
if ! grep -q 'fence: primary fenced in' "$dir/backup.txt"; then
	notok backup_fenced_primary "no 'fence: primary fenced' in backup.log"
else
	ok backup_fenced_primary "$(grep -o 'fence: primary fenced in.*' "$dir/backup.txt" | head -1)"
fi
[ -n "$mode" ] || exit $fail

if [ "$mode" = daemon ]; then
	# The daemon's status file (key=value records, see the header of
	# tools/failover/orthros-failover.c), when the scenario sent it as
	# failover.status; else its "orthros-failover: ..." kernel-log lines.
	status=$dir/hostio/failover.status
	[ -f "$dir/hostio.bin" ] &&
		"$lib/hostio-extract.py" "$dir/hostio.bin" "$dir/hostio" >/dev/null 2>&1
	if [ -f "$status" ]; then
		finished=$(grep -c '^summary=taken-over ' "$status")
		mounted=$(grep -c '^disk=/dev/vda path=/mnt/disk fstype=ext4 .*mounted=1' "$status")
		grep -E '^(phase|summary)=' "$status" | grep -v ' ok=1 ' | sed 's/^/# /'
	else
		finished=$(grep -c 'orthros-failover: summary: taken over' "$dir/backup.txt")
		mounted=$(grep -c 'orthros-failover: devices: /dev/vda mounted on /mnt/disk' \
			"$dir/backup.txt")
	fi
	if [ "$finished" -gt 0 ]; then
		ok daemon_finished "$(sed -n 's/.*orthros-failover: summary: //p' "$dir/backup.txt")"
	else
		notok daemon_finished "the failover daemon did not take over (no summary=taken-over)"
	fi
	if [ "$mounted" -gt 0 ]; then
		ok disk_mounted "/dev/vda on /mnt/disk, as in the primary"
	else
		notok disk_mounted "the primary's disk was not mounted where it was"
	fi
	# The file system as a careful administrator would check it.
	if fsck=$("$lib/fsck-host.sh" "$dir/disk.img"); then
		ok fs_consistent "$fsck"
	else
		notok fs_consistent "$fsck"
	fi
	exit $fail
fi

# Files the backup sent over the harness channel (tests/lib/hostio.c).
if ! "$lib/hostio-extract.py" "$dir/hostio.bin" "$dir/hostio" >"$dir/hostio.list"; then
	notok hostio_files "the harness channel is damaged"
	exit 1
fi
got=$dir/hostio

# Tasks and mounts the primary printed before its panic, as the backup
# read them from the frozen memory ("task pid comm state",
# "mount dev path fstype"); ps itself had exited.  /proc shows a
# kworker's comm with "-<workqueue>" appended; the task's own comm has not.
missing=$(sed -n 's/^ps-task \([0-9]*\) \(.*\)$/\1 \2/p' "$dir/primary.txt" |
	while read -r pid comm; do
		[ "$comm" = ps ] && continue
		frozen=$(sed -n "s/^task $pid \(.*\) [^ ]*$/\1/p" "$got/tasks.txt")
		case $comm in
		"$frozen" | "$frozen"-*) [ -n "$frozen" ] || echo "$pid/$comm" ;;
		*) echo "$pid/$comm(read:${frozen:-none})" ;;
		esac
	done)
n_ps=$(grep -c '^ps-task ' "$dir/primary.txt")
n_frozen=$(grep -c '^task ' "$got/tasks.txt")
if [ "$n_ps" -gt 0 ] && [ -z "$missing" ]; then
	ok frozen_tasks_match "$n_frozen tasks read; all $n_ps from ps found with the same comm"
else
	notok frozen_tasks_match "not found: ${missing:-no ps output}"
fi
missing=$(sed -n 's/^proc-mount \([^ ]*\) \([^ ]*\) \([^ ]*\) .*/\1 \2 \3/p' "$dir/primary.txt" |
	while read -r dev path fstype; do
		grep -qx "mount $dev $path $fstype" "$got/mounts.txt" || echo "$dev:$path:$fstype"
	done)
n_mounts=$(grep -c '^proc-mount ' "$dir/primary.txt")
if [ "$n_mounts" -gt 0 ] && [ -z "$missing" ]; then
	ok frozen_mounts_match "all $n_mounts mounts of /proc/mounts found (device, path, type)"
else
	notok frozen_mounts_match "not found: ${missing:-no /proc/mounts output}"
fi

# VMAs (maple trees) of the tasks whose /proc/PID/maps the primary
# counted, and tmpfs files copied out of its page cache (xarrays), when the
# scenario printed them: "maps pid comm vmas map_count" must agree
# with /proc and with itself; every "proc-sum" must be in copy-sums.txt.
if grep -q '^proc-maps ' "$dir/primary.txt"; then
	bad=$(sed -n 's/^proc-maps \([0-9]*\) \([0-9]*\)$/\1 \2/p' "$dir/primary.txt" |
		while read -r pid want; do
			read=$(sed -n "s/^maps $pid [^ ]* \([0-9]*\) \([0-9]*\)$/\1 \2/p" \
				"$got/maps.txt")
			[ "$read" = "$want $want" ] || echo "pid $pid: read '${read:-none}', /proc $want"
		done)
	if [ -z "$bad" ]; then
		ok frozen_vmas_match "$(grep -c '^maps ' "$got/maps.txt") address spaces read; VMA counts of $(grep -c '^proc-maps ' "$dir/primary.txt") match /proc/PID/maps"
	else
		notok frozen_vmas_match "$bad"
	fi
fi
if grep -q '^proc-sum ' "$dir/primary.txt"; then
	want=$(sed -n 's/^proc-sum //p' "$dir/primary.txt" | tr -d '\r' | sort)
	copies=$(sort "$got/copy-sums.txt" 2>/dev/null)
	if [ "$want" = "$copies" ]; then
		ok page_cache_copies_match "$(echo "$want" | wc -l) files, every byte as the primary's sha256sum"
	else
		diff <(echo "$want") <(echo "$copies") | sed 's/^/# /'
		notok page_cache_copies_match "copies differ from the primary's files"
	fi
fi

# The user-space build of the reader replays the backup's walks on the
# pages they read, then an ASan/UBSan build must survive 500 mutations of
# each (bit flips, corrupted pointers) without crash or hang.
bin=$top/build/tools/host
# Walks the backup recorded: tasks and mounts always; maps (maple trees)
# and files (page-cache xarrays) when the scenario has them.
walks=(tasks mounts)
[ -f "$got/maps.img" ] && walks+=(maps "files -t tmpfs")
for cmd in "${walks[@]}"; do
	what=${cmd%% *}
	# Its exit status is not compared: a damaged list (scenario corrupt) is 1.
	# shellcheck disable=SC2086 # $cmd is a command and its options
	"$bin/orthros-postmortem" $cmd -o "$got/offsets" "$got/$what.img" \
		>"$dir/replay-$what.txt" 2>"$dir/replay-$what.err"
	if diff -q "$got/$what.txt" "$dir/replay-$what.txt" >/dev/null; then
		ok "replay_$what" "$(wc -l <"$dir/replay-$what.txt") lines, same as in the backup"
	else
		notok "replay_$what" "user-space reader differs from the backup; see $dir/replay-$what.*"
	fi
done
for cmd in "${walks[@]}"; do
	what=${cmd%% *}
	line=$(cd "$dir" && "$lib/fuzz-reader.py" "$bin/orthros-postmortem-asan" \
		hostio/offsets "hostio/$what.img" "$cmd" 500 "${seed:-1}")
	echo "$line" | grep '^#'
	case $line in
	ok*) ok "fuzz_$what" "${line#ok fuzz $what: }" ;;
	*) notok "fuzz_$what" "$(echo "$line" | head -1)" ;;
	esac
done

[ "$mode" = vmcore ] || exit $fail
if [ ! -f "$dir/hostio/vmcore" ]; then
	notok vmcore_opens_in_drgn "no vmcore came out of the backup"
	exit 1
fi
mv "$dir/hostio/vmcore" "$dir/vmcore.mini"
size=$(stat -c %s "$dir/vmcore.mini")
echo "# mini vmcore: $(du -h "$dir/vmcore.mini" | cut -f1) (sparse file size $size)"
facts=$(drgn -q -c "$dir/vmcore.mini" -s "$top/build/linux/vmlinux" --no-default-symbols \
	"$lib/vmcore-facts.py" 2>&1)
echo "$facts" | sed 's/^/# drgn: /'

# Every primary CPU left its registers: one NT_PRSTATUS note each.
cpus=$(sed -n 's/^primary: release .*, \([0-9]*\) CPUs online.*/\1/p' "$dir/primary.txt")
notes=$(readelf -n "$dir/vmcore.mini" | grep -c NT_PRSTATUS)
if [ -n "$cpus" ] && [ "$notes" -eq "$cpus" ]; then
	ok vmcore_cpu_registers "$notes NT_PRSTATUS notes for $cpus primary CPUs"
else
	notok vmcore_cpu_registers "$notes NT_PRSTATUS notes for ${cpus:-?} primary CPUs"
fi
want=$(make -s -C "$top/build/linux" kernelrelease)
if echo "$facts" | grep -qx "release $want"; then
	ok vmcore_release "$want"
else
	notok vmcore_release "want $want"
fi
if echo "$facts" | grep -qx "init_task.comm swapper/0"; then
	ok vmcore_init_task
else
	notok vmcore_init_task "want swapper/0"
fi
exit $fail
