// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "models/ExpirySummary.h"

#include "models/CertificateRow.h"
#include "stores/CertificateLocations.h"

#include <QHash>
#include <QLocale>
#include <numeric>

namespace certlife {

void ExpiryCounts::add(const ExpiryInfo& info)
{
    if (info.state == ExpiryState::Archived) {
        ++archived;
        return;
    }
    if (info.state == ExpiryState::Acknowledged) {
        ++acknowledged;
        return;
    }
    ++byState[size_t(info.state)];
    if (info.state == ExpiryState::Expired && info.longExpired)
        ++longExpired;
}

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

ExpirySummary::ExpirySummary(const Inventory& inventory, const QDateTime& now)
{
    for (const StoreInventory& store : inventory)
        stores.append({store.key(), store.displayName(), {}, store.hasBeenScanned()});
    setMonths(now);
}

QList<QDateTime> ExpirySummary::monthBoundaries(const QDateTime& now)
{
    ExpirySummary summary;
    summary.setMonths(now);
    QList<QDateTime> boundaries;
    for (const ExpiryMonth& m : std::as_const(summary.months))
        boundaries << m.from;
    boundaries << summary.months.constLast().to;
    return boundaries;
}

ExpirySummary ExpirySummary::fromCounts(const QList<StoreExpiry>& stores, const QList<Count>& counts,
                                        const QDateTime& now)
{
    ExpirySummary summary;
    summary.stores = stores;
    summary.setMonths(now);
    for (const Count& c : counts) {
        ExpiryInfo info;
        info.state = c.state;
        info.longExpired = c.longExpired;
        for (int i = 0; i < c.count; ++i) {
            summary.total.add(info);
            if (c.store >= 0 && c.store < summary.stores.size())
                summary.stores[c.store].counts.add(info);
            if (isExpiryBin(c.state) && c.month >= 0 && c.month < kMonths)
                summary.months[c.month].counts.add(info);
        }
    }
    return summary;
}

void ExpirySummary::setMonths(const QDateTime& now)
{
    const QDateTime nowUtc = now.toUTC();
    const QDate firstMonth(nowUtc.date().year(), nowUtc.date().month(), 1);
    for (int i = 0; i < kMonths; ++i) {
        ExpiryMonth m;
        m.month = firstMonth.addMonths(i);
        m.from = i == 0 ? nowUtc : QDateTime(m.month, QTime(0, 0), Qt::UTC);
        m.to = QDateTime(m.month.addMonths(1), QTime(0, 0), Qt::UTC);
        months.append(m);
    }
    m_nowSecs = nowUtc.toSecsSinceEpoch();
    m_endSecs = months.constLast().to.toSecsSinceEpoch();
}

void ExpirySummary::add(qsizetype store, const ExpiryInfo& info, qint64 notAfterSecs)
{
    total.add(info);
    if (store >= 0)
        stores[store].counts.add(info);
    if (!isExpiryBin(info.state) || notAfterSecs < m_nowSecs || notAfterSecs >= m_endSecs)
        return;
    const QDate d = QDateTime::fromSecsSinceEpoch(notAfterSecs, Qt::UTC).date();
    const QDate first = months.constFirst().month;
    const int monthIndex = (d.year() - first.year()) * 12 + (d.month() - first.month());
    if (monthIndex >= 0 && monthIndex < kMonths)
        months[monthIndex].counts.add(info);
}

ExpirySummary ExpirySummary::compute(const Inventory& inventory, const QList<CertificateRow>& rows,
                                     const QDateTime& now)
{
    ExpirySummary summary(inventory, now);
    QHash<QString, qsizetype> storeIndex;
    for (qsizetype i = 0; i < summary.stores.size(); ++i)
        storeIndex.insert(summary.stores[i].storeKey, i);
    for (const CertificateRow& row : rows)
        summary.add(storeIndex.value(row.storeKey(), -1), row.expiry, row.certificate().notAfterSecs);
    return summary;
}

ExpirySummary ExpirySummary::compute(const Inventory& inventory, const QDateTime& now,
                                     const ExpiryThresholds& thresholds)
{
    ExpirySummary summary(inventory, now);
    const CertificateClassifier classifier = inventoryClassifier(inventory, now, thresholds);
    for (qsizetype s = 0; s < inventory.size(); ++s) {
        const Scope scope = inventory[s].config.scope;
        // Certificates, not locations: one held at four paths of the store counts once
        // (judged at its primary location, where an acknowledgement "until it changes" is held).
        // Read in place: a copy of each (certificatesOf()) was a third of this count's time.
        const StoreScan& scan = inventory[s].scan;
        for (const qsizetype primary : primaryLocations(scan)) {
            const StoredCertificate& stored = scan.certificates[primary];
            summary.add(s, classifier.classify(scope, stored.certificate, inventory[s].config.id, stored.path),
                        stored.certificate.notAfterSecs);
        }
    }
    return summary;
}

} // namespace certlife
