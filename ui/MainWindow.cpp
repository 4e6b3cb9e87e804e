// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "MainWindow.h"

#include "console/ConsoleController.h"
#include "ConsoleResources.h"
#include "console/ConsoleSettings.h"
#include "console/FleetConsoleSource.h"
#include "models/BackgroundPool.h"
#include "seams/FleetDialogs.h"

#include <QCoro/QCoroFuture>
#include "commands/AcknowledgementCommands.h"
#include "commands/ActionDialogs.h"
#include "commands/CertificateActionSet.h"
#include "commands/CommandRunner.h"
#include "commands/ExportReportCommand.h"
#include "commands/PolicyDialogs.h"
#include "commands/ReportDialogs.h"
#include "commands/StoreDialogs.h"
#include "commands/TaskDialogs.h"
#include "models/CertificateText.h"
#include "seams/DesktopServices.h"
#include "seams/Messages.h"
#include "pages/CertificatesPage.h"
#include "pages/EventsPage.h"
#include "pages/OverviewPage.h"
#include "pages/PolicyPage.h"
#include "pages/StoresPage.h"
#include "pages/TasksPage.h"
#include "dialogs/ShortcutsDialog.h"
#include "widgets/FileDialogStart.h"
#include "widgets/TaskRunsSection.h"
#include "widgets/ViewKeyboard.h"

#include <QAction>
#include <algorithm>
#include <QApplication>
#include <QCloseEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QPointer>
#include <QProgressBar>
#include <QScreen>
#include <QStackedWidget>
#include <QStatusBar>
#include <QToolBar>

namespace certlife::ui {

namespace {
constexpr int kSearchDelayMs = 200;
} // namespace

MainWindow::MainWindow(ConsoleController* controller, ConsoleSettings* settings, Services services, QWidget* parent)
    : QMainWindow(parent), m_controller(controller), m_settings(settings), m_services(std::move(services))
{
    initConsoleResources();
    if (!m_services.desktop)
        m_services.desktop = std::make_shared<DesktopServices>();
    if (!m_services.messages)
        m_services.messages = std::make_shared<Messages>();
    if (!m_services.stores)
        m_services.stores = std::make_shared<StoreDialogs>();
    if (!m_services.actionDialogs)
        m_services.actionDialogs = std::make_shared<ActionDialogs>();
    if (!m_services.policy)
        m_services.policy = std::make_shared<PolicyDialogs>();
    if (!m_services.reports)
        m_services.reports = std::make_shared<ReportDialogs>();
    if (!m_services.acknowledgements)
        m_services.acknowledgements = std::make_shared<AcknowledgementDialogs>();
    if (!m_services.tasks)
        m_services.tasks = std::make_shared<TaskDialogs>();
    if (!m_services.fleet)
        m_services.fleet = std::make_shared<FleetDialogs>();
    setWindowTitle(tr("Certlife"));
    setObjectName(QStringLiteral("mainWindow"));

    m_navigation = new QListWidget(this);
    m_navigation->setObjectName(QStringLiteral("navigation"));
    m_navigation->setFixedWidth(180);
    m_navigation->setIconSize(QSize(22, 22));
    m_navigation->setFrameShape(QFrame::NoFrame);
    m_navigation->setStyleSheet(QStringLiteral(
        "QListWidget#navigation { background: #eceff1; padding-top: 8px; outline: 0; }"
        "QListWidget#navigation::item { padding: 9px 10px; color: #263238; border-left: 4px solid transparent; }"
        "QListWidget#navigation::item:selected { background: #ffffff; color: #0d47a1;"
        " border-left: 4px solid #1f4f99; font-weight: bold; }"
        "QListWidget#navigation::item:hover:!selected { background: #e3e8eb; }"));
    m_stack = new QStackedWidget(this);
    auto* central = new QWidget(this);
    auto* layout = new QHBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_navigation);
    layout->addWidget(m_stack, 1);
    setCentralWidget(central);
    connect(m_navigation, &QListWidget::currentRowChanged, m_stack, &QStackedWidget::setCurrentIndex);

