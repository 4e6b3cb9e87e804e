// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "../core/reports/ReportTestSupport.h"
#include "TestCliReportSupport.h"

#include "util/Paths.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <unistd.h>

using namespace certlife;
using namespace certlife::test;

// `certlifectl report --kind certificates` as an admin runs it: every format from the
// configured stores, the filters, no key material, clear errors and exit codes.
class TestCliReport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyFormatFromTheStores();
    void filtersSelectRows_data();
    void filtersSelectRows();
    void noKeyMaterialInAnyFormat();
    void standardOutput();
    void usageErrors_data();
    void usageErrors();
    void invalidClockIsAUsageError();
    void unwritableOutputNamesThePath();
    void unreadableFileIsAWarningAndExit3();
    void help();

private:
    // The user's default store: expired, expiring (4 of 63 days left), healthy (with its
    // key beside it) and a certificate whose CN is a spreadsheet formula.
    struct Store
    {
        QString dir;
        QByteArray healthyKeyPem;
    };
    static Store populateStore();
    static QByteArray readAll(const QString& path)
    {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }
    static QStringList cnsOfJson(const QByteArray& json)
    {
        QStringList cns;
        for (const QJsonValue& row : QJsonDocument::fromJson(json).object().value("rows").toArray())
            cns << row.toObject().value("subjectCN").toString();
        return cns;
    }
};

TestCliReport::Store TestCliReport::populateStore()
{
    Store store{Paths::defaultMyStore(Scope::User), {}};
    const auto add = [&](const QString& file, const QString& cn, const QDateTime& notBefore, const QDateTime& notAfter,
                         std::optional<TestKey> key = std::nullopt) {
        CertSpec spec;
        spec.cn = cn;
        spec.dns = {QStringLiteral("dns.") + file};
        spec.notBefore = notBefore;
        spec.notAfter = notAfter;
        spec.subjectKey = key;
        writeFile(store.dir + QLatin1Char('/') + file + QStringLiteral(".pem"), makeCertificate(spec).pem());
    };
    add(QStringLiteral("expired"), QStringLiteral("expired.example"), utc(2025, 12, 1), utc(2026, 2, 15));
    add(QStringLiteral("expiring"), QStringLiteral("expiring.example"), utc(2026, 1, 1), utc(2026, 3, 5));
    const TestKey key = freshKey(KeyType::EcP256);
    add(QStringLiteral("healthy"), QStringLiteral("healthy.example"), utc(2026, 1, 1), utc(2026, 12, 31), key);
    store.healthyKeyPem = key.pkcs8Pem();
    writeFile(store.dir + QStringLiteral("/healthy.key"), store.healthyKeyPem);
    add(QStringLiteral("formula"), QStringLiteral("=HYPERLINK(\"http://evil.example/\",\"x\")"), utc(2026, 1, 1),
        utc(2026, 6, 1));
    return store;
}

