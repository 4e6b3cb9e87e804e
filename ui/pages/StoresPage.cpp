// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "StoresPage.h"

#include "console/ConsoleController.h"
#include "console/ConsoleSettings.h"
#include "commands/CommandRunner.h"
#include "commands/StoreCommands.h"
#include "models/CertificateText.h"
#include "models/EndpointProbeModel.h"
#include "models/EndpointServing.h"
#include "models/ScanProblemModel.h"
#include "models/StoreListModel.h"
#include "widgets/EmptyStateOverlay.h"
#include "widgets/ColumnChooser.h"
#include "widgets/PageParts.h"
#include "widgets/StoreKindIcons.h"
#include "widgets/ViewKeyboard.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableView>
#include <QVBoxLayout>
#include <algorithm>

namespace certlife::ui {

StoresPage::StoresPage(ConsoleController* controller, std::shared_ptr<StoreDialogs> dialogs, CommandRunner* runner,
                       QWidget* parent)
    : ConsolePage(parent),
      m_controller(controller),
      m_dialogs(dialogs ? std::move(dialogs) : std::make_shared<StoreDialogs>()),
      m_runner(runner)
{
    setObjectName(QStringLiteral("storesPage"));

    m_scan = new QPushButton(QIcon(QStringLiteral(":/certlife/icons/scan.svg")), tr("&Scan now"), this);
    m_scan->setObjectName(QStringLiteral("scanButton"));
    m_scan->setToolTip(tr("Read every store again (unchanged files come from the cache)"));
    m_add = new QPushButton(tr("&Add store…"), this);
    m_add->setObjectName(QStringLiteral("addStoreButton"));
    m_remove = new QPushButton(tr("&Remove store"), this);
    m_remove->setObjectName(QStringLiteral("removeStoreButton"));
    m_progress = new QProgressBar(this);
    m_progress->setMaximumWidth(220);
    m_progress->setTextVisible(false);
    m_progress->hide();
    m_status = makeMutedLabel(QString(), this);
    m_status->setObjectName(QStringLiteral("scanStatus"));
    m_status->setWordWrap(false);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_scan);
    buttons->addWidget(m_add);
    buttons->addWidget(m_remove);
    buttons->addSpacing(12);
    buttons->addWidget(m_progress);
    buttons->addWidget(m_status, 1);

    m_permissionNote = new QLabel(this);
    m_permissionNote->setObjectName(QStringLiteral("permissionNote"));
    m_permissionNote->setStyleSheet(QStringLiteral("color: #607d8b;"));

    m_sorted = new StoreTableProxy(this);
    m_sorted->setSourceModel(controller->stores());
    m_sorted->setSortRole(StoreListModel::SortRole);
    m_stores = makeTable(this, QStringLiteral("storeTable"));
    m_stores->setModel(m_sorted);
    m_stores->setSortingEnabled(true);
    m_stores->sortByColumn(StoreListModel::ScopeColumn, Qt::AscendingOrder);
    QHeaderView* header = m_stores->horizontalHeader();
    header->resizeSection(StoreListModel::NameColumn, 170);
    header->resizeSection(StoreListModel::ScopeColumn, 70);
    header->resizeSection(StoreListModel::KindColumn, 150);
    header->resizeSection(StoreListModel::PathColumn, 260);
    header->resizeSection(StoreListModel::CountColumn, 100);
    header->resizeSection(StoreListModel::LastScanColumn, 150);
    header->resizeSection(StoreListModel::ProblemsColumn, 90);
    new EmptyStateOverlay(m_stores, tr("No stores are configured. Add one to start monitoring its certificates."));
    // The kind and the scope give way in a narrow window (the header's menu shows them).
    ColumnChooser::of(m_stores)->setOptionalColumns({StoreListModel::KindColumn, StoreListModel::ScopeColumn});
    // Then the path elides (its tooltip has it whole), the store's name stays whole.
    ColumnChooser::of(m_stores)->setNarrowingColumn(StoreListModel::PathColumn);

