# SPDX-License-Identifier: Apache-2.0
# SPDX-FileCopyrightText: 2026 The Certlife developers
# The Debian packages, made from this build as scripts/package makes them: lintian
# finds no error; each holds what it should (and together everything `cmake --install`
# installs); both unpack with dpkg into a throwaway root, where certlifectl runs, the
# man page renders, the units verify and the console starts. Also: a plain
# `cmake --install --prefix` elsewhere gives units that systemd-analyze accepts as is.
source "$(dirname "$0")/lib.sh"
need cpack dpkg dpkg-deb dpkg-shlibdeps lintian
scratch packages
started=$SECONDS

# 1. Build the packages (staged inside the scratch directory, not in dist/).
cpack --config "$BUILD/CPackConfig.cmake" -B "$SCRATCH/cpack" > "$SCRATCH/cpack.log" 2>&1 ||
    fail "cpack failed: $(cat "$SCRATCH/cpack.log")"
agent=$(ls "$SCRATCH"/cpack/certlife-agent_*.deb)
console=$(ls "$SCRATCH"/cpack/certlife_*.deb)
echo "built $(basename "$agent") and $(basename "$console") in $((SECONDS - started)) s"

# 2. lintian: no error (warnings are listed and explained in docs/packaging.md).
lintian --fail-on error --tag-display-limit 0 "$agent" "$console" > "$SCRATCH/lintian.log" 2>&1 ||
    fail "lintian reports errors: $(cat "$SCRATCH/lintian.log")"
sed 's/^/lintian: /' "$SCRATCH/lintian.log"

# 3. Control fields and contents.
field() { dpkg-deb -f "$1" "$2"; }
[ "$(field "$agent" Package)" = certlife-agent ] || fail "agent package is named $(field "$agent" Package)"
[ "$(field "$console" Package)" = certlife ] || fail "console package is named $(field "$console" Package)"
for lib in libc6 libqt6core6 libssl3 libsystemd0 libqt6sql6-sqlite; do
    field "$agent" Depends | grep -q "$lib" || fail "certlife-agent does not depend on $lib: $(field "$agent" Depends)"
done
for lib in libqt6widgets6 libqt6svg6 certlife-agent; do
    field "$console" Depends | grep -q "$lib" || fail "certlife does not depend on $lib: $(field "$console" Depends)"
done
mkdir -p "$SCRATCH/control"
dpkg-deb -e "$agent" "$SCRATCH/control"
grep -qx '/etc/certlife/policy.conf' "$SCRATCH/control/conffiles" || fail "policy.conf is not a conffile"
grep -q "deb-systemd-helper enable 'certlife-agent.service'" "$SCRATCH/control/postinst" ||
    fail "postinst does not enable certlife-agent.service"
for script in postinst prerm postrm; do sh -n "$SCRATCH/control/$script" || fail "$script does not parse"; done

contents() { dpkg-deb --fsys-tarfile "$1" | tar -t | sed 's|^\./|/|; s|/$||' | sort; }
contents "$agent" > "$SCRATCH/agent.list"
contents "$console" > "$SCRATCH/console.list"
for path in /usr/bin/certlifectl /usr/libexec/certlife/certlife-report-pdf /usr/libexec/certlife/certlife-pkcs11-list \
            /usr/lib/systemd/system/certlife-agent.service \
            /usr/lib/systemd/user/certlife-agent.service /usr/lib/systemd/catalog/certlife.catalog \
            /usr/share/man/man1/certlifectl.1.gz /usr/share/man/man5/certlife-policy.conf.5.gz \
            /usr/share/man/man5/certlife.task.5.gz /usr/share/bash-completion/completions/certlifectl \
            /usr/share/zsh/vendor-completions/_certlifectl /etc/certlife/policy.conf /etc/certlife/tasks.d \
            /usr/share/doc/certlife-agent/copyright /usr/share/doc/certlife-agent/changelog.Debian.gz \
            /usr/share/doc/certlife-agent/examples/nginx-rebind.sh; do
    grep -qx "$path" "$SCRATCH/agent.list" || fail "certlife-agent lacks $path"
