# tests/lib/guest.sh: helpers for the scenario scripts, in both kernels.
# A scenario's guest or backup script starts with
#   . /tests/lib/guest.sh
# (tools/build/mkinitramfs.sh ships it, with protocol.sh, into both
# initramfs images).  POSIX sh: busybox runs it.
#
# The environment a scenario script starts with:
#   ORTHROS_SCENARIO  the scenario's name (from orthros.scenario= or
#                     orthros.backup_action=scenario:NAME)
#   ORTHROS_SEED      the run's random seed (orthros.seed=)
#   ORTHROS_EXPECT    backup only: the event the primary announced
#                     (panic, hang, update, none; orthros.expect=)
#   its knobs         every NAME=VALUE of its scenario.conf that is not a
#                     harness setting: tests/run puts them on the primary's
#                     command line, the kernel hands them to /init, and
#                     orthros-load-backup passes them on to the backup's.
. /tests/lib/protocol.sh

# knob NAME VALUE...: stop the script unless knob NAME is one of VALUE...
knob() {
	eval "_v=\${$1-}"
	_n=$1
	shift
	for _a; do
		[ "$_v" = "$_a" ] && return 0
	done
	echo "$ORTHROS_SCENARIO: knob $_n='$_v' is not one of: $*" \
		"(tests/scenarios/$ORTHROS_SCENARIO/scenario.conf)"
	exit 2
}

# --- Primary.

# designate_pidns: start a sleeper as the init of a new pid namespace,
# designate that namespace for migration, and say so (LINE_PIDNS).
designate_pidns() {
	unshare -p -f sleep 100000 &
	_u=$! _init=
	for _i in 1 2 3 4 5 6 7 8 9 10; do
		for _s in /proc/[0-9]*/stat; do
			read -r _p _c _st _pp _rest <"$_s" 2>/dev/null || continue
			[ "$_pp" = "$_u" ] && _init=$_p
		done
		[ -n "$_init" ] && break
		sleep 0.1
	done
	echo "$_init" >/sys/kernel/orthros/migrate_pidns || return 1
	echo "$LINE_PIDNS $(cat /sys/kernel/orthros/migrate_pidns)"
}

# arm_backup EVENT [PARAM...]: load and start a backup kernel whose /init
# runs this scenario's backup side and expects EVENT (panic, hang, update
# or none), with PARAM... added to its command line; wait until it says it
# is armed (tests/guest/failover_test.c, primary_arms_backup).
arm_backup() {
	ORTHROS_EXPECT=$1
	shift
	ORTHROS_BACKUP_APPEND="$*"
	export ORTHROS_EXPECT ORTHROS_BACKUP_APPEND
	/tests/failover_test -t primary_arms_backup
}

# Hold dirty pages in the page cache: nothing is written back, and ext4
# commits nothing, on its own for 10 minutes.
hold_writeback() {
	echo 60000 >/proc/sys/vm/dirty_expire_centisecs
	echo 60000 >/proc/sys/vm/dirty_writeback_centisecs
	mount -o remount,commit=600 /mnt/disk
}

# trigger_command panic|update|hang: the shell command that stops this
# kernel that way (a sysrq crash, with sysrq enabled first; a live update
# through sysfs; every CPU spinning with interrupts off).
trigger_command() {
	case $1 in
	panic) echo "echo c >/proc/sysrq-trigger" ;;
	update) echo "echo 1 >/sys/kernel/orthros/update" ;;
	hang) echo "insmod /tests/modules/orthros_hang.ko" ;;
	*) echo "echo 'no trigger $1'; false" ;;
	esac
}

# stop_primary panic|update|hang: stop this kernel; the backup takes it
# from there and ends the run.
stop_primary() {
	echo 1 >/proc/sys/kernel/sysrq
	eval "$(trigger_command "$1")"
	echo "primary: still running after the $1"
	sleep 600
}

