// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "../core/eventlog/EventFixtures.h"
#include "../core/eventlog/EventOracle.h"
#include "CliProcess.h"
#include "TestEnvironment.h"
#include "eventlog/EventLog.h"
#include "util/Paths.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

using namespace certlife;
using namespace certlife::test;

namespace {

struct Run
{
    int code = -1;
    QString out;
    QString err;
};

Run certlifectl(const QStringList& args)
{
    QProcess p;
    p.start(binaryPath(QStringLiteral("certlifectl")), QStringList{QStringLiteral("events")} + args);
    p.waitForFinished(60000);
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

// Fills the channel's log at its default path; returns the events with record ids.
QList<LifecycleEvent> fill(Scope channel, QList<LifecycleEvent> events)
{
    EventLog log(Paths::eventLogFile(channel), channel);
    if (!log.open() || !log.append(events))
        qFatal("cannot fill the %s event log", qPrintable(scopeName(channel)));
    return events;
}

// 14 user events (every id twice, two stores, two per minute, from 2025-12-31T23:57Z)
// and 6 system events.
QList<LifecycleEvent> userEvents()
{
    QList<LifecycleEvent> events;
    for (int i = 0; i < 14; ++i)
        events << fixtureEvent(EventId(1001 + i % 7), i, i % 2 ? QStringLiteral("web") : QStringLiteral("My"),
                               fixtureTime((i / 2) * 60 - 180));
    return events;
}

QList<LifecycleEvent> systemEvents()
{
    QList<LifecycleEvent> events;
    for (int i = 0; i < 6; ++i)
        events << fixtureEvent(EventId(1002 + i % 2), 40 + i, QStringLiteral("system"), fixtureTime(i * 90));
    return events;
}

QStringList keysOf(const QList<QJsonObject>& objects)
{
    QStringList keys;
    for (const QJsonObject& o : objects)
        keys << QStringLiteral("%1:%2")
                    .arg(o.value(QStringLiteral("channel")).toString())
                    .arg(o.value(QStringLiteral("recordId")).toInteger());
    return keys;
}

QStringList keysOf(const QList<LifecycleEvent>& events)
{
    QStringList keys;
    for (const LifecycleEvent& e : events)
        keys << QStringLiteral("%1:%2").arg(scopeName(e.channel)).arg(e.recordId);
    return keys;
}

EventQuery unlimitedQuery(const std::function<void(EventQuery&)>& set)
{
    EventQuery q;
    q.limit = 100000;
    set(q);
    return q;
}

} // namespace

class TestCliEvents : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void missingLogMeansNoEvents();
    void textColumnsNewestFirst();
    void jsonCarriesEveryField();
    void filters_data();
    void filters();
    void limitZeroPagesThroughEverything();
    void usageErrorsNameTheValue_data();
    void usageErrorsNameTheValue();
    void hostileSubjectIsPrintedSafely();
    void unreadableLogIsAFailure();
    void helpHasExamples();
};

void TestCliEvents::missingLogMeansNoEvents()
{
    TestEnvironment env;
    Run r = certlifectl({});
    QCOMPARE(r.code, 0);
    QCOMPARE(r.out, QStringLiteral("No events.\n"));
    r = certlifectl({QStringLiteral("--channel"), QStringLiteral("all"), QStringLiteral("--json")});
    QCOMPARE(r.code, 0);
    QCOMPARE(r.out, QString());
    QVERIFY(!QFileInfo::exists(Paths::eventLogFile(Scope::User))); // reading never creates a log
}

