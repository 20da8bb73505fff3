#!/bin/bash
# Export build/linux's commits since the base as patches/*.patch.
# Stable output (no signature, fixed abbrev, no base-commit noise) so that
# apply + export round-trips without a diff.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
tree=$top/build/linux
[ -d "$tree/.git" ] || { echo "export-patches: no tree; run make tree" >&2; exit 1; }
if [ -n "$(git -C "$tree" status --porcelain --untracked-files=no)" ]; then
	echo "export-patches: build/linux has uncommitted changes; commit them first" >&2
	exit 1
fi
rm -f "$top"/patches/[0-9][0-9][0-9][0-9]-*.patch
git -C "$tree" format-patch -q --no-signature --zero-commit --abbrev=12 \
	--full-index -o "$top/patches" orthros-base..HEAD
(cd "$top/patches" && ls [0-9][0-9][0-9][0-9]-*.patch >series)

# The cover letter lists every patch by its subject, so it never lags the
# series: the lines after the "This series" paragraph are made anew.
cover=$top/patches/cover-letter.txt
list=$(git -C "$tree" log --reverse --format=%s orthros-base..HEAD | awk '{ printf "  %2d %s\n", NR, $0 }')
n=$(printf '%02d' "$(wc -l <"$top/patches/series")")
awk -v list="$list" -v n="$n" '
	/^Subject: / { sub(/\[PATCH [0-9N]+\/[0-9N]+\]/, "[PATCH " sprintf("%0" length(n) "d", 0) "/" n "]") }
	/^This series/ { print; inlist = 1; next }
	inlist && /^$/ && !done { print; print list; print ""; done = 1; skip = 1; next }
	skip && /^Tested with/ { skip = 0 }
	!skip { print }' "$cover" >"$cover.tmp" && mv "$cover.tmp" "$cover"
echo "export-patches: $(wc -l <"$top/patches/series") patches in patches/"
