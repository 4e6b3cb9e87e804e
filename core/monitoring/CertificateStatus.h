// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

// What `certlifectl check` and the metrics (certlifectl metrics, the agent's textfile)
// say about each certificate: the console's expiry state (lifecycle/ExpiryState.h, the
// agent's 1002/1003 arithmetic) and whether it is archived (the lifecycle snapshot's
// flag: superseded by a recognised renewal or archived by `switch`, so it gets no more
// expiry warnings). One computation, so a check, a metric and an event never disagree.

#include "lifecycle/ExpiryState.h"
#include "stores/StoreTypes.h"

#include <QList>
#include <QSet>
#include <QString>

namespace certlife {

class ScopeSnapshot;

// The archived certificates of one scope, as its snapshot records them.
struct ArchivedCertificates
{
    QSet<QByteArray> sha256; // raw 32-byte digests
    bool snapshotFound = false; // false: no pass has run yet, nothing is archived
    QString problem;            // the snapshot exists but could not be read

    bool contains(const Sha256Digest& digest) const;
    static ArchivedCertificates of(const ScopeSnapshot& snapshot);
};

// Reads the scope's snapshot (Paths::snapshotDir) without changing anything: unlike the
// engine's load, a damaged file is reported in `problem` and left where it is.
ArchivedCertificates readArchivedCertificates(Scope scope, const QString& snapshotFile = {});

struct CertificateStatus
{
    Scope scope = Scope::User;
    QString storeId;
    StoredCertificate stored;
    ExpiryInfo expiry;
    qint64 remainingSeconds = 0;     // notAfter - now (negative once expired)
    qint64 warningWindowSeconds = 0; // the policy's window for this certificate (ExpiryEvaluator)
    bool archived = false;

    const Certificate& certificate() const { return stored.certificate; }
};

// Every certificate of the scans, in scan order, judged at nowSecs by the thresholds of
// its scope's policy. `archived` is consulted per scope (index by int(Scope)).
QList<CertificateStatus> certificateStatuses(const QList<StoreScan>& scans, const ExpiryThresholds& thresholds,
                                             const ArchivedCertificates archived[2], qint64 nowSecs);

// The first CN of an RFC 4514 name as Certlife prints it (most specific RDN first, so
// this is the issuer's or subject's last CN in encoding order), unescaped; empty when
// the name has none.
QString commonNameOf(const QString& rfc4514Name);

} // namespace certlife
