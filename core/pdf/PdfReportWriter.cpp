// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// PDF: QPdfWriter + QPainter, laid out in two passes: the first wraps every cell and
// breaks the table into pages (so the footer can say "Page N of M"), the second paints.

#include "pdf/PdfReportWriter.h"

#include "pdf/ExpiryChartPainter.h"
#include "pdf/PdfLayout.h"
#include "util/TerminalText.h"

#include <QBuffer>
#include <QFontMetricsF>
#include <QGuiApplication>
#include <QJsonArray>
#include <QPainter>
#include <QPdfWriter>

namespace certlife {

namespace {

using namespace pdf;

constexpr double kEpsilonMm = 1e-6;
constexpr double kMetaLabelWidthMm = 24.0;

const QColor kInk(0x1F, 0x23, 0x28);
const QColor kMuted(0x59, 0x63, 0x6E);
const QColor kRule(0xD0, 0xD7, 0xDE);
const QColor kHeaderFill(0xEA, 0xEE, 0xF2);
const QColor kZebraFill(0xF6, 0xF8, 0xFA);

QFont makeFont(double pointSize, bool bold = false, bool monospace = false)
{
    QFont f;
    f.setFamilies(monospace ? QStringList{QStringLiteral("DejaVu Sans Mono"), QStringLiteral("Liberation Mono"),
                                          QStringLiteral("Noto Sans Mono"), QStringLiteral("Courier New")}
                            : QStringList{QStringLiteral("DejaVu Sans"), QStringLiteral("Liberation Sans"),
                                          QStringLiteral("Noto Sans"), QStringLiteral("Arial")});
    f.setStyleHint(monospace ? QFont::Monospace : QFont::SansSerif);
    f.setPointSizeF(pointSize);
    f.setBold(bold);
    return f;
}

QColor toneFill(RowTone tone)
{
    switch (tone) {
    case RowTone::Bad: return QColor(0xFD, 0xEC, 0xEA);
    case RowTone::Warning: return QColor(0xFF, 0xF4, 0xE5);
    case RowTone::Good: return QColor(0xED, 0xF7, 0xED);
    case RowTone::Neutral: break;
    }
    return {};
}

// Line breaks and other control characters in a certificate field (and bidi overrides,
// which would reorder what is drawn) must not move text around the page: they become
// spaces.
QString printable(QString text)
{
    for (QChar& c : text)
        if (isControlCharacter(c.unicode()))
            c = QLatin1Char(' ');
    return text;
}

// A cell shows at most kMaxLinesPerCell lines of at most a few hundred characters (the
// page is 273 mm wide): text past this many characters can never be shown, so it is
// cut before anything is measured, and a 100,000-character subject costs what a
// short one does.
constexpr qsizetype kMaxCellChars = 2048;

QString cutForCell(const QString& text)
{
    return text.size() > kMaxCellChars + 1 ? text.left(kMaxCellChars + 1) : text; // the extra one says "more"
}

// How many leading characters of `text` fit into `width` (at least one character, and
// never half a surrogate pair). Measures prefixes of doubling length, then bisects:
// the cost follows the length of the line, not of the text.
qsizetype fittingPrefix(QStringView text, const QFontMetricsF& fm, double width)
{
    const auto fits = [&](qsizetype n) { return fm.horizontalAdvance(text.left(n).toString()) <= width; };
    qsizetype lo = 1; // fits, or is the least a line takes
    qsizetype hi = text.size();
    for (qsizetype probe = 16; probe < text.size(); probe *= 2) {
        if (!fits(probe)) {
            hi = probe - 1;
            break;
        }
        lo = probe;
    }
    if (hi == text.size() && fits(hi))
        return hi;
    while (lo < hi) {
        const qsizetype mid = (lo + hi + 1) / 2;
        if (fits(mid))
            lo = mid;
        else
            hi = mid - 1;
    }
    if (lo < text.size() && lo > 1 && text.at(lo - 1).isHighSurrogate())
        --lo; // never split a surrogate pair
    return lo;
}

// `line` shortened until it fits with an ellipsis after it.
QString withEllipsis(const QString& line, const QFontMetricsF& fm, double width)
{
    const QString ellipsis(QChar(0x2026));
    qsizetype lo = 0, hi = line.size();
    while (lo < hi) {
        const qsizetype mid = (lo + hi + 1) / 2;
        if (fm.horizontalAdvance(line.left(mid) + ellipsis) <= width)
            lo = mid;
        else
            hi = mid - 1;
    }
    if (lo > 0 && line.at(lo - 1).isHighSurrogate())
        --lo;
    return QStringView(line).left(lo).trimmed().toString() + ellipsis;
}

// Greedy word wrap into at most maxLines lines, the last one ending in an ellipsis when
// text is left over; a word wider than the line (a thumbprint, a path) breaks anywhere.
QStringList wrapText(const QString& fullText, const QFontMetricsF& fm, double width, int maxLines)
{
    const QString text = fullText.left(kMaxCellChars);
    QStringList lines;
    qsizetype pos = 0;
    const auto skipSpaces = [&] {
        while (pos < text.size() && text.at(pos) == QLatin1Char(' '))
            ++pos;
    };
    for (skipSpaces(); pos < text.size() && lines.size() < maxLines; skipSpaces()) {
        const QStringView rest = QStringView(text).mid(pos);
        qsizetype n = fittingPrefix(rest, fm, width);
        if (n < rest.size() && rest.at(n) != QLatin1Char(' ')) {
            const qsizetype space = rest.left(n).lastIndexOf(QLatin1Char(' '));
            if (space > 0)
                n = space; // the word that does not fit starts the next line
        }
        lines << rest.left(n).trimmed().toString();
        pos += n;
    }
    if (!lines.isEmpty() && (pos < text.size() || fullText.size() > text.size()))
        lines.last() = withEllipsis(lines.last(), fm, width);
    return lines;
}

// The lines a cell takes in the PDF. Lists put one item on a line and say how many
// more there are when they do not fit.
QStringList cellLines(const QJsonValue& cell, ColumnType type, const QFontMetricsF& fm, double width)
{
    if (type == ColumnType::List) {
        const QJsonArray items = cell.toArray();
        QStringList lines;
        for (qsizetype i = 0; i < items.size(); ++i) {
            if (lines.size() == kMaxLinesPerCell - 1 && items.size() - i > 1) {
                lines << QStringLiteral("+%1 more").arg(items.size() - i);
                break;
            }
            lines << fm.elidedText(printable(cutForCell(items[i].toString())), Qt::ElideRight, width);
        }
        return lines;
    }
    const QString text = type == ColumnType::Time && cell.isString()
        ? QDateTime::fromString(cell.toString(), Qt::ISODate).toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm"))
        : cellDisplayText(cell, type);
    return wrapText(printable(cutForCell(text)), fm, width, kMaxLinesPerCell);
}

struct Page
{
    int firstRow = 0;
    int rowCount = 0;
};

class PdfReportLayout
{
public:
    PdfReportLayout(const Report& report, QPdfWriter& writer);
    int pageCount() const { return int(m_pages.size()); }
    void paint(QPainter& painter);

private:
    double mm(double v) const { return v * m_dotsPerMm; }
    double firstPageTableMm() const;
    double otherPageTableMm() const;
    void layOutCells();
    void paginate();
    double paintFirstPageHeader(QPainter& painter, double y);
    double paintRunningHeader(QPainter& painter, double y);
    double paintTableHeader(QPainter& painter, double y);
    double paintRow(QPainter& painter, int row, double y, bool zebra);
    void paintNoRows(QPainter& painter, double y);
    void paintFooter(QPainter& painter, int page);

