// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

// Which certificates of a scope the lifecycle engine holds archived: superseded by a
// renewal it recognised (a 1001 with its 1005, or, at a store's first scan, an older
// certificate with the same subject, SANs and key type beside a newer one), or archived
// by an admin's Replace (`certlifectl switch`, the console). Archived certificates get
// no expiry warnings; the one classification (ExpiryState.h) shows them as Archived,
// with the certificate that replaced them.

#include "lifecycle/ExpiryState.h"
#include "lifecycle/Snapshot.h"
#include "stores/StoreTypes.h"

#include <QHash>
#include <optional>

namespace certlife {

class ArchivedCertificates
{
public:
    bool snapshotFound = false; // false: no pass has run yet (the engine's first-pass rule decided)
    QString problem;            // the snapshot exists but could not be read: nothing is archived

    bool contains(const Sha256Digest& digest) const { return m_successors.contains(DigestKey{digest}); }
    // What replaced it: the newest certificate of its renewals (a renewal of a renewal is
    // followed), or nullopt when it is not archived or its successor is not known (an
    // admin's Replace by a certificate of another subject names it in its 1001 only).
    std::optional<Sha256Digest> successorOf(const Sha256Digest& digest) const;
    ExpiryStanding standingOf(const Sha256Digest& digest) const;
    qsizetype size() const { return m_successors.size(); }

    // The snapshot's flags as they stand (the agent's pass has just diffed it).
    static ArchivedCertificates of(const ScopeSnapshot& snapshot);

private:
    QHash<DigestKey, std::optional<Sha256Digest>> m_successors;
};

// What the lifecycle engine's next pass over these scans would hold archived, changing
// nothing: the scope's snapshot (read as it is; a damaged one is reported in `problem`
// and left where it is, unlike the engine's load) diffed with the scans, so a renewal
// since the last pass is recognised as the pass will recognise it. Without a snapshot,
// the engine's first-pass rule. Scans of other scopes are ignored. The console, the
// CLI's tables and reports, and `check`/`metrics` all judge by this.
ArchivedCertificates recogniseArchived(Scope scope, const QList<StoreScan>& scans, const QString& snapshotFile = {});

} // namespace certlife
