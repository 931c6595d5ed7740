#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Installs what sriovnic needs on Debian 12 and fetches the DPDK driver-SDK
# headers that libdpdk-dev does not ship. Idempotent: a second run only checks.
# With --hugepages it also reserves 2 MB pages and mounts the project's
# hugetlbfs (devtools/hugepages.sh reserve), or says why it cannot: the
# demo, the tests and the benchmarks then run on them, else with --no-huge.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
deps="$top/.deps"

# openvswitch-switch-dpdk: test_ovs.py runs its own ovs-vswitchd-dpdk;
# Debian's openvswitch-switch service is not used.
pkgs="dpdk dpdk-dev libdpdk-dev meson ninja-build libbsd-dev libjansson-dev pkg-config gcc
python3 python3-scapy python3-pexpect tcpdump iproute2 iputils-ping
python3-pyelftools dpkg-dev xz-utils clang libclang-rt-14-dev openvswitch-switch-dpdk"

missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing="$missing $p"
done
if [ -n "$missing" ]; then
	echo "setup: installing$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

if [ "${1:-}" = --hugepages ]; then
	"$top/devtools/hugepages.sh" reserve || true
fi

# Debian's source package of exactly the installed libdpdk: its
# buildtools/pmdinfogen.py, and the driver-SDK headers unless the installed
# DPDK ships them itself.
inc=$(pkg-config --variable=includedir libdpdk)
srcver=$(dpkg-query -W -f='${source:Version}' libdpdk-dev)
sdk="$deps/dpdk-sdk-$srcver"
if [ -f "$inc/dpdk/ethdev_driver.h" ] || [ -f "$inc/ethdev_driver.h" ]; then
	sdk=""
fi
if { [ -z "$sdk" ] || [ -f "$sdk/include/bus_pci_driver.h" ]; } &&
	[ -f "$deps/dpdk-src/buildtools/pmdinfogen.py" ]; then
	exit 0
fi

echo "setup: fetching the source of dpdk $srcver"
work="$deps/apt"
rm -rf "$work" && mkdir -p "$work/lists/partial" "$work/cache/archives/partial" "$work/src"
# deb-src entry made from the repository the installed package came from;
# the system's own apt configuration is left untouched.
apt-cache policy libdpdk-dev | awk -v v="$srcver" '
	$0 ~ "^ +(\\*\\*\\* )?" v "( |$)" { want = 1; next }
	want && $2 ~ /^(https?|file):/ {
		split($3, sc, "/"); print "deb-src [trusted=yes] " $2 " " sc[1] " " sc[2]; exit }
	/^ +(\*\*\* )?[0-9]/ { want = 0 }' > "$work/sources.list"
if ! [ -s "$work/sources.list" ]; then
	# the binary version may differ from the source version (binNMU)
	apt-cache policy libdpdk-dev | awk '$2 ~ /^https?:/ { split($3, sc, "/");
		print "deb-src [trusted=yes] " $2 " " sc[1] " " sc[2]; exit }' > "$work/sources.list"
fi
aptopts="-o Dir::Etc::SourceList=$work/sources.list -o Dir::Etc::SourceParts=/dev/null
-o Dir::State::Lists=$work/lists -o Dir::Cache=$work/cache -o APT::Sandbox::User=root"
# shellcheck disable=SC2086
apt-get $aptopts update -qq
# shellcheck disable=SC2086
(cd "$work/src" && apt-get $aptopts source -qq --download-only "dpdk=$srcver")
dsc=$(ls "$work/src"/*.dsc)
(cd "$work/src" && dpkg-source --no-check -x "$dsc" dpdk >/dev/null)
if [ -n "$sdk" ]; then
	mkdir -p "$sdk/include"
	for h in lib/ethdev/ethdev_driver.h lib/ethdev/ethdev_pci.h lib/ethdev/ethdev_vdev.h \
		lib/eal/include/dev_driver.h lib/eal/include/bus_driver.h \
		drivers/bus/pci/bus_pci_driver.h drivers/bus/vdev/bus_vdev_driver.h; do
		cp "$work/src/dpdk/$h" "$sdk/include/"
	done
	echo "setup: headers in $sdk/include"
fi
# keep the source tree: the build runs its pmdinfogen, and it is the
# reference for DPDK internals
rm -rf "$deps/dpdk-src" && mv "$work/src/dpdk" "$deps/dpdk-src"
rm -rf "$work"
