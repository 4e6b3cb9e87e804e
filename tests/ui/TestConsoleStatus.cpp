// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "ConsoleFixture.h"
#include "agent/AgentStatus.h"
#include "models/ExpirySummaryModel.h"
#include "pages/OverviewPage.h"
#include "widgets/ExpiryChartView.h"
#include "widgets/SummaryTile.h"
#include "util/Paths.h"

#include <QDir>
#include <QLabel>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

using namespace certlife;
using namespace certlife::test;
using namespace certlife::ui;

// What the console says of the agents, the scans and the events: the status bar, the
// Overview's agent lines, and the first start before any scan has answered.
class TestConsoleStatus : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { m_demo.start(); }
    void init() { QVERIFY(m_demo.open()); }
    void cleanup() { m_demo.close(); }

    void statusBarShowsAgentsScansAndEvents();
    void statusBarShowsSkippedPasses();
    void overviewShowsWhatEachAgentReports();
    void firstStartSaysItIsReadingNeverAllClear();

private:
    DemoConsoleCase m_demo;
};

void TestConsoleStatus::statusBarShowsAgentsScansAndEvents()
{
    MainWindow* window = m_demo.console->window.get();
    QTRY_VERIFY(window->statusText().contains(QStringLiteral("Agent: System running · User not running")));
    QVERIFY2(window->statusText().contains(
                 QStringLiteral("Last scan: System 2026-03-01 11:45 UTC · User 2026-03-01 11:30 UTC")),
             qPrintable(window->statusText()));
    const qint64 total = m_demo.console->events->count(EventQuery()); // other cases may have added some
    QVERIFY(total >= m_demo.data.systemEvents + m_demo.data.userEvents);
    QTRY_VERIFY2(window->statusText().contains(QStringLiteral("Events: %1").arg(QLocale().toString(total))),
                 qPrintable(window->statusText()));
}

void TestConsoleStatus::statusBarShowsSkippedPasses()
{
    // What the System agent wrote after its passes found the snapshot locked.
    certlife::AgentStatus written;
    written.scope = Scope::System;
    written.pid = QCoreApplication::applicationPid(); // a live process: the agent runs
    written.state = QStringLiteral("idle");
    written.passesSkipped = 3;
    written.skippedSince = QDateTime(QDate(2026, 3, 1), QTime(11, 0, 5), Qt::UTC);
    written.skipReason = QStringLiteral("the snapshot is locked by certlifectl import, pid 4242, since 10:59:00 UTC");
    QVERIFY(written.save());
    MainWindow* window = m_demo.console->window.get();
    QTRY_VERIFY2(window->statusText().contains(QStringLiteral(
                     "Agent: System running (3 passes skipped since 2026-03-01 11:00:05 UTC: the snapshot is locked by "
                     "certlifectl import, pid 4242, since 10:59:00 UTC) · User not running")),
                 qPrintable(window->statusText()));

    written.passesSkipped = 0; // a pass ran again
    QVERIFY(written.save());
    QTRY_VERIFY2(window->statusText().contains(QStringLiteral("Agent: System running · User not running")),
                 qPrintable(window->statusText()));
    QVERIFY(QFile::remove(certlife::AgentStatus::filePath(Scope::System)));
}

void TestConsoleStatus::overviewShowsWhatEachAgentReports()
{
    MainWindow* window = m_demo.console->window.get();
    OverviewPage* overview = window->overviewPage();
    QCOMPARE(window->currentPage(), static_cast<ConsolePage*>(overview));
    // Before any agent wrote a status: what systemd says of the units.
    QTRY_COMPARE(overview->agentText(Scope::User),
                 QStringLiteral("User agent: not running — certlife-agent.service: inactive (dead)"));
    QCOMPARE(overview->agentText(Scope::System),
             QStringLiteral("System agent: running — certlife-agent.service: active (running)"));

    // The System agent's status after a pass that ended in an error.
    certlife::AgentStatus written;
    written.scope = Scope::System;
    written.pid = QCoreApplication::applicationPid(); // a live process: the agent runs
    written.state = QStringLiteral("idle");
    written.lastPassAt = QDateTime(QDate(2026, 3, 1), QTime(11, 45), Qt::UTC);
    written.lastPassMilliseconds = 1500;
    written.stores = 5;
    written.certificates = 72;
    written.problems = 2;
    written.lastError = QStringLiteral("cannot run the task \"renew\": script not found");
    written.taskRuns.failed = 1;
    QVERIFY(written.save());
    QTest::keyClick(window, Qt::Key_F5);
    QTRY_VERIFY2(overview->agentText(Scope::System).contains(QStringLiteral("Last pass")),
                 qPrintable(overview->agentText(Scope::System)));
    const QStringList lines = overview->agentText(Scope::System).split(QLatin1Char('\n'));
    QCOMPARE(lines.value(0), QStringLiteral("System agent: running — certlife-agent.service: active (running)"));
    QCOMPARE(lines.value(1),
             QStringLiteral("Last pass 2026-03-01 11:45:00 UTC, 1.5 s: 5 stores, 72 certificates, "
                            "2 unreadable files."));
    QCOMPARE(lines.value(2), QStringLiteral("Error: cannot run the task \"renew\": script not found"));
    QVERIFY2(lines.value(3).startsWith(QStringLiteral("Task runs since it started: 1 started (1 failed)")),
             qPrintable(lines.value(3)));
    // The status bar says the same in one line.
    QVERIFY2(window->statusText().contains(QStringLiteral(
                 "Agent: System running, last pass 2026-03-01 11:45 UTC with an error, 1 task run failed")),
             qPrintable(window->statusText()));
    QVERIFY(QFile::remove(certlife::AgentStatus::filePath(Scope::System)));
}

