#!/bin/bash
# takeover-host.sh NAME LOGDIR: host checks of a takeover scenario, after
# failover-host.sh's (clean logs, primary fenced).  The failover daemon
# must have finished every phase and mounted the primary's disk; the files
# the primary changed in its page cache must match the checksums it
# printed (takeover-nocache: must not, or the test could not fail); the
# service port must have answered "primary", then nothing, then "backup".
# NAME-default (the scenario at default writeback settings) is checked as
# NAME.
name=$1 dir=$2 kind=${1%-default}
lib=$(dirname "$0")
fail=0 n=6
ok() { n=$((n + 1)); echo "ok $n $name.$1${2:+ # $2}"; }
notok() { n=$((n + 1)); echo "not ok $n $name.$1${2:+ # $2}"; fail=1; }

"$lib/failover-host.sh" "$name" "$dir" daemon || fail=1

if [ "$kind" = takeover-fio ]; then
	# fio's own verdict on the writes that returned before the panic.
	verified=$(sed -n 's/.*READ: .*io=\([^ ]*\) .*/\1/p' "$dir/backup.txt" | head -1)
	written=$(sed -n 's/.*WRITE: .*io=\([^ ]*\) .*/\1/p' "$dir/primary.txt" | head -1)
	if grep -q 'backup: fio verify rc=0' "$dir/backup.txt" &&
	   grep -q 'err= 0' "$dir/backup.txt" && [ -n "$verified" ]; then
		ok fio_verify "fio verified $verified written before the panic${written:+ (fio reported $written)}"
	else
		grep -E 'verify|err=|bad' "$dir/backup.txt" | head -5 | sed 's/^/# /'
		notok fio_verify "fio's verify-only pass failed"
	fi
	exit $fail
fi
if ! "$lib/hostio-extract.py" "$dir/hostio.bin" "$dir/hostio" >"$dir/hostio.list"; then
	notok hostio_files "the harness channel is damaged"
	exit 1
fi
want=$(sed -n 's/^proc-sum //p' "$dir/primary.txt" | tr -d '\r' | sort)
got=$(sort "$dir/hostio/copy-sums.txt" 2>/dev/null)
files=$(echo "$want" | grep -c .)
differ=$(comm -23 <(echo "$want") <(echo "$got") | grep -c .)
if [ "$kind" = takeover-nocache ]; then
	if [ "$files" -gt 0 ] && [ "$differ" -gt 0 ]; then
		ok changes_lost_without_migration "$differ of $files files differ from the primary's"
	else
		notok changes_lost_without_migration "$differ of $files files differ: the test cannot fail"
	fi
elif [ "$kind" = takeover-corrupt ]; then
	# orthros_corrupt.ko damaged the inode of "new", a dirty page of
	# "overwrite" and the journal's running transaction: exactly those
	# two files differ, each damage reported; the journal is left
	# unfinished and the rest carried by the fallback.
	lost=$(comm -23 <(echo "$want") <(echo "$got") | sed 's|.*/||' | sort | tr '\n' ' ')
	if [ "$lost" = "new overwrite " ] &&
	   grep -q "mapping .* belongs to .*; skipped" "$dir/backup.txt" &&
	   grep -q "overwrite: some of its pages were damaged" "$dir/backup.txt" &&
	   grep -q "orthros_journal: .*the primary's journal is damaged" "$dir/backup.txt"; then
		ok damaged_skipped_rest_migrated "$((files - 2)) of $files files right; the damaged inode, page and journal reported and skipped"
	else
		grep -E 'orthros_(reader|pagecache|journal)' "$dir/backup.txt" | head -8 | sed 's/^/# /'
		notok damaged_skipped_rest_migrated "files that differ: ${lost:-none}"
	fi
elif [ "$files" -gt 0 ] && [ "$differ" -eq 0 ]; then
	ok file_cache_migrated "$files files, every byte as the primary's sha256sum"
else
	comm -3 <(echo "$want") <(echo "$got") | sed 's/^/# /'
	notok file_cache_migrated "$differ of $files files differ from the primary's"
fi

# service.log: "<host ms> <reply> <host ms of the last answer before>" at
# each change (tests/lib/service-probe.py).
if awk '$2 == "primary" { p = 1 } p && $2 == "backup" { b = 1 } END { exit !(p && b) }' \
	"$dir/service.log" 2>/dev/null; then
	ok service_ip_answers "$(awk '$2 == "primary" { seen = 1 } $2 == "-" && seen && !up { gone = $3 }
		$2 == "backup" && !up { up = $1 }
		END { printf "the host saw no answer for %.0f ms, then the backup\x27s (TCG)", up - gone }' \
		"$dir/service.log")"
else
	notok service_ip_answers "$(tr '\n' ' ' <"$dir/service.log" 2>/dev/null)"
fi
exit $fail
