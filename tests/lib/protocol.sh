# tests/lib/protocol.sh: what the guests tell the host.  The one list of
# the end markers, console line prefixes and harness-channel file names
# that a scenario's guest side writes and its host side reads, and the
# helpers that write and read them.
#
# POSIX sh, sourced by both sides:
#   host   tests/run and tests/lib/*-host.sh (bash), from tests/lib/;
#   guest  the /init of both kernels, the scenario scripts (busybox sh) and
#          the C tests (through system()), from /tests/lib/, where
#          tools/build/mkinitramfs.sh puts it in both initramfs images.
# So a new fact to hand to the host is one line here, then its writer and
# its reader.  The values are plain words (no spaces or regular-expression
# characters) unless quoted, and a console line is "PREFIX FIELDS...".

# shellcheck disable=SC2034 # the names are for the scripts that source this

# --- End markers: each kernel's /init prints one as its last line;
# tests/run requires the one of the kernel that ends the run.
END_PRIMARY=ORTHROS-SCENARIO-END	# ORTHROS-SCENARIO-END NAME rc=N (ttyS0)
END_BACKUP=ORTHROS-BACKUP-END		# ORTHROS-BACKUP-END NAME rc=N (ttyS1)

# --- What the primary saw before it stopped (its console, ttyS0), for
# the host to compare with what the backup read from the frozen memory or
# found after the takeover.
LINE_TASK=ps-task		# ps-task PID COMM: a task ps listed
LINE_MOUNT=proc-mount		# proc-mount DEV PATH TYPE OPTS 0 0: /proc/mounts
LINE_MAPS=proc-maps		# proc-maps PID N: the VMAs in /proc/PID/maps
LINE_CPUS=proc-cpus		# proc-cpus N: CPUs online (each leaves registers)
LINE_SUM=proc-sum		# proc-sum SHA256 ./PATH: sha256sum of a file
LINE_MANIFEST=proc-man		# proc-man ENTRY: orthros-manifest of the fs-ops directory
LINE_PIDNS=migrate-pidns		# migrate-pidns INUM PID: the namespace the primary designated
LINE_FIDELITY='primary: fidelity config:'	# ... ops=0|1 writers=0|1 run=MSms trigger=T journal=J cache=C seed=S
# orthros-writer (tests/lib/torture-writer.c) writes its own lines
# ("start", "ack", "begin", "error"; "verify" with -V): see its header.

# --- What the backup reports (its console, ttyS1).
LINE_BACKUP_UP='backup: user space up'	# backup's /init, once per boot
LINE_PRIMARY_UP='primary: user space up'	# primary's /init, once per boot (run-guest.sh --boot-deadline)
LINE_PRIMARY_STATE=primary-state	# primary-state STATE EVENT FENCE_NS: after the backup side
LINE_DAEMON=daemon-rc		# daemon-rc N OPTIONS: orthros-failover's exit status
LINE_COPY_MOUNT=copy-mount	# copy-mount DEV PATH TYPE OPTS 0 0: the backup's /proc/mounts after it
LINE_FIO=fio-verify-rc		# fio-verify-rc N: fio's verify-only pass
LINE_PRIMARY_PIDNS=primary-pidns	# primary-pidns INUM PID: primary/migrate_pidns after the event
LINE_COPY_MANIFEST=copy-man	# copy-man ENTRY: orthros-manifest, in FILE_FIDELITY
LINE_CRIU_CHECK='backup: criu check'	# ... ok|failed rc=N: ERROR (MS ms): /init's criu check
LINE_RELEASES=releases		# releases PRIMARY BACKUP: each kernel's uname -r (the primary's from its offset table)
# The backup's /init writes the result of its criu check to this file, in
# the backup (ok, or "failed rc=N: ERROR"), once it has finished.
CRIU_CHECK_STATUS=/run/criu-check

