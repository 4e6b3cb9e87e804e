# SPDX-License-Identifier: Apache-2.0
# SPDX-FileCopyrightText: 2026 The Certlife developers
# The journald catalog explains every MESSAGE_ID Certlife logs, and nothing else: the
# ids in the code (every 32-hex-digit literal of a source file that sets MESSAGE_ID)
# equal the catalog's; journalctl compiles it; and, where a private mount namespace and
# systemd-journal-remote are available, `journalctl -x` shows each event's explanation
# with its fields filled in.
source "$(dirname "$0")/lib.sh"
need journalctl
CATALOG=$SRC/packaging/journald/certlife.catalog
scratch catalog

code_ids=$(grep -rlE 'MESSAGE_ID' "$SRC/core" "$SRC/app" --include='*.cpp' --include='*.h' |
           xargs grep -ohE '"[0-9a-f]{32}"' | tr -d '"' | sort -u)
[ "$(echo "$code_ids" | wc -w)" -ge 7 ] || fail "found only these MESSAGE_IDs in the code: $code_ids"
catalog_ids=$(sed -n 's/^-- \([0-9a-f]\{32\}\)$/\1/p' "$CATALOG" | sort)
[ -z "$(echo "$catalog_ids" | uniq -d)" ] || fail "ids twice in the catalog: $(echo "$catalog_ids" | uniq -d)"
missing=$(comm -23 <(echo "$code_ids") <(echo "$catalog_ids"))
stale=$(comm -13 <(echo "$code_ids") <(echo "$catalog_ids"))
[ -z "$missing" ] || fail "MESSAGE_IDs logged but not in $CATALOG: $missing"
[ -z "$stale" ] || fail "catalog entries for MESSAGE_IDs the code never logs: $stale"

# journalctl parses it into a database under a root of our own.
root=$SCRATCH/root
mkdir -p "$root/usr/lib/systemd/catalog"
cp "$CATALOG" "$root/usr/lib/systemd/catalog/"
journalctl --root="$root" --update-catalog || fail "journalctl --update-catalog rejected the catalog"
listed=$(journalctl --root="$root" --list-catalog | awk '{ print $1 }' | sort)
[ "$listed" = "$catalog_ids" ] || fail "journalctl lists other ids than the catalog holds: $listed"
for id in $catalog_ids; do
    entry=$(journalctl --root="$root" --dump-catalog "$id")
    for field in Subject: Defined-By: Documentation:; do
        grep -q "^$field" <<<"$entry" || fail "catalog entry $id has no $field line"
    done
done
echo "catalog: $(echo "$catalog_ids" | wc -w) entries, one per MESSAGE_ID in the code"

# journalctl -x reads the catalog database at its fixed path: show it ours in a private
# mount namespace, with a journal of one entry per id written by systemd-journal-remote.
remote=/lib/systemd/systemd-journal-remote
bind='mount --bind "$1/var/lib/systemd/catalog" /var/lib/systemd/catalog'
if ! [ -x "$remote" ] || ! unshare -m sh -c "$bind" sh "$root" 2>/dev/null; then
    echo "journalctl -x part skipped: needs systemd-journal-remote and a private mount namespace (unshare -m, root)"
    exit 0
fi
for id in $catalog_ids; do
    printf '__REALTIME_TIMESTAMP=1767225600000000\nMESSAGE_ID=%s\nMESSAGE=test event\nSYSLOG_IDENTIFIER=certlife\n' "$id"
    printf 'CERTLIFE_STORE=web-store\nCERTLIFE_THUMBPRINT=AB12\nCERTLIFE_SUBJECT=CN=www.example.org\n'
    printf 'CERTLIFE_PATH=/srv/cert.pem\nCERTLIFE_NOT_AFTER=2026-01-01T00:00:00Z\nCERTLIFE_REMAINING_SECONDS=86400\n'
    printf 'CERTLIFE_OLD_THUMBPRINT=CD34\nCERTLIFE_OLD_SUBJECT=CN=old.example.org\nCERTLIFE_ACCOUNT=alice\nCERTLIFE_PROCESS=certlifectl\nCERTLIFE_CHANNEL=System\n\n'
done | "$remote" -o "$SCRATCH/events.journal" - 2>/dev/null
shown=$(unshare -m sh -c "$bind"' && journalctl --file="$2" -x --no-pager -o short' sh "$root" "$SCRATCH/events.journal")
[ "$(grep -c 'Defined-By: certlife' <<<"$shown")" -eq "$(echo "$catalog_ids" | wc -w)" ] ||
    fail "journalctl -x did not explain every event:
$shown"
grep -q 'in store web-store' <<<"$shown" || fail "journalctl -x did not fill in the fields: $shown"
! grep -q '@CERTLIFE_' <<<"$shown" || fail "a field was left unfilled: $(grep '@CERTLIFE_' <<<"$shown")"
echo "journalctl -x explains every event"
