// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "ConsoleFixture.h"
#include "TestEnvironment.h"
#include "agent/AgentStatus.h"
#include "models/CertificateFilterModel.h"
#include "models/CertificateTableModel.h"
#include "models/EventTableModel.h"
#include "models/ExpirySummaryModel.h"
#include "models/StoreListModel.h"
#include "pages/CertificatesPage.h"
#include "pages/EventsPage.h"
#include "pages/OverviewPage.h"
#include "pages/StoresPage.h"
#include "widgets/CertificateDetailsPane.h"
#include "widgets/EventDetailsPane.h"
#include "widgets/ColumnChooser.h"
#include "widgets/ExpiryChartView.h"
#include "widgets/HashLabel.h"
#include "widgets/SummaryTile.h"
#include "widgets/TaskRunsSection.h"
#include "tasks/TaskRunLog.h"
#include "util/Paths.h"

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QDateEdit>
#include <QDir>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QToolButton>
#include <QTest>

using namespace certlife;
using namespace certlife::test;
using namespace certlife::ui;

// Drives the real main window as a user would: keyboard, mouse, the pages' widgets.
class TestMainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void showsTheDefaultStoresCertificatesAtStart();
    void aLargeInventoryShowsItsFirstRowsWhileTheRestLoads();
    void typingInTheSearchFieldFiltersRows();
    void sortsByDaysLeftNumerically();
    void selectingARowFillsTheDetailsPane();
    void chartBarOpensTheCertificatesOfThatMonth();
    void summaryTileOpensItsState();
    void eventsFilterByIdAndDate();
    void newEventFromAnotherConnectionAppears();
    void showEventsOfACertificate();
    void replaceEventShowsOldAndNew();
    void eventDetailsShowTheTaskRunsTiedToIt();
    void shortcutsSwitchPages();
    void layoutIsRememberedBetweenRuns();
    void storesPageShowsProblemsAndScans();
    void addAndRemoveStoresThroughTheDialogs();
    void systemScopeIsReadOnlyUnlessPermitted();

private:
    static void clickRow(QTableView* table, int row);
    static void clickHeader(QTableView* table, int column);
    QStringList column(QAbstractItemModel* model, int column, int role = Qt::DisplayRole) const;

    DemoConsoleCase m_demo;
};

void TestMainWindow::initTestCase()
{
    m_demo.start();
}

void TestMainWindow::init()
{
    QVERIFY(m_demo.open());
}

void TestMainWindow::cleanup()
{
    m_demo.close();
}

void TestMainWindow::clickRow(QTableView* table, int row)
{
    const QRect rect = table->visualRect(table->model()->index(row, 0));
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, rect.center());
}

void TestMainWindow::clickHeader(QTableView* table, int column)
{
    QHeaderView* header = table->horizontalHeader();
    const int x = header->sectionViewportPosition(column) + header->sectionSize(column) / 2;
    QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, QPoint(x, header->height() / 2));
}

QStringList TestMainWindow::column(QAbstractItemModel* model, int c, int role) const
{
    QStringList values;
    for (int row = 0; row < model->rowCount(); ++row)
        values << model->index(row, c).data(role).toString();
    return values;
}

void TestMainWindow::showsTheDefaultStoresCertificatesAtStart()
{
    MainWindow* window = m_demo.console->window.get();
    int total = 0;
    for (const StoreInventory& store : m_demo.data.inventory)
        total += int(store.scan.certificates.size());
    CertificatesPage* page = window->certificatesPage();
    QTRY_COMPARE(page->filterModel()->rowCount(), total);
    // The demo's "Old Commerce Root CA" expired 210 days ago, in the system CA store, and
    // nothing chains to it: TrustAnchorWarnings=when-used mutes it (not long expired, not counted).
    QCOMPARE(page->countText(), QStringLiteral("%1 certificates").arg(total));
    const CertificateTableModel* model = m_demo.console->controller->certificates();
    bool sawRoot = false;
    for (int row = 0; row < model->rowCount(); ++row)
        if (model->rowAt(row).certificate().subjectCN == QLatin1String("Old Commerce Root CA")) {
            sawRoot = true;
            QCOMPARE(model->index(row, CertificateTableModel::StateColumn).data().toString(), QStringLiteral("Muted"));
        }
    QVERIFY(sawRoot);
    QCOMPARE(m_demo.console->controller->summary()->summary().total.acknowledged, 1);
    QCOMPARE(window->overviewPage()->tile(ExpiryState::Expired)->count(),
             m_demo.console->controller->summary()->summary().total[ExpiryState::Expired]);
    QVERIFY(window->overviewPage()->tile(ExpiryState::Expired)->count() >= 3);
}

