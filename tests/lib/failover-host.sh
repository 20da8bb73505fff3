#!/bin/bash
# failover-host.sh NAME LOGDIR [daemon|lists|vmcore [SEED]]: host checks
# of a failover scenario.
# Both consoles must be clean apart from the primary's own requested panic
# report, and the backup must have fenced the primary.  With "daemon",
# the backup's failover daemon (run_daemon, tests/lib/guest.sh) must have
# succeeded and mounted the primary's disk where it was, and the disk must
# pass e2fsck (fsck-host.sh).  With "lists"
# (and "vmcore"), the tasks and mounts the backup read from the frozen
# primary must match what the primary printed, and the walks are
# replayed and fuzzed on the host (SEED).  With "vmcore", the mini vmcore
# the backup sent over the harness channel must open in drgn and show
# this build's release and init_task.
name=$1 dir=$2 mode=${3:-} seed=${4:-}
lib=$(dirname "$0")
top=$(cd "$lib/../.." && pwd)
. "$lib/protocol.sh"
fail=0 n=0
ok() { n=$((n + 1)); echo "ok $n $name.$1${2:+ # $2}"; }
notok() { n=$((n + 1)); echo "not ok $n $name.$1${2:+ # $2}"; fail=1; }

# The requested panic (sysrq, or the corrupt scenario's module), from the
# trigger to the end (the freeze's own line goes to the log only, not to
# the console), is not trouble.
tr -d '\r' <"$dir/primary.log" | awk '
	/sysrq: Trigger a crash|orthros_corrupt: / { skip = 1 }
	!skip { print }' >"$dir/primary.filtered.log"
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
# The backup's /init: "primary-state STATE EVENT FENCE_NS".
read -r state event fence_ns _ <<<"$(facts "$LINE_PRIMARY_STATE" "$dir/backup.txt" | tail -1)"
if [ "$state" = fenced ]; then
	ok backup_fenced_primary "after $event, in $(awk -v ns="$fence_ns" 'BEGIN { printf "%.3f", ns / 1e6 }') ms"
else
	notok backup_fenced_primary "the backup left the primary ${state:-in an unknown state}"
fi
[ -n "$mode" ] || exit $fail

if [ "$mode" = daemon ]; then
	# The daemon's status file (key=value records, see the header of
	# tools/failover/orthros-failover.c), which run_daemon
	# (tests/lib/guest.sh) sends as failover.status; from a daemon that
	# writes none, run_daemon's "daemon-rc N OPTIONS" line and the
	# backup's mounts after it ("copy-mount ...").  The daemon's own
	# account of its phases is in the kernel log, for people.
	status=$dir/hostio/$FILE_FAILOVER_STATUS
	[ -f "$dir/hostio.bin" ] &&
		"$lib/hostio-extract.py" "$dir/hostio.bin" "$dir/hostio" >/dev/null 2>&1
	read -r rc opts <<<"$(facts "$LINE_DAEMON" "$dir/backup.txt" | tail -1)"
	if [ -f "$status" ]; then
		finished=$(grep -c '^summary=taken-over ' "$status")
		mounted=$(grep -c '^disk=/dev/vda path=/mnt/disk fstype=ext4 .*mounted=1' "$status")
		grep -E '^(phase|summary)=' "$status" | grep -v ' ok=1 ' | sed 's/^/# /'
	else
		finished=0
		[ "$rc" = 0 ] && finished=1
		mounted=$(facts "$LINE_COPY_MOUNT" "$dir/backup.txt" | grep -c '^/dev/vda /mnt/disk ext4 ')
	fi
	summary=$(sed -n 's/.*orthros-failover: summary: //p' "$dir/backup.txt" | head -1)
	if [ "$finished" -gt 0 ]; then
		ok daemon_finished "${opts:+orthros-failover $opts: }$summary"
	else
		notok daemon_finished "the failover daemon did not take over (exit status ${rc:-unknown}${opts:+, options $opts})"
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
missing=$(facts "$LINE_TASK" "$dir/primary.txt" |
	while read -r pid comm; do
		[ "$comm" = ps ] && continue
		frozen=$(sed -n "s/^task $pid \(.*\) [^ ]*$/\1/p" "$got/tasks$WALK_LIST")
		case $comm in
		"$frozen" | "$frozen"-*) [ -n "$frozen" ] || echo "$pid/$comm" ;;
		*) echo "$pid/$comm(read:${frozen:-none})" ;;
		esac
	done)
n_ps=$(facts "$LINE_TASK" "$dir/primary.txt" | grep -c .)
n_frozen=$(grep -c '^task ' "$got/tasks$WALK_LIST")
if [ "$n_ps" -gt 0 ] && [ -z "$missing" ]; then
	ok frozen_tasks_match "$n_frozen tasks read; all $n_ps from ps found with the same comm"
else
	notok frozen_tasks_match "not found: ${missing:-no ps output}"
