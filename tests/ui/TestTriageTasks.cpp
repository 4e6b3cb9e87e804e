// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// No notification lost (issue 13, item 5), as the admin sees it: a 5,000-certificate
// store of which 45 certificates expire within the month, an Expire task that runs per
// certificate (the rate limit allows 30 runs an hour) and a digest task. The real
// certlifectl agent passes at fixed instants; the real console window reads the same
// event log. What must show: one digest run carrying the 45 events, 30 runs done and 15
// waiting (never refused) after the first pass, all 45 done after the next pass an hour
// later, and the Overview counting the same 45.

#include "../app/CliProcess.h"
#include "../core/tasks/TaskFixture.h"
#include "CertFactory.h"
#include "RealStoresConsole.h"
#include "TestEnvironment.h"
#include "dialogs/TaskEditDialog.h"
#include "models/TaskRunModel.h"
#include "pages/OverviewPage.h"
#include "pages/TasksPage.h"
#include "widgets/SummaryTile.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

using namespace certlife;
using namespace certlife::test;
using namespace certlife::ui;

namespace {
const QDateTime kNow(QDate(2026, 3, 1), QTime(12, 0), Qt::UTC);
constexpr int kStoreSize = 5000;
constexpr int kExpiringSoon = 45;

QByteArray readFile(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}
} // namespace

class TestTriageTasks : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void firstPassRunsTheDigestOnceAndHoldsBackWhatTheRateLimitDoesNotAllow();
    void anHourLaterEveryHeldBackRunHasRun();
    void theTaskDialogOffersTheDigestForExpireTasksOnly();

private:
    CliRun certlifectl(const QStringList& args, const QDateTime& now) const
    {
        return runCli(args, {QStringLiteral("CERTLIFE_NOW=") + now.toString(Qt::ISODate)});
    }
    void openConsole(const QDateTime& now);
    TasksPage* showTasksOf(const QString& task);
    int ticketsWritten() const { return int(QDir(m_out).entryList({QStringLiteral("ticket-*")}, QDir::Files).size()); }

    std::unique_ptr<TestEnvironment> m_env;
    std::unique_ptr<ScriptDir> m_scripts;
    QString m_out;
    std::unique_ptr<RealStoresConsole> m_console;
    MainWindow* m_window = nullptr;
    ConsoleController* m_controller = nullptr;
};

void TestTriageTasks::initTestCase()
{
    m_env = std::make_unique<TestEnvironment>();
    m_scripts = std::make_unique<ScriptDir>();
    QVERIFY2(m_scripts->problem().isEmpty(), qPrintable(m_scripts->problem()));
    m_out = m_env->path(QStringLiteral("out"));
    QVERIFY(QDir().mkpath(m_out));

    // The store: one bundle of 5,000 one-year certificates (10 % of the lifetime: a
    // certificate is Expiring in its last 36.5 days); 45 of them end within the month.
    QByteArray bundle;
    for (int i = 0; i < kStoreSize; ++i) {
        CertSpec spec;
        spec.cn = QStringLiteral("host%1.example.net").arg(i);
        spec.dns = {spec.cn};
        const double daysLeft = i < kExpiringSoon ? 2 + i * 0.5 : 120 + (i % 200);
        spec.notAfter = kNow.addSecs(qint64(daysLeft * 86400));
        spec.notBefore = spec.notAfter.addDays(-365);
        spec.serialHex = QByteArray::number(i + 1, 16);
        bundle += makeCertificate(spec).pem();
    }
    const QString storeDir = m_env->path(QStringLiteral("srv/bulk"));
    QVERIFY(QDir().mkpath(storeDir));
    QVERIFY(writeFile(storeDir + QStringLiteral("/hosts.pem"), bundle));
    CliRun run = certlifectl({"store", "add", "--id", "bulk", "--path", storeDir, "--scope", "user"}, kNow);
    QVERIFY2(run.code == 0, qPrintable(run.err));

    // The two tasks, registered as an admin would.
    const QString ticket = m_scripts->write(
        QStringLiteral("ticket.sh"), "#!/bin/sh\nset -e\ntouch \"" + QFile::encodeName(m_out) + "/ticket-$1\"\n");
    const QString digest = m_scripts->write(QStringLiteral("digest.sh"),
                                            "#!/bin/sh\nset -e\necho \"$CERTLIFE_EVENT_COUNT\" >> \""
                                                + QFile::encodeName(m_out) + "/digest.log\"\n");
    run = certlifectl({"task", "new", "--type", "Expire", "--channel", "User", "--name", "ticket", "--command", ticket,
                       "--arg", "{Thumbprint}"},
                      kNow);
    QVERIFY2(run.code == 0, qPrintable(run.err));
    run = certlifectl({"task", "new", "--type", "Expire", "--channel", "User", "--name", "mail-digest", "--command",
                       digest, "--digest"},
                      kNow);
    QVERIFY2(run.code == 0, qPrintable(run.err));
}