    m_problemModel = new ScanProblemModel(this);
    m_problems = makeTable(this, QStringLiteral("problemTable"));
    m_problems->setModel(m_problemModel);
    m_problems->horizontalHeader()->resizeSection(ScanProblemModel::PathColumn, 420);
    new EmptyStateOverlay(m_problems, tr("Select a store to see the files it could not read."));
    m_problemsTitle = makeSectionTitle(tr("Problems"), this);

    // An endpoint store's "files" are addresses: each with its handshake and findings.
    m_endpointModel = new EndpointProbeModel(this);
    m_endpoints = makeTable(this, QStringLiteral("endpointTable"));
    m_endpoints->setModel(m_endpointModel);
    QHeaderView* endpointHeader = m_endpoints->horizontalHeader();
    endpointHeader->resizeSection(EndpointProbeModel::EndpointColumn, 170);
    endpointHeader->resizeSection(EndpointProbeModel::AddressColumn, 110);
    endpointHeader->resizeSection(EndpointProbeModel::StatusColumn, 220);
    endpointHeader->resizeSection(EndpointProbeModel::FindingsColumn, 200);
    endpointHeader->resizeSection(EndpointProbeModel::CertificateColumn, 150);
    endpointHeader->resizeSection(EndpointProbeModel::ExpiresColumn, 120);
    endpointHeader->resizeSection(EndpointProbeModel::ProtocolColumn, 70);
    new EmptyStateOverlay(m_endpoints, tr("This store has not been probed yet."));
    ColumnChooser::of(m_endpoints)
        ->setOptionalColumns(
            {EndpointProbeModel::CipherColumn, EndpointProbeModel::ProtocolColumn, EndpointProbeModel::ExpiresColumn});
    ColumnChooser::of(m_endpoints)->setNarrowingColumn(EndpointProbeModel::FindingsColumn);
    m_lowerStack = new QStackedWidget(this);
    m_lowerStack->addWidget(m_problems);
    m_lowerStack->addWidget(m_endpoints);

    auto* lower = new QWidget(this);
    auto* lowerLayout = new QVBoxLayout(lower);
    lowerLayout->setContentsMargins(0, 0, 0, 0);
    lowerLayout->addWidget(m_problemsTitle);
    lowerLayout->addWidget(m_lowerStack, 1);
    auto* upper = new QWidget(this);
    auto* upperLayout = new QVBoxLayout(upper);
    upperLayout->setContentsMargins(0, 0, 0, 0);
    upperLayout->addWidget(makeSectionTitle(tr("Monitored stores"), upper));
    upperLayout->addWidget(m_stores, 1);
    m_splitter = makeSplitter(Qt::Vertical, upper, lower, this);

    QVBoxLayout* layout = makePageLayout(this, title());
    layout->addLayout(buttons);
    layout->addWidget(m_permissionNote);
    layout->addWidget(m_splitter, 1);

    connect(m_scan, &QPushButton::clicked, this, &StoresPage::scanNow);
    connect(m_add, &QPushButton::clicked, this, &StoresPage::addStore);
    connect(m_remove, &QPushButton::clicked, this, &StoresPage::removeSelectedStore);
    addViewShortcut(m_stores, tr("Remove store"), QKeySequence::Delete, [this] { m_remove->click(); });
    connect(m_stores->selectionModel(), &QItemSelectionModel::selectionChanged, this, &StoresPage::selectionChanged);
    connect(controller->stores(), &QAbstractItemModel::dataChanged, this, &StoresPage::selectionChanged);
    connect(controller, &ConsoleController::scanStarted, this, &StoresPage::scanStarted);
    connect(controller, &ConsoleController::scanProgress, this, &StoresPage::showProgress);
    connect(controller, &ConsoleController::scanFinished, this, &StoresPage::scanFinished);
    connect(controller, &ConsoleController::inventoryChanged, this, [this] {
        updatePermissions();
        selectionChanged();
        if (m_status->text().isEmpty() && !m_controller->isScanning())
            m_status->setText(tr("Showing the results of the last scan. Scan now reads every store again."));
        if (m_stores->selectionModel()->selectedRows().isEmpty() && m_sorted->rowCount() > 0)
            m_stores->selectRow(0);
    });
    governButtons();
    updatePermissions();
    selectionChanged();
}

