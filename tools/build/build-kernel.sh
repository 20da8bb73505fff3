#!/bin/bash
# build-kernel.sh [layout|old|v61]
# Configure (tinyconfig + tools/build/guest.config + Kconfig.fragment) and
# build the patched kernel in build/linux with ccache.  With "layout", build
# the same commit in build/linux-layout (a git worktree) with
# tools/build/layout.config on top: a backup kernel whose structures are
# laid out differently, for the version-independence test.  With "old",
# build the older Debian 6.12's tree (tools/build/kernels.sh,
# prepare-tree.sh old) with the same configuration and tools/build/old.config
# on top (no debug info): a primary to update from.  Its bzImage only: the
# primary's initramfs loads no Orthros module.  With "v61", the same for
# the 6.1 tree and its own series (prepare-tree.sh v61), with
# tools/build/v61.config on top (what 6.1 needs beyond guest.config for the
# same guest, and no debug info): a primary of another major version.
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tools/build/kernels.sh"
tree=$top/build/linux
frags=("$top/tools/build/guest.config" "$top/Kconfig.fragment")
targets=(bzImage modules)
case ${1:-main} in
main | layout) ;;
old | v61)
	tree=$(kernel_tree "$1")
	[ -d "$tree/.git" ] || { echo "build-kernel: no $tree: run prepare-tree.sh $1" >&2; exit 1; }
	# What this kernel needs beyond guest.config for the same guest.
	[ ! -f "$top/tools/build/$1.config" ] || frags+=("$top/tools/build/$1.config")
	targets=(bzImage) ;;
*) echo "usage: build-kernel.sh [layout|old|v61]" >&2; exit 2 ;;
esac
if [ "${1:-}" = layout ]; then
	head=$(git -C "$tree" rev-parse HEAD)
	# A worktree of an earlier build/linux that is gone: start again.
	if [ -d "$top/build/linux-layout" ] &&
	   ! git -C "$top/build/linux-layout" rev-parse HEAD >/dev/null 2>&1; then
		rm -rf "$top/build/linux-layout"
		git -C "$tree" worktree prune
	fi
	if [ ! -d "$top/build/linux-layout" ]; then
		git -C "$tree" worktree add -q --detach "$top/build/linux-layout" "$head"
	elif [ "$(git -C "$top/build/linux-layout" rev-parse HEAD)" != "$head" ]; then
		git -C "$top/build/linux-layout" checkout -q --detach "$head"
	fi
	tree=$top/build/linux-layout
	frags+=("$top/tools/build/layout.config")
	# modules: for Module.symvers, which the Orthros modules build against.
	targets=(bzImage modules)
fi
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
