#include "models/ExpirySummary.h"

#include "models/CertificateTableModel.h"

#include <QHash>
#include <QLocale>
#include <numeric>

namespace certlife {

int ExpiryCounts::total() const
{
    return std::accumulate(byState.begin(), byState.end(), 0);
}

QString ExpiryMonth::label() const
{
    return QLocale::c().toString(month, QStringLiteral("MMM yyyy"));
}

int ExpirySummary::maxMonthTotal() const
{
    int max = 0;
    for (const ExpiryMonth& m : months)
        max = std::max(max, m.counts.total());
    return max;
}

ExpirySummary ExpirySummary::compute(const Inventory& inventory, const QList<CertificateRow>& rows,
                                     const QDateTime& now)
{
    ExpirySummary summary;
    QHash<QString, qsizetype> storeIndex;
    for (const StoreInventory& store : inventory) {
        storeIndex.insert(store.key(), summary.stores.size());
        summary.stores.append({store.key(), store.displayName(), {}});
    }

    const QDateTime nowUtc = now.toUTC();
    const QDate firstMonth(nowUtc.date().year(), nowUtc.date().month(), 1);
    for (int i = 0; i < kMonths; ++i) {
        ExpiryMonth m;
        m.month = firstMonth.addMonths(i);
        m.from = i == 0 ? nowUtc : QDateTime(m.month, QTime(0, 0), Qt::UTC);
        m.to = QDateTime(m.month.addMonths(1), QTime(0, 0), Qt::UTC);
        summary.months.append(m);
    }
    const qint64 nowSecs = nowUtc.toSecsSinceEpoch();
    const qint64 endSecs = summary.months.constLast().to.toSecsSinceEpoch();

    for (const CertificateRow& row : rows) {
        const ExpiryState state = row.expiry.state;
        summary.total.add(state);
        const auto it = storeIndex.constFind(row.storeKey);
        if (it != storeIndex.constEnd())
            summary.stores[*it].counts.add(state);

        const qint64 notAfter = row.certificate().notAfterSecs;
        if (notAfter < nowSecs || notAfter >= endSecs)
            continue;
        const QDate d = QDateTime::fromSecsSinceEpoch(notAfter, Qt::UTC).date();
        const int monthIndex = (d.year() - firstMonth.year()) * 12 + (d.month() - firstMonth.month());
        if (monthIndex >= 0 && monthIndex < kMonths)
            summary.months[monthIndex].counts.add(state);
    }
    return summary;
}

} // namespace certlife
