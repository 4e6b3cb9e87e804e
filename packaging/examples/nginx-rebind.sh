#!/bin/bash
# nginx-rebind.sh: Certlife Replace task that points nginx at a renewed certificate.
# The Linux counterpart of the UpdateIISCert.ps1 example of Windows' certificate
# lifecycle notifications (docs/tasks.md shows how to register and test it).
#
#   nginx-rebind.sh [options] [OLD_HASH NEW_HASH]
#
# OLD_HASH and NEW_HASH are SHA-1 thumbprints (register with --arg {OldCertHash}
# --arg {NewCertHash}); without them CERTLIFE_OLD_CERT_HASH and
# CERTLIFE_NEW_CERT_HASH are used.
#
# What it does:
#  1. finds the file holding the new certificate (first certificate in the file) in
#     the directory of the old one, then in the --search directories;
#  2. finds its private key (in the same file, or a key file beside it whose public
#     key matches) unless the renewal kept the old key;
#  3. rewrites every `ssl_certificate` line of the nginx configuration that points at
#     the old certificate (a file whose thumbprint is OLD_HASH, or --old-file) to the
#     new file, and the `ssl_certificate_key` lines holding the old key to the new key;
#  4. runs `nginx -t`; reloads nginx only when it passes; otherwise puts every file
#     back as it was and fails.
# Running it twice is safe: the second run finds the configuration already pointing
# at the new certificate and only reloads (harmless; makes sure nginx uses it).
#
# Exit status: 0 rebound (or nothing uses either certificate), 1 nginx rejected the
# change or the reload failed (everything restored), 2 usage, 3 the new certificate
# or its key was not found (nothing changed).

set -euo pipefail
shopt -s nullglob

NGINX=nginx
CONF=/etc/nginx/nginx.conf
SEARCH_DIRS=()
OLD_FILE=""
SIGNAL_RELOAD=0

usage() {
    cat <<'EOF'
usage: nginx-rebind.sh [--conf FILE] [--nginx PATH] [--search DIR]... [--old-file PATH]
                       [--signal-reload] [OLD_HASH NEW_HASH]
  --conf FILE      nginx main configuration (default /etc/nginx/nginx.conf); every file
                   under its directory is examined
  --nginx PATH     the nginx binary (default: nginx in PATH)
  --search DIR     also look for the new certificate here (repeatable)
  --old-file PATH  lines pointing at this file are the old certificate too (useful when
                   the file no longer holds it)
  --signal-reload  reload with `nginx -s reload` even when systemd manages nginx
EOF
}

log() { printf 'nginx-rebind: %s\n' "$*"; }
die() { local code=$1; shift; printf 'nginx-rebind: %s\n' "$*" >&2; exit "$code"; }

