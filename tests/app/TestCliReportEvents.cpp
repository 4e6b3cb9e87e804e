// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "../core/eventlog/EventFixtures.h"
#include "../core/reports/ReportTestSupport.h"
#include "TestCliReportSupport.h"

#include "eventlog/EventLog.h"
#include "tasks/TaskRegistry.h"
#include "util/Paths.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTest>
#include <sys/stat.h>

using namespace certlife;
using namespace certlife::test;

// `certlifectl report --kind events|tasks`: the event logs of both channels read with the
// `events` filters, and the registered tasks with their last run.
class TestCliReportEvents : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void eventFilters_data();
    void eventFilters();
    void replaceCarriesOldAndNew();
    void storesAreNamedByTheirDisplayName();
    void missingLogsAreEmptyAndBrokenLogsWarn();
    void eventPdfPaginates();
    void tasksReport();

private:
    // System: 70 events (ids cycling 1001…1007) a minute apart from 2026-01-01 00:00;
    // User: 35 events, stores alternating "web" and "My".
    static void populateLogs()
    {
        static const EventId ids[] = {EventId::Replace,  EventId::Expired, EventId::CloseToExpiration, EventId::Deleted,
                                      EventId::Archived, EventId::New,     EventId::Exported};
        for (const Scope channel : {Scope::System, Scope::User}) {
            EventLog log(Paths::eventLogFile(channel), channel);
            QString error;
            QVERIFY2(log.open(&error), qPrintable(error));
            QList<LifecycleEvent> events;
            const int count = channel == Scope::System ? 70 : 35;
            for (int i = 0; i < count; ++i)
                events << fixtureEvent(ids[i % 7], i + (channel == Scope::User ? 1000 : 0),
                                       i % 2 ? QStringLiteral("My") : QStringLiteral("web"), fixtureTime(60 * i));
            QVERIFY2(log.append(events, &error), qPrintable(error));
        }
    }
    static QJsonArray jsonRows(const CliResult& r)
    {
        return QJsonDocument::fromJson(r.out).object().value("rows").toArray();
    }
};

void TestCliReportEvents::eventFilters_data()
{
    QTest::addColumn<QStringList>("filters");
    QTest::addColumn<int>("rows");
    QTest::addColumn<QString>("check"); // key=value every row must have
    QTest::newRow("everything") << QStringList{} << 105 << QString();
    QTest::newRow("channel") << QStringList{"--channel", "User"} << 35 << "channel=User";
    QTest::newRow("scope as channel") << QStringList{"--scope", "system"} << 70 << "channel=System";
    QTest::newRow("ids") << QStringList{"--id", "1002"} << 15 << "event=Expired";
    QTest::newRow("id range") << QStringList{"--id", "1004-1005", "--channel", "system"} << 20 << "channel=System";
    QTest::newRow("level") << QStringList{"--level", "warning"} << 15 << "level=Warning";
    QTest::newRow("since") << QStringList{"--since", "2026-01-01T00:30:00Z"} << 40 + 5 << QString();
    QTest::newRow("until") << QStringList{"--until", "2026-01-01T00:05"} << 5 + 5 << QString();
    QTest::newRow("store") << QStringList{"--store", "web", "--channel", "user"} << 18 << "store=web";
    QTest::newRow("search") << QStringList{"--search", "HOST1005."} << 1 << "subjectCN=host1005.example.org";
}

void TestCliReportEvents::eventFilters()
{
    QFETCH(QStringList, filters);
    QFETCH(int, rows);
    QFETCH(QString, check);
    TestEnvironment env;
    populateLogs();
    const CliResult r =
        runCertlifectl(QStringList{"report", "--kind", "events", "--format", "json", "--out", "-"} + filters);
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const QJsonArray found = jsonRows(r);
    QCOMPARE(found.size(), rows);
    for (const QJsonValue& row : found) {
        if (!check.isEmpty())
            QCOMPARE(row.toObject().value(check.section('=', 0, 0)).toString(), check.section('=', 1));
    }
    for (int i = 1; i < found.size(); ++i) // newest first
        QVERIFY(found[i - 1].toObject().value("time").toString() >= found[i].toObject().value("time").toString());
}

void TestCliReportEvents::replaceCarriesOldAndNew()
{
    TestEnvironment env;
    populateLogs();
    const QString out = env.path(QStringLiteral("replaced.csv"));
    const CliResult r = runCertlifectl({"report", "--kind", "events", "--format", "csv", "--out", out, "--id", "1001",
                                        "--channel", "system", "--since", "2026-01-01"});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QFile f(out);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QList<QStringList> rows = readCsvReport(f.readAll());
    QCOMPARE(rows.size(), 1 + 10);
    const int thumbprint = rows[0].indexOf(QStringLiteral("Thumbprint"));
    const int old = rows[0].indexOf(QStringLiteral("Old thumbprint"));
    const int oldCn = rows[0].indexOf(QStringLiteral("Old subject CN"));
    QVERIFY(thumbprint >= 0 && old >= 0 && oldCn >= 0);
    // Newest first: the last Replace is event 63 (certificate 63).
    QCOMPARE(rows[1][thumbprint], fixtureCertificate(63).thumbprint);
    QCOMPARE(rows[1][old], fixtureCertificate(63, QStringLiteral("old.example.net")).thumbprint);
    QCOMPARE(rows[1][oldCn], QStringLiteral("host63.old.example.net"));
}

