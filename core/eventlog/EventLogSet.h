// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "eventlog/EventLog.h"

#include <QList>
#include <QStringList>
#include <memory>

namespace certlife {

// The event logs of the channels a reader or an action needs, opened together: the one
// place that opens both channels' logs (the console's EventLogSource, `certlifectl
// events` and `report`, and the actions' ActionEventLogs). Each log lives on the thread
// that opened the set (EventLog.h).
class EventLogSet
{
public:
    enum class Access : quint8 {
        Read,  // existing logs, read-only; a channel without a log file yet has no events
        Write, // created when missing (an action must be able to record its events)
    };

    // The logs at Paths::eventLogFile(channel), or at the paths given (tests, tools).
    explicit EventLogSet(QString systemLogPath = {}, QString userLogPath = {});
    ~EventLogSet();
    EventLogSet(EventLogSet&&) noexcept;
    EventLogSet& operator=(EventLogSet&&) noexcept;

    // Opens the log of each channel not open yet. False when one could not be opened;
    // its error (naming the file) is in errors(), the other channels are open.
    bool open(const QList<Scope>& channels, Access access);

    QString path(Scope channel) const;
    EventLog* log(Scope channel) const;  // null when not open (not asked for, no file yet, or failed)
    QList<const EventLog*> logs() const; // the open ones, System first: for queryChannels()
    QStringList errors() const { return m_errors; }
    // The open logs' errors of their last query, "PATH: ERROR", one per log that had one.
    QStringList queryErrors() const;

private:
    QString m_paths[2];
    std::unique_ptr<EventLog> m_logs[2];
    QStringList m_errors;
};

} // namespace certlife
