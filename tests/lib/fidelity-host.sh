#!/bin/bash
# fidelity-host.sh NAME LOGDIR SEED: host checks of the file-system
# fidelity scenarios (tests/scenarios/fs-ops and the scenarios that USE
# it: fs-*, torture, torture-ci), after failover-host.sh's (clean logs,
# primary fenced, daemon finished, disk mounted).  What the primary did is
# in its "primary: fidelity config:" line (tests/lib/protocol.sh).
#
# Operations: the backup's manifest of /mnt/disk/fs-ops ("copy-man", sent
# over the harness channel) must equal the one the primary printed before
# it froze ("proc-man"); with journal=skip (orthros-failover -J, the
# journal not finished) it must differ, or the check could not fail.
#
# Writers: every write the primary acknowledged on its console
# (tests/lib/torture-writer.c: "ack", "begin") must be in the file the
# backup verified ("verify"), with no bad byte:
#   plain, fsync, append, mmap  valid >= last acknowledged SEQ + 1
#   rename   one complete generation, not older than the last acknowledged
#   trunc    the last begun generation, complete if it was acknowledged;
#            if not (the freeze came while it was written), any prefix of
#            it, or the previous generation complete
#
# Writes LOGDIR/verdict ("pass seed=S" or "fail seed=S: why") for
# tests/lib/torture-tally.sh.
name=$1 dir=$2 seed=$3
lib=$(dirname "$0")
. "$lib/protocol.sh"
fail=0 n=6 why=
ok() { n=$((n + 1)); echo "ok $n $name.$1${2:+ # $2}"; }
notok() { n=$((n + 1)); echo "not ok $n $name.$1${2:+ # $2 (seed $seed)}"; fail=1; why="$why $1;"; }
verdict() {
	if [ "$fail" = 0 ]; then
		echo "pass seed=$seed" >"$dir/verdict"
	else
		echo "fail seed=$seed:$why" >"$dir/verdict"
	fi
	exit $fail
}

"$lib/failover-host.sh" "$name" "$dir" daemon || { fail=1; why=" takeover;"; }

config=$(facts "$LINE_FIDELITY" "$dir/primary.txt" | head -1)
setting() { echo "$config" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
grep -E "^($LINE_FIDELITY|primary: (operations done|freeze))" "$dir/primary.txt" | sed 's/^/# /'
# The backup kernel's account of the journal and the file cache.
grep -oE '(orthros_journal|orthros_pagecache|orthros-failover): .*' "$dir/backup.txt" |
	head -30 | sed 's/^/# /'
if [ -z "$config" ]; then
	notok primary_ran "no '$LINE_FIDELITY' line in primary.log"
	verdict
fi
if ! "$lib/hostio-extract.py" "$dir/hostio.bin" "$dir/hostio" >"$dir/hostio.list" ||
   [ ! -f "$dir/hostio/$FILE_FIDELITY" ]; then
	notok backup_reported "the backup sent no $FILE_FIDELITY over the harness channel"
	verdict
fi
got=$dir/hostio/$FILE_FIDELITY

if [ "$(setting ops)" = 1 ]; then
	facts "$LINE_MANIFEST" "$dir/primary.txt" >"$dir/proc-man.txt"
	facts "$LINE_COPY_MANIFEST" "$got" >"$dir/copy-man.txt"
	entries=$(wc -l <"$dir/proc-man.txt")
	diff "$dir/proc-man.txt" "$dir/copy-man.txt" | grep '^[<>]' >"$dir/manifest.diff"
	differ=$(wc -l <"$dir/manifest.diff")
	case $(setting journal) in
	skip)
		if [ "$entries" -gt 0 ] && [ "$differ" -gt 0 ]; then
			ok fs_ops_lost_without_journal "the check can fail: $differ lines differ"
		else
			notok fs_ops_lost_without_journal \
				"$differ lines of $entries differ without the journal: the check cannot fail"
		fi ;;
	*)
		if [ "$entries" -gt 0 ] && [ "$differ" -eq 0 ]; then
			ok fs_ops_manifest_match "$entries entries compared, all as the primary left them"
		else
			# "<" the primary's, ">" the backup's
			head -40 "$dir/manifest.diff" | sed 's/^/# /'
			notok fs_ops_manifest_match "$differ lines differ, $entries entries"
		fi ;;
	esac
fi

