// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "eventlog/EventLogSet.h"

#include "util/Paths.h"

#include <QFileInfo>

namespace certlife {

EventLogSet::EventLogSet(QString systemLogPath, QString userLogPath)
    : m_paths{systemLogPath.isEmpty() ? Paths::eventLogFile(Scope::System) : std::move(systemLogPath),
              userLogPath.isEmpty() ? Paths::eventLogFile(Scope::User) : std::move(userLogPath)}
{}

EventLogSet::~EventLogSet() = default;
EventLogSet::EventLogSet(EventLogSet&&) noexcept = default;
EventLogSet& EventLogSet::operator=(EventLogSet&&) noexcept = default;

QString EventLogSet::path(Scope channel) const
{
    return m_paths[int(channel)];
}

bool EventLogSet::open(const QList<Scope>& channels, Access access)
{
    bool ok = true;
    for (const Scope channel : channels) {
        std::unique_ptr<EventLog>& slot = m_logs[int(channel)];
        if (slot)
            continue;
        const QString& file = m_paths[int(channel)];
        if (access == Access::Read && !QFileInfo::exists(file))
            continue; // nothing recorded in this channel yet
        auto log = std::make_unique<EventLog>(file, channel);
        QString error;
        if (!(access == Access::Read ? log->openReadOnly(&error) : log->open(&error))) {
            m_errors << error;
            ok = false;
            continue;
        }
        slot = std::move(log);
    }
    return ok;
}

EventLog* EventLogSet::log(Scope channel) const
{
    return m_logs[int(channel)].get();
}

QList<const EventLog*> EventLogSet::logs() const
{
    QList<const EventLog*> out;
    for (const auto& log : m_logs)
        if (log)
            out << log.get();
    return out;
}

QStringList EventLogSet::queryErrors() const
{
    QStringList out;
    for (const auto& log : m_logs)
        if (log && !log->lastError().isEmpty())
            out << QStringLiteral("%1: %2").arg(log->databasePath(), log->lastError());
    return out;
}

} // namespace certlife
