// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "ReportTestSupport.h"
#include "TestEnvironment.h"

#include "reports/ReportWriter.h"

#include <QTest>

using namespace certlife;
using namespace certlife::test;

// CSV as a spreadsheet user opens it: strict RFC 4180 read back by an independent
// parser, UTF-8 with a BOM, and no cell a spreadsheet would run as a formula.
class TestReportCsv : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void neutralizesFormulaTriggers_data();
    void neutralizesFormulaTriggers();
    void hostileCertificatesReadBackNeutralized();
    void quotingRoundTrips();
    void utf8WithByteOrderMarkUnlessAskedNot();
    void theReaderIsStrict();
};

void TestReportCsv::neutralizesFormulaTriggers_data()
{
    QTest::addColumn<QString>("cell");
    QTest::addColumn<QString>("written");
    QTest::newRow("hyperlink") << "=HYPERLINK(\"http://evil.example\",\"x\")"
                               << "'=HYPERLINK(\"http://evil.example\",\"x\")";
    QTest::newRow("plus") << "+1"
                          << "'+1";
    QTest::newRow("minus") << "-2"
                           << "'-2";
    QTest::newRow("at") << "@SUM(A1:A9)"
                        << "'@SUM(A1:A9)";
    QTest::newRow("tab") << "\t=1+1"
                         << "'\t=1+1";
    QTest::newRow("carriage return") << "\r=1+1"
                                     << "'\r=1+1";
    QTest::newRow("dde") << "-2+3+cmd|' /C calc'!A0"
                         << "'-2+3+cmd|' /C calc'!A0";
    QTest::newRow("date") << "2026-04-01T00:00:00Z"
                          << "2026-04-01T00:00:00Z";
    QTest::newRow("dn") << "CN=host,O=Example"
                        << "CN=host,O=Example";
    QTest::newRow("equals inside") << "a=b"
                                   << "a=b";
    QTest::newRow("apostrophe") << "'quoted"
                                << "'quoted";
    QTest::newRow("empty") << ""
                           << "";
}

void TestReportCsv::neutralizesFormulaTriggers()
{
    QFETCH(QString, cell);
    QFETCH(QString, written);
    QCOMPARE(neutralizeSpreadsheetFormula(cell), written);
}

void TestReportCsv::hostileCertificatesReadBackNeutralized()
{
    TestEnvironment env;
    const QStringList hostile{
        QStringLiteral("=HYPERLINK(\"http://evil.example/\",\"click\")"),
        QStringLiteral("+1"),
        QStringLiteral("-2"),
        QStringLiteral("@SUM(A1:A2)"),
        QStringLiteral("\tcmd"),
        QStringLiteral("a,b \"quoted\"\nsecond line"),
        QStringLiteral("host.example"),
    };
    QList<StoreCertificate> certs;
    for (const QString& cn : hostile) {
        CertSpec spec;
        spec.cn = cn;
        spec.dns = {QStringLiteral("ok.example")};
        spec.notAfter = utc(2026, 2, 15); // expired at the clock below: days left is negative
        spec.negativeSerial = true;
        certs << storedCertificate(spec);
    }
    const Report report =
        buildCertificateReport(certs, ExpiryThresholds{}, std::make_shared<FixedClock>(utc(2026, 3, 1)));
    const QByteArray csv = renderCsv(report);
    QVERIFY(csv.startsWith(kUtf8Bom));
    const QList<QStringList> rows = readCsvReport(csv);
    QCOMPARE(rows.size(), 1 + hostile.size());

    QStringList titles;
    for (const ReportColumn& c : report.columns)
        titles << c.title;
    QCOMPARE(rows[0], titles);

    const int cnColumn = report.columnIndex(QStringLiteral("subjectCN"));
    QStringList cns;
    for (const QStringList& row : rows.mid(1))
        cns << row[cnColumn];
    for (const QString& cn : hostile) {
        const bool trigger = QStringLiteral("=+-@\t").contains(cn.front());
        QVERIFY2(cns.contains(trigger ? QLatin1Char('\'') + cn : cn), qPrintable(cn));
    }

    // No text cell anywhere starts a formula; computed numbers stay plain numbers; other
    // values are untouched (dates, DNs, the serial past its quote).
    const QStringList numeric{QStringLiteral("daysLeft"), QStringLiteral("lifetimeLeftPercent"),
                              QStringLiteral("keyBits")};
    for (int r = 1; r < rows.size(); ++r) {
        QCOMPARE(rows[r].size(), report.columns.size());
        for (int c = 0; c < rows[r].size(); ++c) {
            const QString& value = rows[r][c];
            if (numeric.contains(report.columns[c].key)) {
                QVERIFY2(QRegularExpression(QStringLiteral("^-?[0-9]+(\\.[0-9])?$")).match(value).hasMatch(),
                         qPrintable(value));
                continue;
            }
            QVERIFY2(value.isEmpty() || !QStringLiteral("=+-@\t\r").contains(value.front()), qPrintable(value));
        }
        QCOMPARE(rows[r][report.columnIndex(QStringLiteral("daysLeft"))], QStringLiteral("-14"));
        QCOMPARE(rows[r][report.columnIndex(QStringLiteral("notAfter"))], QStringLiteral("2026-02-15T00:00:00Z"));
        const QString serial = rows[r][report.columnIndex(QStringLiteral("serial"))];
        QCOMPARE(serial, QStringLiteral("'-") + serial.mid(2)); // a negative serial is quoted, nothing else changes
        QCOMPARE(serial.mid(1), certs[0].stored.certificate.serialHex);
        QCOMPARE(rows[r][report.columnIndex(QStringLiteral("sans"))], QStringLiteral("DNS:ok.example"));
    }
}

