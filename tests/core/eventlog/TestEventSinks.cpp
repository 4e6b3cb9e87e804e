// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "EventFixtures.h"
#include "TestEnvironment.h"
#include "eventlog/JournaldSink.h"
#include "eventlog/JsonLinesSink.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>
#include <QTest>
#include <cerrno>
#include <cstring>

using namespace certlife;
using namespace certlife::test;

namespace {

QMap<QByteArray, QByteArray> fieldMap(const QList<QByteArray>& fields)
{
    QMap<QByteArray, QByteArray> map;
    for (const QByteArray& f : fields) {
        const qsizetype eq = f.indexOf('=');
        map.insert(f.left(eq), f.mid(eq + 1));
    }
    return map;
}

QList<QByteArray> lines(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QList<QByteArray> result = f.readAll().split('\n');
    if (!result.isEmpty() && result.last().isEmpty())
        result.removeLast();
    return result;
}

} // namespace

class TestEventSinks : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void journalFieldsOfEachEvent_data();
    void journalFieldsOfEachEvent();
    void messageIdsAreFixedAndDistinct();
    void hostileCertificateCannotForgeJournalFields();
    void journaldSinkSendsEachEventAndFailsSoft();
    void jsonLinesOneObjectPerLine();
    void jsonLinesSurviveRotation();
    void jsonLinesRefuseSymlinkAndMissingDirectory();
};

void TestEventSinks::journalFieldsOfEachEvent_data()
{
    QTest::addColumn<int>("id");
    QTest::addColumn<QByteArray>("priority");
    QTest::newRow("1001 Replace") << 1001 << QByteArray("6");
    QTest::newRow("1002 Expired") << 1002 << QByteArray("3");
    QTest::newRow("1003 CloseToExpiration") << 1003 << QByteArray("4");
    QTest::newRow("1004 Deleted") << 1004 << QByteArray("6");
    QTest::newRow("1005 Archived") << 1005 << QByteArray("6");
    QTest::newRow("1006 New") << 1006 << QByteArray("6");
    QTest::newRow("1007 Exported") << 1007 << QByteArray("6");
}

void TestEventSinks::journalFieldsOfEachEvent()
{
    QFETCH(int, id);
    QFETCH(QByteArray, priority);
    LifecycleEvent e = fixtureEvent(EventId(id), 9, QStringLiteral("web"), fixtureTime(90));
    e.recordId = 77;
    e.channel = Scope::System;
    const QMap<QByteArray, QByteArray> f = fieldMap(journalFields(e));
    QCOMPARE(f.value("MESSAGE_ID"), journalMessageId(EventId(id)));
    QCOMPARE(f.value("PRIORITY"), priority);
    QCOMPARE(f.value("SYSLOG_IDENTIFIER"), QByteArray("certlife"));
    QCOMPARE(f.value("MESSAGE"), e.message.toUtf8());
    QCOMPARE(f.value("CERTLIFE_EVENT_ID"), QByteArray::number(id));
    QCOMPARE(f.value("CERTLIFE_EVENT_NAME"), eventName(EventId(id)).toUtf8());
    QCOMPARE(f.value("CERTLIFE_RECORD_ID"), QByteArray("77"));
    QCOMPARE(f.value("CERTLIFE_CHANNEL"), QByteArray("System"));
    QCOMPARE(f.value("CERTLIFE_TIME"), QByteArray("2026-01-01T00:01:30Z"));
    QCOMPARE(f.value("CERTLIFE_ACTION"), e.action.toUtf8());
    QCOMPARE(f.value("CERTLIFE_STORE"), QByteArray("web"));
    QCOMPARE(f.value("CERTLIFE_THUMBPRINT"), e.certificate.thumbprint.toUtf8());
    QCOMPARE(f.value("CERTLIFE_SHA256"), e.certificate.sha256.toUtf8());
    QCOMPARE(f.value("CERTLIFE_SUBJECT"), e.certificate.subject.toUtf8());
    QCOMPARE(f.value("CERTLIFE_SUBJECT_CN"), QByteArray("host9.example.org"));
    QCOMPARE(f.value("CERTLIFE_SANS"), QByteArray("DNS:host9.example.org, DNS:alt9.example.org"));
    QCOMPARE(f.value("CERTLIFE_EKUS"), QByteArray("TLS Web Server Authentication (1.3.6.1.5.5.7.3.1)"));
    QCOMPARE(f.value("CERTLIFE_NOT_AFTER"), e.certificate.notAfter.toString(Qt::ISODate).toUtf8());
    QCOMPARE(f.contains("CERTLIFE_OLD_THUMBPRINT"), id == 1001);
    if (id == 1001) {
        QCOMPARE(f.value("CERTLIFE_OLD_THUMBPRINT"), e.oldCertificate->thumbprint.toUtf8());
        QCOMPARE(f.value("CERTLIFE_OLD_SUBJECT"), e.oldCertificate->subject.toUtf8());
    }
    QCOMPARE(f.contains("CERTLIFE_REMAINING_SECONDS"), id == 1002 || id == 1003);
    QVERIFY(!f.contains("CERTLIFE_TEMPLATE")); // empty values are left out (certificate 9 has none)
}

