#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The sriovnic authors
#
# Runs a VNF's DPDK application in a container of its own, as a CNF gets a
# VF from the SR-IOV device plugin: new mount, network and PID namespaces,
# a PCI view (SYSFS_PCI_DEVICES) holding only the one function it was
# given, and a private /var/run/dpdk.
#
#   devtools/vnf-container.sh CARD_DIR BDF -- COMMAND [ARG]...
#
# CARD_DIR is the model's --dir. Inside, CARD_DIR holds BDF's directory and
# nothing else: the PF's and the other functions' resource0 and dma_socket
# are out of reach, so the application can attach as BDF only.
set -e
usage() {
	echo "usage: $0 CARD_DIR BDF -- COMMAND [ARG]..." >&2
	exit 2
}
[ $# -ge 4 ] && [ "$3" = "--" ] || usage
dir=$(realpath "$1")
bdf=$2
shift 3
if [ ! -S "$dir/$bdf/dma_socket" ]; then
	echo "$0: no function $bdf under $dir" >&2
	exit 1
fi
mkdir -p /var/run/dpdk
# --kill-child: the container ends with this process, also on SIGKILL
exec unshare --mount --net --pid --kill-child --mount-proc sh -c '
	set -e
	dir=$1 bdf=$2
	shift 2
	# EAL runtime files of this container only
	mount -t tmpfs -o mode=0700 sriovnic-vnf /var/run/dpdk
	# hold the function, hide the card, give the function back alone
	mkdir /var/run/dpdk/.fn
	mount --bind "$dir/$bdf" /var/run/dpdk/.fn
	mount -t tmpfs -o mode=0755 sriovnic-vnf "$dir"
	mkdir "$dir/$bdf"
	mount --move /var/run/dpdk/.fn "$dir/$bdf"
	rmdir /var/run/dpdk/.fn
	export SYSFS_PCI_DEVICES="$dir"
	exec "$@"
' sh "$dir" "$bdf" "$@"
