#!/bin/bash
# takeover-host.sh NAME LOGDIR: host checks of a takeover scenario
# (tests/scenarios/takeover/scenario.conf), after failover-host.sh's (clean
# logs, primary fenced, daemon done, disk mounted and consistent).  What
# is expected follows the scenario's knobs, in the environment:
#   WORKLOAD=fio   fio's verify-only pass on the backup must succeed
#   WORKLOAD=files the files the primary changed in its page cache must
#                  match the checksums it printed, except:
#     CACHE=off    (no file-cache migration) they must not, or the test
#                  could not fail
#     LACKING=ENTRY  the primary's offset table lacked ENTRY: the backup
#                  must name it, and every file be right nonetheless
#     DAMAGE=LIST  the files orthros_corrupt.ko damaged (inode: "new",
#                  folio: "overwrite") and only those differ, and each
#                  damage (journal too) is reported
#   and, but for CACHE=off and DAMAGE, the same bytes on the disk image
#   once its journal is replayed (tests/lib/disk-sums.sh);
#   and the service port must have answered "primary", then nothing, then
#   "backup" (SERVICE=1); and the BARs of all functions on bus 0 but the
#   host bridge taken from the primary's record, none from a 6.1 primary,
#   and, DAMAGE=bar, the moved one sized.
name=$1 dir=$2
lib=$(dirname "$0")
. "$lib/protocol.sh"
fail=0 n=6
ok() { n=$((n + 1)); echo "ok $n $name.$1${2:+ # $2}"; }
notok() { n=$((n + 1)); echo "not ok $n $name.$1${2:+ # $2}"; fail=1; }

"$lib/failover-host.sh" "$name" "$dir" daemon || fail=1

# The devices step takes a function's BARs from the primary's record
# (struct orthros_pci_table_ser) where it still holds, instead of sizing
# them: every function on bus 0 but the host bridge, which is never
# sized; none from a 6.1 primary (ORTHROS_PRIMARY_KERNEL=v61), which
# records none; all but 00:1f.3 if the primary moved its BAR after arming
# (DAMAGE=bar), which the backup must then size, and say so.
read -r found recorded < <(sed -n 's/.*devices: done .* devices=\([0-9]*\) bars_recorded=\([0-9]*\).*/\1 \2/p' \
	"$dir/backup.txt" | head -1)
expect=$((${found:-0} - 1)) moved=
[ "${ORTHROS_PRIMARY_KERNEL:-main}" != v61 ] || expect=0
if [[ ,${DAMAGE:-none}, == *,bar,* ]]; then
	expect=$((expect - 1))
	grep -q "devices: 00:1f.3: BAR 4 at 0x740, the primary recorded 0x700" "$dir/backup.txt" ||
		moved="; the moved BAR of 00:1f.3 not reported"
fi
if [ -n "$found" ] && [ "$recorded" = "$expect" ] && [ -z "$moved" ]; then
	ok bars_from_record "$recorded of $found functions' BARs from the primary's record"
else
	grep -E 'devices: ' "$dir/backup.txt" | head -5 | sed 's/^/# /'
	notok bars_from_record "${recorded:-no} functions' BARs from the primary's record of ${found:-no} found, $expect expected$moved"
fi

if [ "$WORKLOAD" = fio ]; then
	# fio's own verdict on the writes that returned before the panic.
	verified=$(sed -n 's/.*READ: .*io=\([^ ]*\) .*/\1/p' "$dir/backup.txt" | head -1)
	written=$(sed -n 's/.*WRITE: .*io=\([^ ]*\) .*/\1/p' "$dir/primary.txt" | head -1)
	if [ "$(facts "$LINE_FIO" "$dir/backup.txt")" = 0 ] &&
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
want=$(facts "$LINE_SUM" "$dir/primary.txt" | sort)
got=$(sort "$dir/hostio/$FILE_COPY_SUMS" 2>/dev/null)
files=$(echo "$want" | grep -c .)
differ=$(comm -23 <(echo "$want") <(echo "$got") | grep -c .)
if [ "$CACHE" = off ]; then
	if [ "$files" -gt 0 ] && [ "$differ" -gt 0 ]; then
		ok changes_lost_without_migration "$differ of $files files differ from the primary's"
	else
		notok changes_lost_without_migration "$differ of $files files differ: the test cannot fail"
	fi
