// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "tasks/NotificationTask.h"
#include "tasks/TaskFile.h"
#include "tasks/TaskTemplate.h"

#include <QTest>

using namespace certlife;

class TestNotificationTask : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void templatesExpandToOneLiteralArgument();
    void domainsAreTheDnsNamesSpaceSeparated_data();
    void domainsAreTheDnsNamesSpaceSeparated();
    void unknownPlaceholdersAreErrors_data();
    void unknownPlaceholdersAreErrors();
    void namesThatCouldEscapeTheDirectoryAreRefused_data();
    void namesThatCouldEscapeTheDirectoryAreRefused();
    void validationNamesEveryProblem();
    void fileRoundTripKeepsAwkwardValues();
    void fileErrorsNameTheFileAndLine_data();
    void fileErrorsNameTheFileAndLine();
    void matchingByTypeChannelAndFilters();

private:
    static NotificationTask validTask();
    static LifecycleEvent replaceEvent();
};

NotificationTask TestNotificationTask::validTask()
{
    NotificationTask t;
    t.name = QStringLiteral("rebind");
    t.command = QStringLiteral("/usr/local/sbin/rebind");
    t.pinnedSha256 = QString(64, QLatin1Char('A'));
    return t;
}

LifecycleEvent TestNotificationTask::replaceEvent()
{
    LifecycleEvent e;
    e.id = EventId::Replace;
    e.channel = Scope::System;
    e.recordId = 12;
    e.storeId = QStringLiteral("My");
    e.certificate.thumbprint = QString(40, QLatin1Char('B'));
    e.certificate.subject = QStringLiteral("CN=www.example.org,O=Example");
    e.certificate.notAfter = QDateTime(QDate(2027, 3, 1), QTime(12, 0), Qt::UTC);
    CertificateDetails old;
    old.thumbprint = QString(40, QLatin1Char('A'));
    old.subject = QStringLiteral("CN=old.example.org");
    e.oldCertificate = old;
    return e;
}

void TestNotificationTask::templatesExpandToOneLiteralArgument()
{
    LifecycleEvent e = replaceEvent();
    e.certificate.subject = QStringLiteral("CN=$(touch x) `id`; rm -rf / {Store} %s $HOME *");
    const TaskValues v = TaskValues::fromEvent(e, QStringLiteral("rebind"), QStringLiteral("/s"));
    QCOMPARE(expandTemplate(QStringLiteral("--subject={Subject}"), v),
             QStringLiteral("--subject=CN=$(touch x) `id`; rm -rf / {Store} %s $HOME *"));
    QCOMPARE(expandTemplate(QStringLiteral("{OldCertHash}->{NewCertHash} #{EventRecordId} in {Store}"), v),
             QStringLiteral("%1->%2 #12 in My").arg(QString(40, QLatin1Char('A')), QString(40, QLatin1Char('B'))));
    QCOMPARE(expandTemplate(QStringLiteral("{{Subject}} }}{NotAfter}{{"), v),
             QStringLiteral("{Subject} }2027-03-01T12:00:00Z{"));
    QCOMPARE(expandTemplate(QString(), v), QString());

    LifecycleEvent expire = replaceEvent();
    expire.id = EventId::CloseToExpiration;
    expire.oldCertificate.reset();
    const TaskValues x = TaskValues::fromEvent(expire, QStringLiteral("warn"), QStringLiteral("/s"));
    QCOMPARE(x.oldCertHash, QString(40, QLatin1Char('B')));
    QCOMPARE(x.newCertHash, QString());
    QCOMPARE(x.thumbprint, QString(40, QLatin1Char('B')));
    QCOMPARE(x.newCertPath, QString());
}

void TestNotificationTask::domainsAreTheDnsNamesSpaceSeparated_data()
{
    QTest::addColumn<QStringList>("sans");
    QTest::addColumn<QString>("domains");
    QTest::newRow("none") << QStringList() << QString();
    QTest::newRow("DNS only, in order") << QStringList{"IP:192.0.2.1", "DNS:b.example", "email:a@b.example",
                                                       "DNS:a.example"}
                                        << "b.example a.example";
    QTest::newRow("duplicates once") << QStringList{"DNS:a.example", "DNS:a.example"} << "a.example";
    QTest::newRow("wildcard kept") << QStringList{"DNS:*.example.org"} << "*.example.org";
    QTest::newRow("shell text kept literally") << QStringList{"DNS:$(id);`x`|y"} << "$(id);`x`|y";
    QTest::newRow("space left out") << QStringList{"DNS:a.example b.example", "DNS:c.example"} << "c.example";
    QTest::newRow("newline left out") << QStringList{"DNS:a.example\nb.example"} << QString();
    QTest::newRow("tab left out") << QStringList{"DNS:a\tb"} << QString();
    QTest::newRow("escape left out") << QStringList{"DNS:a\x1b[2Jb"} << QString();
    QTest::newRow("empty left out") << QStringList{"DNS:"} << QString();
}

