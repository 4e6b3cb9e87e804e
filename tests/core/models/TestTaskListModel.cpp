// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "../tasks/TaskFixture.h"
#include "ModelTestData.h"
#include "TestEnvironment.h"
#include "models/TaskListModel.h"
#include "models/TaskRunModel.h"
#include "tasks/TaskRegistry.h"
#include "util/Paths.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace certlife;
using namespace certlife::test;

// The Tasks page's models: the task list (both channels, last run) and the run history
// of one task, over real task files and a real run log.
class TestTaskListModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void listsTasksOfBothChannelsWithTheirLastRun();
    void refreshSignalsOnlyTheRowsThatChanged();
    void runHistoryShowsCertificateOutcomeDurationAndOutput();
    void runHistoryPagesThroughEveryRunOfAnOutcome_data();
    void runHistoryPagesThroughEveryRunOfAnOutcome();

private:
    static NotificationTask task(const QString& name, Scope channel, const QString& command)
    {
        NotificationTask t;
        t.name = name;
        t.channel = channel;
        t.command = command;
        t.arguments = {QStringLiteral("{OldCertHash}"), QStringLiteral("{NewCertHash}")};
        t.pinnedSha256 = QString(64, QLatin1Char('A'));
        return t;
    }
    static TaskRun finishedRun(TaskRunLog& log, const QString& task, qint64 recordId, TaskRunState state, int exitCode,
                               const QByteArray& output, const QDateTime& start, int seconds)
    {
        LifecycleEvent event;
        event.recordId = recordId;
        event.id = EventId::Replace;
        event.channel = Scope::System;
        event.storeId = QStringLiteral("web");
        event.certificate.thumbprint = QString(40, QLatin1Char('B'));
        event.certificate.subjectCN = QStringLiteral("www.example.com");
        CertificateDetails old;
        old.thumbprint = QString(40, QLatin1Char('C'));
        event.oldCertificate = old;
        qint64 id = 0;
        QString error;
        if (log.claim(task, event, 1, start, QStringLiteral("test"), &id, &error) != TaskRunLog::Claim::Claimed)
            qFatal("claim: %s", qPrintable(error));
        log.markRunning(id, start, QString(64, QLatin1Char('D')), &error);
        TaskRun run = *log.run(id);
        run.state = state;
        run.startedAt = start;
        run.endedAt = start.addSecs(seconds);
        run.exitCode = exitCode;
        run.output = output;
        log.finish(run, &error);
        return *log.run(id);
    }
};

void TestTaskListModel::listsTasksOfBothChannelsWithTheirLastRun()
{
    TestEnvironment env;
    QString error;
    TaskRegistry system(Scope::System);
    QVERIFY2(system.add(
                 task(QStringLiteral("nginx-rebind"), Scope::System, QStringLiteral("/usr/local/sbin/nginx-rebind.sh")),
                 &error),
             qPrintable(error));
    NotificationTask warn = task(QStringLiteral("mail-me"), Scope::User, QStringLiteral("/home/alice/bin/mail-me"));
    warn.type = TaskType::Expire;
    warn.enabled = false;
    warn.arguments.clear();
    TaskRegistry user(Scope::User);
    QVERIFY2(user.add(warn, &error), qPrintable(error));
    TaskRunLog log(Paths::eventLogFile(Scope::System));
    QVERIFY(log.open(&error));
    finishedRun(log, QStringLiteral("nginx-rebind"), 7, TaskRunState::Succeeded, 0, "ok\n", utc(2026, 2, 1, 10), 2);
    finishedRun(log, QStringLiteral("nginx-rebind"), 9, TaskRunState::Failed, 1, "nginx: [emerg] bad\n",
                utc(2026, 2, 20, 10), 3);

    const TaskListing listing = loadTaskListing();
    QVERIFY(listing.problems.isEmpty());
    TaskListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setEntries(listing.tasks);
    QCOMPARE(model.rowCount(), 2);
    const int rebind = model.findTask(Scope::System, QStringLiteral("nginx-rebind"));
    const int mail = model.findTask(Scope::User, QStringLiteral("mail-me"));
    QVERIFY(rebind >= 0 && mail >= 0);
    auto text = [&](int row, int column) { return model.index(row, column).data().toString(); };
    QCOMPARE(text(rebind, TaskListModel::TypeColumn), QStringLiteral("Replace (1001)"));
    QCOMPARE(text(rebind, TaskListModel::ChannelColumn), QStringLiteral("System"));
    QCOMPARE(text(rebind, TaskListModel::CommandColumn),
             QStringLiteral("/usr/local/sbin/nginx-rebind.sh {OldCertHash} {NewCertHash}"));
    QCOMPARE(text(rebind, TaskListModel::EnabledColumn), QStringLiteral("Yes"));
    QCOMPARE(text(rebind, TaskListModel::LastRunColumn), QStringLiteral("2026-02-20 10:00")); // the newest run's end
    QCOMPARE(text(rebind, TaskListModel::LastResultColumn), QStringLiteral("failed (exit 1)"));
    QVERIFY(model.index(rebind, TaskListModel::LastResultColumn)
                .data(Qt::ToolTipRole)
                .toString()
                .contains(QStringLiteral("nginx: [emerg] bad")));
    QCOMPARE(text(mail, TaskListModel::TypeColumn), QStringLiteral("Expire (1002, 1003)"));
    QCOMPARE(text(mail, TaskListModel::EnabledColumn), QStringLiteral("No"));
    QCOMPARE(text(mail, TaskListModel::LastRunColumn), QStringLiteral("never"));
    QCOMPARE(model.index(mail, 0).data(TaskListModel::TaskKeyRole).toString(), QStringLiteral("user/mail-me"));

    // A task file others could change is refused and reported; the rest still lists.
    ::chmod(QFile::encodeName(user.filePath(QStringLiteral("mail-me"))).constData(), 0666);
    const TaskListing refused = loadTaskListing();
    QCOMPARE(refused.tasks.size(), 1);
    QCOMPARE(refused.problems.size(), 1);
    QVERIFY2(refused.problems.first().contains(QStringLiteral("is writable by group or others")),
             qPrintable(refused.problems.first()));
}

