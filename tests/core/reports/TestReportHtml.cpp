// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "ReportTestSupport.h"
#include "TestEnvironment.h"

#include "reports/EventReport.h"
#include "reports/ReportWriter.h"

#include <QSet>
#include <QTest>
#include <QTextDocument>

using namespace certlife;
using namespace certlife::test;

// HTML as a browser opens it: hostile certificate fields show as text, and the page
// loads nothing from anywhere.
class TestReportHtml : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void hostileSubjectRendersAsText();
    void onlyOwnTagsAndNoExternalReferences();
    void chartOnlyForCertificates();

private:
    static Report hostileReport();
    struct Tag
    {
        QString name;
        QString attributes;
    };
    static QList<Tag> tags(const QString& html);
};

Report TestReportHtml::hostileReport()
{
    CertSpec spec;
    spec.cn = QStringLiteral("<script>alert(1)</script>");
    spec.extraSubject = {{QStringLiteral("O"), QStringLiteral("\"><img src=x onerror=alert(2)>")}};
    spec.dns = {QStringLiteral("evil<b>.example"), QStringLiteral("a&b.example")};
    CertSpec plain;
    plain.cn = QStringLiteral("www.example.org");
    plain.notAfter = utc(2026, 3, 5);
    return buildCertificateReport({storedCertificate(spec), storedCertificate(plain)}, ExpiryThresholds{},
                                  std::make_shared<FixedClock>(utc(2026, 3, 1)));
}

QList<TestReportHtml::Tag> TestReportHtml::tags(const QString& html)
{
    static const QRegularExpression tag(QStringLiteral("<(/?)([a-zA-Z!][a-zA-Z0-9]*)([^<>]*)>"));
    QList<Tag> out;
    for (auto it = tag.globalMatch(html); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        if (m.captured(1).isEmpty())
            out.append({m.captured(2).toLower(), m.captured(3)});
    }
    return out;
}

void TestReportHtml::hostileSubjectRendersAsText()
{
    TestEnvironment env;
    const QString html = QString::fromUtf8(renderHtml(hostileReport()));
    QVERIFY(html.contains(QStringLiteral("&lt;script&gt;alert(1)&lt;/script&gt;")));
    QVERIFY(html.contains(QStringLiteral("&lt;img src=x onerror=alert(2)"))); // in the subject DN (RFC 4514 escapes)
    QVERIFY(html.contains(QStringLiteral("evil&lt;b&gt;.example")));
    QVERIFY(html.contains(QStringLiteral("a&amp;b.example")));
    QVERIFY(!html.contains(QStringLiteral("<script"), Qt::CaseInsensitive));
    QVERIFY(!html.contains(QStringLiteral("<img"), Qt::CaseInsensitive));

    // Rendered, the page shows the hostile subject as the characters it is.
    QTextDocument document;
    document.setHtml(html);
    const QString text = document.toPlainText();
    QVERIFY2(text.contains(QStringLiteral("<script>alert(1)</script>")), qPrintable(text.left(2000)));
    QVERIFY(text.contains(QStringLiteral("DNS:evil<b>.example")));
    QVERIFY(text.contains(QStringLiteral("Certificate report")));
    QVERIFY(text.contains(QStringLiteral("2026-03-01 00:00 UTC")));
}

void TestReportHtml::onlyOwnTagsAndNoExternalReferences()
{
    TestEnvironment env;
    const Report report = hostileReport();
    const QString html = QString::fromUtf8(renderHtml(report));
    // Every '<' in the page opens one of the writer's own tags (escaped text has none).
    const QList<Tag> found = tags(html);
    int closing = 0;
    for (auto it = QRegularExpression(QStringLiteral("</[a-z0-9]+>")).globalMatch(html); it.hasNext(); it.next())
        ++closing;
    QCOMPARE(int(html.count(QLatin1Char('<'))), int(found.size()) + closing);

    const QSet<QString> allowedTags{"!doctype", "html",  "head", "meta", "title",   "style", "body", "h1",
                                    "h2",       "dl",    "dt",   "dd",   "section", "div",   "span", "table",
                                    "thead",    "tbody", "tr",   "th",   "td",      "br",    "p",    "footer"};
    static const QRegularExpression attribute(QStringLiteral("([a-zA-Z-]+)=\"([^\"]*)\""));
    const QSet<QString> allowedAttributes{"lang", "charset", "http-equiv", "content",
                                          "name", "class",   "title",      "style"};
    for (const Tag& t : found) {
        QVERIFY2(allowedTags.contains(t.name), qPrintable(t.name));
        for (auto it = attribute.globalMatch(t.attributes); it.hasNext();) {
            const QRegularExpressionMatch m = it.next();
            QVERIFY2(allowedAttributes.contains(m.captured(1).toLower()), qPrintable(m.captured(1)));
            QVERIFY2(!m.captured(2).contains(QStringLiteral("url(")) && !m.captured(2).contains(QStringLiteral("://")),
                     qPrintable(m.captured(2)));
        }
    }
    const QString style = html.section(QStringLiteral("<style>"), 1).section(QStringLiteral("</style>"), 0, 0);
    QVERIFY(!style.isEmpty());
    QVERIFY(!style.contains(QStringLiteral("url(")) && !style.contains(QStringLiteral("@import")));
    QVERIFY(html.contains(QStringLiteral("content=\"default-src 'none'; style-src 'unsafe-inline'\"")));

    // Every column and row is there.
    for (const ReportColumn& c : report.columns)
        QVERIFY2(html.contains(QStringLiteral("<th>%1</th>").arg(c.title.toHtmlEscaped())), qPrintable(c.title));
    const QString body = html.section(QStringLiteral("<tbody>"), 1).section(QStringLiteral("</tbody>"), 0, 0);
    QCOMPARE(int(body.count(QStringLiteral("<tr"))), report.rows.size());
    QVERIFY(body.contains(QStringLiteral("<tr class=\"warning\">"))); // www.example.org: 4 days left of 63
}

void TestReportHtml::chartOnlyForCertificates()
{
    TestEnvironment env;
    QVERIFY(QString::fromUtf8(renderHtml(hostileReport())).contains(QStringLiteral("Upcoming expirations")));
    EventQuery q;
    q.level = EventLevel::Error;
    const Report events = buildEventReport({}, q, FixedClock(utc(2026, 3, 1)));
    const QString html = QString::fromUtf8(renderHtml(events));
    QVERIFY(!html.contains(QStringLiteral("Upcoming expirations")));
    QVERIFY(html.contains(QStringLiteral("No rows match the filters.")));
    QVERIFY(html.contains(QStringLiteral("Level: Error")));
}

QTEST_MAIN(TestReportHtml)
#include "TestReportHtml.moc"
