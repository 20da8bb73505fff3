#!/bin/bash
# check-logs.sh LOG NAME: one KTAP result line saying whether LOG is free of
# the kernel's trouble reports.  The pattern list is the test's contract:
# add to it, do not loosen it.
log=$1 name=$2
bad='WARNING:|Oops|BUG:|No irq handler|Call Trace|general protection|rcu: INFO|rcu_sched self-detected|RCU stall|[Ss]purious|NMI received|Uhhuh\. NMI|NMI watchdog|clocksource.*unstable|Marking clocksource|APIC timer disabled|hung_task|soft lockup|hard LOCKUP|Kernel panic - not syncing: (Attempted to kill init|VFS)'
if [ ! -s "$log" ]; then
	echo "not ok 1 $name # log is empty"
	exit 1
fi
hits=$(tr -d '\r' <"$log" | grep -E "$bad")
if [ -n "$hits" ]; then
	echo "$hits" | head -5 | sed 's/^/# /'
	echo "not ok 1 $name # trouble in $(basename "$log")"
	exit 1
fi
echo "ok 1 $name"
