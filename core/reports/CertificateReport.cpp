// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "reports/CertificateReport.h"

#include "policy/PolicyStore.h"

#include <QJsonArray>
#include <algorithm>
#include <cmath>

namespace certlife {

ReportPolicies loadReportPolicies()
{
    const PolicyStore store;
    return {store.effective(Scope::System).policy, store.effective(Scope::User).policy};
}

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

QList<ReportColumn> certificateColumns()
{
    return {
        {QStringLiteral("subjectCN"), QStringLiteral("Subject CN"), ColumnType::Text, 15},
        {QStringLiteral("subject"), QStringLiteral("Subject"), ColumnType::Text, 0},
        {QStringLiteral("sans"), QStringLiteral("SANs"), ColumnType::List, 16},
        {QStringLiteral("issuer"), QStringLiteral("Issuer"), ColumnType::Text, 14},
        {QStringLiteral("store"), QStringLiteral("Store"), ColumnType::Text, 7},
        {QStringLiteral("scope"), QStringLiteral("Scope"), ColumnType::Text, 0},
        {QStringLiteral("path"), QStringLiteral("Path"), ColumnType::Text, 0},
        {QStringLiteral("serial"), QStringLiteral("Serial"), ColumnType::Monospace, 0},
        {QStringLiteral("notBefore"), QStringLiteral("Not before"), ColumnType::Time, 0},
        {QStringLiteral("notAfter"), QStringLiteral("Not after"), ColumnType::Time, 11},
        {QStringLiteral("daysLeft"), QStringLiteral("Days left"), ColumnType::Integer, 5},
        {QStringLiteral("lifetimeLeftPercent"), QStringLiteral("Lifetime left"), ColumnType::Percent, 6},
        {QStringLiteral("state"), QStringLiteral("State"), ColumnType::Text, 7},
        {QStringLiteral("thumbprint"), QStringLiteral("Thumbprint (SHA-1)"), ColumnType::Monospace, 25},
        {QStringLiteral("sha256"), QStringLiteral("SHA-256"), ColumnType::Monospace, 0},
        {QStringLiteral("template"), QStringLiteral("Template"), ColumnType::Text, 0},
        {QStringLiteral("ekus"), QStringLiteral("EKUs"), ColumnType::List, 0},
        {QStringLiteral("keyAlgorithm"), QStringLiteral("Key algorithm"), ColumnType::Text, 0},
        {QStringLiteral("keyBits"), QStringLiteral("Key bits"), ColumnType::Integer, 0},
        {QStringLiteral("hasPrivateKey"), QStringLiteral("Private key"), ColumnType::YesNo, 6},
    };
}

RowTone toneOf(ExpiryStatus status)
{
    switch (status) {
    case ExpiryStatus::Expired: return RowTone::Bad;
    case ExpiryStatus::CloseToExpiration: return RowTone::Warning;
    case ExpiryStatus::Valid: return RowTone::Neutral;
    }
    return RowTone::Neutral;
}

struct Evaluated
{
    const ReportCertificate* entry = nullptr;
    ExpiryStatus status = ExpiryStatus::Valid;
};

ReportRow makeRow(const ReportCertificate& entry, ExpiryStatus status, qint64 now)
{
    const Certificate& c = entry.stored.certificate;
    ReportRow row;
    row.tone = toneOf(status);
    row.cells = {
        textCell(c.subjectCN),
        textCell(c.subject),
        listCell(c.sanStrings()),
        textCell(c.issuer),
        textCell(entry.storeId),
        scopeName(entry.scope),
        textCell(entry.stored.path),
        textCell(c.serialHex),
        timeCell(c.notBefore()),
        timeCell(c.notAfter()),
        double(floorDays(c.notAfterSecs - now)),
        lifetimeLeftPercent(c, now),
        expiryStatusLabel(status),
        c.thumbprint(),
        c.sha256Hex(),
        textCell(c.templateName),
        listCell(ekuTexts(c.ekus)),
        textCell(c.keyAlgorithm),
        c.keyBits > 0 ? QJsonValue(c.keyBits) : QJsonValue(QJsonValue::Null),
        c.hasPrivateKey || !entry.stored.keyPath.isEmpty(),
    };
    return row;
}

QList<ReportFilter> describeFilters(const CertificateReportOptions& o)
{
    QList<ReportFilter> filters;
    switch (o.selection) {
    case CertificateReportOptions::Selection::All:
        break;
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
        filters.append({QStringLiteral("state"), QStringLiteral("State"), expiryStatusLabel(*o.state)});
    return filters;
}

QString summaryText(const QList<Evaluated>& rows)
{
    int counts[3] = {0, 0, 0};
    for (const Evaluated& e : rows)
        ++counts[int(e.status)];
    return QStringLiteral("%1 certificate%2: %3 expired, %4 expiring, %5 healthy")
        .arg(rows.size())
        .arg(rows.size() == 1 ? QString() : QStringLiteral("s"))
        .arg(counts[int(ExpiryStatus::Expired)])
        .arg(counts[int(ExpiryStatus::CloseToExpiration)])
        .arg(counts[int(ExpiryStatus::Valid)]);
}

void fillExpiryChart(Report& report, const QList<Evaluated>& rows, const QDateTime& now)
{
    const QDate first(now.date().year(), now.date().month(), 1);
    for (int i = 0; i < kChartMonths; ++i)
        report.upcomingExpiry.append({first.addMonths(i), 0});
    const QDate end = first.addMonths(kChartMonths);
    for (const Evaluated& e : rows) {
        if (e.status == ExpiryStatus::Expired) {
            ++report.alreadyExpired;
            continue;
        }
        const QDate d = e.entry->stored.certificate.notAfter().date();
        if (d >= end)
            continue;
        const int index = (d.year() - first.year()) * 12 + d.month() - first.month();
        ++report.upcomingExpiry[index].count;
    }
}

} // namespace

QList<ReportCertificate> reportCertificates(const QList<StoreScan>& scans)
{
    QList<ReportCertificate> out;
    for (const StoreScan& scan : scans)
        for (const StoredCertificate& c : scan.certificates)
            out.append({c, scan.storeId, scan.scope});
    return out;
}

ExpiryState expiryStatusState(ExpiryStatus status)
{
    switch (status) {
    case ExpiryStatus::Expired: return ExpiryState::Expired;
    case ExpiryStatus::CloseToExpiration: return ExpiryState::Expiring;
    case ExpiryStatus::Valid: return ExpiryState::Healthy;
    }
    return ExpiryState::Healthy;
}

QString expiryStatusLabel(ExpiryStatus status)
{
    return expiryStateName(expiryStatusState(status));
}

QString expiryStatusKey(ExpiryStatus status)
{
    return expiryStateKey(expiryStatusState(status));
}

bool parseExpiryStatusKey(const QString& text, ExpiryStatus* out)
{
    for (ExpiryStatus s : {ExpiryStatus::Expired, ExpiryStatus::CloseToExpiration, ExpiryStatus::Valid}) {
        if (expiryStatusKey(s) == text.trimmed().toLower()) {
            *out = s;
            return true;
        }
    }
    return false;
}

bool certificateMatchesSearch(const ReportCertificate& entry, const QString& text)
{
    const QString needle = text.trimmed();
    if (needle.isEmpty())
        return true;
    const Certificate& c = entry.stored.certificate;
    const auto has = [&](const QString& field) { return field.contains(needle, Qt::CaseInsensitive); };
    if (has(c.subjectCN) || has(c.subject) || has(c.issuer) || has(c.thumbprint()) || has(c.sha256Hex())
        || has(entry.stored.path))
        return true;
    return std::any_of(c.sans.cbegin(), c.sans.cend(), [&](const SubjectAltName& s) { return has(s.value); });
}

Report buildCertificateReport(const QList<ReportCertificate>& certificates, const ReportPolicies& policies,
                              const std::shared_ptr<const Clock>& clock, const CertificateReportOptions& options)
{
    const QDateTime now = clock->now();
    const qint64 nowSecs = now.toSecsSinceEpoch();
    const ExpiryEvaluator systemEvaluator(policies.system, clock);
    const ExpiryEvaluator userEvaluator(policies.user, clock);
    const bool within = options.selection == CertificateReportOptions::Selection::ExpiringWithin;
    const qint64 horizon = nowSecs + qint64(options.withinDays) * kSecondsPerDay;

    QList<Evaluated> selected;
    for (const ReportCertificate& entry : certificates) {
        const Certificate& c = entry.stored.certificate;
        if (within && c.notAfterSecs > horizon)
            continue;
        if ((options.scope && entry.scope != *options.scope)
            || (!options.storeId.isEmpty() && entry.storeId != options.storeId)
            || !certificateMatchesSearch(entry, options.search))
            continue;
        const ExpiryEvaluator& evaluator = entry.scope == Scope::System ? systemEvaluator : userEvaluator;
        const ExpiryStatus status = evaluator.status(c.notBeforeSecs, c.notAfterSecs);
        if (options.state && status != *options.state)
            continue;
        selected.append({&entry, status});
    }
    if (options.selection != CertificateReportOptions::Selection::View) {
        std::stable_sort(selected.begin(), selected.end(), [](const Evaluated& a, const Evaluated& b) {
            const Certificate& x = a.entry->stored.certificate;
            const Certificate& y = b.entry->stored.certificate;
            if (x.notAfterSecs != y.notAfterSecs)
                return x.notAfterSecs < y.notAfterSecs;
            const int byName = QString::compare(x.subjectCN, y.subjectCN, Qt::CaseInsensitive);
            return byName != 0 ? byName < 0 : a.entry->stored.path < b.entry->stored.path;
        });
    }

    Report report;
    report.kind = ReportKind::Certificates;
    report.title = QStringLiteral("Certificate report");
    report.generated = now;
    report.host = reportHostName();
    report.filters = describeFilters(options);
    report.columns = certificateColumns();
    report.rangeFrom = now;
    if (within) {
        report.rangeTo = QDateTime::fromSecsSinceEpoch(horizon, Qt::UTC);
        report.rangeText = QStringLiteral("certificates expiring by %1 (and those already expired)")
                               .arg(formatReportTime(report.rangeTo));
    } else {
        report.rangeText = QStringLiteral("all certificates, as of %1").arg(formatReportTime(now));
    }
    report.summary = summaryText(selected);
    for (const Evaluated& e : selected)
        report.rows.append(makeRow(*e.entry, e.status, nowSecs));
    fillExpiryChart(report, selected, now);
    return report;
}

} // namespace certlife
