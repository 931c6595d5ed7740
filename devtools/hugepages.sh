#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# 2 MB hugepages for the demo, the tests and the benchmarks: reserves pages
# in the kernel's pool and mounts a hugetlbfs of the project's own, which
# the scripts and test/e2e/sriovnic.py pass to EAL as --huge-dir. Where the
# machine does not allow it (not root, no hugetlbfs, no free memory) it says
# so and exits 1: everything then runs with --no-huge.
#
# Usage: devtools/hugepages.sh reserve [PAGES]   (default 1536 = 3 GB)
#        devtools/hugepages.sh release           what reserve added, only
#        devtools/hugepages.sh status            exit 0 if mounted
# Environment: SRIOVNIC_HUGE_DIR   the mount (default /run/sriovnic-huge)
#
# Other users of the kernel's pool are left alone: reserve adds its pages
# to nr_hugepages and release takes back as many, never more.
set -eu

dir=${SRIOVNIC_HUGE_DIR:-/run/sriovnic-huge}
# what reserve did, for release: "<pages added> <mounted: 0|1>"
state=${dir%/}.reserved
nr=/proc/sys/vm/nr_hugepages
kb=2048

mounted() {
	awk -v d="$dir" '$2 == d && $3 == "hugetlbfs" { f = 1 } END { exit !f }' /proc/mounts
}

free_pages() {
	cat /sys/kernel/mm/hugepages/hugepages-${kb}kB/free_hugepages
}

cannot() {
	echo "hugepages: cannot reserve 2 MB pages here: $*; everything runs with --no-huge" >&2
	exit 1
}

case ${1:-status} in
reserve)
	want=${2:-1536}
	if mounted; then
		echo "hugepages: $dir mounted already, $(free_pages) pages free"
		exit 0
	fi
	[ "$(id -u)" -eq 0 ] || cannot "not root"
	grep -qw hugetlbfs /proc/filesystems || cannot "the kernel has no hugetlbfs"
	if ! [ -w $nr ] || ! [ -d /sys/kernel/mm/hugepages/hugepages-${kb}kB ]; then
		cannot "no 2 MB page pool to write"
	fi
	before=$(cat $nr)
	echo $((before + want)) > $nr 2>/dev/null || cannot "writing $nr failed"
	added=$(($(cat $nr) - before))
	if [ "$added" -lt "$want" ]; then
		echo "$before" > $nr
		cannot "the kernel gave $added of $want pages (memory fragmented or short)"
	fi
	mkdir -p "$dir"
	chmod 0755 "$dir"
	if ! mount -t hugetlbfs -o pagesize=2M,mode=0755 nodev "$dir" 2>/dev/null; then
		echo $(($(cat $nr) - added)) > $nr
		rmdir "$dir" 2>/dev/null || true
		cannot "mounting hugetlbfs on $dir failed"
	fi
	echo "$added 1" > "$state"
	echo "hugepages: $added pages of 2 MB reserved, hugetlbfs on $dir"
	;;
release)
	[ -f "$state" ] || exit 0
	read -r added mnt < "$state"
	if [ "$mnt" = 1 ] && mounted; then
		# the files of a process killed outright hold pages until removed
		find "$dir" -mindepth 1 -delete 2>/dev/null || true
		umount "$dir" || { echo "hugepages: $dir is busy, left mounted" >&2; exit 1; }
		rmdir "$dir" 2>/dev/null || true
	fi
	cur=$(cat $nr)
	echo $((cur > added ? cur - added : 0)) > $nr
	rm -f "$state"
	echo "hugepages: released $added pages, unmounted $dir"
	;;
status)
	if mounted; then
		echo "hugepages: $dir, $(free_pages) of $(cat $nr) pages free"
	else
		echo "hugepages: none ($dir not mounted): --no-huge"
		exit 1
	fi
	;;
*)
	echo "usage: $0 reserve [PAGES] | release | status" >&2
	exit 2
	;;
esac
