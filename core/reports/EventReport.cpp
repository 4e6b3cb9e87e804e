// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "reports/EventReport.h"

#include "eventlog/EventLog.h"

#include <algorithm>

namespace certlife {

namespace {

constexpr int kFetchPageSize = 1000;

// The certificate columns an event has twice: for its certificate and, on a Replace,
// for the old one ("old" prefix, "Old " title).
struct DetailsColumn
{
    const char* key;
    const char* title;
    ColumnType type;
    int pdfWeight;
};
constexpr DetailsColumn kDetailsColumns[] = {
    {"subjectCN", "Subject CN", ColumnType::Text, 0}, // the PDF's message names it
    {"subject", "Subject", ColumnType::Text, 0},
    {"sans", "SANs", ColumnType::List, 0},
    {"issuer", "Issuer", ColumnType::Text, 0},
    {"thumbprint", "Thumbprint", ColumnType::Monospace, 27},
    {"sha256", "SHA-256", ColumnType::Monospace, 0},
    {"template", "Template", ColumnType::Text, 0},
    {"ekus", "EKUs", ColumnType::List, 0},
    {"notBefore", "Not before", ColumnType::Time, 0},
    {"notAfter", "Not after", ColumnType::Time, 0},
    {"path", "Path", ColumnType::Text, 0},
};

QList<QJsonValue> detailsCells(const CertificateDetails* d)
{
    if (!d || d->isNull())
        return QList<QJsonValue>(std::size(kDetailsColumns), QJsonValue(QJsonValue::Null));
    return {textCell(d->subjectCN),  textCell(d->subject),  listCell(d->sans),         textCell(d->issuer),
            textCell(d->thumbprint), textCell(d->sha256),   textCell(d->templateName), listCell(ekuTexts(d->ekus)),
            timeCell(d->notBefore),  timeCell(d->notAfter), textCell(d->path)};
}

constexpr int kFleetHostPdfWeight = 8;

QList<ReportColumn> eventColumns()
{
    QList<ReportColumn> columns{
        {QStringLiteral("recordId"), QStringLiteral("Record"), ColumnType::Integer, 0},
        {QStringLiteral("time"), QStringLiteral("Time"), ColumnType::Time, 12},
        {QStringLiteral("channel"), QStringLiteral("Channel"), ColumnType::Text, 7},
        {QStringLiteral("eventId"), QStringLiteral("Id"), ColumnType::Integer, 4},
        {QStringLiteral("event"), QStringLiteral("Event"), ColumnType::Text, 12},
        {QStringLiteral("level"), QStringLiteral("Level"), ColumnType::Text, 0},
        {QStringLiteral("host"), QStringLiteral("Host"), ColumnType::Text, 0},
        {QStringLiteral("account"), QStringLiteral("Account"), ColumnType::Text, 0},
        {QStringLiteral("process"), QStringLiteral("Process"), ColumnType::Text, 0},
        {QStringLiteral("action"), QStringLiteral("Action"), ColumnType::Text, 7},
        {QStringLiteral("store"), QStringLiteral("Store"), ColumnType::Text, 7},
        {QStringLiteral("storeId"), QStringLiteral("Store id"), ColumnType::Text, 0},
        {QStringLiteral("remainingSeconds"), QStringLiteral("Remaining (s)"), ColumnType::Integer, 0},
        {QStringLiteral("message"), QStringLiteral("Message"), ColumnType::Text, 21},
    };
    for (const DetailsColumn& c : kDetailsColumns)
        columns.append({QLatin1String(c.key), QLatin1String(c.title), c.type, c.pdfWeight});
    for (const DetailsColumn& c : kDetailsColumns) {
        QString key = QLatin1String(c.key);
        key[0] = key[0].toUpper();
        // Only the old thumbprint goes into the PDF: it says what a Replace replaced.
        const int weight = key == QLatin1String("Thumbprint") ? c.pdfWeight : 0;
        QString title = QString::fromLatin1(c.title);
        if (title.size() > 1 && !title[1].isUpper()) // "Old subject", but "Old SANs"
            title[0] = title[0].toLower();
        columns.append({QStringLiteral("old") + key, QStringLiteral("Old ") + title, c.type, weight});
    }
    return columns;
}

RowTone toneOf(EventLevel level)
{
    switch (level) {
    case EventLevel::Error: return RowTone::Bad;
    case EventLevel::Warning: return RowTone::Warning;
    case EventLevel::Information: return RowTone::Neutral;
    }
    return RowTone::Neutral;
}

ReportRow makeRow(const LifecycleEvent& e, const ReportStoreNames& storeNames)
{
    ReportRow row;
    row.tone = toneOf(e.level());
    row.cells = {
        double(e.recordId),
        timeCell(e.time),
        scopeName(e.channel),
        int(e.id),
        eventName(e.id),
        levelName(e.level()),
        textCell(e.host),
        textCell(e.account),
        textCell(e.process),
        textCell(e.action),
        textCell(e.storeId.isEmpty() ? QString() : storeNames.nameOf(e.channel, e.storeId)),
        textCell(e.storeId),
        e.remainingSeconds ? QJsonValue(double(*e.remainingSeconds)) : QJsonValue(QJsonValue::Null),
        textCell(e.message),
    };
    row.cells << detailsCells(&e.certificate) << detailsCells(e.oldCertificate ? &*e.oldCertificate : nullptr);
    return row;
}

QString idsText(const QList<EventId>& ids)
{
    QStringList parts;
    for (EventId id : ids)
        parts << QStringLiteral("%1 %2").arg(int(id)).arg(eventName(id));
    return parts.join(QLatin1String(", "));
}

} // namespace

QList<LifecycleEvent> fetchReportEvents(const QList<const EventLog*>& logs, const EventQuery& query, qint64 maxRows,
                                        bool* truncated)
{
    return fetchReportEvents([&logs](const EventQuery& page) { return queryChannels(logs, page); }, query, maxRows,
                             truncated);
}

QList<LifecycleEvent> fetchReportEvents(const EventPageFetcher& fetchPage, const EventQuery& query, qint64 maxRows,
                                        bool* truncated)
{
    if (truncated)
        *truncated = false;
    EventQuery page = query;
    page.after.reset();
    QList<LifecycleEvent> events;
    for (;;) {
        page.limit = kFetchPageSize;
        if (maxRows > 0)
            page.limit = int(qMin<qint64>(kFetchPageSize, maxRows - events.size() + 1)); // +1: tells "more"
        const QList<LifecycleEvent> rows = fetchPage(page);
        for (const LifecycleEvent& e : rows) {
            if (maxRows > 0 && events.size() >= maxRows) {
                if (truncated)
                    *truncated = true;
                return events;
            }
            events.append(e);
        }
        if (rows.size() < page.limit)
            return events;
        page.after = EventCursor::of(rows.last());
    }
}

QList<ReportFilter> describeEventQuery(const EventQuery& q)
{
    QList<ReportFilter> filters;
    if (q.channel)
        filters.append({QStringLiteral("channel"), QStringLiteral("Channel"), scopeName(*q.channel)});
    if (!q.ids.isEmpty())
        filters.append({QStringLiteral("ids"), QStringLiteral("Event ids"), idsText(q.ids)});
    if (q.level)
        filters.append({QStringLiteral("level"), QStringLiteral("Level"), levelName(*q.level)});
    if (q.since.isValid())
        filters.append({QStringLiteral("since"), QStringLiteral("Since"), formatReportTime(q.since)});
    if (q.until.isValid())
        filters.append({QStringLiteral("until"), QStringLiteral("Until (not including)"), formatReportTime(q.until)});
    if (!q.host.isEmpty())
        filters.append({QStringLiteral("host"), QStringLiteral("Host"), q.host});
    if (!q.storeId.isEmpty())
        filters.append({QStringLiteral("store"), QStringLiteral("Store"), q.storeId});
    if (!q.text.isEmpty())
        filters.append({QStringLiteral("search"), QStringLiteral("Search"), q.text});
    if (!q.thumbprint.isEmpty())
        filters.append({QStringLiteral("thumbprint"), QStringLiteral("Thumbprint"), q.thumbprint});
    return filters;
}

Report buildEventReport(const QList<LifecycleEvent>& events, const EventQuery& query, const Clock& clock,
                        const ReportStoreNames& storeNames)
{
    Report report;
    report.kind = ReportKind::Events;
    report.title = QStringLiteral("Lifecycle event report");
    report.generated = clock.now();
    report.host = reportHostName();
    report.filters = describeEventQuery(query);
    if (!query.storeId.isEmpty() && query.channel) { // its name, when the channel says which store it is
        const QString name = storeNames.nameOf(*query.channel, query.storeId);
        for (ReportFilter& filter : report.filters)
            if (filter.key == QLatin1String("store") && name != query.storeId)
                filter.value = QStringLiteral("%1 (%2)").arg(name, query.storeId);
    }
    report.columns = eventColumns();
    // Events of a fleet's hosts: the PDF shows whose each is too.
    const bool fromHosts = !query.host.isEmpty() || storeNames.hasHosts()
        || std::any_of(events.cbegin(), events.cend(),
                       [&events](const LifecycleEvent& e) { return e.host != events.constFirst().host; });
    if (fromHosts)
        report.columns[report.columnIndex(QStringLiteral("host"))].pdfWeight = kFleetHostPdfWeight;

    QDateTime oldest;
    for (const LifecycleEvent& e : events) {
        report.rows.append(makeRow(e, storeNames));
        if (!oldest.isValid() || e.time < oldest)
            oldest = e.time;
    }
    report.rangeFrom = query.since.isValid() ? query.since.toUTC() : oldest;
    report.rangeTo = query.until.isValid() ? query.until.toUTC() : report.generated;
    const QString from = query.since.isValid() ? formatReportTime(query.since)
        : oldest.isValid()                     ? QStringLiteral("%1 (oldest event shown)").arg(formatReportTime(oldest))
                                               : QStringLiteral("the beginning of the log");
    const QString to = query.until.isValid()
        ? formatReportTime(query.until)
        : QStringLiteral("%1 (report time)").arg(formatReportTime(report.generated));
    report.rangeText = QStringLiteral("%1 to %2").arg(from, to);
    int errors = 0, warnings = 0;
    for (const LifecycleEvent& e : events) {
        errors += e.level() == EventLevel::Error;
        warnings += e.level() == EventLevel::Warning;
    }
    report.summary = QStringLiteral("%1 event%2: %3 error%4, %5 warning%6")
                         .arg(events.size())
                         .arg(events.size() == 1 ? QString() : QStringLiteral("s"))
                         .arg(errors)
                         .arg(errors == 1 ? QString() : QStringLiteral("s"))
                         .arg(warnings)
                         .arg(warnings == 1 ? QString() : QStringLiteral("s"));
    return report;
}

} // namespace certlife
