#!/bin/bash
# torture-tally.sh LOGDIR: the tally of a torture campaign (make torture),
# from the verdict each run's host check wrote (tests/lib/fidelity-host.sh):
#   torture: P of N runs lost nothing; failed seeds: S1 S2 ...
# A run without a verdict (its host check never ran) counts as failed.
# Exit status 0 if every run passed.
dir=${1:-build/test-logs/torture}
runs=0 good=0 failed=
for log in $(find "$dir" -name primary.log 2>/dev/null | sort -V); do
	run=$(dirname "$log")
	runs=$((runs + 1))
	verdict=$(cat "$run/verdict" 2>/dev/null)
	case $verdict in
	pass*) good=$((good + 1)) ;;
	*) failed="$failed ${verdict:-fail: no verdict in $run}"
	   echo "torture: ${run#"$dir"/}: ${verdict:-no verdict}" ;;
	esac
done
seeds=$(echo "$failed" | grep -o 'seed=[0-9]*' | cut -d= -f2 | paste -sd' ')
echo "torture: $good of $runs runs lost nothing${seeds:+; failed seeds: $seeds}"
# How each takeover treated the primary's journal (the daemon's journal
# phase: file systems finished, metadata blocks written, and why not).
count() { grep -l "orthros-failover: journal: done .*$1" "$dir"/*/backup.txt 2>/dev/null | wc -l; }
echo "torture: triggers: $(grep -ho 'trigger=[a-z]*' "$dir"/*/primary.txt 2>/dev/null |
	sort | uniq -c | awk '{ print $1, substr($2, 9) }' | paste -sd, | sed 's/,/, /g');" \
	"journal finished $(count ' finished=[1-9][0-9]* blocks=[1-9]'), nothing" \
	"to finish $(count ' finished=[1-9][0-9]* blocks=0 '), fallback after an" \
	"open handle $(count ' reason=handle_open')"
[ "$runs" -gt 0 ] && [ "$good" -eq "$runs" ]
