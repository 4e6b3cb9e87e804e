// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "eventlog/EventIdList.h"

#include <QCoreApplication>
#include <QRegularExpression>

namespace certlife {

namespace {

// "1003" or "CloseToExpiration" (any case).
bool parseOneId(const QString& text, int* value)
{
    bool number = false;
    *value = text.toInt(&number);
    EventId id;
    if (number)
        return parseEventId(*value, &id);
    for (EventId known : allEventIds())
        if (eventName(known).compare(text, Qt::CaseInsensitive) == 0) {
            *value = int(known);
            return true;
        }
    return false;
}

} // namespace

bool parseEventIdList(const QString& text, QList<EventId>* ids, QString* error)
{
    ids->clear();
    static const QRegularExpression separators(QStringLiteral("[,;\\s]+"));
    const QStringList parts = text.split(separators, Qt::SkipEmptyParts);
    for (const QString& part : parts) {
        const QStringList range = part.split(QLatin1Char('-'));
        int first = 0, last = 0;
        const bool ok =
            range.size() <= 2 && parseOneId(range.first(), &first) && parseOneId(range.last(), &last) && last >= first;
        if (!ok) {
            if (error)
                *error = QCoreApplication::translate(
                             "EventIdList",
                             "\"%1\" is not an event id (1001 to 1007, 1101, 1102, 1201, 1202), a range "
                             "of them (1003-1005) or an event name (Replace, "
                             "Expired, …)")
                             .arg(part);
            ids->clear();
            return false;
        }
        for (EventId id : allEventIds()) { // a range holds the known ids inside it
            if (int(id) >= first && int(id) <= last && !ids->contains(id))
                ids->append(id);
        }
    }
    return true;
}

QString formatEventIdList(const QList<EventId>& ids)
{
    QStringList parts;
    for (EventId id : ids)
        parts << QString::number(int(id));
    return parts.join(QLatin1String(", "));
}

} // namespace certlife
