// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// The exposition format as node_exporter and Prometheus parse it: escaping of hostile
// label values, one series per label set, values as Prometheus writes them.

#include "monitoring/PrometheusText.h"

#include <QTest>

using namespace certlife;

class TestPrometheusText : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void labelValuesAreEscaped_data();
    void labelValuesAreEscaped();
    void familiesHaveHelpTypeAndOneSeriesPerLabelSet();
    void valuesAreWrittenAsPrometheusReadsThem_data();
    void valuesAreWrittenAsPrometheusReadsThem();
};

void TestPrometheusText::labelValuesAreEscaped_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("escaped");
    QTest::newRow("plain") << "www.example.org"
                           << "www.example.org";
    QTest::newRow("quote closes the value") << "a\"} evil 1\n"
                                            << "a\\\"} evil 1\\n";
    QTest::newRow("backslash") << "C:\\certs\\n"
                               << "C:\\\\certs\\\\n";
    QTest::newRow("newline forges a line") << "x\nx509_cert_expired 0"
                                           << "x\\nx509_cert_expired 0";
    QTest::newRow("escape sequence") << "a\x1b[2Jb" << QStringLiteral("a\uFFFD[2Jb");
    QTest::newRow("carriage return, NUL, tab")
        << QString::fromUtf16(u"a\rb\0c\td", 7) << QStringLiteral("a\uFFFDb\uFFFDc\uFFFDd");
    QTest::newRow("bidi override") << QStringLiteral("gro.elpmaxe\u202Ewww") << QStringLiteral("gro.elpmaxe\uFFFDwww");
    QTest::newRow("UTF-8 kept") << QStringLiteral("bücher.example 証明書") << QStringLiteral("bücher.example 証明書");
}

void TestPrometheusText::labelValuesAreEscaped()
{
    QFETCH(QString, value);
    QFETCH(QString, escaped);
    QCOMPARE(escapeLabelValue(value), escaped);
    const QByteArray text = renderExposition(
        {{QStringLiteral("m"), QStringLiteral("gauge"), QStringLiteral("h"), {{{{QStringLiteral("l"), value}}, 1}}}});
    QCOMPARE(text, QByteArray("# HELP m h\n# TYPE m gauge\nm{l=\"") + escaped.toUtf8() + "\"} 1\n");
    QCOMPARE(text.count('\n'), 3); // nothing in a value starts a line
}

void TestPrometheusText::familiesHaveHelpTypeAndOneSeriesPerLabelSet()
{
    MetricFamily a{
        QStringLiteral("a_total"), QStringLiteral("counter"), QStringLiteral("Help with \\ and\nnewline."), {}};
    a.samples << MetricSample{{{QStringLiteral("x"), QStringLiteral("1")}, {QStringLiteral("y"), QStringLiteral("2")}},
                              3};
    a.samples << MetricSample{{{QStringLiteral("x"), QStringLiteral("1")}, {QStringLiteral("y"), QStringLiteral("2")}},
                              4};
    a.samples << MetricSample{{{QStringLiteral("x"), QStringLiteral("1")}, {QStringLiteral("y"), QStringLiteral("3")}},
                              5};
    const MetricFamily empty{QStringLiteral("nothing"), QStringLiteral("gauge"), QStringLiteral("No samples."), {}};
    const MetricFamily b{QStringLiteral("b"), QStringLiteral("gauge"), QStringLiteral("B."), {{{}, 7}}};
    QCOMPARE(QString::fromUtf8(renderExposition({a, empty, b})),
             QStringLiteral("# HELP a_total Help with \\\\ and\\nnewline.\n# TYPE a_total counter\n"
                            "a_total{x=\"1\",y=\"2\"} 3\n"
                            "a_total{x=\"1\",y=\"3\"} 5\n"
                            "# HELP b B.\n# TYPE b gauge\nb 7\n"));
}

void TestPrometheusText::valuesAreWrittenAsPrometheusReadsThem_data()
{
    QTest::addColumn<double>("value");
    QTest::addColumn<QString>("text");
    QTest::newRow("epoch seconds") << 1798761600.0 << "1798761600";
    QTest::newRow("negative") << -5.0 << "-5";
    QTest::newRow("zero") << 0.0 << "0";
    QTest::newRow("fraction") << 0.25 << "0.25";
    QTest::newRow("shortest that reads back") << 0.036 << "0.036";
    QTest::newRow("year 9999") << 253402300799.0 << "253402300799";
    QTest::newRow("NaN") << qQNaN() << "NaN";
    QTest::newRow("+Inf") << qInf() << "+Inf";
}

void TestPrometheusText::valuesAreWrittenAsPrometheusReadsThem()
{
    QFETCH(double, value);
    QFETCH(QString, text);
    const QByteArray out =
        renderExposition({{QStringLiteral("v"), QStringLiteral("gauge"), QStringLiteral("h"), {{{}, value}}}});
    QCOMPARE(QString::fromUtf8(out).section(QLatin1Char('\n'), 2, 2), QStringLiteral("v ") + text);
}

QTEST_GUILESS_MAIN(TestPrometheusText)
#include "TestPrometheusText.moc"
