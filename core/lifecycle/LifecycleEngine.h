#pragma once

#include "lifecycle/Clock.h"
#include "lifecycle/LifecycleEvent.h"
#include "lifecycle/Snapshot.h"
#include "policy/Policy.h"
#include "stores/StoreTypes.h"

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
    ScopeSnapshot snapshot;       // what commit() saves
};

// What the agent and the CLI call: new scans of every store of a scope in, lifecycle
// events out. It loads the scope's last snapshot (with archived flags and expiry
// notification state), diffs (SnapshotDiff.h), evaluates expiry (ExpiryEvaluator.h),
// stamps the events, and saves the new snapshot.
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

    // One pass in two steps, so a caller can write the events to the EventLog first and
    // commit after: a crash between the two repeats the events next time instead of
    // losing them. evaluate() writes nothing.
    LifecyclePass evaluate(const QList<StoreScan>& scans, Scope scope);
    bool commit(const LifecyclePass& pass, QString* error = nullptr);

    // evaluate() + commit(). Problems (including a failed save) are in lastProblems().
    QList<LifecycleEvent> process(const QList<StoreScan>& scans, Scope scope);
    QStringList lastProblems() const;

    // Marks certificates (SHA-256) archived in the scope's snapshot, as a Replace made
    // by an admin (`certlifectl switch`, the console) does: they get no expiry events
    // from then on. A certificate no pass has seen yet cannot be marked: false, *error.
    bool markArchived(Scope scope, const QList<Sha256Digest>& certificates, QString* error = nullptr);

private:
    QMutex m_passMutex; // one process() at a time: each pass sees the previous one's snapshot
    mutable QMutex m_mutex;
    std::shared_ptr<const Clock> m_clock;
    Policy m_policy;
    QString m_snapshotFiles[2];
    QStringList m_lastProblems;
};

} // namespace certlife
