#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Builds the libFuzzer targets with clang (ASan + UBSan) and runs each for
# a bounded time: fuzz_pf_mbx, the PF's VF-message handler, over its kept
# corpus; fuzz_emu_dma, a hostile VF driver against the device model;
# fuzz_emu_vfstate, a hostile PF's VF state record against the model.
# Usage: devtools/fuzz.sh [seconds per target, default 20]
# Exit 0: no crash found.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
secs=${1:-20}
out=${SRIOVNIC_BUILD:-build}/fuzz
case $out in /*) ;; *) out=$top/$out ;; esac

# a build of its own with clang, libFuzzer, ASan and UBSan (-Dfuzz=true);
# meson lists the sources of the base and the model
if ! [ -f "$out/build.ninja" ]; then
	rm -rf "$out"
	mkdir -p "$out"
	CC=clang meson setup -Dfuzz=true -Doptimization=1 -Ddebug=true \
		"$out" "$top" >"$out/setup.log" 2>&1 || {
		cat "$out/setup.log"
		exit 1
	}
fi
targets="fuzz_pf_mbx fuzz_emu_dma fuzz_emu_vfstate"
# shellcheck disable=SC2086 # one word per target
ninja -C "$out" $(printf 'test/fuzz/%s ' $targets) \
	>"$out/ninja.log" 2>&1 || { cat "$out/ninja.log"; exit 1; }

# new inputs go to a scratch directory; the kept corpus is only read
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for target in $targets; do
	# fuzz_emu_X's corpus is corpus_emu_X
	case $target in
	fuzz_emu_*) corpus=$top/test/fuzz/corpus_${target#fuzz_} ;;
	*) corpus=$top/test/fuzz/corpus ;;
	esac
	mkdir -p "$work/$target"
	"$out/test/fuzz/$target" -max_total_time="$secs" -timeout=5 \
		-rss_limit_mb=1024 -max_len=4096 -artifact_prefix="$out/$target-" \
		-print_final_stats=1 "$work/$target" "$corpus" \
		2>"$out/$target.log" || {
		tail -n 30 "$out/$target.log"
		echo "fuzz: $target: crash found, input saved in $out/"
		exit 1
	}
	grep -E '^stat::number_of_executed_units' "$out/$target.log" |
		sed "s/.*: */fuzz: $target: runs without a crash: /"
done
