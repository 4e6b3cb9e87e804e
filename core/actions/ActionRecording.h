#pragma once

// What every caller of a certificate action (certlifectl, the console) does around it:
// open the event log of each channel it will write to BEFORE anything changes, append
// the action's events afterwards, take back an unrecorded import/copy/export, and tell
// the lifecycle snapshot about the change so the agent does not log it a second time.
// Synchronous and without QObjects: the CLI calls it directly, the console on a worker
// thread (an EventLog must be opened and used on one thread).

#include "actions/CertificateActions.h"

#include <map>
#include <memory>

namespace certlife {

class EventLog;

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
    std::map<int, std::unique_ptr<EventLog>> m_logs; // by Scope
};

// Removes the files an action wrote (import, copy, export) when its events could not be
// recorded: an unrecorded change is worse than none.
void undoWrittenFiles(const ActionResult& result);

// After the events are recorded: brings each scope's lifecycle snapshot up to date with
// new scans of the stores the action touched (LifecycleEngine::acknowledge), so the
// agent's next pass finds them unchanged. Returns warnings (a repaired snapshot, or one
// that could not be updated: the agent then logs the change once more, as detected);
// never fails the action.
QStringList acknowledgeAction(const QList<StoreScan>& touchedScans, const std::shared_ptr<const Clock>& clock);

// Switch-Certificate's store side: the old certificate is archived in its scope's
// snapshot, so it gets no more expiry warnings. False with *error.
bool archiveReplaced(Scope scope, const Certificate& old, const std::shared_ptr<const Clock>& clock, QString* error);

} // namespace certlife