    createStatusBar();
    m_runner = new CommandRunner(m_services.messages, this, statusBar());
    createActions();

    m_overview = new OverviewPage(controller, this);
    m_stores = new StoresPage(controller, m_services.stores, m_runner, this);
    m_certificates = new CertificatesPage(controller, m_services.desktop, this);
    m_events = new EventsPage(controller, this);
    m_events->addDetailsSection(new TaskRunsSection);
    for (ConsolePage* page : {static_cast<ConsolePage*>(m_overview), static_cast<ConsolePage*>(m_stores),
                              static_cast<ConsolePage*>(m_certificates), static_cast<ConsolePage*>(m_events)})
        addPage(page);
    m_tasks = new TasksPage(controller, m_services.tasks, m_runner, this);
    addPage(m_tasks);
    m_policy = new PolicyPage(controller, m_services.policy, m_runner, this);
    addPage(m_policy);
    connect(m_overview, &OverviewPage::certificatesRequested, this, &MainWindow::showCertificates);
    connect(m_overview, &OverviewPage::eventsRequested, this, &MainWindow::showEvents);
    connect(m_certificates, &CertificatesPage::eventsRequested, this, &MainWindow::showEvents);
    m_certificateActions =
        new CertificateActionSet(controller, m_services.actionDialogs, m_runner, m_certificates, m_stores, this);
    m_certificateMenu->addActions(m_certificateActions->actions());
    m_acknowledgementActions =
        new AcknowledgementActionSet(controller, m_services.acknowledgements, m_runner, m_certificates, this);
    m_certificateMenu->addSeparator();
    m_certificateMenu->addActions(m_acknowledgementActions->actions());
    m_certificateMenu->addAction(m_acknowledgementActions->manageAction());
    m_runner->govern(m_exportReport, [this] {
        return CommandRunner::Availability{
            QString(), tr("Write a certificate, event or task report (PDF, HTML, CSV, JSON) (Ctrl+E)")};
    });
    m_runner->allowWhileReadOnly(m_exportReport); // a fleet's too: reports change nothing
    createNotifications();

    connect(controller, &ConsoleController::inventoryChanged, this, &MainWindow::updateStatus);
    connect(controller, &ConsoleController::agentStatusChanged, this, &MainWindow::updateStatus);
    connect(controller, &ConsoleController::eventCountChanged, this, &MainWindow::updateStatus);
    connect(controller, &ConsoleController::fleetHostsChanged, this, &MainWindow::updateStatus);
    connect(controller, &ConsoleController::scanStarted, this, [this] {
        m_scanProgress->setRange(0, 0);
        m_scanProgress->show();
    });
    connect(controller, &ConsoleController::scanProgress, this, [this](const ScanProgress& p) {
        m_scanProgress->setRange(0, std::max(1, p.storesTotal));
        m_scanProgress->setValue(p.storesDone);
        m_scanProgress->setToolTip(tr("Scanning %1").arg(p.currentStore));
    });
    connect(controller, &ConsoleController::scanFinished, this, [this] {
        m_scanProgress->hide();
        updateStatus();
    });

    // A first start fills most of the screen; later starts restore what the user chose.
    const QRect available = screen() ? screen()->availableGeometry() : QRect(0, 0, 1440, 900);
    resize(std::min(1440, available.width() * 9 / 10), std::min(900, available.height() * 9 / 10));
    restoreSettings();
    updateStatus();
}

MainWindow::~MainWindow() = default;