# The primary's service: the service IP on eth0, then serve.
service_ip_up() {
	ip addr add "$SERVICE_IP" dev eth0 && ip link set eth0 up
}

# --- Both.

serve() {	# serve NAME: answer NAME on the service port, in the background
	orthros-serve "$SERVICE_PORT" "$1" &
}

# criu_round_trip NAME DIR PID: criu, the engine of process migration,
# on this kernel: criu dump the tree of PID (the init of a pid namespace
# and a session leader, as orthros-pidns-run starts it) into DIR (on a
# tmpfs), which stops it, then criu restore -d it.  Prints three KTAP
# results, numbered on from $ktap_n: NAME.dump, NAME.restore and
# NAME.pidns (the restored init is pid 1 of its new namespace and still
# leads its session), with the criu log's errors and last lines as
# diagnostics when one fails.  Returns 1 if one failed.
criu_round_trip() {
	_name=$1 _d=$2 _pid=$3 _fail=0
	rm -rf "$_d"
	mkdir -p "$_d"
	_t0=$(_ms)
	criu dump -t "$_pid" -D "$_d" -o dump.log -v4 >/dev/null 2>&1
	_rc=$? _t1=$(_ms)
	if [ $_rc -ne 0 ] || _alive "$_pid"; then
		_criu_log "$_d/dump.log"
		ktap_result 1 "$_name.dump # rc=$_rc, pid $_pid $(_alive "$_pid" && echo 'still runs')"
		_fail=1
	else
		ktap_result 0 "$_name.dump # pid $_pid, $((_t1 - _t0)) ms, $(du -sk "$_d" | cut -f1) KiB"
	fi
	_t0=$(_ms)
	criu restore -d -D "$_d" -o restore.log -v4 --pidfile "$_d/restored.pid" >/dev/null 2>&1
	_rc=$? _t1=$(_ms)
	_rpid=$(cat "$_d/restored.pid" 2>/dev/null)
	if [ $_rc -ne 0 ] || [ -z "$_rpid" ] || ! _alive "$_rpid"; then
		_criu_log "$_d/restore.log"
		ktap_result 1 "$_name.restore # rc=$_rc, pid '$_rpid'"
		_fail=1
	else
		ktap_result 0 "$_name.restore # pid $_rpid, $((_t1 - _t0)) ms"
	fi
	_ns=$(sed -n 's/^NSpid:[[:space:]]*//p' "/proc/$_rpid/status" 2>/dev/null | tr -s '\t ' ' ')
	_sid=$(sed -n 's/^NSsid:[[:space:]]*//p' "/proc/$_rpid/status" 2>/dev/null | tr -s '\t ' ' ')
	if [ -n "$_rpid" ] && [ "$_ns" = "$_rpid 1" ] && [ "$_sid" = "$_rpid 1" ]; then
		ktap_result 0 "$_name.pidns # NSpid $_ns, NSsid $_sid"
	else
		ktap_result 1 "$_name.pidns # NSpid '$_ns', NSsid '$_sid', not '$_rpid 1'"
		_fail=1
	fi
	return $_fail
}

ktap_result() {	# ktap_result 0|1 NAME: KTAP result number $ktap_n + 1 (advanced)
	ktap_n=$((${ktap_n:-0} + 1))
	if [ "$1" = 0 ]; then
		echo "ok $ktap_n $2"
	else
		echo "not ok $ktap_n $2"
	fi
}

_ms() {	# milliseconds since boot (10 ms steps)
	awk '{ printf "%d\n", $1 * 1000 }' /proc/uptime
}