void TestCliReport::everyFormatFromTheStores()
{
    TestEnvironment env;
    populateStore();

    const QString csvPath = env.path(QStringLiteral("certs.csv"));
    CliResult r = runCertlifectl({"report", "--kind", "certificates", "--format", "csv", "--out", csvPath});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QCOMPARE(QString::fromUtf8(r.out), QStringLiteral("Wrote %1 (csv, 4 rows)\n").arg(csvPath));
    const QByteArray csv = readAll(csvPath);
    QVERIFY(csv.startsWith(kUtf8Bom));
    const QList<QStringList> rows = readCsvReport(csv);
    QCOMPARE(rows.size(), 5);
    QCOMPARE(rows[0].value(0), QStringLiteral("Subject CN"));
    QStringList cns;
    for (const QStringList& row : rows.mid(1))
        cns << row.value(0);
    // Most urgent first, as the console: expiring, then expired; the formula neutralised.
    QCOMPARE(cns,
             (QStringList{"expiring.example", "expired.example", "'=HYPERLINK(\"http://evil.example/\",\"x\")",
                          "healthy.example"}));
    const int state = rows[0].indexOf(QStringLiteral("State"));
    QCOMPARE(rows[1].value(state), QStringLiteral("Expiring"));
    QCOMPARE(rows[2].value(state), QStringLiteral("Expired"));
    QCOMPARE(rows[4].value(state), QStringLiteral("Healthy"));

    const QString jsonPath = env.path(QStringLiteral("certs.json"));
    r = runCertlifectl({"report", "--kind", "certificates", "--format", "json", "--out", jsonPath});
    QCOMPARE(r.code, 0);
    const QJsonObject doc = QJsonDocument::fromJson(readAll(jsonPath)).object();
    QCOMPARE(doc.value("report").toString(), QStringLiteral("certificates"));
    QCOMPARE(doc.value("generated").toString(), QStringLiteral("2026-03-01T00:00:00Z")); // CERTLIFE_NOW
    QCOMPARE(doc.value("rows").toArray().size(), 4);
    QCOMPARE(doc.value("rows").toArray()[1].toObject().value("daysLeft"), QJsonValue(-14));

    const QString htmlPath = env.path(QStringLiteral("certs.html"));
    r = runCertlifectl({"report", "--kind", "certificates", "--format", "html", "--out", htmlPath});
    QCOMPARE(r.code, 0);
    const QString html = QString::fromUtf8(readAll(htmlPath));
    QVERIFY(html.contains(QStringLiteral("=HYPERLINK(&quot;http://evil.example/&quot;,&quot;x&quot;)")));
    QVERIFY(html.contains(QStringLiteral("expiring.example")));

    const QString pdfPath = env.path(QStringLiteral("certs.pdf"));
    r = runCertlifectl({"report", "--kind", "certificates", "--format", "pdf", "--out", pdfPath});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QCOMPARE(QString::fromUtf8(r.out), QStringLiteral("Wrote %1 (pdf, 4 rows, 1 page)\n").arg(pdfPath));
    QCOMPARE(r.err, QString()); // no Qt platform chatter on stderr
    const QByteArray pdf = readAll(pdfPath);
    QVERIFY(pdf.startsWith("%PDF-"));
    QCOMPARE(countPdfPages(pdf), 1);
}

void TestCliReport::filtersSelectRows_data()
{
    QTest::addColumn<QStringList>("filters");
    QTest::addColumn<QStringList>("cns");
    QTest::newRow("within 10 days") << QStringList{"--within-days", "10"}
                                    << QStringList{"expiring.example", "expired.example"};
    QTest::newRow("state healthy") << QStringList{"--state", "healthy"}
                                   << QStringList{"=HYPERLINK(\"http://evil.example/\",\"x\")", "healthy.example"};
    QTest::newRow("state expiring") << QStringList{"--state", "EXPIRING"} << QStringList{"expiring.example"};
    QTest::newRow("search") << QStringList{"--search", "dns.HEALTHY"} << QStringList{"healthy.example"};
    QTest::newRow("store") << QStringList{"--store", "My", "--within-days", "0"} << QStringList{"expired.example"};
    QTest::newRow("other store") << QStringList{"--store", "web"} << QStringList{};
    QTest::newRow("user scope") << QStringList{"--scope", "user", "--state", "expired"}
                                << QStringList{"expired.example"};
    QTest::newRow("system scope") << QStringList{"--scope", "system"} << QStringList{};
}

void TestCliReport::filtersSelectRows()
{
    QFETCH(QStringList, filters);
    QFETCH(QStringList, cns);
    TestEnvironment env;
    populateStore();
    const QString out = env.path(QStringLiteral("r.json"));
    const CliResult r =
        runCertlifectl(QStringList{"report", "--kind", "certificates", "--format", "json", "--out", out} + filters);
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QCOMPARE(cnsOfJson(readAll(out)), cns);
}

