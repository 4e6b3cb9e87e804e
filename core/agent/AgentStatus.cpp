// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "agent/AgentStatus.h"

#include "util/AtomicFile.h"
#include "util/Paths.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
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
        {QStringLiteral("fleetPublishedAt"), iso(fleetPublishedAt)},
        {QStringLiteral("fleetProblem"), fleetProblem},
        {QStringLiteral("fleetUserProblems"), QJsonArray::fromStringList(fleetUserProblems)},
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
    s.fleetPublishedAt = fromIso(o.value(QLatin1String("fleetPublishedAt")));
    s.fleetProblem = o.value(QLatin1String("fleetProblem")).toString();
    for (const QJsonValue& line : o.value(QLatin1String("fleetUserProblems")).toArray())
        s.fleetUserProblems << line.toString();
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

QString AgentService::stateText() const
{
    switch (state) {
    case State::Running: return QCoreApplication::translate("AgentStatus", "running");
    case State::Stopped: return QCoreApplication::translate("AgentStatus", "not running");
    case State::Failed: return QCoreApplication::translate("AgentStatus", "failed");
    case State::Unknown: break;
    }
    return QCoreApplication::translate("AgentStatus", "unknown");
}

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("AgentStatus", text);
}

QString minuteText(const QDateTime& t)
{
    return t.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'"));
}

// "1 store", "6 stores": the console runs untranslated, so no %n forms.
QString counted(qint64 n, const char* one, const char* many)
{
    return n == 1 ? tr(one) : tr(many).arg(n);
}
} // namespace

QString AgentStatus::stateText() const
{
    // A living agent wrote the file: it runs, whether or not its unit does (started by
    // hand, `certlifectl watch` in a terminal).
    return reported ? tr("running") : service.stateText();
}

QString AgentStatus::summaryText() const
{
    QString text = stateText();
    if (!reported)
        return text;
    if (lastPassAt.isValid())
        text += tr(", last pass %1").arg(minuteText(lastPassAt));
    if (!lastError.isEmpty())
        text += tr(" with an error");
    if (taskRuns.failed > 0)
        text += QStringLiteral(", ") + counted(taskRuns.failed, "1 task run failed", "%1 task runs failed");
    const QString skipped = skippedText();
    return skipped.isEmpty() ? text : QStringLiteral("%1 (%2)").arg(text, skipped);
}

QString AgentStatus::reportText() const
{
    QStringList lines;
    QString first = stateText();
    if (reported && service.state != AgentService::State::Running)
        first += tr(" as pid %1, not under its service unit").arg(pid);
    if (!service.detail.isEmpty())
        first += QStringLiteral(" — ") + service.detail;
    lines << first;
    if (!reported)
        return lines.join(QLatin1Char('\n'));
    if (lastPassAt.isValid())
        lines << tr("Last pass %1, %2 s: %3, %4, %5.")
                     .arg(lastPassAt.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'")))
                     .arg(double(lastPassMilliseconds) / 1000.0, 0, 'f', 1)
                     .arg(counted(stores, "1 store", "%1 stores"),
                          counted(certificates, "1 certificate", "%1 certificates"),
                          counted(problems, "1 unreadable file", "%1 unreadable files"));
    else
        lines << tr("No pass has ended yet (%1).").arg(state);
    if (!lastError.isEmpty())
        lines << tr("Error: %1").arg(lastError);
    const QString skipped = skippedText();
    if (!skipped.isEmpty())
        lines << skipped.left(1).toUpper() + skipped.mid(1) + QLatin1Char('.');
    lines << tr("Task runs since it started: %1; %2 written.")
                 .arg(taskRuns.text(), counted(eventsWritten, "1 event", "%1 events"));
    if (!fleetProblem.isEmpty())
        lines << tr("Fleet: %1 (local monitoring carries on).").arg(fleetProblem);
    else if (fleetPublishedAt.isValid())
        lines << tr("Published to the fleet database %1.").arg(minuteText(fleetPublishedAt));
    for (const QString& problem : fleetUserProblems)
        lines << tr("Fleet, User channel of %1").arg(problem);
    if (nextPassAt.isValid())
        lines << tr("Next full rescan %1.").arg(minuteText(nextPassAt));
    return lines.join(QLatin1Char('\n'));
}

AgentStatus AgentStatus::observe(Scope scope, const AgentService& service)
{
    AgentStatus status;
    status.scope = scope;
    if (std::optional<AgentStatus> written = load(scope); written && written->isRunning()) {
        status = *written;
        status.reported = true;
    }
    status.service = service;
    return status;
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
