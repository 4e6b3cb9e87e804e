// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// The runner's queue: a rate limit holds runs back (never refuses them), held-back runs
// outlive their runner, and a digest task gets one run with all its events.
#include "TaskRunnerBench.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace certlife;
using namespace certlife::test;

class TestTaskQueue : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rateLimitHoldsRunsBackInsteadOfRefusing();
    void heldBackRunsOutliveTheirRunner();
    void digestRunCarriesEveryEventInAPrivateFile();
    void digestLeavesOutWhatIsNoLongerTrue();
    void digestTaskMayNotNameOneEvent();
};

namespace {

LifecycleEvent expireEvent(Bench& b, qint64 recordId, const QString& subject)
{
    LifecycleEvent e;
    e.recordId = recordId;
    e.id = EventId::CloseToExpiration;
    e.channel = Scope::System;
    e.storeId = QStringLiteral("My");
    e.certificate.thumbprint = QStringLiteral("%1").arg(recordId, 40, 10, QLatin1Char('A'));
    e.certificate.subject = subject;
    e.certificate.notAfter = kNotAfter;
    e.remainingSeconds = 86400;
    b.storeContent.insert(e.certificate.thumbprint, e.certificate);
    return e;
}

QList<qint64> recordIdsRun(const QString& out)
{
    QList<qint64> ids;
    for (const QString& file : recordedFiles(out, QStringLiteral("argv")))
        ids << QFileInfo(file).fileName().section(QLatin1Char('-'), 1, 1).toLongLong();
    std::sort(ids.begin(), ids.end());
    return ids;
}

// A digest script: keeps a copy of its events file, the file's and its directory's
// modes and owner, its path, argv and environment.
QString digestRecorder(Bench& b)
{
    const QByteArray out = QFile::encodeName(b.out);
    QDir().mkpath(b.out);
    return b.scripts.write(QStringLiteral("digest.sh"),
                           "#!/bin/bash\nset -eu\nout='" + out
                               + "'\n"
                                 "n=$(ls \"$out\" | grep -c '^events-' || true)\n"
                                 "cp \"$CERTLIFE_EVENTS_FILE\" \"$out/events-$n\"\n"
                                 "stat -c '%a %u' \"$CERTLIFE_EVENTS_FILE\" > \"$out/filemode-$n\"\n"
                                 "stat -c '%a %u' \"$(dirname \"$CERTLIFE_EVENTS_FILE\")\" > \"$out/dirmode-$n\"\n"
                                 "printf '%s' \"$CERTLIFE_EVENTS_FILE\" > \"$out/path-$n\"\n"
                                 "printf '%s\\0' \"$@\" > \"$out/argv-$n\"\n"
                                 "cat /proc/$$/environ > \"$out/env-$n\"\n");
}

} // namespace

void TestTaskQueue::rateLimitHoldsRunsBackInsteadOfRefusing()
{
    Bench b;
    b.policy.ratePerHour = 2;
    b.addTask(QStringLiteral("limited"), b.scripts.writeRecorder(QStringLiteral("r.sh"), b.out));
    auto runner = b.runner();
    QList<LifecycleEvent> events;
    for (qint64 id = 1; id <= 5; ++id)
        events << b.replaceEvent(id);
    const QList<qint64> ids = runner->submitAll(events);
    QCOMPARE(ids.size(), 5);
    const QList<TaskRun> first = QCoro::waitFor(runner->waitForRuns(ids));
    QCOMPARE(b.log.count(ids).succeeded, 2);
    QCOMPARE(b.log.count(ids).queued, 3);
    QCOMPARE(b.log.count(ids).refused, 0);
    QVERIFY(runner->isIdle());
    QCOMPARE(runner->heldBackCount(), 3);
    const TaskRun held = first.at(2);
    QCOMPARE(held.state, TaskRunState::Queued);
    QVERIFY(held.isDelayed());
    QCOMPARE(held.nextAttemptAt, kNow.addSecs(3600).addMSecs(1)); // both ran at kNow
    QVERIFY2(held.reason.startsWith(
                 QStringLiteral("held back by the rate limit: task limited may start 2 runs in any hour")),
             qPrintable(held.reason));
    QCOMPARE(first.at(4).nextAttemptAt, kNow.addSecs(2 * 3600).addMSecs(1)); // two runs ahead of it

    // The clock moves, not the test: at the hour nothing yet, just after it two more.
    b.clock->advance(3600);
    runner->processDueRetries();
    QTest::qWait(50);
    QCOMPARE(b.log.count(ids).succeeded, 2);
    b.clock->advance(1);
    runner->processDueRetries();
    QTRY_COMPARE_WITH_TIMEOUT(b.log.count(ids).succeeded, 4, 20000);
    QCOMPARE(b.log.count(ids).queued, 1);
    b.clock->advance(3601); // an hour after those two started
    runner->processDueRetries();
    QTRY_COMPARE_WITH_TIMEOUT(b.log.count(ids).succeeded, 5, 20000);
    QTRY_VERIFY_WITH_TIMEOUT(runner->isIdle(), 20000);
    QCOMPARE(recordIdsRun(b.out), (QList<qint64>{1, 2, 3, 4, 5})); // each once, none refused
    const TaskRun last = *b.log.run(ids.at(4));
    QVERIFY(!last.nextAttemptAt.isValid());
    QVERIFY(last.reason.isEmpty());
}

