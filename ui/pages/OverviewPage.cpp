// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "OverviewPage.h"

#include "console/ConsoleController.h"
#include "console/ConsoleSettings.h"
#include "console/FleetHostTableModel.h"
#include "models/CertificateText.h"
#include "models/EventTableModel.h"
#include "models/ExpiryColors.h"
#include "models/ExpirySummaryModel.h"
#include "widgets/EmptyStateOverlay.h"
#include "widgets/ExpiryChartView.h"
#include "widgets/PageParts.h"
#include "widgets/ViewKeyboard.h"
#include "widgets/SummaryTile.h"

#include <QGridLayout>
#include <algorithm>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QScrollBar>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>
#include <algorithm>

namespace certlife::ui {

namespace {
QString tileSubtitle(ExpiryState state)
{
    switch (state) {
    case ExpiryState::Expired: return OverviewPage::tr("past their end date");
    case ExpiryState::Expiring: return OverviewPage::tr("within the warning threshold");
    case ExpiryState::Within30: return OverviewPage::tr("30 days or fewer left");
    case ExpiryState::Within60: return OverviewPage::tr("31 to 60 days left");
    case ExpiryState::Within90: return OverviewPage::tr("61 to 90 days left");
    case ExpiryState::Healthy: return OverviewPage::tr("more than 90 days left");
    case ExpiryState::Archived:
    case ExpiryState::Acknowledged: break; // no tile
    }
    return {};
}
} // namespace

namespace {
// The By store table's width: at least this, and up to the max for long store names.
constexpr int kStoreTableMinWidth = 440;
constexpr int kStoreTableMaxWidth = 600;
} // namespace

OverviewPage::OverviewPage(ConsoleController* controller, QWidget* parent)
    : ConsolePage(parent), m_controller(controller)
{
    setObjectName(QStringLiteral("overviewPage"));

    m_subtitle = makeMutedLabel(QString(), this);
    auto* tiles = new QGridLayout;
    tiles->setSpacing(8);
    for (int i = 0; i < kExpiryBinCount; ++i) {
        const ExpiryState state = ExpiryState(i);
        auto* tile = new SummaryTile(expiryStateName(state), expiryStateColor(state), this);
        tile->setObjectName(QStringLiteral("tile_") + expiryStateKey(state));
        tile->setSubtitle(tileSubtitle(state));
        tile->setToolTip(tr("Show the certificates that are %1").arg(expiryStateName(state).toLower()));
        connect(tile, &SummaryTile::clicked, this, [this, state] {
            CertificateView view;
            view.states = {state};
            Q_EMIT certificatesRequested(view);
        });
        m_tiles[i] = tile;
        tiles->addWidget(tile, 0, i);
        tiles->setColumnStretch(i, 1);
    }
    // Stale bindings: renewals on disk that a service does not serve (docs/console.md).
    m_staleTile = new SummaryTile(tr("Stale bindings"), QColor(0xEF, 0x6C, 0x00), this);
    m_staleTile->setObjectName(QStringLiteral("tile_staleBindings"));
    m_staleTile->setSubtitle(tr("endpoints serving an older certificate"));
    m_staleTile->setToolTip(tr("Show the stale binding events (1101) and the bindings made current again (1102)"));
    connect(m_staleTile, &SummaryTile::clicked, this, [this] {
        EventQuery query;
        query.ids = {EventId::StaleBinding, EventId::BindingCurrent};
        Q_EMIT eventsRequested(query);
    });
    tiles->addWidget(m_staleTile, 0, kExpiryBinCount);
    tiles->setColumnStretch(kExpiryBinCount, 1);

    // Chart and per-store table side by side.
    m_chart = new ExpiryChartView(this);
    m_chart->setObjectName(QStringLiteral("expiryChart"));
    connect(m_chart, &ExpiryChartView::monthClicked, this, &OverviewPage::openMonth);
    auto* chartBox = new QWidget(this);
    auto* chartLayout = new QVBoxLayout(chartBox);
    chartLayout->setContentsMargins(0, 0, 0, 0);
    chartLayout->addWidget(makeSectionTitle(tr("Upcoming expirations, next 12 months"), chartBox));
    chartLayout->addWidget(m_chart, 1);

    m_storeTable = makeTable(this, QStringLiteral("storeSummaryTable"));
    m_storeTable->setModel(controller->summary());
    m_storeTable->setSelectionBehavior(QAbstractItemView::SelectItems);
    // The store names get the room; the counts take what their headers need.
    m_storeTable->horizontalHeader()->setSectionResizeMode(ExpirySummaryModel::StoreColumn, QHeaderView::Stretch);
    m_storeTable->horizontalHeader()->setMinimumSectionSize(34);
    for (int c = ExpirySummaryModel::FirstStateColumn; c < ExpirySummaryModel::ColumnCount; ++c)
        m_storeTable->horizontalHeader()->setSectionResizeMode(c, QHeaderView::ResizeToContents);
    m_storeTable->setMinimumWidth(kStoreTableMinWidth);
    m_storeTable->horizontalHeader()->setStretchLastSection(false);
    m_fitStoreTimer.setSingleShot(true);
    m_fitStoreTimer.setInterval(0);
    connect(&m_fitStoreTimer, &QTimer::timeout, this, &OverviewPage::fitStoreTable);
    const auto fitSoon = [this] { m_fitStoreTimer.start(); };
    connect(controller->summary(), &QAbstractItemModel::modelReset, this, fitSoon);
    connect(controller->summary(), &QAbstractItemModel::dataChanged, this, fitSoon);
    connect(controller->summary(), &QAbstractItemModel::rowsInserted, this, fitSoon);
    connect(controller->summary(), &QAbstractItemModel::rowsRemoved, this, fitSoon);
    m_storeTable->setToolTip(tr("Click a number to list those certificates"));
    connect(m_storeTable, &QTableView::clicked, this, &OverviewPage::openStoreCell);
    openOnEnter(m_storeTable, [this](const QModelIndex& index) { openStoreCell(index); });
    new EmptyStateOverlay(m_storeTable, tr("No stores are monitored yet."));
    auto* storeBox = new QWidget(this);
    auto* storeLayout = new QVBoxLayout(storeBox);
    storeLayout->setContentsMargins(0, 0, 0, 0);

    // Fleet mode: every host, its counts, its last contact and whether its agent is silent.
    m_hostTable = makeTable(this, QStringLiteral("hostSummaryTable"));
    m_hostTable->setModel(controller->fleetHostModel());
    m_hostTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_hostTable->horizontalHeader()->setSectionResizeMode(FleetHostTableModel::HostColumn, QHeaderView::Stretch);
    for (int c = FleetHostTableModel::CertificatesColumn; c < FleetHostTableModel::ColumnCount; ++c)
        m_hostTable->horizontalHeader()->setSectionResizeMode(c, QHeaderView::ResizeToContents);
    m_hostTable->horizontalHeader()->setStretchLastSection(false);
    new EmptyStateOverlay(m_hostTable, tr("The fleet has no hosts yet (certlifectl fleet add-host)."));
    m_hostBox = new QWidget(storeBox);
    auto* hostLayout = new QVBoxLayout(m_hostBox);
    hostLayout->setContentsMargins(0, 0, 0, 6);
    hostLayout->addWidget(makeSectionTitle(tr("By host"), m_hostBox));
    hostLayout->addWidget(m_hostTable, 1);
    // Over a fleet the hosts come first and get the larger share: By store lists every
    // host's stores, a longer list that is read by scrolling anyway.
    storeLayout->addWidget(m_hostBox, 3);
    storeLayout->addWidget(makeSectionTitle(tr("By store"), storeBox));
    storeLayout->addWidget(m_storeTable, 2);
    m_hostBox->setVisible(controller->isFleet());
    connect(controller, &ConsoleController::sourcesChanged, this, [this] {
        m_hostBox->setVisible(m_controller->isFleet());
        m_alertTable->setColumnHidden(EventTableModel::HostColumn, !m_controller->isFleet());
    });

    QSplitter* upper = makeSplitter(Qt::Horizontal, chartBox, storeBox, this, {500, 560});

    // The latest warnings and errors.
    m_alertTable = makeTable(this, QStringLiteral("alertTable"));
    m_alertTable->setModel(controller->alerts());
    QHeaderView* header = m_alertTable->horizontalHeader();
    for (int c : {EventTableModel::IdColumn, EventTableModel::ThumbprintColumn, EventTableModel::ActionColumn})
        m_alertTable->setColumnHidden(c, true);
    m_alertTable->setColumnHidden(EventTableModel::HostColumn, !controller->isFleet()); // a fleet's only
    header->resizeSection(EventTableModel::TimeColumn, 150);
    header->resizeSection(EventTableModel::LevelColumn, 90);
    header->resizeSection(EventTableModel::EventColumn, 140);
    header->resizeSection(EventTableModel::ChannelColumn, 70);
    header->resizeSection(EventTableModel::StoreColumn, 90);
    header->resizeSection(EventTableModel::CertificateColumn, 200);
    m_alertTable->setToolTip(tr("Double-click to see the certificate's history"));
    connect(m_alertTable, &QTableView::doubleClicked, this, &OverviewPage::openAlert);
    openOnEnter(m_alertTable, [this](const QModelIndex& index) { openAlert(index); });
    new EmptyStateOverlay(m_alertTable,
                          tr("No warnings or errors recorded. Expiry warnings appear here when the agent logs them."));
    auto* allAlerts = new QLabel(QStringLiteral("<a href='#'>%1</a>").arg(tr("Show all warnings and errors")), this);
    allAlerts->setObjectName(QStringLiteral("allAlertsLink"));
    connect(allAlerts, &QLabel::linkActivated, this, [this] {
        EventQuery query;
        query.ids = {EventId::Expired, EventId::CloseToExpiration, EventId::StaleBinding};
        Q_EMIT eventsRequested(query);
    });
    auto* alertBox = new QWidget(this);
    auto* alertLayout = new QVBoxLayout(alertBox);
    alertLayout->setContentsMargins(0, 0, 0, 0);
    auto* alertTitleRow = new QHBoxLayout;
    alertTitleRow->addWidget(makeSectionTitle(tr("Latest warnings and errors"), alertBox));
    alertTitleRow->addStretch();
    alertTitleRow->addWidget(allAlerts);
    alertLayout->addLayout(alertTitleRow);
    alertLayout->addWidget(m_alertTable, 1);

    m_splitter = makeSplitter(Qt::Vertical, upper, alertBox, this);

    // What systemd says of each scope's agent unit (the headline) and what the agent says
    // of itself in its agent-status.json (the lines below it).
    auto* agentsBox = new QWidget(this);
    agentsBox->setObjectName(QStringLiteral("agentsBox"));
    auto* agents = new QHBoxLayout(agentsBox);
    agents->setContentsMargins(0, 0, 0, 0);
    agents->setSpacing(18);
    for (Scope scope : {Scope::System, Scope::User}) {
        auto* column = new QVBoxLayout;
        column->setSpacing(2);
        AgentLabels& labels = m_agents[size_t(scope)];
        labels.headline = makeMutedLabel(QString(), agentsBox); // plain text: a unit's detail is data
        labels.headline->setObjectName(QStringLiteral("agentState_") + scopeName(scope));
        labels.headline->setStyleSheet(QStringLiteral("color: #37474f; font-weight: bold;"));
        labels.report = makeMutedLabel(QString(), agentsBox); // plain text: the agent's errors are data
        labels.report->setObjectName(QStringLiteral("agentReport_") + scopeName(scope));
        for (QLabel* label : {labels.headline, labels.report}) {
            label->setTextInteractionFlags(Qt::TextSelectableByMouse);
            label->setAlignment(Qt::AlignLeft | Qt::AlignTop);
            column->addWidget(label);
        }
        column->addStretch(1);
        agents->addLayout(column, 1);
    }

    QVBoxLayout* layout = makePageLayout(this, title());
    layout->addWidget(m_subtitle);
    layout->addLayout(tiles);
    layout->addWidget(agentsBox);
    layout->addWidget(m_splitter, 1);
    // This computer's agents say nothing of a fleet: there By host tells each host's.
    agentsBox->setVisible(!controller->isFleet());
    connect(controller, &ConsoleController::sourcesChanged, agentsBox,
            [agentsBox, controller] { agentsBox->setVisible(!controller->isFleet()); });

    connect(controller, &ConsoleController::inventoryChanged, this, &OverviewPage::updateFromInventory);
    connect(controller, &ConsoleController::summaryChanged, this, &OverviewPage::updateFromInventory); // first paint
    connect(controller, &ConsoleController::agentStatusChanged, this, &OverviewPage::updateAgents);
    connect(controller, &ConsoleController::fleetHostsChanged, this, &OverviewPage::updateFromInventory);
    connect(controller, &ConsoleController::staleBindingsChanged, this, &OverviewPage::updateStaleBindings);
    connect(controller, &ConsoleController::inventoryChanged, this, &OverviewPage::updateStaleBindings);
    connect(controller, &ConsoleController::scanProgress, this, [this](const ScanProgress& progress) {
        m_progress = progress;
        if (m_controller->isReadingStores() && m_controller->hasLoadedSummary())
            m_subtitle->setText(readingText());
    });
    connect(controller, &ConsoleController::scanFinished, this, &OverviewPage::updateFromInventory);
    updateFromInventory();
    updateAgents();
    updateStaleBindings();
    fitStoreTable();
}

void OverviewPage::fitStoreTable()
{
    // The store names get the room they need: the table asks for its longest name and
    // the counts, so at 1024x700 the chart beside it gives up some width rather than
    // the table eliding "Staging certificates" to "Staging …". Up to a cap: a name longer
    // than that is elided (its tooltip is the cell's text).
    QHeaderView* header = m_storeTable->horizontalHeader();
    const QAbstractItemView* view = m_storeTable; // sizeHintForColumn is public there, protected in QTableView
    int needed = 0;
    for (int c = 0; c < ExpirySummaryModel::ColumnCount; ++c)
        needed += std::max(header->sectionSizeHint(c), view->sizeHintForColumn(c));
    needed += m_storeTable->verticalScrollBar()->sizeHint().width() + 2 * m_storeTable->frameWidth();
    m_storeTable->setMinimumWidth(std::clamp(needed, kStoreTableMinWidth, kStoreTableMaxWidth));
}

void OverviewPage::updateStaleBindings()
{
    const int count = m_controller->staleBindingCount();
    const Inventory& inventory = m_controller->inventory();
    const bool endpointStores = std::any_of(inventory.cbegin(), inventory.cend(), [](const StoreInventory& store) {
        return store.config.kind == StoreKind::TlsEndpoint;
    });
    m_staleTile->setVisible(count > 0 || endpointStores);
    if (count < 0)
        m_staleTile->setPending();
    else
        m_staleTile->setCount(count);
}

void OverviewPage::updateAgents()
{
    for (Scope scope : {Scope::System, Scope::User}) {
        // reportText(): the state and the unit first, then one line per fact of the file.
        const QString report = m_controller->agentStatus(scope).reportText();
        const qsizetype firstBreak = report.indexOf(QLatin1Char('\n'));
        const AgentLabels& labels = m_agents[size_t(scope)];
        labels.headline->setText(tr("%1 agent: %2").arg(scopeName(scope), report.left(firstBreak)));
        labels.report->setText(firstBreak < 0 ? QString() : report.mid(firstBreak + 1));
        labels.report->setVisible(firstBreak >= 0);
    }
}

QString OverviewPage::agentText(Scope scope) const
{
    const AgentLabels& labels = m_agents[size_t(scope)];
    return labels.report->text().isEmpty() ? labels.headline->text()
                                           : labels.headline->text() + QLatin1Char('\n') + labels.report->text();
}

QIcon OverviewPage::icon() const
{
    return QIcon(QStringLiteral(":/certlife/icons/overview.svg"));
}

void OverviewPage::updateFromInventory()
{
    const ExpirySummary& summary = m_controller->summary()->summary();
    // Nothing known yet (a first start, no cache): no number at all rather than zeros.
    const bool reading = m_controller->isReadingStores();
    const bool nothingKnown = reading && summary.total.total() == 0;
    for (int i = 0; i < kExpiryBinCount; ++i) {
        if (nothingKnown)
            m_tiles[i]->setPending();
        else
            m_tiles[i]->setCount(summary.total[ExpiryState(i)]);
    }
    m_chart->setReading(nothingKnown);
    m_tiles[size_t(ExpiryState::Expired)]->setSubtitle(
        summary.total.longExpired > 0
            ? tr("%L1 long expired (over %2 days)").arg(summary.total.longExpired).arg(longExpiredDays())
            : tileSubtitle(ExpiryState::Expired));
    m_chart->setSummary(summary);
    const int stores = int(summary.stores.size());
    if (!m_controller->hasLoadedSummary()) {
        m_subtitle->setText(tr("Loading the last known inventory…"));
        return;
    }
    if (reading) {
        m_subtitle->setText(readingText());
        return;
    }
    const ExpiryThresholds thresholds = m_controller->thresholds();
    const QString threshold = thresholds.system == thresholds.user
        ? thresholds.user.describe()
        : tr("System %1, User %2").arg(thresholds.system.describe(), thresholds.user.describe());
    m_tiles[size_t(ExpiryState::Expiring)]->setSubtitle(thresholds.system == thresholds.user
                                                            ? tr("within %1").arg(thresholds.user.describe())
                                                            : tileSubtitle(ExpiryState::Expiring));
    QString archived = summary.total.archived > 0
        ? tr(" %L1 archived (superseded by a renewal) not counted.").arg(summary.total.archived)
        : QString();
    if (summary.total.acknowledged > 0)
        archived += tr(" %L1 acknowledged or muted not counted.").arg(summary.total.acknowledged);
    QString fleet;
    if (m_controller->isFleet()) {
        const QList<fleet::FleetHostStatus> hosts = m_controller->fleetHosts();
        const auto silent = std::count_if(hosts.cbegin(), hosts.cend(), [](const auto& h) { return h.silent; });
        fleet = m_controller->fleetError().isEmpty()
            ? tr("Fleet of %1 hosts (%2 silent), read-only. ").arg(hosts.size()).arg(silent)
            : tr("Fleet: %1. ").arg(m_controller->fleetError());
    }
    m_subtitle->setText(fleet
                        + tr("%1 certificates in %2 stores, as of %3. Warning threshold: %4.%5")
                              .arg(QLocale().toString(summary.total.total()))
                              .arg(stores)
                              .arg(formatUtc(m_controller->clock().now()), threshold, archived));
}

QString OverviewPage::subtitleText() const
{
    return m_subtitle->text();
}

QString OverviewPage::readingText() const
{
    const QString known = m_controller->summary()->summary().total.total() > 0
        ? tr(" The numbers below are what the last scan knew of the others.")
        : QString();
    if (m_progress.storesTotal == 0)
        return tr("Reading the stores for the first time…") + known;
    const QString files = m_progress.filesTotal > 0
        ? tr(", %L1 of %L2 files").arg(m_progress.filesDone).arg(m_progress.filesTotal)
        : QString();
    return tr("Reading the stores for the first time: %L1 of %L2 done, now %3%4…")
               .arg(m_progress.storesDone)
               .arg(m_progress.storesTotal)
               .arg(m_progress.currentStore, files)
        + known;
}

int OverviewPage::longExpiredDays() const
{
    const ExpiryThresholds thresholds = m_controller->thresholds();
    return std::max(thresholds.system.longExpiredDays, thresholds.user.longExpiredDays);
}

void OverviewPage::openMonth(int month)
{
    const ExpirySummary& summary = m_chart->summary();
    if (month < 0 || month >= summary.months.size())
        return;
    CertificateView view;
    view.expiresFrom = summary.months[month].from;
    view.expiresTo = summary.months[month].to;
    view.windowLabel = summary.months[month].label();
    Q_EMIT certificatesRequested(view);
}

void OverviewPage::openStoreCell(const QModelIndex& index)
{
    if (!index.isValid())
        return;
    CertificateView view;
    view.storeKey = index.data(ExpirySummaryModel::StoreKeyRole).toString();
    const int state = index.data(ExpirySummaryModel::StateRole).toInt();
    if (state >= 0)
        view.states = {ExpiryState(state)};
    Q_EMIT certificatesRequested(view);
}

void OverviewPage::openAlert(const QModelIndex& index)
{
    if (!index.isValid())
        return;
    EventQuery query;
    query.thumbprint = index.data(EventTableModel::ThumbprintRole).toString();
    Q_EMIT eventsRequested(query);
}

void OverviewPage::saveLayout(ConsoleSettings& settings) const
{
    settings.setSplitterSizes(ConsoleSettings::Splitter::Overview, m_splitter->saveState());
    saveTableLayout(settings, ConsoleSettings::Table::LatestAlerts, m_alertTable);
}

void OverviewPage::restoreLayout(const ConsoleSettings& settings)
{
    m_splitter->restoreState(settings.splitterSizes(ConsoleSettings::Splitter::Overview));
    restoreTableLayout(settings, ConsoleSettings::Table::LatestAlerts, m_alertTable);
}

} // namespace certlife::ui
