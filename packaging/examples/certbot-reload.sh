#!/bin/bash
# certbot-reload.sh: Certlife Replace task that reloads the services using a renewed
# certificate, after checking that the file still holds the certificate the event
# names. With certbot-deploy-hook.sh this makes certbot -> Certlife -> reload.
#
#   certbot-reload.sh [--service UNIT]... [--systemctl PATH] [NEW_CERT_PATH]
#
# Register it (System channel, as root), e.g. for nginx and postfix:
#
#   install -o root -g root -m 0755 certbot-reload.sh /usr/local/sbin/certbot-reload.sh
#   certlifectl task new --type Replace --channel System --name certbot-reload \
#       --command /usr/local/sbin/certbot-reload.sh \
#       --arg --service --arg nginx.service --arg --service --arg postfix.service \
#       --arg '{NewCertPath}'
#
# NEW_CERT_PATH defaults to CERTLIFE_NEW_CERT_PATH. The file's first certificate must
# have the thumbprint CERTLIFE_NEW_CERT_HASH: otherwise the file changed again since
# the event (a later run handles that) and nothing is reloaded.
# Each UNIT gets `systemctl reload-or-restart UNIT`; every unit is tried even when
# one fails. --systemctl names another program taking the same arguments.
#
# Exit status: 0 all reloaded, 1 a reload failed, 2 usage, 3 the file does not hold
# the new certificate (nothing reloaded).

set -euo pipefail

SYSTEMCTL=systemctl
services=()
cert=""

usage() {
    echo "usage: certbot-reload.sh [--service UNIT]... [--systemctl PATH] [NEW_CERT_PATH]" >&2
    exit 2
}

while (($#)); do
    case $1 in
        --service) (($# >= 2)) || usage; services+=("$2"); shift 2 ;;
        --systemctl) (($# >= 2)) || usage; SYSTEMCTL=$2; shift 2 ;;
        --help|-h) usage ;;
        --) shift; break ;;
        -*) echo "certbot-reload.sh: unknown option $1" >&2; usage ;;
        *) break ;;
    esac
done
(($# <= 1)) || usage
cert=${1:-${CERTLIFE_NEW_CERT_PATH:-}}
expected=${CERTLIFE_NEW_CERT_HASH:-}
if [[ -z $cert || -z $expected ]]; then
    echo "certbot-reload.sh: no certificate path or thumbprint (run it as a Certlife Replace task)" >&2
    exit 2
fi
((${#services[@]})) || { echo "certbot-reload.sh: no --service given" >&2; usage; }

fingerprint=$(openssl x509 -in "$cert" -noout -fingerprint -sha1 2>/dev/null) || {
    echo "certbot-reload.sh: $cert does not hold a PEM certificate" >&2
    exit 3
}
fingerprint=${fingerprint#*=}
fingerprint=${fingerprint//:/}
if [[ ${fingerprint^^} != "${expected^^}" ]]; then
    echo "certbot-reload.sh: $cert now holds $fingerprint, not $expected: not reloading" >&2
    exit 3
fi

status=0
for unit in "${services[@]}"; do
    if "$SYSTEMCTL" reload-or-restart -- "$unit"; then
        echo "reloaded $unit for $cert (${CERTLIFE_DOMAINS:-no DNS names})"
    else
        echo "certbot-reload.sh: reloading $unit failed" >&2
        status=1
    fi
done
exit "$status"
