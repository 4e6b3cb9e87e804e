// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "models/EventLogSource.h"

#include "eventlog/EventLog.h"
#include "util/Paths.h"

#include <QFileInfo>

namespace certlife {

namespace {
// The logs a query reads, opened for this call only. Missing files are skipped (no
// events yet); a log that exists but cannot be opened is reported in *errors.
struct OpenLogs
{
    std::unique_ptr<EventLog> logs[2];
    QStringList errors;

    OpenLogs(const EventLogSource& source, const EventQuery& query)
    {
        for (Scope channel : {Scope::System, Scope::User}) {
            if (!query.matchesChannel(channel))
                continue;
            const QString path = source.logPath(channel);
            if (path.isEmpty() || !QFileInfo::exists(path))
                continue;
            auto log = std::make_unique<EventLog>(path, channel);
            QString error;
            if (!log->openReadOnly(&error)) {
                errors << error;
                continue;
            }
            logs[int(channel)] = std::move(log);
        }
    }

    QList<const EventLog*> list() const
    {
        QList<const EventLog*> out;
        for (const auto& log : logs) {
            if (log)
                out << log.get();
        }
        return out;
    }

    void collectQueryErrors()
    {
        for (const auto& log : logs) {
            if (log && !log->lastError().isEmpty())
                errors << log->lastError();
        }
    }
};

EventQuery forChannel(const EventQuery& query, Scope channel)
{
    EventQuery q = query;
    q.channel = channel;
    return q;
}
} // namespace

EventLogSource::EventLogSource(QString systemLogPath, QString userLogPath)
    : m_systemPath(std::move(systemLogPath)), m_userPath(std::move(userLogPath))
{
}

std::shared_ptr<EventLogSource> EventLogSource::forDefaultPaths()
{
    return std::make_shared<EventLogSource>(Paths::eventLogFile(Scope::System), Paths::eventLogFile(Scope::User));
}

EventPage EventLogSource::fetch(const EventQuery& query) const
{
    OpenLogs open(*this, query);
    EventPage page;
    page.events = queryChannels(open.list(), query);
    open.collectQueryErrors();
    page.error = open.errors.join(QLatin1Char('\n'));
    return page;
}

qint64 EventLogSource::latestRecordId(Scope channel) const
{
    OpenLogs open(*this, forChannel(EventQuery(), channel));
    const EventLog* log = open.logs[int(channel)].get();
    return log ? log->latestRecordId() : 0;
}

qint64 EventLogSource::count(const EventQuery& query) const
{
    OpenLogs open(*this, query);
    if (!open.errors.isEmpty())
        return -1;
    const qint64 total = countChannels(open.list(), query);
    open.collectQueryErrors();
    return open.errors.isEmpty() ? total : -1;
}

} // namespace certlife