void TestCliEvents::textColumnsNewestFirst()
{
    TestEnvironment env;
    const QList<LifecycleEvent> events = fill(Scope::User, userEvents());
    const Run r = certlifectl({QStringLiteral("--limit"), QStringLiteral("4")});
    QCOMPARE(r.code, 0);
    const QStringList lines = r.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 5);
    QVERIFY(lines[0].startsWith(QStringLiteral("TIME")));
    const qsizetype thumbColumn = lines[0].indexOf(QStringLiteral("THUMBPRINT"));
    const QList<LifecycleEvent> expected = oracleQuery(events, EventQuery{}).mid(0, 4);
    for (int i = 0; i < 4; ++i) {
        const LifecycleEvent& e = expected[i];
        const QString& line = lines[i + 1];
        QVERIFY2(line.startsWith(e.time.toString(Qt::ISODate)), qPrintable(line));
        QCOMPARE(line.indexOf(e.certificate.thumbprint), thumbColumn); // aligned under its header
        QVERIFY2(line.contains(QStringLiteral("  %1  %2  ").arg(int(e.id)).arg(levelName(e.level()))),
                 qPrintable(line));
        QVERIFY(line.contains(e.certificate.subjectCN));
        QVERIFY(line.contains(e.storeId));
        QVERIFY(line.contains(e.action));
    }
}

void TestCliEvents::jsonCarriesEveryField()
{
    TestEnvironment env;
    const QList<LifecycleEvent> events = fill(Scope::User, userEvents());
    const Run r = certlifectl({QStringLiteral("--json"), QStringLiteral("--id"), QStringLiteral("1001")});
    QCOMPARE(r.code, 0);
    const QList<QJsonObject> objects = jsonLines(r.out);
    const QList<LifecycleEvent> expected =
        oracleQuery(events, unlimitedQuery([](EventQuery& q) { q.ids = {EventId::Replace}; }));
    QCOMPARE(objects.size(), expected.size());
    for (int i = 0; i < objects.size(); ++i) {
        QCOMPARE(objects[i], expected[i].toJson());
        QVERIFY(objects[i].contains(QStringLiteral("oldCertificate")));
        QCOMPARE(objects[i]
                     .value(QStringLiteral("oldCertificate"))
                     .toObject()
                     .value(QStringLiteral("thumbprint"))
                     .toString(),
                 expected[i].oldCertificate->thumbprint);
    }
}

void TestCliEvents::filters_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<EventQuery>("q");
    const QString c3 = fixtureCertificate(3).thumbprint;
    QTest::newRow("user is the default") << QStringList()
                                         << unlimitedQuery([](EventQuery& q) { q.channel = Scope::User; });
    QTest::newRow("system") << QStringList{"--channel", "system"}
                            << unlimitedQuery([](EventQuery& q) { q.channel = Scope::System; });
    QTest::newRow("all, merged by time") << QStringList{"--channel", "ALL"} << unlimitedQuery([](EventQuery&) {});
    QTest::newRow("one id") << QStringList{"--id", "1003"} << unlimitedQuery([](EventQuery& q) {
        q.channel = Scope::User;
        q.ids = {EventId::CloseToExpiration};
    });
    QTest::newRow("ids and names") << QStringList{"--id", "expired, 1006", "--channel", "all"}
                                   << unlimitedQuery([](EventQuery& q) {
                                          q.ids = {EventId::Expired, EventId::New};
                                      });
    QTest::newRow("level") << QStringList{"--level", "Warning", "--channel", "all"}
                           << unlimitedQuery([](EventQuery& q) { q.level = EventLevel::Warning; });
    QTest::newRow("since, date and time")
        << QStringList{"--since", "2026-01-01T00:03:00Z"} << unlimitedQuery([](EventQuery& q) {
               q.channel = Scope::User;
               q.since = fixtureTime(180);
           });
    QTest::newRow("until, time without zone")
        << QStringList{"--until", "2026-01-01T00:02:00"} << unlimitedQuery([](EventQuery& q) {
               q.channel = Scope::User;
               q.until = fixtureTime(120);
           });
    QTest::newRow("until, date alone") << QStringList{"--until", "2026-01-01"} << unlimitedQuery([](EventQuery& q) {
        q.channel = Scope::User;
        q.until = fixtureTime(0);
    });
    QTest::newRow("store") << QStringList{"--store", "web"} << unlimitedQuery([](EventQuery& q) {
        q.channel = Scope::User;
        q.storeId = QStringLiteral("web");
    });
    QTest::newRow("search") << QStringList{"--search", "HOST1"} << unlimitedQuery([](EventQuery& q) {
        q.channel = Scope::User;
        q.text = QStringLiteral("host1");
    });
    QTest::newRow("thumbprint with colons")
        << QStringList{"--thumbprint", c3.left(2) + ":" + c3.mid(2)} << unlimitedQuery([&](EventQuery& q) {
               q.channel = Scope::User;
               q.thumbprint = c3;
           });
    QTest::newRow("thumbprint in lower case with spaces")
        << QStringList{"--thumbprint", c3.left(4).toLower() + " " + c3.mid(4).toLower()}
        << unlimitedQuery([&](EventQuery& q) {
               q.channel = Scope::User;
               q.thumbprint = c3;
           });
    QTest::newRow("limit") << QStringList{"--limit", "3", "--channel", "all"}
                           << unlimitedQuery([](EventQuery& q) { q.limit = 3; });
    QTest::newRow("everything combined") << QStringList{
        "--id",     "1002,1003", "--store", "My", "--since", "2026-01-01", "--until", "2026-01-01T00:06:00Z",
        "--search", "example"} << unlimitedQuery([](EventQuery& q) {
        q.channel = Scope::User;
        q.ids = {EventId::Expired, EventId::CloseToExpiration};
        q.storeId = QStringLiteral("My");
        q.since = fixtureTime(0);
        q.until = fixtureTime(360);
        q.text = QStringLiteral("example");
    });
}

