#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# shell: a busybox shell loop, i=$((i+1)); echo $i >>NAME.log; sleep 1
# (the shell in wait4, its child in nanosleep).  Checks on SIGTERM: the
# log is 1..i, $$ is the pid a child sees as its parent, and no child of
# the shell is left (no zombie).
#   /bin/sh /procs/shell.sh DIR
dir=$1 name=shell
log=$dir/$name.log
term=
result() {
	echo "$1" >"$dir/$name.result.tmp" && mv "$dir/$name.result.tmp" "$dir/$name.result"
	echo "$1"
}
trap 'term=1' TERM
: >"$log"
echo $$ >"$dir/$name.ready.tmp" && mv "$dir/$name.ready.tmp" "$dir/$name.ready"
i=0
while [ -z "$term" ]; do
	i=$((i + 1))
	echo $i >>"$log"
	sleep 1
done
# No other child: read's redirection is the shell's own, so /proc/self
# is the shell (its pid in the procfs's namespace).
read -r self _ </proc/self/stat
read -r kids </proc/self/task/"$self"/children
sh -c 'echo $PPID' >"$dir/$name.ppid"	# not in $(): that forks a subshell
read -r ppid <"$dir/$name.ppid"
if [ "$(seq 1 $i)" != "$(cat "$log")" ]; then
	result "FAIL $name: the log is not 1..$i: $(tr '\n' ' ' <"$log" | tail -c 60)"
	exit 1
elif [ "$ppid" != $$ ]; then
	result "FAIL $name: \$\$ is $$, a child sees its parent as $ppid"
	exit 1
elif [ -n "$kids" ]; then
	result "FAIL $name: children left: $kids"
	exit 1
fi
result "PASS $name"
