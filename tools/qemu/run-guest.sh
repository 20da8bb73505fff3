#!/bin/bash
# run-guest.sh [options]: boot one QEMU guest (q35, TCG, 4 CPUs, 2 GiB).
#
#   --kernel F --initrd F --append S   what to boot
#   --disk F                           raw image for the virtio-blk disk
#   --logs DIR                         ttyS0 -> DIR/primary.log,
#                                      ttyS1 -> DIR/backup.log
#   --timeout SEC                      hard limit; QEMU is killed after it
#   --boot-deadline SEC                QEMU is killed, and the exit status
#                                      is 125, if the primary's /init has
#                                      not said it is up on ttyS0 by then
#   --follow                           also stream ttyS0 to stdout
#   --service-port PORT                forward host 127.0.0.1:PORT to the
#                                      guest's port 7777 (its service) and
#                                      probe it (tests/lib/service-probe.py)
#                                      into DIR/service.log
#
# The guest's NIC is virtio-net on a restricted user-mode netdev: it can
# reach nothing outside the VM.  Exit status: QEMU's, 124 on timeout, 125
# when the boot missed its deadline.
set -euo pipefail

kernel= initrd= append= disk= logs= timeout=300 follow=0 service_port= boot_deadline=
while [ $# -gt 0 ]; do
	case $1 in
	--kernel) kernel=$2; shift ;;
	--initrd) initrd=$2; shift ;;
	--append) append=$2; shift ;;
	--disk) disk=$2; shift ;;
	--logs) logs=$2; shift ;;
	--timeout) timeout=$2; shift ;;
	--boot-deadline) boot_deadline=$2; shift ;;
	--follow) follow=1 ;;
	--service-port) service_port=$2; shift ;;
	*) echo "run-guest: unknown option $1" >&2; exit 2 ;;
	esac
	shift
done
for f in "$kernel" "$initrd" "$disk"; do
	[ -f "$f" ] || { echo "run-guest: missing file '$f'" >&2; exit 2; }
done
[ -n "$logs" ] || { echo "run-guest: --logs DIR required" >&2; exit 2; }
mkdir -p "$logs"
: >"$logs/primary.log"
: >"$logs/backup.log"
: >"$logs/hostio.bin"

# No VGA adapter (q35 has one by default): the guests are headless, their
# consoles serial, and its BARs and the VGA arbiter cost every PCI scan, a
# takeover's as a kexec reboot's, time for nothing.
cmd=(qemu-system-x86_64 -M q35 -accel tcg -cpu max -smp 4 -m 2G
	-display none -vga none -monitor none -no-reboot
	-kernel "$kernel" -initrd "$initrd" -append "$append"
	-serial "file:$logs/primary.log" -serial "file:$logs/backup.log"
	-drive "file=$disk,if=none,id=disk0,format=raw"
	-device virtio-blk-pci,drive=disk0
	-netdev "user,id=net0,restrict=on${service_port:+,hostfwd=tcp:127.0.0.1:$service_port-:7777}"
	-device virtio-net-pci,netdev=net0
	# Test harness only (tests/lib/hostio.c): files out of the guest, and
	# a way for a backup that fenced the primary to end the run.
	-chardev "file,id=hostio,path=$logs/hostio.bin"
	-device isa-debugcon,iobase=0x4f0,chardev=hostio
	-device isa-debug-exit,iobase=0xf4,iosize=0x01)
if [ -n "${ORTHROS_QEMU_RESETLOG:-}" ]; then
	dbg=()
	for a in "${cmd[@]}"; do
		[ "$a" = -no-reboot ] || dbg+=("$a")
	done
	cmd=("${dbg[@]}" -d cpu_reset,guest_errors -D "$ORTHROS_QEMU_RESETLOG")
fi
# ORTHROS_QEMU_PCAP=1: every frame between the guest's NIC and QEMU's
# user-mode network, timed by the host, in LOGS/net.pcap
# (tools/bench/net-latency reads it).
[ -z "${ORTHROS_QEMU_PCAP:-}" ] || cmd+=(-object "filter-dump,id=pcap0,netdev=net0,file=$logs/net.pcap")
# ORTHROS_QEMU_ICOUNT=SHIFT: the guest's clocks count its instructions
# (2^SHIFT ns each) instead of the host's time, so the host's load drops
# out of what the guest times.  The vCPUs then take turns on one host
# thread: a CPU's instructions are time taken from every other CPU, an
# upper bound of what it would take on hardware.  sleep=off: idle time
# jumps to the next timer instead of waiting the host's time.
[ -z "${ORTHROS_QEMU_ICOUNT:-}" ] ||
	cmd+=(-icount "shift=$ORTHROS_QEMU_ICOUNT,align=off,sleep=off")
printf '%q ' "${cmd[@]}" >"$logs/qemu.cmd"

if [ "$follow" = 1 ]; then
	tail -n +1 -F "$logs/primary.log" 2>/dev/null &
	tailer=$!
fi
if [ -n "$service_port" ]; then
	"$(dirname "$0")/../../tests/lib/service-probe.py" "$service_port" "$logs/service.log" &
	probe=$!
fi
rc=0
timeout --kill-after=5 "$timeout" "${cmd[@]}" >"$logs/qemu.out" 2>&1 &
qemu=$!
if [ -n "$boot_deadline" ]; then
	. "$(dirname "$0")/../../tests/lib/protocol.sh"
	for _ in $(seq $((boot_deadline * 2))); do
		grep -q "$LINE_PRIMARY_UP" "$logs/primary.log" && break
		kill -0 "$qemu" 2>/dev/null || break
		sleep 0.5
	done
	if kill -0 "$qemu" 2>/dev/null && ! grep -q "$LINE_PRIMARY_UP" "$logs/primary.log"; then
		echo "run-guest: the primary's /init was not up after ${boot_deadline}s" >&2
		kill "$qemu"
		wait "$qemu" || true
		rc=125
	fi
fi
[ $rc -eq 125 ] || wait "$qemu" || rc=$?
[ -z "$service_port" ] || kill "$probe" 2>/dev/null
if [ "$follow" = 1 ]; then
	sleep 0.5
	kill "$tailer" 2>/dev/null || true
fi
[ $rc -eq 124 ] && echo "run-guest: timed out after ${timeout}s" >&2
# A guest that ends through isa-debug-exit makes QEMU exit (code << 1) | 1.
exit $rc
