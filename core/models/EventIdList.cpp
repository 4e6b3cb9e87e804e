#include "models/EventIdList.h"

#include <QCoreApplication>
#include <QRegularExpression>

namespace certlife {

bool parseEventIdList(const QString& text, QList<EventId>* ids, QString* error)
{
    ids->clear();
    static const QRegularExpression separators(QStringLiteral("[,;\\s]+"));
    const QStringList parts = text.split(separators, Qt::SkipEmptyParts);
    for (const QString& part : parts) {
        const QStringList range = part.split(QLatin1Char('-'));
        bool okFirst = false, okLast = false;
        const int first = range.value(0).toInt(&okFirst);
        const int last = range.size() == 2 ? range.value(1).toInt(&okLast) : first;
        EventId a{}, b{};
        if (range.size() > 2 || !okFirst || (range.size() == 2 && !okLast) || !parseEventId(first, &a)
            || !parseEventId(last, &b) || last < first) {
            if (error)
                *error = QCoreApplication::translate("EventIdList", "\"%1\" is not an event id (1001–1007) or a range of them")
                             .arg(part);
            ids->clear();
            return false;
        }
        for (int id = first; id <= last; ++id) {
            if (!ids->contains(EventId(id)))
                ids->append(EventId(id));
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
