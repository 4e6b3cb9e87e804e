// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "lifecycle/LifecycleEvent.h"

#include "lifecycle/EventOrigin.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QJsonArray>
#include <QSysInfo>
#include <unistd.h>

namespace certlife {

QString eventName(EventId id)
{
    switch (id) {
    case EventId::Replace: return QStringLiteral("Replace");
    case EventId::Expired: return QStringLiteral("Expired");
    case EventId::CloseToExpiration: return QStringLiteral("CloseToExpiration");
    case EventId::Deleted: return QStringLiteral("Deleted");
    case EventId::Archived: return QStringLiteral("Archived");
    case EventId::New: return QStringLiteral("New");
    case EventId::Exported: return QStringLiteral("Exported");
    case EventId::StaleBinding: return QStringLiteral("StaleBinding");
    case EventId::BindingCurrent: return QStringLiteral("BindingCurrent");
    case EventId::Acknowledged: return QStringLiteral("Acknowledged");
    case EventId::AcknowledgementRemoved: return QStringLiteral("AcknowledgementRemoved");
    }
    return QStringLiteral("Unknown");
}

const QList<EventId>& allEventIds()
{
    static const QList<EventId> ids{EventId::Replace,
                                    EventId::Expired,
                                    EventId::CloseToExpiration,
                                    EventId::Deleted,
                                    EventId::Archived,
                                    EventId::New,
                                    EventId::Exported,
                                    EventId::StaleBinding,
                                    EventId::BindingCurrent,
                                    EventId::Acknowledged,
                                    EventId::AcknowledgementRemoved};
    return ids;
}

EventLevel eventLevel(EventId id)
{
    switch (id) {
    case EventId::Expired: return EventLevel::Error;
    case EventId::CloseToExpiration:
    case EventId::StaleBinding: return EventLevel::Warning;
    default: return EventLevel::Information;
    }
}

QString levelName(EventLevel level)
{
    switch (level) {
    case EventLevel::Information: return QStringLiteral("Information");
    case EventLevel::Warning: return QStringLiteral("Warning");
    case EventLevel::Error: return QStringLiteral("Error");
    }
    return {};
}

bool parseEventId(int value, EventId* out)
{
    if (!allEventIds().contains(EventId(value)))
        return false;
    *out = EventId(value);
    return true;
}

bool parseLevel(const QString& text, EventLevel* out)
{
    const QString t = text.trimmed().toLower();
    if (t == QLatin1String("information") || t == QLatin1String("info"))
        *out = EventLevel::Information;
    else if (t == QLatin1String("warning") || t == QLatin1String("warn"))
        *out = EventLevel::Warning;
    else if (t == QLatin1String("error"))
        *out = EventLevel::Error;
    else
        return false;
    return true;
}

CertificateDetails CertificateDetails::from(const Certificate& c, const QString& path)
{
    CertificateDetails d;
    d.thumbprint = c.thumbprint();
    d.sha256 = c.sha256Hex();
    d.templateName = c.templateName;
    d.subject = c.subject;
    d.subjectCN = c.subjectCN;
    d.issuer = c.issuer;
    d.sans = c.sanStrings();
    d.ekus = c.ekus;
    d.notBefore = c.notBefore();
    d.notAfter = c.notAfter();
    d.path = path;
    return d;
}

static QString isoUtc(const QDateTime& t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODate) : QString();
}

QJsonObject CertificateDetails::toJson() const
{
    QJsonArray ekuArray;
    for (const auto& e : ekus)
        ekuArray.append(QJsonObject{{QStringLiteral("oid"), e.oid}, {QStringLiteral("name"), e.name}});
    return QJsonObject{
        {QStringLiteral("thumbprint"), thumbprint},
        {QStringLiteral("sha256"), sha256},
        {QStringLiteral("template"), templateName},
        {QStringLiteral("subject"), subject},
        {QStringLiteral("subjectCN"), subjectCN},
        {QStringLiteral("issuer"), issuer},
        {QStringLiteral("sans"), QJsonArray::fromStringList(sans)},
        {QStringLiteral("ekus"), ekuArray},
        {QStringLiteral("notBefore"), isoUtc(notBefore)},
        {QStringLiteral("notAfter"), isoUtc(notAfter)},
        {QStringLiteral("path"), path},
    };
}

