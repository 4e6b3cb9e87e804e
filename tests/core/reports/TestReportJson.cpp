// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "ReportTestSupport.h"
#include "TestEnvironment.h"

#include "reports/ReportWriter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace certlife;
using namespace certlife::test;

// JSON as a script reads it: one document with the report's context and typed rows.
class TestReportJson : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void certificateReportIsOneTypedDocument();
    void hostileTextSurvivesExactly();

private:
    static QJsonObject parse(const QByteArray& json)
    {
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
        if (error.error != QJsonParseError::NoError)
            qWarning("not JSON: %s", qPrintable(error.errorString()));
        return doc.object();
    }
};

void TestReportJson::certificateReportIsOneTypedDocument()
{
    TestEnvironment env;
    CertSpec expired;
    expired.cn = QStringLiteral("expired.example");
    expired.dns = {QStringLiteral("expired.example"), QStringLiteral("www.expired.example")};
    expired.notAfter = utc(2026, 2, 15);
    CertSpec healthy;
    healthy.cn = QStringLiteral("healthy.example");
    healthy.notAfter = utc(2026, 9, 1);
    StoreCertificate withKey = storedCertificate(healthy);
    withKey.stored.certificate.hasPrivateKey = true;
    CertificateReportOptions options;
    options.selection = CertificateReportOptions::Selection::ExpiringWithin;
    options.withinDays = 365;
    options.storeId = QStringLiteral("My");
    const Report report = buildCertificateReport({storedCertificate(expired), withKey}, ExpiryThresholds{},
                                                 std::make_shared<FixedClock>(utc(2026, 3, 1)), options);

    const QJsonObject doc = parse(renderJson(report));
    QCOMPARE(doc.value("report").toString(), QStringLiteral("certificates"));
    QCOMPARE(doc.value("title").toString(), QStringLiteral("Certificate report"));
    QCOMPARE(doc.value("generated").toString(), QStringLiteral("2026-03-01T00:00:00Z"));
    QCOMPARE(doc.value("host").toString(), reportHostName());
    QVERIFY(!doc.value("host").toString().isEmpty());
    const QJsonObject filters = doc.value("filters").toObject();
    QCOMPARE(filters.value("store").toString(), QStringLiteral("My"));
    QVERIFY(filters.value("withinDays").toString().startsWith(QStringLiteral("365 days")));
    QCOMPARE(doc.value("range").toObject().value("to").toString(), QStringLiteral("2027-03-01T00:00:00Z"));
    QCOMPARE(doc.value("summary").toString(),
             QStringLiteral("2 certificates: 1 expired, 0 expiring, 0 within 30 days, "
                            "0 within 60 days, 0 within 90 days, 1 healthy"));

    const QJsonArray rows = doc.value("rows").toArray();
    QCOMPARE(rows.size(), 2);
    const QJsonObject first = rows[0].toObject();
    QCOMPARE(first.size(), report.columns.size()); // every column, by key
    QCOMPARE(first.value("subjectCN").toString(), QStringLiteral("expired.example"));
    QCOMPARE(first.value("daysLeft"), QJsonValue(-14));
    QCOMPARE(first.value("state").toString(), QStringLiteral("Expired"));
    QCOMPARE(first.value("sans").toArray(), QJsonArray({"DNS:expired.example", "DNS:www.expired.example"}));
    QCOMPARE(first.value("hasPrivateKey"), QJsonValue(false));
    QCOMPARE(first.value("template"), QJsonValue(QJsonValue::Null)); // no template: null, not ""
    QCOMPARE(rows[1].toObject().value("hasPrivateKey"), QJsonValue(true));
    QCOMPARE(rows[1].toObject().value("keyBits"), QJsonValue(256));

    const QJsonArray months = doc.value("upcomingExpiry").toArray();
    QCOMPARE(months.size(), 12);
    QCOMPARE(months[0].toObject().value("month").toString(), QStringLiteral("2026-03"));
    QCOMPARE(months[6].toObject().value("month").toString(), QStringLiteral("2026-09"));
    QCOMPARE(months[6].toObject().value("count").toInt(), 1);
    QCOMPARE(doc.value("alreadyExpired").toInt(), 1);
}

void TestReportJson::hostileTextSurvivesExactly()
{
    Report report;
    report.kind = ReportKind::Events;
    report.columns = {{QStringLiteral("message"), QStringLiteral("Message"), ColumnType::Text, 0}};
    const QString hostile = QStringLiteral("\"},{\"injected\":true,\"x\":\"</script>\n\u0001 =cmd");
    report.rows.append({{hostile}});
    const QJsonObject doc = parse(renderJson(report));
    QCOMPARE(doc.value("report").toString(), QStringLiteral("events"));
    QVERIFY(!doc.contains("upcomingExpiry")); // the chart is for certificate reports
    const QJsonArray rows = doc.value("rows").toArray();
    QCOMPARE(rows.size(), 1);
    QCOMPARE(rows[0].toObject().keys(), QStringList{"message"});
    QCOMPARE(rows[0].toObject().value("message").toString(), hostile); // JSON needs no neutralising: it is data
}

QTEST_GUILESS_MAIN(TestReportJson)
#include "TestReportJson.moc"
