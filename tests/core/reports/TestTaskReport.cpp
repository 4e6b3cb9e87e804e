// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "TestEnvironment.h"

#include "reports/TaskReport.h"
#include "tasks/TaskRegistry.h"
#include "util/Paths.h"

#include <QFile>
#include <QJsonArray>
#include <QTest>
#include <sys/stat.h>

using namespace certlife;
using namespace certlife::test;

// The task report: the tasks both scopes register, each with its latest run as the run
// log recorded it, and refused task files named rather than hidden.
class TestTaskReport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void tasksWithTheirLatestRun();
    void refusedTaskFilesAreProblems();
    void anUnreadableRunLogIsAProblem();

private:
    static inline const QDateTime kAt = QDateTime(QDate(2026, 2, 3), QTime(4, 5), Qt::UTC);
    static NotificationTask task(const QString& name, Scope channel, TaskType type = TaskType::Replace)
    {
        NotificationTask t;
        t.name = name;
        t.type = type;
        t.channel = channel;
        t.command = QStringLiteral("/usr/local/sbin/") + name;
        t.arguments = {QStringLiteral("{OldCertHash}"), QStringLiteral("{NewCertHash}")};
        t.pinnedSha256 = QString(64, QLatin1Char('D'));
        return t;
    }
    // Records one finished run of `name` for event `record`, ending at `end`.
    static void recordRun(TaskRunLog& log, const QString& name, qint64 record, const QDateTime& end, TaskRunState state,
                          int exitCode)
    {
        LifecycleEvent event;
        event.recordId = record;
        event.id = EventId::Replace;
        event.channel = Scope::System;
        qint64 id = 0;
        QString error;
        QCOMPARE(log.claim(name, event, 1, end.addSecs(-10), QStringLiteral("test"), &id, &error),
                 TaskRunLog::Claim::Claimed);
        QVERIFY2(log.markRunning(id, end.addSecs(-5), QString(64, QLatin1Char('D')), &error), qPrintable(error));
        TaskRun run = *log.run(id);
        run.state = state;
        run.exitCode = exitCode;
        run.endedAt = end;
        QVERIFY2(log.finish(run, &error), qPrintable(error));
    }
    static QJsonValue cell(const Report& r, int row, const QString& key)
    {
        return r.rows.value(row).cells.value(r.columnIndex(key));
    }
};

