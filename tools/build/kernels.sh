# tools/build/kernels.sh: the kernels the build makes, by name (bash;
# sourced by the build scripts and tests/run).
#
#   main    build/linux: the series on the linux-source-6.12 Debian
#           installs (make kernel); the primary, and the usual backup
#   layout  build/linux-layout: main's commit with tools/build/layout.config
#           (make kernel-layout), a backup of other structure layouts
#   old     build/linux-<sublevel>: the series on an older Debian 6.12,
#           pinned below (make kernel-old), a primary that a live update
#           takes to main
#
# The older kernel is pinned here and only here: the Debian version of
# linux-source-6.12 it is built from (apt-cache madison linux-source-6.12).

# shellcheck shell=bash
OLD_KERNEL_DEB=6.12.107-1~deb12u1

kernels_top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

# kernel_tree NAME: the tree NAME is built in; fails for an unknown NAME.
kernel_tree() {
	local upstream
	case $1 in
	main) echo "$kernels_top/build/linux" ;;
	layout) echo "$kernels_top/build/linux-layout" ;;
	old)
		upstream=${OLD_KERNEL_DEB%%-*}
		echo "$kernels_top/build/linux-${upstream##*.}" ;;
	*) echo "kernels: no kernel '$1' (main, layout, old)" >&2; return 1 ;;
	esac
}

# kernel_image NAME: NAME's bzImage.
kernel_image() {
	local tree
	tree=$(kernel_tree "$1") || return 1
	echo "$tree/arch/x86/boot/bzImage"
}
