#!/bin/bash
# mkdisk.sh OUT.img [SIZE]: an ext4 image for the guest's virtio disk, made
# without root (mkfs.ext4 -d copies a directory into the new file system).
set -euo pipefail
out=$1 size=${2:-128M}
src=$(mktemp -d)
trap 'rm -rf "$src"' EXIT
echo "Orthros test disk, made $(date -u +%FT%TZ)" >"$src/README"
mkdir -p "$(dirname "$out")"
rm -f "$out.tmp"
mkfs.ext4 -q -F -L orthros -d "$src" "$out.tmp" "$size"
mv "$out.tmp" "$out"
echo "mkdisk: $out ($size ext4)"