void TestTaskReport::tasksWithTheirLatestRun()
{
    TestEnvironment env;
    QString error;
    TaskRegistry system(Scope::System);
    NotificationTask rebind = task(QStringLiteral("nginx-rebind"), Scope::System);
    rebind.filterStore = QStringLiteral("web");
    rebind.filterSubject = QStringLiteral("example.org");
    QVERIFY2(system.add(rebind, &error), qPrintable(error));
    NotificationTask idle = task(QStringLiteral("idle"), Scope::System, TaskType::Expire);
    idle.enabled = false;
    QVERIFY2(system.add(idle, &error), qPrintable(error));
    TaskRegistry user(Scope::User);
    QVERIFY2(user.add(task(QStringLiteral("mine"), Scope::User), &error), qPrintable(error));

    TaskRunLog runs(Paths::eventLogFile(Scope::System));
    QVERIFY2(runs.open(&error), qPrintable(error));
    recordRun(runs, QStringLiteral("nginx-rebind"), 7, kAt, TaskRunState::Succeeded, 0);
    recordRun(runs, QStringLiteral("nginx-rebind"), 9, kAt.addSecs(3600), TaskRunState::Failed, 2); // the latest

    QStringList problems;
    const QList<TaskReportEntry> entries = loadTaskReportEntries({Scope::System, Scope::User}, &problems);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join('\n')));
    QCOMPARE(entries.size(), 3);
    const Report r = buildTaskReport(entries, FixedClock(kAt.addDays(1)));
    QCOMPARE(r.kind, ReportKind::Tasks);
    QCOMPARE(r.rows.size(), 3);
    QCOMPARE(r.summary, QStringLiteral("3 tasks: 2 enabled, 1 whose last run did not succeed"));

    int rebindRow = -1, idleRow = -1, mineRow = -1;
    for (int i = 0; i < r.rows.size(); ++i) {
        const QString name = cell(r, i, "name").toString();
        (name == QLatin1String("nginx-rebind") ? rebindRow : name == QLatin1String("idle") ? idleRow : mineRow) = i;
    }
    QVERIFY(rebindRow >= 0 && idleRow >= 0 && mineRow >= 0);
    QCOMPARE(cell(r, rebindRow, "type").toString(), QStringLiteral("Replace"));
    QCOMPARE(cell(r, rebindRow, "channel").toString(), QStringLiteral("System"));
    QCOMPARE(cell(r, rebindRow, "command").toString(), QStringLiteral("/usr/local/sbin/nginx-rebind"));
    QCOMPARE(cell(r, rebindRow, "arguments").toArray(), QJsonArray({"{OldCertHash}", "{NewCertHash}"}));
    QCOMPARE(cell(r, rebindRow, "enabled"), QJsonValue(true));
    QCOMPARE(cell(r, rebindRow, "filters").toString(), QStringLiteral("store web; subject contains \"example.org\""));
    QCOMPARE(cell(r, rebindRow, "pinnedSha256").toString(), QString(64, QLatin1Char('D')));
    QCOMPARE(cell(r, rebindRow, "lastRun").toString(), QStringLiteral("2026-02-03T05:05:00Z"));
    QCOMPARE(cell(r, rebindRow, "lastResult").toString(), QStringLiteral("failed (exit 2)"));
    QCOMPARE(cell(r, rebindRow, "lastEventRecordId").toDouble(), 9.0);
    QCOMPARE(r.rows[rebindRow].tone, RowTone::Bad);

    QCOMPARE(cell(r, idleRow, "type").toString(), QStringLiteral("Expire"));
    QCOMPARE(cell(r, idleRow, "enabled"), QJsonValue(false));
    QCOMPARE(cell(r, idleRow, "lastResult").toString(), QStringLiteral("never run"));
    QCOMPARE(cell(r, idleRow, "lastRun"), QJsonValue(QJsonValue::Null));
    QCOMPARE(cell(r, mineRow, "channel").toString(), QStringLiteral("User"));

    // One scope only: the filter says so.
    const Report systemOnly = buildTaskReport(loadTaskReportEntries({Scope::System}), FixedClock(kAt), Scope::System);
    QCOMPARE(systemOnly.rows.size(), 2);
    QCOMPARE(systemOnly.filters.size(), 1);
    QCOMPARE(systemOnly.filters[0].value, QStringLiteral("System"));
}

void TestTaskReport::refusedTaskFilesAreProblems()
{
    TestEnvironment env;
    QString error;
    TaskRegistry system(Scope::System);
    QVERIFY2(system.add(task(QStringLiteral("good"), Scope::System), &error), qPrintable(error));
    QVERIFY2(system.add(task(QStringLiteral("tampered"), Scope::System), &error), qPrintable(error));
    const QString tampered = system.filePath(QStringLiteral("tampered"));
    QCOMPARE(::chmod(QFile::encodeName(tampered).constData(), 0666), 0); // anyone could rewrite it

    QStringList problems;
    const QList<TaskReportEntry> entries = loadTaskReportEntries({Scope::System}, &problems);
    QCOMPARE(entries.size(), 1);
    QCOMPARE(entries[0].task.name, QStringLiteral("good"));
    QCOMPARE(problems.size(), 1);
    QVERIFY2(problems[0].contains(tampered), qPrintable(problems[0]));
}

void TestTaskReport::anUnreadableRunLogIsAProblem()
{
    TestEnvironment env;
    QString error;
    TaskRegistry system(Scope::System);
    QVERIFY2(system.add(task(QStringLiteral("t"), Scope::System), &error), qPrintable(error));
    QStringList problems;
    QCOMPARE(loadTaskReportEntries({Scope::System}, &problems).size(), 1);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join('\n'))); // no log yet: the task never ran

    // A log there but unreadable (not a database; for a user, a log only root reads):
    // "last run" would be blank for every task, which must not pass for "never ran".
    const QString log = Paths::eventLogFile(Scope::System);
    QFile f(log);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(QByteArray(4096, 'x'));
    f.close();
    QCOMPARE(loadTaskReportEntries({Scope::System}, &problems).size(), 1);
    QCOMPARE(problems.size(), 1);
    QVERIFY2(problems[0].startsWith(QStringLiteral("cannot read the task runs in %1: ").arg(log)),
             qPrintable(problems[0]));
}

QTEST_GUILESS_MAIN(TestTaskReport)
#include "TestTaskReport.moc"
