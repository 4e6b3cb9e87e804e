// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "lifecycle/LifecycleEvent.h"
#include "lifecycle/Snapshot.h"
#include "lifecycle/SnapshotLock.h"
#include "lifecycle/StaleBindings.h"
#include "policy/Policy.h"
#include "stores/StoreTypes.h"
#include "util/Clock.h"

#include <QMutex>
#include <memory>

namespace certlife {

// The outcome of one pass, before it is committed.
struct LifecyclePass
{
    Scope scope = Scope::User;
    QList<LifecycleEvent> events; // stamped: time, channel, host, account, process, store
    QStringList problems;         // damaged snapshot, duplicate store ids, …
    bool changed = false;         // the snapshot (contents or per-certificate state) changed
    ScopeSnapshot snapshot;       // what commit() saves, with a new pass id
    // Stale bindings (StaleBindings.h) as this pass leaves them; commit() saves them
    // (before the snapshot) when bindingsChanged, which also sets `changed`.
    QList<StaleBinding> staleBindings;
    bool bindingsChanged = false;
    // The pass id of the snapshot this pass compared against (0: none, or it was damaged).
    // A pass killed after logging its events and before commit() leaves that snapshot in
    // place, so its retry has the same base: EventLog::appendPass logs nothing twice.
    qint64 baseId = 0;
};

// What the agent and the CLI call: new scans of every store of a scope in, lifecycle
// events out. It loads the scope's last snapshot (with archived flags and expiry
// notification state) and the admin's acknowledgements, diffs (SnapshotDiff.h), evaluates expiry (ExpiryEvaluator.h),
// and stale bindings of endpoint stores (StaleBindings.h, state in stale-bindings.json
// beside the snapshot), stamps the events, and saves the new snapshot.
//
// Thread use: no QObject and no event loop, so a worker thread (QtConcurrent) can own
// the calls; concurrent process() calls are serialised. Callers of evaluate()/commit()
// must not interleave two passes of one scope. The clock must be safe to read from that thread
// (SystemClock and FixedClock are, while nobody moves the FixedClock).
class LifecycleEngine
{
public:
    // snapshotFile(scope) defaults to Paths::snapshotDir(scope)/lifecycle.snapshot.
    LifecycleEngine(std::shared_ptr<const Clock> clock, const Policy& policy);

    void setPolicy(const Policy& policy);
    Policy policy() const;
    // Overrides where a scope's snapshot lives (tests, tools); empty: the default.
    void setSnapshotFile(Scope scope, const QString& path);
    QString snapshotFile(Scope scope) const;
    // Overrides where a scope's acknowledgements are read (Acknowledgements.h); empty:
    // Paths::acknowledgementsFile(scope). Read afresh by every evaluate().
    void setAcknowledgementsFile(Scope scope, const QString& path);

    // The scope's snapshot lock (SnapshotLock.h), not yet acquired. A pass that scans for
    // itself (the agent) acquires it BEFORE its scan and gives it to commit(); an admin's
    // action acquires it before it changes a file and gives it to acknowledge(). Without
    // one, commit() and acknowledge() lock for their own load-change-save only.
    std::unique_ptr<SnapshotLock> snapshotLock(Scope scope) const;

    // One pass in two steps, so a caller can write the events to the EventLog first and
    // commit after: a crash between the two repeats the pass next time instead of losing
    // its events, and EventLog::appendPass(events, pass.baseId) keeps the repeat from
    // logging them twice. evaluate() writes nothing. `held`: the caller's lock for this scope.
    LifecyclePass evaluate(const QList<StoreScan>& scans, Scope scope);
    bool commit(const LifecyclePass& pass, QString* error = nullptr, const SnapshotLock* held = nullptr);

    // evaluate() + commit(). Problems (including a failed save) are in lastProblems().
    QList<LifecycleEvent> process(const QList<StoreScan>& scans, Scope scope);
    QStringList lastProblems() const;

    // Marks certificates (SHA-256) archived in the scope's snapshot, as a Replace made
    // by an admin (`certlifectl switch`, the console) does: they get no expiry events
    // from then on. A certificate no pass has seen yet cannot be marked: false, *error.
    bool markArchived(Scope scope, const QList<Sha256Digest>& certificates, QString* error = nullptr);

    // Brings the scope's snapshot up to date for the stores an admin's action (import,
    // copy, move, delete) has just changed, WITHOUT events: the action logged its own, so
    // the next pass must not log the same change again as detected. `touchedStores` are
    // new scans of those stores, taken after the action: each replaces that store's
    // placements (new certificates get records; archived flags and expiry notification
    // state are kept); every other store stays as it is. A store the snapshot has not
    // recorded yet, or no snapshot at all, is left to the next pass's silent baseline.
    // False with *error when the snapshot could not be updated (the next pass then logs
    // the change as detected); what it had to repair is in lastProblems().
    // `held`: the lock the action took before it changed anything (see snapshotLock()).
    bool acknowledge(const QList<StoreScan>& touchedStores, Scope scope, QString* error = nullptr,
                     const SnapshotLock* held = nullptr);

private:
    QMutex m_passMutex; // one process() at a time: each pass sees the previous one's snapshot
    mutable QMutex m_mutex;
    // acknowledge(), markArchived() and commit() also take the lock file beside the
    // snapshot (unless the caller holds it): the CLI changes the snapshot while the agent
    // (another process) runs.
    std::shared_ptr<const Clock> m_clock;
    Policy m_policy;
    QString m_snapshotFiles[2];
    QString m_acknowledgementFiles[2];
    QStringList m_lastProblems;
};

} // namespace certlife
