#!/bin/bash
# prepare-tree.sh [old|v61]
# Unpack Debian's linux-source-6.12 into build/linux as a git repository with
# one base commit, then apply patches/*.patch with git am.  With "old", the
# same for the older Debian 6.12 pinned in tools/build/kernels.sh, into its
# own tree (build/linux-<sublevel>); with "v61", Debian's linux-source-6.1
# pinned there, into build/linux-6.1, with its own series, patches/6.1/.
# Their packages are downloaded, not installed, so they never replace the
# system's linux-source-6.12.
#
# The tree is disposable: the series directory is the source of truth.  When
# the tree already carries exactly that series, nothing is done; when the
# series changed, the tree is reset to the base commit and re-patched (local
# uncommitted changes make this refuse rather than lose work).
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tools/build/kernels.sh"
kernel=${1:-main}

die() { echo "prepare-tree: $*" >&2; exit 1; }

case $kernel in
main)
	tarball=/usr/src/linux-source-6.12.tar.xz
	[ -f "$tarball" ] || die "$tarball missing: install linux-source-6.12 (make deps)"
	ver=$(dpkg-query -W -f='${Version}' linux-source-6.12 2>/dev/null || echo unknown)
	src=linux-source-6.12 ;;
old | v61)
	pkg=$(kernel_package "$kernel")
	src=${pkg%%=*} ver=${pkg#*=} ;;
*) die "usage: prepare-tree.sh [old|v61]" ;;
esac
tree=$(kernel_tree "$kernel")
series=$(kernel_series "$kernel")
export=patches
[ "$kernel" != v61 ] || export=patches-v61

# fetch DIR: a downloaded kernel's tarball, from its package ($pkg)
# downloaded and unpacked (dpkg-deb -x) in DIR; prints the tarball's path.
# apt-get download needs no root; as root, it runs unsandboxed in DIR.
fetch() {
	local opts=()
	[ "$(id -u)" -ne 0 ] || opts=(-o APT::Sandbox::User=root)
	echo "prepare-tree: downloading $pkg" >&2
	if ! (cd "$1" && apt-get download -q "${opts[@]}" "$pkg" >&2); then
		# The package lists may predate it, or be gone (a fresh container).
		[ "$(id -u)" -eq 0 ] ||
			die "apt-get download $pkg failed: run apt-get update as root, or is it still in the archive (apt-cache madison $src)?"
		# One at a time: make -j2 prepares two trees at once.
		flock "$top/build/.apt-update.lock" apt-get update -q >&2 || die "apt-get update failed"
		(cd "$1" && apt-get download -q "${opts[@]}" "$pkg" >&2) ||
			die "apt-get download $pkg failed: is it still in the archive (apt-cache madison $src)?"
	fi
	dpkg-deb -x "$1/${src}_"*.deb "$1/deb"
	echo "$1/deb/usr/src/$src.tar.xz"
}

g() { git -C "$tree" -c user.name="Orthros build" -c user.email=orthros@localhost "$@"; }

if [ ! -d "$tree/.git" ]; then
	rm -rf "$tree" "$tree.tmp"
	mkdir -p "$tree.tmp"
	if [ "$kernel" != main ]; then
		rm -rf "$tree.deb"
		mkdir -p "$tree.deb"
		tarball=$(fetch "$tree.deb")
	fi
	echo "prepare-tree: unpacking $tarball"
	tar -xJf "$tarball" -C "$tree.tmp" --strip-components=1
	# Unpacked, the downloaded package is of no more use.
	[ "$kernel" = main ] || rm -rf "$tree.deb"
	# Debian's top-level .gitignore ignores every top-level entry (it is
	# meant for the packaging repository); drop that so new files show up.
	sed -i '/^# Debian packaging/,/^!\/debian\/$/d' "$tree.tmp/.gitignore"
	git -C "$tree.tmp" init -q -b base
	g() { git -C "$tree.tmp" -c user.name="Orthros build" -c user.email=orthros@localhost "$@"; }
	g add -A -f .
	GIT_AUTHOR_DATE="2000-01-01T00:00:00Z" GIT_COMMITTER_DATE="2000-01-01T00:00:00Z" \
		g commit -q -m "Debian $src $ver"
	g tag orthros-base
	mv "$tree.tmp" "$tree"
	g() { git -C "$tree" -c user.name="Orthros build" -c user.email=orthros@localhost "$@"; }
fi

# Patch ids of the series and of the tree's commits since the base.
want=$(for p in "$series"/*.patch; do
	if [ -f "$p" ]; then git patch-id --stable <"$p" | cut -d' ' -f1; fi; done)
have=$(g log --reverse --format=%H orthros-base..HEAD | while read -r c; do
	g show "$c" | git patch-id --stable | cut -d' ' -f1; done)
if [ "$want" = "$have" ]; then
	echo "prepare-tree: ${tree#"$top"/} carries the series ($(echo -n "$want" | grep -c . || true) patches)"
	exit 0
fi

# Never drop work: commits in the tree that are not in patches/ must be
# exported (make patches, make patches-v61) or explicitly discarded
# (ORTHROS_FORCE=1).  The older kernel's tree only follows patches/: nobody
# exports from it.
for id in $have; do
	if [ "$kernel" != old ] && ! grep -qxF "$id" <<<"$want" && [ -z "${ORTHROS_FORCE:-}" ]; then
		die "${tree#"$top"/} has commits not in ${series#"$top"/}/: run 'make $export' to keep them, or ORTHROS_FORCE=1 to discard"
	fi
done
if [ -n "$(g status --porcelain --untracked-files=no)" ]; then
	die "${tree#"$top"/} has uncommitted changes and ${series#"$top"/}/ differs; commit and 'make patches', or discard them"
fi
echo "prepare-tree: applying ${series#"$top"/}/ onto orthros-base of ${tree#"$top"/} ($ver)"
g checkout -q -B orthros orthros-base
for p in "$series"/*.patch; do
	[ -f "$p" ] || continue
	g am -q --keep-cr "$p" || { g am --abort || true; die "patch $(basename "$p") does not apply to $ver"; }
done
echo "prepare-tree: $(g rev-list --count orthros-base..HEAD) patches applied"
