#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Builds the libFuzzer target of the PF's VF-message handler with clang
# (ASan + UBSan) and runs it for a bounded time over the kept corpus.
# Usage: devtools/fuzz.sh [seconds, default 20]   Exit 0: no crash found.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
secs=${1:-20}
out=${SRIOVNIC_BUILD:-build}/fuzz
case $out in /*) ;; *) out=$top/$out ;; esac
mkdir -p "$out"
base=$top/drivers/net/sriovnic/base

# shellcheck disable=SC2046
clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	-DALLOW_EXPERIMENTAL_API -I"$base" $(pkg-config --cflags libdpdk) \
	"$top/test/fuzz/fuzz_pf_mbx.c" "$base/sriovnic_pf_mbx.c" \
	"$base/sriovnic_pf_admin.c" "$base/sriovnic_switch.c" \
	"$base/sriovnic_pf_flow.c" "$base/sriovnic_flow_rule.c" \
	"$base/sriovnic_pf_tm.c" "$base/sriovnic_tm.c" \
	"$base/sriovnic_mbx.c" $(pkg-config --libs libdpdk) -o "$out/fuzz_pf_mbx"

# new inputs go to a scratch directory; the kept corpus is only read
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$out/fuzz_pf_mbx" -max_total_time="$secs" -timeout=5 -rss_limit_mb=1024 \
	-max_len=4096 -artifact_prefix="$out/" -print_final_stats=1 \
	"$work" "$top/test/fuzz/corpus" 2>"$out/fuzz.log" || {
	tail -n 30 "$out/fuzz.log"
	echo "fuzz: crash found, input saved in $out/"
	exit 1
}
grep -E '^stat::number_of_executed_units' "$out/fuzz.log" |
	sed 's/.*: */fuzz: runs without a crash: /'
