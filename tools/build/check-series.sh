#!/bin/bash
# check-series.sh [v61]: is the series bisectable?  Builds every prefix of
# patches/ (the kernel, bzImage) and reports each; with "v61", of
# patches/6.1/ on build/linux-6.1 (worktree build/series-6.1, log
# build/series-6.1.log).
#
# In a worktree of build/linux (build/series) at orthros-base, the patches
# are applied one at a time; after each, the kernel is built with
# build/linux's configuration (symbols a prefix does not define yet drop
# out through olddefconfig), incrementally and with ccache, so a run
# costs about one cold build plus a few minutes.  Ends "N of M prefixes
# build"; the exit status is 0 only if all do.
set -uo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tools/build/kernels.sh"
case ${1:-main} in
main) tree=$top/build/linux work=$top/build/series log=$top/build/series.log ;;
v61) tree=$(kernel_tree v61) work=$top/build/series-6.1 log=$top/build/series-6.1.log ;;
*) echo "usage: check-series.sh [v61]" >&2; exit 2 ;;
esac
series=$(kernel_series "${1:-main}")

[ -f "$tree/.config" ] || { echo "check-series: build the kernel first (make kernel${1:+-$1})" >&2; exit 1; }
g() { git -C "$work" -c user.name="Orthros build" -c user.email=orthros@localhost "$@"; }
if [ ! -d "$work" ] || ! git -C "$work" rev-parse HEAD >/dev/null 2>&1; then
	rm -rf "$work"
	git -C "$tree" worktree prune
	git -C "$tree" worktree add -q --detach "$work" orthros-base
fi
g checkout -q --detach orthros-base
g clean -q -fdx -e .config -e '*.o' -e '*.cmd' -e '*.a' >/dev/null

export CCACHE_DEPEND=1
jobs=$(( $(nproc) + 1 ))
: >"$log"
total=0 good=0
for p in "$series"/[0-9][0-9][0-9][0-9]-*.patch; do
	total=$((total + 1))
	if ! g am -q --keep-cr "$p" >>"$log" 2>&1; then
		g am --abort >/dev/null 2>&1
		echo "  $(basename "$p"): does not apply"
		break
	fi
	subject=$(g log -1 --format=%s)
	cp "$tree/.config" "$work/.config"
	if make -C "$work" -s -j"$jobs" CC="ccache gcc" HOSTCC="ccache gcc" olddefconfig bzImage \
		>>"$log" 2>&1; then
		good=$((good + 1))
		echo "  $(basename "$p" .patch | cut -c1-4) builds: $subject"
	else
		echo "  $(basename "$p" .patch | cut -c1-4) FAILS:  $subject (see $log)"
	fi
done
echo "check-series: $good of $total prefixes build"
[ "$good" -eq "$total" ]