void TestCliReport::noKeyMaterialInAnyFormat()
{
    TestEnvironment env;
    const Store store = populateStore();
    // The key's base64 lines, any of which in a report would be a leak.
    QList<QByteArray> keyLines;
    for (const QByteArray& line : store.healthyKeyPem.split('\n'))
        if (!line.isEmpty() && !line.startsWith("-----"))
            keyLines << line;
    QVERIFY(!keyLines.isEmpty());
    for (const char* format : {"csv", "json", "html", "pdf"}) {
        const QString out = env.path(QStringLiteral("r.") + QLatin1String(format));
        const CliResult r = runCertlifectl({"report", "--kind", "certificates", "--format", format, "--out", out});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QByteArray data = readAll(out);
        QVERIFY(!data.isEmpty());
        QVERIFY2(!data.contains("PRIVATE KEY"), format);
        for (const QByteArray& line : keyLines)
            QVERIFY2(!data.contains(line), format);
    }
    // What the report does say: that the healthy certificate's key is in the store.
    const QJsonArray rows =
        QJsonDocument::fromJson(readAll(env.path(QStringLiteral("r.json")))).object().value("rows").toArray();
    for (const QJsonValue& row : rows)
        QCOMPARE(row.toObject().value("hasPrivateKey").toBool(),
                 row.toObject().value("subjectCN").toString() == QLatin1String("healthy.example"));
}

void TestCliReport::standardOutput()
{
    TestEnvironment env;
    populateStore();
    const CliResult r = runCertlifectl(
        {"report", "--kind", "certificates", "--format", "csv", "--out", "-", "--no-bom", "--state", "expired"});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY(r.out.startsWith("Subject CN,")); // the CSV itself, no BOM, no "Wrote" line
    const QList<QStringList> rows = readCsvReport(r.out);
    QCOMPARE(rows.size(), 2);
    QCOMPARE(rows[1].value(0), QStringLiteral("expired.example"));
}

void TestCliReport::usageErrors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    const QStringList base{"report", "--kind", "certificates", "--out", "x.csv"};
    QTest::newRow("no kind") << QStringList{"report", "--format", "csv", "--out", "x.csv"} << "--kind is required";
    QTest::newRow("no out") << QStringList{"report", "--kind", "tasks", "--format", "csv"} << "--out is required";
    QTest::newRow("unknown format") << base + QStringList{"--format", "xls"}
                                    << "unknown format \"xls\"; use csv, json, html or pdf";
    QTest::newRow("unknown kind") << QStringList{"report", "--kind", "keys", "--format", "csv", "--out", "x"}
                                  << "unknown report kind \"keys\"";
    QTest::newRow("bad days") << base + QStringList{"--format", "csv", "--within-days", "soon"}
                              << "--within-days \"soon\" is not a number of days";
    QTest::newRow("bad state")
        << base + QStringList{"--format", "csv", "--state", "fine"}
        << "--state \"fine\" must be expired, expiring, within30, within60, within90, healthy or archived";
    QTest::newRow("bad scope") << base + QStringList{"--format", "csv", "--scope", "root"}
                               << "--scope must be system or user, not \"root\"";
    QTest::newRow("event filter on certificates")
        << base + QStringList{"--format", "csv", "--since", "2026-01-01"} << "--since applies to --kind events only";
    QTest::newRow("bom on json") << base + QStringList{"--format", "json", "--no-bom"}
                                 << "--no-bom applies to --format csv only";
    const QStringList events{"report", "--kind", "events", "--format", "csv", "--out", "x.csv"};
    QTest::newRow("bad since") << events + QStringList{"--since", "yesterday"}
                               << "--since \"yesterday\" is not a date or time; use ISO 8601";
    QTest::newRow("bad until") << events + QStringList{"--until", "2026-13-01"}
                               << "--until \"2026-13-01\" is not a date";
    QTest::newRow("reversed range") << events + QStringList{"--since", "2026-02-01", "--until", "2026-01-01"}
                                    << "--since (2026-02-01) must be before --until (2026-01-01)";
    QTest::newRow("bad id") << events + QStringList{"--id", "1001,1009"}
                            << "\"1009\" is not an event id (1001 to 1007, 1101, 1102, 1201, 1202)";
    QTest::newRow("bad level") << events + QStringList{"--level", "panic"}
                               << "--level \"panic\" must be information, warning or error";
    QTest::newRow("channels disagree") << events + QStringList{"--channel", "system", "--scope", "user"}
                                       << "--channel and --scope name different channels";
    QTest::newRow("state on tasks") << QStringList{"report", "--kind", "tasks",   "--format", "csv",
                                                   "--out",  "x",      "--state", "expired"}
                                    << "--state applies to --kind certificates only";
    QTest::newRow("positional") << base + QStringList{"--format", "csv", "extra"} << "report takes no arguments";
    QTest::newRow("unknown option") << base + QStringList{"--format", "csv", "--colour"} << "Unknown option 'colour'";
}