void MainWindow::createActions()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    m_exportReport =
        file->addAction(tr("&Export report…"), QKeySequence(Qt::CTRL | Qt::Key_E), this, &MainWindow::exportReport);
    m_exportReport->setObjectName(QStringLiteral("exportReportAction"));
    file->addSeparator();
    m_connectFleet = file->addAction(tr("Connect to &fleet…"), this, [this] {
        const std::optional<FleetLocation> location = m_services.fleet->askForFleet(this, m_settings->recentFleets());
        if (location)
            QCoro::connect(connectToFleet(*location), this, [](bool) {});
    });
    m_connectFleet->setObjectName(QStringLiteral("connectFleetAction"));
    m_connectFleet->setToolTip(tr("Show every host's certificates and events from the fleet database, read-only"));
    m_thisComputer = file->addAction(tr("&This computer"), this, &MainWindow::showThisComputer);
    m_thisComputer->setObjectName(QStringLiteral("thisComputerAction"));
    m_thisComputer->setToolTip(tr("Show this computer's stores and events again"));
    m_thisComputer->setEnabled(false);
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);
    quit->setMenuRole(QAction::QuitRole);

    m_viewMenu = menuBar()->addMenu(tr("&View"));
    m_pagesSeparator = m_viewMenu->addSeparator();
    // F5 alone: QKeySequence::Refresh is Ctrl+R on GNOME too, which is Scan now.
    QAction* refresh = m_viewMenu->addAction(QIcon(QStringLiteral(":/certlife/icons/refresh.svg")), tr("&Refresh"),
                                             QKeySequence(Qt::Key_F5), this,
                                             [this] { QCoro::connect(m_controller->refresh(), this, [] {}); });
    refresh->setObjectName(QStringLiteral("refreshAction"));
    refresh->setToolTip(tr("Read the inventory, the events and the agents' state again (F5)"));
    QAction* scan = m_viewMenu->addAction(QIcon(QStringLiteral(":/certlife/icons/scan.svg")), tr("&Scan now"),
                                          QKeySequence(Qt::CTRL | Qt::Key_R), this, [this] { m_stores->scanNow(); });
    scan->setObjectName(QStringLiteral("scanAction"));
    scan->setToolTip(tr("Scan every store now (Ctrl+R)"));
    QAction* find = m_viewMenu->addAction(tr("&Find"), QKeySequence::Find, this, &MainWindow::focusSearch);
    find->setObjectName(QStringLiteral("findAction"));
    find->setToolTip(tr("Focus this page's filter; on pages without one, the certificate search (Ctrl+F)"));
    m_certificateMenu = menuBar()->addMenu(tr("&Certificate")); // filled with the certificate actions

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    QAction* shortcuts = help->addAction(tr("&Keyboard shortcuts"), QKeySequence::HelpContents, this, [this] {
        ShortcutsDialog dialog(this);
        dialog.exec();
    });
    shortcuts->setObjectName(QStringLiteral("shortcutsAction"));
    help->addAction(tr("&About Certlife"), this, [this] {
        QMessageBox::about(this, tr("About Certlife"),
                           tr("<h3>Certlife %1</h3>"
                              "<p>Certificate lifecycle console for Linux: watches certificate stores, warns before "
                              "certificates expire, and keeps the history of every renewal, replacement and "
                              "expiry.</p>")
                               .arg(QApplication::applicationVersion().toHtmlEscaped()));
    });

    QToolBar* toolbar = addToolBar(tr("Main"));
    toolbar->setObjectName(QStringLiteral("mainToolbar"));
    toolbar->setMovable(false);
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolbar->setIconSize(QSize(20, 20));
    toolbar->addAction(scan);
    toolbar->addAction(refresh);
    auto* spacer = new QWidget(toolbar);
    spacer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    toolbar->addWidget(spacer);
    m_search = new QLineEdit(toolbar);
    m_search->setObjectName(QStringLiteral("searchField"));
    m_search->setPlaceholderText(tr("Search certificates: name, SAN, subject, thumbprint (Ctrl+F)"));
    m_search->setClearButtonEnabled(true);
    m_search->addAction(QIcon(QStringLiteral(":/certlife/icons/search.svg")), QLineEdit::LeadingPosition);
    m_search->setMinimumWidth(420);
    toolbar->addWidget(m_search);

    m_searchTimer.setSingleShot(true);
    m_searchTimer.setInterval(kSearchDelayMs);
    connect(&m_searchTimer, &QTimer::timeout, this, [this] { m_certificates->setSearchText(m_search->text()); });
    connect(m_search, &QLineEdit::textEdited, this, [this] {
        if (currentPage() != m_certificates)
            showPage(m_certificates);
        m_searchTimer.start();
    });
    connect(m_search, &QLineEdit::textChanged, this, [this](const QString& text) {
        if (text.isEmpty()) // the clear button: show everything at once
            m_certificates->setSearchText(QString());
    });
    connect(m_search, &QLineEdit::returnPressed, this, &MainWindow::focusSearchResults);
    onDownKey(m_search, [this] { focusSearchResults(); });
}

