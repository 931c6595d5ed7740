#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Everything from a fresh Debian 12 machine: install (devtools/setup.sh),
# build, unit tests (meson test), the fuzzers, the Arm64 cross
# compile, end-to-end tests (test/e2e/run.py).
# The last line is `N passed, N failed` over unit and e2e tests together;
# the exit status is nonzero if anything failed.
#
# The e2e suite runs on 2 MB hugepages (devtools/hugepages.sh reserves and
# mounts them, and releases them at the end unless they were there before)
# and a smoke set of it with --no-huge; where the machine gives no
# hugepages, the suite runs with --no-huge and the smoke set is skipped.
#
# Environment: SRIOVNIC_BUILD   build directory (default: build)
#              SRIOVNIC_E2E     e2e selection passed to test/e2e/run.py,
#                               e.g. "test_datapath.py::wire_to_vf"
#              SRIOVNIC_HUGE=0  the suite with --no-huge, the smoke set on
#                               hugepages (1: the suite on hugepages)
#              SRIOVNIC_E2E_VERBOSE=1  log every step of the e2e tests
set -u

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
build=${SRIOVNIC_BUILD:-build}
export SRIOVNIC_BUILD="$build"
py=/usr/bin/python3

passed=0
failed=0
summary() {
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ]
	exit
}

echo "=== setup and build ($build)"
if ! devtools/build.sh "$build"; then
	echo "FAIL build: devtools/build.sh failed"
	failed=$((failed + 1))
	summary
fi

echo "=== unit tests (meson test -C $build)"
log="$build/meson-logs/testlog.json"
rm -f "$log"
meson test -C "$build" --no-rebuild --print-errorlogs --num-processes 2
mrc=$?
if [ -f "$log" ]; then
	# one JSON object per test: count OK / EXPECTEDFAIL as passed,
	# SKIP as neither, everything else (FAIL, TIMEOUT, ERROR, ...) as failed
	counts=$("$py" - "$log" <<'EOF'
import json, sys
p = f = 0
for line in open(sys.argv[1]):
    line = line.strip()
    if not line:
        continue
    r = json.loads(line).get('result')
    if r in ('OK', 'EXPECTEDFAIL'):
        p += 1
    elif r != 'SKIP':
        f += 1
print(p, f)
EOF
)
	# shellcheck disable=SC2086
	set -- $counts
	passed=$((passed + ${1:-0}))
	failed=$((failed + ${2:-1}))
elif [ $mrc -ne 0 ]; then
	echo "FAIL unit tests: meson test exited $mrc without a test log"
	failed=$((failed + 1))
fi
unit_p=$passed unit_f=$failed
echo "unit: $unit_p passed, $unit_f failed"

echo "=== fuzz: PF mailbox handler, hostile VF and hostile VF state records against the model (devtools/fuzz.sh, bounded)"
if devtools/fuzz.sh "${SRIOVNIC_FUZZ_SECONDS:-20}"; then
	passed=$((passed + 1))
else
	echo "FAIL fuzz"
	failed=$((failed + 1))
fi

echo "=== Arm64: Neon and scalar bursts cross-compiled (devtools/cross-check.sh)"
devtools/cross-check.sh
rc=$?
if [ $rc -eq 0 ]; then
	passed=$((passed + 1))
elif [ $rc -ne 77 ]; then
	echo "FAIL cross-check: exit status $rc"
	failed=$((failed + 1))
fi

echo "=== the driver without the device model transport (-Dmodel_transport=false)"
nomodel=${SRIOVNIC_BUILD:-build}-nomodel
if log=$({ [ -f "$nomodel/build.ninja" ] ||
	   meson setup "$nomodel" -Dmodel_transport=false; } &&
	 meson compile -C "$nomodel" rte_net_sriovnic 2>&1); then
	passed=$((passed + 1))
else
	echo "$log" | tail -n 30
	echo "FAIL driver without the model transport"
	failed=$((failed + 1))
fi

echo "=== hugepages (devtools/hugepages.sh)"
if devtools/hugepages.sh status; then
	echo "hugepages: reserved before this run, kept after it"
elif devtools/hugepages.sh reserve; then
	trap 'devtools/hugepages.sh release' EXIT
	trap 'exit 130' INT TERM
fi
if devtools/hugepages.sh status >/dev/null 2>&1; then
	mode=${SRIOVNIC_HUGE:-1}
else
	mode=${SRIOVNIC_HUGE:-0}
fi
mode_name() {
	if [ "$1" = 1 ]; then echo "on hugepages"; else echo "with --no-huge"; fi
}

# run_e2e MODE TITLE [SELECTION...]: adds its counts to passed/failed
run_e2e() {
	local m=$1 out line
	echo "=== end-to-end tests: $2 $(mode_name "$m")"
	shift 2
	out=$(mktemp)
	SRIOVNIC_HUGE=$m "$py" test/e2e/run.py "$@" | tee "$out"
	line=$(grep '^e2e: [0-9]* passed, [0-9]* failed$' "$out" | tail -n 1)
	rm -f "$out"
	if [ -n "$line" ]; then
		# shellcheck disable=SC2086
		set -- $line
		passed=$((passed + $2))
		failed=$((failed + $4))
	else
		echo "FAIL e2e: the runner did not finish"
		failed=$((failed + 1))
	fi
}

# shellcheck disable=SC2086
run_e2e "$mode" "the suite" ${SRIOVNIC_E2E:-}
if [ "$mode" = 1 ] || devtools/hugepages.sh status >/dev/null 2>&1; then
	# data path, memory layouts, control, one flow rule set, one offload
	run_e2e $((1 - mode)) "smoke set" test_datapath.py::vf_to_wire \
		test_datapath.py::memory_layouts test_control.py::link_state \
		test_flow.py::vf_rules test_offloads.py::rx_checksum_flags
else
	echo "=== end-to-end smoke set on hugepages: skipped, the machine gives none"
fi
summary