void TestConsoleStatus::firstStartSaysItIsReadingNeverAllClear()
{
    // A first start: the stores are configured, nothing was ever scanned (no cache). Until
    // the first scan answers, the Overview says it is reading, with progress, and shows
    // no zero that would read as "nothing expires".
    m_demo.console.reset();
    DemoData firstStart = m_demo.data;
    for (StoreInventory& store : firstStart.inventory)
        store.scan = StoreScan{};
    ConsoleFixture console(firstStart, m_demo.settingsFile, [this](FakeInventorySource& inventory) {
        inventory.scanned = m_demo.data.inventory;
        inventory.gate = std::make_shared<QSemaphore>();
    });
    QSignalSpy finished(console.controller.get(), &ConsoleController::scanFinished);
    console.window->show();
    QVERIFY(QTest::qWaitForWindowExposed(console.window.get()));
    OverviewPage* overview = console.window->overviewPage();
    QTRY_VERIFY(console.controller->isScanning());
    QTRY_VERIFY2(overview->subtitleText().startsWith(QStringLiteral("Reading the stores for the first time")),
                 qPrintable(overview->subtitleText()));
    for (int i = 0; i < kExpiryBinCount; ++i)
        QCOMPARE(overview->tile(ExpiryState(i))->numberText(), QStringLiteral("…"));
    QCOMPARE(overview->chart()->emptyText(), QStringLiteral("Reading the stores…"));
    QAbstractItemModel* byStore = overview->storeTable()->model();
    QCOMPARE(byStore->rowCount(), int(m_demo.data.inventory.size()) + 1); // and "All stores"
    for (int row = 0; row < byStore->rowCount(); ++row) {
        QCOMPARE(byStore->index(row, ExpirySummaryModel::FirstStateColumn).data().toString(), QStringLiteral("…"));
        QCOMPARE(byStore->index(row, ExpirySummaryModel::TotalColumn).data().toString(), QStringLiteral("…"));
    }
    // Progress as the scanner reports it (from its workers, in a real console).
    Q_EMIT console.controller->scanProgress(ScanProgress{1, 3, QStringLiteral("Web servers"), 10, 40});
    QCOMPARE(overview->subtitleText(),
             QStringLiteral("Reading the stores for the first time: 1 of 3 done, now Web servers, 10 of 40 files…"));
    if (const QString dir = qEnvironmentVariable("CERTLIFE_SCREENSHOT_DIR"); !dir.isEmpty()) { // to look at it
        console.window->resize(1024, 700);
        QTest::qWait(150);
        QVERIFY(console.window->grab().toImage().save(QDir(dir).filePath(QStringLiteral("overview-first-start.png"))));
    }

    // The scan ends: its numbers replace the ellipses.
    console.inventory->gate->release();
    QTRY_COMPARE(finished.count(), 1);
    QTRY_VERIFY2(overview->subtitleText().contains(QStringLiteral(" certificates in ")),
                 qPrintable(overview->subtitleText()));
    int total = 0;
    for (const StoreInventory& store : m_demo.data.inventory)
        total += int(store.scan.certificates.size());
    int shown = 0;
    for (int i = 0; i < kExpiryBinCount; ++i) {
        QCOMPARE(overview->tile(ExpiryState(i))->numberText(),
                 QLocale().toString(overview->tile(ExpiryState(i))->count()));
        shown += overview->tile(ExpiryState(i))->count();
    }
    QVERIFY(shown > 0 && shown <= total); // archived certificates are not counted
    QVERIFY(!overview->chart()->emptyText().startsWith(QStringLiteral("Reading")));
    QCOMPARE(byStore->index(byStore->rowCount() - 1, ExpirySummaryModel::TotalColumn).data().toInt(), shown);
}

QTEST_MAIN(TestConsoleStatus)
#include "TestConsoleStatus.moc"