void TestNotificationTask::domainsAreTheDnsNamesSpaceSeparated()
{
    QFETCH(QStringList, sans);
    QFETCH(QString, domains);
    QCOMPARE(taskDomains(sans), domains);
    LifecycleEvent e = replaceEvent();
    e.certificate.sans = sans;
    const TaskValues v = TaskValues::fromEvent(e, QStringLiteral("rebind"), QStringLiteral("/s"));
    QCOMPARE(expandTemplate(QStringLiteral("{Domains}"), v), domains);
}

void TestNotificationTask::unknownPlaceholdersAreErrors_data()
{
    QTest::addColumn<QString>("templ");
    QTest::addColumn<QString>("error");
    QTest::newRow("unknown") << "{OldCertHsh}"
                             << "unknown placeholder {OldCertHsh}";
    QTest::newRow("case") << "{subject}"
                          << "unknown placeholder {subject}";
    QTest::newRow("unclosed") << "--x={Store"
                              << "unclosed '{' at position 5";
    QTest::newRow("lone close") << "a}b"
                                << "lone '}' at position 2";
    QTest::newRow("empty") << "{}"
                           << "unknown placeholder {}";
}

void TestNotificationTask::unknownPlaceholdersAreErrors()
{
    QFETCH(QString, templ);
    QFETCH(QString, error);
    const QString why = validateTemplate(templ);
    QVERIFY2(why.startsWith(error), qPrintable(why));
    NotificationTask t = validTask();
    t.arguments = {QStringLiteral("{Thumbprint}"), templ};
    const QStringList problems = validateTask(t);
    QCOMPARE(problems.size(), 1);
    QVERIFY2(problems.first().startsWith(QStringLiteral("argument 2 \"%1\": %2").arg(templ, error)),
             qPrintable(problems.first()));
}

void TestNotificationTask::namesThatCouldEscapeTheDirectoryAreRefused_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("valid");
    QTest::newRow("plain") << "nginx-rebind" << true;
    QTest::newRow("dots inside") << "web.v2_final" << true;
    QTest::newRow("dotdot") << ".." << false;
    QTest::newRow("hidden") << ".x" << false;
    QTest::newRow("slash") << "a/b" << false;
    QTest::newRow("traversal") << "../../etc/passwd" << false;
    QTest::newRow("space") << "a b" << false;
    QTest::newRow("empty") << "" << false;
    QTest::newRow("newline") << "a\nb" << false;
    QTest::newRow("too long") << QString(65, QLatin1Char('a')) << false;
}

void TestNotificationTask::namesThatCouldEscapeTheDirectoryAreRefused()
{
    QFETCH(QString, name);
    QFETCH(bool, valid);
    QCOMPARE(isValidTaskName(name), valid);
}

void TestNotificationTask::validationNamesEveryProblem()
{
    QVERIFY(validateTask(validTask()).isEmpty());
    NotificationTask t = validTask();
    t.command = QStringLiteral("rebind.sh");
    t.timeoutSeconds = 0;
    t.type = TaskType::Expire;
    t.runForExisting = true;
    t.pinnedSha256.clear();
    const QStringList problems = validateTask(t);
    QCOMPARE(problems,
             QStringList({
                 QStringLiteral("command \"rebind.sh\" is not an absolute path"),
                 QStringLiteral("timeout 0 s is outside 1-604800 s"),
                 QStringLiteral("run-for-existing applies to Replace tasks only"),
                 QStringLiteral("pinned SHA-256 \"\" is not 64 upper-case hex digits"),
             }));
    t = validTask();
    t.command = QStringLiteral("/usr/local/../bin/x");
    QCOMPARE(validateTask(t),
             QStringList(QStringLiteral("command \"/usr/local/../bin/x\" is not a clean path (no '.', '..', '//' or "
                                        "trailing '/'): use /usr/bin/x")));
}