void TestTaskQueue::heldBackRunsOutliveTheirRunner()
{
    Bench b;
    b.policy.ratePerHour = 1;
    b.addTask(QStringLiteral("limited"), b.scripts.writeRecorder(QStringLiteral("r.sh"), b.out));
    QList<qint64> ids;
    {
        auto runner = b.runner();
        ids = runner->submitAll({b.replaceEvent(1), b.replaceEvent(2), b.replaceEvent(3)});
        QCoro::waitFor(runner->waitForRuns(ids));
        QCOMPARE(b.log.count(ids).succeeded, 1);
    }
    // The runner ended (a `certlifectl switch`, an agent stopped): its held-back runs
    // are queued in the log for anyone to take over.
    QCOMPARE(b.log.run(ids.at(1))->state, TaskRunState::Queued);
    QCOMPARE(b.log.run(ids.at(1))->owner, QString());
    b.clock->advance(3601);
    auto next = b.runner();
    QCOMPARE(next->recover(), 2);
    QTRY_COMPARE_WITH_TIMEOUT(b.log.count(ids).succeeded, 2, 20000);
    b.clock->advance(3601);
    next->processDueRetries();
    QTRY_COMPARE_WITH_TIMEOUT(b.log.count(ids).succeeded, 3, 20000);
    QCOMPARE(recordIdsRun(b.out), (QList<qint64>{1, 2, 3}));
    QCOMPARE(next->recover(), 0); // nothing left
}

