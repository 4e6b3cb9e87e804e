#include "lifecycle/LifecycleEngine.h"

#include "lifecycle/ExpiryEvaluator.h"
#include "lifecycle/SnapshotDiff.h"
#include "lifecycle/SnapshotFile.h"

namespace certlife {

LifecycleEngine::LifecycleEngine(std::shared_ptr<const Clock> clock, const Policy& policy)
    : m_clock(std::move(clock)), m_policy(policy)
{
}

void LifecycleEngine::setPolicy(const Policy& policy)
{
    QMutexLocker lock(&m_mutex);
    m_policy = policy;
}

Policy LifecycleEngine::policy() const
{
    QMutexLocker lock(&m_mutex);
    return m_policy;
}

void LifecycleEngine::setSnapshotFile(Scope scope, const QString& path)
{
    QMutexLocker lock(&m_mutex);
    m_snapshotFiles[int(scope)] = path;
}

QString LifecycleEngine::snapshotFile(Scope scope) const
{
    QMutexLocker lock(&m_mutex);
    return SnapshotFile(scope, m_snapshotFiles[int(scope)]).path();
}

LifecyclePass LifecycleEngine::evaluate(const QList<StoreScan>& scans, Scope scope)
{
    QMutexLocker lock(&m_mutex);
    LifecyclePass pass;
    pass.scope = scope;
    const SnapshotFile file(scope, m_snapshotFiles[int(scope)]);
    SnapshotLoad loaded = file.load();
    if (!loaded.problem.isEmpty())
        pass.problems << loaded.problem;

    ScopeSnapshot previous;
    previous.scope = scope;
    if (loaded.snapshot) {
        previous = std::move(*loaded.snapshot);
    } else if (loaded.stateOnly) {
        previous = std::move(*loaded.stateOnly);
        previous.stores.clear(); // per-certificate state only: every store is a baseline
    }
    for (const StoreScan& scan : scans)
        if (scan.scope != scope)
            pass.problems << QStringLiteral("store %1 was scanned for the %2 scope but is processed in the %3 scope")
                                 .arg(scan.storeId, scopeName(scan.scope), scopeName(scope));

    SnapshotDiff diff = diffSnapshot(std::move(previous), scans);
    pass.problems << diff.problems;
    bool stateChanged = false;
    const ExpiryEvaluator expiry(m_policy, m_clock);
    diff.events << expiry.evaluate(diff.next, diff.observedStores, &stateChanged);

    const QDateTime now = m_clock->now();
    LifecycleEvent origin;
    if (!diff.events.isEmpty())
        origin.stampOrigin();
    for (LifecycleEvent& e : diff.events) {
        e.time = now;
        e.channel = scope;
        e.host = origin.host;
        e.account = origin.account;
        e.process = origin.process;
    }
    pass.events = std::move(diff.events);
    // A damaged snapshot was moved aside: write a good one even when nothing changed.
    pass.changed = diff.changed || stateChanged || !loaded.problem.isEmpty();
    pass.snapshot = std::move(diff.next);
    pass.snapshot.scope = scope;
    pass.snapshot.savedAt = now.toSecsSinceEpoch();
    return pass;
}

bool LifecycleEngine::commit(const LifecyclePass& pass, QString* error)
{
    if (!pass.changed)
        return true; // nothing new: the file stays as it is (no needless disk writes)
    QMutexLocker lock(&m_mutex);
    const AtomicWriteResult result = SnapshotFile(pass.scope, m_snapshotFiles[int(pass.scope)]).save(pass.snapshot);
    if (!result.ok() && error)
        *error = result.error;
    return result.ok();
}

QList<LifecycleEvent> LifecycleEngine::process(const QList<StoreScan>& scans, Scope scope)
{
    QMutexLocker passLock(&m_passMutex);
    LifecyclePass pass = evaluate(scans, scope);
    QString error;
    if (!commit(pass, &error))
        pass.problems << QStringLiteral("the snapshot could not be saved (%1): the next pass reports these changes "
                                        "again").arg(error);
    QMutexLocker lock(&m_mutex);
    m_lastProblems = pass.problems;
    return pass.events;
}

QStringList LifecycleEngine::lastProblems() const
{
    QMutexLocker lock(&m_mutex);
    return m_lastProblems;
}

bool LifecycleEngine::markArchived(Scope scope, const QList<Sha256Digest>& certificates, QString* error)
{
    QMutexLocker pass(&m_passMutex);
    QMutexLocker lock(&m_mutex);
    const SnapshotFile file(scope, m_snapshotFiles[int(scope)]);
    SnapshotLoad loaded = file.load();
    if (!loaded.snapshot) {
        if (error)
            *error = loaded.problem.isEmpty() ? QStringLiteral("no %1 snapshot yet: run a scan first (certlifectl watch --once)")
                                                    .arg(scopeName(scope).toLower())
                                              : loaded.problem;
        return false;
    }
    ScopeSnapshot& snapshot = *loaded.snapshot;
    for (const Sha256Digest& sha : certificates) {
        const int record = snapshot.findRecord(sha);
        if (record < 0) {
            if (error)
                *error = QStringLiteral("certificate %1 is not in the %2 snapshot: run a scan first")
                             .arg(toHexUpper(sha), scopeName(scope).toLower());
            return false;
        }
        snapshot.state(record).archived = true;
    }
    const AtomicWriteResult saved = file.save(snapshot);
    if (!saved.ok() && error)
        *error = saved.error;
    return saved.ok();
}

} // namespace certlife
