#!/bin/bash
# mkinitramfs.sh primary|backup OUT.cpio[.gz]
# Build a guest initramfs.  Both roles get busybox-static, the Orthros
# tools and modules, the test modules and the harness's shell libraries
# (/tests/lib: protocol.sh, guest.sh); the backup also gets the backup
# side of the scenarios.
# Both get Debian's criu and kexec-tools with the shared libraries they
# need, and orthros-load-backup (a backup that took over arms its own).
# The primary gets the guest tests, its side of the scenarios, the test
# modules and, in /orthros/, the backup kernels (main and old) and the initramfs
# it loads.  The backup's is kept small: it is checksummed and unpacked on
# every start.  OUT.cpio.gz is compressed, OUT.cpio not: the primary's is
# not, since QEMU loads it as it is, and its unpacking under TCG took 1.3 s
# of every boot when it was.  Needs no root: cpio writes every file as owned
# by root.
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib/scenario.sh"
. "$top/tools/build/kernels.sh"
role=$1 out=$2
case $role in primary|backup) ;; *) echo "usage: $0 primary|backup OUT" >&2; exit 2 ;; esac
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT

die() { echo "mkinitramfs: $*" >&2; exit 1; }
[ -x /bin/busybox ] || die "/bin/busybox missing: install busybox-static"
case $(ldd /bin/busybox 2>&1 || true) in *"not a dynamic"*) ;; *)
	die "/bin/busybox is not static: install busybox-static" ;; esac

pack() {
	mkdir -p "$(dirname "$out")"
	local compress=(cat)
	[ "${out%.gz}" = "$out" ] || compress=(gzip -1)
	(cd "$root" && find . -print0 | LC_ALL=C sort -z |
		cpio --null -o -H newc -R 0:0 --quiet) | "${compress[@]}" >"$out.tmp"
	mv "$out.tmp" "$out"
	echo "mkinitramfs: $out ($(du -h "$out" | cut -f1))"
}

mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,proc,sys,dev,tmp,mnt,lib/orthros,tests,scenarios}
cp /bin/busybox "$root/bin/busybox"
for applet in $(/bin/busybox --list-full); do
	[ -e "$root/$applet" ] || ln -s /bin/busybox "$root/$applet"
done

install -m 755 "$top/tools/guest/init-$role" "$root/init"
install -m 755 "$top"/build/tools/guest/* "$root/bin/"
# Modules carry debug info for the host's tools; the guests do not need it.
find "$top/modules" -name '*.ko' -exec install -m 644 {} "$root/lib/orthros/" \;
strip --strip-debug "$root"/lib/orthros/*.ko
if [ "$role" = backup ]; then
	# The old kernel's own, by its release (orthros-failover looks there first).
	release=$(cat "$(kernel_tree old)/include/config/kernel.release")
	mkdir -p "$root/lib/orthros/$release"
	find "$top/build/modules-old" -name '*.ko' \
		-exec install -m 644 {} "$root/lib/orthros/$release/" \;
	strip --strip-debug "$root/lib/orthros/$release"/*.ko
fi
mkdir -p "$root/tests/modules"
find "$top/tests/modules" -name '*.ko' -exec install -m 644 {} "$root/tests/modules/" \;
strip --strip-debug "$root"/tests/modules/*.ko
mkdir -p "$root/tests/lib"
install -m 644 "$top/tests/lib/protocol.sh" "$top/tests/lib/guest.sh" "$root/tests/lib/"
# The process-migration test programs (tests/procs/) at the same path in
# both: a restored process goes on running from the same executable.
mkdir -p "$root/procs"
install -m 755 "$top"/build/tests/procs/{procs,orthros-pidns-run} "$top/tests/procs/shell.sh" \
	"$root/procs/"
install -m 644 "$top"/tests/procs/{list,procs.sh} "$root/procs/"
for t in $("$top/build/tests/procs/procs" --list); do
	ln -s procs "$root/procs/$t"
done

# /scenarios/NAME: scenario NAME's script for this role (guest for the
# primary, backup for the backup), its own or, for a scenario that USEs
# another's (tests/lib/scenario.sh), a link to that one.
install_scenarios() {	# install_scenarios guest|backup
	local s script
	for s in $(scenario_names); do
		script=$(scenario_script "$s" "$1") || continue
		if [ "$script" = "$scenarios_dir/$s/$1" ]; then
			install -m 755 "$script" "$root/scenarios/$s"
		else
			ln -s "$(basename "$(dirname "$script")")" "$root/scenarios/$s"
		fi
	done
}

# install_dynamic BIN DEST PACKAGE: a dynamically linked Debian program at
# DEST, with its loader and the shared libraries it needs (ldd).
install_dynamic() {
	local lib
	[ -x "$1" ] || die "$1 missing: install $3"
	install -m 755 "$1" "$root$2"
	for lib in $(ldd "$1" | grep -oE '/[^ ]+'); do
		[ ! -e "$root$lib" ] || continue
		mkdir -p "$root$(dirname "$lib")"
		cp -L "$lib" "$root$lib"
	done
}

# Debian's criu, in both: the backup restores the primary's processes with
# it, the primary's tests dump with it (the oracle).  Its start-up probe's
# results are cached in /run (the /inits mount a tmpfs there).
mkdir -p "$root/run"
install_dynamic /usr/sbin/criu /usr/sbin/criu criu

if [ "$role" = backup ]; then
	# A scenario's backup side runs from the backup's /init; only the
	# tests it uses, since the image is checksummed on every start.
	install -m 755 "$top/build/tests/guest/failover_test" "$root/tests/"
	install_scenarios backup
fi
# Both load a backup: a backup that took over re-arms with one of its own
# (the chain scenario; its kernels come from the disk there).
install -m 755 "$top/tests/lib/load-backup.sh" "$root/bin/orthros-load-backup"
install_dynamic "$(command -v kexec || echo /sbin/kexec)" /sbin/kexec kexec-tools
if [ "$role" = backup ]; then
	pack
	exit 0
fi
install -m 755 "$top"/build/tests/guest/* "$root/tests/"
install_scenarios guest

# The backup kernel (this same patched kernel) and its initramfs.
mkdir -p "$root/orthros"
install -m 644 "$top/build/linux/arch/x86/boot/bzImage" "$root/orthros/bzImage"
# The old kernel (tools/build/kernels.sh), a backup of another version and
# other structure layouts: the layout scenarios, the chain.
install -m 644 "$(kernel_image old)" "$root/orthros/bzImage-old"
install -m 644 "$(dirname "$out")/backup.cpio.gz" "$root/orthros/backup.cpio.gz"
pack