void TestCliReport::usageErrors()
{
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    TestEnvironment env;
    const CliResult r = runCertlifectl(args);
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.contains(message), qPrintable(r.err));
    QVERIFY(r.out.isEmpty());
    QVERIFY(!QFile::exists(QStringLiteral("x.csv")));
}

void TestCliReport::invalidClockIsAUsageError()
{
    TestEnvironment env;
    const QString out = env.path(QStringLiteral("t.csv"));
    const CliResult r = runCertlifectl({"report", "--kind", "tasks", "--format", "csv", "--out", out}, "next tuesday");
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.contains(QStringLiteral("next tuesday")), qPrintable(r.err));
    QVERIFY(!QFile::exists(out));
}

void TestCliReport::unwritableOutputNamesThePath()
{
    TestEnvironment env;
    populateStore();
    const QString missingDir = env.path(QStringLiteral("no/such/dir/report.pdf"));
    CliResult r = runCertlifectl({"report", "--kind", "certificates", "--format", "pdf", "--out", missingDir});
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.contains(missingDir), qPrintable(r.err));

    r = runCertlifectl({"report", "--kind", "certificates", "--format", "csv", "--out", env.root()});
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.contains(env.root() + QStringLiteral(": is a directory")), qPrintable(r.err));

    // A report that could not be written leaves the previous one intact.
    const QString existing = env.path(QStringLiteral("keep.csv"));
    writeFile(existing, "previous report");
    QVERIFY(QFile::setPermissions(env.root(), QFile::ReadOwner | QFile::ExeOwner));
    r = runCertlifectl({"report", "--kind", "certificates", "--format", "csv", "--out", existing});
    QFile::setPermissions(env.root(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    if (::geteuid() != 0) { // root writes into a read-only directory anyway
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(existing), qPrintable(r.err));
        QCOMPARE(readAll(existing), QByteArray("previous report"));
    }
}

void TestCliReport::unreadableFileIsAWarningAndExit3()
{
    TestEnvironment env;
    const Store store = populateStore();
    const QString broken = store.dir + QStringLiteral("/broken.pem");
    writeFile(broken, "-----BEGIN CERTIFICATE-----\nnot base64 at all!\n-----END CERTIFICATE-----\n");
    const QString out = env.path(QStringLiteral("r.json"));
    const CliResult r = runCertlifectl({"report", "--kind", "certificates", "--format", "json", "--out", out});
    QCOMPARE(r.code, 3);
    QVERIFY2(r.err.contains(QStringLiteral("warning: ") + broken), qPrintable(r.err));
    QCOMPARE(cnsOfJson(readAll(out)).size(), 4); // the rest of the store is still reported
}

void TestCliReport::help()
{
    TestEnvironment env;
    const CliResult r = runCertlifectl({"report", "--help"});
    QCOMPARE(r.code, 0);
    const QString text = QString::fromUtf8(r.out);
    QVERIFY(text.startsWith(QStringLiteral("Usage: certlifectl report --kind certificates|events|tasks")));
    for (const char* expected :
         {"--within-days", "--since", "--no-bom", "Examples:", "--out expiry.pdf", "Exit status"})
        QVERIFY2(text.contains(QLatin1String(expected)), expected);
    const CliResult top = runCertlifectl({"--help"});
    QVERIFY(QString::fromUtf8(top.out).contains(QStringLiteral("report")));
}

QTEST_GUILESS_MAIN(TestCliReport)
#include "TestCliReport.moc"
