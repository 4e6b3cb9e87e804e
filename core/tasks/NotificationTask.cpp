// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "tasks/NotificationTask.h"

#include "tasks/TaskTemplate.h"

#include <QDir>
#include <QJsonArray>
#include <QRegularExpression>

namespace certlife {

QString taskTypeName(TaskType type)
{
    switch (type) {
    case TaskType::Replace: return QStringLiteral("Replace");
    case TaskType::Expire: return QStringLiteral("Expire");
    case TaskType::Stale: return QStringLiteral("Stale");
    }
    return {};
}

bool parseTaskType(const QString& text, TaskType* out)
{
    const QString t = text.trimmed().toLower();
    if (t == QLatin1String("replace")) {
        *out = TaskType::Replace;
        return true;
    }
    if (t == QLatin1String("expire")) {
        *out = TaskType::Expire;
        return true;
    }
    if (t == QLatin1String("stale")) {
        *out = TaskType::Stale;
        return true;
    }
    return false;
}

bool taskTypeHandles(TaskType type, EventId id)
{
    switch (type) {
    case TaskType::Replace: return id == EventId::Replace;
    case TaskType::Expire: return id == EventId::Expired || id == EventId::CloseToExpiration;
    case TaskType::Stale: return id == EventId::StaleBinding;
    }
    return false;
}

QString taskTypeEvents(TaskType type)
{
    switch (type) {
    case TaskType::Replace: return QStringLiteral("event 1001");
    case TaskType::Expire: return QStringLiteral("events 1002 and 1003");
    case TaskType::Stale: return QStringLiteral("event 1101");
    }
    return {};
}

bool isValidTaskName(const QString& name)
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}$"));
    return re.match(name).hasMatch();
}

QString normalizeThumbprint(const QString& text)
{
    QString hex = text.trimmed().toUpper();
    hex.remove(QLatin1Char(':'));
    hex.remove(QLatin1Char(' '));
    static const QRegularExpression re(QStringLiteral("^[0-9A-F]{40}$"));
    return re.match(hex).hasMatch() ? hex : QString();
}

static bool certificateMatches(const NotificationTask& t, const CertificateDetails& c)
{
    if (!t.filterThumbprint.isEmpty() && c.thumbprint.compare(t.filterThumbprint, Qt::CaseInsensitive) != 0)
        return false;
    if (!t.filterSubject.isEmpty() && !c.subject.contains(t.filterSubject, Qt::CaseInsensitive))
        return false;
    return true;
}

bool NotificationTask::matches(const LifecycleEvent& event) const
{
    if (!taskTypeHandles(type, event.id) || event.channel != channel)
        return false;
    if (!filterStore.isEmpty() && event.storeId != filterStore)
        return false;
    // A Replace task follows a certificate through its renewal, and a Stale task names
    // the served and the newer certificate: the filters match the old certificate as
    // well as the new one.
    if (certificateMatches(*this, event.certificate))
        return true;
    return (event.id == EventId::Replace || event.id == EventId::StaleBinding) && event.oldCertificate
        && certificateMatches(*this, *event.oldCertificate);
}

QJsonObject NotificationTask::toJson() const
{
    return QJsonObject{
        {QStringLiteral("name"), name},
        {QStringLiteral("type"), taskTypeName(type)},
        {QStringLiteral("channel"), scopeName(channel)},
        {QStringLiteral("command"), command},
        {QStringLiteral("arguments"), QJsonArray::fromStringList(arguments)},
        {QStringLiteral("filterThumbprint"), filterThumbprint},
        {QStringLiteral("filterStore"), filterStore},
        {QStringLiteral("filterSubject"), filterSubject},
        {QStringLiteral("timeoutSeconds"), timeoutSeconds},
        {QStringLiteral("retries"), retries},
        {QStringLiteral("retryIntervalSeconds"), retryIntervalSeconds},
        {QStringLiteral("enabled"), enabled},
        {QStringLiteral("runForExisting"), runForExisting},
        {QStringLiteral("digest"), digest},
        {QStringLiteral("sha256"), pinnedSha256},
    };
}

