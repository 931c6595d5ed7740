#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The sriovnic authors
#
# Compiles the Neon bursts and the scalar bursts (with the path table that
# lists Neon) for Arm64 with Debian's cross compiler, to object files: a
# real compile, not only a syntax check. Debian ships no arm64 DPDK headers
# for an amd64 machine, so they are put together from what is here: the
# installed arch-independent headers, the Arm EAL headers of the same DPDK
# version from its source package (.deps/dpdk-src, kept by
# devtools/setup.sh) and a build config made from the installed one with
# the x86 settings swapped for Arm64 ones. Nothing is linked: that needs
# arm64 DPDK libraries.
# Exit status: 0 compiled, 77 cannot check here (no DPDK source), else failed.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
cc=$(sed -n "s/^c = '\(.*\)'$/\1/p" "$top/devtools/arm64-linux-gnu.ini")
src="$top/.deps/dpdk-src"
# the host's DPDK include directories: the generic headers, and the x86
# ones of which only the build config is of use
for d in $(pkg-config --cflags-only-I libdpdk | sed 's/-I//g'); do
	[ -f "$d/rte_mbuf.h" ] && inc=$d
	[ -f "$d/rte_build_config.h" ] && host_config=$d/rte_build_config.h
done
out="$top/build-cross-check"

if ! command -v "$cc" >/dev/null 2>&1 ||
   ! dpkg-query -W -f='${Status}' libc6-dev-arm64-cross 2>/dev/null |
	grep -q "ok installed"; then
	echo "cross-check: installing the arm64 cross compiler"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	apt-get install -y -qq --no-install-recommends gcc-aarch64-linux-gnu \
		libc6-dev-arm64-cross >/dev/null
fi
if ! [ -d "$src/lib/eal/arm/include" ]; then
	echo "cross-check: no DPDK source in $src (devtools/setup.sh fetches it when it fetches the driver-SDK headers)"
	exit 77
fi
sdk=$(ls -d "$top"/.deps/dpdk-sdk-*/include 2>/dev/null | head -n 1)

mkdir -p "$out"
cp "$src/config/rte_config.h" "$out/"
# The installed (x86) build config with the architecture swapped; the rest
# (limits, library list) is arch-independent. No libbsd for the target.
grep -v -E '^#define RTE_(ARCH|CACHE_LINE_SIZE|COMPILE_TIME_CPUFLAGS|FORCE_INTRINSICS|USE_LIBBSD)|^#undef RTE_ARCH' \
	"$host_config" \
	> "$out/rte_build_config.h"
cat >> "$out/rte_build_config.h" <<'CFG'
#define RTE_ARCH "armv8a"
#define RTE_ARCH_64 1
#define RTE_ARCH_ARM64 1
#define RTE_CACHE_LINE_SIZE 128
#define RTE_COMPILE_TIME_CPUFLAGS RTE_CPUFLAG_NEON
#define RTE_FORCE_INTRINSICS 1
CFG

drv="$top/drivers/net/sriovnic"
flags="-march=armv8-a+crc -O3 -std=gnu11 -Wall -Wextra -Werror
-Wno-unused-parameter -Wno-missing-field-initializers
-DALLOW_INTERNAL_API -DALLOW_EXPERIMENTAL_API -DSRIOVNIC_VEC_NEON
-DRTE_LOG_DEFAULT_LOGTYPE=pmd.net.sriovnic
-I$out -I$src/lib/eal/arm/include -I$inc ${sdk:+-I$sdk} -I$drv -I$drv/base -I$top/hw
-include rte_config.h"
for f in sriovnic_rxtx_vec_neon.c sriovnic_rxtx.c; do
	# shellcheck disable=SC2086
	"$cc" $flags -c "$drv/$f" -o "$out/${f%.c}.o"
	echo "cross-check: $f -> $(file -b "$out/${f%.c}.o" | cut -d, -f1-2)"
done
# the Neon kernels must be in there, not a scalar fallback
aarch64-linux-gnu-objdump -d "$out/sriovnic_rxtx_vec_neon.o" |
	grep -q -E '\btbl\b' || { echo "cross-check: no Neon table lookups in the object"; exit 1; }
echo "cross-check: ok"
