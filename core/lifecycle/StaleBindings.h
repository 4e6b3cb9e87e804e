// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "lifecycle/LifecycleEvent.h"
#include "policy/Policy.h"
#include "stores/StoreTypes.h"
#include "util/AtomicFile.h"

#include <QList>
#include <QString>

namespace certlife {

// Stale bindings (docs/endpoints.md, "Stale bindings"): an address of an endpoint store
// serves certificate S while a file store of the scope holds a certificate N for the
// endpoint's service name (SNI or host, as a TLS client checks it) that is valid now,
// newer than S (later notBefore) and of the same key algorithm. After the policy's
// StaleBindingGrace, measured from the first pass that saw it, the pass logs 1101
// StaleBinding (again every RenotifyInterval, like 1003); when the address serves N or
// something at least as new, 1102 BindingCurrent (only after a 1101).

// One stale address, as the passes remember it (persisted beside the snapshot, so an
// agent restart neither restarts the grace nor repeats the 1101).
struct StaleBinding
{
    QString storeId;           // the endpoint store
    QString location;          // "HOST:PORT [ADDRESS]"
    CertificateDetails served; // S, path = location
    CertificateDetails newer;  // N, path = its file
    qint64 firstSeenAt = 0;    // the first pass that saw it stale (seconds since the epoch)
    qint64 notifiedAt = 0;     // when 1101 was last logged; 0: not yet (within the grace)

    bool notified() const { return notifiedAt != 0; }
    friend bool operator==(const StaleBinding&, const StaleBinding&) = default;
};

// The bindings file of a scope: beside its snapshot, "stale-bindings.json".
QString staleBindingsPath(const QString& snapshotFile);

struct StaleBindingsLoad
{
    QList<StaleBinding> bindings;
    QString problem; // a damaged file: what was wrong (the passes start afresh)
};
StaleBindingsLoad loadStaleBindings(const QString& path);
// Atomic, mode 0644 for the System scope (consoles of users read it), 0600 for a user's.
AtomicWriteResult saveStaleBindings(const QString& path, const QList<StaleBinding>& bindings, Scope scope);

struct StaleBindingPass
{
    QList<StaleBinding> bindings; // what the next pass starts from
    QList<LifecycleEvent> events; // 1101 and 1102, not yet stamped with time and origin
    bool changed = false;         // bindings differ from the previous ones
};

// One pass over every store of a scope (endpoint stores are those with endpointProbes).
// An address that could not be probed keeps its binding (unreachable is not current);
// one no longer probed (gone from the name, the store removed) is forgotten silently.
StaleBindingPass evaluateStaleBindings(const QList<StoreScan>& scans, const QList<StaleBinding>& previous,
                                       const Policy& policy, qint64 now);

// How many bindings are stale now (1101 logged, no 1102 yet).
int currentlyStale(const QList<StaleBinding>& bindings);

} // namespace certlife