void TestEventSinks::messageIdsAreFixedAndDistinct()
{
    QSet<QByteArray> ids;
    for (int id = 1001; id <= 1007; ++id) {
        const QByteArray m = journalMessageId(EventId(id));
        QVERIFY(QRegularExpression(QStringLiteral("^[0-9a-f]{32}$")).match(QString::fromLatin1(m)).hasMatch());
        ids.insert(m);
    }
    QCOMPARE(ids.size(), 7);
    // Documented in docs/eventlog.md; monitoring rules depend on them.
    QCOMPARE(journalMessageId(EventId::Expired), QByteArray("d39aab22bd99461697082e165a36f882"));
    QCOMPARE(journalMessageId(EventId::Replace), QByteArray("0c1f3793fe87439691946d168b87fc2b"));
}

void TestEventSinks::hostileCertificateCannotForgeJournalFields()
{
    LifecycleEvent e = fixtureEvent(EventId::New, 1, QStringLiteral("My"), fixtureTime());
    e.certificate.subject = QStringLiteral("CN=evil\nPRIORITY=0\nMESSAGE_ID=00000000000000000000000000000000\r\n");
    e.certificate.subjectCN = QStringLiteral("evil\x1b[31mred\x07");
    e.certificate.sans = {QStringLiteral("DNS:a\u2028SYSLOG_IDENTIFIER=sshd")};
    e.message = QString();
    e.certificate.issuer = QString(20000, QLatin1Char('A'));
    const QList<QByteArray> fields = journalFields(e);
    const QRegularExpression name(QStringLiteral("^[A-Z][A-Z0-9_]*="));
    int priorities = 0;
    for (const QByteArray& f : fields) {
        QVERIFY2(name.match(QString::fromUtf8(f)).hasMatch(), f.constData());
        for (const char c : f)
            QVERIFY2(uchar(c) >= 0x20 && c != 0x7f, f.constData());
        QVERIFY(!QString::fromUtf8(f).contains(QChar(0x2028)));
        QVERIFY(f.size() < 4200);
        priorities += f.startsWith("PRIORITY=");
    }
    QCOMPARE(priorities, 1);
    const QMap<QByteArray, QByteArray> f = fieldMap(fields);
    QCOMPARE(f.value("PRIORITY"), QByteArray("6"));
    QCOMPARE(f.value("MESSAGE_ID"), journalMessageId(EventId::New));
    QCOMPARE(f.value("CERTLIFE_SUBJECT"),
             QByteArray("CN=evil\\x0APRIORITY=0\\x0AMESSAGE_ID=00000000000000000000000000000000\\x0D\\x0A"));
    QCOMPARE(f.value("CERTLIFE_SUBJECT_CN"), QByteArray("evil\\x1B[31mred\\x07"));
    QVERIFY(f.value("MESSAGE").startsWith("New: certificate evil\\x1B")); // built when the event has none
}

