# SPDX-License-Identifier: GPL-2.0-only
# tests/procs/procs.sh: run the process-migration test programs
# (tests/procs/list) under one pid namespace, then stop them and collect
# their results, in this kernel or in the one that took over.  POSIX sh
# for busybox; tools/build/mkinitramfs.sh installs it, the list and the
# programs in /procs/ of both initramfs images.
#
#   . /procs/procs.sh
#   init=$(procs_start DIR NAME...)     start them; the init's pid
#   procs_wait_ready DIR [SECONDS]      until each wrote NAME.ready
#   echo "$init" >/sys/kernel/orthros/migrate_pidns
#   ... the takeover: panic or live update ...
#   procs_stop DIR                      (either kernel) SIGTERM to each
#   procs_report DIR MODE [SECONDS]     KTAP, one line per program
#
# procs_names [all | NAME,NAME...] lists names from the list.  DIR (on the
# migrated disk in real runs) holds:
#   procs.names    the programs started, one a line
#   procs.pids     "NSPID NAME": which program each process was, once ready
#   procs.stopped  those procs_stop found running and stopped
#   init.pid       the namespace's init, its pid in the starting kernel
#   pidns.log      stdout and stderr of the init and of every program
#   NAME.ready     NAME's pid in its namespace: it is set up
#   NAME.result    "PASS NAME" or "FAIL NAME: why", after SIGTERM
#   NAME.*         the program's own files
# A program is found again in any kernel by that pid (the last NSpid of
# /proc/PID/status) and its name in /proc/PID/cmdline: the namespace's
# pids stay, the host's do not.
#
# PROCS_SABOTAGE=all|NAME,NAME... makes procs_stop break what the named
# programs check before it sends SIGTERM (procs_sabotage): a fail control.
# PROCS_ARGS_<NAME> replaces NAME's arguments from the list.

PROCS_BIN=${PROCS_BIN:-/procs}

# procs_names [all | NAME,NAME...]: those names (all: every one listed).
procs_names() {
	case ${1:-all} in
	all) sed -n 's/^\([a-z][a-z0-9_]*\) .*/\1/p' "$PROCS_BIN/list" ;;
	*) echo "$1" | tr ',' '\n' ;;
	esac
}

# _procs_entry NAME: set _support, _args from NAME's line in the list.
_procs_entry() {
	_line=$(grep "^$1 " "$PROCS_BIN/list") || return 1
	_over='' _isset=''
	eval "_over=\${PROCS_ARGS_$1-} _isset=\${PROCS_ARGS_$1+x}"
	_line=${_line%%#*}
	# shellcheck disable=SC2086 # the line's words
	set -- $_line
	_support=$2
	shift 2
	_args=$*
	[ -z "$_isset" ] || _args=$_over
}

# procs_start DIR NAME...: start the programs as children of the init of
# a new pid namespace (orthros-pidns-run); print that init's pid.
procs_start() {
	_dir=$1
	shift
	mkdir -p "$_dir" || return 1
	: >"$_dir/procs.names"
	_cmd=
	for _n; do
		if ! _procs_entry "$_n"; then
			echo "procs: no program '$_n' in $PROCS_BIN/list" >&2
			return 1
		fi
		rm -f "$_dir/$_n.ready" "$_dir/$_n.result"
		echo "$_n" >>"$_dir/procs.names"
		if [ -f "$PROCS_BIN/$_n.sh" ]; then
			_cmd="$_cmd /bin/sh $PROCS_BIN/$_n.sh $_dir $_args --"
		else
			_cmd="$_cmd $PROCS_BIN/$_n $_dir $_args --"
		fi
	done
	# shellcheck disable=SC2086 # words: no name, path or argument has a space
	"$PROCS_BIN/orthros-pidns-run" "$_dir" $_cmd
}

# procs_wait_ready DIR [SECONDS]: wait (60 s) until every program is set
# up, then note which program each process is (DIR/procs.pids); else name
# the others and fail.
procs_wait_ready() {
	_t=$((${2:-60} * 10))
	while [ $_t -gt 0 ]; do
		_missing=
		for _n in $(cat "$1/procs.names"); do
			[ -f "$1/$_n.ready" ] || _missing="$_missing $_n"
		done
		if [ -z "$_missing" ]; then
			_procs_pid_programs "$1" >"$1/procs.pids"
			return 0
		fi
		sleep 0.1
		_t=$((_t - 1))
	done
	echo "# procs: not ready after ${2:-60} s:$_missing"
	return 1
}

# _procs_nspids: "PID NSPID" for each process, NSPID its pid in its own
# namespace (one pass: a fork per process is slow under TCG; cat, not
# awk, reads the files, since a process may end meanwhile).
_procs_nspids() {
	cat /proc/[0-9]*/status 2>/dev/null | awk '/^NSpid:/ { print $2, $NF }'
}

# procs_find NAME NSPID [TABLE]: this kernel's pid of program NAME, pid
# NSPID in its namespace (TABLE: _procs_nspids's output, if at hand).
procs_find() {
	_tab=${3:-$(_procs_nspids)}
	echo "$_tab" | while read -r _p _nsp; do
		[ "$_nsp" = "$2" ] || continue
		case " $(tr '\0' ' ' <"/proc/$_p/cmdline" 2>/dev/null)" in
		*/"$1 "* | */"$1.sh "*) echo "$_p"; break ;;
		esac
	done
}

