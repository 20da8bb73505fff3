#!/bin/bash
# export-patches.sh [v61]
# Export build/linux's commits since the base as patches/*.patch; with
# "v61", build/linux-6.1's as patches/6.1/*.patch (tools/build/kernels.sh).
# Stable output (no signature, fixed abbrev, no base-commit noise) so that
# apply + export round-trips without a diff.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tools/build/kernels.sh"
kernel=${1:-main}
case $kernel in
main | v61) ;;
*) echo "usage: export-patches.sh [v61]" >&2; exit 2 ;;
esac
tree=$(kernel_tree "$kernel")
out=$(kernel_series "$kernel")
[ -d "$tree/.git" ] || { echo "export-patches: no ${tree#"$top"/}; run make tree (or kernel-$kernel)" >&2; exit 1; }
if [ -n "$(git -C "$tree" status --porcelain --untracked-files=no)" ]; then
	echo "export-patches: ${tree#"$top"/} has uncommitted changes; commit them first" >&2
	exit 1
fi
mkdir -p "$out"
rm -f "$out"/[0-9][0-9][0-9][0-9]-*.patch
git -C "$tree" format-patch -q --no-signature --zero-commit --abbrev=12 \
	--full-index -o "$out" orthros-base..HEAD
(cd "$out" && ls [0-9][0-9][0-9][0-9]-*.patch >series)

# The cover letter lists every patch by its subject, so it never lags the
# series: the lines after the "This series" paragraph are made anew.
cover=$out/cover-letter.txt
list=$(git -C "$tree" log --reverse --format=%s orthros-base..HEAD | awk '{ printf "  %2d %s\n", NR, $0 }')
n=$(printf '%02d' "$(wc -l <"$out/series")")
awk -v list="$list" -v n="$n" '
	/^Subject: / { sub(/\[PATCH [0-9N]+\/[0-9N]+\]/, "[PATCH " sprintf("%0" length(n) "d", 0) "/" n "]") }
	/^This series/ { print; inlist = 1; next }
	inlist && /^$/ && !done { print; print list; print ""; done = 1; skip = 1; next }
	skip && /^Tested with/ { skip = 0 }
	!skip { print }' "$cover" >"$cover.tmp" && mv "$cover.tmp" "$cover"
echo "export-patches: $(wc -l <"$out/series") patches in ${out#"$top"/}/"