void TestTriageTasks::cleanupTestCase()
{
    m_console.reset();
}

void TestTriageTasks::openConsole(const QDateTime& now)
{
    m_console.reset();
    m_console = std::make_unique<RealStoresConsole>(*m_env, now);
    m_window = m_console->window.get();
    m_controller = m_console->controller.get();
    QVERIFY(m_console->show());
    // Not only the cached summary: the first scan of the stores never scanned has ended.
    QTRY_VERIFY_WITH_TIMEOUT(!m_controller->isReadingStores() && !m_controller->isScanning(), 60000);
}

TasksPage* TestTriageTasks::showTasksOf(const QString& task)
{
    TasksPage* page = m_window->tasksPage();
    QSignalSpy reloaded(page, &TasksPage::reloaded);
    m_window->showPage(page);
    if (!QTest::qWaitFor([&] { return reloaded.size() > 0 && !page->isLoading(); }, 20000))
        qWarning("the Tasks page did not load");
    QSignalSpy runsLoaded(page, &TasksPage::runsLoaded);
    if (!page->selectTask(Scope::User, task))
        qWarning("task %s is not listed", qPrintable(task));
    if (!QTest::qWaitFor([&] { return runsLoaded.size() > 0 && !page->isLoading(); }, 20000))
        qWarning("the runs of %s did not load", qPrintable(task));
    return page;
}

// The texts of one column of the run table, top to bottom.
static QStringList columnTexts(const TaskRunModel* model, int column)
{
    QStringList texts;
    for (int row = 0; row < model->rowCount(); ++row)
        texts << model->index(row, column).data().toString();
    return texts;
}