void TestMainWindow::aLargeInventoryShowsItsFirstRowsWhileTheRestLoads()
{
    // Closed on the Certificates page; a store of 10,500 certificates besides the demo's.
    m_demo.close();
    ConsoleSettings(m_demo.settingsFile).setCurrentPage(QStringLiteral("certificatesPage"));
    DemoData data = m_demo.data;
    const StoredCertificate model = data.inventory.first().scan.certificates.first();
    data.inventory << storeWith(Scope::User, QStringLiteral("many"), QStringLiteral("Many"),
                                manyCertificates(model, 10500, data.now), data.now.addSecs(-3600));
    int total = 0;
    for (const StoreInventory& store : std::as_const(data.inventory))
        total += int(store.scan.certificates.size());
    ConsoleFixture console(data, m_demo.settingsFile);
    CertificatesPage* page = console.window->certificatesPage();
    QAbstractItemModelTester tester(page->filterModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    // What the page showed when the table first had rows.
    int firstRows = -1;
    bool loadedThen = true;
    QString firstCount;
    QStringList firstSubjects;
    connect(console.controller->certificates(), &QAbstractItemModel::rowsInserted, this, [&] {
        if (firstRows >= 0)
            return;
        firstRows = page->filterModel()->rowCount();
        loadedThen = console.controller->hasLoadedInventory();
        firstCount = page->countText();
        firstSubjects = column(page->filterModel(), CertificateTableModel::SubjectColumn);
        page->table()->selectRow(3); // chosen before the rest arrived: still chosen after
    });
    QVERIFY(console.showAndLoad());
    QCOMPARE(console.window->currentPage(), static_cast<ConsolePage*>(page));

    // A screenful, most urgent first, while the count still says the rest is loading; a
    // row selected then stays selected.
    QCOMPARE(firstRows, 200);
    QVERIFY(!loadedThen);
    QCOMPARE(firstCount, QStringLiteral("Loading…"));
    // Then every row, in the order a load without a first screen shows, the screenful on top.
    QTRY_COMPARE(page->filterModel()->rowCount(), total);
    QVERIFY(page->countText().startsWith(QStringLiteral("%1 certificates").arg(QLocale().toString(total))));
    const QStringList subjects = column(page->filterModel(), CertificateTableModel::SubjectColumn);
    QCOMPARE(subjects.mid(0, 200), firstSubjects);
    const QList<CertificateRow> normal = CertificateTableModel::buildRows(
        data.inventory, data.now, console.controller->thresholds(), CertificateTableModel::RowOrder::ByUrgency);
    QStringList normalSubjects;
    for (const CertificateRow& row : normal)
        normalSubjects << row.certificate().displayName();
    QCOMPARE(subjects, normalSubjects);
    QCOMPARE(page->table()->selectionModel()->selectedRows().size(), 1);
    QCOMPARE(page->table()->currentIndex().row(), 3);
    QCOMPARE(page->table()->currentIndex().data().toString(), firstSubjects[3]);

    // Filtering, sorting and selecting work on the whole table.
    page->setSearchText(QStringLiteral("host-10499.example"));
    QTRY_COMPARE(page->filterModel()->rowCount(), 1);
    page->setSearchText(QString());
    QTRY_COMPARE(page->filterModel()->rowCount(), total);
    page->table()->sortByColumn(CertificateTableModel::SubjectColumn, Qt::AscendingOrder);
    const QStringList sorted = column(page->filterModel(), CertificateTableModel::SubjectColumn);
    QVERIFY(std::is_sorted(sorted.begin(), sorted.end(), [](const QString& a, const QString& b) {
        return QString::compare(a, b, Qt::CaseInsensitive) < 0;
    }));
    clickRow(page->table(), 0);
    QCOMPARE(page->table()->selectionModel()->selectedRows().size(), 1);
    QCOMPARE(page->table()->currentIndex().row(), 0);
}

void TestMainWindow::typingInTheSearchFieldFiltersRows()
{
    MainWindow* window = m_demo.console->window.get();
    CertificatesPage* page = window->certificatesPage();
    QTest::keyClicks(window->searchField(), QStringLiteral("grafana"));
    QCOMPARE(window->currentPage(), page); // typing takes the user to the certificates
    QTRY_COMPARE(page->filterModel()->rowCount(), 1);
    QCOMPARE(page->filterModel()->index(0, CertificateTableModel::SubjectColumn).data().toString(),
             QStringLiteral("grafana.example.com"));
    QVERIFY(page->countText().startsWith(QStringLiteral("1 of ")));

    // A SAN-only match, then clearing shows everything again.
    window->searchField()->clear();
    QTest::keyClicks(window->searchField(), QStringLiteral("example.net"));
    QTRY_COMPARE(page->filterModel()->rowCount(), 6); // www, shop, cdn, grafana, blog, sso… every fifth web host
    window->searchField()->clear();
    QTRY_COMPARE(page->filterModel()->rowCount(), m_demo.console->controller->certificates()->rowCount());
}

void TestMainWindow::sortsByDaysLeftNumerically()
{
    MainWindow* window = m_demo.console->window.get();
    window->showPage(window->certificatesPage());
    QTableView* table = window->certificatesPage()->table();
    auto daysLeft = [&] {
        QList<int> days;
        for (const QString& text : column(table->model(), CertificateTableModel::DaysLeftColumn))
            days << text.toInt();
        return days;
    };
    // Most urgent first by default (the state column): every Expiring row, soonest
    // first, before the first expired one; then the expired, newest first.
    QCOMPARE(table->horizontalHeader()->sortIndicatorSection(), int(CertificateTableModel::StateColumn));
    const QStringList states = column(table->model(), CertificateTableModel::StateColumn);
    const QList<int> urgent = daysLeft();
    const qsizetype firstExpired = states.indexOf(QStringLiteral("Expired"));
    QVERIFY(firstExpired > 0);
    QCOMPARE(states.lastIndexOf(QStringLiteral("Expiring")), firstExpired - 1);
    QVERIFY(std::is_sorted(urgent.begin(), urgent.begin() + firstExpired));
    QVERIFY(urgent[firstExpired] < 0 && urgent[firstExpired] >= urgent[firstExpired + 1]);

    // A click on Days left sorts by the number; another reverses it.
    clickHeader(table, CertificateTableModel::DaysLeftColumn);
    QList<int> ascending = daysLeft();
    QVERIFY(std::is_sorted(ascending.begin(), ascending.end()));
    QVERIFY(ascending.first() < 0 && ascending.last() > 1000);
    clickHeader(table, CertificateTableModel::DaysLeftColumn);
    QList<int> descending = daysLeft();
    QVERIFY(std::is_sorted(descending.rbegin(), descending.rend()));
    QCOMPARE(descending.first(), ascending.last());
    table->sortByColumn(CertificateTableModel::StateColumn, Qt::AscendingOrder);
    QCOMPARE(daysLeft(), urgent);
}

void TestMainWindow::selectingARowFillsTheDetailsPane()
{
    MainWindow* window = m_demo.console->window.get();
    CertificatesPage* page = window->certificatesPage();
    QTest::keyClicks(window->searchField(), QStringLiteral("vault.example.com"));
    QTRY_COMPARE(page->filterModel()->rowCount(), 1);
    clickRow(page->table(), 0);

    const QString thumbprint = page->filterModel()->index(0, 0).data(CertificateTableModel::ThumbprintRole).toString();
    const QString details = page->details()->detailsText();
    QVERIFY2(details.contains(QStringLiteral("vault.example.com")), qPrintable(details));
    QVERIFY(details.contains(thumbprint));
    QVERIFY(details.contains(QStringLiteral("CN=Demo ACME R11")));
    QVERIFY(details.contains(QStringLiteral("/etc/ssl/web/vault.example.com.pem")));
    QVERIFY(details.contains(QStringLiteral("Not after")));
    QVERIFY(page->details()->pemText().startsWith(QStringLiteral("-----BEGIN CERTIFICATE-----")));

    // One Copy for the thumbprint in the pane: the hash label's own.
    QVERIFY(!page->details()->findChild<QPushButton*>(QStringLiteral("copyThumbprintButton")));
    auto* thumbprintHash = page->details()->findChild<HashLabel*>(QStringLiteral("thumbprintHash"));
    QVERIFY(thumbprintHash);
    QTest::mouseClick(thumbprintHash->copyButton(), Qt::LeftButton);
    QCOMPARE(m_demo.console->desktop->copied, QStringList{thumbprint});
    QTest::mouseClick(page->details()->findChild<QPushButton*>(QStringLiteral("openFolderButton")), Qt::LeftButton);
    QCOMPARE(m_demo.console->desktop->openedFolders, QStringList{QStringLiteral("/etc/ssl/web")});
}

void TestMainWindow::chartBarOpensTheCertificatesOfThatMonth()
{
    MainWindow* window = m_demo.console->window.get();
    window->showPage(window->overviewPage());
    ExpiryChartView* chart = window->overviewPage()->chart();
    const ExpirySummary& summary = chart->summary();
    const int month = 1; // April 2026
    QCOMPARE(summary.months[month].label(), QStringLiteral("Apr 2026"));
    const int expected = summary.months[month].counts.total();
    QVERIFY(expected > 0);

    QTest::mouseClick(chart, Qt::LeftButton, {}, chart->monthBarPosition(month));
    CertificatesPage* page = window->certificatesPage();
    QCOMPARE(window->currentPage(), page);
    QCOMPARE(page->filterModel()->rowCount(), expected);
    QVERIFY(page->filterModel()->hasExpiryWindow());
    QCOMPARE(page->findChild<QWidget*>(QStringLiteral("windowChip"))->isVisible(), true);
    QVERIFY(page->findChild<QWidget*>(QStringLiteral("windowChip"))
                ->findChild<QLabel*>()
                ->text()
                .contains(QStringLiteral("Apr 2026")));
    for (const QString& notAfter : column(page->filterModel(), CertificateTableModel::NotAfterColumn))
        QVERIFY2(notAfter.startsWith(QStringLiteral("2026-04-")), qPrintable(notAfter));

    // The chip's ✕ shows every certificate again.
    QTest::mouseClick(page->findChild<QWidget*>(QStringLiteral("clearWindowButton")), Qt::LeftButton);
    QCOMPARE(page->filterModel()->rowCount(), m_demo.console->controller->certificates()->rowCount());
}

void TestMainWindow::summaryTileOpensItsState()
{
    MainWindow* window = m_demo.console->window.get();
    SummaryTile* expiring = window->overviewPage()->tile(ExpiryState::Expiring);
    QTest::mouseClick(expiring, Qt::LeftButton);
    CertificatesPage* page = window->certificatesPage();
    QCOMPARE(window->currentPage(), page);
    QCOMPARE(page->filterModel()->rowCount(), expiring->count());
    for (const QString& state : column(page->filterModel(), CertificateTableModel::StateColumn))
        QCOMPARE(state, QStringLiteral("Expiring"));
}

void TestMainWindow::eventsFilterByIdAndDate()
{
    MainWindow* window = m_demo.console->window.get();
    QTest::keyClick(window, Qt::Key_4, Qt::ControlModifier);
    EventsPage* page = window->eventsPage();
    QCOMPARE(window->currentPage(), page);
    QTRY_VERIFY(m_demo.console->controller->events()->rowCount() > 0);

    QTest::keyClicks(page->findChild<QLineEdit*>(QStringLiteral("idFilter")), QStringLiteral("1003"));
    QTest::mouseClick(page->findChild<QCheckBox*>(QStringLiteral("fromEnabled")), Qt::LeftButton);
    auto* from = page->findChild<QDateEdit*>(QStringLiteral("fromDate"));
    from->setDate(QDate(2026, 2, 28));
    EventQuery expected;
    expected.ids = {EventId::CloseToExpiration};
    expected.since = utc(2026, 2, 28);
    const qint64 matching = m_demo.console->events->count(expected);
    QVERIFY(matching > 0);
    EventTableModel* model = m_demo.console->controller->events();
    QTRY_COMPARE(model->totalCount(), matching);
    QTRY_COMPARE(qint64(model->rowCount()), std::min<qint64>(matching, model->pageSize()));
    for (int row = 0; row < model->rowCount(); ++row) {
        QCOMPARE(model->eventAt(row).id, EventId::CloseToExpiration);
        QVERIFY(model->eventAt(row).time >= utc(2026, 2, 28));
    }
    QCOMPARE(page->countText(), QStringLiteral("%1 events").arg(matching));

    // A half-typed id list is marked and not applied.
    QTest::keyClicks(page->findChild<QLineEdit*>(QStringLiteral("idFilter")), QStringLiteral(", 99"));
    QTRY_VERIFY(!page->findChild<QLineEdit*>(QStringLiteral("idFilter"))->toolTip().isEmpty());
    QCOMPARE(model->totalCount(), matching);
}

void TestMainWindow::newEventFromAnotherConnectionAppears()
{
    MainWindow* window = m_demo.console->window.get();
    window->showPage(window->eventsPage());
    EventTableModel* model = m_demo.console->controller->events();
    QTRY_VERIFY(model->rowCount() > 0);
    QTRY_VERIFY(m_demo.console->controller->eventCount() >= 0); // counted off the UI thread, maybe after the rows
    const qint64 before = m_demo.console->controller->eventCount();

    LifecycleEvent e =
        makeEvent(EventId::Expired, Scope::User, m_demo.data.now.addSecs(60), QStringLiteral("late.example.com"));
    e.message = QStringLiteral("Certificate \"late.example.com\" expired a minute ago");
    writeEvents(Paths::eventLogFile(Scope::User), Scope::User, {e});

    QTRY_COMPARE(model->index(0, EventTableModel::CertificateColumn).data().toString(),
                 QStringLiteral("late.example.com"));
    QTRY_COMPARE(m_demo.console->controller->eventCount(), before + 1);
    QVERIFY(window->statusText().contains(QStringLiteral("Events: %1").arg(QLocale().toString(before + 1))));
    // The overview's latest errors show it too.
    QTRY_COMPARE(m_demo.console->controller->alerts()->index(0, EventTableModel::CertificateColumn).data().toString(),
                 QStringLiteral("late.example.com"));
}

void TestMainWindow::showEventsOfACertificate()
{
    MainWindow* window = m_demo.console->window.get();
    CertificatesPage* certificates = window->certificatesPage();
    QTest::keyClicks(window->searchField(), QStringLiteral("api.example.com"));
    QTRY_COMPARE(certificates->filterModel()->rowCount(), 1);
    clickRow(certificates->table(), 0);
    const QString thumbprint =
        certificates->filterModel()->index(0, 0).data(CertificateTableModel::ThumbprintRole).toString();
    QTest::mouseClick(certificates->details()->findChild<QPushButton*>(QStringLiteral("showEventsButton")),
                      Qt::LeftButton);

    QCOMPARE(window->currentPage(), window->eventsPage());
    EventTableModel* model = m_demo.console->controller->events();
    QTRY_VERIFY(!model->isLoading() && model->rowCount() > 0);
    for (int row = 0; row < model->rowCount(); ++row)
        QCOMPARE(model->eventAt(row).certificate.thumbprint, thumbprint);
    QVERIFY(window->eventsPage()->findChild<QWidget*>(QStringLiteral("certificateChip"))->isVisible());
}

void TestMainWindow::replaceEventShowsOldAndNew()
{
    MainWindow* window = m_demo.console->window.get();
    EventQuery replaces;
    replaces.ids = {EventId::Replace};
    window->showEvents(replaces);
    EventTableModel* model = m_demo.console->controller->events();
    QTRY_VERIFY(!model->isLoading() && model->rowCount() > 0);
    clickRow(window->eventsPage()->table(), 0);
    const LifecycleEvent& e = model->eventAt(0);
    QVERIFY(e.oldCertificate);
    const QString details = window->eventsPage()->details()->detailsText();
    QVERIFY2(details.contains(QStringLiteral("Old certificate")) && details.contains(QStringLiteral("New certificate")),
             qPrintable(details));
    QVERIFY(details.contains(e.oldCertificate->thumbprint));
    QVERIFY(details.contains(e.certificate.thumbprint));
    QVERIFY(details.contains(QStringLiteral("web01.example.com"))); // host
    QVERIFY(details.contains(QStringLiteral("renew")));             // action
}

void TestMainWindow::eventDetailsShowTheTaskRunsTiedToIt()
{
    MainWindow* window = m_demo.console->window.get();
    auto* section = window->eventsPage()->findChild<TaskRunsSection*>();
    QVERIFY(section);
    QSignalSpy loaded(section, &TaskRunsSection::loaded);
    QVERIFY(loaded.isValid());

    // A renewal in the web store: the demo's nginx-rebind task ran for it.
    EventQuery replaces;
    replaces.ids = {EventId::Replace};
    replaces.storeId = QStringLiteral("web");
    window->showEvents(replaces);
    EventTableModel* model = m_demo.console->controller->events();
    QTRY_VERIFY(!model->isLoading() && model->rowCount() > 0);
    const LifecycleEvent event = model->eventAt(0);
    clickRow(window->eventsPage()->table(), 0);
    QTRY_COMPARE(loaded.count(), 1);
    QCOMPARE(section->runCount(), 1);
    QVERIFY2(section->text().contains(QStringLiteral("nginx-rebind | 1 | succeeded (exit 0)")),
             qPrintable(section->text()));

    // The agent runs a second task for the same event: selecting it again shows both.
    TaskRunLog runs(Paths::eventLogFile(event.channel));
    QString error;
    QVERIFY2(runs.open(&error), qPrintable(error));
    qint64 id = 0;
    QCOMPARE(runs.claim(QStringLiteral("haproxy-reload"), event, 1, event.time.addSecs(5), TaskRunLog::currentOwner(),
                        &id, &error),
             TaskRunLog::Claim::Claimed);
    TaskRun run = *runs.run(id);
    run.state = TaskRunState::Failed;
    run.startedAt = event.time.addSecs(5);
    run.endedAt = event.time.addSecs(6);
    run.exitCode = 1;
    QVERIFY2(runs.finish(run, &error), qPrintable(error));
    window->eventsPage()->table()->clearSelection();
    window->eventsPage()->table()->setCurrentIndex({});
    clickRow(window->eventsPage()->table(), 0);
    QTRY_COMPARE(section->runCount(), 2);
    QVERIFY2(section->text().contains(QStringLiteral("haproxy-reload | 1 | failed (exit 1)")),
             qPrintable(section->text()));

    // An expiry warning: no task ran for it.
    EventQuery warnings;
    warnings.ids = {EventId::CloseToExpiration};
    window->showEvents(warnings);
    QTRY_VERIFY(!model->isLoading() && model->rowCount() > 0 && model->eventAt(0).id == EventId::CloseToExpiration);
    const int before = int(loaded.count());
    clickRow(window->eventsPage()->table(), 0);
    QTRY_VERIFY(loaded.count() > before);
    QCOMPARE(section->runCount(), 0);
    QCOMPARE(section->text(), QStringLiteral("No notification task ran for this event."));
}

void TestMainWindow::shortcutsSwitchPages()
{
    MainWindow* window = m_demo.console->window.get();
    const QList<ConsolePage*> pages = window->pages();
    // Overview, Stores, Certificates, Events, then the pages later issues add (Tasks, …).
    QVERIFY(pages.size() >= 4 && pages.size() <= 9);
    QCOMPARE(pages.mid(0, 4),
             (QList<ConsolePage*>{window->overviewPage(), window->storesPage(), window->certificatesPage(),
                                  window->eventsPage()}));
    for (int i = 0; i < pages.size(); ++i) {
        QTest::keyClick(window, Qt::Key(Qt::Key_1 + i), Qt::ControlModifier);
        QCOMPARE(window->currentPage(), pages[i]);
    }
    window->showPage(window->overviewPage());
    QTest::keyClick(window, Qt::Key_F, Qt::ControlModifier);
    QCOMPARE(window->currentPage(), window->certificatesPage());
    QTRY_VERIFY(window->searchField()->hasFocus());
    // F5 refreshes: the inventory is read again.
    QSignalSpy refreshed(m_demo.console->controller.get(), &ConsoleController::inventoryChanged);
    QVERIFY(refreshed.isValid());
    QTest::keyClick(window, Qt::Key_F5);
    QTRY_COMPARE(refreshed.count(), 1);
}

void TestMainWindow::layoutIsRememberedBetweenRuns()
{
    MainWindow* window = m_demo.console->window.get();
    window->showPage(window->eventsPage());
    QHeaderView* header = window->certificatesPage()->table()->horizontalHeader();
    // Issuer may give way in a narrow window: shown through the column chooser first.
    ColumnChooser::of(window->certificatesPage()->table())->setColumnVisible(CertificateTableModel::IssuerColumn, true);
    header->resizeSection(CertificateTableModel::IssuerColumn, 333);
    header->moveSection(header->visualIndex(CertificateTableModel::ThumbprintColumn), 0);
    window->resize(1111, 777);
    window->close(); // saves

    m_demo.console = std::make_unique<ConsoleFixture>(m_demo.data, m_demo.settingsFile);
    QVERIFY(m_demo.console->showAndLoad());
    MainWindow* again = m_demo.console->window.get();
    QCOMPARE(again->currentPage(), again->eventsPage());
    QHeaderView* restored = again->certificatesPage()->table()->horizontalHeader();
    QCOMPARE(restored->sectionSize(CertificateTableModel::IssuerColumn), 333);
    QCOMPARE(restored->visualIndex(CertificateTableModel::ThumbprintColumn), 0);
    QCOMPARE(again->size(), QSize(1111, 777));
}

void TestMainWindow::storesPageShowsProblemsAndScans()
{
    MainWindow* window = m_demo.console->window.get();
    QTest::keyClick(window, Qt::Key_2, Qt::ControlModifier);
    StoresPage* page = window->storesPage();
    QTableView* stores = page->storeTable();
    QCOMPARE(stores->model()->rowCount(), int(m_demo.data.inventory.size()));
    int webRow = -1;
    for (int row = 0; row < stores->model()->rowCount(); ++row) {
        if (stores->model()->index(row, StoreListModel::NameColumn).data().toString() == QStringLiteral("Web servers"))
            webRow = row;
    }
    QVERIFY(webRow >= 0);
    clickRow(stores, webRow);
    QCOMPARE(page->problemTable()->model()->rowCount(), 3);
    QVERIFY(column(page->problemTable()->model(), 1).contains(QStringLiteral("PEM block 1: bad base64 at line 7")));

    // Scan now: progress, then the rescanned inventory, then the result line.
    Inventory rescanned = m_demo.data.inventory;
    rescanned[2].scan.problems.removeFirst();
    m_demo.console->inventory->scanned = rescanned;
    QSignalSpy progress(m_demo.console->controller.get(), &ConsoleController::scanProgress);
    QSignalSpy finished(m_demo.console->controller.get(), &ConsoleController::scanFinished);
    QVERIFY(progress.isValid() && finished.isValid());
    m_demo.console->inventory->gate = std::make_shared<QSemaphore>();
    QTest::mouseClick(page->scanButton(), Qt::LeftButton);
    QVERIFY(!page->scanButton()->isEnabled()); // one scan at a time
    QCOMPARE(page->statusText(), QStringLiteral("Scanning…"));
    m_demo.console->inventory->gate->release();
    QTRY_COMPARE(finished.count(), 1);
    QCOMPARE(progress.count(), int(m_demo.data.inventory.size()));
    QVERIFY(page->scanButton()->isEnabled());
    QCOMPARE(page->problemTable()->model()->rowCount(), 2); // still on "Web servers"
    QVERIFY2(page->statusText().contains(QStringLiteral("4 files could not be read")), qPrintable(page->statusText()));
}

void TestMainWindow::addAndRemoveStoresThroughTheDialogs()
{
    MainWindow* window = m_demo.console->window.get();
    window->showPage(window->storesPage());
    StoresPage* page = window->storesPage();
    StoreConfig config;
    config.id = QStringLiteral("nginx");
    config.displayName = QStringLiteral("nginx certificates");
    config.scope = Scope::User;
    config.path = m_demo.env->path(QStringLiteral("nginx"));
    m_demo.console->dialogs->newStore = config;
    auto* add = page->findChild<QPushButton*>(QStringLiteral("addStoreButton"));
    auto click = [](QPushButton* button) { return [button] { QTest::mouseClick(button, Qt::LeftButton); }; };
    std::optional<CommandOutcome> outcome = m_demo.console->runCommand(click(add));
    QVERIFY(outcome && outcome->isDone());
    QVERIFY2(outcome->message.contains(QStringLiteral("nginx certificates")), qPrintable(outcome->message));
    QCOMPARE(m_demo.console->dialogs->offeredScopes, (QList<QList<Scope>>{{Scope::User}})); // System needs root
    QCOMPARE(m_demo.console->inventory->added.size(), 1);
    QCOMPARE(m_demo.console->inventory->added.first().id, QStringLiteral("nginx"));
    QTRY_COMPARE(page->storeTable()->model()->rowCount(), int(m_demo.data.inventory.size()) + 1);

    // Remove it again: select its row, confirm.
    const QModelIndexList match =
        page->storeTable()->model()->match(page->storeTable()->model()->index(0, StoreListModel::NameColumn),
                                           Qt::DisplayRole, QStringLiteral("nginx certificates"), 1, Qt::MatchExactly);
    QCOMPARE(match.size(), 1);
    clickRow(page->storeTable(), match.first().row());
    outcome = m_demo.console->runCommand(click(page->findChild<QPushButton*>(QStringLiteral("removeStoreButton"))));
    QVERIFY(outcome && outcome->isDone());
    QCOMPARE(m_demo.console->inventory->removed.size(), 1);
    QTRY_COMPARE(page->storeTable()->model()->rowCount(), int(m_demo.data.inventory.size()));

    // A refusal is shown to the user, not swallowed.
    m_demo.console->inventory->refusal = QStringLiteral("stores.conf: a store with the id \"nginx\" exists");
    outcome = m_demo.console->runCommand(click(add));
    QVERIFY(outcome);
    QCOMPARE(int(outcome->status), int(CommandOutcome::Status::Failed));
    QCOMPARE(m_demo.console->messages->errors.size(), 1);
    QVERIFY(m_demo.console->messages->errors.first().contains(QStringLiteral("exists")));
}

void TestMainWindow::systemScopeIsReadOnlyUnlessPermitted()
{
    MainWindow* window = m_demo.console->window.get();
    window->showPage(window->storesPage());
    StoresPage* page = window->storesPage();
    QVERIFY(page->findChild<QLabel*>(QStringLiteral("permissionNote"))->isVisible());
    QTableView* stores = page->storeTable();
    auto* remove = page->findChild<QPushButton*>(QStringLiteral("removeStoreButton"));
    for (int row = 0; row < stores->model()->rowCount(); ++row) {
        clickRow(stores, row);
        const bool system =
            stores->model()->index(row, StoreListModel::ScopeColumn).data().toString() == QStringLiteral("System");
        QCOMPARE(remove->isEnabled(), !system);
    }

    // With permission (running as root) the System stores can be changed.
    m_demo.console->inventory->systemWritable = true;
    QTest::keyClick(window, Qt::Key_F5); // permissions are looked at again on refresh
    QTRY_VERIFY(!page->findChild<QLabel*>(QStringLiteral("permissionNote"))->isVisible());
    const int webRow = stores->model()
                           ->match(stores->model()->index(0, StoreListModel::NameColumn), Qt::DisplayRole,
                                   QStringLiteral("Web servers"), 1, Qt::MatchExactly)
                           .first()
                           .row();
    clickRow(stores, webRow);
    QVERIFY(remove->isEnabled());
}

QTEST_MAIN(TestMainWindow)
#include "TestMainWindow.moc"
