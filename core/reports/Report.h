// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "util/Scope.h"
#include "x509/Certificate.h"

#include <QDateTime>
#include <QHash>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <optional>

namespace certlife {

// One report, whatever its kind: a table of typed cells plus what a reader needs to
// judge it (who made it, when, on which host, with which filters, over which time).
// The builders (CertificateReport.h, EventReport.h, TaskReport.h) fill it; the writers
// (ReportWriter.h) render any Report to CSV, JSON, HTML or PDF, so the console's
// File → Export report and `certlifectl report` share one code path.
//
// A Report holds no key material: its builders read only public certificate fields.

enum class ReportKind : quint8 { Certificates, Events, Tasks };
enum class ReportFormat : quint8 { Csv, Json, Html, Pdf };

// The stores' display names, as the caller's store catalog (or the console's inventory)
// has them: reports show a store by its name, not its id (ids are unique within a scope
// only, so the name is looked up by scope and id). A store not known here (removed
// since) is shown by its id. Over a fleet, each store is also a host's: a certificate
// report then has a Host column.
class ReportStoreNames
{
public:
    void insert(Scope scope, const QString& storeId, const QString& displayName, const QString& host = {});
    QString nameOf(Scope scope, const QString& storeId) const; // the id when unknown
    QString hostOf(Scope scope, const QString& storeId) const; // empty: this computer's
    bool hasHosts() const { return !m_hosts.isEmpty(); }       // a fleet's stores
    bool isEmpty() const { return m_names.isEmpty(); }

private:
    static QString keyOf(Scope scope, const QString& storeId);
    QHash<QString, QString> m_names;
    QHash<QString, QString> m_hosts;
};

QString reportKindName(ReportKind kind);                        // "certificates", "events", "tasks"
bool parseReportKind(const QString& text, ReportKind* out);     // any case
QString reportFormatName(ReportFormat format);                  // "csv", "json", "html", "pdf"
bool parseReportFormat(const QString& text, ReportFormat* out); // any case
QString reportFormatExtension(ReportFormat format);             // "csv", … (no dot)

// How a column's cells are stored and shown. Cells are QJsonValues:
//   Text, Time (ISO 8601 UTC "2026-04-01T00:00:00Z"): strings; List: array of strings;
//   Integer, Percent: numbers; YesNo: bool. Null or undefined: no value.
enum class ColumnType : quint8 { Text, List, Time, Integer, Percent, YesNo, Monospace };

struct ReportColumn
{
    QString key;   // JSON key and stable id: "notAfter"
    QString title; // header: "Not after (UTC)"
    ColumnType type = ColumnType::Text;
    int pdfWeight = 0; // share of the PDF table's width; 0: not in the PDF (too wide to
                       // print every column; CSV, JSON and HTML always have all)
};

// How a row reads at a glance (colour in HTML and PDF).
enum class RowTone : quint8 { Neutral, Good, Warning, Bad };

struct ReportRow
{
    QList<QJsonValue> cells; // one per column, same order
    RowTone tone = RowTone::Neutral;
};

// A filter the report was made with, shown in every format.
struct ReportFilter
{
    QString key;   // JSON key: "withinDays"
    QString label; // "Expiring within"
    QString value; // "30 days"
};

// Certificates expiring in one calendar month (UTC), for the upcoming-expiry chart.
struct ExpiryBucket
{
    QDate month; // first day of the month
    int count = 0;
};

// The colour of the i-th month's bar in the chart, "#rrggbb": red, orange, amber for the
// next three months (the ones that need action), blue after. The HTML and the PDF chart
// both take it from here.
QString expiryMonthColor(int monthIndex);

struct Report
{
    ReportKind kind = ReportKind::Certificates;
    QString title;       // "Certificate report"
    QDateTime generated; // from the injected clock, UTC
    QString host;
    QList<ReportFilter> filters;
    // The time the report covers: events between from and to; certificates expiring by
    // `to` (from = generation time). Invalid ends are open.
    QDateTime rangeFrom;
    QDateTime rangeTo;
    QString rangeText; // the same in words: "2026-01-01 00:00 UTC to now"
    QString summary;   // one line: "12 certificates: 2 expired, 3 expiring, 7 healthy"
    QList<ReportColumn> columns;
    QList<ReportRow> rows;
    // Certificate reports: expirations per month for the next 12 months (from the
    // generation month) and how many had already expired. Empty for other kinds.
    QList<ExpiryBucket> upcomingExpiry;
    int alreadyExpired = 0;

    int columnIndex(const QString& key) const; // -1 when absent
};

// The host name reports show.
QString reportHostName();

// "2026-04-01T00:00:00Z": how Time cells store a time (invalid: null).
QJsonValue timeCell(const QDateTime& time);
QJsonValue listCell(const QStringList& items);
QJsonValue textCell(const QString& text); // null when empty
// EKUs as cells list them: "TLS Web Server Authentication (1.3.6.1.5.5.7.3.1)"; the
// bare OID when it has no name.
QStringList ekuTexts(const QList<ExtendedKeyUsage>& ekus);

// A cell as a person reads it (HTML, PDF): lists joined by "; ", times as
// "2026-04-01 00:00 UTC", percentages with one decimal and " %", bools as yes/no.
QString cellDisplayText(const QJsonValue& cell, ColumnType type);
// A cell as CSV holds it: lists joined by "; ", times and numbers as in JSON.
QString cellPlainText(const QJsonValue& cell, ColumnType type);
// "2026-04-01 00:00 UTC"
QString formatReportTime(const QDateTime& time);

} // namespace certlife