# criu_procs NAME DIR: the test programs $PROCS (tests/procs/list, comma
# separated) under the init of a new pid namespace (procs_start, files in
# DIR/procs), a criu_round_trip of that tree (images in DIR/img), a second
# to run on, then their own checks (procs_report), as NAME.PROGRAM.  KTAP
# plans and results; returns 1 if one failed.  Needs /procs/procs.sh.
criu_procs() {
	_cp_name=$1 _cp_dir=$2 _cp_rc=0
	rm -rf "$_cp_dir"
	# shellcheck disable=SC2046 # names
	_cp_init=$(procs_start "$_cp_dir/procs" $(procs_names "$PROCS"))
	echo "1..3"
	ktap_n=0
	if [ -z "$_cp_init" ] || ! procs_wait_ready "$_cp_dir/procs" 60; then
		ktap_result 1 "$_cp_name.dump # the programs did not start: $PROCS"
		ktap_result 1 "$_cp_name.restore # nothing dumped"
		ktap_result 1 "$_cp_name.pidns # nothing dumped"
		return 1
	fi
	criu_round_trip "$_cp_name" "$_cp_dir/img" "$_cp_init" || _cp_rc=1
	sleep 1
	procs_stop "$_cp_dir/procs"
	procs_report "$_cp_dir/procs" plain 60 >"$_cp_dir/report" || _cp_rc=1
	sed "s/^\(\(not \)\{0,1\}ok [0-9]* \)procs\./\1$_cp_name./" "$_cp_dir/report"
	return $_cp_rc
}

_alive() {	# _alive PID: PID runs (a zombie does not)
	_st=$(cut -d' ' -f3 "/proc/$1/stat" 2>/dev/null)
	[ -n "$_st" ] && [ "$_st" != Z ]
}

_criu_log() {	# _criu_log LOG: its errors and last lines, as KTAP diagnostics
	{ grep -E 'Error|Warn' "$1"; tail -n 5 "$1"; } 2>/dev/null | tail -n 15 | sed 's/^/# /'
}

# --- Backup.

# wait_criu_check: wait (up to 60 s) until /init's criu check, run once in
# the background after boot, is over: its result is in CRIU_CHECK_STATUS.
wait_criu_check() {
	_i=0
	while [ ! -f "$CRIU_CHECK_STATUS" ] && [ $_i -lt 600 ]; do
		sleep 0.1
		_i=$((_i + 1))
	done
}

# run_daemon: the failover daemon takes over, with the options the knobs
# ask for (CACHE=off: no file-cache phase, -n; JOURNAL=skip: the primary's
# journal left unfinished, -J; JOURNAL=fallback: only reported, -F).
# ORTHROS_DAEMON_OPTS adds options (-P: no processes phase).
# Reports its exit status and where the disks are now mounted, and sends
# its status file, if it wrote one, to the host.
run_daemon() {
	mkdir -p /run
	# Armed once the criu check is over: a takeover finds the backup at
	# rest, as long after its start, not sharing its one CPU with criu's
	# probe (and the processes phase finds the probe's cache filled).
	wait_criu_check
	knob CACHE on off
	knob JOURNAL finish skip fallback
	_opts=${ORTHROS_DAEMON_OPTS:+ $ORTHROS_DAEMON_OPTS}
	[ "$CACHE" = off ] && _opts="$_opts -n"
	[ "$JOURNAL" = skip ] && _opts="$_opts -J"
	[ "$JOURNAL" = fallback ] && _opts="$_opts -F"
	# shellcheck disable=SC2086 # options
	orthros-failover $_opts
	_rc=$?
	echo "$LINE_DAEMON $_rc$_opts"
	sed "s/^/$LINE_COPY_MOUNT /" /proc/mounts
	if [ -f /run/orthros-failover.status ]; then
		orthros-hostio send "$FILE_FAILOVER_STATUS" /run/orthros-failover.status
	fi
	return $_rc
}

# --- Backup, after a takeover: adopting the machine (issue 15).

# _cpu_ticks: "CPU USER+SYSTEM LOC" for each online CPU, from /proc/stat
# and the local timer interrupts of /proc/interrupts.
_cpu_ticks() {
	awk 'FNR == NR { if ($1 ~ /^cpu[0-9]/) t[substr($1, 4)] = $2 + $4; next }
	     $1 == "LOC:" { for (c in t) print c, t[c], $(c + 2) }' /proc/stat /proc/interrupts
}

