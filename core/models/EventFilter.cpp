#include "models/EventFilter.h"

#include <QCoreApplication>
#include <QRegularExpression>

namespace certlife {

namespace {
bool detailsContain(const CertificateDetails& d, const QString& text)
{
    if (d.subject.contains(text, Qt::CaseInsensitive) || d.subjectCN.contains(text, Qt::CaseInsensitive)
        || d.thumbprint.contains(text, Qt::CaseInsensitive) || d.issuer.contains(text, Qt::CaseInsensitive)
        || d.path.contains(text, Qt::CaseInsensitive))
        return true;
    for (const QString& san : d.sans) {
        if (san.contains(text, Qt::CaseInsensitive))
            return true;
    }
    return false;
}
} // namespace

bool EventFilter::matches(const LifecycleEvent& e) const
{
    if (!includes(e.channel))
        return false;
    if (!ids.isEmpty() && !ids.contains(e.id))
        return false;
    if (!levels.isEmpty() && !levels.contains(e.level()))
        return false;
    if (from.isValid() && e.time < from)
        return false;
    if (to.isValid() && e.time >= to)
        return false;
    if (!storeId.isEmpty() && e.storeId != storeId)
        return false;
    if (!thumbprint.isEmpty()) {
        const bool isOld = e.oldCertificate && e.oldCertificate->thumbprint.compare(thumbprint, Qt::CaseInsensitive) == 0;
        if (e.certificate.thumbprint.compare(thumbprint, Qt::CaseInsensitive) != 0 && !isOld)
            return false;
    }
    if (!text.isEmpty()) {
        const bool hit = e.message.contains(text, Qt::CaseInsensitive) || e.storeId.contains(text, Qt::CaseInsensitive)
            || e.action.contains(text, Qt::CaseInsensitive) || detailsContain(e.certificate, text)
            || (e.oldCertificate && detailsContain(*e.oldCertificate, text));
        if (!hit)
            return false;
    }
    return true;
}

bool EventFilter::isDefault() const
{
    return *this == EventFilter();
}

bool parseEventIdList(const QString& text, QList<EventId>* ids, QString* error)
{
    ids->clear();
    const QStringList parts = text.split(QRegularExpression(QStringLiteral("[,\\s]+")), Qt::SkipEmptyParts);
    for (const QString& part : parts) {
        const QStringList range = part.split(QLatin1Char('-'));
        bool okFirst = false, okLast = false;
        const int first = range.value(0).toInt(&okFirst);
        const int last = range.size() == 2 ? range.value(1).toInt(&okLast) : first;
        EventId a, b;
        if (range.size() > 2 || !okFirst || (range.size() == 2 && !okLast) || !parseEventId(first, &a)
            || !parseEventId(last, &b) || last < first) {
            if (error)
                *error = QCoreApplication::translate("EventFilter", "\"%1\" is not an event id (1001–1007) or a range of them")
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

} // namespace certlife