void StoresPage::governButtons()
{
    using Availability = CommandRunner::Availability;
    m_runner->govern(m_add, [this] {
        return Availability{m_controller->canModify(Scope::System) || m_controller->canModify(Scope::User)
                                ? QString()
                                : tr("Adding stores needs root"),
                            tr("Monitor another directory, file or bundle")};
    });
    m_runner->govern(m_remove, [this] {
        const int row = selectedStoreRow();
        if (row < 0)
            return Availability{tr("Select a store first"), QString()};
        const bool writable = m_controller->canModify(m_controller->stores()->storeAt(row).config.scope);
        return Availability{writable ? QString() : tr("Changing the System scope's stores needs root"),
                            tr("Stop monitoring this store")};
    });
}

QIcon StoresPage::icon() const
{
    return QIcon(QStringLiteral(":/certlife/icons/stores.svg"));
}

int StoresPage::selectedStoreRow() const
{
    const QModelIndexList rows = m_stores->selectionModel()->selectedRows();
    return rows.isEmpty() ? -1 : m_sorted->mapToSource(rows.first()).row();
}

void StoresPage::selectionChanged()
{
    const int row = selectedStoreRow();
    auto* overlay = m_problems->findChild<EmptyStateOverlay*>();
    if (row < 0) {
        m_problemModel->setProblems({});
        m_endpointModel->setProbes({});
        m_lowerStack->setCurrentWidget(m_problems);
        m_problemsTitle->setText(tr("Problems"));
        if (overlay)
            overlay->setText(tr("Select a store to see the files it could not read."));
        m_runner->updateActions();
        return;
    }
    const StoreInventory& store = m_controller->stores()->storeAt(row);
    if (store.config.kind == StoreKind::TlsEndpoint) {
        showEndpoints(store);
        return;
    }
    m_endpointModel->setProbes({});
    m_lowerStack->setCurrentWidget(m_problems);
    const QList<ScanProblem> problems = StoreListModel::problemsOf(store);
    m_problemModel->setProblems(problems);
    m_problemsTitle->setText(
        problems.isEmpty() ? tr("Problems in %1").arg(store.displayName())
                           : tr("Problems in %1 (%2)").arg(store.displayName(), QString::number(problems.size())));
    if (overlay)
        overlay->setText(store.hasBeenScanned() ? tr("No problems: every file of this store was read.")
                                                : tr("This store has not been scanned yet."));
    m_runner->updateActions();
}

void StoresPage::showEndpoints(const StoreInventory& store)
{
    const QList<ProbeResult>& probes = store.scan.endpointProbes;
    m_problemModel->setProblems({});
    m_endpointModel->setProbes(probes);
    m_lowerStack->setCurrentWidget(m_endpoints);
    int unreachable = 0, withFindings = 0;
    for (const ProbeResult& probe : probes) {
        if (!probe.handshakeSucceeded())
            ++unreachable;
        else if (!probe.findings.isEmpty()
                 && std::any_of(probe.findings.begin(), probe.findings.end(),
                                [](const Finding& f) { return isProblemFinding(f.kind); }))
            ++withFindings;
    }
    QString title = tr("Endpoints of %1").arg(store.displayName());
    if (!probes.isEmpty())
        title += tr(" (%n addresses", nullptr, int(probes.size()))
            + (unreachable > 0 ? tr(", %n without a handshake", nullptr, unreachable) : QString())
            + (withFindings > 0 ? tr(", %n with findings", nullptr, withFindings) : QString()) + QLatin1Char(')');
    m_problemsTitle->setText(title);
    if (auto* overlay = m_endpoints->findChild<EmptyStateOverlay*>())
        overlay->setText(store.hasBeenScanned() && !store.scan.problems.isEmpty()
                             ? tr("Not probed: %1").arg(store.scan.problems.first().error)
                             : tr("This store has not been probed yet. Scan now probes it."));
    m_runner->updateActions();
}