void TestCliEvents::filters()
{
    QFETCH(QStringList, args);
    QFETCH(EventQuery, q);
    TestEnvironment env;
    const QList<LifecycleEvent> all = fill(Scope::User, userEvents()) + fill(Scope::System, systemEvents());
    const Run r = certlifectl(args + QStringList{QStringLiteral("--json")});
    QCOMPARE(r.code, 0);
    QCOMPARE(r.err, QString());
    const QList<LifecycleEvent> expected = oracleQuery(all, q).mid(0, std::min(q.limit, 100));
    QVERIFY(!expected.isEmpty());
    QCOMPARE(keysOf(jsonLines(r.out)), keysOf(expected));
}

void TestCliEvents::limitZeroPagesThroughEverything()
{
    TestEnvironment env;
    QList<LifecycleEvent> many;
    for (int i = 0; i < 2345; ++i)
        many << fixtureEvent(EventId(1001 + i % 7), i % 50, QStringLiteral("web"), fixtureTime(i / 7));
    many = fill(Scope::User, many);
    const Run r = certlifectl({QStringLiteral("--limit"), QStringLiteral("0"), QStringLiteral("--json")});
    QCOMPARE(r.code, 0);
    QCOMPARE(keysOf(jsonLines(r.out)), keysOf(oracleQuery(many, unlimitedQuery([](EventQuery&) {}))));
    QCOMPARE(jsonLines(certlifectl({QStringLiteral("--json")}).out).size(), 100); // the default limit
}

void TestCliEvents::usageErrorsNameTheValue_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("named");
    QTest::newRow("unknown id") << QStringList{"--id", "1001,1009"} << "\"1009\" is not an event id";
    QTest::newRow("id name") << QStringList{"--id", "Renewed"} << "\"Renewed\" is not an event id";
    QTest::newRow("bad date") << QStringList{"--since", "yesterday"} << "'yesterday'";
    QTest::newRow("bad until") << QStringList{"--until", "2026-13-45"} << "'2026-13-45'";
    QTest::newRow("until before since") << QStringList{"--since", "2026-02-01", "--until", "2026-01-01"} << "--until";
    QTest::newRow("channel") << QStringList{"--channel", "both"} << "'both'";
    QTest::newRow("level") << QStringList{"--level", "loud"} << "'loud'";
    QTest::newRow("limit") << QStringList{"--limit", "-3"} << "'-3'";
    QTest::newRow("stray argument") << QStringList{"1001"} << "'1001'";
    QTest::newRow("unknown option") << QStringList{"--colour"} << "colour";
    // A value that is no thumbprint would match nothing and read as "no events".
    QTest::newRow("thumbprint not hex") << QStringList{"--thumbprint", "xyz"}
                                        << "'xyz' is not a SHA-1 thumbprint (40 hex digits";
    QTest::newRow("thumbprint too short") << QStringList{"--thumbprint", "3A5F"} << "'3A5F' is not a SHA-1 thumbprint";
    QTest::newRow("thumbprint SHA-256") << QStringList{"--thumbprint", QString(64, QLatin1Char('a'))}
                                        << "is not a SHA-1 thumbprint";
}