fi
missing=$(facts "$LINE_MOUNT" "$dir/primary.txt" |
	while read -r dev path fstype _; do
		grep -qx "mount $dev $path $fstype" "$got/mounts$WALK_LIST" || echo "$dev:$path:$fstype"
	done)
n_mounts=$(facts "$LINE_MOUNT" "$dir/primary.txt" | grep -c .)
if [ "$n_mounts" -gt 0 ] && [ -z "$missing" ]; then
	ok frozen_mounts_match "all $n_mounts mounts of /proc/mounts found (device, path, type)"
else
	notok frozen_mounts_match "not found: ${missing:-no /proc/mounts output}"
fi

# VMAs (maple trees) of the tasks whose /proc/PID/maps the primary
# counted, and tmpfs files copied out of its page cache (xarrays), when the
# scenario printed them: "maps pid comm vmas map_count" must agree
# with /proc and with itself; every "proc-sum" must be in copy-sums.txt.
maps=$(facts "$LINE_MAPS" "$dir/primary.txt")
if [ -n "$maps" ]; then
	bad=$(echo "$maps" |
		while read -r pid want; do
			read=$(sed -n "s/^maps $pid [^ ]* \([0-9]*\) \([0-9]*\)$/\1 \2/p" \
				"$got/maps$WALK_LIST")
			[ "$read" = "$want $want" ] || echo "pid $pid: read '${read:-none}', /proc $want"
		done)
	if [ -z "$bad" ]; then
		ok frozen_vmas_match "$(grep -c '^maps ' "$got/maps$WALK_LIST") address spaces read; VMA counts of $(echo "$maps" | grep -c .) match /proc/PID/maps"
	else
		notok frozen_vmas_match "$bad"
	fi
fi
want=$(facts "$LINE_SUM" "$dir/primary.txt" | sort)
if [ -n "$want" ]; then
	copies=$(sort "$got/$FILE_COPY_SUMS" 2>/dev/null)
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
[ -f "$got/maps$WALK_IMAGE" ] && walks+=(maps "files -t tmpfs")
for cmd in "${walks[@]}"; do
	what=${cmd%% *}
	# Its exit status is not compared: a damaged list (scenario corrupt) is 1.
	# shellcheck disable=SC2086 # $cmd is a command and its options
	"$bin/orthros-postmortem" $cmd -o "$got/$FILE_OFFSETS" "$got/$what$WALK_IMAGE" \
		>"$dir/replay-$what.txt" 2>"$dir/replay-$what.err"
	if diff -q "$got/$what$WALK_LIST" "$dir/replay-$what.txt" >/dev/null; then
		ok "replay_$what" "$(wc -l <"$dir/replay-$what.txt") lines, same as in the backup"
	else
		notok "replay_$what" "user-space reader differs from the backup; see $dir/replay-$what.*"
	fi
done
for cmd in "${walks[@]}"; do
	what=${cmd%% *}
	line=$(cd "$dir" && "$lib/fuzz-reader.py" "$bin/orthros-postmortem-asan" \
		"hostio/$FILE_OFFSETS" "hostio/$what$WALK_IMAGE" "$cmd" 500 "${seed:-1}")
	echo "$line" | grep '^#'
	case $line in
	ok*) ok "fuzz_$what" "${line#ok fuzz $what: }" ;;
	*) notok "fuzz_$what" "$(echo "$line" | head -1)" ;;
	esac
done

[ "$mode" = vmcore ] || exit $fail
if [ ! -f "$dir/hostio/$FILE_VMCORE" ]; then
	notok vmcore_opens_in_drgn "no vmcore came out of the backup"
	exit 1
fi
mv "$dir/hostio/$FILE_VMCORE" "$dir/vmcore.mini"
size=$(stat -c %s "$dir/vmcore.mini")
echo "# mini vmcore: $(du -h "$dir/vmcore.mini" | cut -f1) (sparse file size $size)"
facts=$(drgn -q -c "$dir/vmcore.mini" -s "$top/build/linux/vmlinux" --no-default-symbols \
	"$lib/vmcore-facts.py" 2>&1)
echo "$facts" | sed 's/^/# drgn: /'

# The pid namespace the primary designated for migration, as the backup
# found it in the shared page (scenarios whose primary designates one).
designated=$(facts "$LINE_PIDNS" "$dir/primary.txt" | tail -1)
if [ -n "$designated" ]; then
	seen=$(facts "$LINE_PRIMARY_PIDNS" "$dir/backup.txt" | tail -1)
	if [ "$seen" = "$designated" ] && [ "$seen" != none ]; then
		ok backup_sees_designated_pidns "namespace and init $seen"
	else
		notok backup_sees_designated_pidns "primary designated '$designated', backup sees '${seen:-nothing}'"
	fi
fi

# Every primary CPU left its registers: one NT_PRSTATUS note each.
cpus=$(facts "$LINE_CPUS" "$dir/primary.txt" | tail -1)
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
