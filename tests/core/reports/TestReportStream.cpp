// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "ReportTestSupport.h"

#include "reports/ReportStream.h"

#include <QDataStream>
#include <QJsonArray>
#include <QTest>

using namespace certlife;
using namespace certlife::test;

// What certlifectl hands the PDF helper, and what it hands back: every field of a
// report arrives as it left (a PDF drawn from a report with a field missing would be a
// wrong report, not an error), and bytes of another version or cut short are refused
// with a reason instead of being drawn.
class TestReportStream : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyFieldArrives();
    void refusesAnotherVersionAndDamage();
    void pdfResultArrives();

private:
    static Report everyField()
    {
        Report r;
        r.kind = ReportKind::Events;
        r.title = QStringLiteral("Lifecycle event report");
        r.generated = utc(2026, 3, 1, 12);
        r.host = QStringLiteral("host\u202e.example"); // hostile text passes unchanged: the writers escape it
        r.filters = {{QStringLiteral("ids"), QStringLiteral("Event ids"), QStringLiteral("1001, 1004")},
                     {QStringLiteral("store"), QStringLiteral("Store"), QStringLiteral("nginx")}};
        r.rangeFrom = utc(2026, 1, 1);
        r.rangeText = QStringLiteral("2026-01-01 00:00 UTC to now");
        r.summary = QStringLiteral("2 events");
        r.columns = {{QStringLiteral("time"), QStringLiteral("Time"), ColumnType::Time, 3},
                     {QStringLiteral("sans"), QStringLiteral("SANs"), ColumnType::List, 0},
                     {QStringLiteral("days"), QStringLiteral("Days"), ColumnType::Integer, 1},
                     {QStringLiteral("share"), QStringLiteral("Share"), ColumnType::Percent, 1},
                     {QStringLiteral("ok"), QStringLiteral("OK"), ColumnType::YesNo, 1},
                     {QStringLiteral("sha"), QStringLiteral("SHA-1"), ColumnType::Monospace, 2}};
        r.rows = {{{QStringLiteral("2026-02-01T00:00:00Z"), QJsonArray{QStringLiteral("a"), QStringLiteral("b")}, -3,
                    12.5, true, QStringLiteral("00ff")},
                   RowTone::Bad},
                  {{QJsonValue(), QJsonArray{}, 0, 0.0, false, QJsonValue(QJsonValue::Undefined)}, RowTone::Good}};
        r.upcomingExpiry = {{QDate(2026, 3, 1), 4}, {QDate(2026, 4, 1), 0}};
        r.alreadyExpired = 7;
        return r;
    }
};

void TestReportStream::everyFieldArrives()
{
    const Report sent = everyField();
    Report got;
    QString error;
    QVERIFY2(decodeReport(encodeReport(sent), &got, &error), qPrintable(error));
    QCOMPARE(got.kind, sent.kind);
    QCOMPARE(got.title, sent.title);
    QCOMPARE(got.generated, sent.generated);
    QCOMPARE(got.generated.timeSpec(), Qt::UTC);
    QCOMPARE(got.host, sent.host);
    QCOMPARE(got.filters.size(), 2);
    QCOMPARE(got.filters[1].key, QStringLiteral("store"));
    QCOMPARE(got.filters[1].label, QStringLiteral("Store"));
    QCOMPARE(got.filters[1].value, QStringLiteral("nginx"));
    QCOMPARE(got.rangeFrom, sent.rangeFrom);
    QVERIFY(!got.rangeTo.isValid());
    QCOMPARE(got.rangeText, sent.rangeText);
    QCOMPARE(got.summary, sent.summary);
    QCOMPARE(got.columns.size(), sent.columns.size());
    for (int i = 0; i < sent.columns.size(); ++i) {
        QCOMPARE(got.columns[i].key, sent.columns[i].key);
        QCOMPARE(got.columns[i].title, sent.columns[i].title);
        QCOMPARE(got.columns[i].type, sent.columns[i].type);
        QCOMPARE(got.columns[i].pdfWeight, sent.columns[i].pdfWeight);
    }
    QCOMPARE(got.rows.size(), 2);
    for (int i = 0; i < 2; ++i) {
        QCOMPARE(got.rows[i].tone, sent.rows[i].tone);
        QCOMPARE(got.rows[i].cells, sent.rows[i].cells);
    }
    QVERIFY(got.rows[1].cells[0].isNull());
    QVERIFY(got.rows[1].cells[5].isUndefined());
    QCOMPARE(got.upcomingExpiry.size(), 2);
    QCOMPARE(got.upcomingExpiry[0].month, QDate(2026, 3, 1));
    QCOMPARE(got.upcomingExpiry[0].count, 4);
    QCOMPARE(got.alreadyExpired, 7);
}

void TestReportStream::refusesAnotherVersionAndDamage()
{
    const QByteArray good = encodeReport(everyField());
    Report got;
    got.title = QStringLiteral("untouched");
    QString error;

    // The same bytes as another version would write them.
    QByteArray other;
    {
        QDataStream out(&other, QIODevice::WriteOnly);
        out.setVersion(QDataStream::Qt_6_4);
        out << quint32(0x43524550) << QStringLiteral("0.0.1-other");
    }
    QVERIFY(!decodeReport(other + good.mid(other.size()), &got, &error));
    QVERIFY2(error.contains(QStringLiteral("0.0.1-other")) && error.contains(QStringLiteral(CERTLIFE_VERSION)),
             qPrintable(error));

    QVERIFY(!decodeReport(good.left(good.size() - 3), &got, &error));
    QVERIFY2(error.contains(QStringLiteral("damaged or cut short")), qPrintable(error));
    QVERIFY(!decodeReport(good + "x", &got, &error)); // trailing bytes: not what was sent either
    QVERIFY(!decodeReport(QByteArray("%PDF-1.4"), &got, &error));
    QVERIFY2(error.contains(QStringLiteral("not a report")), qPrintable(error));
    QVERIFY(!decodeReport(encodePdfResult({}), &got, &error)); // the other direction's bytes
    QCOMPARE(got.title, QStringLiteral("untouched"));
}

void TestReportStream::pdfResultArrives()
{
    PdfRenderResult sent;
    sent.pdf = QByteArray("%PDF-1.4\n\0binary\xff", 17);
    sent.pages = 3;
    PdfRenderResult got;
    QString error;
    QVERIFY2(decodePdfResult(encodePdfResult(sent), &got, &error), qPrintable(error));
    QCOMPARE(got.pdf, sent.pdf);
    QCOMPARE(got.pages, 3);
    QVERIFY(got.error.isEmpty());

    PdfRenderResult failed;
    failed.error = QStringLiteral("could not start the PDF painter");
    QVERIFY(decodePdfResult(encodePdfResult(failed), &got, &error));
    QCOMPARE(got.error, failed.error);
    QVERIFY(got.pdf.isEmpty());

    QVERIFY(!decodePdfResult(encodeReport(everyField()), &got, &error));
    QVERIFY(!decodePdfResult(QByteArray(), &got, &error));
}

QTEST_GUILESS_MAIN(TestReportStream)
#include "TestReportStream.moc"