void TestTaskListModel::refreshSignalsOnlyTheRowsThatChanged()
{
    TaskListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QList<TaskListEntry> entries;
    for (const QString& name : {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")})
        entries << TaskListEntry{task(name, Scope::User, QStringLiteral("/usr/local/bin/") + name), {}, std::nullopt};
    model.setEntries(entries);
    QCOMPARE(model.rowCount(), 3);

    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    // b disabled, c removed, d added: one row changes, one leaves, one arrives.
    entries[1].task.enabled = false;
    entries.removeAt(2);
    entries << TaskListEntry{
        task(QStringLiteral("d"), Scope::System, QStringLiteral("/usr/local/sbin/d")), {}, std::nullopt};
    model.setEntries(entries);
    QCOMPARE(reset.size(), 0);
    QCOMPARE(removed.size(), 1);
    QCOMPARE(removed.first().at(1).toInt(), 2);
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.first().at(0).toModelIndex().row(), 1);
    QCOMPARE(changed.first().at(1).toModelIndex().row(), 1);
    QCOMPARE(model.index(1, TaskListModel::EnabledColumn).data().toString(), QStringLiteral("No"));
    QCOMPARE(model.index(2, TaskListModel::ChannelColumn).data().toString(), QStringLiteral("System"));

    // The same list again changes nothing.
    changed.clear();
    model.setEntries(entries);
    QCOMPARE(changed.size(), 0);
}

void TestTaskListModel::runHistoryShowsCertificateOutcomeDurationAndOutput()
{
    TestEnvironment env;
    QString error;
    TaskRunLog log(Paths::eventLogFile(Scope::System));
    QVERIFY(log.open(&error));
    finishedRun(log, QStringLiteral("rebind"), 3, TaskRunState::Succeeded, 0, "testing nginx\nreloaded nginx.service\n",
                utc(2026, 2, 1, 10), 2);
    finishedRun(log, QStringLiteral("rebind"), 4, TaskRunState::Failed, 1, "nginx: [emerg] cannot load certificate\n",
                utc(2026, 2, 3, 10), 75);
    finishedRun(log, QStringLiteral("other"), 4, TaskRunState::Succeeded, 0, "", utc(2026, 2, 3, 10), 1);

    TaskRunModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setRuns(QStringLiteral("system/rebind"),
                  loadTaskRunPage(Scope::System, QStringLiteral("rebind"), TaskRunOutcome::Any).runs);
    QCOMPARE(model.rowCount(), 2);
    auto text = [&](int row, int column) { return model.index(row, column).data().toString(); };
    // Newest first, as the run log returns them.
    QCOMPARE(text(0, TaskRunModel::TimeColumn), QStringLiteral("2026-02-03 10:00"));
    QCOMPARE(text(0, TaskRunModel::CertificateColumn), QStringLiteral("www.example.com (renewed)"));
    QCOMPARE(text(0, TaskRunModel::EventColumn), QStringLiteral("1001 #4"));
    QCOMPARE(text(0, TaskRunModel::ResultColumn), QStringLiteral("failed (exit 1)"));
    QCOMPARE(text(0, TaskRunModel::DurationColumn), QStringLiteral("1 min 15 s"));
    QCOMPARE(text(0, TaskRunModel::OutputColumn), QStringLiteral("nginx: [emerg] cannot load certificate"));
    QCOMPARE(text(1, TaskRunModel::DurationColumn), QStringLiteral("2.0 s"));
    QCOMPARE(text(1, TaskRunModel::OutputColumn), QStringLiteral("reloaded nginx.service")); // the last line
    QVERIFY(model.index(1, TaskRunModel::OutputColumn)
                .data(Qt::ToolTipRole)
                .toString()
                .contains(QStringLiteral("testing nginx")));

    // A new run arrives as one inserted row; another task's runs replace the rows.
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    finishedRun(log, QStringLiteral("rebind"), 5, TaskRunState::Succeeded, 0, "ok\n", utc(2026, 2, 5, 10), 1);
    model.setRuns(QStringLiteral("system/rebind"),
                  loadTaskRunPage(Scope::System, QStringLiteral("rebind"), TaskRunOutcome::Any).runs);
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(reset.size(), 0);
    model.setRuns(QStringLiteral("system/other"),
                  loadTaskRunPage(Scope::System, QStringLiteral("other"), TaskRunOutcome::Any).runs);
    QCOMPARE(reset.size(), 1);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(text(0, TaskRunModel::OutputColumn), QString()); // no output, no reason
}

void TestTaskListModel::runHistoryPagesThroughEveryRunOfAnOutcome_data()
{
    QTest::addColumn<int>("outcome");
    QTest::addColumn<int>("matching");
    QTest::newRow("any") << int(TaskRunOutcome::Any) << 23;
    QTest::newRow("failed (exit, timeout)") << int(TaskRunOutcome::Failed) << 9;
    QTest::newRow("succeeded") << int(TaskRunOutcome::Succeeded) << 14;
    QTest::newRow("refused: none") << int(TaskRunOutcome::Refused) << 0;
}

void TestTaskListModel::runHistoryPagesThroughEveryRunOfAnOutcome()
{
    QFETCH(int, outcome);
    QFETCH(int, matching);
    TestEnvironment env;
    QString error;
    TaskRunLog log(Paths::eventLogFile(Scope::System));
    QVERIFY(log.open(&error));
    // 23 runs of "rebind": every third failed (one of them timed out), the rest succeeded;
    // "other" runs too and must never show up.
    for (int i = 0; i < 23; ++i) {
        const TaskRunState state = i == 5 ? TaskRunState::TimedOut
            : i % 3 == 1                  ? TaskRunState::Failed
                                          : TaskRunState::Succeeded;
        finishedRun(log, QStringLiteral("rebind"), 100 + i, state, state == TaskRunState::Succeeded ? 0 : 1, "",
                    utc(2026, 2, 1, 10).addSecs(i), 1);
        finishedRun(log, QStringLiteral("other"), 100 + i, TaskRunState::Failed, 1, "", utc(2026, 2, 1, 10).addSecs(i),
                    1);
    }

    TaskRunModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const auto wanted = TaskRunOutcome(outcome);
    TaskRunPage page = loadTaskRunPage(Scope::System, QStringLiteral("rebind"), wanted, 0, 5);
    QVERIFY2(page.error.isEmpty(), qPrintable(page.error));
    QCOMPARE(page.counts.total(), 23);
    QCOMPARE(page.counts.failed, 9);
    QCOMPARE(page.counts.succeeded, 14);
    model.setRuns(QStringLiteral("system/rebind"), page.runs);
    int pages = 1;
    while (page.more) {
        page =
            loadTaskRunPage(Scope::System, QStringLiteral("rebind"), wanted, model.runAt(model.rowCount() - 1).id, 5);
        model.appendRuns(page.runs);
        ++pages;
    }
    QCOMPARE(model.rowCount(), matching);
    QCOMPARE(pages, std::max(1, (matching + 4) / 5));
    const QList<TaskRunState> states = taskRunStates(wanted);
    for (int row = 0; row < model.rowCount(); ++row) {
        const TaskRun& run = model.runAt(row);
        QCOMPARE(run.task, QStringLiteral("rebind"));
        QVERIFY(states.isEmpty() || states.contains(run.state));
        if (row > 0)
            QVERIFY(run.id < model.runAt(row - 1).id); // newest first, none twice
    }
}

QTEST_GUILESS_MAIN(TestTaskListModel)
#include "TestTaskListModel.moc"
