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
	nc -ll -p "$SERVICE_PORT" -e /bin/echo "$1" &
}

# --- Backup.

# run_daemon: the failover daemon takes over, with the options the knobs
# ask for (CACHE=off: no file-cache phase, -n; JOURNAL=skip: the primary's
# journal left unfinished, -J; JOURNAL=fallback: only reported, -F).
# Reports its exit status and where the disks are now mounted, and sends
# its status file, if it wrote one, to the host.
run_daemon() {
	mkdir -p /run
	knob CACHE on off
	knob JOURNAL finish skip fallback
	_opts=
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
