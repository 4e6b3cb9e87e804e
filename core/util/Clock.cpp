// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "util/Clock.h"

#include <QTimeZone>

namespace certlife {

QDateTime SystemClock::now() const
{
    return QDateTime::currentDateTimeUtc();
}

std::shared_ptr<Clock> Clock::system()
{
    return std::make_shared<SystemClock>();
}

QDateTime parseIsoUtc(const QString& text)
{
    const QString t = text.trimmed();
    if (t.isEmpty())
        return {};
    QDateTime dt = QDateTime::fromString(t, Qt::ISODateWithMs);
    if (!dt.isValid())
        dt = QDateTime::fromString(t, Qt::ISODate);
    if (!dt.isValid()) {
        const QDate d = QDate::fromString(t, Qt::ISODate);
        if (d.isValid())
            dt = QDateTime(d, QTime(0, 0), Qt::UTC);
    }
    if (!dt.isValid())
        return {};
    if (dt.timeSpec() == Qt::LocalTime) // no zone given: UTC, never the machine's zone
        dt.setTimeSpec(Qt::UTC);
    return dt.toUTC();
}

std::shared_ptr<Clock> Clock::fromEnvironment(QString* error)
{
    const QByteArray env = qgetenv("CERTLIFE_NOW");
    if (env.isEmpty())
        return system();
    const QDateTime fixed = parseIsoUtc(QString::fromUtf8(env));
    if (!fixed.isValid()) {
        if (error)
            *error = QStringLiteral("CERTLIFE_NOW=\"%1\" is not an ISO 8601 date or time "
                                    "(for example 2026-12-01T00:00:00Z)")
                         .arg(QString::fromUtf8(env));
        return nullptr;
    }
    return std::make_shared<FixedClock>(fixed);
}

} // namespace certlife