done
for path in /usr/bin/certlife /usr/share/applications/io.certlife.Certlife.desktop \
            /usr/share/metainfo/io.certlife.Certlife.metainfo.xml /usr/share/man/man1/certlife.1.gz \
            /usr/share/icons/hicolor/scalable/apps/io.certlife.Certlife.svg \
            /usr/share/icons/hicolor/48x48/apps/io.certlife.Certlife.png \
            /usr/share/icons/hicolor/256x256/apps/io.certlife.Certlife.png \
            /usr/share/doc/certlife/copyright /usr/share/doc/certlife/changelog.Debian.gz; do
    grep -qx "$path" "$SCRATCH/console.list" || fail "certlife lacks $path"
done
! grep -q '/doc/Certlife' "$SCRATCH/agent.list" "$SCRATCH/console.list" || fail "a doc directory is named after the CMake project"
! comm -12 "$SCRATCH/agent.list" "$SCRATCH/console.list" | grep -v '^/usr\(/share\(/doc\|/man\|/man/man1\)\?\|/bin\)\?$' | grep -q . ||
    fail "both packages ship $(comm -12 "$SCRATCH/agent.list" "$SCRATCH/console.list" | tr '\n' ' ')"

# Everything a plain install installs is in a package (an install rule without a
# component would be left out of both). Compressed names compared without .gz.
DESTDIR="$SCRATCH/plain" cmake --install "$BUILD" --prefix /usr > /dev/null
(cd "$SCRATCH/plain" && find . ! -type d | sed 's|^\.||') | sort > "$SCRATCH/plain.list"
cat "$SCRATCH/agent.list" "$SCRATCH/console.list" | sed 's/\.gz$//' | sort > "$SCRATCH/packaged.list"
left_out=$(comm -23 "$SCRATCH/plain.list" "$SCRATCH/packaged.list")
[ -z "$left_out" ] || fail "installed by cmake --install but in no package: $left_out"

# 4. Install both into a throwaway root. --unpack: files, conffiles and the dpkg
# database, without maintainer scripts (they would run systemctl against this machine).
# dpkg wants root (files are root's): fakeroot stands in for it otherwise.
as_root=""
if [ "$(id -u)" -ne 0 ]; then
    command -v fakeroot >/dev/null || skip "installing needs root or fakeroot"
    as_root=fakeroot
fi
root=$SCRATCH/root
mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates"
touch "$root/var/lib/dpkg/status"
$as_root dpkg --root="$root" --force-depends --unpack "$agent" "$console" > "$SCRATCH/dpkg.log" 2>&1 ||
    fail "dpkg --unpack failed: $(cat "$SCRATCH/dpkg.log")"
dpkg --root="$root" -L certlife-agent | grep -qx /usr/bin/certlifectl || fail "dpkg does not list certlifectl as installed"
[ "$(stat -c %a "$root/etc/certlife/tasks.d")" = 755 ] || fail "tasks.d is mode $(stat -c %a "$root/etc/certlife/tasks.d")"

[ "$("$root/usr/bin/certlifectl" --version)" = "certlifectl $(field "$agent" Version | sed 's/-[^-]*$//')" ] ||
    fail "installed certlifectl --version says $("$root/usr/bin/certlifectl" --version)"
MANPAGER=cat MANWIDTH=80 man --warnings -l "$root/usr/share/man/man1/certlifectl.1.gz" > "$SCRATCH/man.txt" 2> "$SCRATCH/man.err" ||
    fail "man -l of the installed page failed: $(cat "$SCRATCH/man.err")"
[ ! -s "$SCRATCH/man.err" ] || fail "man -l warns: $(cat "$SCRATCH/man.err")"
grep -q 'certlifectl watch' "$SCRATCH/man.txt" || fail "the installed man page lacks 'certlifectl watch'"

