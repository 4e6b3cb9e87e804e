// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "CertFactory.h"
#include "TestEnvironment.h"
#include "agent/Agent.h"
#include "eventlog/EventLog.h"
#include "lifecycle/SnapshotFile.h"
#include "util/Clock.h"
#include "util/Paths.h"

#include <QCoro/QCoroTask>
#include <QDir>
#include <QFile>
#include <QSemaphore>
#include <QTest>
#include <atomic>
#include <optional>

using namespace certlife;
using namespace certlife::test;

// The agent's cancelled-scan guard: a pass whose scan is cancelled by stop() (what
// SIGTERM calls) must neither diff nor log nor commit anything. A partial scan diffed
// would read every certificate it did not get to as deleted (1004), and a committed
// partial snapshot would make the next agent log them all as new.
class TestAgentCancelledScan : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void stopDuringAScanLogsAndCommitsNothing();

private:
    static AgentOptions options()
    {
        AgentOptions o;
        o.scope = Scope::User;
        o.journald = false;
        o.runTasks = false;
        o.clock = std::make_shared<FixedClock>(QDateTime(QDate(2026, 3, 1), QTime(12, 0), Qt::UTC));
        return o;
    }

    static QByteArray certificatePem(const QString& cn)
    {
        CertSpec spec; // valid 2026-01-01 … 2026-04-01: no expiry event at the clock above
        spec.cn = cn;
        spec.dns = {cn};
        return makeCertificate(spec).pem();
    }

    static QStringList loggedEvents()
    {
        EventLog log(Paths::eventLogFile(Scope::User), Scope::User);
        if (!log.openReadOnly())
            return {QStringLiteral("(no log)")};
        EventQuery q;
        q.channel = Scope::User;
        q.limit = 100;
        QStringList out;
        for (const LifecycleEvent& e : log.query(q))
            out << QStringLiteral("%1 %2 %3").arg(int(e.id)).arg(e.action, e.certificate.subjectCN);
        out.sort();
        return out;
    }
};

void TestAgentCancelledScan::stopDuringAScanLogsAndCommitsNothing()
{
    const TestEnvironment env;
    const QString store = Paths::defaultMyStore(Scope::User); // built into the user scope
    QVERIFY(QDir().mkpath(store));
    QVERIFY(writeFile(store + QStringLiteral("/a.pem"), certificatePem(QStringLiteral("a.example"))));
    QVERIFY(writeFile(store + QStringLiteral("/b.pem"), certificatePem(QStringLiteral("b.example"))));
    {
        Agent baseline(options());
        QString error;
        QVERIFY2(baseline.start(&error), qPrintable(error));
        const AgentPassSummary first = QCoro::waitFor(baseline.runPass(QStringLiteral("baseline")));
        QVERIFY2(first.errors.isEmpty(), qPrintable(first.errors.join(u'\n')));
        QCOMPARE(first.certificates, 2);
        QCoro::waitFor(baseline.stop());
    }
    const QString snapshotPath = SnapshotFile(Scope::User).path();
    QFile snapshotFile(snapshotPath);
    QVERIFY(snapshotFile.open(QIODevice::ReadOnly));
    const QByteArray baselineSnapshot = snapshotFile.readAll();
    snapshotFile.close();
    QCOMPARE(loggedEvents(), QStringList()); // the first look is a silent baseline

    // Real changes the cancelled pass must not report: c arrives, b leaves.
    QVERIFY(writeFile(store + QStringLiteral("/c.pem"), certificatePem(QStringLiteral("c.example"))));
    QVERIFY(QFile::remove(store + QStringLiteral("/b.pem")));

    // stop() lands while the scan is running: after the store was listed and before any
    // file is read, the scan's worker has the agent stopped (on its own thread, queued)
    // and goes on only once stop() has cancelled the scanner.
    Agent* agent = nullptr;
    std::optional<QCoro::Task<>> stopping;
    std::atomic_bool stopRequested{false};
    AgentOptions stoppingOptions = options();
    stoppingOptions.afterScanListing = [&] {
        if (stopRequested.exchange(true))
            return;
        QSemaphore stopCalled;
        QMetaObject::invokeMethod(
            agent,
            [&] {
                stopping.emplace(agent->stop()); // cancels the scanner before its first co_await
                stopCalled.release();
            },
            Qt::QueuedConnection);
        stopCalled.acquire();
    };
    {
        Agent stopped(stoppingOptions);
        agent = &stopped;
        QString error;
        QVERIFY2(stopped.start(&error), qPrintable(error));
        const AgentPassSummary cancelled = QCoro::waitFor(stopped.runPass(QStringLiteral("stopped mid-scan")));
        QVERIFY(stopRequested.load());
        QVERIFY(stopping.has_value());
        QCoro::waitFor(std::move(*stopping));
        QCOMPARE(cancelled.events, 0);
        QVERIFY2(cancelled.errors.join(u'\n').contains(QLatin1String("pass cancelled while scanning store My")),
                 qPrintable(cancelled.errors.join(u'\n')));
    }
    QCOMPARE(loggedEvents(), QStringList());
    QVERIFY(snapshotFile.open(QIODevice::ReadOnly));
    QVERIFY(snapshotFile.readAll() == baselineSnapshot); // not committed either

    // The next agent compares with the baseline and reports the two changes, once.
    Agent next(options());
    QString error;
    QVERIFY2(next.start(&error), qPrintable(error));
    const AgentPassSummary after = QCoro::waitFor(next.runPass(QStringLiteral("after restart")));
    QVERIFY2(after.errors.isEmpty(), qPrintable(after.errors.join(u'\n')));
    QCoro::waitFor(next.stop());
    QCOMPARE(loggedEvents(),
             (QStringList{QStringLiteral("1004 delete b.example"), QStringLiteral("1006 detected c.example")}));
}

QTEST_GUILESS_MAIN(TestAgentCancelledScan)
#include "TestAgentCancelledScan.moc"
