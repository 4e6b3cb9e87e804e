#!/bin/bash
# certbot-deploy-hook.sh: certbot deploy hook that tells Certlife a certificate was
# renewed, so Certlife's Replace tasks (e.g. certbot-reload.sh) run at once.
#
# Install (certbot runs every executable in this directory after each renewal, with
# RENEWED_LINEAGE=/etc/letsencrypt/live/NAME and RENEWED_DOMAINS="name ..."):
#
#   install -o root -g root -m 0755 certbot-deploy-hook.sh \
#       /etc/letsencrypt/renewal-hooks/deploy/certlife
#
# The one line that matters is the last: `certlifectl switch --old-file OLD
# --new-file NEW`. certbot does not say which certificate was replaced; its layout
# does: live/NAME/cert.pem links to ../../archive/NAME/certN.pem, so the replaced one
# is archive/NAME/cert(N-1).pem. The first issue of a lineage (N = 1) replaces
# nothing: the hook then does nothing.
#
# Certlife must monitor the certbot directory (policy AdditionalStores=/etc/letsencrypt)
# so that the tasks can confirm the new certificate is there (docs/tasks.md).
#
# Environment: RENEWED_LINEAGE (required, from certbot); CERTLIFECTL, the program to
# run (default: certlifectl); CERTLIFE_SWITCH_OPTIONS, extra words for `switch` (e.g.
# "--channel system"), split on spaces.
#
# Exit status: that of `certlifectl switch` (0 every task succeeded), 0 when there is
# nothing to switch, 2 when RENEWED_LINEAGE is not a certbot lineage.

set -euo pipefail

lineage=${RENEWED_LINEAGE:-}
if [[ -z $lineage ]]; then
    echo "certlife deploy hook: RENEWED_LINEAGE is not set (run by certbot as a deploy hook)" >&2
    exit 2
fi
new="$lineage/cert.pem"
target=$(readlink -e -- "$new") || {
    echo "certlife deploy hook: $new does not exist" >&2
    exit 2
}
base=${target##*/}
if [[ ! $base =~ ^cert([0-9]+)\.pem$ ]]; then
    echo "certlife deploy hook: $new leads to $target, not to certbot's archive/NAME/certN.pem" >&2
    exit 2
fi
n=$((10#${BASH_REMATCH[1]}))
old="${target%/*}/cert$((n - 1)).pem"
if ((n <= 1)) || [[ ! -f $old ]]; then
    echo "certlife deploy hook: $lineage has no previous certificate (first issue): nothing to switch"
    exit 0
fi

read -r -a extra <<<"${CERTLIFE_SWITCH_OPTIONS:-}"
exec "${CERTLIFECTL:-certlifectl}" switch "${extra[@]}" --old-file "$old" --new-file "$new"