void TestTaskQueue::digestRunCarriesEveryEventInAPrivateFile()
{
    Bench b;
    NotificationTask t = b.addTask(QStringLiteral("digest"), digestRecorder(b), TaskType::Expire,
                                   {QStringLiteral("--ids={EventRecordIds}")});
    t.digest = true;
    QString error;
    QVERIFY2(b.registry.update(t, &error), qPrintable(error));
    const QString hostile = QStringLiteral("CN=\"quoted\", O=back\\slash\nnewline\t</script>\x1b[2J $(touch x) ")
        + QChar(0) + QStringLiteral("after-nul ") + QChar(0x202E);
    QList<LifecycleEvent> events{expireEvent(b, 11, hostile), expireEvent(b, 12, QStringLiteral("CN=b")),
                                 expireEvent(b, 13, QStringLiteral("CN=c"))};
    auto runner = b.runner();
    const QList<qint64> ids = runner->submitAll(events);
    QCOMPARE(ids.size(), 1); // one run for the three events
    const TaskRun run = QCoro::waitFor(runner->waitForRuns(ids)).first();
    QCOMPARE(run.state, TaskRunState::Succeeded);
    QCOMPARE(run.digestEvents, 3);
    QCOMPARE(run.eventRecordId, 11);

    QCOMPARE(splitNul(readAllOf(b.out + QStringLiteral("/argv-0"))), QStringList{QStringLiteral("--ids=11,12,13")});
    const QHash<QString, QString> env = environmentOf(readAllOf(b.out + QStringLiteral("/env-0")));
    QCOMPARE(env.value(QStringLiteral("CERTLIFE_EVENT_COUNT")), QStringLiteral("3"));
    QCOMPARE(env.value(QStringLiteral("CERTLIFE_EVENT_RECORD_IDS")), QStringLiteral("11,12,13"));
    QVERIFY(!env.contains(QStringLiteral("CERTLIFE_THUMBPRINT"))); // names one event: not in a digest
    const QString path = QString::fromUtf8(readAllOf(b.out + QStringLiteral("/path-0")));
    QCOMPARE(env.value(QStringLiteral("CERTLIFE_EVENTS_FILE")), path);
    const QString uid = QString::number(::geteuid());
    QCOMPARE(QString::fromUtf8(readAllOf(b.out + QStringLiteral("/filemode-0"))).trimmed(),
             QStringLiteral("600 ") + uid);
    QCOMPARE(QString::fromUtf8(readAllOf(b.out + QStringLiteral("/dirmode-0"))).trimmed(),
             QStringLiteral("700 ") + uid);
    QVERIFY2(!QFileInfo::exists(path), qPrintable(path)); // removed after the run

    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(readAllOf(b.out + QStringLiteral("/events-0")), &parseError);
    QVERIFY2(parseError.error == QJsonParseError::NoError, qPrintable(parseError.errorString()));
    QCOMPARE(doc.object().value(QLatin1String("task")).toString(), QStringLiteral("digest"));
    const QJsonArray list = doc.object().value(QLatin1String("events")).toArray();
    QCOMPARE(list.size(), 3);
    const std::optional<LifecycleEvent> back = LifecycleEvent::fromJson(list.at(0).toObject());
    QVERIFY(back);
    QCOMPARE(back->recordId, 11);
    QCOMPARE(back->certificate.subject, hostile); // escaped as JSON, read back exactly
    QCOMPARE(back->certificate.thumbprint, events.at(0).certificate.thumbprint);

    // Each event record belongs to one run of the task, ever.
    QVERIFY(runner->submitAll(events).isEmpty());
    QVERIFY(runner->submit(events.at(1)).isEmpty());
    QCOMPARE(runner->submitAll({events.at(2), expireEvent(b, 14, QStringLiteral("CN=d"))}).size(), 1);
    QTRY_VERIFY_WITH_TIMEOUT(runner->isIdle(), 20000);
    QCOMPARE(splitNul(readAllOf(b.out + QStringLiteral("/argv-1"))), QStringList{QStringLiteral("--ids=14")});
}

void TestTaskQueue::digestLeavesOutWhatIsNoLongerTrue()
{
    Bench b;
    NotificationTask t = b.addTask(QStringLiteral("digest"), digestRecorder(b), TaskType::Expire);
    t.digest = true;
    QString error;
    QVERIFY2(b.registry.update(t, &error), qPrintable(error));
    const QList<LifecycleEvent> events{expireEvent(b, 21, QStringLiteral("CN=a")),
                                       expireEvent(b, 22, QStringLiteral("CN=b"))};
    b.storeContent.remove(events.at(0).certificate.thumbprint); // gone since the event
    auto runner = b.runner();
    const TaskRun run = QCoro::waitFor(runner->waitForRuns(runner->submitAll(events))).first();
    QCOMPARE(run.state, TaskRunState::Succeeded);
    QVERIFY2(run.reason.startsWith(QStringLiteral("1 of 2 events left out (first: certificate ")),
             qPrintable(run.reason));
    const QHash<QString, QString> env = environmentOf(readAllOf(b.out + QStringLiteral("/env-0")));
    QCOMPARE(env.value(QStringLiteral("CERTLIFE_EVENT_RECORD_IDS")), QStringLiteral("22"));
}

void TestTaskQueue::digestTaskMayNotNameOneEvent()
{
    NotificationTask t;
    t.name = QStringLiteral("d");
    t.type = TaskType::Expire;
    t.command = QStringLiteral("/usr/local/sbin/warn");
    t.pinnedSha256 = QString(64, QLatin1Char('A'));
    t.arguments = {QStringLiteral("{Thumbprint}"), QStringLiteral("{EventRecordIds}")};
    QVERIFY(validateTask(t).isEmpty()); // one run per event: fine
    t.digest = true;
    const QStringList problems = validateTask(t);
    QCOMPARE(problems.size(), 1);
    QVERIFY2(problems.first().startsWith(QStringLiteral("argument 1 \"{Thumbprint}\": {Thumbprint} names one event")),
             qPrintable(problems.first()));
}

QTEST_GUILESS_MAIN(TestTaskQueue)
#include "TestTaskQueue.moc"
