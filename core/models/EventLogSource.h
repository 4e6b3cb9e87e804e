// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "models/EventSource.h"

#include <memory>

namespace certlife {

// The EventSource over the two SQLite event logs. Every call opens its own read-only
// EventLog connections on the calling (worker) thread, as Qt SQL requires, and closes
// them before returning; a log file that does not exist yet reads as empty.
class EventLogSource final : public EventSource
{
public:
    EventLogSource(QString systemLogPath, QString userLogPath);
    // Paths::eventLogFile() of both scopes.
    static std::shared_ptr<EventLogSource> forDefaultPaths();

    EventPage fetch(const EventQuery& query) const override;
    qint64 latestRecordId(Scope channel) const override;
    qint64 count(const EventQuery& query) const override;

    QString logPath(Scope channel) const { return channel == Scope::System ? m_systemPath : m_userPath; }

private:
    QString m_systemPath;
    QString m_userPath;
};

} // namespace certlife
