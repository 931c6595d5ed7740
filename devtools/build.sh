#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Installs what the project needs (devtools/setup.sh), configures the build
# directory if it is not configured yet and builds it.
# Usage: devtools/build.sh [BUILDDIR]   (default: build, or $SRIOVNIC_BUILD)
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-${SRIOVNIC_BUILD:-build}}
case $build in
/*) ;;
*) build="$top/$build" ;;
esac

"$top/devtools/setup.sh"

if ! [ -f "$build/build.ninja" ]; then
	if [ -d "$build/meson-private" ]; then
		# a half-configured directory: start it over
		meson setup --wipe "$build" "$top"
	else
		meson setup "$build" "$top"
	fi
fi
ninja -C "$build"