QStringList validateTask(const NotificationTask& t)
{
    QStringList problems;
    if (!isValidTaskName(t.name))
        problems << QStringLiteral("name \"%1\" is not valid: use 1-64 of A-Z a-z 0-9 . _ - , not starting with '.'")
                        .arg(t.name);
    if (!t.command.startsWith(QLatin1Char('/')))
        problems << QStringLiteral("command \"%1\" is not an absolute path").arg(t.command);
    else if (QDir::cleanPath(t.command) != t.command || t.command.endsWith(QLatin1Char('/')))
        problems << QStringLiteral("command \"%1\" is not a clean path (no '.', '..', '//' or trailing '/'): use %2")
                        .arg(t.command, QDir::cleanPath(t.command));
    for (const QChar c : t.command) {
        if (c.category() == QChar::Other_Control) {
            problems << QStringLiteral("command \"%1\" contains a control character").arg(t.command);
            break;
        }
    }
    for (int i = 0; i < t.arguments.size(); ++i) {
        const QString why = validateTemplate(t.arguments.at(i));
        if (!why.isEmpty())
            problems << QStringLiteral("argument %1 \"%2\": %3").arg(i + 1).arg(t.arguments.at(i), why);
    }
    if (!t.filterThumbprint.isEmpty() && normalizeThumbprint(t.filterThumbprint) != t.filterThumbprint)
        problems << QStringLiteral("thumbprint filter \"%1\" is not 40 upper-case hex digits").arg(t.filterThumbprint);
    static const QRegularExpression storeId(QStringLiteral("^[A-Za-z0-9._-]+$"));
    if (!t.filterStore.isEmpty() && !storeId.match(t.filterStore).hasMatch())
        problems << QStringLiteral("store filter \"%1\" is not a store id ([A-Za-z0-9._-])").arg(t.filterStore);
    if (t.timeoutSeconds < 1 || t.timeoutSeconds > kMaxTaskTimeoutSeconds)
        problems << QStringLiteral("timeout %1 s is outside 1-%2 s").arg(t.timeoutSeconds).arg(kMaxTaskTimeoutSeconds);
    if (t.retries < 0 || t.retries > kMaxTaskRetries)
        problems << QStringLiteral("retries %1 is outside 0-%2").arg(t.retries).arg(kMaxTaskRetries);
    if (t.retryIntervalSeconds < 0 || t.retryIntervalSeconds > kMaxTaskTimeoutSeconds)
        problems << QStringLiteral("retry interval %1 s is outside 0-%2 s")
                        .arg(t.retryIntervalSeconds)
                        .arg(kMaxTaskTimeoutSeconds);
    if (t.digest) {
        // One run carries many events: a value of one of them would be a silent lie.
        for (int i = 0; i < t.arguments.size(); ++i) {
            for (const QString& name : placeholdersIn(t.arguments.at(i))) {
                if (!digestPlaceholders().contains(name))
                    problems << QStringLiteral(
                                    "argument %1 \"%2\": {%3} names one event, and a digest run carries many "
                                    "(use {EventRecordIds} and the events in CERTLIFE_EVENTS_FILE)")
                                    .arg(i + 1)
                                    .arg(t.arguments.at(i), name);
            }
        }
    }
    if (t.runForExisting && t.type != TaskType::Replace)
        problems << QStringLiteral("run-for-existing applies to Replace tasks only");
    static const QRegularExpression sha256(QStringLiteral("^[0-9A-F]{64}$"));
    if (!sha256.match(t.pinnedSha256).hasMatch())
        problems << QStringLiteral("pinned SHA-256 \"%1\" is not 64 upper-case hex digits").arg(t.pinnedSha256);
    return problems;
}

} // namespace certlife
