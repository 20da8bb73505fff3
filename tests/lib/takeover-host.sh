#!/bin/bash
# takeover-host.sh NAME LOGDIR: host checks of a takeover scenario, after
# failover-host.sh's (clean logs, primary fenced).  The failover daemon
# must have finished every phase and mounted the primary's disk; the files
# the primary changed in its page cache must match the checksums it
# printed (takeover-nocache: must not, or the test could not fail); the
# service port must have answered "primary", then nothing, then "backup".
name=$1 dir=$2
lib=$(dirname "$0")
fail=0 n=3
ok() { n=$((n + 1)); echo "ok $n $name.$1${2:+ # $2}"; }
notok() { n=$((n + 1)); echo "not ok $n $name.$1${2:+ # $2}"; fail=1; }

"$lib/failover-host.sh" "$name" "$dir" || fail=1

if grep -q '^failover: summary: taken over' "$dir/backup.txt"; then
	ok daemon_finished "$(sed -n 's/^failover: summary: //p' "$dir/backup.txt")"
else
	notok daemon_finished "no 'failover: summary: taken over' in backup.log"
fi
grep '^failover: phase' "$dir/backup.txt" | sed 's/^/# /'
if grep -q '^failover: devices: /dev/vda mounted on /mnt/disk' "$dir/backup.txt"; then
	ok disk_mounted "/dev/vda on /mnt/disk, as in the primary"
else
	notok disk_mounted "the primary's disk was not mounted where it was"
fi

if ! "$lib/hostio-extract.py" "$dir/hostio.bin" "$dir/hostio" >"$dir/hostio.list"; then
	notok hostio_files "the harness channel is damaged"
	exit 1
fi
want=$(sed -n 's/^proc-sum //p' "$dir/primary.txt" | tr -d '\r' | sort)
got=$(sort "$dir/hostio/copy-sums.txt" 2>/dev/null)
files=$(echo "$want" | grep -c .)
differ=$(comm -23 <(echo "$want") <(echo "$got") | grep -c .)
if [ "$name" = takeover-nocache ]; then
	if [ "$files" -gt 0 ] && [ "$differ" -gt 0 ]; then
		ok changes_lost_without_migration "$differ of $files files differ from the primary's"
	else
		notok changes_lost_without_migration "$differ of $files files differ: the test cannot fail"
	fi
elif [ "$files" -gt 0 ] && [ "$differ" -eq 0 ]; then
	ok file_cache_migrated "$files files, every byte as the primary's sha256sum"
else
	comm -3 <(echo "$want") <(echo "$got") | sed 's/^/# /'
	notok file_cache_migrated "$differ of $files files differ from the primary's"
fi

# service.log: "<host ms> <reply>" at each change (tests/lib/service-probe.py).
if awk '$2 == "primary" { p = 1 } p && $2 == "backup" { b = 1 } END { exit !(p && b) }' \
	"$dir/service.log" 2>/dev/null; then
	ok service_ip_answers "$(awk '$2 == "primary" { last = $1 } $2 == "-" && last && !up { down = $1 }
		$2 == "backup" && !up { up = $1 }
		END { printf "host saw the backup answer %.0f ms after the primary stopped (TCG)", up - down }' \
		"$dir/service.log")"
else
	notok service_ip_answers "$(tr '\n' ' ' <"$dir/service.log" 2>/dev/null)"
fi
exit $fail