elif [ "${DAMAGE:-none}" != none ]; then
	# orthros_corrupt.ko damaged the inode of "new", a dirty page of
	# "overwrite" and the journal's running transaction, as DAMAGE
	# lists: exactly the damaged files differ, each damage reported;
	# a damaged journal is left unfinished and the rest carried by the
	# fallback.
	lost=$(comm -23 <(echo "$want") <(echo "$got") | sed 's|.*/||' | sort | tr '\n' ' ')
	expect= unreported=
	report() {	# report ITEM FILE PATTERN: ITEM's damage to FILE, as the backup's kernel reports it
		[[ ,$DAMAGE, == *,$1,* ]] || return 0
		[ -z "$2" ] || expect="$expect$2 "
		grep -q "$3" "$dir/backup.txt" || unreported="$unreported $1"
	}
	report inode new "mapping .* belongs to .*; skipped"
	report folio overwrite "overwrite: some of its pages were damaged"
	report journal "" "orthros_journal: .*the primary's journal is damaged"
	expect=$(echo "$expect" | tr ' ' '\n' | grep . | sort | tr '\n' ' ')
	right=$((files - $(echo "$expect" | wc -w)))
	if [ "$lost" = "$expect" ] && [ -z "$unreported" ]; then
		ok damaged_skipped_rest_migrated "$right of $files files right; the damaged ${DAMAGE//,/, } reported and skipped"
	else
		grep -E 'orthros_(reader|pagecache|journal)' "$dir/backup.txt" | head -8 | sed 's/^/# /'
		notok damaged_skipped_rest_migrated "files that differ: ${lost:-none}${unreported:+; not reported:$unreported}"
	fi
elif [ "${LACKING:-none}" != none ] && ! grep -q "offset table.*($LACKING)" "$dir/backup.txt"; then
	grep -E 'offset table' "$dir/backup.txt" | head -5 | sed 's/^/# /'
	notok lacking_entry_reported "the backup never said the primary's table lacks $LACKING"
elif [ "$files" -gt 0 ] && [ "$differ" -eq 0 ]; then
	lacked=
	[ "${LACKING:-none}" = none ] || lacked="; the table lacked $LACKING: reported, its walks skipped"
	ok file_cache_migrated "$files files, every byte as the primary's sha256sum$lacked"
else
	comm -3 <(echo "$want") <(echo "$got") | sed 's/^/# /'
	notok file_cache_migrated "$differ of $files files differ from the primary's"
fi
# The same files on the disk, as a boot after a crash would read them:
# the backup powered off without a sync of its own, so what is there the
# takeover wrote (the daemon's sync phase).
if [ "$CACHE" != off ] && [ "${DAMAGE:-none}" = none ]; then
	on_disk=$(echo "$want" | awk '{ print $2 }' | "$lib/disk-sums.sh" "$dir/disk.img" | sort)
	not_there=$(comm -23 <(echo "$want") <(echo "$on_disk"))
	lost=$(echo "$not_there" | grep -c .)
	if [ "$files" -gt 0 ] && [ "$lost" -eq 0 ]; then
		ok files_on_disk "$files files, every byte on the disk image (journal replayed) as the primary's"
	else
		echo "$not_there" | sed 's/^/# not on the disk: /'
		notok files_on_disk "$lost of $files files are not on the disk as the primary had them"
	fi
fi

# service.log: "<host ms> <reply> <host ms of the last answer before>" at
# each change (tests/lib/service-probe.py).
outage=$(awk -v new=backup -f "$lib/service-outage.awk" "$dir/service.log" 2>/dev/null)
if [ "${outage%% *}" = primary ]; then
	ok service_ip_answers "$(echo "$outage" | awk '{
		printf "the host saw no answer for %.0f ms, then the backup\x27s (TCG)", $3 - $2 }')"
else
	notok service_ip_answers "$(tr '\n' ' ' <"$dir/service.log" 2>/dev/null)"
fi
exit $fail
