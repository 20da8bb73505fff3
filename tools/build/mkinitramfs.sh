#!/bin/bash
# mkinitramfs.sh OUT.cpio.gz
# Build the guest initramfs: busybox-static, the Orthros tools, the guest
# tests and scenarios, the out-of-tree modules and Debian's kexec-tools
# (with the shared libraries it needs).  Needs no root: cpio writes every
# file as owned by root.
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
out=$1
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT

die() { echo "mkinitramfs: $*" >&2; exit 1; }
[ -x /bin/busybox ] || die "/bin/busybox missing: install busybox-static"
file -L /bin/busybox 2>/dev/null | grep -q "statically linked" ||
	ldd /bin/busybox 2>&1 | grep -q "not a dynamic" ||
	die "/bin/busybox is not static: install busybox-static"

mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,proc,sys,dev,tmp,mnt,lib/orthros,tests,scenarios}
cp /bin/busybox "$root/bin/busybox"
for applet in $(/bin/busybox --list-full); do
	[ -e "$root/$applet" ] || ln -s /bin/busybox "$root/$applet"
done

install -m 755 "$top/tools/guest/init" "$root/init"
install -m 755 "$top"/build/tools/guest/* "$root/bin/"
install -m 755 "$top"/build/tests/guest/* "$root/tests/"
for s in "$top"/tests/scenarios/*/guest; do
	install -m 755 "$s" "$root/scenarios/$(basename "$(dirname "$s")")"
done
find "$top/modules" -name '*.ko' -exec install -m 644 {} "$root/lib/orthros/" \;

# Debian's kexec-tools is dynamically linked: bring its loader and libraries.
kexec=$(command -v kexec || echo /sbin/kexec)
[ -x "$kexec" ] || die "kexec missing: install kexec-tools"
install -m 755 "$kexec" "$root/sbin/kexec"
for lib in $(ldd "$kexec" | grep -oE '/[^ ]+'); do
	mkdir -p "$root$(dirname "$lib")"
	cp -L "$lib" "$root$lib"
done

# Optional payload (the backup kernel and its initramfs), added later.
if [ -n "${ORTHROS_PAYLOAD:-}" ]; then
	mkdir -p "$root/orthros"
	cp -L $ORTHROS_PAYLOAD "$root/orthros/"
fi

mkdir -p "$(dirname "$out")"
(cd "$root" && find . -print0 | LC_ALL=C sort -z |
	cpio --null -o -H newc -R 0:0 --quiet) | gzip -1 >"$out.tmp"
mv "$out.tmp" "$out"
echo "mkinitramfs: $out ($(du -h "$out" | cut -f1))"
