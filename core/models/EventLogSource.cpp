// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "models/EventLogSource.h"

#include "eventlog/EventLogSet.h"
#include "util/Paths.h"

namespace certlife {

namespace {
// The logs a query reads, opened for this call only (EventLogSet: missing files are
// skipped, a log that exists but cannot be opened is reported in errors()).
EventLogSet openFor(const EventLogSource& source, const EventQuery& query)
{
    EventLogSet logs(source.logPath(Scope::System), source.logPath(Scope::User));
    QList<Scope> channels;
    for (const Scope channel : {Scope::System, Scope::User})
        if (query.matchesChannel(channel) && !source.logPath(channel).isEmpty())
            channels << channel;
    logs.open(channels, EventLogSet::Access::Read);
    return logs;
}

EventQuery forChannel(const EventQuery& query, Scope channel)
{
    EventQuery q = query;
    q.channel = channel;
    return q;
}
} // namespace

EventLogSource::EventLogSource(QString systemLogPath, QString userLogPath)
    : m_systemPath(std::move(systemLogPath)), m_userPath(std::move(userLogPath))
{}

std::shared_ptr<EventLogSource> EventLogSource::forDefaultPaths()
{
    return std::make_shared<EventLogSource>(Paths::eventLogFile(Scope::System), Paths::eventLogFile(Scope::User));
}

EventPage EventLogSource::fetch(const EventQuery& query) const
{
    const EventLogSet logs = openFor(*this, query);
    EventPage page;
    page.events = queryChannels(logs.logs(), query);
    page.error = (logs.errors() + logs.queryErrors()).join(QLatin1Char('\n'));
    return page;
}

qint64 EventLogSource::latestRecordId(Scope channel) const
{
    const EventLogSet logs = openFor(*this, forChannel(EventQuery(), channel));
    const EventLog* log = logs.log(channel);
    return log ? log->latestRecordId() : 0;
}

qint64 EventLogSource::count(const EventQuery& query) const
{
    const EventLogSet logs = openFor(*this, query);
    if (!logs.errors().isEmpty())
        return -1;
    const qint64 total = countChannels(logs.logs(), query);
    return logs.queryErrors().isEmpty() ? total : -1;
}

} // namespace certlife
