# SPDX-License-Identifier: Apache-2.0
# SPDX-FileCopyrightText: 2026 The Certlife developers
# certlifectl (the command line and the agent) loads no Qt Gui and nothing it drags in
# (OpenGL, fonts, X keyboard): PDF reports are drawn by the helper, which does.
# Arguments: the certlifectl and certlife-report-pdf programs of the build.
set -euo pipefail
ctl=$1 helper=$2
fail() { echo "FAIL: $*" >&2; exit 1; }
gui='libQt6(Gui|Widgets|OpenGL)|libGLX?\.|libEGL|libxkbcommon|libfontconfig|libfreetype|libharfbuzz'
libraries=$(ldd "$ctl") || fail "ldd $ctl failed"
if grep -qE "$gui" <<< "$libraries"; then
    fail "$ctl loads the GUI stack: $(grep -E "$gui" <<< "$libraries" | awk '{ print $1 }' | tr '\n' ' ')"
fi
# Nor Qt Network (and the Kerberos and proxy libraries it brings): the TLS probe uses
# OpenSSL directly (docs/endpoints.md).
if grep -q 'libQt6Network' <<< "$libraries"; then fail "$ctl loads Qt Network"; fi
echo "$ctl: $(wc -l <<< "$libraries") shared libraries, none of the GUI stack, no Qt Network"
grep -q 'libQt6Gui' <<< "$(ldd "$helper")" || fail "$helper does not link Qt Gui: this test would not see it either"
echo "$helper links Qt Gui"
