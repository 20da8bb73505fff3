#!/bin/bash
# Install the Debian 12 packages the build, the demo and the tests need;
# "install-deps.sh bench" also those only make bench needs (gnuplot-nox,
# for tools/bench/plot).
# Idempotent: does nothing (and needs no network) when all are present.
set -euo pipefail

pkgs=(
	linux-source-6.12 build-essential flex bison bc libelf-dev libssl-dev
	dwarves ccache cpio xz-utils git python3 python3-ply python3-git
	qemu-system-x86 kexec-tools busybox-static e2fsprogs python3-drgn fio
	rsync criu
)
[ "${1:-}" = bench ] && pkgs+=(gnuplot-nox)

missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "install-deps: missing Debian packages: ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
	echo "install-deps: run as root, or install them: apt-get install ${missing[*]}" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q || { echo "install-deps: apt-get update failed (no network to the Debian archive?)" >&2; exit 1; }
apt-get install -y -q --no-install-recommends "${missing[@]}" ||
	{ echo "install-deps: apt-get install ${missing[*]} failed" >&2; exit 1; }
