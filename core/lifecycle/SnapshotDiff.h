// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "lifecycle/LifecycleEvent.h"
#include "lifecycle/Snapshot.h"
#include "stores/StoreTypes.h"

namespace certlife {

struct SnapshotDiff
{
    ScopeSnapshot next;           // the snapshot after this pass
    QList<LifecycleEvent> events; // 1001, 1004, 1005, 1006; not yet stamped with time and origin
    QList<int> observedStores;    // indexes into next.stores read in this pass, in scan order
    QStringList problems;
    bool changed = false; // next differs from the previous snapshot and must be saved
};

// Compares the new scans of ALL stores of a scope with the previous snapshot (see
// docs/lifecycle.md for every rule). In short:
//  - a store seen for the first time records a silent baseline;
//  - a store whose path is missing keeps its previous content, without events;
//  - a file that could not be read keeps the certificates it held before;
//  - a location now holding a related certificate: 1001 renew (replace when the new one
//    expires earlier); a certificate with the same subject, SANs and key type and a later
//    notAfter appearing in the store: 1001 supersede; the old certificate of a 1001 gets
//    no 1004, and while still present in a store of the scope it is archived (1005, once);
//  - a certificate leaving one store and arriving in another: 1004 and 1006, both MoveOrCopy;
//  - otherwise 1006 detected and 1004 delete.
// Stores absent from `scans` are forgotten without events.
SnapshotDiff diffSnapshot(ScopeSnapshot previous, const QList<StoreScan>& scans);

// Same subject (non-empty) or at least one SAN in common: a location switching between
// two such certificates is a renewal.
bool isRelatedCertificate(const CertificateDetails& a, const CertificateDetails& b);
// Same subject, same SAN set, same key algorithm, and a later notAfter.
bool supersedes(const CertificateRecordDetails& newer, const CertificateRecordDetails& older);

} // namespace certlife
