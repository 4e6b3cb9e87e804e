// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// The console's fleet mode over a real PostgreSQL 15 (a private cluster) holding three
// hosts that published as their agents would, web3 silent: File → Connect to fleet…
// switches every page to the fleet, read-only; the Overview's "By host", the
// Certificates page's Host column and filter, the Events page's host filter; File →
// This computer switches back; the fleet is remembered without its password.
#include "ConsoleFixture.h"
#include "FleetReadFixture.h"
#include "commands/CertificateActionSet.h"
#include "commands/CommandRunner.h"
#include "console/FleetHostTableModel.h"
#include "models/CertificateFilterModel.h"
#include "models/CertificateTableModel.h"
#include "models/EventTableModel.h"
#include "pages/CertificatesPage.h"
#include "pages/EventsPage.h"
#include "pages/OverviewPage.h"

#include <QAction>
#include <QDir>
#include <QImage>
#include <QSet>
#include <QComboBox>
#include <QTableView>
#include <QTest>

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

        console.fleetDialogs->answer = fleet();
        window.connectFleetAction()->trigger();
        QTRY_VERIFY(controller.isFleet());
        QVERIFY(console.messages->errors.isEmpty());

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
};

QTEST_MAIN(TestConsoleFleet)
#include "TestConsoleFleet.moc"
