# SPDX-License-Identifier: Apache-2.0
# SPDX-FileCopyrightText: 2026 The Certlife developers
# Shared by the packaging tests: fail/skip helpers and a scratch directory in the build
# tree (not /tmp: nothing outside the build and the source tree is touched).
set -euo pipefail
SRC=${CERTLIFE_SOURCE_DIR:?}
BUILD=${CERTLIFE_BUILD_DIR:?}
CTL=$BUILD/app/certlifectl
fail() { echo "FAIL: $*" >&2; exit 1; }
skip() { echo "SKIPPED: $*"; exit 77; }
need() { for tool in "$@"; do command -v "$tool" >/dev/null || skip "$tool is not installed (scripts/setup installs it)"; done; }
scratch() {
    SCRATCH=$BUILD/packaging-tests/$1
    rm -rf "$SCRATCH"
    mkdir -p "$SCRATCH"
}
# The commands `certlifectl --help` lists.
help_commands() { "$1" --help | awk '/^Commands:/ { on = 1; next } /^$/ { on = 0 } on { print $1 }'; }