void TestEventSinks::journaldSinkSendsEachEventAndFailsSoft()
{
    const QList<LifecycleEvent> events{fixtureEvent(EventId::New, 1, QStringLiteral("My"), fixtureTime()),
                                       fixtureEvent(EventId::Expired, 2, QStringLiteral("My"), fixtureTime()),
                                       fixtureEvent(EventId::Replace, 3, QStringLiteral("My"), fixtureTime())};
    QList<QList<QByteArray>> sent;
    JournaldSink sink([&](const QList<QByteArray>& fields) {
        sent << fields;
        return 0;
    });
    sink.deliver(events);
    QCOMPARE(sent.size(), 3);
    for (int i = 0; i < 3; ++i)
        QCOMPARE(sent[i], journalFields(events[i]));
    QCOMPARE(sink.failures(), 0);

    // No journald: the first send fails, the batch is dropped and counted, nothing throws.
    int calls = 0;
    JournaldSink absent([&](const QList<QByteArray>&) {
        ++calls;
        return -ECONNREFUSED;
    });
    absent.deliver(events);
    absent.deliver(events);
    QCOMPARE(calls, 2);
    QCOMPARE(absent.failures(), 6);
    QVERIFY2(absent.lastError().startsWith(QStringLiteral("journald: ")), qPrintable(absent.lastError()));
    QVERIFY(absent.lastError().contains(QString::fromLocal8Bit(std::strerror(ECONNREFUSED))));
}

void TestEventSinks::jsonLinesOneObjectPerLine()
{
    TestEnvironment env;
    const QString path = env.path(QStringLiteral("events.jsonl"));
    JsonLinesSink sink(path);
    QList<LifecycleEvent> first{fixtureEvent(EventId::Replace, 1, QStringLiteral("web"), fixtureTime(1)),
                                fixtureEvent(EventId::Expired, 2, QStringLiteral("web"), fixtureTime(2))};
    first[1].message = QStringLiteral("two\nlines");
    QList<LifecycleEvent> second{fixtureEvent(EventId::New, 3, QStringLiteral("My"), fixtureTime(3))};
    sink.deliver(first);
    sink.deliver(second);
    QCOMPARE(sink.failures(), 0);
    const QList<QByteArray> written = lines(path);
    const QList<LifecycleEvent> all = first + second;
    QCOMPARE(written.size(), all.size());
    for (int i = 0; i < all.size(); ++i)
        QCOMPARE(QJsonDocument::fromJson(written[i]).object(), all[i].toJson());
    QCOMPARE(QFile(path).permissions() & ~(QFile::ReadOwner | QFile::WriteOwner | QFile::ReadUser | QFile::WriteUser),
             QFileDevice::Permissions());
}

void TestEventSinks::jsonLinesSurviveRotation()
{
    TestEnvironment env;
    const QString path = env.path(QStringLiteral("events.jsonl"));
    JsonLinesSink sink(path);
    sink.deliver({fixtureEvent(EventId::New, 1, QStringLiteral("My"), fixtureTime(1))});
    QVERIFY(QFile::rename(path, path + QStringLiteral(".1"))); // logrotate
    sink.deliver({fixtureEvent(EventId::New, 2, QStringLiteral("My"), fixtureTime(2))});
    QCOMPARE(sink.failures(), 0);
    QCOMPARE(lines(path + QStringLiteral(".1")).size(), 1);
    const QList<QByteArray> current = lines(path);
    QCOMPARE(current.size(), 1);
    QCOMPARE(QJsonDocument::fromJson(current[0]).object().value(QStringLiteral("message")).toString(),
             QStringLiteral("New host2.example.org in My"));
}

void TestEventSinks::jsonLinesRefuseSymlinkAndMissingDirectory()
{
    TestEnvironment env;
    const QString target = env.path(QStringLiteral("precious"));
    QFile t(target);
    QVERIFY(t.open(QIODevice::WriteOnly));
    t.write("keep me\n");
    t.close();
    const QString link = env.path(QStringLiteral("events.jsonl"));
    QVERIFY(QFile::link(target, link));
    JsonLinesSink sink(link);
    sink.deliver({fixtureEvent(EventId::New, 1, QStringLiteral("My"), fixtureTime())});
    QCOMPARE(sink.failures(), 1);
    QVERIFY2(sink.lastError().contains(link), qPrintable(sink.lastError()));
    QCOMPARE(lines(target), QList<QByteArray>{"keep me"});

    JsonLinesSink nowhere(env.path(QStringLiteral("no/such/dir/events.jsonl")));
    nowhere.deliver({fixtureEvent(EventId::New, 1, QStringLiteral("My"), fixtureTime())});
    QCOMPARE(nowhere.failures(), 1);
    QVERIFY(nowhere.lastError().contains(QStringLiteral("no/such/dir")));
}

QTEST_GUILESS_MAIN(TestEventSinks)
#include "TestEventSinks.moc"
