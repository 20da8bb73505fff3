#!/bin/bash
# mkdisk.sh OUT.img [SIZE]: an ext4 image for the guest's virtio disk, made
# without root (mkfs.ext4 -d copies a directory into the new file system).
# It carries Debian's fio with every library it links (~80 MB, too much for
# an initramfs) in /fio: the primary writes with it, and after a takeover
# the backup, which mounts the same disk, verifies with it (/fio/run).
set -euo pipefail
out=$1 size=${2:-512M}
src=$(mktemp -d)
trap 'rm -rf "$src"' EXIT
echo "Orthros test disk, made $(date -u +%FT%TZ)" >"$src/README"

fio=$(command -v fio || echo /usr/bin/fio)
[ -x "$fio" ] || { echo "mkdisk: fio missing: install fio" >&2; exit 1; }
mkdir -p "$src/fio/lib"
cp -L "$fio" "$src/fio/fio"
for lib in $(ldd "$fio" | grep -oE '/[^ ]+'); do
	cp -L "$lib" "$src/fio/lib/"
done
cat >"$src/fio/run" <<'RUN'
#!/bin/sh
# Debian's fio with its own libraries, wherever this disk is mounted.
here=$(dirname "$0")
exec "$here/lib/ld-linux-x86-64.so.2" --library-path "$here/lib" "$here/fio" "$@"
RUN
chmod 755 "$src/fio/run"

mkdir -p "$(dirname "$out")"
rm -f "$out.tmp"
mkfs.ext4 -q -F -L orthros -d "$src" "$out.tmp" "$size"
mv "$out.tmp" "$out"
echo "mkdisk: $out ($size ext4, fio $("$fio" --version))"