while (($# > 0)); do
    case $1 in
        --conf) (($# >= 2)) || die 2 "--conf needs a file"; CONF=$2; shift 2 ;;
        --nginx) (($# >= 2)) || die 2 "--nginx needs a path"; NGINX=$2; shift 2 ;;
        --search) (($# >= 2)) || die 2 "--search needs a directory"; SEARCH_DIRS+=("$2"); shift 2 ;;
        --old-file) (($# >= 2)) || die 2 "--old-file needs a path"; OLD_FILE=$2; shift 2 ;;
        --signal-reload) SIGNAL_RELOAD=1; shift ;;
        -h|--help) usage; exit 0 ;;
        --) shift; break ;;
        -*) usage >&2; die 2 "unknown option $1" ;;
        *) break ;;
    esac
done
(($# == 0 || $# == 2)) || { usage >&2; die 2 "give both OLD_HASH and NEW_HASH, or neither"; }
OLD=${1:-${CERTLIFE_OLD_CERT_HASH:-}}
NEW=${2:-${CERTLIFE_NEW_CERT_HASH:-}}

normalize() { local h=${1//:/}; printf '%s' "${h^^}"; }
OLD=$(normalize "$OLD")
NEW=$(normalize "$NEW")
[[ $OLD =~ ^[0-9A-F]{40}$ ]] || die 2 "old thumbprint '$OLD' is not 40 hex digits"
[[ $NEW =~ ^[0-9A-F]{40}$ ]] || die 2 "new thumbprint '$NEW' is not 40 hex digits"
[[ $OLD != "$NEW" ]] || die 2 "old and new thumbprints are the same"
[[ -f $CONF ]] || die 2 "nginx configuration $CONF not found"
CONF_DIR=$(dirname -- "$CONF")

WORK=$(mktemp -d)
trap 'rm -rf -- "$WORK"' EXIT

# Thumbprint of the first certificate in a file; empty when it holds none.
thumbprint_of() {
    local out
    out=$(openssl x509 -in "$1" -noout -fingerprint -sha1 2>/dev/null) || return 0
    normalize "${out#*=}"
}
cert_pubkey() { openssl x509 -in "$1" -noout -pubkey 2>/dev/null || true; }
key_pubkey() { openssl pkey -in "$1" -pubout -passin pass: 2>/dev/null || true; }

# nginx resolves relative paths against its configuration prefix.
resolve() {
    local p=$1
    [[ $p == /* ]] || p=$CONF_DIR/$p
    printf '%s' "$p"
}

# Certificate paths named by ssl_certificate lines (all files), one per line.
configured_certificates() {
    local file line
    for file in "${CONFIG_FILES[@]}"; do
        while IFS= read -r line || [[ -n $line ]]; do
            if [[ $line =~ ^[[:space:]]*ssl_certificate[[:space:]]+\"?([^\"\;[:space:]]+)\"?[[:space:]]*\; ]]; then
                resolve "${BASH_REMATCH[1]}"
                printf '\n'
            fi
        done <"$file"
    done
}

# 1. The configuration files (symbolic links such as sites-enabled/* are followed to
#    the file they name, which is the one edited).
declare -A SEEN=()
CONFIG_FILES=()
while IFS= read -r -d '' f; do
    real=$(realpath -e -- "$f") || continue
    [[ -f $real && -z ${SEEN[$real]:-} ]] || continue
    SEEN[$real]=1
    CONFIG_FILES+=("$real")
done < <(grep -RlZ -e 'ssl_certificate' -- "$CONF_DIR" 2>/dev/null || true)

# 2. Which configured files hold the old certificate (and their directories, where
#    the renewed one most likely is).
OLD_PUBKEYS=()
CANDIDATE_DIRS=()
BOUND_TO_NEW=0
while IFS= read -r path; do
    [[ -n $path ]] || continue
    tp=$(thumbprint_of "$path")
    if [[ $tp == "$OLD" || ( -n $OLD_FILE && $path == "$OLD_FILE" ) ]]; then
        OLD_PUBKEYS+=("$(cert_pubkey "$path")")
        CANDIDATE_DIRS+=("$(dirname -- "$path")")
    elif [[ $tp == "$NEW" ]]; then
        BOUND_TO_NEW=1
    fi
done < <(configured_certificates)

if ((${#OLD_PUBKEYS[@]} == 0)); then
    if ((BOUND_TO_NEW == 0)); then
        log "no ssl_certificate line uses $OLD or $NEW: nothing to do"
        exit 0
    fi
    log "the configuration already points at $NEW"
fi

# 3. The new certificate's file and key.
NEW_CERT=""
NEW_KEY=""
if ((${#OLD_PUBKEYS[@]} > 0)); then
    for dir in "${CANDIDATE_DIRS[@]}" "${SEARCH_DIRS[@]}"; do
        for f in "$dir"/*; do
            [[ -f $f && ! -L $f ]] || continue
            if [[ $(thumbprint_of "$f") == "$NEW" ]]; then NEW_CERT=$f; break 2; fi
        done
    done
    [[ -n $NEW_CERT ]] || die 3 "no file holding certificate $NEW found in: ${CANDIDATE_DIRS[*]} ${SEARCH_DIRS[*]}"
    case $NEW_CERT in *[\"\;\{\}\$[:space:]]*) die 3 "refusing to write the path '$NEW_CERT' into nginx.conf" ;; esac
    new_pub=$(cert_pubkey "$NEW_CERT")
    key_changed=1
    for old_pub in "${OLD_PUBKEYS[@]}"; do
        if [[ $old_pub == "$new_pub" ]]; then key_changed=0; fi
    done
    if ((key_changed)); then
        for f in "$NEW_CERT" "$(dirname -- "$NEW_CERT")"/*; do
            [[ -f $f ]] || continue
            if [[ $(key_pubkey "$f") == "$new_pub" ]]; then NEW_KEY=$f; break; fi
        done
        [[ -n $NEW_KEY ]] || die 3 "the private key of $NEW (in $NEW_CERT or beside it) was not found"
        case $NEW_KEY in *[\"\;\{\}\$[:space:]]*) die 3 "refusing to write the path '$NEW_KEY' into nginx.conf" ;; esac
    fi
    log "new certificate: $NEW_CERT${NEW_KEY:+, key: $NEW_KEY}"
fi

is_old_pubkey() {
    local pub=$1 old
    [[ -n $pub ]] || return 1
    for old in "${OLD_PUBKEYS[@]}"; do
        if [[ $old == "$pub" ]]; then return 0; fi
    done
    return 1
}

# 4. Rewrite, keeping every other byte of each file.
BACKUPS=()
restore() {
    local entry
    for entry in "${BACKUPS[@]}"; do
        cat -- "$WORK/backup.${entry%%:*}" >"${entry#*:}"
    done
}
if ((${#OLD_PUBKEYS[@]} > 0)); then
    n=0
    for file in "${CONFIG_FILES[@]}"; do
        edited=$WORK/edited
        : >"$edited"
        changed=0
        while IFS= read -r line || [[ -n $line ]]; do
            if [[ $line =~ ^([[:space:]]*ssl_certificate[[:space:]]+)\"?([^\"\;[:space:]]+)\"?([[:space:]]*\;.*)$ ]]; then
                path=$(resolve "${BASH_REMATCH[2]}")
                if [[ $(thumbprint_of "$path") == "$OLD" || ( -n $OLD_FILE && $path == "$OLD_FILE" ) ]]; then
                    line="${BASH_REMATCH[1]}${NEW_CERT}${BASH_REMATCH[3]}"
                    changed=1
                fi
            elif [[ -n $NEW_KEY && $line =~ ^([[:space:]]*ssl_certificate_key[[:space:]]+)\"?([^\"\;[:space:]]+)\"?([[:space:]]*\;.*)$ ]]; then
                path=$(resolve "${BASH_REMATCH[2]}")
                if is_old_pubkey "$(key_pubkey "$path")"; then
                    line="${BASH_REMATCH[1]}${NEW_KEY}${BASH_REMATCH[3]}"
                    changed=1
                fi
            fi
            printf '%s\n' "$line" >>"$edited"
        done <"$file"
        if ((changed)); then
            n=$((n + 1))
            cp -p -- "$file" "$WORK/backup.$n"
            BACKUPS+=("$n:$file")
            cat -- "$edited" >"$file" # in place: owner, mode and links stay as they are
            log "updated $file"
        fi
    done
fi

# 5. Test, then reload; put everything back on any failure.
if ! test_output=$("$NGINX" -t -c "$CONF" 2>&1); then
    restore
    printf '%s\n' "$test_output" >&2
    die 1 "nginx -t rejected the configuration; restored ${#BACKUPS[@]} file(s), nginx not reloaded"
fi
if ((SIGNAL_RELOAD == 0)) && command -v systemctl >/dev/null && systemctl is-active --quiet nginx 2>/dev/null; then
    reload=(systemctl reload nginx)
else
    reload=("$NGINX" -s reload -c "$CONF")
fi
if ! "${reload[@]}"; then
    restore
    die 1 "reloading nginx failed (${reload[*]}); restored ${#BACKUPS[@]} file(s)"
fi
log "nginx reloaded with certificate $NEW"
