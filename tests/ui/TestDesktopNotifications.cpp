// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "ConsoleFixture.h"
#include "console/ExpiryNotificationCenter.h"
#include "TestEnvironment.h"
#include "models/CertificateFilterModel.h"
#include "models/CertificateTableModel.h"
#include "models/EventTableModel.h"
#include "pages/CertificatesPage.h"
#include "pages/EventsPage.h"
#include "util/Paths.h"
#include "widgets/CertificateDetailsPane.h"

#include <QCoro/QCoroTask>
#include <QDir>
#include <QFile>
#include <QLineEdit>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTableView>
#include <QTest>

using namespace certlife;
using namespace certlife::test;
using namespace certlife::ui;

namespace {

// The demo's user certificate that the console does not find Expiring (24.6 days left
// of 90; 10 % is 9 days) but an agent with ExpiryWarningDays=30 warns about.
const QString kGitClient = QStringLiteral("git.example.com client");

const StoredCertificate& userCertificate(const DemoData& data, const QString& cn)
{
    for (const StoreInventory& store : data.inventory) {
        for (const StoredCertificate& c : store.scan.certificates) {
            if (store.config.scope == Scope::User && c.certificate.subjectCN == cn)
                return c;
        }
    }
    qFatal("no user certificate %s in the demo data", qPrintable(cn));
}

QStringList namesOf(const QList<ExpiryNotification>& notifications)
{
    QStringList names;
    for (const ExpiryNotification& n : notifications)
        names << n.name;
    return names;
}

void writeUserPolicy(const QByteArray& ini)
{
    QVERIFY(QDir().mkpath(Paths::configDir(Scope::User)));
    QVERIFY(writeFile(Paths::policyFile(Scope::User), ini));
}

} // namespace

// The console's desktop notifications, driven through the real MainWindow over the demo
// data (2026-03-01 12:00 UTC) with a recording notification service.
class TestDesktopNotifications : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void newWarningInTheUserLogNotifiesOnceAndOpensTheCertificate();
    void nothingWhenThePolicyTurnsNotificationsOff();
    void aRestartDoesNotRepeatNotifications();
    void aDamagedLedgerIsReportedAndReplaced();

private:
    // Starts the console and waits until the cached inventory and the User log's alerts
    // have both been looked at.
    // beforeShow runs once the window exists, before anything has loaded.
    void startConsole(const std::function<void()>& beforeShow = {});

    std::unique_ptr<TestEnvironment> m_env;
    DemoData m_data;
    std::unique_ptr<ConsoleFixture> m_console;
};

void TestDesktopNotifications::init()
{
    m_env = std::make_unique<TestEnvironment>();
    m_data = makeDemoData();
}

void TestDesktopNotifications::cleanup()
{
    m_console.reset();
    m_env.reset();
}

void TestDesktopNotifications::startConsole(const std::function<void()>& beforeShow)
{
    m_console = std::make_unique<ConsoleFixture>(m_data, m_env->path(QStringLiteral("console.conf")));
    if (beforeShow)
        beforeShow();
    QVERIFY(m_console->showAndLoad());
    EventTableModel* alerts = m_console->controller->alerts();
    QTRY_VERIFY(alerts->rowCount() > 0 && !alerts->isLoading());
    ExpiryNotificationCenter* center = m_console->window->notificationCenter();
    QVERIFY(center);
    QTRY_VERIFY(center->isIdle() && center->ledger().lastUserRecordId > 0);
}