# _procs_child PID: the first child of process PID.
_procs_child() {
	_c=$(cat "/proc/$1/task/$1/children" 2>/dev/null)
	echo "${_c%% *}"
}

# _procs_pid_programs DIR: "NSPID NAME" for each process of a program of
# DIR (its own command name NAME, or its nearest parent's), NSPID its pid
# in the namespace they were started in (not in one nested in it); one
# pass over /proc, as _procs_nspids.
_procs_pid_programs() {
	cat /proc/[0-9]*/status 2>/dev/null | awk -v names=" $(tr '\n' ' ' <"$1/procs.names")" '
		/^Name:/ { name = $2 }
		/^Pid:/ { pid = $2 }
		/^PPid:/ { ppid = $2 }
		/^NSpid:/ { comm[pid] = name; parent[pid] = ppid; if (NF == 3) ns[pid] = $3 }
		END {
			for (p in ns)
				for (q = p; q in comm; q = parent[q])
					if (index(names, " " comm[q] " ")) { print ns[p], comm[q]; break }
		}'
}

# procs_uncertain STATUS [DIR] (after a takeover, before procs_stop): the
# programs a process of which the daemon (its status file STATUS) restored
# with a system call made again that may have had part of its effect
# (uncertain_pids=): what the call had done may happen twice, the limit
# of a panic (Documentation/design.rst).  A process of a program that
# forks is found by its parents: the first whose command is /procs/NAME.
# One that has ended already (its program saw the call made twice, and
# stopped) is looked up in DIR/procs.pids (procs_wait_ready's).
procs_uncertain() {
	_st=$(cat /proc/[0-9]*/status 2>/dev/null)
	for _u in $(sed -n 's/.* uncertain_pids=\([0-9,]*\).*/\1/p' "$1" | tr ',' ' '); do
		# Its pid here: NSpid's first; the namespace's is the last.
		_p=$(echo "$_st" | awk -v n="$_u" '/^NSpid:/ && NF > 2 && $NF == n { print $2; exit }')
		while [ -n "$_p" ] && [ "$_p" -gt 1 ]; do
			_n=$(tr '\0' '\n' <"/proc/$_p/cmdline" 2>/dev/null | sed -n 's|^/procs/\([a-z0-9_]*\).*|\1|p' | head -1)
			[ -z "$_n" ] || { echo "$_n"; break; }
			_p=$(awk '/^PPid:/ { print $2 }' "/proc/$_p/status" 2>/dev/null)
		done
		[ -n "$_p" ] || [ -z "${2-}" ] ||
			awk -v n="$_u" '$1 == n { print $2; exit }' "$2/procs.pids" 2>/dev/null
	done | sort -u | tr '\n' ' '
}

# procs_caught_writing DIR UNCERTAIN (after a panic): each program of DIR
# whose support is "update" is always inside a write that is not atomic
# (pipe_big's producer: 64 KiB into a full pipe, asleep with part of it
# written).  Made again from its start, that write repeats what it wrote,
# and the dump must say so: the program must be among UNCERTAIN
# (procs_uncertain's).  One KTAP line each, procs-uncertain.NAME.
procs_caught_writing() {
	_d=$1 _names=
	for _n in $(cat "$_d/procs.names"); do
		_procs_entry "$_n"
		[ "$_support" = update ] && _names="$_names $_n"
	done
	[ -n "$_names" ] || return 0
	echo "KTAP version 1"
	echo "1..$(echo $_names | wc -w)"
	_i=0
	for _n in $_names; do
		_i=$((_i + 1))
		case " $2 " in
		*" $_n "*) echo "ok $_i procs-uncertain.$_n # caught inside a write that is not atomic, and said so" ;;
		*) echo "not ok $_i procs-uncertain.$_n # its write made again from the start, not reported uncertain"
		   grep "^phase=processes" /run/orthros-failover.status | sed 's/^/# /' ;;
		esac
	done
}

