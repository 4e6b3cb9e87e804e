// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "actions/ActionRecording.h"

#include "actions/ActionSupport.h"
#include "eventlog/EventLogSet.h"
#include "lifecycle/LifecycleEngine.h"
#include "lifecycle/SnapshotFile.h"
#include "lifecycle/SnapshotLock.h"
#include "policy/PolicyStore.h"

#include <QFile>
#include <algorithm>

namespace certlife {

ActionEventLogs::ActionEventLogs() = default;
ActionEventLogs::~ActionEventLogs() = default;

bool ActionEventLogs::open(const QList<Scope>& channels, QString* error)
{
    for (const Scope scope : channels) {
        if (m_logs.open({scope}, EventLogSet::Access::Write))
            continue;
        *error = QStringLiteral("nothing was changed: the %1 event log cannot be written, so the action could "
                                "not be recorded: %2")
                     .arg(scopeName(scope), m_logs.errors().constLast());
        return false;
    }
    return true;
}

bool ActionEventLogs::record(ActionResult& result, QString* error)
{
    QList<LifecycleEvent> recorded;
    for (const Scope scope : {Scope::System, Scope::User}) {
        QList<LifecycleEvent> batch;
        for (const LifecycleEvent& e : std::as_const(result.events))
            if (e.channel == scope)
                batch << e;
        if (batch.isEmpty())
            continue;
        EventLog* log = m_logs.log(scope);
        QString why = log ? QString() : QStringLiteral("the log was not opened");
        if (!why.isEmpty() || !log->append(batch, &why)) {
            *error = QStringLiteral("the %1 event log refused the action's events: %2").arg(scopeName(scope), why);
            return false;
        }
        recorded += batch;
    }
    result.events = recorded;
    return true;
}

ActionSnapshotLocks::ActionSnapshotLocks() = default;
ActionSnapshotLocks::~ActionSnapshotLocks() = default;

namespace {
QList<Scope> inLockOrder(QList<Scope> scopes)
{
    std::sort(scopes.begin(), scopes.end());
    scopes.erase(std::unique(scopes.begin(), scopes.end()), scopes.end());
    return scopes;
}
} // namespace

bool ActionSnapshotLocks::tryAcquire(const QList<Scope>& scopes, QString* busy)
{
    for (const Scope scope : inLockOrder(scopes)) {
        if (m_locks.count(int(scope)))
            continue;
        auto lock = std::make_unique<SnapshotLock>(scope, SnapshotFile(scope).path());
        if (!lock->tryAcquire()) {
            *busy = lock->failureText();
            return false;
        }
        m_locks[int(scope)] = std::move(lock);
    }
    return true;
}

bool ActionSnapshotLocks::acquire(const QList<Scope>& scopes, int waitMilliseconds,
                                  const std::function<void(Scope, const QString&)>& waiting, QString* error)
{
    for (const Scope scope : inLockOrder(scopes)) {
        if (m_locks.count(int(scope)))
            continue;
        auto lock = std::make_unique<SnapshotLock>(scope, SnapshotFile(scope).path());
        if (!lock->tryAcquire()) {
            if (waiting)
                waiting(scope, lock->failureText());
            QString why;
            if (!lock->acquire(waitMilliseconds, &why)) {
                *error = QStringLiteral("nothing was changed: %1 after %2 s; try again")
                             .arg(why)
                             .arg(waitMilliseconds / 1000);
                return false;
            }
        }
        m_locks[int(scope)] = std::move(lock);
    }
    return true;
}

SnapshotLock* ActionSnapshotLocks::held(Scope scope) const
{
    const auto found = m_locks.find(int(scope));
    return found == m_locks.end() ? nullptr : found->second.get();
}

void ActionSnapshotLocks::release()
{
    m_locks.clear();
}

void undoWrittenFiles(const ActionResult& result)
{
    for (const QString& path : result.writtenFiles)
        QFile::remove(path);
    ActionResult nss = result;
    actions_detail::undoNssAdditions(nss);
}

QStringList acknowledgeAction(const QList<StoreScan>& touchedScans, const std::shared_ptr<const Clock>& clock,
                              const ActionSnapshotLocks* locks)
{
    QStringList warnings;
    for (const Scope scope : {Scope::System, Scope::User}) {
        QList<StoreScan> scans;
        for (const StoreScan& s : touchedScans)
            if (s.scope == scope)
                scans << s;
        if (scans.isEmpty())
            continue;
        LifecycleEngine engine(clock, PolicyStore().effective(scope).policy);
        QString error;
        const bool ok = engine.acknowledge(scans, scope, &error, locks ? locks->held(scope) : nullptr);
        warnings += engine.lastProblems();
        if (!ok)
            warnings << QStringLiteral("the %1 lifecycle snapshot was not brought up to date (%2): the agent will log "
                                       "this change once more, as detected")
                            .arg(scopeName(scope), error);
    }
    return warnings;
}

bool archiveReplaced(Scope scope, const Certificate& old, const std::shared_ptr<const Clock>& clock, QString* error)
{
    LifecycleEngine engine(clock, PolicyStore().effective(scope).policy);
    return engine.markArchived(scope, {old.sha256}, error);
}

} // namespace certlife