void TestDesktopNotifications::newWarningInTheUserLogNotifiesOnceAndOpensTheCertificate()
{
    startConsole();
    if (QTest::currentTestFailed())
        return;
    RecordingNotifications* notifications = m_console->notifications.get();
    // At start: the user's expiring VPN certificate and the expired dev.localhost, each
    // once although the log holds a week of daily 1002/1003 for them; no System ones.
    QStringList atStart = namesOf(notifications->shown);
    atStart.sort();
    QCOMPARE(atStart, (QStringList{QStringLiteral("Alice Example (VPN)"), QStringLiteral("dev.localhost")}));
    QVERIFY(notifications->active);

    // A minute later the user's agent logs a new 1003 for the git client certificate.
    m_console->clock->advance(60);
    const StoredCertificate& git = userCertificate(m_data, kGitClient);
    LifecycleEvent warning = makeEvent(EventId::CloseToExpiration, Scope::User, m_console->clock->now(), kGitClient);
    warning.action = Action::Expire;
    warning.certificate = CertificateDetails::from(git.certificate, git.path);
    warning.remainingSeconds = git.certificate.notAfterSecs - warning.time.toSecsSinceEpoch();
    writeEvents(Paths::eventLogFile(Scope::User), Scope::User, {warning});

    QTRY_COMPARE(notifications->shown.size(), 3);
    const ExpiryNotification shown = notifications->shown.constLast();
    QCOMPARE(shown.name, kGitClient);
    QCOMPARE(shown.summary(), QStringLiteral("Certificate expires in 24 days"));
    QVERIFY2(shown.body().contains(kGitClient) && shown.body().contains(QStringLiteral("24 days left")),
             qPrintable(shown.body()));
    QCOMPARE(shown.thumbprint, git.certificate.thumbprint());
    QCOMPARE(notifications->latest.constFirst().name, kGitClient); // newest first in the tray menu

    // Later polls and a full refresh see the same event and inventory again: nothing new.
    ExpiryNotificationCenter* center = m_console->window->notificationCenter();
    QTRY_VERIFY(center->isIdle());
    QCoro::waitFor(m_console->controller->refresh());
    QTRY_VERIFY(!m_console->controller->alerts()->isLoading() && center->isIdle());
    QCOMPARE(notifications->shown.size(), 3);

    // The user is elsewhere, with a search that hides the certificate; the click brings
    // the Certificates page with it selected and its details shown.
    MainWindow* window = m_console->window.get();
    window->showPage(window->eventsPage());
    QTest::keyClicks(window->searchField(), QStringLiteral("alice@"));
    CertificatesPage* page = window->certificatesPage();
    QTRY_COMPARE(page->filterModel()->rowCount(), 1);
    window->showPage(window->eventsPage());

    notifications->click(shown);
    QCOMPARE(window->currentPage(), page);
    QVERIFY(window->searchField()->text().isEmpty());
    const QModelIndex current = page->table()->currentIndex();
    QVERIFY(current.isValid());
    QCOMPARE(current.data(CertificateTableModel::ThumbprintRole).toString(), git.certificate.thumbprint());
    QVERIFY(page->table()->selectionModel()->isRowSelected(current.row(), {}));
    QVERIFY2(page->details()->detailsText().contains(kGitClient), qPrintable(page->details()->detailsText()));
}

void TestDesktopNotifications::nothingWhenThePolicyTurnsNotificationsOff()
{
    writeUserPolicy("[Policy]\nShowExpiryNotifications=false\n");
    startConsole();
    if (QTest::currentTestFailed())
        return;
    QVERIFY(m_console->notifications->shown.isEmpty());
    QVERIFY(!m_console->notifications->active);

    // Turned on again (the Policy page or `certlifectl policy set`): the next round shows
    // what is due, without a restart.
    writeUserPolicy("[Policy]\nShowExpiryNotifications=true\n");
    QCoro::waitFor(m_console->controller->refresh());
    QTRY_COMPARE(m_console->notifications->shown.size(), 2);
    QVERIFY(m_console->notifications->active);
}

void TestDesktopNotifications::aRestartDoesNotRepeatNotifications()
{
    startConsole();
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(m_console->notifications->shown.size(), 2);
    m_console.reset();

    startConsole(); // the same state directory
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(m_console->notifications->shown.size(), 0);
    // The tray still lists them.
    QStringList latest = namesOf(m_console->notifications->latest);
    latest.sort();
    QCOMPARE(latest, (QStringList{QStringLiteral("Alice Example (VPN)"), QStringLiteral("dev.localhost")}));
}

void TestDesktopNotifications::aDamagedLedgerIsReportedAndReplaced()
{
    const QString ledger = Paths::stateDir(Scope::User) + QStringLiteral("/notifications.json");
    QVERIFY(writeFile(ledger, QByteArray("{\"format\": \"certlife-notif")));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("^certlife: .*notifications.json: not JSON")));
    std::unique_ptr<QSignalSpy> statusMessages;
    startConsole([&] {
        statusMessages = std::make_unique<QSignalSpy>(m_console->window->statusBar(), &QStatusBar::messageChanged);
    });
    if (QTest::currentTestFailed())
        return;
    ExpiryNotificationCenter* center = m_console->window->notificationCenter();
    QCOMPARE(center->problems().size(), 1);
    QVERIFY2(center->problems().constFirst().startsWith(ledger + QStringLiteral(": not JSON")),
             qPrintable(center->problems().constFirst()));
    // The ledger is read once the event loop runs, after the window has connected to the
    // center: the problem reaches the status bar however fast the read was.
    QVERIFY(m_console->window->statusBar()->currentMessage().contains(ledger)
            || std::any_of(statusMessages->cbegin(), statusMessages->cend(),
                           [&](const QList<QVariant>& args) { return args.at(0).toString().contains(ledger); }));
    // Treated as empty: what is due is shown, and a good ledger replaces the damaged one.
    QCOMPARE(m_console->notifications->shown.size(), 2);
    QVERIFY(QFile::exists(ledger + QStringLiteral(".corrupt")));
    QTRY_VERIFY(NotificationLedgerFile(ledger).load().ledger.entries.size() == 2);
}

QTEST_MAIN(TestDesktopNotifications)
#include "TestDesktopNotifications.moc"
