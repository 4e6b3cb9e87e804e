# SPDX-License-Identifier: Apache-2.0
# SPDX-FileCopyrightText: 2026 The Certlife developers
# The generated bash completion completes commands, subcommands, options and fixed
# values from the --help texts, and store ids, task names and thumbprints from the
# configuration (certlifectl __complete) of a scratch user; the zsh one loads.
source "$(dirname "$0")/lib.sh"
need bash
BASH_COMPLETION=/usr/share/bash-completion/bash_completion
[ -f "$BASH_COMPLETION" ] || skip "bash-completion is not installed (scripts/setup installs it)"
GENERATED=$BUILD/packaging/completion
scratch completion

# A user with one store (scanned once, so its scan cache holds the certificate) and one task.
export HOME=$SCRATCH/home XDG_CONFIG_HOME=$SCRATCH/home/.config XDG_STATE_HOME=$SCRATCH/home/.local/state
export XDG_DATA_HOME=$SCRATCH/home/.local/share XDG_CACHE_HOME=$SCRATCH/home/.cache
export CERTLIFE_SYSTEM_CONFIG_DIR=$SCRATCH/etc CERTLIFE_SYSTEM_STATE_DIR=$SCRATCH/var CERTLIFE_SYSTEM_DATA_DIR=$SCRATCH/var
export CERTLIFE_SYSTEM_CERTS_DIR=$SCRATCH/no-certs
mkdir -p "$SCRATCH/web" "$SCRATCH/no-certs" && chmod 700 "$SCRATCH/web"
cert=$SRC/tests/data/corpus/real-sites/akamai.com-leaf-2.pem
cp "$cert" "$SCRATCH/web/site.pem"
thumbprint=$(openssl x509 -in "$cert" -noout -fingerprint -sha1 | sed 's/.*=//; s/://g')
"$CTL" store add --id web-store --path "$SCRATCH/web" --scope user >/dev/null
"$CTL" scan --store web-store >/dev/null
script=$SCRATCH/script.sh
printf '#!/bin/sh\nexit 0\n' > "$script" && chmod 700 "$script"
"$CTL" task new --type Expire --command "$script" --name renew-web --channel User >/dev/null

run() { # run "certlifectl words..." → the completions, space-separated
    PATH=$BUILD/app:$PATH bash -c '
        source "$1"; source "$2"
        COMP_LINE=$3; COMP_POINT=${#COMP_LINE}
        read -ra COMP_WORDS <<<"$COMP_LINE"; [[ $COMP_LINE == *" " ]] && COMP_WORDS+=("")
        COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
        complete -p certlifectl >/dev/null || exit 9
        _certlifectl; echo "${COMPREPLY[*]}"' sh "$BASH_COMPLETION" "$GENERATED/certlifectl.bash" "$1"
}
expect() { # expect "command line" "word..."
    [ -n "$2" ] || fail "nothing to expect for '$1'"
    local got; got=" $(run "$1") "
    for word in $2; do [[ $got == *" $word "* ]] || fail "'$1<TAB>' offers '$got', not '$word'"; done
}
expect_not() {
    local got; got=" $(run "$1") "
    for word in $2; do [[ $got != *" $word "* ]] || fail "'$1<TAB>' offers '$word'"; done
}
expect "certlifectl " "$(help_commands "$CTL")"
expect_not "certlifectl " "__complete"
expect "certlifectl sto" "store"
expect "certlifectl store " "list add remove"
expect "certlifectl task " "new list show remove enable disable repin"
expect "certlifectl store add --" "--id --path --recursive --read-only --scope"
expect "certlifectl export --format " "pem der pkcs12"
expect "certlifectl events --level " "information warning error"
expect "certlifectl task new --type " "Replace Expire"
expect "certlifectl scan --store " "web-store"
expect "certlifectl copy --scope user --to " "web-store"
expect "certlifectl store remove " "web-store"
expect "certlifectl task show " "renew-web"
expect "certlifectl export --thumbprint " "$thumbprint"
expect "certlifectl switch --old ${thumbprint:0:6}" "$thumbprint"
expect "certlifectl policy set " "ExpiryWarningDays RescanInterval"
echo "bash: commands, options, values, store ids, task names and thumbprints complete"

if command -v zsh >/dev/null; then
    zsh -n "$GENERATED/_certlifectl" || fail "the zsh completion does not parse"
    # An interactive zsh on a pseudo-terminal: TAB after each line, then wait (no sleep:
    # zpty -r blocks until the expected words appear; timeout bounds the whole run).
    cat > "$SCRATCH/complete.zsh" <<ZSH
zmodload zsh/zpty
zpty z 'zsh -f -i'
zpty -w z 'PS1="> "; fpath=($GENERATED \$fpath); path=($BUILD/app \$path); autoload -Uz compinit; compinit -u -d $SCRATCH/zcompdump'
expect() { zpty -w -n z "\$1"\$'\\t'; zpty -r z out "*\$2*" || exit 1; zpty -w z \$'\\C-u'; }
expect 'certlifectl ' 'switch'
expect 'certlifectl store ' 'Stop watching'
expect 'certlifectl export --format ' 'pkcs12'
expect 'certlifectl scan --store ' 'web-store'
expect 'certlifectl task show ' 'renew-web'
expect 'certlifectl export --thumbprint ' '$thumbprint'
ZSH
    timeout 60 zsh -f "$SCRATCH/complete.zsh" > /dev/null 2>&1 ||
        fail "zsh did not complete commands, values, the store id, the task name and the thumbprint"
    echo "zsh: commands, subcommands, values, store ids, task names and thumbprints complete"
else
    echo "zsh part skipped: zsh is not installed"
fi
