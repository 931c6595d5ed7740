#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The sriovnic authors
#
# Builds and runs app/sriovnic-bench, the device-less benchmark of the burst
# paths (see doc/performance.md). Arguments before "--" go to EAL (for
# example --force-max-simd-bitwidth=512), the ones after it to the
# benchmark (--packets N --runs N --paths scalar,avx2 --ring N --burst N
# --mbuf-room BYTES --fast-free).
# On the project's 2 MB hugepages where they are mounted
# (devtools/hugepages.sh), else with --no-huge.
# Environment: SRIOVNIC_BUILD   build directory (default: build)
#              SRIOVNIC_HUGE=0|1  forces --no-huge or hugepages
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
build=${SRIOVNIC_BUILD:-build}
case $build in
/*) ;;
*) build="$top/$build" ;;
esac

if [ -f "$build/build.ninja" ]; then
	ninja -C "$build" app/sriovnic-bench/sriovnic-bench >/dev/null
else
	"$top/devtools/build.sh" "$build"
fi

eal=""
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
	eal="$eal $1"
	shift
done
[ $# -gt 0 ] && shift

huge=${SRIOVNIC_HUGE_DIR:-/run/sriovnic-huge}
if [ "${SRIOVNIC_HUGE:-}" != 0 ] && "$top/devtools/hugepages.sh" status >/dev/null 2>&1; then
	mem="--huge-dir $huge"
elif [ "${SRIOVNIC_HUGE:-}" = 1 ]; then
	"$top/devtools/hugepages.sh" status
	exit 1
else
	mem="--no-huge"
fi
echo "bench: memory $mem"

prefix="sriovnic-bench-$$"
# EAL leaves its hugepage files behind
trap 'rm -rf "/var/run/dpdk/$prefix" "$huge/${prefix}map_"*' EXIT INT TERM
# one lcore, the last CPU; the fake card runs on it too, between rounds
cpu=$(($(nproc) - 1))
# shellcheck disable=SC2086
"$build/app/sriovnic-bench/sriovnic-bench" $mem -m 512 --no-pci \
	--no-shconf --file-prefix "$prefix" -l "$cpu" --vdev net_null0 \
	--log-level=lib.eal:error $eal -- "$@" 2>&1 | grep -v '^TELEMETRY:'
