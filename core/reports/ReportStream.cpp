// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "reports/ReportStream.h"

#include <QDataStream>
#include <QIODevice>

namespace certlife {

namespace {

constexpr quint32 kReportTag = 0x43524550;    // "CREP"
constexpr quint32 kPdfResultTag = 0x43504446; // "CPDF"
constexpr QDataStream::Version kStreamVersion = QDataStream::Qt_6_4;

void writeHeader(QDataStream& out, quint32 tag)
{
    out.setVersion(kStreamVersion);
    out << tag << QStringLiteral(CERTLIFE_VERSION);
}

bool readHeader(QDataStream& in, quint32 tag, const QString& what, QString* error)
{
    in.setVersion(kStreamVersion);
    quint32 read = 0;
    in >> read;
    if (in.status() != QDataStream::Ok || read != tag) {
        *error = QStringLiteral("not %1").arg(what);
        return false;
    }
    QString version;
    in >> version;
    if (in.status() != QDataStream::Ok || version != QLatin1String(CERTLIFE_VERSION)) {
        *error = QStringLiteral("%1 of Certlife %2, not of this version (%3)")
                     .arg(what, version.left(40), QStringLiteral(CERTLIFE_VERSION));
        return false;
    }
    return true;
}

// A count read back is never more than the bytes left (every item takes at least one),
// so a damaged stream cannot ask for a huge allocation.
bool readCount(QDataStream& in, qint32* count)
{
    in >> *count;
    return in.status() == QDataStream::Ok && *count >= 0 && *count <= in.device()->bytesAvailable();
}

// An enum read back as its quint8, refused above `last`.
template <typename Enum> bool readEnum(QDataStream& in, Enum last, Enum* out)
{
    quint8 value = 0;
    in >> value;
    if (in.status() != QDataStream::Ok || value > quint8(last))
        return false;
    *out = Enum(value);
    return true;
}

bool readReport(QDataStream& in, Report* r)
{
    qint32 count = 0;
    if (!readEnum(in, ReportKind::Tasks, &r->kind))
        return false;
    in >> r->title >> r->generated >> r->host;
    if (!readCount(in, &count))
        return false;
    for (qint32 i = 0; i < count; ++i) {
        ReportFilter f;
        in >> f.key >> f.label >> f.value;
        r->filters.append(f);
    }
    in >> r->rangeFrom >> r->rangeTo >> r->rangeText >> r->summary;
    if (!readCount(in, &count))
        return false;
    for (qint32 i = 0; i < count; ++i) {
        ReportColumn c;
        in >> c.key >> c.title;
        if (!readEnum(in, ColumnType::Monospace, &c.type))
            return false;
        qint32 weight = 0;
        in >> weight;
        c.pdfWeight = weight;
        r->columns.append(c);
    }
    if (!readCount(in, &count))
        return false;
    r->rows.reserve(count);
    for (qint32 i = 0; i < count; ++i) {
        ReportRow row;
        qint32 cells = 0;
        if (!readEnum(in, RowTone::Bad, &row.tone) || !readCount(in, &cells))
            return false;
        row.cells.reserve(cells);
        for (qint32 k = 0; k < cells; ++k) {
            QJsonValue cell;
            in >> cell;
            row.cells.append(cell);
        }
        r->rows.append(std::move(row));
    }
    if (!readCount(in, &count))
        return false;
    for (qint32 i = 0; i < count; ++i) {
        ExpiryBucket b;
        qint32 n = 0;
        in >> b.month >> n;
        b.count = n;
        r->upcomingExpiry.append(b);
    }
    qint32 alreadyExpired = 0;
    in >> alreadyExpired;
    r->alreadyExpired = alreadyExpired;
    return in.status() == QDataStream::Ok;
}

} // namespace

QByteArray encodeReport(const Report& r)
{
    QByteArray bytes;
    QDataStream out(&bytes, QIODevice::WriteOnly);
    writeHeader(out, kReportTag);
    out << quint8(r.kind) << r.title << r.generated << r.host;
    out << qint32(r.filters.size());
    for (const ReportFilter& f : r.filters)
        out << f.key << f.label << f.value;
    out << r.rangeFrom << r.rangeTo << r.rangeText << r.summary;
    out << qint32(r.columns.size());
    for (const ReportColumn& c : r.columns)
        out << c.key << c.title << quint8(c.type) << qint32(c.pdfWeight);
    out << qint32(r.rows.size());
    for (const ReportRow& row : r.rows) {
        out << quint8(row.tone) << qint32(row.cells.size());
        for (const QJsonValue& cell : row.cells)
            out << cell;
    }
    out << qint32(r.upcomingExpiry.size());
    for (const ExpiryBucket& b : r.upcomingExpiry)
        out << b.month << qint32(b.count);
    out << qint32(r.alreadyExpired);
    return bytes;
}

bool decodeReport(const QByteArray& bytes, Report* report, QString* error)
{
    QDataStream in(bytes);
    const QString what = QStringLiteral("a report");
    if (!readHeader(in, kReportTag, what, error))
        return false;
    Report read;
    if (!readReport(in, &read) || !in.atEnd()) {
        *error = QStringLiteral("the report is damaged or cut short");
        return false;
    }
    *report = std::move(read);
    return true;
}

QByteArray encodePdfResult(const PdfRenderResult& result)
{
    QByteArray bytes;
    QDataStream out(&bytes, QIODevice::WriteOnly);
    writeHeader(out, kPdfResultTag);
    out << qint32(result.pages) << result.error << result.pdf;
    return bytes;
}

bool decodePdfResult(const QByteArray& bytes, PdfRenderResult* result, QString* error)
{
    QDataStream in(bytes);
    if (!readHeader(in, kPdfResultTag, QStringLiteral("a PDF"), error))
        return false;
    PdfRenderResult read;
    qint32 pages = 0;
    in >> pages >> read.error >> read.pdf;
    if (in.status() != QDataStream::Ok || !in.atEnd() || pages < 0) {
        *error = QStringLiteral("the PDF is damaged or cut short");
        return false;
    }
    read.pages = pages;
    *result = std::move(read);
    return true;
}

} // namespace certlife
