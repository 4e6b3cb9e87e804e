// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

// What every caller of a certificate action (certlifectl, the console) does around it:
// open the event log of each channel it will write to BEFORE anything changes, append
// the action's events afterwards, take back an unrecorded import/copy/export, and tell
// the lifecycle snapshot about the change so the agent does not log it a second time.
// Synchronous and without QObjects: the CLI calls it directly, the console on a worker
// thread (an EventLog must be opened and used on one thread).

#include "actions/CertificateActions.h"
#include "eventlog/EventLogSet.h"

#include <functional>
#include <map>
#include <memory>

namespace certlife {

class SnapshotLock;

// How long an action waits for an agent pass (or another action) that holds a scope's
// lifecycle snapshot lock. An unchanged pass over 100,000 certificates holds it ≈ 1.5 s.
constexpr int kActionSnapshotLockWaitMilliseconds = 30000;

// The lifecycle snapshot locks an action holds from BEFORE it changes a file until its
// acknowledgement is saved (acknowledgeAction): an agent pass then sees each store
// either before the change or after its acknowledgement, and never logs the change a
// second time. Released by release() or the destructor. Blocking: the CLI calls it
// directly, the console on a worker thread.
class ActionSnapshotLocks
{
public:
    ActionSnapshotLocks();
    ~ActionSnapshotLocks();
    ActionSnapshotLocks(const ActionSnapshotLocks&) = delete;
    ActionSnapshotLocks& operator=(const ActionSnapshotLocks&) = delete;

    // Takes the lock of every scope not held yet. A busy lock is waited for up to
    // `waitMilliseconds`, after `waiting` was told who holds it; still busy: false with
    // *error ("nothing was changed: … after 30 s; try again").
    bool acquire(const QList<Scope>& scopes, int waitMilliseconds,
                 const std::function<void(Scope scope, const QString& holder)>& waiting, QString* error);
    // One attempt, no waiting, for callers with an event loop to keep running: takes the
    // free locks in scope order and stops at the first busy one (false, *busy naming its
    // holder); call again until true. The fixed order means two actions never hold one
    // lock each while waiting for the other's.
    bool tryAcquire(const QList<Scope>& scopes, QString* busy);
    SnapshotLock* held(Scope scope) const; // nullptr when this scope's lock is not held
    void release();

private:
    std::map<int, std::unique_ptr<SnapshotLock>> m_locks; // by Scope
};

class ActionEventLogs
{
public:
    ActionEventLogs();
    ~ActionEventLogs();
    ActionEventLogs(const ActionEventLogs&) = delete;
    ActionEventLogs& operator=(const ActionEventLogs&) = delete;

    // Opens the log of every channel (Paths::eventLogFile) not opened yet. False with
    // *error ("nothing was changed: the User event log cannot be written …") when one
    // cannot be written: the action must not run then.
    bool open(const QList<Scope>& channels, QString* error);

    // Appends the result's events to the log of each event's channel, one transaction per
    // channel, and fills their record ids in result.events. False with *error naming the
    // channel when a log refused them.
    bool record(ActionResult& result, QString* error);

private:
    EventLogSet m_logs;
};

// Removes the files an action wrote (import, copy, export) when its events could not be
// recorded: an unrecorded change is worse than none.
void undoWrittenFiles(const ActionResult& result);

// After the events are recorded: brings each scope's lifecycle snapshot up to date with
// new scans of the stores the action touched (LifecycleEngine::acknowledge), so the
// agent's next pass finds them unchanged. Returns warnings (a repaired snapshot, or one
// that could not be updated: the agent then logs the change once more, as detected);
// never fails the action. `locks`: the ones the action holds (each scope not held there
// is locked for the acknowledgement alone).
QStringList acknowledgeAction(const QList<StoreScan>& touchedScans, const std::shared_ptr<const Clock>& clock,
                              const ActionSnapshotLocks* locks = nullptr);

// Switch-Certificate's store side: the old certificate is archived in its scope's
// snapshot, so it gets no more expiry warnings. False with *error.
bool archiveReplaced(Scope scope, const Certificate& old, const std::shared_ptr<const Clock>& clock, QString* error);

} // namespace certlife
