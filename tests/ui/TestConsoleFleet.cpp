// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// The console's fleet mode over a real PostgreSQL 15 (a private cluster) holding three
// hosts that published as their agents would, web3 silent: File → Connect to fleet…
// switches every page to the fleet, read-only; the Overview's "By host", the
// Certificates page's Host column and filter, the Events page's host filter; File →
// This computer switches back; the fleet is remembered without its password. New
// events and hosts arrive without F5; a server refusing TLS and a schema newer than the
// console are one line each.
#include "ConsoleFixture.h"
#include "FleetReadFixture.h"
#include "commands/CertificateActionSet.h"
#include "commands/CommandRunner.h"
#include "console/FleetHostTableModel.h"
#include "models/CertificateFilterModel.h"
#include "models/CertificateTableModel.h"
#include "models/EventTableModel.h"
#include "models/StoreListModel.h"
#include "pages/CertificatesPage.h"
#include "pages/EventsPage.h"
#include "pages/OverviewPage.h"

#include <QAction>
#include <QDir>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QComboBox>
#include <QTableView>
#include <QScopeGuard>
#include <QTest>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

using namespace certlife;
using namespace certlife::test;
using namespace certlife::ui;

class TestConsoleFleet : public QObject
{
    Q_OBJECT

private:
    PostgresCluster m_cluster;
    std::unique_ptr<TestEnvironment> m_env;
    DemoData m_data;
    QString m_passwordFile;

    FleetLocation fleet(const QString& passwordFile = {}) const
    {
        return {m_cluster.uri(QStringLiteral("fleet"), kFleetReader),
                passwordFile.isEmpty() ? m_passwordFile : passwordFile};
    }

    // The fleet Overview at 1440x900 and 1024x700, into $CERTLIFE_SCREENSHOT_DIR when set
    // (docs/screenshots), else a temporary directory; each a real page (many colours).
    void saveScreenshots(MainWindow& window)
    {
        const QString dir = qEnvironmentVariable("CERTLIFE_SCREENSHOT_DIR", m_env->path(QStringLiteral("screenshots")));
        QVERIFY(QDir().mkpath(dir));
        window.showPage(window.overviewPage());
        const QSize before = window.size();
        for (const QSize size : {QSize(1440, 900), QSize(1024, 700)}) {
            window.resize(size);
            QTest::qWait(150); // the layout settles, the views paint
            const QImage image = window.grab().toImage();
            QSet<QRgb> colours;
            for (int y = 0; y < image.height(); y += 3)
                for (int x = 0; x < image.width(); x += 3)
                    colours.insert(image.pixel(x, y));
            QVERIFY2(colours.size() > 50, qPrintable(QString::number(colours.size())));
            const QString path =
                QDir(dir).filePath(QStringLiteral("fleet-overview-%1x%2.png").arg(size.width()).arg(size.height()));
            QVERIFY(image.save(path));
            qInfo("saved %s", qPrintable(path));
        }
        window.resize(before);
    }

