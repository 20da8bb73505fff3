#!/bin/sh
# orthros-load-backup ACTION [PARAM...]: load the backup kernel into the
# crash slot (kexec -p -s), for orthrosctl start or echo 1 >start.  The
# one place that writes its command line (the guest's tests and scenario
# scripts call it; tools/build/mkinitramfs.sh installs it in the primary's
# initramfs as /bin/orthros-load-backup):
#
#   console=ttyS1 loglevel=6 printk.devkmsg=on
#       its own serial port (ttyS0 for the backup of a kernel that is on
#       ttyS1, itself once a backup: the kernel hands it the other UART);
#       every line orthros-failover writes to the kernel log reaches it
#   orthros.backup_action=ACTION
#       what its /init does (tools/guest/init-backup: idle, poweroff:N,
#       halt:N, reboot:N, panic:N, scenario:NAME)
#   orthros.seed=  the run's seed, when the primary has one
#   NAME=VALUE...  every upper-case NAME=VALUE word of the primary's own
#       command line: the scenario's knobs (tests/run), in their order, so
#       the backup's /init gets them in its environment as the primary's did
#   PARAM... $ORTHROS_BACKUP_APPEND
#       what the caller adds (orthros.expect=, orthros.service_ip=)
#
# ORTHROS_BACKUP_KERNEL: another kernel than the primary's own
# (/orthros/bzImage-old in the layout scenario); ORTHROS_BACKUP_INITRD:
# another initramfs than /orthros/backup.cpio.gz.  ORTHROS_BACKUP_CONF=FILE:
# load nothing, write the image to FILE instead (kernel=, initrd=, append=
# lines), for orthros-failover -r to load once it re-arms.  Exit status:
# kexec's, or the write's.
action=$1
shift
knobs=
for arg in $(cat /proc/cmdline); do
	case $arg in
	[A-Z]*=*) knobs="$knobs $arg" ;;
	esac
done
console=ttyS1
grep -q '^ttyS1 ' /proc/consoles && console=ttyS0
kernel=${ORTHROS_BACKUP_KERNEL:-/orthros/bzImage}
initrd=${ORTHROS_BACKUP_INITRD:-/orthros/backup.cpio.gz}
append="console=$console loglevel=6 printk.devkmsg=on orthros.backup_action=$action${ORTHROS_SEED:+ orthros.seed=$ORTHROS_SEED}$knobs $* ${ORTHROS_BACKUP_APPEND:-}"
if [ -n "${ORTHROS_BACKUP_CONF:-}" ]; then
	printf 'kernel=%s\ninitrd=%s\nappend=%s\n' "$kernel" "$initrd" "$append" >"$ORTHROS_BACKUP_CONF"
	exit
fi
exec kexec -p -s "$kernel" --initrd="$initrd" --append="$append"