void TestReportCsv::quotingRoundTrips()
{
    Report report;
    report.columns = {{QStringLiteral("a"), QStringLiteral("Text, with comma"), ColumnType::Text, 0},
                      {QStringLiteral("b"), QStringLiteral("List"), ColumnType::List, 0},
                      {QStringLiteral("c"), QStringLiteral("Flag"), ColumnType::YesNo, 0}};
    const QStringList texts{QStringLiteral("plain"),
                            QStringLiteral("with,comma"),
                            QStringLiteral("with \"quotes\""),
                            QStringLiteral("two\r\nlines"),
                            QStringLiteral("lf\nonly"),
                            QStringLiteral(" padded "),
                            QString()};
    for (const QString& t : texts)
        report.rows.append({{textCell(t), listCell({t, QStringLiteral("x")}), true}});
    report.rows.append({{QJsonValue(QJsonValue::Null), listCell({}), false}});

    const QByteArray csv = renderCsv(report);
    QVERIFY(csv.endsWith("\r\n"));
    const QList<QStringList> rows = readCsvReport(csv);
    QCOMPARE(rows.size(), 1 + texts.size() + 1);
    QCOMPARE(rows[0], (QStringList{"Text, with comma", "List", "Flag"}));
    for (int i = 0; i < texts.size(); ++i)
        QCOMPARE(rows[1 + i], (QStringList{texts[i], texts[i] + QStringLiteral("; x"), QStringLiteral("yes")}));
    QCOMPARE(rows.last(), (QStringList{QString(), QString(), QStringLiteral("no")}));
}

void TestReportCsv::utf8WithByteOrderMarkUnlessAskedNot()
{
    Report report;
    report.columns = {{QStringLiteral("name"), QStringLiteral("Name"), ColumnType::Text, 0}};
    const QString name = QStringLiteral("Zürich Ärzte 東京 ☃");
    report.rows.append({{name}});
    const QByteArray withBom = renderCsv(report);
    QVERIFY(withBom.startsWith(kUtf8Bom));
    QCOMPARE(readCsvReport(withBom).value(1).value(0), name);

    ReportWriteOptions options;
    options.csvByteOrderMark = false;
    const QByteArray plain = renderCsv(report, options);
    QCOMPARE(plain, QByteArray("Name\r\n") + name.toUtf8() + "\r\n");
}

// The reader these tests trust must itself refuse what RFC 4180 forbids, or a sloppy
// writer would pass.
void TestReportCsv::theReaderIsStrict()
{
    QString error;
    QCOMPARE(parseCsv(QStringLiteral("a,\"b\"\"c\",d\r\n"), &error), (QList<QStringList>{{"a", "b\"c", "d"}}));
    QVERIFY(error.isEmpty());
    for (const char* bad : {"a\"b\r\n", "\"a\"b\r\n", "a\nb\r\n", "a\rb\r\n", "\"open\r\n"}) {
        error.clear();
        parseCsv(QString::fromLatin1(bad), &error);
        QVERIFY2(!error.isEmpty(), bad);
    }
}

QTEST_GUILESS_MAIN(TestReportCsv)
#include "TestReportCsv.moc"
