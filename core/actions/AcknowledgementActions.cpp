// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "actions/AcknowledgementActions.h"

#include "eventlog/EventLog.h"
#include "lifecycle/EventOrigin.h"
#include "util/AtomicFile.h"
#include "util/Paths.h"
#include "util/ProcessLock.h"

#include <QFileInfo>

#include <unistd.h>

namespace certlife {

namespace {

// How long a change waits for another writer of the file (the CLI and the console at
// once): a change holds the lock for one read, one write and one event.
constexpr int kLockWaitMs = 10000;

struct ChangeSteps
{
    Scope scope;
    QString file;
    QString logFile;
};

// Opens the log, applies `edit` to the file's acknowledgements, writes them, records
// the events `edit` made; puts the old file back when they cannot be recorded.
AcknowledgementChange change(const ChangeSteps& steps,
                             const std::function<QString(Acknowledgements&, QList<LifecycleEvent>&)>& edit,
                             const QDateTime& now)
{
    AcknowledgementChange out;
    if (steps.scope == Scope::System && ::geteuid() != 0) {
        out.permissionDenied = true;
        out.error = QStringLiteral("the System scope's acknowledgements can only be changed by root");
        return out;
    }
    EventLog log(steps.logFile.isEmpty() ? Paths::eventLogFile(steps.scope) : steps.logFile, steps.scope);
    QString why;
    if (!log.open(&why)) {
        out.error = QStringLiteral("nothing was changed: the %1 event log cannot be written: %2")
                        .arg(scopeName(steps.scope), why);
        return out;
    }
    // The read-modify-write under a lock beside the file (`acknowledgements.json.lock`,
    // flock, released by the kernel if we die): two writers at once (certlifectl ack
    // while the console mutes) would each write what they read, and the later rename
    // would drop the other's entry.
    const QString file = steps.file.isEmpty() ? Paths::acknowledgementsFile(steps.scope) : steps.file;
    const QString dirError =
        Paths::ensureDir(QFileInfo(file).absolutePath(), steps.scope == Scope::System ? 0755 : 0700);
    if (!dirError.isEmpty()) {
        out.error = QStringLiteral("nothing was changed: ") + dirError;
        return out;
    }
    ProcessLock lock(file + QStringLiteral(".lock"));
    if (!lock.lock(kLockWaitMs)) {
        const QString holder = lock.holder();
        out.error = lock.isBusy()
            ? QStringLiteral("nothing was changed: %1 is being changed by %2 (lock %3)")
                  .arg(file, holder.isEmpty() ? QStringLiteral("another process") : holder, lock.path())
            : QStringLiteral("nothing was changed: cannot lock %1: %2").arg(lock.path(), lock.errorString());
        return out;
    }
    removeAbandonedTemporaries(file); // only a killed writer leaves them: every writer holds the lock
    AcknowledgementsLoad loaded = loadAcknowledgements(steps.scope, file);
    if (!loaded.problem.isEmpty()) {
        out.error = QStringLiteral("nothing was changed: ") + loaded.problem;
        return out;
    }
    const Acknowledgements before = loaded.acknowledgements;
    Acknowledgements after = loaded.acknowledgements;
    after.dropLapsed(now); // the file keeps what may still apply
    QList<LifecycleEvent> events;
    why = edit(after, events);
    if (!why.isEmpty()) {
        out.error = why;
        return out;
    }
    LifecycleEvent origin;
    origin.stampOrigin();
    for (LifecycleEvent& e : events) {
        e.time = now;
        e.channel = steps.scope;
        e.host = origin.host;
        e.account = origin.account;
        e.process = origin.process;
    }
    const AtomicWriteResult written = saveAcknowledgements(steps.scope, after, file);
    if (!written.ok()) {
        out.permissionDenied = written.permissionDenied;
        out.error = QStringLiteral("nothing was changed: ") + written.error;
        return out;
    }
    if (!log.append(events, &why)) {
        saveAcknowledgements(steps.scope, before, file); // an unrecorded change is worse than none
        out.error = QStringLiteral("nothing was changed: the %1 event log refused the change: %2")
                        .arg(scopeName(steps.scope), why);
        return out;
    }
    out.events = events;
    return out;
}

} // namespace

AcknowledgementChange addAcknowledgements(Scope scope, QList<Acknowledgement> acknowledgements,
                                          const std::shared_ptr<const Clock>& clock,
                                          const QString& acknowledgementsFile, const QString& eventLogFile)
{
    const QDateTime now = clock->now().toUTC();
    const QString who = currentEventAccount();
    return change(
        {scope, acknowledgementsFile, eventLogFile},
        [&](Acknowledgements& list, QList<LifecycleEvent>& events) {
            for (Acknowledgement& a : acknowledgements) {
                if (a.until.isValid() && a.until <= now)
                    return QStringLiteral("nothing was changed: %1 is not in the future").arg(a.untilText());
                a.at = now;
                a.by = who;
                list.put(a);
                events << acknowledgementEvent(EventId::Acknowledged, a, who);
            }
            return QString();
        },
        now);
}

AcknowledgementChange removeAcknowledgements(Scope scope, const QStringList& keys,
                                             const std::shared_ptr<const Clock>& clock,
                                             const QString& acknowledgementsFile, const QString& eventLogFile)
{
    const QDateTime now = clock->now().toUTC();
    const QString who = currentEventAccount();
    return change(
        {scope, acknowledgementsFile, eventLogFile},
        [&](Acknowledgements& list, QList<LifecycleEvent>& events) {
            for (const QString& key : keys) {
                const Acknowledgement* found = list.find(key);
                if (!found)
                    return QStringLiteral("nothing was changed: %1 is not acknowledged or muted in the %2 scope")
                        .arg(key.section(QLatin1Char(':'), 0, 0) + QLatin1Char(' ') + key.section(QLatin1Char(':'), 1),
                             scopeName(scope));
                events << acknowledgementEvent(EventId::AcknowledgementRemoved, *found, who);
                list.remove(key);
            }
            return QString();
        },
        now);
}

} // namespace certlife