# The installed units name /usr/bin/certlifectl (the package's prefix, whatever the
# build was configured with); systemd-analyze checks them with that path moved into
# the root, and the man pages of its Documentation= looked up there.
if command -v systemd-analyze >/dev/null; then
    for kind in system user; do
        unit=$root/usr/lib/systemd/$kind/certlife-agent.service
        grep -q '^ExecStart=/usr/bin/certlifectl watch' "$unit" || fail "$kind unit: $(grep ExecStart "$unit")"
        mkdir -p "$SCRATCH/verify-$kind"
        sed "s|^ExecStart=/usr/bin/|ExecStart=$root/usr/bin/|" "$unit" > "$SCRATCH/verify-$kind/certlife-agent.service"
        flag=""; [ $kind = user ] && flag=--user
        mkdir -p -m 700 "$SCRATCH/verify-run"   # the user manager's runtime directory
        XDG_RUNTIME_DIR=$SCRATCH/verify-run MANPATH=$root/usr/share/man SYSTEMD_LOG_LEVEL=warning systemd-analyze $flag verify "$SCRATCH/verify-$kind/certlife-agent.service" \
            > "$SCRATCH/verify.log" 2>&1 || fail "systemd-analyze verify ($kind): $(cat "$SCRATCH/verify.log")"
    done
    # A plain install elsewhere: the units follow that prefix and verify unchanged.
    cmake --install "$BUILD" --prefix "$SCRATCH/elsewhere" --component agent > /dev/null
    unit=$SCRATCH/elsewhere/lib/systemd/system/certlife-agent.service
    grep -q "^ExecStart=$SCRATCH/elsewhere/bin/certlifectl watch" "$unit" || fail "--prefix install: $(grep ExecStart "$unit")"
    [ -f "$SCRATCH/elsewhere/etc/certlife/policy.conf" ] || fail "--prefix install: no etc/certlife/policy.conf"
    MANPATH=$SCRATCH/elsewhere/share/man SYSTEMD_LOG_LEVEL=warning systemd-analyze verify "$unit" > "$SCRATCH/verify.log" 2>&1 ||
        fail "systemd-analyze verify after cmake --install --prefix: $(cat "$SCRATCH/verify.log")"
else
    echo "systemd-analyze part skipped: systemd is not installed"
fi

# The shipped policy.conf is a valid, all-default machine policy.
CERTLIFE_SYSTEM_CONFIG_DIR=$root/etc/certlife "$root/usr/bin/certlifectl" policy show --scope system > "$SCRATCH/policy.txt" 2>&1 ||
    fail "the shipped policy.conf has problems: $(cat "$SCRATCH/policy.txt")"

# The console starts from the installed paths and finishes its first scan (it then
# writes its inventory cache), with a user and a machine of its own.
home=$SCRATCH/home
mkdir -p "$home" "$SCRATCH/certs"
export HOME=$home XDG_CONFIG_HOME=$home/.config XDG_STATE_HOME=$home/.local/state XDG_DATA_HOME=$home/.local/share
export XDG_CACHE_HOME=$home/.cache XDG_RUNTIME_DIR=$home/run CERTLIFE_SYSTEM_CERTS_DIR=$SCRATCH/certs
export CERTLIFE_SYSTEM_CONFIG_DIR=$root/etc/certlife CERTLIFE_SYSTEM_STATE_DIR=$SCRATCH/var CERTLIFE_SYSTEM_DATA_DIR=$SCRATCH/var
mkdir -p -m 700 "$XDG_RUNTIME_DIR"
QT_QPA_PLATFORM=offscreen "$root/usr/bin/certlife" > "$SCRATCH/console.log" 2>&1 &
pid=$!
deadline=$((SECONDS + 120))
until [ -f "$XDG_STATE_HOME/certlife/console-inventory.bin" ]; do
    kill -0 $pid 2>/dev/null || { wait $pid; fail "the installed console exited ($?): $(cat "$SCRATCH/console.log")"; }
    [ $SECONDS -lt $deadline ] || { kill $pid; fail "the installed console did not finish its first scan in 120 s"; }
    sleep 0.2
done
kill $pid; wait $pid 2>/dev/null || true

# The installed certlifectl links no Qt Gui, and finds its PDF helper beside it in the
# install (libexec/certlife, not the build tree): a PDF report comes out.
! ldd "$root/usr/bin/certlifectl" | grep -q 'libQt6Gui' || fail "the installed certlifectl links Qt Gui"
"$root/usr/bin/certlifectl" report --kind certificates --format pdf --out "$SCRATCH/installed.pdf" > "$SCRATCH/report.log" 2>&1 ||
    fail "the installed certlifectl report --format pdf failed: $(cat "$SCRATCH/report.log")"
[ "$(head -c 5 "$SCRATCH/installed.pdf")" = "%PDF-" ] || fail "the installed certlifectl wrote no PDF: $(cat "$SCRATCH/report.log")"
echo "installed: certlifectl --version, man -l, systemd-analyze verify, the console ran its first scan, certlifectl wrote a PDF through the installed helper ($((SECONDS - started)) s in all)"