void TestCliEvents::usageErrorsNameTheValue()
{
    QFETCH(QStringList, args);
    QFETCH(QString, named);
    TestEnvironment env;
    fill(Scope::User, userEvents());
    const Run r = certlifectl(args);
    QCOMPARE(r.code, 2);
    QCOMPARE(r.out, QString());
    QVERIFY2(r.err.contains(named), qPrintable(r.err));
    QVERIFY2(r.err.contains(QStringLiteral("certlifectl events")), qPrintable(r.err)); // the usage line
}

void TestCliEvents::hostileSubjectIsPrintedSafely()
{
    TestEnvironment env;
    LifecycleEvent e = fixtureEvent(EventId::New, 1, QStringLiteral("My\nstore"), fixtureTime());
    e.certificate.subjectCN = QStringLiteral("evil\x1b]0;owned\x07\x1b[2J");
    fill(Scope::User, {e});
    const Run r = certlifectl({});
    QCOMPARE(r.code, 0);
    QVERIFY(!r.out.contains(QChar(0x1b)));
    QVERIFY(!r.out.contains(QChar(0x07)));
    QCOMPARE(r.out.count(QLatin1Char('\n')), 2);                                                   // header and one row
    QVERIFY2(r.out.contains(QStringLiteral("evil\\x1B]0;owned\\x07\\x1B[2J")), qPrintable(r.out)); // readable
    // JSON keeps the value exactly (escaped).
    QCOMPARE(jsonLines(certlifectl({QStringLiteral("--json")}).out)
                 .value(0)
                 .value(QStringLiteral("certificate"))
                 .toObject()
                 .value(QStringLiteral("subjectCN"))
                 .toString(),
             e.certificate.subjectCN);
}

void TestCliEvents::unreadableLogIsAFailure()
{
    TestEnvironment env;
    const QList<LifecycleEvent> user = fill(Scope::User, userEvents());
    const QString path = Paths::eventLogFile(Scope::System);
    QVERIFY(QDir().mkpath(QFileInfo(path).absolutePath()));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(QByteArray("not an event log\n").repeated(100));
    f.close();
    Run r = certlifectl({QStringLiteral("--channel"), QStringLiteral("system")});
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.contains(path), qPrintable(r.err));
    QCOMPARE(r.out, QString());
    // Both channels: the readable one is shown, the other named, exit 3 (partial).
    r = certlifectl({QStringLiteral("--channel"), QStringLiteral("all"), QStringLiteral("--json")});
    QCOMPARE(r.code, 3);
    QVERIFY2(r.err.contains(path), qPrintable(r.err));
    QCOMPARE(jsonLines(r.out).size(), user.size());
    QCOMPARE(QFileInfo(path).size(), 1700); // left as it was
}

void TestCliEvents::helpHasExamples()
{
    TestEnvironment env;
    const Run r = certlifectl({QStringLiteral("--help")});
    QCOMPARE(r.code, 0);
    for (const char* s : {"Usage: certlifectl events", "Examples:", "--channel all", "--since", "--json", "ISO 8601"})
        QVERIFY2(r.out.contains(QLatin1String(s)), s);
}

QTEST_GUILESS_MAIN(TestCliEvents)
#include "TestCliEvents.moc"