void StoresPage::updatePermissions()
{
    const bool system = m_controller->canModify(Scope::System);
    m_runner->updateActions();
    QStringList notes;
    if (!system)
        notes << tr("System stores are read-only here: adding or removing them needs root "
                    "(sudo certlifectl store add --scope system …).")
                     .toHtmlEscaped();
    for (const QString& problem : m_controller->configurationProblems())
        notes << QStringLiteral("<span style='color:#c62828'>%1</span>").arg(problem.toHtmlEscaped());
    m_permissionNote->setText(notes.join(QLatin1String("<br>")));
    m_permissionNote->setVisible(!notes.isEmpty());
}

void StoresPage::addStore()
{
    m_runner->start(new AddStoreCommand({m_controller, m_dialogs, this}));
}

void StoresPage::removeSelectedStore()
{
    const int row = selectedStoreRow();
    if (row >= 0)
        m_runner->start(new RemoveStoreCommand({m_controller, m_dialogs, this}, m_controller->stores()->storeAt(row)));
}

void StoresPage::scanNow()
{
    QCoro::connect(m_controller->scanNow(), this, [](bool) {});
}

void StoresPage::scanStarted()
{
    m_scan->setEnabled(false);
    m_progress->setRange(0, 0);
    m_progress->show();
    m_status->setText(tr("Scanning…"));
}

void StoresPage::showProgress(const ScanProgress& p)
{
    if (p.filesTotal > 0) {
        m_progress->setRange(0, p.filesTotal);
        m_progress->setValue(p.filesDone);
    } else {
        m_progress->setRange(0, 0);
    }
    QString text = tr("Scanning %1 (store %2 of %3)").arg(p.currentStore).arg(p.storesDone + 1).arg(p.storesTotal);
    if (p.filesTotal > 0)
        text += tr(": %1 of %2 files").arg(QLocale().toString(p.filesDone), QLocale().toString(p.filesTotal));
    m_status->setText(text);
}

void StoresPage::scanFinished(int problems)
{
    m_scan->setEnabled(true);
    m_progress->hide();
    const QString when = formatUtc(m_controller->clock().now());
    if (problems == 0)
        m_status->setText(tr("Scanned every store at %1; every file was read.").arg(when));
    else if (problems == 1)
        m_status->setText(tr("Scanned every store at %1; 1 file could not be read.").arg(when));
    else
        m_status->setText(tr("Scanned every store at %1; %2 files could not be read.").arg(when).arg(problems));
}

QString StoresPage::statusText() const
{
    return m_status->text();
}

void StoresPage::saveLayout(ConsoleSettings& settings) const
{
    saveTableLayout(settings, ConsoleSettings::Table::Stores, m_stores);
    saveTableLayout(settings, ConsoleSettings::Table::StoreProblems, m_problems);
    saveTableLayout(settings, ConsoleSettings::Table::StoreEndpoints, m_endpoints);
    settings.setSplitterSizes(ConsoleSettings::Splitter::Stores, m_splitter->saveState());
}

void StoresPage::restoreLayout(const ConsoleSettings& settings)
{
    restoreTableLayout(settings, ConsoleSettings::Table::Stores, m_stores);
    restoreTableLayout(settings, ConsoleSettings::Table::StoreProblems, m_problems);
    restoreTableLayout(settings, ConsoleSettings::Table::StoreEndpoints, m_endpoints);
    m_splitter->restoreState(settings.splitterSizes(ConsoleSettings::Splitter::Stores));
}

} // namespace certlife::ui