# _step_again STEP: a second run of takeover step primary/STEP is refused
# with EALREADY; KTAP result STEP.again (after $ADOPT_PREFIX).
_step_again() {
	if echo run 2>/tmp/adopt.err >"/sys/kernel/orthros/primary/$1"; then
		ktap_result 1 "${ADOPT_PREFIX:-}$1.again # a second run was accepted"
	elif grep -q "already" /tmp/adopt.err; then
		ktap_result 0 "${ADOPT_PREFIX:-}$1.again"
		return 0
	else
		ktap_result 1 "${ADOPT_PREFIX:-}$1.again # $(cat /tmp/adopt.err)"
	fi
	return 1
}

# adopt_cpus MACHINE: the takeover step primary/cpus brings the fenced
# primary's CPUs up here.  KTAP results, numbered on from $ktap_n, their
# names after $ADOPT_PREFIX:
#   cpus.before  a primary CPU cannot be brought up before the step (EBUSY)
#   cpus.step    the step ran; MACHINE CPUs less the boot processor online
#   cpus.again   a second run is refused (EALREADY)
#   cpus.work    a busy loop pinned to each CPU: each one's user time and
#                local timer interrupts advance
# Returns 1 if one failed.
adopt_cpus() {
	_fail=0
	_first=$(sed -n 's/^[^-]*-\{0,1\}\([0-9]*\)$/\1/p' /sys/devices/system/cpu/present)
	if echo 1 2>/tmp/adopt.err >"/sys/devices/system/cpu/cpu$_first/online"; then
		ktap_result 1 "${ADOPT_PREFIX:-}cpus.before # CPU$_first came up before the step"
		_fail=1
	elif grep -q busy /tmp/adopt.err; then
		ktap_result 0 "${ADOPT_PREFIX:-}cpus.before"
	else
		ktap_result 1 "${ADOPT_PREFIX:-}cpus.before # $(cat /tmp/adopt.err)"
		_fail=1
	fi
	_t0=$(_ms)
	echo run 2>/tmp/adopt.err >/sys/kernel/orthros/primary/cpus
	_rc=$?
	_ms_step=$(($(_ms) - _t0))
	_state=$(cat /sys/kernel/orthros/primary/cpus)
	_online=$(grep -c '^processor' /proc/cpuinfo)
	echo "# cpus step: $_state ($_ms_step ms); online $(cat /sys/devices/system/cpu/online)"
	if [ $_rc = 0 ] && [ "$_online" = "$1" ]; then
		ktap_result 0 "${ADOPT_PREFIX:-}cpus.step"
	else
		ktap_result 1 "${ADOPT_PREFIX:-}cpus.step # rc $_rc $(cat /tmp/adopt.err), $_online CPUs online, not $1"
		_fail=1
	fi
	_step_again cpus || _fail=1
	# The machine's boot processor (APIC id 0 in QEMU) came up from its
	# parking page; taking it down would need INIT to bring it back.
	_bsp=$(awk '$1 == "processor" { p = $3 } $1 == "apicid" && $3 == 0 { print p }' /proc/cpuinfo)
	if [ -z "$_bsp" ]; then
		ktap_result 1 "${ADOPT_PREFIX:-}cpus.boot # the machine's boot processor is not online"
		_fail=1
	elif echo 0 2>/tmp/adopt.err >"/sys/devices/system/cpu/cpu$_bsp/online"; then
		ktap_result 1 "${ADOPT_PREFIX:-}cpus.boot # CPU$_bsp, the machine's boot processor, went offline"
		echo 1 >"/sys/devices/system/cpu/cpu$_bsp/online"
		_fail=1
	else
		ktap_result 0 "${ADOPT_PREFIX:-}cpus.boot # CPU$_bsp, adopted, refuses to go offline: $(cat /tmp/adopt.err)"
	fi
	_cpu_ticks >/tmp/adopt.t0
	_pids=
	for _c in $(cut -d' ' -f1 /tmp/adopt.t0); do
		taskset -c "$_c" sh -c 'while :; do :; done' &
		_pids="$_pids $!"
	done
	sleep 3
	# shellcheck disable=SC2086 # a list
	kill $_pids
	_cpu_ticks >/tmp/adopt.t1
	_slow=$(awk 'FNR == NR { t[$1] = $2; l[$1] = $3; next }
		     { if ($2 - t[$1] < 50 || $3 - l[$1] < 50)
			printf " CPU%s: %d ticks, %d timer interrupts;", $1, $2 - t[$1], $3 - l[$1] }' \
		/tmp/adopt.t0 /tmp/adopt.t1)
	echo "# cpus work: $(awk 'FNR == NR { t[$1] = $2; next } { printf " CPU%s +%d", $1, $2 - t[$1] }' \
		/tmp/adopt.t0 /tmp/adopt.t1) ticks in 3 s"
	if [ -z "$_slow" ] && [ "$(wc -l </tmp/adopt.t1)" = "$_online" ]; then
		ktap_result 0 "${ADOPT_PREFIX:-}cpus.work"
	else
		ktap_result 1 "${ADOPT_PREFIX:-}cpus.work #$_slow"
		_fail=1
	fi
	return $_fail
}

_meminfo() {	# _meminfo FIELD: its value in /proc/meminfo, kB
	awk -v f="$1:" '$1 == f { print $2 }' /proc/meminfo
}

# _memtotal_want FILE LENT_MB: the MemTotal (kB) a backup should have once
# it adopted the memory: the primary's (its MemTotal line in FILE) plus
# what it lent, less what the memory step kept back for a backup (rearm_mb=);
# empty if FILE has none.
_memtotal_want() {
	_prim=$(awk '$1 == "MemTotal:" { print $2 }' "$1")
	_kept=$(sed -n 's/.* rearm_mb=\([0-9]*\).*/\1/p' /sys/kernel/orthros/primary/memory)
	[ -n "$_prim" ] && echo $((_prim + ($2 - ${_kept:-0}) * 1024))
}

_within5() {	# _within5 A B: A is within 5% of B (B not empty)
	[ -n "$2" ] && [ $(($1 * 100)) -ge $(($2 * 95)) ] && [ $(($1 * 100)) -le $(($2 * 105)) ]
}

# adopt_memory FILE LENT_MB: the takeover step primary/memory gives the
# fenced primary's RAM to this kernel, but as much as it was lent, which
# it keeps back for a backup of its own (rearm_mb=).  FILE holds the
# primary's MemTotal line (its /proc/meminfo), LENT_MB the memory it had
# lent to the backup.  KTAP results, numbered on from $ktap_n:
#   memory.step   the step ran; /proc/vmcore is gone; MemTotal is within
#                 5% of the primary's plus what it had lent, less what is
#                 kept back
#   memory.again  a second run is refused (EALREADY)
#   memory.use    a tmpfs file of 4 times the lent memory is written and
#                 read back, which only the adopted memory can hold
# Returns 1 if one failed.
adopt_memory() {
	_fail=0
	_before=$(_meminfo MemTotal)
	_t0=$(_ms)
	echo run 2>/tmp/adopt.err >/sys/kernel/orthros/primary/memory
	_rc=$?
	_ms_step=$(($(_ms) - _t0))
	_after=$(_meminfo MemTotal)
	_want=$(_memtotal_want "$1" "$2")
	echo "# memory step: $(cat /sys/kernel/orthros/primary/memory) ($_ms_step ms);" \
		"MemTotal $_before -> $_after kB, want $_want kB (the primary's, plus" \
		"$2 MiB lent, less rearm_mb)"
	if [ $_rc != 0 ]; then
		ktap_result 1 "${ADOPT_PREFIX:-}memory.step # rc $_rc $(cat /tmp/adopt.err)"
		_fail=1
	elif [ -e /proc/vmcore ]; then
		ktap_result 1 "${ADOPT_PREFIX:-}memory.step # /proc/vmcore still there"
		_fail=1
	elif ! _within5 "$_after" "$_want"; then
		ktap_result 1 "${ADOPT_PREFIX:-}memory.step # MemTotal $_after kB, not within 5% of $_want kB"
		_fail=1
	else
		ktap_result 0 "${ADOPT_PREFIX:-}memory.step"
	fi
	_step_again memory || _fail=1
	_mb=$(($2 * 4))
	mkdir -p /tmp/adopt.mnt && mount -t tmpfs -o size=$((_mb + 64))m adopt /tmp/adopt.mnt &&
	dd if=/dev/urandom of=/tmp/adopt.mnt/a bs=1M count=64 2>/dev/null &&
	for _i in $(seq 2 $((_mb / 64))); do cat /tmp/adopt.mnt/a; done >/tmp/adopt.mnt/b 2>/tmp/adopt.err
	_size=$(($(stat -c %s /tmp/adopt.mnt/b 2>/dev/null || echo 0) / 1048576 + 64))
	_sum1=$(head -c 67108864 /tmp/adopt.mnt/b | md5sum)
	_sum2=$(md5sum </tmp/adopt.mnt/a)
	echo "# memory use: $_size MiB in tmpfs, MemFree $(_meminfo MemFree) kB"
	if [ "$_size" = "$_mb" ] && [ "$_sum1" = "$_sum2" ]; then
		ktap_result 0 "${ADOPT_PREFIX:-}memory.use"
	else
		ktap_result 1 "${ADOPT_PREFIX:-}memory.use # $_size of $_mb MiB written: $(cat /tmp/adopt.err)"
		_fail=1
	fi
	umount /tmp/adopt.mnt 2>/dev/null
	return $_fail
}

# adopted_by_daemon MACHINE FILE LENT_MB: the failover daemon's -a -r
# adopted the CPUs and the memory after the service was up and re-armed
# (its phases cpus, memory, rearm, arm).  KTAP result daemon.adopted
# (after $ADOPT_PREFIX): the four phases ok in its status file, MACHINE
# CPUs less the one lent online, MemTotal as adopt_memory wants it (FILE,
# LENT_MB as there), this kernel a primary whose backup runs.  Returns 1
# if it failed.
adopted_by_daemon() {
	_st=/run/orthros-failover.status
	_want=$(_memtotal_want "$2" "$3")
	_after=$(_meminfo MemTotal)
	_online=$(grep -c '^processor' /proc/cpuinfo)
	_state=$(cat /sys/kernel/orthros/state)
	grep '^phase=\(cpus\|memory\|rearm\|arm\) \|^summary' "$_st" | sed 's/^/# /'
	if ! grep -q '^phase=cpus ok=1 ' "$_st" || ! grep -q '^phase=memory ok=1 ' "$_st"; then
		ktap_result 1 "${ADOPT_PREFIX:-}daemon.adopted # the cpus or memory phase did not succeed"
	elif ! grep -q '^phase=rearm ok=1 ' "$_st" || ! grep -q '^phase=arm ok=1 ' "$_st"; then
		ktap_result 1 "${ADOPT_PREFIX:-}daemon.adopted # the rearm or arm phase did not succeed"
	elif [ "$_online" != $(($1 - 1)) ]; then
		ktap_result 1 "${ADOPT_PREFIX:-}daemon.adopted # $_online CPUs online, not $(($1 - 1)): all but the one lent"
	elif ! _within5 "$_after" "$_want"; then
		ktap_result 1 "${ADOPT_PREFIX:-}daemon.adopted # MemTotal $_after kB, not within 5% of $_want kB"
	elif [ "$_state" != running ] || [ "$(cat /sys/kernel/orthros/role)" != primary ]; then
		ktap_result 1 "${ADOPT_PREFIX:-}daemon.adopted # role $(cat /sys/kernel/orthros/role), next backup $_state"
	else
		ktap_result 0 "${ADOPT_PREFIX:-}daemon.adopted # $_online CPUs and one lent, MemTotal $_after kB, a primary, its backup $_state, $(sed -n 's/.*\(freeze_to_protected_ms=[0-9.]*\).*/\1/p' "$_st")"
		return 0
	fi
	return 1
}

# next_backup_conf FILE KERNEL ACTION [PARAM...]: write FILE for the
# daemon's re-arm (orthros-failover -r): KERNEL, the initramfs beside it,
# the command line orthros-load-backup makes.
next_backup_conf() {
	_f=$1 _k=$2
	shift 2
	ORTHROS_BACKUP_CONF=$_f ORTHROS_BACKUP_KERNEL=$_k \
		ORTHROS_BACKUP_INITRD=$(dirname "$_k")/backup.cpio.gz orthros-load-backup "$@"
}

# --- The chain scenario: each kernel takes over, adopts, re-arms, repeats.

LINE_CHAIN_SUM=chain-sum	# chain-sum GEN SHA256 PATH: what kernel GEN wrote
LINE_CHAIN_COPY=chain-copy	# chain-copy GEN SHA256 PATH: the same, as the next found it
CHAIN_DIR=/mnt/disk/chain

_chain_sums() {	# _chain_sums PREFIX GEN: the chain's files' sha256sum, as console lines
	(cd "$CHAIN_DIR" && find . -type f | sort | xargs sha256sum) | sed "s|^|$1 $2 |"
}

# chain_write GEN: kernel GEN's writes: a file of its own in a directory
# of its own, and lines appended to the log every kernel of the chain
# writes, left in the page cache by odd kernels, written back as the
# kernel's defaults have it by even ones; then their checksums (chain-sum
# lines) and its MemTotal for the next kernel's adoption check.
chain_write() {
	[ $(($1 % 2)) = 0 ] || hold_writeback
	mkdir -p "$CHAIN_DIR/g$1"
	dd if=/dev/urandom of="$CHAIN_DIR/g$1/new" bs=4096 count=100 2>/dev/null
	for _i in $(seq 1 100); do echo "kernel $1 record $_i"; done >>"$CHAIN_DIR/log"
	_chain_sums "$LINE_CHAIN_SUM" "$1"
	grep '^MemTotal:' /proc/meminfo >/mnt/disk/chain-meminfo
}

# The programs the chain carries from kernel to kernel (tests/procs), in
# one pid namespace: each kernel's daemon brings them over, each kernel
# designates their namespace again for the next.
CHAIN_PROCS=/mnt/disk/chain-procs
CHAIN_PROGRAMS="counter appender pthreads tree"

# chain_procs_start: kernel 1 starts them and designates their namespace.
chain_procs_start() {
	. /procs/procs.sh
	# shellcheck disable=SC2086 # names
	_init=$(procs_start "$CHAIN_PROCS" $CHAIN_PROGRAMS) || return 1
	procs_wait_ready "$CHAIN_PROCS" 120 || return 1
	echo "$_init" >/sys/kernel/orthros/migrate_pidns
}

# chain_procs_designate GEN: kernel GEN, a primary again, finds each
# program running (carried by its daemon), and designates their namespace
# (its init, pid 1 in it) for the next takeover (KTAP chain.GEN.procs).
chain_procs_designate() {
	. /procs/procs.sh
	_tab=$(_procs_nspids) _lost=
	for _n in $(cat "$CHAIN_PROCS/procs.names"); do
		[ -n "$(procs_find "$_n" "$(cat "$CHAIN_PROCS/$_n.ready")" "$_tab")" ] ||
			_lost="$_lost $_n"
	done
	_init=$(procs_find orthros-pidns-run 1 "$_tab")
	if [ -n "$_lost" ] || [ -z "$_init" ]; then
		ktap_result 1 "chain.$1.procs # not running here:${_lost:- the namespace's init}"
		return 1
	fi
	if ! echo "$_init" 2>/tmp/pidns.err >/sys/kernel/orthros/migrate_pidns; then
		ktap_result 1 "chain.$1.procs # migrate_pidns $_init: $(cat /tmp/pidns.err)"
		return 1
	fi
	ktap_result 0 "chain.$1.procs # $(wc -l <"$CHAIN_PROCS/procs.names") programs running, their namespace (init $_init) designated again"
}

# chain_procs_uncertain: after a takeover, note the programs with a system
# call made again that may have had part of its effect (procs_uncertain),
# for the last report.
chain_procs_uncertain() {
	. /procs/procs.sh
	procs_uncertain /run/orthros-failover.status "$CHAIN_PROCS" >>"$CHAIN_PROCS/uncertain"
}

# chain_procs_report: the last kernel stops the programs, and each checks
# what it kept through every takeover (KTAP procs.NAME).
chain_procs_report() {
	. /procs/procs.sh
	PROCS_UNCERTAIN=$(cat "$CHAIN_PROCS/uncertain" 2>/dev/null | tr "\n" " ")
	procs_stop "$CHAIN_PROCS"
	procs_report "$CHAIN_PROCS" panic 60 | grep -v '^KTAP\|^1\.\.'
}

# chain_found GEN: after the takeover of kernel GEN, what its successor found.
chain_found() {
	_chain_sums "$LINE_CHAIN_COPY" "$1"
}

# chain_kernel GEN: the image kernel GEN runs: the main build for odd GEN,
# the old one (6.12.107 with tools/build/layout.config) for even, so
# neighbours differ in their version and offsets.
chain_kernel() {
	if [ $(($1 % 2)) = 1 ]; then echo bzImage; else echo bzImage-old; fi
}

# chain_trigger GEN: how kernel GEN stops, from the TRIGGERS list, in turn.
chain_trigger() {
	echo "$TRIGGERS" | awk -F, -v g="$1" '{ print $((g - 1) % NF + 1) }'
}

# chain_wait_armed GEN: the daemon of kernel GEN started kernel GEN + 1;
# wait until that one's daemon says it is armed (KTAP chain.GEN.armed).
chain_wait_armed() {
	for _i in $(seq 1 240); do
		if [ "$(cat /sys/kernel/orthros/backup_marker)" = armed ]; then
			ktap_result 0 "chain.$1.armed # by the daemon"
			return 0
		fi
		sleep 1
	done
	ktap_result 1 "chain.$1.armed # kernel $(($1 + 1)) is $(cat /sys/kernel/orthros/state), not armed"
	return 1
}

# chain_arm GEN: kernel GEN arms kernel GEN + 1, from the images on the
# disk, and waits until it is armed (KTAP chain.GEN.armed).
chain_arm() {
	_next=$(($1 + 1))
	ORTHROS_BACKUP_KERNEL=/mnt/disk/orthros/$(chain_kernel $_next)
	ORTHROS_BACKUP_INITRD=/mnt/disk/orthros/backup.cpio.gz
	export ORTHROS_BACKUP_KERNEL ORTHROS_BACKUP_INITRD
	if arm_backup "$(chain_trigger "$1")" orthros.generation=$_next \
		"orthros.service_ip=$SERVICE_IP" >/tmp/arm.log 2>&1; then
		ktap_result 0 "chain.$1.armed"
	else
		sed 's/^/# /' /tmp/arm.log
		ktap_result 1 "chain.$1.armed # kernel $_next did not say it was armed"
		return 1
	fi
}
