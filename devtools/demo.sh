#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# The demo from a fresh Debian 12 machine: install and build (as
# devtools/test.sh does), then devtools/demo.py: the device model with one PF
# and two VFs on a TAP wire, Debian's dpdk-testpmd on the PF and on both VFs,
# frames from the kernel side through VF0 -> testpmd -> VF1 and back.
# DPDK runs on 2 MB hugepages where the machine gives them (reserved here and
# released at the end, unless they were there before), else with --no-huge;
# SRIOVNIC_HUGE=0|1 forces either.
# Usage: devtools/demo.sh [FRAMES]   Exit status 0 only if all came back intact.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
export SRIOVNIC_BUILD="${SRIOVNIC_BUILD:-build}"
"$top/devtools/build.sh" "$SRIOVNIC_BUILD"
huge="$top/devtools/hugepages.sh"
if [ "${SRIOVNIC_HUGE:-}" != 0 ] && ! "$huge" status >/dev/null 2>&1 &&
	"$huge" reserve; then
	trap '"$huge" release' EXIT
	trap 'exit 130' INT TERM
fi
/usr/bin/python3 "$top/devtools/demo.py" "$@"
