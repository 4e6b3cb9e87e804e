// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "lifecycle/LifecycleEngine.h"

#include "lifecycle/ExpiryEvaluator.h"
#include "lifecycle/SnapshotDiff.h"
#include "lifecycle/SnapshotFile.h"

#include <QRandomGenerator>
#include <limits>
#include <optional>

namespace certlife {

namespace {

constexpr int kSnapshotLockWaitMilliseconds = 10000;

// The snapshot lock for one load-change-save: the caller's when it holds one for this
// file (an agent pass, an admin's action), else one of its own, waited for a while.
class SnapshotLockUse
{
public:
    SnapshotLockUse(Scope scope, const QString& snapshotPath, const SnapshotLock* held)
        : m_path(snapshotPath), m_held(held)
    {
        if (!m_held)
            m_own.emplace(scope, snapshotPath);
    }

    bool acquire(QString* error)
    {
        if (!m_held)
            return m_own->acquire(kSnapshotLockWaitMilliseconds, error);
        if (m_held->isHeld() && m_held->snapshotPath() == m_path)
            return true;
        if (error)
            *error = QStringLiteral("the lock given for %1 is not held for it").arg(m_path);
        return false;
    }

private:
    QString m_path;
    const SnapshotLock* m_held;
    std::optional<SnapshotLock> m_own;
};

// A store's placements from a new scan, built as a pass builds them (scan order, one per
// path and certificate); a file that failed to read keeps what it held before.
StoreSnapshot placementsFromScan(ScopeSnapshot& snapshot, const StoreScan& scan, const StoreSnapshot& previous)
{
    StoreSnapshot out{scan.storeId, {}};
    QSet<QPair<QString, int>> seen;
    for (const StoredCertificate& sc : scan.certificates) {
        const int record = snapshot.recordFor(sc.certificate);
        if (!seen.contains({sc.path, record})) {
            seen.insert({sc.path, record});
            out.placements << Placement{sc.path, record};
        }
    }
    QSet<QString> unreadable;
    for (const ScanProblem& p : scan.problems)
        unreadable.insert(p.path);
    for (const Placement& p : previous.placements)
        if (unreadable.contains(p.path) && !seen.contains({p.path, p.record})) {
            seen.insert({p.path, p.record});
            out.placements << p;
        }
    return out;
}

} // namespace

LifecycleEngine::LifecycleEngine(std::shared_ptr<const Clock> clock, const Policy& policy)
    : m_clock(std::move(clock)), m_policy(policy)
{}

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

void LifecycleEngine::setAcknowledgementsFile(Scope scope, const QString& path)
{
    QMutexLocker lock(&m_mutex);
    m_acknowledgementFiles[int(scope)] = path;
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
    pass.baseId = loaded.snapshot ? loaded.snapshot->passId : 0;
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
    ExpiryEvaluator expiry(m_policy, m_clock);
    AcknowledgementsLoad acknowledgements = loadAcknowledgements(scope, m_acknowledgementFiles[int(scope)]);
    if (!acknowledgements.problem.isEmpty())
        pass.problems << acknowledgements.problem;
    expiry.setAcknowledgements(std::move(acknowledgements.acknowledgements));
    // The scanned certificates' DER, indexed when the trust anchor policy first asks.
    QHash<QByteArray, QByteArray> derBySha256;
    bool indexed = false;
    const auto digestKey = [](const Sha256Digest& d) {
        return QByteArray(reinterpret_cast<const char*>(d.data()), qsizetype(d.size()));
    };
    expiry.setCertificateDer([&](const Sha256Digest& sha256) {
        if (!indexed) {
            for (const StoreScan& scan : scans)
                for (const StoredCertificate& c : scan.certificates)
                    derBySha256.insert(digestKey(c.certificate.sha256), c.certificate.der);
            indexed = true;
        }
        return derBySha256.value(digestKey(sha256));
    });
    // Moved in, not copied: a first pass over 100,000 certificates has some 70,000 of them.
    QList<LifecycleEvent> expiryEvents = expiry.evaluate(diff.next, diff.observedStores, &stateChanged);
    if (diff.events.isEmpty())
        diff.events = std::move(expiryEvents);
    else
        diff.events.append(std::move(expiryEvents));

    const QDateTime now = m_clock->now();
    const StaleBindingsLoad bindings = loadStaleBindings(staleBindingsPath(file.path()));
    if (!bindings.problem.isEmpty())
        pass.problems << bindings.problem;
    StaleBindingPass stale = evaluateStaleBindings(scans, bindings.bindings, m_policy, now.toSecsSinceEpoch());
    diff.events << stale.events;
    pass.staleBindings = std::move(stale.bindings);
    pass.bindingsChanged = stale.changed || !bindings.problem.isEmpty();
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
    pass.changed = diff.changed || stateChanged || !loaded.problem.isEmpty() || pass.bindingsChanged;
    pass.snapshot = std::move(diff.next);
    pass.snapshot.scope = scope;
    pass.snapshot.savedAt = now.toSecsSinceEpoch();
    do
        pass.snapshot.passId =
            qint64(QRandomGenerator::system()->generate64() & quint64(std::numeric_limits<qint64>::max()));
    while (pass.snapshot.passId == 0 || pass.snapshot.passId == pass.baseId);
    return pass;
}

std::unique_ptr<SnapshotLock> LifecycleEngine::snapshotLock(Scope scope) const
{
    return std::make_unique<SnapshotLock>(scope, snapshotFile(scope));
}

bool LifecycleEngine::commit(const LifecyclePass& pass, QString* error, const SnapshotLock* held)
{
    if (!pass.changed)
        return true; // nothing new: the file stays as it is (no needless disk writes)
    QMutexLocker lock(&m_mutex);
    const SnapshotFile file(pass.scope, m_snapshotFiles[int(pass.scope)]);
    SnapshotLockUse fileLock(pass.scope, file.path(), held);
    if (!fileLock.acquire(error))
        return false;
    // The bindings first: a crash before the snapshot repeats the pass from the same base
    // (its events are not logged twice) and finds its 1101 already noted.
    if (pass.bindingsChanged) {
        const AtomicWriteResult bindings =
            saveStaleBindings(staleBindingsPath(file.path()), pass.staleBindings, pass.scope);
        if (!bindings.ok()) {
            if (error)
                *error = bindings.error;
            return false;
        }
    }
    const AtomicWriteResult result = file.save(pass.snapshot);
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
                                        "again")
                             .arg(error);
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
    SnapshotLockUse fileLock(scope, file.path(), nullptr);
    if (!fileLock.acquire(error))
        return false;
    SnapshotLoad loaded = file.load();
    if (!loaded.snapshot) {
        if (error)
            *error = loaded.problem.isEmpty()
                ? QStringLiteral("no %1 snapshot yet: run a scan first (certlifectl watch --once)")
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

bool LifecycleEngine::acknowledge(const QList<StoreScan>& touchedStores, Scope scope, QString* error,
                                  const SnapshotLock* held)
{
    QMutexLocker pass(&m_passMutex);
    QMutexLocker lock(&m_mutex);
    m_lastProblems.clear();
    const SnapshotFile file(scope, m_snapshotFiles[int(scope)]);
    SnapshotLockUse fileLock(scope, file.path(), held);
    if (!fileLock.acquire(error))
        return false;
    SnapshotLoad loaded = file.load();
    ScopeSnapshot snapshot;
    if (loaded.snapshot) {
        snapshot = std::move(*loaded.snapshot);
    } else if (loaded.stateOnly || !loaded.problem.isEmpty()) {
        // Damaged and moved aside: save what the next pass would start from (state kept,
        // every store a new baseline) so the repair and its report are not lost.
        m_lastProblems << loaded.problem;
        if (loaded.stateOnly)
            snapshot = std::move(*loaded.stateOnly);
        snapshot.scope = scope;
        snapshot.stores.clear();
    } else {
        return true; // no pass yet: the first one takes every store as it is, silently
    }

    for (const StoreScan& scan : touchedStores) {
        if (scan.scope != scope || scan.cancelled) {
            if (error)
                *error = scan.cancelled ? QStringLiteral("the scan of store %1 was cancelled").arg(scan.storeId)
                                        : QStringLiteral("store %1 was scanned for the %2 scope, not the %3 scope")
                                              .arg(scan.storeId, scopeName(scan.scope), scopeName(scope));
            return false;
        }
        if (scan.storeMissing)
            continue; // as a pass does: a missing store keeps its previous content
        for (StoreSnapshot& stored : snapshot.stores)
            if (stored.storeId == scan.storeId)
                stored = placementsFromScan(snapshot, scan, stored);
    }
    snapshot.savedAt = m_clock->now().toSecsSinceEpoch();
    const AtomicWriteResult saved = file.save(snapshot);
    if (!saved.ok() && error)
        *error = saved.error;
    return saved.ok();
}

} // namespace certlife