void TestTriageTasks::firstPassRunsTheDigestOnceAndHoldsBackWhatTheRateLimitDoesNotAllow()
{
    const CliRun pass = certlifectl({"watch", "--once", "--scope", "user", "--no-journal", "--json"}, kNow);
    QVERIFY2(pass.code == 0, qPrintable(pass.err + pass.out));
    // What the scripts saw: one digest run with all 45 events, 30 single runs.
    QCOMPARE(readFile(m_out + QStringLiteral("/digest.log")).trimmed(), QByteArray::number(kExpiringSoon));
    QCOMPARE(ticketsWritten(), 30);

    openConsole(kNow);
    // The Overview counts the same 45 (all Expiring by the one-year certificates' 10 %).
    OverviewPage* overview = m_window->overviewPage();
    m_window->showPage(overview);
    QCOMPARE(overview->tile(ExpiryState::Expiring)->count(), kExpiringSoon);
    QCOMPARE(overview->tile(ExpiryState::Expired)->count(), 0);

    // The digest: one run, which says it carries 45 events and certificates.
    TasksPage* page = showTasksOf(QStringLiteral("mail-digest"));
    QCOMPARE(page->runModel()->rowCount(), 1);
    QCOMPARE(page->runModel()->index(0, TaskRunModel::CertificateColumn).data().toString(),
             QStringLiteral("45 certificates"));
    QVERIFY2(page->runModel()
                 ->index(0, TaskRunModel::EventColumn)
                 .data()
                 .toString()
                 .startsWith(QStringLiteral("digest: 45 events from #")),
             qPrintable(page->runModel()->index(0, TaskRunModel::EventColumn).data().toString()));
    QCOMPARE(page->runModel()->index(0, TaskRunModel::ResultColumn).data().toString(),
             QStringLiteral("succeeded (exit 0)"));

    // The single runs: 30 done, 15 waiting for the rate limit, none refused.
    page = showTasksOf(QStringLiteral("ticket"));
    const QStringList results = columnTexts(page->runModel(), TaskRunModel::ResultColumn);
    QCOMPARE(results.size(), kExpiringSoon);
    QCOMPARE(results.count(QStringLiteral("succeeded (exit 0)")), 30);
    QCOMPARE(results.count(QStringLiteral("queued")), 15);
    QVERIFY2(page->runModel()
                 ->index(results.indexOf(QStringLiteral("queued")), TaskRunModel::OutputColumn)
                 .data()
                 .toString()
                 .contains(QStringLiteral("rate limit")),
             "a held-back run says why it waits");
    QComboBox* outcome = page->runOutcomeFilter();
    QSignalSpy runsLoaded(page, &TasksPage::runsLoaded);
    outcome->setCurrentIndex(outcome->findData(int(TaskRunOutcome::Refused)));
    QTRY_VERIFY(runsLoaded.size() > 0 && !page->isLoading());
    QCOMPARE(page->runModel()->rowCount(), 0);
    outcome->setCurrentIndex(outcome->findData(int(TaskRunOutcome::Any)));
    QTRY_VERIFY(runsLoaded.size() > 1 && !page->isLoading());
}

void TestTriageTasks::anHourLaterEveryHeldBackRunHasRun()
{
    const QDateTime later = kNow.addSecs(3600 + 60);
    const CliRun pass = certlifectl({"watch", "--once", "--scope", "user", "--no-journal"}, later);
    QVERIFY2(pass.code == 0, qPrintable(pass.err + pass.out));
    // The summary counts the runs this agent took over from the last one.
    QVERIFY2(pass.out.contains(QStringLiteral("task runs: 15 started")), qPrintable(pass.out));
    QCOMPARE(ticketsWritten(), kExpiringSoon); // every certificate got its ticket
    // No new events within the hour: the digest did not run again.
    QCOMPARE(readFile(m_out + QStringLiteral("/digest.log")).trimmed(), QByteArray::number(kExpiringSoon));

    openConsole(later);
    TasksPage* page = showTasksOf(QStringLiteral("ticket"));
    const QStringList results = columnTexts(page->runModel(), TaskRunModel::ResultColumn);
    QCOMPARE(results.size(), kExpiringSoon);
    QCOMPARE(results.count(QStringLiteral("succeeded (exit 0)")), kExpiringSoon);
}

void TestTriageTasks::theTaskDialogOffersTheDigestForExpireTasksOnly()
{
    TaskEditRequest request;
    request.writableChannels = {Scope::User};
    TaskEditDialog dialog(request);
    QComboBox* type = dialog.typeCombo();
    type->setCurrentIndex(type->findData(int(TaskType::Replace)));
    QVERIFY(!dialog.digestCheck()->isEnabled());
    type->setCurrentIndex(type->findData(int(TaskType::Expire)));
    QVERIFY(dialog.digestCheck()->isEnabled());
    dialog.digestCheck()->setChecked(true);
    QVERIFY(dialog.task().digest);
    type->setCurrentIndex(type->findData(int(TaskType::Replace)));
    QVERIFY(!dialog.task().digest); // a Replace task has no digest, whatever the box says
}

QTEST_MAIN(TestTriageTasks)
#include "TestTriageTasks.moc"