void TestCliReportEvents::storesAreNamedByTheirDisplayName()
{
    TestEnvironment env;
    populateLogs();
    // The user's store "web" has a name; "My" (built in) has none and shows its id.
    const QString webDir = env.path(QStringLiteral("web"));
    QVERIFY(QDir().mkpath(webDir));
    writeFile(Paths::storesFile(Scope::User),
              QStringLiteral("[web]\nname=Web servers (nginx)\nkind=directory\npath=%1\n").arg(webDir).toUtf8());
    const CliResult r = runCertlifectl(
        {"report", "--kind", "events", "--format", "json", "--out", "-", "--channel", "user", "--store", "web"});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const QJsonObject doc = QJsonDocument::fromJson(r.out).object();
    const QJsonArray rows = doc.value("rows").toArray();
    QCOMPARE(rows.size(), 18);
    for (const QJsonValue& row : rows) {
        QCOMPARE(row.toObject().value("store").toString(), QStringLiteral("Web servers (nginx)"));
        QCOMPARE(row.toObject().value("storeId").toString(), QStringLiteral("web"));
    }
    QCOMPARE(doc.value("filters").toObject().value("store").toString(), QStringLiteral("Web servers (nginx) (web)"));

    // The System channel: the built-in "My" by its name; no store "web" configured there,
    // so its events keep the id.
    const CliResult system = runCertlifectl(
        {"report", "--kind", "events", "--format", "csv", "--out", "-", "--channel", "system", "--id", "1002"});
    QVERIFY2(system.code == 0, qPrintable(system.err));
    const QList<QStringList> csv = readCsvReport(system.out);
    const int store = csv[0].indexOf(QStringLiteral("Store"));
    QVERIFY(store >= 0);
    QStringList seen;
    for (const QStringList& row : csv.mid(1))
        seen << row.value(store);
    seen.removeDuplicates();
    seen.sort();
    QCOMPARE(seen, (QStringList{"Machine certificates", "web"}));
}

void TestCliReportEvents::missingLogsAreEmptyAndBrokenLogsWarn()
{
    TestEnvironment env;
    CliResult r = runCertlifectl({"report", "--kind", "events", "--format", "json", "--out", "-"});
    QVERIFY2(r.code == 0, qPrintable(r.err)); // nothing recorded yet is not a problem
    QCOMPARE(jsonRows(r).size(), 0);

    populateLogs();
    const QString userLog = Paths::eventLogFile(Scope::User);
    QFile::remove(userLog);
    writeFile(userLog, QByteArray(8192, 'x')); // not an SQLite database
    r = runCertlifectl({"report", "--kind", "events", "--format", "json", "--out", "-"});
    QCOMPARE(r.code, 3);
    QVERIFY2(r.err.contains(QStringLiteral("warning: ")) && r.err.contains(userLog), qPrintable(r.err));
    QCOMPARE(jsonRows(r).size(), 70); // the System channel is still reported
}

void TestCliReportEvents::eventPdfPaginates()
{
    TestEnvironment env;
    populateLogs();
    const QString out = env.path(QStringLiteral("events.pdf"));
    const CliResult r = runCertlifectl({"report", "--kind", "events", "--format", "pdf", "--out", out});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const QRegularExpressionMatch m =
        QRegularExpression(QStringLiteral("\\(pdf, 105 rows, (\\d+) pages\\)")).match(QString::fromUtf8(r.out));
    QVERIFY2(m.hasMatch(), r.out.constData());
    QFile f(out);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const int pages = countPdfPages(f.readAll());
    QCOMPARE(pages, m.captured(1).toInt());
    // Rows are at least one line: never more pages than rows need, and never fewer.
    const PdfCapacity oneLine = pdfCapacity(false, 1);
    const PdfCapacity threeLines = pdfCapacity(false, 3);
    QVERIFY(pages >= oneLine.pagesFor(105) && pages <= threeLines.pagesFor(105));
}

void TestCliReportEvents::tasksReport()
{
    TestEnvironment env;
    QString error;
    TaskRegistry registry(Scope::System);
    NotificationTask t;
    t.name = QStringLiteral("nginx-rebind");
    t.channel = Scope::System;
    t.command = QStringLiteral("/usr/local/sbin/nginx-rebind");
    t.arguments = {QStringLiteral("{OldCertHash}"), QStringLiteral("{NewCertHash}")};
    t.pinnedSha256 = QString(64, QLatin1Char('A'));
    QVERIFY2(registry.add(t, &error), qPrintable(error));

    const QString out = env.path(QStringLiteral("tasks.csv"));
    CliResult r = runCertlifectl({"report", "--kind", "tasks", "--format", "csv", "--out", out, "--scope", "system"});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QFile f(out);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QList<QStringList> rows = readCsvReport(f.readAll());
    QCOMPARE(rows.size(), 2);
    QCOMPARE(rows[0].mid(0, 6), (QStringList{"Name", "Type", "Channel", "Command", "Arguments", "Enabled"}));
    QCOMPARE(rows[1].mid(0, 6),
             (QStringList{"nginx-rebind", "Replace", "System", "/usr/local/sbin/nginx-rebind",
                          "{OldCertHash}; {NewCertHash}", "yes"}));
    QVERIFY(rows[1].contains(QStringLiteral("never run")));

    // A task file anyone could rewrite is refused, named, and the exit status says so.
    NotificationTask tampered = t;
    tampered.name = QStringLiteral("tampered");
    QVERIFY2(registry.add(tampered, &error), qPrintable(error));
    ::chmod(QFile::encodeName(registry.filePath(QStringLiteral("tampered"))).constData(), 0666);
    r = runCertlifectl({"report", "--kind", "tasks", "--format", "json", "--out", "-"});
    QCOMPARE(r.code, 3);
    QVERIFY2(r.err.contains(registry.filePath(QStringLiteral("tampered"))), qPrintable(r.err));
    QCOMPARE(jsonRows(r).size(), 1);
}

QTEST_GUILESS_MAIN(TestCliReportEvents)
#include "TestCliReportEvents.moc"