    // A console connected to DATABASE (a fixture of its own), on the Events page.
    std::unique_ptr<ConsoleFixture> connectedConsole(const QString& database, const QString& settingsName)
    {
        auto console = std::make_unique<ConsoleFixture>(m_data, m_env->path(settingsName));
        if (!console->showAndLoad())
            return nullptr;
        console->fleetDialogs->answer = FleetLocation{m_cluster.uri(database, kFleetReader), m_passwordFile};
        console->window->connectFleetAction()->trigger();
        if (!QTest::qWaitFor([&] { return console->controller->isFleet(); }, 20000))
            return nullptr;
        return console;
    }

private slots:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_cluster.start(&error), qPrintable(error));
        QVERIFY(publishReadFixture(m_cluster, QStringLiteral("fleet")));
        m_env = std::make_unique<TestEnvironment>();
        m_passwordFile = writeReaderPasswordFile(m_env->path(QString()));
        m_data = makeDemoData(kFleetNow); // the fleet's now: web3 is silent by this clock
    }

    void connectShowEveryHostThenThisComputer()
    {
        const QString settingsFile = m_env->path(QStringLiteral("console.conf"));
        QFile::remove(settingsFile);
        ConsoleFixture console(m_data, settingsFile);
        QVERIFY(console.showAndLoad());
        MainWindow& window = *console.window;
        ConsoleController& controller = *console.controller;
        window.showPage(window.overviewPage());
        const int localRows = controller.certificates()->rowCount();
        QVERIFY(localRows > 0);
        QVERIFY(!window.overviewPage()->hostTable()->isVisibleTo(&window));
        const auto agentLines = [&] {
            return window.overviewPage()->findChild<QWidget*>(QStringLiteral("agentsBox"))->isVisibleTo(&window);
        };
        QVERIFY(agentLines()); // this computer's agents
        QVERIFY(!window.thisComputerAction()->isEnabled());

        // web1 published a scan problem with one of its certificates (a bundle's garbled entry).
        const std::unique_ptr<fleet::FleetConnection> admin = connectTo(m_cluster, QStringLiteral("fleet"));
        QVERIFY(admin);
        const QString setProblems = QStringLiteral("UPDATE certlife.certificates SET problems = '%1'"
                                                   " WHERE host = 'web1' AND subject = 'CN=www.web1.example'");
        QCOMPARE(refusalOf(*admin,
                           setProblems.arg(QStringLiteral("[{\"path\": \"/etc/ssl/www.web1.example.pem\","
                                                          " \"error\": \"entry 2: not a certificate\"}]"))),
                 QString());

        console.fleetDialogs->answer = fleet();
        window.connectFleetAction()->trigger();
        QTRY_VERIFY(controller.isFleet());
        QVERIFY(console.messages->errors.isEmpty());
        // The problem is web1's store's scan problem, as this computer's would be.
        QTRY_VERIFY(!controller.inventory().isEmpty());
        QStringList problems;
        for (const StoreInventory& store : controller.inventory())
            for (const ScanProblem& problem : StoreListModel::problemsOf(store))
                problems << store.displayName() + QStringLiteral(" | ") + problem.path + QStringLiteral(" | ")
                        + problem.error;
        QCOMPARE(refusalOf(*admin, setProblems.arg(QStringLiteral("[]"))), QString());
        QCOMPARE(problems,
                 QStringList{QStringLiteral("web1: My | /etc/ssl/www.web1.example.pem | entry 2: not a "
                                            "certificate")});

        // Overview: By host, three hosts, web3's agent silent.
        QTableView* hosts = window.overviewPage()->hostTable();
        QVERIFY(hosts->isVisibleTo(&window));
        QVERIFY(!agentLines()); // nothing of this computer's agents over a fleet
        QTRY_COMPARE(hosts->model()->rowCount(), 3);
        const auto cell = [&](int row, int column) { return hosts->model()->index(row, column).data().toString(); };
        QCOMPARE(cell(0, FleetHostTableModel::HostColumn), QStringLiteral("web1"));
        QCOMPARE(cell(0, FleetHostTableModel::CertificatesColumn), QStringLiteral("3"));
        QCOMPARE(cell(0, FleetHostTableModel::ExpiringColumn), QStringLiteral("1"));
        QCOMPARE(cell(0, FleetHostTableModel::ExpiredColumn), QStringLiteral("1"));
        // As the tiles count (the console's classifier): web2's certificate 25 days from
        // its end is within this policy's 10 % of its lifetime, whatever its agent said.
        QTRY_COMPARE(cell(1, FleetHostTableModel::ExpiringColumn), QStringLiteral("1"));
        QCOMPARE(cell(0, FleetHostTableModel::LastContactColumn), QStringLiteral("2026-12-01 11:00"));
        QCOMPARE(cell(0, FleetHostTableModel::StatusColumn), QStringLiteral("reporting"));
        QCOMPARE(cell(2, FleetHostTableModel::HostColumn), QStringLiteral("web3"));
        QCOMPARE(cell(2, FleetHostTableModel::StatusColumn), QStringLiteral("agent silent"));
        QCOMPARE(cell(2, FleetHostTableModel::LastContactColumn), QStringLiteral("2026-11-28 12:00"));
        QTRY_VERIFY(window.overviewPage()->subtitleText().contains(QStringLiteral("Fleet of 3 hosts (1 silent)")));
        saveScreenshots(window);

        // Certificates: every host's, a Host column, the host filter.
        CertificatesPage* certificates = window.certificatesPage();
        window.showPage(certificates);
        QTRY_COMPARE(controller.certificates()->rowCount(), 6);
        QVERIFY(!certificates->table()->isColumnHidden(CertificateTableModel::HostColumn));
        QVERIFY(certificates->hostFilter()->isVisibleTo(&window));
        QTRY_COMPARE(certificates->hostFilter()->count(), 4); // All hosts, web1, web2, web3
        certificates->hostFilter()->setCurrentIndex(certificates->hostFilter()->findData(QStringLiteral("web1")));
        QCOMPARE(certificates->filterModel()->rowCount(), 3);
        for (int row = 0; row < 3; ++row)
            QCOMPARE(certificates->filterModel()->index(row, CertificateTableModel::HostColumn).data().toString(),
                     QStringLiteral("web1"));
        QVERIFY(certificates->filterDescription().contains(QStringLiteral("host web1")));

        // Read-only: what changes local state is disabled, and says why.
        const QString reason = window.commandRunner()->readOnlyReason();
        QVERIFY(reason.contains(QStringLiteral("read-only")));
        for (QAction* action : window.certificateActions()->actions()) {
            QVERIFY2(!action->isEnabled(), qPrintable(action->text()));
            QCOMPARE(action->toolTip(), reason);
        }

        // File → Export report stays: the report code of this computer's reports, over
        // every host's certificates, with the host in each row.
        QAction* exportReport = window.findChild<QAction*>(QStringLiteral("exportReportAction"));
        QVERIFY(exportReport);
        QVERIFY2(exportReport->isEnabled(), qPrintable(exportReport->toolTip()));
        ReportChoice choice;
        choice.kind = ReportKind::Certificates;
        choice.selection = CertificateReportOptions::Selection::All;
        choice.format = ReportFormat::Json;
        choice.path = m_env->path(QStringLiteral("fleet-certificates.json"));
        console.reportDialogs->choice = choice;
        exportReport->trigger();
        QTRY_VERIFY(QFile::exists(choice.path));
        QVERIFY(!console.reportDialogs->contexts.last().tasksUnavailable.isEmpty()); // each host's own
        QFile written(choice.path);
        QVERIFY(written.open(QIODevice::ReadOnly));
        const QJsonObject report = QJsonDocument::fromJson(written.readAll()).object();
        QCOMPARE(report[QStringLiteral("columns")].toArray().first().toObject()[QStringLiteral("key")].toString(),
                 QStringLiteral("host"));
        QVERIFY2(report[QStringLiteral("host")].toString().startsWith(QStringLiteral("fleet ")),
                 qPrintable(report[QStringLiteral("host")].toString()));
        QSet<QString> reportedHosts;
        for (const QJsonValue& row : report[QStringLiteral("rows")].toArray())
            reportedHosts.insert(row.toObject()[QStringLiteral("host")].toString());
        QCOMPARE(report[QStringLiteral("rows")].toArray().size(), 6);
        QCOMPARE(reportedHosts,
                 (QSet<QString>{QStringLiteral("web1"), QStringLiteral("web2"), QStringLiteral("web3")}));

        // Events: every host's, then one host's.
        EventsPage* events = window.eventsPage();
        window.showPage(events);
        QTRY_COMPARE(controller.events()->rowCount(), 6);
        QVERIFY(!events->table()->isColumnHidden(EventTableModel::HostColumn));
        QVERIFY(events->hostFilter()->isVisibleTo(&window));
        QTRY_COMPARE(events->hostFilter()->count(), 4);
        events->hostFilter()->setCurrentIndex(events->hostFilter()->findData(QStringLiteral("web2")));
        QTRY_COMPARE(controller.events()->rowCount(), 2);
        for (int row = 0; row < 2; ++row)
            QCOMPARE(controller.events()->eventAt(row).host, QStringLiteral("web2"));

        // Remembered, without a password.
        QCOMPARE(console.settings->recentFleets().value(0), fleet());
        console.settings->sync();
        QFile conf(settingsFile);
        QVERIFY(conf.open(QIODevice::ReadOnly));
        QVERIFY(!conf.readAll().contains(kFleetReaderPassword.toUtf8()));

        // File → This computer: the local pages again, editable.
        QVERIFY(window.thisComputerAction()->isEnabled());
        window.thisComputerAction()->trigger();
        QVERIFY(!controller.isFleet());
        QTRY_COMPARE(controller.certificates()->rowCount(), localRows);
        window.showPage(window.overviewPage());
        QVERIFY(!window.overviewPage()->hostTable()->isVisibleTo(&window));
        QVERIFY(agentLines());
        window.showPage(certificates);
        QVERIFY(certificates->table()->isColumnHidden(CertificateTableModel::HostColumn));
        QVERIFY(!certificates->hostFilter()->isVisibleTo(&window));
        window.showPage(events);
        QVERIFY(events->table()->isColumnHidden(EventTableModel::HostColumn));
        QVERIFY(!events->hostFilter()->isVisibleTo(&window));
        QVERIFY(window.commandRunner()->readOnlyReason().isEmpty());
        QVERIFY(!window.thisComputerAction()->isEnabled());

        // The dialog offers the fleet next time.
        console.fleetDialogs->answer.reset();
        window.connectFleetAction()->trigger();
        QCOMPARE(console.fleetDialogs->offered.last().value(0), fleet());
        QVERIFY(!controller.isFleet());
    }

    void aFleetThatCannotBeReadIsOneLineAndNothingChanges()
    {
        const QString settingsFile = m_env->path(QStringLiteral("console2.conf"));
        ConsoleFixture console(m_data, settingsFile);
        QVERIFY(console.showAndLoad());
        const QString wrong = m_env->path(QStringLiteral("wrong.password"));
        QString error;
        QVERIFY2(fleet::createPasswordFile(wrong, QStringLiteral("not-alices"), &error), qPrintable(error));
        console.fleetDialogs->answer = fleet(wrong);
        console.window->connectFleetAction()->trigger();
        QTRY_COMPARE(console.messages->errors.size(), 1);
        QVERIFY2(console.messages->errors.first().contains(QStringLiteral("cannot log in to the fleet database")),
                 qPrintable(console.messages->errors.first()));
        QVERIFY(!console.messages->errors.first().contains(QLatin1Char('\n')));
        QVERIFY(!console.controller->isFleet());
        QVERIFY(console.settings->recentFleets().isEmpty());
    }

    // A second publisher adds a host and events while the console shows the fleet: the
    // Events page, the Overview's latest warnings and By host show them at the next poll.
    // (The fixture's fleet has web4 from here on.)
    void newEventsAndHostsArriveWithoutRefresh()
    {
        const QString database = QStringLiteral("fleet");
        std::unique_ptr<ConsoleFixture> console = connectedConsole(database, QStringLiteral("console3.conf"));
        QVERIFY(console);
        ConsoleController& controller = *console->controller;
        controller.setFleetPollInterval(100);
        MainWindow& window = *console->window;
        window.showPage(window.eventsPage());
        QTRY_COMPARE(controller.events()->rowCount(), 6);
        QTRY_COMPARE(controller.fleetHostModel()->rowCount(), 3);
        QTRY_VERIFY(window.statusText().contains(QStringLiteral("Fleet: 3 hosts (1 silent)")));
        QTRY_COMPARE(controller.alerts()->rowCount(), 3); // the fixture's 1002, 1003, 1002

        // web4 joins the fleet and publishes as its agent would.
        std::unique_ptr<fleet::FleetConnection> admin = connectTo(m_cluster, database);
        QVERIFY(admin);
        const QString password = fleet::generatePassword();
        QString error;
        QVERIFY2(fleet::addHost(admin->database(), QStringLiteral("web4"),
                                fleet::defaultHostRole(QStringLiteral("web4")), password, &error),
                 qPrintable(error));
        std::unique_ptr<fleet::FleetConnection> agent =
            connectTo(m_cluster, database, fleet::defaultHostRole(QStringLiteral("web4")), password);
        QVERIFY(agent);
        const fleet::FleetCertificate soon =
            fleetCertificate(QStringLiteral("api.web4.example"), QStringLiteral("System"), QStringLiteral("My"), 12,
                             ExpiryState::Expiring);
        fleet::FleetPublication p;
        p.heartbeat.agentVersion = QStringLiteral("0.9.0");
        p.heartbeat.lastContact = kFleetNow.addSecs(-20);
        p.heartbeat.lastPassTime = p.heartbeat.lastContact;
        p.heartbeat.lastPassOutcome = QStringLiteral("ok");
        p.inventoryChannels = {QStringLiteral("System")};
        p.inventory = {soon};
        p.events = {fleetEvent(QStringLiteral("web4"), Scope::System, 1, EventId::New, kFleetNow.addSecs(-40), soon),
                    fleetEvent(QStringLiteral("web4"), Scope::System, 2, EventId::CloseToExpiration,
                               kFleetNow.addSecs(-30), soon)};
        fleet::FleetError failure;
        QVERIFY2(fleet::publish(agent->database(), QStringLiteral("web4"), p, &failure), qPrintable(failure.message));

        // No F5: the next polls bring them, newest first, above what was shown.
        QTRY_COMPARE(controller.events()->rowCount(), 8);
        QCOMPARE(controller.events()->eventAt(0).host, QStringLiteral("web4"));
        QCOMPARE(controller.events()->eventAt(0).id, EventId::CloseToExpiration);
        QCOMPARE(controller.events()->eventAt(1).host, QStringLiteral("web4"));
        QCOMPARE(controller.events()->eventAt(1).id, EventId::New);
        QCOMPARE(controller.events()->eventAt(2).host, QStringLiteral("web1")); // the newest before
        QTRY_COMPARE(controller.alerts()->rowCount(), 4);
        QCOMPARE(controller.alerts()->eventAt(0).host, QStringLiteral("web4"));
        QTRY_COMPARE(controller.fleetHostModel()->rowCount(), 4);
        QCOMPARE(controller.fleetHostModel()->index(3, FleetHostTableModel::HostColumn).data().toString(),
                 QStringLiteral("web4"));
        QTRY_VERIFY(window.statusText().contains(QStringLiteral("Fleet: 4 hosts (1 silent)")));

        // Nothing new: the rows stay as they are.
        QTest::qWait(400);
        QCOMPARE(controller.events()->rowCount(), 8);
    }

    // A server that will not speak TLS to a URI that requires it: one line, nothing changes.
    void aServerRefusingTlsIsOneLine()
    {
        // A listener on loopback that answers PostgreSQL's SSLRequest (8 bytes) with 'N'
        // (no TLS here), as a server without `ssl = on` does, then hangs up.
        const int listener = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        QVERIFY(listener >= 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t length = sizeof address;
        QVERIFY(::bind(listener, reinterpret_cast<sockaddr*>(&address), length) == 0);
        QVERIFY(::listen(listener, 4) == 0);
        QVERIFY(::getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length) == 0);
        std::thread server([listener] {
            const int peer = ::accept(listener, nullptr, nullptr);
            if (peer < 0)
                return;
            char request[8];
            size_t got = 0;
            while (got < sizeof request) {
                const ssize_t n = ::read(peer, request + got, sizeof request - got);
                if (n <= 0)
                    break;
                got += size_t(n);
            }
            if (got == sizeof request && ::write(peer, "N", 1) == 1)
                ::shutdown(peer, SHUT_WR);
            char rest[64];
            while (::read(peer, rest, sizeof rest) > 0) { // until libpq hangs up
            }
            ::close(peer);
        });
        const auto stopServer = qScopeGuard([&] {
            ::shutdown(listener, SHUT_RDWR);
            ::close(listener);
            server.join();
        });
        ConsoleFixture console(m_data, m_env->path(QStringLiteral("console4.conf")));
        QVERIFY(console.showAndLoad());
        console.fleetDialogs->answer =
            FleetLocation{QStringLiteral("postgresql://alice@127.0.0.1:%1/fleet?sslmode=verify-full&connect_timeout=5")
                              .arg(ntohs(address.sin_port)),
                          m_passwordFile};
        console.window->connectFleetAction()->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(console.messages->errors.size(), 1, 15000);
        const QString line = console.messages->errors.first();
        QVERIFY2(line.contains(QStringLiteral("cannot log in to the fleet database: ")), qPrintable(line));
        QVERIFY2(line.contains(QStringLiteral("SSL")), qPrintable(line));
        QVERIFY(!line.contains(QLatin1Char('\n')));
        QVERIFY(!console.controller->isFleet());
        QVERIFY(console.settings->recentFleets().isEmpty());
    }

    // The fleet's schema upgraded past this console while it shows the fleet: the status
    // bar and the Overview say so in one line; connecting to it again is refused so.
    void aNewerSchemaIsOneLine()
    {
        const QString database = QStringLiteral("fleet");
        std::unique_ptr<ConsoleFixture> console = connectedConsole(database, QStringLiteral("console5.conf"));
        QVERIFY(console);
        MainWindow& window = *console->window;
        QTRY_VERIFY(console->controller->fleetHostModel()->rowCount() >= 3);
        QString error;
        QVERIFY2(m_cluster.exec(database,
                                QStringLiteral("INSERT INTO certlife.schema_version (version) VALUES (%1)")
                                    .arg(fleet::kSchemaVersion + 1),
                                &error),
                 qPrintable(error));
        const auto downgrade = qScopeGuard([&] {
            m_cluster.exec(
                database,
                QStringLiteral("DELETE FROM certlife.schema_version WHERE version > %1").arg(fleet::kSchemaVersion),
                &error);
        });
        const QString expected = QStringLiteral("the fleet database is at schema version %1, newer than this Certlife "
                                                "understands (%2): upgrade Certlife")
                                     .arg(fleet::kSchemaVersion + 1)
                                     .arg(fleet::kSchemaVersion);
        QTRY_COMPARE(console->controller->fleetError(), expected); // the next poll of the hosts
        QTRY_VERIFY2(window.statusText().contains(QStringLiteral("Fleet: ") + expected),
                     qPrintable(window.statusText()));
        window.showPage(window.overviewPage());
        QTRY_VERIFY2(window.overviewPage()->subtitleText().startsWith(QStringLiteral("Fleet: ") + expected),
                     qPrintable(window.overviewPage()->subtitleText()));

        window.thisComputerAction()->trigger();
        console->fleetDialogs->answer = FleetLocation{m_cluster.uri(database, kFleetReader), m_passwordFile};
        window.connectFleetAction()->trigger();
        QTRY_COMPARE(console->messages->errors.size(), 1);
        QVERIFY2(console->messages->errors.first().endsWith(QStringLiteral(": ") + expected),
                 qPrintable(console->messages->errors.first()));
        QVERIFY(!console->controller->isFleet());
    }
};

QTEST_MAIN(TestConsoleFleet)
#include "TestConsoleFleet.moc"
