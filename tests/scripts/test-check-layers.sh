# SPDX-License-Identifier: Apache-2.0
# SPDX-FileCopyrightText: 2026 The Certlife developers
# The layer check (scripts/check-layers, run by the build before any core library or
# certlifectl compiles): it passes on the tree as it is; every core library and
# certlifectl waits for it; and on copies of the tree (never the tree itself) with a
# planted fault it fails naming the fault: an include of a folder the target does not
# link (the whole build, configured from the copy, stops on it), a cycle of declared
# dependencies, a declaration nothing uses, a folder without a library.
set -euo pipefail
SRC=${CERTLIFE_SOURCE_DIR:?}
BUILD=${CERTLIFE_BUILD_DIR:?}
CHECK=$SRC/scripts/check-layers
LAYERS=$BUILD/layers.txt
fail() { echo "FAIL: $*" >&2; exit 1; }
# Scratch space in the build tree: nothing outside the build and the source tree is touched.
SCRATCH=$BUILD/script-tests/check-layers
rm -rf "$SCRATCH"
mkdir -p "$SCRATCH"

# expect_failure NAME PATTERN ARGS...: check-layers ARGS fails and says PATTERN.
expect_failure() {
    local name=$1 pattern=$2; shift 2
    if "$CHECK" "$@" > "$SCRATCH/$name.out" 2>&1; then
        fail "$name: the check passed: $(cat "$SCRATCH/$name.out")"
    fi
    grep -qE "$pattern" "$SCRATCH/$name.out" || fail "$name: no '$pattern' in: $(cat "$SCRATCH/$name.out")"
    echo "$name: fails as it should: $(grep -m1 -E "$pattern" "$SCRATCH/$name.out" | cut -c1-160)"
}

# 1. The tree as it is.
[ -f "$LAYERS" ] || fail "$LAYERS is missing: CMake writes it when it generates the build"
"$CHECK" "$LAYERS" || fail "the layers of the tree do not hold (see above)"
grep -q '^certlife-x509 core/x509 ' "$LAYERS" || fail "layers.txt does not list certlife-x509: $(cat "$LAYERS")"
grep -q '^certlifectl app/cli ' "$LAYERS" || fail "layers.txt does not list certlifectl"
echo "the tree: every include is declared, no cycle"

# 2. Building any checked target runs the check first (Ninja: the commands it needs).
if [ -f "$BUILD/build.ninja" ] && command -v ninja > /dev/null; then
    for target in $(awk '!/^#/ && $1 != "source-root" { print $1 }' "$LAYERS"); do
        ninja -C "$BUILD" -t commands "$target" > "$SCRATCH/commands.txt"
        grep -q 'scripts/check-layers' "$SCRATCH/commands.txt" || fail "building $target does not run scripts/check-layers"
    done
    echo "every checked target runs the check before it is built"
fi

# A copy of the tree to plant faults in.
copy() {
    rm -rf "$SCRATCH/tree"
    mkdir -p "$SCRATCH/tree"
    (cd "$SRC" && tar -cf - --exclude='./build*' --exclude=./.git --exclude=./dist .) | tar -xf - -C "$SCRATCH/tree"
}
# plant FILE TEXT: inserts TEXT as FILE's line 3 (after the SPDX header).
plant() { sed -i "3i $2" "$SCRATCH/tree/$1"; }

# 3. An include of a folder the target does not link: x509 is the bottom of core.
copy
plant core/x509/Certificate.cpp '#include "models/Inventory.h"'
expect_failure undeclared 'core/x509/Certificate\.cpp:3: error: includes "models/…", but certlife-x509 does not link certlife-models' \
    "$LAYERS" --source-root "$SCRATCH/tree"
# certlifectl is held to what it links too: the console's models are not among it.
copy
plant app/cli/ScanCommand.cpp '#include "models/Inventory.h"'
expect_failure program 'app/cli/ScanCommand\.cpp:3: error: .*certlifectl does not link certlife-models' \
    "$LAYERS" --source-root "$SCRATCH/tree"

# 4. A cycle: x509 declares (and uses) notify, which is above it.
copy
plant core/x509/Certificate.cpp '#include "notify/ExpiryAlert.h"'
sed -E 's#^(certlife-x509 core/x509 .*)$#\1 certlife-notify#' "$LAYERS" > "$SCRATCH/cycle.txt"
expect_failure cycle 'cycle: certlife-[a-z0-9]+ → .*certlife-x509 → .*certlife-notify' \
    "$SCRATCH/cycle.txt" --source-root "$SCRATCH/tree"

# 5. A declaration nothing uses.
sed -E 's#^(certlife-util core/util .*)$#\1 certlife-x509#' "$LAYERS" > "$SCRATCH/unused.txt"
expect_failure unused 'certlife-util links certlife-x509, but none of its files includes "x509/…"' \
    "$SCRATCH/unused.txt" --source-root "$SRC"

# 6. A folder of core without a library.
copy
mkdir "$SCRATCH/tree/core/orphan"
printf '// SPDX-License-Identifier: Apache-2.0\n#pragma once\n' > "$SCRATCH/tree/core/orphan/Orphan.h"
expect_failure orphan 'core/orphan: error: a folder of core without a library' "$LAYERS" --source-root "$SCRATCH/tree"

# 7. The build itself stops: the copy with the planted include, configured on its own.
if command -v ninja > /dev/null; then
    copy
    plant core/x509/Certificate.cpp '#include "models/Inventory.h"'
    cmake -S "$SCRATCH/tree" -B "$SCRATCH/tree/build" -G Ninja -DCERTLIFE_BUILD_TESTS=OFF \
        -DCERTLIFE_BUILD_BENCH=OFF > "$SCRATCH/configure.log" 2>&1 ||
        fail "configuring the copy failed: $(tail -20 "$SCRATCH/configure.log")"
    if cmake --build "$SCRATCH/tree/build" --target certlife-layer-check > "$SCRATCH/build.log" 2>&1; then
        fail "the build of the copy with a planted include passed: $(cat "$SCRATCH/build.log")"
    fi
    grep -q 'core/x509/Certificate.cpp:3: error: includes "models/' "$SCRATCH/build.log" ||
        fail "the failed build does not name the file and line: $(cat "$SCRATCH/build.log")"
    echo "cmake --build of the copy fails on the planted include, naming core/x509/Certificate.cpp:3"
fi
rm -rf "$SCRATCH"
