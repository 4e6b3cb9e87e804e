// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "agent/AgentStatus.h"

#include "util/AtomicFile.h"
#include "util/Paths.h"

#include <QFile>
#include <QJsonDocument>
#include <csignal>
#include <cerrno>

namespace certlife {

static QString iso(const QDateTime& t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODate) : QString();
}

static QDateTime fromIso(const QJsonValue& v)
{
    return QDateTime::fromString(v.toString(), Qt::ISODate).toUTC();
}

QJsonObject AgentStatus::toJson() const
{
    return QJsonObject{
        {QStringLiteral("scope"), scopeName(scope)},
        {QStringLiteral("pid"), pid},
        {QStringLiteral("state"), state},
        {QStringLiteral("startedAt"), iso(startedAt)},
        {QStringLiteral("lastPassAt"), iso(lastPassAt)},
        {QStringLiteral("lastPassMilliseconds"), lastPassMilliseconds},
        {QStringLiteral("stores"), stores},
        {QStringLiteral("certificates"), certificates},
        {QStringLiteral("problems"), problems},
        {QStringLiteral("eventsWritten"), eventsWritten},
        {QStringLiteral("nextPassAt"), iso(nextPassAt)},
        {QStringLiteral("lastError"), lastError},
        {QStringLiteral("passesSkipped"), passesSkipped},
        {QStringLiteral("skippedSince"), iso(skippedSince)},
        {QStringLiteral("skipReason"), skipReason},
        {QStringLiteral("taskRuns"), taskRuns.toJson()},
    };
}

std::optional<AgentStatus> AgentStatus::fromJson(const QJsonObject& o)
{
    AgentStatus s;
    if (!parseScope(o.value(QLatin1String("scope")).toString(), &s.scope))
        return std::nullopt;
    s.pid = o.value(QLatin1String("pid")).toInteger();
    s.state = o.value(QLatin1String("state")).toString();
    s.startedAt = fromIso(o.value(QLatin1String("startedAt")));
    s.lastPassAt = fromIso(o.value(QLatin1String("lastPassAt")));
    s.lastPassMilliseconds = o.value(QLatin1String("lastPassMilliseconds")).toInteger();
    s.stores = o.value(QLatin1String("stores")).toInt();
    s.certificates = o.value(QLatin1String("certificates")).toInt();
    s.problems = o.value(QLatin1String("problems")).toInt();
    s.eventsWritten = o.value(QLatin1String("eventsWritten")).toInteger();
    s.nextPassAt = fromIso(o.value(QLatin1String("nextPassAt")));
    s.lastError = o.value(QLatin1String("lastError")).toString();
    s.passesSkipped = o.value(QLatin1String("passesSkipped")).toInt();
    s.skippedSince = fromIso(o.value(QLatin1String("skippedSince")));
    s.skipReason = o.value(QLatin1String("skipReason")).toString();
    s.taskRuns = TaskRunCounts::fromJson(o.value(QLatin1String("taskRuns")).toObject());
    return s;
}

QString AgentStatus::skippedText() const
{
    if (passesSkipped <= 0)
        return {};
    return QStringLiteral("%1 %2 skipped since %3: %4")
        .arg(passesSkipped)
        .arg(passesSkipped == 1 ? QStringLiteral("pass") : QStringLiteral("passes"),
             skippedSince.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'")), skipReason);
}

QString AgentStatus::filePath(Scope scope)
{
    return Paths::stateDir(scope) + QStringLiteral("/agent-status.json");
}

bool AgentStatus::save(QString* error) const
{
    Paths::ensureDir(Paths::stateDir(scope), scope == Scope::System ? 0755 : 0700);
    const AtomicWriteResult r =
        writeFileAtomically(filePath(scope), QJsonDocument(toJson()).toJson(QJsonDocument::Indented), 0644);
    if (!r.ok() && error)
        *error = r.error;
    return r.ok();
}

std::optional<AgentStatus> AgentStatus::load(Scope scope)
{
    QFile f(filePath(scope));
    if (!f.open(QIODevice::ReadOnly) || f.size() > 64 * 1024)
        return std::nullopt;
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll());
    if (!doc.isObject())
        return std::nullopt;
    return fromJson(doc.object());
}

bool AgentStatus::isRunning() const
{
    if (pid <= 0 || state == QLatin1String("stopped"))
        return false;
    return ::kill(pid_t(pid), 0) == 0 || errno == EPERM;
}

} // namespace certlife
