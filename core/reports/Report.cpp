// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "reports/Report.h"

#include <QJsonArray>
#include <QSysInfo>
#include <array>

namespace certlife {

QString ReportStoreNames::keyOf(Scope scope, const QString& storeId)
{
    return (scope == Scope::System ? QStringLiteral("system/") : QStringLiteral("user/")) + storeId;
}

void ReportStoreNames::insert(Scope scope, const QString& storeId, const QString& displayName, const QString& host)
{
    m_names.insert(keyOf(scope, storeId), displayName.isEmpty() ? storeId : displayName);
    if (!host.isEmpty())
        m_hosts.insert(keyOf(scope, storeId), host);
}

QString ReportStoreNames::hostOf(Scope scope, const QString& storeId) const
{
    return m_hosts.value(keyOf(scope, storeId));
}

QString ReportStoreNames::nameOf(Scope scope, const QString& storeId) const
{
    return m_names.value(keyOf(scope, storeId), storeId);
}

namespace {

template <typename Enum, size_t N>
bool parseName(const QString& text, const std::array<Enum, N>& values, QString (*name)(Enum), Enum* out)
{
    const QString t = text.trimmed().toLower();
    for (Enum v : values) {
        if (name(v) == t) {
            *out = v;
            return true;
        }
    }
    return false;
}

constexpr std::array kAllKinds{ReportKind::Certificates, ReportKind::Events, ReportKind::Tasks};
constexpr std::array kAllFormats{ReportFormat::Csv, ReportFormat::Json, ReportFormat::Html, ReportFormat::Pdf};

QString joinList(const QJsonValue& cell)
{
    QStringList items;
    for (const QJsonValue& v : cell.toArray())
        items << v.toString();
    return items.join(QLatin1String("; "));
}

QString numberText(double value, ColumnType type)
{
    if (type == ColumnType::Percent)
        return QString::number(value, 'f', 1);
    return QString::number(qint64(value));
}

} // namespace

QString reportKindName(ReportKind kind)
{
    switch (kind) {
    case ReportKind::Certificates: return QStringLiteral("certificates");
    case ReportKind::Events: return QStringLiteral("events");
    case ReportKind::Tasks: return QStringLiteral("tasks");
    }
    return {};
}

bool parseReportKind(const QString& text, ReportKind* out)
{
    return parseName(text, kAllKinds, &reportKindName, out);
}

QString reportFormatName(ReportFormat format)
{
    switch (format) {
    case ReportFormat::Csv: return QStringLiteral("csv");
    case ReportFormat::Json: return QStringLiteral("json");
    case ReportFormat::Html: return QStringLiteral("html");
    case ReportFormat::Pdf: return QStringLiteral("pdf");
    }
    return {};
}

bool parseReportFormat(const QString& text, ReportFormat* out)
{
    return parseName(text, kAllFormats, &reportFormatName, out);
}

QString reportFormatExtension(ReportFormat format)
{
    return reportFormatName(format);
}

int Report::columnIndex(const QString& key) const
{
    for (int i = 0; i < columns.size(); ++i)
        if (columns[i].key == key)
            return i;
    return -1;
}

QString reportHostName()
{
    return QSysInfo::machineHostName();
}

QJsonValue timeCell(const QDateTime& time)
{
    if (!time.isValid())
        return QJsonValue::Null;
    return time.toUTC().toString(Qt::ISODate);
}

QJsonValue listCell(const QStringList& items)
{
    return QJsonArray::fromStringList(items);
}

QJsonValue textCell(const QString& text)
{
    return text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
}

QStringList ekuTexts(const QList<ExtendedKeyUsage>& ekus)
{
    QStringList out;
    for (const ExtendedKeyUsage& e : ekus)
        out << (e.name.isEmpty() || e.name == e.oid ? e.oid : QStringLiteral("%1 (%2)").arg(e.name, e.oid));
    return out;
}

QString expiryMonthColor(int monthIndex)
{
    switch (monthIndex) {
    case 0: return QStringLiteral("#c62828");
    case 1: return QStringLiteral("#ef6c00");
    case 2: return QStringLiteral("#f9a825");
    default: return QStringLiteral("#1565c0");
    }
}

QString formatReportTime(const QDateTime& time)
{
    if (!time.isValid())
        return {};
    return time.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'"));
}

QString cellDisplayText(const QJsonValue& cell, ColumnType type)
{
    if (cell.isNull() || cell.isUndefined())
        return {};
    switch (type) {
    case ColumnType::List: return joinList(cell);
    case ColumnType::Time: return formatReportTime(QDateTime::fromString(cell.toString(), Qt::ISODate));
    case ColumnType::Percent: return numberText(cell.toDouble(), type) + QStringLiteral(" %");
    case ColumnType::Integer: return numberText(cell.toDouble(), type);
    case ColumnType::YesNo: return cell.toBool() ? QStringLiteral("yes") : QStringLiteral("no");
    case ColumnType::Text:
    case ColumnType::Monospace: break;
    }
    return cell.toString();
}

QString cellPlainText(const QJsonValue& cell, ColumnType type)
{
    if (cell.isNull() || cell.isUndefined())
        return {};
    switch (type) {
    case ColumnType::List: return joinList(cell);
    case ColumnType::Percent:
    case ColumnType::Integer: return numberText(cell.toDouble(), type);
    case ColumnType::YesNo: return cell.toBool() ? QStringLiteral("yes") : QStringLiteral("no");
    case ColumnType::Text:
    case ColumnType::Time:
    case ColumnType::Monospace: break;
    }
    return cell.toString();
}

} // namespace certlife
