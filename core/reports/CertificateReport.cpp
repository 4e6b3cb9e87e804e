// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "reports/CertificateReport.h"

#include <QHash>
#include <QJsonArray>
#include <algorithm>
#include <cmath>

namespace certlife {

namespace {

constexpr qint64 kSecondsPerDay = 86400;
constexpr int kChartMonths = 12;

// Days left, rounded down, so a certificate expiring later today has 0 and one that
// expired an hour ago has -1 (as the console counts).
qint64 floorDays(qint64 seconds)
{
    const qint64 q = seconds / kSecondsPerDay;
    return (seconds % kSecondsPerDay != 0 && seconds < 0) ? q - 1 : q;
}

double lifetimeLeftPercent(const Certificate& c, qint64 now)
{
    const qint64 lifetime = c.notAfterSecs - c.notBeforeSecs;
    if (lifetime <= 0)
        return 0;
    const double percent = 100.0 * double(c.notAfterSecs - now) / double(lifetime);
    return std::round(std::clamp(percent, 0.0, 100.0) * 10.0) / 10.0; // one decimal, as shown
}

const ReportColumn kHostColumn{QStringLiteral("host"), QStringLiteral("Host"), ColumnType::Text, 8};

// Over a fleet (stores of hosts) the Host column comes first.
QList<ReportColumn> certificateColumns(bool withHost)
{
    QList<ReportColumn> columns = {
        {QStringLiteral("subjectCN"), QStringLiteral("Subject CN"), ColumnType::Text, 15},
        {QStringLiteral("subject"), QStringLiteral("Subject"), ColumnType::Text, 0},
        {QStringLiteral("sans"), QStringLiteral("SANs"), ColumnType::List, 14},
        {QStringLiteral("issuer"), QStringLiteral("Issuer"), ColumnType::Text, 13},
        {QStringLiteral("store"), QStringLiteral("Store"), ColumnType::Text, 7},
        {QStringLiteral("storeId"), QStringLiteral("Store id"), ColumnType::Text, 0},
        {QStringLiteral("scope"), QStringLiteral("Scope"), ColumnType::Text, 0},
        {QStringLiteral("path"), QStringLiteral("Path"), ColumnType::Text, 0},
        {QStringLiteral("locations"), QStringLiteral("Locations"), ColumnType::List, 0},
        {QStringLiteral("serial"), QStringLiteral("Serial"), ColumnType::Monospace, 0},
        {QStringLiteral("notBefore"), QStringLiteral("Not before"), ColumnType::Time, 0},
        {QStringLiteral("notAfter"), QStringLiteral("Not after"), ColumnType::Time, 11},
        {QStringLiteral("daysLeft"), QStringLiteral("Days left"), ColumnType::Integer, 5},
        {QStringLiteral("lifetimeLeftPercent"), QStringLiteral("Lifetime left"), ColumnType::Percent, 6},
        {QStringLiteral("state"), QStringLiteral("State"), ColumnType::Text, 10},
        {QStringLiteral("supersededBy"), QStringLiteral("Superseded by (SHA-256)"), ColumnType::Monospace, 0},
        {QStringLiteral("thumbprint"), QStringLiteral("Thumbprint (SHA-1)"), ColumnType::Monospace, 25},
        {QStringLiteral("sha256"), QStringLiteral("SHA-256"), ColumnType::Monospace, 0},
        {QStringLiteral("template"), QStringLiteral("Template"), ColumnType::Text, 0},
        {QStringLiteral("ekus"), QStringLiteral("EKUs"), ColumnType::List, 0},
        {QStringLiteral("keyAlgorithm"), QStringLiteral("Key algorithm"), ColumnType::Text, 0},
        {QStringLiteral("keyBits"), QStringLiteral("Key bits"), ColumnType::Integer, 0},
        {QStringLiteral("hasPrivateKey"), QStringLiteral("Private key"), ColumnType::YesNo, 6},
    };
    if (withHost) {
        // The host's share of the PDF's width comes from the names, which are cut to
        // "…" anyway, so the thumbprint and the numbers keep theirs.
        for (ReportColumn& column : columns) {
            if (column.key == QLatin1String("subjectCN"))
                column.pdfWeight -= 2;
            else if (column.key == QLatin1String("sans") || column.key == QLatin1String("issuer"))
                column.pdfWeight -= 3;
        }
        columns.prepend(kHostColumn);
    }
    return columns;
}

// Every path of the store that holds it (one row per certificate and store), the
// primary one (the Path column) first.
QStringList locationPaths(const StoreCertificate& entry)
{
    QStringList paths;
    for (const CertificateLocation& location : entry.allLocations())
        if (!paths.contains(location.path))
            paths << location.path;
    return paths;
}

RowTone toneOf(ExpiryState state)
{
    switch (state) {
    case ExpiryState::Expired: return RowTone::Bad;
    case ExpiryState::Expiring: return RowTone::Warning;
    default: return RowTone::Neutral;
    }
}

ReportRow makeRow(const ClassifiedCertificate& entry, qint64 now, const ReportStoreNames& storeNames)
{
    const Certificate& c = entry.certificate();
    ReportRow row;
    row.tone = toneOf(entry.expiry.state);
    row.cells = {
        textCell(c.subjectCN),
        textCell(c.subject),
        listCell(c.sanStrings()),
        textCell(c.issuer),
        textCell(storeNames.nameOf(entry.scope, entry.storeId)),
        textCell(entry.storeId),
        scopeName(entry.scope),
        textCell(entry.stored.path),
        listCell(locationPaths(entry)),
        textCell(c.serialHex),
        timeCell(c.notBefore()),
        timeCell(c.notAfter()),
        double(floorDays(c.notAfterSecs - now)),
        lifetimeLeftPercent(c, now),
        expiryStateText(entry.expiry),
        entry.expiry.successor ? QJsonValue(toHexUpper(*entry.expiry.successor)) : QJsonValue(QJsonValue::Null),
        c.thumbprint(),
        c.sha256Hex(),
        textCell(c.templateName),
        listCell(ekuTexts(c.ekus)),
        textCell(c.keyAlgorithm),
        c.keyBits > 0 ? QJsonValue(c.keyBits) : QJsonValue(QJsonValue::Null),
        c.hasPrivateKey || !entry.stored.keyPath.isEmpty(),
    };
    if (storeNames.hasHosts())
        row.cells.prepend(textCell(storeNames.hostOf(entry.scope, entry.storeId)));
    return row;
}

QList<ReportFilter> describeFilters(const CertificateReportOptions& o)
{
    QList<ReportFilter> filters;
    switch (o.selection) {
    case CertificateReportOptions::Selection::All: break;
    case CertificateReportOptions::Selection::ExpiringWithin:
        filters.append({QStringLiteral("withinDays"), QStringLiteral("Expiring within"),
                        QStringLiteral("%1 days (expired included)").arg(o.withinDays)});
        break;
    case CertificateReportOptions::Selection::View:
        filters.append({QStringLiteral("view"), QStringLiteral("Console view"),
                        o.viewDescription.isEmpty() ? QStringLiteral("unfiltered") : o.viewDescription});
        break;
    }
    if (o.scope)
        filters.append({QStringLiteral("scope"), QStringLiteral("Scope"), scopeName(*o.scope)});
    if (!o.storeId.isEmpty())
        filters.append({QStringLiteral("store"), QStringLiteral("Store"), o.storeId});
    if (!o.search.isEmpty())
        filters.append({QStringLiteral("search"), QStringLiteral("Search"), o.search});
    if (o.state)
        filters.append({QStringLiteral("state"), QStringLiteral("State"), expiryStateName(*o.state)});
    if (o.includeArchived && o.selection != CertificateReportOptions::Selection::View)
        filters.append({QStringLiteral("includeArchived"), QStringLiteral("Archived"),
                        QStringLiteral("listed (superseded by a renewal; not counted as expiring)")});
    if (o.includeAcknowledged && o.selection != CertificateReportOptions::Selection::View)
        filters.append({QStringLiteral("includeAcknowledged"), QStringLiteral("Acknowledged"),
                        QStringLiteral("listed (acknowledged or muted by an admin; not counted as expiring)")});
    return filters;
}

// "12 certificates: 1 expired (1 long expired), 2 expiring, 3 within 30 days, 0 within
// 60 days, 1 within 90 days, 5 healthy; 2 archived not counted". The counts are the
// console's tiles for the same certificates.
QString summaryText(const QList<const ClassifiedCertificate*>& rows, int archivedLeftOut, int acknowledgedLeftOut)
{
    int counts[kExpiryStateCount] = {};
    int longExpired = 0;
    for (const ClassifiedCertificate* e : rows) {
        ++counts[int(e->expiry.state)];
        longExpired += e->expiry.state == ExpiryState::Expired && e->expiry.longExpired ? 1 : 0;
    }
    const int archived = counts[int(ExpiryState::Archived)];
    const int acknowledged = counts[int(ExpiryState::Acknowledged)];
    const int total = int(rows.size()) - archived - acknowledged;
    QString text = QStringLiteral("%1 certificate%2: %3 expired")
                       .arg(total)
                       .arg(total == 1 ? QString() : QStringLiteral("s"))
                       .arg(counts[int(ExpiryState::Expired)]);
    if (longExpired > 0)
        text += QStringLiteral(" (%1 long expired)").arg(longExpired);
    text += QStringLiteral(", %1 expiring, %2 within 30 days, %3 within 60 days, %4 within 90 days, %5 healthy")
                .arg(counts[int(ExpiryState::Expiring)])
                .arg(counts[int(ExpiryState::Within30)])
                .arg(counts[int(ExpiryState::Within60)])
                .arg(counts[int(ExpiryState::Within90)])
                .arg(counts[int(ExpiryState::Healthy)]);
    if (archived > 0)
        text += QStringLiteral("; %1 archived listed, not counted").arg(archived);
    if (archivedLeftOut > 0)
        text += QStringLiteral("; %1 archived left out (superseded by a renewal)").arg(archivedLeftOut);
    if (acknowledged > 0)
        text += QStringLiteral("; %1 acknowledged or muted listed, not counted").arg(acknowledged);
    if (acknowledgedLeftOut > 0)
        text += QStringLiteral("; %1 acknowledged or muted left out").arg(acknowledgedLeftOut);
    return text;
}

void fillExpiryChart(Report& report, const QList<const ClassifiedCertificate*>& rows, const QDateTime& now)
{
    const QDate first(now.date().year(), now.date().month(), 1);
    for (int i = 0; i < kChartMonths; ++i)
        report.upcomingExpiry.append({first.addMonths(i), 0});
    const QDate end = first.addMonths(kChartMonths);
    for (const ClassifiedCertificate* e : rows) {
        if (!isExpiryBin(e->expiry.state))
            continue; // superseded or acknowledged: nothing to plan
        if (e->expiry.state == ExpiryState::Expired) {
            ++report.alreadyExpired;
            continue;
        }
        const QDate d = e->certificate().notAfter().date();
        if (d >= end)
            continue;
        const int index = (d.year() - first.year()) * 12 + d.month() - first.month();
        ++report.upcomingExpiry[index].count;
    }
}

} // namespace

bool certificateMatchesSearch(const StoreCertificate& entry, const QString& text)
{
    const QString needle = text.trimmed();
    if (needle.isEmpty())
        return true;
    const Certificate& c = entry.stored.certificate;
    const auto has = [&](const QString& field) { return field.contains(needle, Qt::CaseInsensitive); };
    if (has(c.subjectCN) || has(c.subject) || has(c.issuer) || has(c.thumbprint()) || has(c.sha256Hex())
        || has(entry.stored.path))
        return true;
    for (const CertificateLocation& location : entry.locations)
        if (has(location.path))
            return true;
    return std::any_of(c.sans.cbegin(), c.sans.cend(), [&](const SubjectAltName& s) { return has(s.value); });
}

Report buildCertificateReport(const QList<StoreCertificate>& certificates, const ExpiryThresholds& thresholds,
                              const std::shared_ptr<const Clock>& clock, const CertificateReportOptions& options)
{
    const QDateTime now = clock->now();
    return buildCertificateReport(CertificateClassifier(thresholds, now).classify(certificates), now, options);
}

Report buildCertificateReport(const QList<ClassifiedCertificate>& certificates, const QDateTime& now,
                              const CertificateReportOptions& options)
{
    const qint64 nowSecs = now.toSecsSinceEpoch();
    const bool within = options.selection == CertificateReportOptions::Selection::ExpiringWithin;
    const bool view = options.selection == CertificateReportOptions::Selection::View;
    const bool withArchived = view || options.includeArchived || options.state == ExpiryState::Archived;
    const bool withAcknowledged = view || options.includeAcknowledged || options.state == ExpiryState::Acknowledged;
    const qint64 horizon = nowSecs + qint64(options.withinDays) * kSecondsPerDay;

    QList<const ClassifiedCertificate*> selected;
    int archivedLeftOut = 0;
    int acknowledgedLeftOut = 0;
    for (const ClassifiedCertificate& entry : certificates) {
        const Certificate& c = entry.certificate();
        if (within && c.notAfterSecs > horizon)
            continue;
        if ((options.scope && entry.scope != *options.scope)
            || (!options.storeId.isEmpty() && entry.storeId != options.storeId)
            || !certificateMatchesSearch(entry, options.search))
            continue;
        if (options.state && entry.expiry.state != *options.state)
            continue;
        if (entry.expiry.state == ExpiryState::Archived && !withArchived) {
            ++archivedLeftOut;
            continue;
        }
        if (entry.expiry.state == ExpiryState::Acknowledged && !withAcknowledged) {
            ++acknowledgedLeftOut;
            continue;
        }
        selected.append(&entry);
    }
    if (!view) {
        std::stable_sort(
            selected.begin(), selected.end(), [](const ClassifiedCertificate* a, const ClassifiedCertificate* b) {
                if (moreUrgent(a->expiry, b->expiry))
                    return true;
                if (moreUrgent(b->expiry, a->expiry))
                    return false;
                const int byName =
                    QString::compare(a->certificate().subjectCN, b->certificate().subjectCN, Qt::CaseInsensitive);
                return byName != 0 ? byName < 0 : a->stored.path < b->stored.path;
            });
    }

    Report report;
    report.kind = ReportKind::Certificates;
    report.title = QStringLiteral("Certificate report");
    report.generated = now;
    report.host = reportHostName();
    report.filters = describeFilters(options);
    report.columns = certificateColumns(options.storeNames.hasHosts());
    report.rangeFrom = now;
    if (within) {
        report.rangeTo = QDateTime::fromSecsSinceEpoch(horizon, Qt::UTC);
        report.rangeText = QStringLiteral("certificates expiring by %1 (and those already expired)")
                               .arg(formatReportTime(report.rangeTo));
    } else {
        report.rangeText = QStringLiteral("all certificates, as of %1").arg(formatReportTime(now));
    }
    report.summary = summaryText(selected, archivedLeftOut, acknowledgedLeftOut);
    for (const ClassifiedCertificate* e : selected)
        report.rows.append(makeRow(*e, nowSecs, options.storeNames));
    fillExpiryChart(report, selected, now);
    return report;
}

} // namespace certlife
