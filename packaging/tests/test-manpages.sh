# SPDX-License-Identifier: Apache-2.0
# SPDX-FileCopyrightText: 2026 The Certlife developers
# The man pages of the build tree render without a groff warning, are indexed by
# man-db (NAME section), and say everything the --help texts say: every command and
# subcommand `certlifectl --help` lists, every option of every command, every policy key.
source "$(dirname "$0")/lib.sh"
need man lexgrog
MAN=$BUILD/packaging/man
export MANPAGER=cat PAGER=cat MANWIDTH=100

render() { man --warnings -l "$1" 2>"$SCRATCH/warnings" | col -b | sed 's/\xe2\x88\x92/-/g; s/\xe2\x80\x90/-/g'; }
scratch manpages
for page in certlifectl.1 certlife.1 certlife-policy.conf.5 certlife.task.5; do
    [ -f "$MAN/$page" ] || fail "$MAN/$page was not built"
    render "$MAN/$page" > "$SCRATCH/$page.txt"
    [ ! -s "$SCRATCH/warnings" ] || fail "$page: groff warns: $(cat "$SCRATCH/warnings")"
    lexgrog "$MAN/$page" >/dev/null || fail "$page: man-db cannot read its NAME section"
    [ "$(wc -l < "$SCRATCH/$page.txt")" -gt 30 ] || fail "$page renders to almost nothing"
done
text=$SCRATCH/certlifectl.1.txt

commands=$(help_commands "$CTL")
[ -n "$commands" ] || fail "certlifectl --help lists no command"
for command in $commands; do
    grep -q "^   certlifectl $command\$" "$text" || fail "certlifectl.1 has no section for '$command'"
    # Every option of the command (and of its subcommands) is in the page.
    for option in $("$CTL" "$command" --help | grep -oE '^  (-[a-z], )?--[a-z0-9-]+' | grep -oE -- '--[a-z0-9-]+'); do
        grep -q -- "$option" "$text" || fail "certlifectl.1 does not mention $command $option"
    done
done
for sub in "store list" "store add" "store remove" "task new" "task repin" "policy set"; do
    grep -q "^   certlifectl $sub\$" "$text" || fail "certlifectl.1 has no section for '$sub'"
    for option in $("$CTL" $sub --help | grep -oE '^  (-[a-z], )?--[a-z0-9-]+' | grep -oE -- '--[a-z0-9-]+'); do
        grep -q -- "$option" "$text" || fail "certlifectl.1 does not mention $sub $option"
    done
done
! grep -q '__complete' "$text" || fail "certlifectl.1 lists the hidden __complete helper"
grep -q -- '--version' "$SCRATCH/certlife.1.txt" || fail "certlife.1 does not list --version"
keys=$("$CTL" __complete policy-keys) || fail "certlifectl __complete policy-keys failed"
[ "$(echo $keys | wc -w)" -ge 10 ] || fail "certlifectl __complete policy-keys lists only: $keys"
for key in $keys; do
    grep -q "^       $key (default" "$SCRATCH/certlife-policy.conf.5.txt" || fail "certlife-policy.conf.5 does not describe $key"
done
grep -q '{OldCertHash}' "$SCRATCH/certlife.task.5.txt" || fail "certlife.task.5 does not list the placeholders"
echo "man pages: $(echo $commands | wc -w) commands, every option and policy key"