CertificateDetails CertificateDetails::fromJson(const QJsonObject& o)
{
    CertificateDetails d;
    d.thumbprint = o.value(QLatin1String("thumbprint")).toString();
    d.sha256 = o.value(QLatin1String("sha256")).toString();
    d.templateName = o.value(QLatin1String("template")).toString();
    d.subject = o.value(QLatin1String("subject")).toString();
    d.subjectCN = o.value(QLatin1String("subjectCN")).toString();
    d.issuer = o.value(QLatin1String("issuer")).toString();
    for (const auto& v : o.value(QLatin1String("sans")).toArray())
        d.sans << v.toString();
    for (const auto& v : o.value(QLatin1String("ekus")).toArray()) {
        const QJsonObject e = v.toObject();
        d.ekus.append({e.value(QLatin1String("oid")).toString(), e.value(QLatin1String("name")).toString()});
    }
    d.notBefore = QDateTime::fromString(o.value(QLatin1String("notBefore")).toString(), Qt::ISODate);
    d.notAfter = QDateTime::fromString(o.value(QLatin1String("notAfter")).toString(), Qt::ISODate);
    d.path = o.value(QLatin1String("path")).toString();
    return d;
}

QJsonObject LifecycleEvent::toJson() const
{
    QJsonObject o{
        {QStringLiteral("recordId"), recordId},
        {QStringLiteral("time"), isoUtc(time)},
        {QStringLiteral("eventId"), int(id)},
        {QStringLiteral("name"), eventName(id)},
        {QStringLiteral("level"), levelName(level())},
        {QStringLiteral("channel"), scopeName(channel)},
        {QStringLiteral("host"), host},
        {QStringLiteral("account"), account},
        {QStringLiteral("process"), process},
        {QStringLiteral("action"), action},
        {QStringLiteral("store"), storeId},
        {QStringLiteral("message"), message},
        {QStringLiteral("certificate"), certificate.toJson()},
    };
    if (oldCertificate)
        o.insert(QStringLiteral("oldCertificate"), oldCertificate->toJson());
    if (remainingSeconds)
        o.insert(QStringLiteral("remainingSeconds"), *remainingSeconds);
    return o;
}

std::optional<LifecycleEvent> LifecycleEvent::fromJson(const QJsonObject& o, QString* error)
{
    LifecycleEvent e;
    if (!parseEventId(o.value(QLatin1String("eventId")).toInt(), &e.id)) {
        if (error)
            *error = QStringLiteral("eventId is missing or not a known event id");
        return std::nullopt;
    }
    Scope channel;
    if (!parseScope(o.value(QLatin1String("channel")).toString(), &channel)) {
        if (error)
            *error = QStringLiteral("channel is missing or not System/User");
        return std::nullopt;
    }
    e.channel = channel;
    e.recordId = o.value(QLatin1String("recordId")).toInteger();
    e.time = QDateTime::fromString(o.value(QLatin1String("time")).toString(), Qt::ISODate).toUTC();
    e.host = o.value(QLatin1String("host")).toString();
    e.account = o.value(QLatin1String("account")).toString();
    e.process = o.value(QLatin1String("process")).toString();
    e.action = o.value(QLatin1String("action")).toString();
    e.storeId = o.value(QLatin1String("store")).toString();
    e.message = o.value(QLatin1String("message")).toString();
    e.certificate = CertificateDetails::fromJson(o.value(QLatin1String("certificate")).toObject());
    if (o.contains(QLatin1String("oldCertificate")))
        e.oldCertificate = CertificateDetails::fromJson(o.value(QLatin1String("oldCertificate")).toObject());
    if (o.contains(QLatin1String("remainingSeconds")))
        e.remainingSeconds = o.value(QLatin1String("remainingSeconds")).toInteger();
    return e;
}

void LifecycleEvent::stampOrigin()
{
    host = QSysInfo::machineHostName();
    account = currentEventAccount();
    const QString exe = QCoreApplication::instance() ? QFileInfo(QCoreApplication::applicationFilePath()).fileName()
                                                     : QStringLiteral("certlife");
    process = QStringLiteral("%1[%2]").arg(exe).arg(::getpid());
}

} // namespace certlife