void TestNotificationTask::fileRoundTripKeepsAwkwardValues()
{
    NotificationTask t = validTask();
    t.type = TaskType::Replace;
    t.channel = Scope::User;
    t.arguments = {QStringLiteral(" leading and trailing "),
                   QStringLiteral("back\\slash"),
                   QStringLiteral("two\nlines\ttab"),
                   QString(),
                   QStringLiteral("# not a comment"),
                   QStringLiteral("key=value"),
                   QStringLiteral("{Subject}")};
    t.filterThumbprint = QString(40, QLatin1Char('C'));
    t.filterStore = QStringLiteral("web.certs");
    t.filterSubject = QStringLiteral("example.org");
    t.timeoutSeconds = 120;
    t.retries = 0;
    t.retryIntervalSeconds = 30;
    t.enabled = false;
    t.runForExisting = true;
    QString error;
    const auto back = parseTaskFile(serializeTaskFile(t), QStringLiteral("x.task"), &error);
    QVERIFY2(back, qPrintable(error));
    QCOMPARE(*back, t);
}

void TestNotificationTask::fileErrorsNameTheFileAndLine_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("error");
    const QByteArray head = "[Task]\nName=x\nType=Replace\nChannel=System\nCommand=/bin/true\n";
    const QByteArray pin = "Sha256=" + QByteArray(64, 'A') + "\n";
    QTest::newRow("typo") << head + "FilterThumbprnt=AB\n" + pin << "/d/x.task line 6: unknown key \"FilterThumbprnt\"";
    QTest::newRow("twice") << head + "Command=/bin/false\n" + pin << "/d/x.task line 6: Command is given twice";
    QTest::newRow("no pin") << head << "/d/x.task line 6: Sha256= is missing";
    QTest::newRow("bad type") << QByteArray("[Task]\nType=Renew\n")
                              << "/d/x.task line 2: Type \"Renew\" is not Replace, Expire or Stale";
    QTest::newRow("before section") << QByteArray("Name=x\n[Task]\n")
                                    << "/d/x.task line 1: text before the [Task] section";
    QTest::newRow("escape") << head + "Argument=a\\qb\n" + pin << "/d/x.task line 6: unknown escape \\q";
    QTest::newRow("placeholder") << head + "Argument={Sbj}\n" + pin
                                 << "/d/x.task: argument 1 \"{Sbj}\": unknown placeholder {Sbj}";
    QTest::newRow("thumbprint") << head + "FilterThumbprint=XYZ\n" + pin
                                << "/d/x.task line 6: FilterThumbprint \"XYZ\" is not a SHA-1 thumbprint";
}

void TestNotificationTask::fileErrorsNameTheFileAndLine()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, error);
    QString why;
    QVERIFY(!parseTaskFile(content, QStringLiteral("/d/x.task"), &why));
    QVERIFY2(why.startsWith(error), qPrintable(why));
}

void TestNotificationTask::matchingByTypeChannelAndFilters()
{
    NotificationTask t = validTask();
    const LifecycleEvent e = replaceEvent();
    QVERIFY(t.matches(e));
    t.type = TaskType::Expire;
    QVERIFY(!t.matches(e));
    LifecycleEvent expired = e;
    expired.id = EventId::Expired;
    QVERIFY(t.matches(expired));
    expired.id = EventId::CloseToExpiration;
    QVERIFY(t.matches(expired));
    expired.id = EventId::Deleted;
    QVERIFY(!t.matches(expired));

    t = validTask();
    t.channel = Scope::User;
    QVERIFY(!t.matches(e));
    t = validTask();
    t.filterStore = QStringLiteral("Other");
    QVERIFY(!t.matches(e));
    t.filterStore = QStringLiteral("My");
    QVERIFY(t.matches(e));
    // A Replace task's thumbprint filter follows the old certificate as well as the new.
    t.filterThumbprint = QString(40, QLatin1Char('A'));
    QVERIFY(t.matches(e));
    t.filterThumbprint = QString(40, QLatin1Char('B'));
    QVERIFY(t.matches(e));
    t.filterThumbprint = QString(40, QLatin1Char('C'));
    QVERIFY(!t.matches(e));
    t.filterThumbprint.clear();
    t.filterSubject = QStringLiteral("WWW.EXAMPLE");
    QVERIFY(t.matches(e));
    t.filterSubject = QStringLiteral("other.example");
    QVERIFY(!t.matches(e));
}

QTEST_GUILESS_MAIN(TestNotificationTask)
#include "TestNotificationTask.moc"