    const Report& m_report;
    QPdfWriter& m_writer;
    double m_dotsPerMm = kResolutionDpi / 25.4;
    QRectF m_content;
    QFont m_tableFont = makeFont(kTablePointSize);
    QFont m_headerFont = makeFont(kTablePointSize, true);
    QFont m_monoFont = makeFont(kMonospacePointSize, false, true);
    QList<int> m_columns;   // indexes into m_report.columns
    QList<double> m_widths; // device pixels
    QList<QStringList> m_headerLines;
    QList<QList<QStringList>> m_cells; // [row][pdf column] → lines
    QList<double> m_rowHeightsMm;
    QList<Page> m_pages;
};

PdfReportLayout::PdfReportLayout(const Report& report, QPdfWriter& writer) : m_report(report), m_writer(writer)
{
    m_content =
        QRectF(mm(kMarginMm), mm(kMarginMm), mm(kPageWidthMm - 2 * kMarginMm), mm(kPageHeightMm - 2 * kMarginMm));
    layOutCells();
    paginate();
}

double PdfReportLayout::firstPageTableMm() const
{
    const double chart = m_report.kind == ReportKind::Certificates ? kChartHeightMm + kBlockGapMm : 0.0;
    return kPageHeightMm - 2 * kMarginMm - kTitleHeightMm - kMetaLines * kMetaLineHeightMm - kBlockGapMm - chart
        - kFooterHeightMm - kTableHeaderHeightMm;
}

double PdfReportLayout::otherPageTableMm() const
{
    return kPageHeightMm - 2 * kMarginMm - kRunningHeaderHeightMm - kFooterHeightMm - kTableHeaderHeightMm;
}

void PdfReportLayout::layOutCells()
{
    int totalWeight = 0;
    for (int i = 0; i < m_report.columns.size(); ++i) {
        if (m_report.columns[i].pdfWeight > 0) {
            m_columns << i;
            totalWeight += m_report.columns[i].pdfWeight;
        }
    }
    const bool equalShares = totalWeight == 0; // a report that chose no PDF columns prints them all
    if (equalShares) {
        for (int i = 0; i < m_report.columns.size(); ++i)
            m_columns << i;
        totalWeight = int(m_columns.size());
    }
    const QFontMetricsF header(m_headerFont, &m_writer);
    const QFontMetricsF text(m_tableFont, &m_writer);
    const QFontMetricsF mono(m_monoFont, &m_writer);
    for (int c : m_columns) {
        const double width = m_content.width() * (equalShares ? 1 : m_report.columns[c].pdfWeight) / totalWeight;
        m_widths << width;
        m_headerLines << wrapText(m_report.columns[c].title, header, width - mm(2 * kCellPaddingMm),
                                  2); // two lines high
    }
    for (const ReportRow& row : m_report.rows) {
        QList<QStringList> cells;
        int lines = 1;
        for (int k = 0; k < m_columns.size(); ++k) {
            const ReportColumn& column = m_report.columns[m_columns[k]];
            const QFontMetricsF& fm = column.type == ColumnType::Monospace ? mono : text;
            cells << cellLines(row.cells.value(m_columns[k]), column.type, fm, m_widths[k] - mm(2 * kCellPaddingMm));
            lines = std::max(lines, int(cells.last().size()));
        }
        m_cells << cells;
        m_rowHeightsMm << lines * kLineHeightMm + kRowPaddingMm;
    }
}

void PdfReportLayout::paginate()
{
    Page page;
    double used = 0;
    double available = firstPageTableMm();
    for (int r = 0; r < m_rowHeightsMm.size(); ++r) {
        if (page.rowCount > 0 && used + m_rowHeightsMm[r] > available + kEpsilonMm) {
            m_pages << page; // the row does not fit: it starts the next page, whole
            page = Page{r, 0};
            used = 0;
            available = otherPageTableMm();
        }
        used += m_rowHeightsMm[r];
        ++page.rowCount;
    }
    m_pages << page; // the last page (the only one when there are no rows)
}

void PdfReportLayout::paint(QPainter& painter)
{
    for (int p = 0; p < m_pages.size(); ++p) {
        if (p > 0)
            m_writer.newPage();
        double y = m_content.top();
        y = p == 0 ? paintFirstPageHeader(painter, y) : paintRunningHeader(painter, y);
        y = paintTableHeader(painter, y);
        if (m_report.rows.isEmpty())
            paintNoRows(painter, y);
        for (int i = 0; i < m_pages[p].rowCount; ++i)
            y = paintRow(painter, m_pages[p].firstRow + i, y, i % 2 == 1);
        paintFooter(painter, p);
    }
}

double PdfReportLayout::paintFirstPageHeader(QPainter& painter, double y)
{
    painter.setPen(kInk);
    painter.setFont(makeFont(kTitlePointSize, true));
    painter.drawText(QRectF(m_content.left(), y, m_content.width(), mm(kTitleHeightMm)),
                     Qt::AlignLeft | Qt::AlignVCenter, m_report.title);
    y += mm(kTitleHeightMm);

    QStringList filters;
    for (const ReportFilter& f : m_report.filters)
        filters << f.label + QStringLiteral(": ") + f.value;
    const QList<QPair<QString, QString>> meta{
        {QStringLiteral("Host"), m_report.host},
        {QStringLiteral("Generated"), formatReportTime(m_report.generated) + QStringLiteral(" (all times in UTC)")},
        {QStringLiteral("Time range"), m_report.rangeText},
        {QStringLiteral("Filters"), filters.isEmpty() ? QStringLiteral("none") : filters.join(QStringLiteral("; "))},
        {QStringLiteral("Summary"), m_report.summary},
    };
    static_assert(kMetaLines == 5, "the meta block's height is part of the layout");
    const QFont label = makeFont(kMetaPointSize, true);
    const QFont value = makeFont(kMetaPointSize);
    const QFontMetricsF valueMetrics(value, &m_writer);
    const double valueWidth = m_content.width() - mm(kMetaLabelWidthMm);
    for (const auto& [name, text] : meta) {
        painter.setFont(label);
        painter.setPen(kMuted);
        painter.drawText(QRectF(m_content.left(), y, mm(kMetaLabelWidthMm), mm(kMetaLineHeightMm)),
                         Qt::AlignLeft | Qt::AlignVCenter, name);
        painter.setFont(value);
        painter.setPen(kInk);
        painter.drawText(QRectF(m_content.left() + mm(kMetaLabelWidthMm), y, valueWidth, mm(kMetaLineHeightMm)),
                         Qt::AlignLeft | Qt::AlignVCenter,
                         valueMetrics.elidedText(printable(cutForCell(text)), Qt::ElideRight, valueWidth));
        y += mm(kMetaLineHeightMm);
    }
    y += mm(kBlockGapMm);
    if (m_report.kind == ReportKind::Certificates) {
        paintExpiryChart(painter, QRectF(m_content.left(), y, m_content.width(), mm(kChartHeightMm)),
                         m_report.upcomingExpiry, m_report.alreadyExpired, m_dotsPerMm, m_tableFont);
        y += mm(kChartHeightMm + kBlockGapMm);
    }
    return y;
}

double PdfReportLayout::paintRunningHeader(QPainter& painter, double y)
{
    const QRectF band(m_content.left(), y, m_content.width(), mm(kRunningHeaderHeightMm - 1.5));
    painter.setFont(makeFont(kSmallPointSize, true));
    painter.setPen(kInk);
    painter.drawText(band, Qt::AlignLeft | Qt::AlignVCenter, m_report.title + QStringLiteral(" (continued)"));
    painter.setFont(makeFont(kSmallPointSize));
    painter.setPen(kMuted);
    painter.drawText(band, Qt::AlignRight | Qt::AlignVCenter,
                     QStringLiteral("%1 · %2").arg(printable(m_report.host), formatReportTime(m_report.generated)));
    return y + mm(kRunningHeaderHeightMm);
}

double PdfReportLayout::paintTableHeader(QPainter& painter, double y)
{
    const double height = mm(kTableHeaderHeightMm);
    painter.fillRect(QRectF(m_content.left(), y, m_content.width(), height), kHeaderFill);
    painter.setFont(m_headerFont);
    painter.setPen(kInk);
    double x = m_content.left();
    for (int k = 0; k < m_columns.size(); ++k) {
        const bool numeric = m_report.columns[m_columns[k]].type == ColumnType::Integer
            || m_report.columns[m_columns[k]].type == ColumnType::Percent;
        painter.drawText(QRectF(x + mm(kCellPaddingMm), y, m_widths[k] - mm(2 * kCellPaddingMm), height),
                         (numeric ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignVCenter,
                         m_headerLines[k].join(QLatin1Char('\n')));
        x += m_widths[k];
    }
    painter.setPen(QPen(kMuted, mm(0.25)));
    painter.drawLine(QPointF(m_content.left(), y + height), QPointF(m_content.right(), y + height));
    return y + height;
}

double PdfReportLayout::paintRow(QPainter& painter, int row, double y, bool zebra)
{
    const double height = mm(m_rowHeightsMm[row]);
    const QColor tone = toneFill(m_report.rows[row].tone);
    if (tone.isValid() || zebra)
        painter.fillRect(QRectF(m_content.left(), y, m_content.width(), height), tone.isValid() ? tone : kZebraFill);
    painter.setPen(kInk);
    double x = m_content.left();
    for (int k = 0; k < m_columns.size(); ++k) {
        const ColumnType type = m_report.columns[m_columns[k]].type;
        painter.setFont(type == ColumnType::Monospace ? m_monoFont : m_tableFont);
        const Qt::Alignment align =
            (type == ColumnType::Integer || type == ColumnType::Percent) ? Qt::AlignRight : Qt::AlignLeft;
        double lineY = y + mm(kRowPaddingMm / 2);
        for (const QString& line : m_cells[row][k]) {
            painter.drawText(
                QRectF(x + mm(kCellPaddingMm), lineY, m_widths[k] - mm(2 * kCellPaddingMm), mm(kLineHeightMm)),
                align | Qt::AlignVCenter, line);
            lineY += mm(kLineHeightMm);
        }
        x += m_widths[k];
    }
    painter.setPen(QPen(kRule, mm(0.15)));
    painter.drawLine(QPointF(m_content.left(), y + height), QPointF(m_content.right(), y + height));
    return y + height;
}

void PdfReportLayout::paintNoRows(QPainter& painter, double y)
{
    QFont italic = m_tableFont;
    italic.setItalic(true);
    painter.setFont(italic);
    painter.setPen(kMuted);
    painter.drawText(
        QRectF(m_content.left() + mm(kCellPaddingMm), y, m_content.width(), mm(kLineHeightMm + kRowPaddingMm)),
        Qt::AlignLeft | Qt::AlignVCenter, QStringLiteral("No rows match the filters."));
}

void PdfReportLayout::paintFooter(QPainter& painter, int page)
{
    const double top = m_content.bottom() - mm(kFooterHeightMm);
    painter.setPen(QPen(kRule, mm(0.2)));
    painter.drawLine(QPointF(m_content.left(), top + mm(1.5)), QPointF(m_content.right(), top + mm(1.5)));
    const QRectF band(m_content.left(), top + mm(1.5), m_content.width(), mm(kFooterHeightMm - 1.5));
    painter.setFont(makeFont(kSmallPointSize));
    painter.setPen(kMuted);
    const QFontMetricsF fm(painter.font(), &m_writer);
    painter.drawText(
        band, Qt::AlignLeft | Qt::AlignVCenter,
        fm.elidedText(QStringLiteral("Certlife · %1 · %2 · generated %3")
                          .arg(m_report.title, printable(m_report.host), formatReportTime(m_report.generated)),
                      Qt::ElideRight, band.width() * 0.7));
    painter.drawText(band, Qt::AlignRight | Qt::AlignVCenter,
                     QStringLiteral("Page %1 of %2").arg(page + 1).arg(m_pages.size()));
}

} // namespace

PdfRenderResult renderPdf(const Report& report)
{
    PdfRenderResult result;
    if (!qobject_cast<QGuiApplication*>(QCoreApplication::instance())) {
        // QFont aborts the process without one; fail politely instead.
        result.error = QStringLiteral("PDF reports need a QGuiApplication (for fonts)");
        return result;
    }
    QBuffer buffer(&result.pdf);
    buffer.open(QIODevice::WriteOnly);
    QPdfWriter writer(&buffer);
    writer.setResolution(kResolutionDpi);
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Landscape, QMarginsF(0, 0, 0, 0)));
    writer.setTitle(QStringLiteral("%1 – %2").arg(report.title, printable(report.host)));
    writer.setCreator(QStringLiteral("Certlife " CERTLIFE_VERSION));
    PdfReportLayout layout(report, writer);
    QPainter painter;
    if (!painter.begin(&writer)) {
        result.error = QStringLiteral("could not start the PDF painter");
        result.pdf.clear();
        return result;
    }
    layout.paint(painter);
    painter.end();
    buffer.close();
    result.pages = layout.pageCount();
    return result;
}

} // namespace certlife