# --- Either console.
LINE_BENCH=bench:		# bench: ...: a benchmark's measurement (tools/bench/run)
LINE_KNOB=knob			# knob primary|backup NAME=VALUE: as the script got it

# --- Files the backup sends the host over the harness channel
# (orthros-hostio send NAME FILE, tests/lib/hostio.c); the host finds
# them in LOGDIR/hostio/NAME (tests/lib/hostio-extract.py).
FILE_OFFSETS=offsets		# the primary's offset table, as the backup took it
FILE_BACKUP_OFFSETS=backup-offsets	# the backup's own offset table
FILE_COPY_SUMS=copy-sums.txt	# sha256sum of the files the backup copied or found
FILE_FIDELITY=fidelity.txt	# copy-man lines and orthros-writer -V's verify lines
FILE_VMCORE=vmcore		# a mini vmcore (orthros-postmortem dump -k)
FILE_KNOBS=knobs.txt		# NAME=VALUE: a knob as the backup got it
FILE_FAILOVER_STATUS=failover.status	# orthros-failover's status file, if it wrote one
# Each walk of the frozen primary (tasks, mounts, maps, files) sends
# WALK.txt (orthros-postmortem WALK's listing), WALK.img and WALK.img.ranges
# (the pages it read, -r): the host replays and fuzzes them.
WALK_LIST=.txt
WALK_IMAGE=.img

# --- The service a takeover moves: the primary, then the backup, answer
# on this IP and port with their name ("primary", "backup"; "rebooted" in
# bench-kexec).  tools/qemu/run-guest.sh forwards a host port to it and
# tests/lib/service-probe.py logs the answers.
SERVICE_IP=10.0.2.15/24
SERVICE_PORT=7777

# --- Writers (guest side).

# A fact per task ps lists.  ps writes a file first: a pipe would list its
# reader too, which has exited by the time the backup reads the tasks.
# ext4's lazyinit thread exits on its own once it has prefetched the
# block bitmaps after a mount: it is waited for (10 s at most), or it may
# go between ps and the freeze.
report_tasks() {
	_i=0
	while [ $_i -lt 100 ] && grep -qx ext4lazyinit /proc/[0-9]*/comm 2>/dev/null; do
		sleep 0.1
		_i=$((_i + 1))
	done
	ps -o pid,comm >/tmp/ps.txt
	sed -n "2,\$s/^ *\([0-9]*\) \(.*\)/$LINE_TASK \1 \2/p" /tmp/ps.txt
}

report_mounts() {
	sed "s/^/$LINE_MOUNT /" /proc/mounts
}

report_maps() {	# report_maps PID...: VMA counts ([vsyscall] is not a VMA)
	for pid; do
		echo "$LINE_MAPS $pid $(grep -vc vsyscall "/proc/$pid/maps")"
	done
}

report_cpus() {
	echo "$LINE_CPUS $(grep -c ^processor /proc/cpuinfo)"
}

# checksums ROOT DIR: "SHA256  ./DIR/PATH" for every file under ROOT/DIR,
# sorted: the same lines whichever kernel (or copy, ROOT) they come from.
checksums() {
	(cd "$1" && find ".$2" -type f | sort | xargs sha256sum)
}

report_sums() {	# report_sums DIR: checksums / DIR, as console facts
	checksums / "$1" | sed "s/^/$LINE_SUM /"
}

# send_walk WALK DIR: DIR/WALK.txt, DIR/WALK.img and DIR/WALK.img.ranges
# to the host, under those names.
send_walk() {
	for f in "$1$WALK_LIST" "$1$WALK_IMAGE" "$1$WALK_IMAGE.ranges"; do
		orthros-hostio send "$f" "$2/$f" || return 1
	done
}

# --- Readers (host side).

# facts PREFIX FILE: the fields of FILE's PREFIX lines (carriage returns
# of the serial console dropped).
facts() {
	tr -d '\r' <"$2" | sed -n "s/^$1 //p"
}
