#!/bin/bash
# build-kernel.sh [old|v61]
# Configure (tinyconfig + tools/build/guest.config + Kconfig.fragment) and
# build the patched kernel in build/linux with ccache.  With "old", build
# the older Debian 6.12's tree (tools/build/kernels.sh, prepare-tree.sh
# old) the same way with tools/build/layout.config on top: a primary to
# update from, and a backup whose structures are laid out otherwise, for
# the version-independence tests (its modules too: the Orthros modules
# build against its Module.symvers).  With "v61", the 6.1 tree and its own
# series (prepare-tree.sh v61), with tools/build/v61.config on top (what
# 6.1 needs beyond guest.config for the same guest, and no debug info): a
# primary of another major version, its bzImage only.
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tools/build/kernels.sh"
tree=$top/build/linux
frags=("$top/tools/build/guest.config" "$top/Kconfig.fragment")
targets=(bzImage modules)
case ${1:-main} in
main) ;;
old | v61)
	tree=$(kernel_tree "$1")
	[ -d "$tree/.git" ] || { echo "build-kernel: no $tree: run prepare-tree.sh $1" >&2; exit 1; }
	if [ "$1" = old ]; then
		frags+=("$top/tools/build/layout.config")
	else
		# What 6.1 needs beyond guest.config for the same guest; a
		# primary only, whose initramfs loads no Orthros module.
		frags+=("$top/tools/build/v61.config")
		targets=(bzImage)
	fi ;;
*) echo "usage: build-kernel.sh [old|v61]" >&2; exit 2 ;;
esac
jobs=$(( $(nproc) + 1 ))
# ccache's depend mode compiles once per miss; its default mode runs the
# preprocessor a second time, which made a cold build 40% slower here.
export CCACHE_DEPEND=1
# Its own -j, not the jobserver of a make -j2 that may have started it.
unset MAKEFLAGS MFLAGS
kmake() { make -C "$tree" -s -j"$jobs" CC="ccache gcc" HOSTCC="ccache gcc" "$@"; }

stamp=$tree/.orthros-config-inputs
want=$( (cat "${frags[@]}"; git -C "$tree" rev-parse HEAD) | sha256sum | cut -d' ' -f1)
if [ ! -f "$tree/.config" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
	echo "build-kernel: configuring (tinyconfig + guest.config + Kconfig.fragment)"
	kmake tinyconfig >/dev/null
	# -Q (no warnings for options a later fragment overrides) is newer
	# than 6.1's merge_config.sh.
	quiet=(-Q)
	grep -q -- '"-Q"' "$tree/scripts/kconfig/merge_config.sh" || quiet=()
	(cd "$tree" && ./scripts/kconfig/merge_config.sh -m "${quiet[@]}" .config "${frags[@]}" >/dev/null)
	kmake olddefconfig
	# Every option asked for must survive olddefconfig: fail loudly, not
	# later.  A later fragment's word on an option (set or "is not set")
	# replaces an earlier one's.
	declare -A want_opt=()
	for f in "${frags[@]}"; do
		while IFS= read -r line; do
			case $line in
			CONFIG_*=*) want_opt[${line%%=*}]=$line ;;
			"# CONFIG_"*" is not set") line=${line#\# }; unset "want_opt[${line%% *}]" ;;
			esac
		done <"$f"
	done
	bad=0
	for line in "${want_opt[@]}"; do
		grep -qxF "$line" "$tree/.config" ||
			{ echo "build-kernel: $line did not survive olddefconfig" >&2; bad=1; }
	done
	[ $bad -eq 0 ] || exit 1
	echo "$want" >"$stamp"
fi

echo "build-kernel: building ${targets[*]} in $tree"
kmake "${targets[@]}"
echo "build-kernel: $(cd "$tree" && make -s kernelrelease) ready"