QCoro::Task<bool> MainWindow::connectToFleet(FleetLocation location)
{
    auto fleet = std::make_shared<FleetConsoleSource>(location, m_controller->sharedClock());
    // Read the hosts once first: a database that cannot be read is said now, and the
    // console stays where it was.
    auto reading = inBackground([fleet] {
        fleet::FleetError error;
        return fleet->hosts(&error) ? QString() : error.message;
    });
    QPointer<MainWindow> self(this);
    const QString error = co_await reading;
    if (!self)
        co_return false;
    if (!error.isEmpty()) {
        m_services.messages->showError(this, tr("Connect to fleet"), error);
        co_return false;
    }
    m_settings->rememberFleet(location);
    ConsoleController::Sources sources = m_controller->localSources();
    sources.inventory = fleet;
    sources.events = fleet;
    sources.fleet = fleet;
    m_controller->switchSources(sources);
    m_runner->setReadOnly(FleetConsoleSource::readOnlyReason());
    m_thisComputer->setEnabled(true);
    setWindowTitle(tr("Certlife — fleet %1").arg(location.uri));
    updateStatus();
    co_return true;
}

void MainWindow::showThisComputer()
{
    if (!m_controller->isFleet())
        return;
    m_controller->switchSources(m_controller->localSources());
    m_runner->setReadOnly(QString());
    m_thisComputer->setEnabled(false);
    setWindowTitle(tr("Certlife"));
    updateStatus();
}

void MainWindow::exportReport()
{
    m_runner->start(new ExportReportCommand({m_controller, m_services.reports, m_certificates, m_events, this}));
}

void MainWindow::createStatusBar()
{
    m_agentLabel = new QLabel(this);
    m_agentLabel->setObjectName(QStringLiteral("agentStatus"));
    m_scanLabel = new QLabel(this);
    m_scanLabel->setObjectName(QStringLiteral("lastScanStatus"));
    m_eventLabel = new QLabel(this);
    m_eventLabel->setObjectName(QStringLiteral("eventCountStatus"));
    m_scanProgress = new QProgressBar(this);
    m_scanProgress->setMaximumWidth(140);
    m_scanProgress->setTextVisible(false);
    m_scanProgress->hide();
    statusBar()->addWidget(m_agentLabel);
    statusBar()->addWidget(m_scanLabel);
    statusBar()->addPermanentWidget(m_scanProgress);
    statusBar()->addPermanentWidget(m_eventLabel);
}

void MainWindow::addPage(ConsolePage* page)
{
    m_pages.append(page);
    m_stack->addWidget(page);
    auto* item = new QListWidgetItem(page->icon(), page->title(), m_navigation);
    item->setSizeHint(QSize(0, 40));
    const int number = int(m_pages.size());
    QAction* action = new QAction(page->icon(), page->title(), this);
    action->setObjectName(page->objectName() + QStringLiteral("Action"));
    if (number <= 9)
        action->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_0 + number)));
    connect(action, &QAction::triggered, this, [this, page] { showPage(page); });
    m_viewMenu->insertAction(m_pagesSeparator, action);
    m_pageActions.append(action);
    page->restoreLayout(*m_settings);
    if (m_navigation->currentRow() < 0)
        m_navigation->setCurrentRow(0);
}

void MainWindow::showPage(ConsolePage* page)
{
    const int index = int(m_pages.indexOf(page));
    if (index >= 0)
        m_navigation->setCurrentRow(index);
}

