# tools/build/kernels.sh: the kernels the build makes, by name (bash;
# sourced by the build scripts and tests/run).
#
#   main    build/linux: the series on the linux-source-6.12 Debian
#           installs (make kernel); the primary, and the usual backup
#   old     build/linux-<sublevel>: the series on an older Debian 6.12,
#           pinned below, with tools/build/layout.config (make
#           kernel-old): a primary that a live update takes to main, and
#           a backup of another version and other structure layouts
#           (the layout scenarios, every other kernel of the chain)
#   v61     build/linux-6.1: the primary side of the series ported to
#           Debian's linux-source-6.1 (its own series, patches/6.1/),
#           pinned below (make kernel-v61), a primary that main takes
#           over across a major version
#
# The downloaded kernels are pinned here and only here: the Debian
# versions of linux-source-6.12 and linux-source-6.1 they are built from
# (apt-cache madison linux-source-6.12 / linux-source-6.1).

# shellcheck shell=bash
OLD_KERNEL_DEB=6.12.107-1~deb12u1
V61_KERNEL_DEB=6.1.192-3

kernels_top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

# kernel_tree NAME: the tree NAME is built in; fails for an unknown NAME.
kernel_tree() {
	local upstream
	case $1 in
	main) echo "$kernels_top/build/linux" ;;
	old)
		upstream=${OLD_KERNEL_DEB%%-*}
		echo "$kernels_top/build/linux-${upstream##*.}" ;;
	v61) echo "$kernels_top/build/linux-6.1" ;;
	*) echo "kernels: no kernel '$1' (main, old, v61)" >&2; return 1 ;;
	esac
}

# kernel_series NAME: the directory of the series NAME's tree carries.
kernel_series() {
	case $1 in
	main | old) echo "$kernels_top/patches" ;;
	v61) echo "$kernels_top/patches/6.1" ;;
	*) echo "kernels: no kernel '$1' (main, old, v61)" >&2; return 1 ;;
	esac
}

# kernel_package NAME: the Debian linux-source package=version a
# downloaded kernel is built from; nothing for main (the one installed).
kernel_package() {
	case $1 in
	old) echo "linux-source-6.12=$OLD_KERNEL_DEB" ;;
	v61) echo "linux-source-6.1=$V61_KERNEL_DEB" ;;
	esac
}

# kernel_image NAME: NAME's bzImage.
kernel_image() {
	local tree
	tree=$(kernel_tree "$1") || return 1
	echo "$tree/arch/x86/boot/bzImage"
}