# procs_left_out DIR "NAME..." (after a takeover): each NAME, and each
# program of DIR whose support is "left", must have been reported and
# left out by the processes phase: the pid in DIR/NAME.leftout (else
# NAME.ready) among the phase's left_out= pids.  One KTAP line each; a
# program whose own process was left out leaves procs.names.
procs_left_out() {
	_d=$1 _extra=$2 _i=0 _names=
	for _n in $(cat "$_d/procs.names"); do
		_procs_entry "$_n"
		case " $_extra " in *" $_n "*) _support=left ;; esac
		[ "$_support" = left ] && _names="$_names $_n"
	done
	[ -n "$_names" ] || return 0
	_left=$(sed -n 's/^phase=processes .*left_out=\([0-9,]*\).*/\1/p' /run/orthros-failover.status)
	echo "KTAP version 1"
	echo "1..$(echo $_names | wc -w)"
	for _n in $_names; do
		_i=$((_i + 1))
		_own=$(cat "$_d/$_n.ready" 2>/dev/null)
		_p=$(cat "$_d/$_n.leftout" 2>/dev/null || echo "$_own")
		case ",$_left," in
		*",$_p,"*) echo "ok $_i procs-left.$_n # pid $_p reported and left out" ;;
		*) echo "not ok $_i procs-left.$_n # pid $_p not among the left out ($_left)"
		   grep "^phase=processes" /run/orthros-failover.status | sed 's/^/# /' ;;
		esac
		if [ "$_p" = "$_own" ]; then
			grep -vx "$_n" "$_d/procs.names" >"$_d/procs.names.tmp"
			mv "$_d/procs.names.tmp" "$_d/procs.names"
		fi
	done
}