ConsolePage* MainWindow::currentPage() const
{
    return qobject_cast<ConsolePage*>(m_stack->currentWidget());
}

void MainWindow::focusSearch()
{
    // Ctrl+F: the current page's own filter; the certificate search where there is none.
    if (ConsolePage* page = currentPage(); page && page->filterField() && page->filterField()->isEnabled()) {
        page->filterField()->setFocus(Qt::ShortcutFocusReason);
        if (auto* edit = qobject_cast<QLineEdit*>(page->filterField()))
            edit->selectAll();
        return;
    }
    showPage(m_certificates);
    m_search->setFocus(Qt::ShortcutFocusReason);
    m_search->selectAll();
}

void MainWindow::focusSearchResults()
{
    // The search applies now (not after the typing pause), then the keyboard goes on in the results.
    m_searchTimer.stop();
    m_certificates->setSearchText(m_search->text());
    showPage(m_certificates);
    focusFirstRow(m_certificates->table());
}

void MainWindow::showCertificates(const CertificateView& view)
{
    m_certificates->applyView(view);
    showPage(m_certificates);
}

void MainWindow::showEvents(const EventQuery& query)
{
    m_events->applyQuery(query);
    showPage(m_events);
}

void MainWindow::updateStatus()
{
    const AgentStatus system = m_controller->agentStatus(Scope::System);
    const AgentStatus user = m_controller->agentStatus(Scope::User);
    m_agentLabel->setText(tr("Agent: System %1 · User %2").arg(system.summaryText(), user.summaryText()));
    m_agentLabel->setToolTip(tr("System agent: %1\n\nUser agent: %2").arg(system.reportText(), user.reportText()));
    if (m_controller->isFleet()) { // the fleet's state, or why it cannot be read, in one line
        const QList<fleet::FleetHostStatus> hosts = m_controller->fleetHosts();
        const auto silent = std::count_if(hosts.cbegin(), hosts.cend(), [](const auto& h) { return h.silent; });
        const QString problem = m_controller->fleetError();
        m_agentLabel->setText(problem.isEmpty() ? tr("Fleet: %1 hosts (%2 silent)").arg(hosts.size()).arg(silent)
                                                : tr("Fleet: %1").arg(problem));
        m_agentLabel->setToolTip(m_agentLabel->text());
    }
    auto scanText = [this](Scope scope) {
        const QDateTime when = m_controller->lastScan(scope);
        return when.isValid() ? formatUtc(when) : tr("never");
    };
    m_scanLabel->setText(tr("Last scan: System %1 · User %2").arg(scanText(Scope::System), scanText(Scope::User)));
    const qint64 events = m_controller->eventCount();
    m_eventLabel->setText(events < 0 ? tr("Events: unknown") : tr("Events: %1").arg(QLocale().toString(events)));
}

QString MainWindow::statusText() const
{
    return QStringList{m_agentLabel->text(), m_scanLabel->text(), m_eventLabel->text()}.join(QLatin1String(" | "));
}

void MainWindow::restoreSettings()
{
    setRememberedFileDialogDirectory(m_settings->lastFileDirectory());
    restoreGeometry(m_settings->windowGeometry());
    restoreState(m_settings->windowState());
    const QString page = m_settings->currentPage();
    for (ConsolePage* p : std::as_const(m_pages)) {
        if (p->objectName() == page)
            showPage(p);
    }
}

void MainWindow::saveSettings()
{
    m_settings->setWindowGeometry(saveGeometry());
    m_settings->setWindowState(saveState());
    m_settings->setLastFileDirectory(rememberedFileDialogDirectory());
    if (ConsolePage* page = currentPage())
        m_settings->setCurrentPage(page->objectName());
    for (ConsolePage* page : std::as_const(m_pages))
        page->saveLayout(*m_settings);
    m_settings->sync();
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    m_runner->cancel(); // what has not begun to change anything stops here
    saveSettings();
    QMainWindow::closeEvent(event);
}

} // namespace certlife::ui
