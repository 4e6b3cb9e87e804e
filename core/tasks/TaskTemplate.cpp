// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "tasks/TaskTemplate.h"

#include "endpoints/Endpoint.h"

#include <algorithm>

namespace certlife {

namespace {

// argv and environment strings end at a NUL byte: a certificate field holding one
// would be silently cut, so it is replaced by U+FFFD instead.
QString withoutNul(QString text)
{
    text.replace(QChar(0), QChar(0xFFFD));
    return text;
}

QString recordIdList(const QList<qint64>& ids)
{
    QStringList text;
    for (const qint64 id : ids)
        text << QString::number(id);
    return text.join(QLatin1Char(','));
}

QString placeholderValue(const QString& name, const TaskValues& v)
{
    if (name == QLatin1String("OldCertHash"))
        return v.oldCertHash;
    if (name == QLatin1String("NewCertHash"))
        return v.newCertHash;
    if (name == QLatin1String("Thumbprint"))
        return v.thumbprint;
    if (name == QLatin1String("EventRecordId"))
        return QString::number(v.eventRecordId);
    if (name == QLatin1String("Store"))
        return v.store;
    if (name == QLatin1String("Subject"))
        return v.subject;
    if (name == QLatin1String("NotAfter"))
        return v.notAfter;
    if (name == QLatin1String("Path"))
        return v.path;
    if (name == QLatin1String("OldCertPath"))
        return v.oldCertPath;
    if (name == QLatin1String("NewCertPath"))
        return v.newCertPath;
    if (name == QLatin1String("Domains"))
        return v.domains;
    if (name == QLatin1String("Endpoint"))
        return v.endpoint;
    if (name == QLatin1String("EventRecordIds"))
        return recordIdList(v.eventRecordIds);
    return {};
}

// Walks a template once. `onLiteral` gets literal text, `onPlaceholder` the names
// between braces. Returns the reason when the template is malformed.
template <typename Literal, typename Placeholder>
QString walkTemplate(const QString& templ, Literal onLiteral, Placeholder onPlaceholder)
{
    qsizetype i = 0;
    while (i < templ.size()) {
        const QChar c = templ.at(i);
        if (c == QLatin1Char('{')) {
            if (templ.mid(i, 2) == QLatin1String("{{")) {
                onLiteral(QStringLiteral("{"));
                i += 2;
                continue;
            }
            const qsizetype close = templ.indexOf(QLatin1Char('}'), i + 1);
            if (close < 0)
                return QStringLiteral("unclosed '{' at position %1 (write '{{' for a literal brace)").arg(i + 1);
            const QString name = templ.mid(i + 1, close - i - 1);
            if (!taskPlaceholders().contains(name))
                return QStringLiteral("unknown placeholder {%1} (known: %2)")
                    .arg(name, taskPlaceholders().join(QLatin1String(", ")));
            onPlaceholder(name);
            i = close + 1;
        } else if (c == QLatin1Char('}')) {
            if (templ.mid(i, 2) != QLatin1String("}}"))
                return QStringLiteral("lone '}' at position %1 (write '}}' for a literal brace)").arg(i + 1);
            onLiteral(QStringLiteral("}"));
            i += 2;
        } else {
            qsizetype next = i;
            while (next < templ.size() && templ.at(next) != QLatin1Char('{') && templ.at(next) != QLatin1Char('}'))
                ++next;
            onLiteral(templ.mid(i, next - i));
            i = next;
        }
    }
    return {};
}

} // namespace

TaskValues TaskValues::fromEvent(const LifecycleEvent& event, const QString& taskName, const QString& script)
{
    TaskValues v;
    v.eventId = int(event.id);
    v.eventRecordId = event.recordId;
    v.thumbprint = event.certificate.thumbprint;
    v.path = event.certificate.path;
    if (event.id == EventId::Replace || event.id == EventId::StaleBinding) {
        v.oldCertHash = event.oldCertificate ? event.oldCertificate->thumbprint : QString();
        v.newCertHash = event.certificate.thumbprint;
        v.oldCertPath = event.oldCertificate ? event.oldCertificate->path : QString();
        v.newCertPath = event.certificate.path;
    } else {
        v.oldCertHash = event.certificate.thumbprint;
        v.oldCertPath = event.certificate.path;
    }
    // The endpoint: where the served certificate was found (1101: the old one's location).
    const QString servedAt =
        event.id == EventId::StaleBinding && event.oldCertificate ? event.oldCertificate->path : event.certificate.path;
    v.endpoint = endpointOfLocation(servedAt);
    v.domains = taskDomains(event.certificate.sans);
    v.store = event.storeId;
    v.subject = event.certificate.subject;
    if (event.certificate.notAfter.isValid())
        v.notAfter = event.certificate.notAfter.toUTC().toString(Qt::ISODate);
    v.channel = scopeName(event.channel);
    v.task = taskName;
    v.script = script;
    v.eventRecordIds = {event.recordId};
    return v;
}

TaskValues TaskValues::forDigest(const QList<LifecycleEvent>& events, const QString& taskName, const QString& script,
                                 const QString& eventsFile)
{
    TaskValues v;
    v.digest = true;
    for (const LifecycleEvent& e : events)
        v.eventRecordIds << e.recordId;
    if (!events.isEmpty())
        v.channel = scopeName(events.first().channel);
    v.task = taskName;
    v.script = script;
    v.eventsFile = eventsFile;
    return v;
}

const QStringList& taskPlaceholders()
{
    static const QStringList names{
        QStringLiteral("OldCertHash"),   QStringLiteral("NewCertHash"), QStringLiteral("Thumbprint"),
        QStringLiteral("EventRecordId"), QStringLiteral("Store"),       QStringLiteral("Subject"),
        QStringLiteral("NotAfter"),      QStringLiteral("Path"),        QStringLiteral("OldCertPath"),
        QStringLiteral("NewCertPath"),   QStringLiteral("Domains"),     QStringLiteral("Endpoint"),
        QStringLiteral("EventRecordIds")};
    return names;
}

const QStringList& digestPlaceholders()
{
    static const QStringList names{QStringLiteral("EventRecordIds")};
    return names;
}

QStringList placeholdersIn(const QString& templ)
{
    QStringList names;
    walkTemplate(
        templ, [](const QString&) {}, [&](const QString& name) { names << name; });
    return names;
}

QString taskDomains(const QStringList& sans)
{
    QStringList names;
    for (const QString& san : sans) {
        if (!san.startsWith(QLatin1String("DNS:")))
            continue;
        const QString name = san.mid(4);
        const bool clean = !name.isEmpty() && std::none_of(name.cbegin(), name.cend(), [](QChar c) {
            return c.isSpace() || c.category() == QChar::Other_Control || c.unicode() == 0x7F;
        });
        if (clean && !names.contains(name))
            names << name;
    }
    return names.join(QLatin1Char(' '));
}

QString validateTemplate(const QString& templ)
{
    if (templ.contains(QChar(0)))
        return QStringLiteral("contains a NUL character");
    return walkTemplate(
        templ, [](const QString&) {}, [](const QString&) {});
}

QString expandTemplate(const QString& templ, const TaskValues& values)
{
    QString out;
    walkTemplate(
        templ, [&](const QString& literal) { out += literal; },
        [&](const QString& name) { out += placeholderValue(name, values); });
    return withoutNul(out);
}

QStringList taskSearchPath()
{
    return {QStringLiteral("/usr/sbin"), QStringLiteral("/usr/bin"), QStringLiteral("/sbin"), QStringLiteral("/bin")};
}

QList<QPair<QString, QString>> taskEnvironment(const TaskValues& v)
{
    // A digest run: the values that name one event would be one of many; its events are
    // in the file.
    const QList<QPair<QString, QString>> env = v.digest ? QList<QPair<QString, QString>>{
        {QStringLiteral("PATH"), taskSearchPath().join(QLatin1Char(':'))},
        {QStringLiteral("LANG"), QStringLiteral("C.UTF-8")},
        {QStringLiteral("CERTLIFE_EVENT_COUNT"), QString::number(v.eventRecordIds.size())},
        {QStringLiteral("CERTLIFE_EVENT_RECORD_IDS"), recordIdList(v.eventRecordIds)},
        {QStringLiteral("CERTLIFE_EVENTS_FILE"), v.eventsFile},
        {QStringLiteral("CERTLIFE_CHANNEL"), v.channel},
        {QStringLiteral("CERTLIFE_TASK"), v.task},
        {QStringLiteral("CERTLIFE_SCRIPT"), v.script},
    } : QList<QPair<QString, QString>>{
        {QStringLiteral("PATH"), taskSearchPath().join(QLatin1Char(':'))},
        {QStringLiteral("LANG"), QStringLiteral("C.UTF-8")},
        {QStringLiteral("CERTLIFE_EVENT_ID"), QString::number(v.eventId)},
        {QStringLiteral("CERTLIFE_EVENT_RECORD_ID"), QString::number(v.eventRecordId)},
        {QStringLiteral("CERTLIFE_OLD_CERT_HASH"), v.oldCertHash},
        {QStringLiteral("CERTLIFE_NEW_CERT_HASH"), v.newCertHash},
        {QStringLiteral("CERTLIFE_THUMBPRINT"), v.thumbprint},
        {QStringLiteral("CERTLIFE_STORE"), v.store},
        {QStringLiteral("CERTLIFE_SUBJECT"), v.subject},
        {QStringLiteral("CERTLIFE_NOT_AFTER"), v.notAfter},
        {QStringLiteral("CERTLIFE_CERT_PATH"), v.path},
        {QStringLiteral("CERTLIFE_OLD_CERT_PATH"), v.oldCertPath},
        {QStringLiteral("CERTLIFE_NEW_CERT_PATH"), v.newCertPath},
        {QStringLiteral("CERTLIFE_DOMAINS"), v.domains},
        {QStringLiteral("CERTLIFE_ENDPOINT"), v.endpoint},
        {QStringLiteral("CERTLIFE_CHANNEL"), v.channel},
        {QStringLiteral("CERTLIFE_TASK"), v.task},
        {QStringLiteral("CERTLIFE_SCRIPT"), v.script},
    };
    QList<QPair<QString, QString>> clean;
    for (const auto& [name, value] : env)
        clean.append({name, withoutNul(value)});
    return clean;
}

} // namespace certlife
