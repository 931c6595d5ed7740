#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Builds the libFuzzer targets with clang (ASan + UBSan) and runs each for
# a bounded time: fuzz_pf_mbx, the PF's VF-message handler, over its kept
# corpus; fuzz_emu_dma, a hostile VF driver against the device model.
# Usage: devtools/fuzz.sh [seconds per target, default 20]
# Exit 0: no crash found.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
secs=${1:-20}
out=${SRIOVNIC_BUILD:-build}/fuzz
case $out in /*) ;; *) out=$top/$out ;; esac
mkdir -p "$out"
base=$top/drivers/net/sriovnic/base
emu=$top/app/sriovnic-emu
# the driver-SDK headers the model's wire uses (ethdev_driver.h), where
# meson.build finds them when the installed DPDK lacks them
sdk=$top/.deps/dpdk-sdk-$(dpkg-query -W -f='${source:Version}' \
	libdpdk-dev)/include
cflags="-g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
	-DALLOW_INTERNAL_API -DALLOW_EXPERIMENTAL_API -I$base -I$top/hw -I$sdk
	$(pkg-config --cflags libdpdk)"
libs=$(pkg-config --libs libdpdk)

# shellcheck disable=SC2086
clang $cflags "$top/test/fuzz/fuzz_pf_mbx.c" "$base/sriovnic_pf_mbx.c" \
	"$base/sriovnic_pf_admin.c" "$base/sriovnic_switch.c" \
	"$base/sriovnic_pf_flow.c" "$base/sriovnic_flow_rule.c" \
	"$base/sriovnic_pf_tm.c" "$base/sriovnic_tm.c" \
	"$base/sriovnic_mbx.c" $libs -o "$out/fuzz_pf_mbx"
# the model without its main()s, as app/sriovnic-emu builds it
emu_srcs=
for src in "$emu"/*.c; do
	case ${src##*/} in
	main.c | bench.c) ;;
	*) emu_srcs="$emu_srcs $src" ;;
	esac
done
# shellcheck disable=SC2086
clang $cflags -D_GNU_SOURCE -I"$emu" -I"$top/test/model" \
	"$top/test/fuzz/fuzz_emu_dma.c" \
	$emu_srcs $libs -o "$out/fuzz_emu_dma"

# new inputs go to a scratch directory; the kept corpus is only read
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for target in fuzz_pf_mbx fuzz_emu_dma; do
	corpus=$top/test/fuzz/corpus
	[ $target = fuzz_emu_dma ] && corpus=$top/test/fuzz/corpus_emu_dma
	mkdir -p "$work/$target"
	"$out/$target" -max_total_time="$secs" -timeout=5 -rss_limit_mb=1024 \
		-max_len=4096 -artifact_prefix="$out/$target-" \
		-print_final_stats=1 "$work/$target" "$corpus" \
		2>"$out/$target.log" || {
		tail -n 30 "$out/$target.log"
		echo "fuzz: $target: crash found, input saved in $out/"
		exit 1
	}
	grep -E '^stat::number_of_executed_units' "$out/$target.log" |
		sed "s/.*: */fuzz: $target: runs without a crash: /"
done