# procs_sabotage DIR NAME PID: break what program NAME (this kernel's
# PID) checks, as a broken migration would; 1 if NAME has no sabotage.
procs_sabotage() {
	_d=$1 _n=$2 _p=$3
	case $_n in
	counter)	# lose the log's second half
		truncate -s $(($(wc -c <"$_d/$_n.log") / 2)) "$_d/$_n.log" ;;
	appender)	# a duplicate line
		_l=$(tail -n 1 "$_d/$_n.append") && echo "$_l" >>"$_d/$_n.append" ;;
	forker)		# a child's number twice, as a fork made again would write
		_l=$(tail -n 1 "$_d/$_n.log") && echo "$_l" >>"$_d/$_n.log" ;;
	fdshare)	# a record overwritten
		printf XXXX | dd of="$_d/$_n.dat" bs=1 conv=notrunc 2>/dev/null ;;
	shell)		# the log restarts
		: >"$_d/$_n.log" ;;
	cwd)		# the directory moves
		mv "$_d/$_n.d" "$_d/$_n.moved" ;;
	filemap_private | filemap_shared)	# the file changed under the mapping
		printf XXXX | dd of="$_d/$_n.dat" bs=1 conv=notrunc 2>/dev/null ;;
	fifo)		# a byte taken from the FIFO
		dd if="$_d/$_n.fifo" of=/dev/null bs=1 count=1 2>/dev/null ;;
	nonblock)	# a byte taken from the pipe (opened through /proc)
		for _f in /proc/"$_p"/fd/*; do
			case $(readlink "$_f") in
			pipe:*) dd if="$_f" of=/dev/null bs=1 count=1 2>/dev/null; break ;;
			esac
		done ;;
	sleeper | poll | epoll | timerfd)	# a call interrupted (they have a handler);
		for _i in 1 2 3 4 5; do		# five: one may come between two calls
			kill -USR1 "$_p" 2>/dev/null || break
			usleep 30000
		done ;;
	rtsig)		# one more RT signal, with no value
		kill -34 "$_p" ;;
	sigpending)	# a blocked signal that was never sent (glibc's SIGRTMIN+2)
		kill -36 "$_p" ;;
	stopped)	# the child resumed
		kill -CONT "$(_procs_child "$_p")" ;;
	pipe_small | pipe_big | shmem | tree)	# a child lost
		kill -KILL "$(_procs_child "$_p")" ;;
	clocks)		# the real-time clock an hour back (procs_stop puts it back)
		date -s "@$(($(date +%s) - 3600))" >/dev/null ;;
	brk)		# a byte of the sbrk area, the heap's last MiB
		_a=$(awk '/\[heap\]/ { split($1, r, "-"); print r[2] }' "/proc/$_p/maps")
		printf Z | dd of="/proc/$_p/mem" bs=1 seek=$((0x$_a - (512 << 10))) \
			conv=notrunc 2>/dev/null ;;
	bigmem)		# a byte of memory changed
		_a=$(awk '/ rw-p 00000000 00:00 0 *$/ { split($1, r, "-"); print r[1], r[2] }' \
			"/proc/$_p/maps" | while read -r _lo _hi; do
			[ $((0x$_hi - 0x$_lo)) -ge $((16 << 20)) ] && echo $((0x$_lo + (8 << 20))) && break
		done)
		[ -n "$_a" ] && printf Z | dd of="/proc/$_p/mem" bs=1 seek="$_a" conv=notrunc 2>/dev/null ;;
	*) return 1 ;;
	esac
}

# procs_stop DIR: SIGTERM to each program still running (after the
# sabotage PROCS_SABOTAGE asks for).
procs_stop() {
	_tab=$(_procs_nspids) _pids='' _clock=''
	# The programs a result can still come from: procs_report waits for
	# these only, not for one that is not running.
	: >"$1/procs.stopped"
	for _n in $(cat "$1/procs.names"); do
		[ -f "$1/$_n.result" ] && continue
		_nsp=$(cat "$1/$_n.ready" 2>/dev/null)
		_p=$(procs_find "$_n" "$_nsp" "$_tab")
		if [ -z "$_p" ]; then
			echo "# procs: $_n (pid ${_nsp:-?} in its namespace) is not running"
			continue
		fi
		echo "$_n" >>"$1/procs.stopped"
		case ",${PROCS_SABOTAGE-}," in
		*,all,* | *",$_n,"*)
			procs_sabotage "$1" "$_n" "$_p" || echo "# procs: no sabotage for $_n"
			[ "$_n" = clocks ] && _clock=1 ;;
		esac
		_pids="$_pids $_p"
	done
	[ -z "${PROCS_SABOTAGE-}" ] || sleep 1
	# shellcheck disable=SC2086 # pids
	[ -z "$_pids" ] || kill -TERM $_pids 2>/dev/null	# some end on a sabotage
	[ -z "$_clock" ] || date -s "@$(($(date +%s) + 3600))" >/dev/null
}

# procs_report DIR MODE [SECONDS]: wait (60 s) for the result of every
# program procs_stop stopped, then one KTAP line per program and the
# survivors.  MODE: plain (no migration: each must pass), update or panic
# (after that takeover: a failure of a program the list marks unsupported
# for it is "# SKIP unsupported", of one PROCS_UNCERTAIN names
# (procs_uncertain's) "# SKIP uncertain"), control (PROCS_SABOTAGE ran:
# each must fail).  Fails if a line is "not ok".
procs_report() {
	_dir=$1 _mode=$2 _t=$((${3:-60} * 10))
	_names=$(cat "$_dir/procs.names")
	while [ $_t -gt 0 ]; do
		_missing=0
		for _n in $(cat "$_dir/procs.stopped" 2>/dev/null); do
			[ -f "$_dir/$_n.result" ] || _missing=1
		done
		[ $_missing = 0 ] && break
		sleep 0.1
		_t=$((_t - 1))
	done
	_prefix=procs
	[ "$_mode" = control ] && _prefix=procs-control
	echo "KTAP version 1"
	echo "1..$(echo "$_names" | wc -w)"
	_i=0 _runs=0 _surv=0 _sruns=0 _ssurv=0 _bad=0
	for _n in $_names; do
		_i=$((_i + 1))
		_procs_entry "$_n"
		_r=$(cat "$_dir/$_n.result" 2>/dev/null)
		case $_r in
		"PASS $_n") _pass=1 _why= ;;
		"FAIL $_n: "*) _pass=0 _why=${_r#FAIL "$_n": } ;;
		*) _pass=0 _why="no result"
		   _p=$(procs_find "$_n" "$(cat "$_dir/$_n.ready" 2>/dev/null)")
		   [ -z "$_p" ] || _why="no result, still running as pid $_p" ;;
		esac
		_sup=1
		case $_mode:$_support in
		update:no | panic:no | panic:update) _sup=0 ;;
		esac
		_runs=$((_runs + 1)) _surv=$((_surv + _pass))
		[ $_sup = 0 ] || _sruns=$((_sruns + 1)) _ssurv=$((_ssurv + _pass))
		if [ "$_mode" = control ]; then
			if [ $_pass = 0 ] && [ "$_why" != "no result" ]; then
				echo "ok $_i $_prefix.$_n # failed as it must: $_why"
			else
				echo "not ok $_i $_prefix.$_n # ${_why:-passed} despite the sabotage"
				_bad=1
			fi
		elif [ $_pass = 1 ]; then
			echo "ok $_i $_prefix.$_n"
		elif [ $_sup = 0 ]; then
			echo "ok $_i $_prefix.$_n # SKIP unsupported ($_support): $_why"
		elif case " ${PROCS_UNCERTAIN-} " in *" $_n "*) true ;; *) false ;; esac; then
			echo "ok $_i $_prefix.$_n # SKIP uncertain (a system call the freeze caught on a CPU, made again): $_why"
		else
			echo "not ok $_i $_prefix.$_n # $_why"
			_bad=1
		fi
	done
	echo "# $_prefix: $_mode: survivors $_surv/$_runs" \
		"(supported $_ssurv/$_sruns, unsupported $((_surv - _ssurv))/$((_runs - _sruns)))"
	return $_bad
}