if [ "$(setting writers)" = 1 ]; then
	report=$(awk '
	function num(s) { return s ~ /^[0-9]+$/ }
	# The primary console: what each writer acknowledged.
	FNR == NR {
		if ($1 == "start" && NF == 3) { mode[$2] = $3 }
		else if ($1 == "ack" && (NF == 3 || NF == 4) && num($3) && (NF == 3 || num($4))) {
			ack[$2] = $3; if (NF == 4) ackgen[$2] = $4
		} else if ($1 == "begin" && NF == 3 && num($3)) { begin[$2] = $3 }
		else if ($1 == "error" && NF >= 3) { err[$2] = $0 }
		else next
		file[$2] = 1
		next
	}
	# The backup: "verify FILE MODE valid=N size=S bad=B [gen=G complete=C]".
	$1 == "verify" {
		file[$2] = 1; vmode[$2] = $3
		for (i = 4; i <= NF; i++) { split($i, kv, "="); v[$2, kv[1]] = kv[2] }
		seen[$2] = 1
	}
	END {
		bad = 0
		for (f in file) {
			m = (f in mode) ? mode[f] : vmode[f]
			a = (f in ack) ? ack[f] + 0 : -1
			ag = (f in ackgen) ? ackgen[f] + 0 : -1
			b = (f in begin) ? begin[f] + 0 : -1
			valid = v[f, "valid"] + 0; gen = v[f, "gen"]; vb = v[f, "bad"]
			complete = v[f, "complete"] == 1
			problem = ""
			if (f in err) problem = "the writer failed: " err[f]
			else if (!(f in seen)) problem = "not verified: no such file after the takeover"
			else if (vb == "missing") {
				if (a >= 0) problem = "file missing"
			} else if (vb != "none") problem = "bad byte at offset " vb
			else if (m == "rename") {
				if (a >= 0 && !complete) problem = "generation " gen " incomplete"
				else if (a >= 0 && gen + 0 < ag) problem = "generation " gen ", older than the acknowledged " ag
			} else if (m == "trunc") {
				if (b < ag) b = ag
				# Records of the next generation prove the writer began
				# it, even if its "begin" line was garbled on the way
				# (the panic messages of the kernel can land inside it).
				if (gen != "-" && gen + 0 == ag + 1 && b < ag + 1) b = ag + 1
				if (b < 0) { }
				else if (b == ag) {
					if (gen != b "" || !complete)
						problem = "generation " gen (complete ? "" : " incomplete") \
							", not the acknowledged " ag " complete"
				} else if (!(gen == b "" || gen == "-" || (ag >= 0 && gen == ag "" && complete)))
					problem = "generation " gen (complete ? "" : " incomplete") \
						", neither generation " b " being written nor " ag " complete"
			} else if (valid < a + 1) {
				problem = sprintf("%d acknowledged records lost (valid %d, acknowledged %d)",
						  a + 1 - valid, valid, a + 1)
				lost += a + 1 - valid
			}
			acked += a + 1
			base = f
			sub(/.*\//, "", base)
			acks = a + 1 (ag >= 0 ? " (generation " ag ")" : "")
			state = !(f in seen) ? "not verified" : vb == "missing" ? "missing" : \
				"valid " valid " bad " vb
			if (gen != "")
				state = state " gen " gen " complete " complete
			printf "# %s (%s): acknowledged %s; after the takeover %s\n", base, m, acks, state
			if (problem != "") { printf "# %s: %s\n", base, problem; bad++ }
			writers++
		}
		printf "summary %d %d %d %d\n", writers, bad, acked, lost
	}' "$dir/primary.txt" "$got")
	echo "$report" | grep '^#'
	read -r _ writers bad acked lost <<<"$(echo "$report" | grep '^summary ')"
	if [ "$(setting journal)" = skip ]; then
		# The control: the takeover as before the journal was finished.
		if [ "${bad:-0}" -gt 0 ]; then
			ok writers_lost_without_journal "the check can fail: $bad of $writers writers wrong, $lost acknowledged records lost"
		else
			notok writers_lost_without_journal "$writers writers all right without the journal: the check cannot fail"
		fi
	elif [ "${writers:-0}" -gt 0 ] && [ "$bad" -eq 0 ]; then
		ok writers_lost_nothing "$writers writers, $acked acknowledged records, every one there"
	else
		notok writers_lost_nothing "${bad:-?} of ${writers:-0} writers wrong$([ "${lost:-0}" -gt 0 ] &&
			echo ", $lost acknowledged records lost")"
	fi
fi
verdict
