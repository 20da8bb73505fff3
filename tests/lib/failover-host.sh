#!/bin/bash
# failover-host.sh NAME LOGDIR [vmcore]: host checks of a failover scenario.
# Both consoles must be clean apart from the primary's own requested panic
# report; with "vmcore", the mini vmcore the backup sent over the harness
# channel must open in drgn and show this build's release and init_task.
name=$1 dir=$2 vmcore=${3:-}
lib=$(dirname "$0")
top=$(cd "$lib/../.." && pwd)
fail=0 n=0
ok() { n=$((n + 1)); echo "ok $n $name.$1${2:+ # $2}"; }
notok() { n=$((n + 1)); echo "not ok $n $name.$1${2:+ # $2}"; fail=1; }

# The requested panic, from the trigger to the freeze, is not trouble.
tr -d '\r' <"$dir/primary.log" | awk '
	/sysrq: Trigger a crash/ { skip = 1 }
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
[ -n "$vmcore" ] || exit $fail

# First file of the harness channel: "ORTHROS-FILE <name> <size>\n" + bytes.
read -r magic fname size < <(head -c 256 "$dir/hostio.bin" | head -n 1)
if [ "$magic" != ORTHROS-FILE ] || [ "$fname" != vmcore ]; then
	notok vmcore_opens_in_drgn "no vmcore came out of the backup"
	exit 1
fi
skip=$(( ${#magic} + ${#fname} + ${#size} + 3 ))
tail -c +$((skip + 1)) "$dir/hostio.bin" | head -c "$size" >"$dir/vmcore.mini"
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
