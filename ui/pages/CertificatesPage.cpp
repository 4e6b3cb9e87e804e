// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "CertificatesPage.h"

#include "console/ConsoleController.h"
#include "seams/DesktopServices.h"
#include "console/ConsoleSettings.h"
#include "models/CertificateFilterModel.h"
#include "models/CertificateTableModel.h"
#include "models/EndpointServing.h"
#include "models/ExpiryColors.h"
#include "widgets/CertificateDetailsPane.h"
#include "widgets/ColumnChooser.h"
#include "widgets/EmptyStateOverlay.h"
#include "widgets/LifetimeBarDelegate.h"
#include "widgets/PageParts.h"
#include "widgets/StoreKindIcons.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QSplitter>
#include <QTableView>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>
#include <memory>
#include <utility>

namespace certlife::ui {

namespace {
constexpr int kAttentionChoice = -2; // "Needs attention": expired or expiring
constexpr int kAllChoice = -1;
} // namespace

CertificatesPage::CertificatesPage(ConsoleController* controller, std::shared_ptr<DesktopServices> desktop,
                                   QWidget* parent)
    : ConsolePage(parent), m_controller(controller), m_desktop(std::move(desktop))
{
    setObjectName(QStringLiteral("certificatesPage"));

    m_state = new QComboBox(this);
    // Not as wide as its longest state: the row must fit a 1024-pixel window.
    m_state->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_state->setMinimumContentsLength(12);
    m_state->setObjectName(QStringLiteral("stateFilter"));
    m_state->addItem(tr("All states"), kAllChoice);
    m_state->addItem(tr("Needs attention (expired or expiring)"), kAttentionChoice);
    for (int i = 0; i < kExpiryStateCount; ++i) {
        QPixmap chip(10, 10);
        chip.fill(expiryStateColor(ExpiryState(i)));
        m_state->addItem(QIcon(chip), expiryStateName(ExpiryState(i)), i);
    }
    m_store = new QComboBox(this);
    m_store->setObjectName(QStringLiteral("storeFilter"));
    // As wide as a short store name: a long one ("Let's Encrypt live (System)") would
    // widen the page past a 1024-pixel window; the list shows names whole.
    m_store->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_store->setMinimumContentsLength(12);
    m_host = new QComboBox(this);
    m_host->setObjectName(QStringLiteral("hostFilter"));
    m_host->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_host->setMinimumContentsLength(12);
    m_hostLabel = new QLabel(tr("Host:"), this);
    m_served = new QCheckBox(tr("Served &by an endpoint"), this);
    m_served->setObjectName(QStringLiteral("servedFilter"));
    m_served->setIcon(storeKindIcon(StoreKind::TlsEndpoint));
    m_served->setToolTip(tr("Only certificates that an endpoint store finds served now"));
    m_windowChip = new QWidget(this);
    m_windowChip->setObjectName(QStringLiteral("windowChip"));
    m_windowChip->setStyleSheet(
        QStringLiteral("#windowChip { background: #e3f2fd; border: 1px solid #90caf9; border-radius: 10px; }"));
    m_windowLabel = new QLabel(m_windowChip);
    auto* clearWindow = new QToolButton(m_windowChip);
    clearWindow->setObjectName(QStringLiteral("clearWindowButton"));
    clearWindow->setText(QStringLiteral("✕"));
    clearWindow->setAutoRaise(true);
    clearWindow->setToolTip(tr("Show every expiry date again"));
    auto* chipLayout = new QHBoxLayout(m_windowChip);
    chipLayout->setContentsMargins(10, 1, 2, 1);
    chipLayout->addWidget(m_windowLabel);
    chipLayout->addWidget(clearWindow);
    m_windowChip->hide();
    m_count = makeMutedLabel(QString(), this);
    m_count->setObjectName(QStringLiteral("certificateCount"));
    m_count->setWordWrap(false);

    auto* filters = new QHBoxLayout;
    filters->addWidget(new QLabel(tr("State:"), this));
    filters->addWidget(m_state);
    filters->addSpacing(8);
    filters->addWidget(new QLabel(tr("Store:"), this));
    filters->addWidget(m_store);
    filters->addSpacing(8);
    filters->addWidget(m_hostLabel);
    filters->addWidget(m_host);
    filters->addSpacing(8);
    filters->addWidget(m_served);
    filters->addSpacing(8);
    filters->addWidget(m_windowChip);
    filters->addStretch();
    filters->addWidget(m_count);

    m_filter = new CertificateFilterModel(this);
    m_filter->setSourceModel(controller->certificates());
    m_table = makeTable(this, QStringLiteral("certificateTable"));
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection); // acknowledge several at once
    m_table->setModel(m_filter);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(CertificateTableModel::StateColumn, Qt::AscendingOrder); // most urgent first
    m_table->setItemDelegateForColumn(CertificateTableModel::LifetimeColumn, new LifetimeBarDelegate(m_table));
    // What an endpoint serves carries the endpoint icon, in the subject and the Served column.
    auto* served = new ServedIconDelegate(m_table);
    m_table->setItemDelegateForColumn(CertificateTableModel::SubjectColumn, served);
    m_table->setItemDelegateForColumn(CertificateTableModel::ServedColumn, served);
    m_table->setContextMenuPolicy(Qt::CustomContextMenu);
    QHeaderView* header = m_table->horizontalHeader();
    header->setSectionsMovable(true);
    const std::pair<int, int> widths[] = {
        {CertificateTableModel::SubjectColumn, 150},    {CertificateTableModel::StateColumn, 100},
        {CertificateTableModel::DaysLeftColumn, 64},    {CertificateTableModel::NotAfterColumn, 120},
        {CertificateTableModel::LifetimeColumn, 96},    {CertificateTableModel::StoreColumn, 110},
        {CertificateTableModel::SansColumn, 200},       {CertificateTableModel::IssuerColumn, 160},
        {CertificateTableModel::ThumbprintColumn, 160}, {CertificateTableModel::TemplateColumn, 100},
        {CertificateTableModel::EkusColumn, 200},       {CertificateTableModel::PrivateKeyColumn, 80},
        {CertificateTableModel::LocationsColumn, 72},   {CertificateTableModel::PathColumn, 180},
        {CertificateTableModel::ServedColumn, 170}};
    for (const auto& [column, width] : widths)
        header->resizeSection(column, width);
    m_empty = new EmptyStateOverlay(m_table, QString());
    // Subject, state, days left, expiry and store always fit; the rest give way, in this
    // order, while the table is too narrow (the header's menu shows them again).
    ColumnChooser::of(m_table)->setOptionalColumns(
        {CertificateTableModel::LocationsColumn, CertificateTableModel::EkusColumn,
         CertificateTableModel::TemplateColumn, CertificateTableModel::PathColumn,
         CertificateTableModel::PrivateKeyColumn, CertificateTableModel::IssuerColumn,
         CertificateTableModel::ServedColumn, CertificateTableModel::ThumbprintColumn,
         CertificateTableModel::SansColumn, CertificateTableModel::LifetimeColumn});

    m_details = new CertificateDetailsPane(this);
    m_splitter = makeSplitter(Qt::Horizontal, m_table, m_details, this, {1050, 400});

    QVBoxLayout* layout = makePageLayout(this, title());
    layout->addLayout(filters);
    layout->addWidget(m_splitter, 1);

    connect(m_state, &QComboBox::currentIndexChanged, this, &CertificatesPage::stateChoiceChanged);
    connect(m_store, &QComboBox::currentIndexChanged, this, &CertificatesPage::storeChoiceChanged);
    connect(m_host, &QComboBox::currentIndexChanged, this,
            [this] { m_filter->setHost(m_host->currentData().toString()); });
    connect(m_served, &QCheckBox::toggled, m_filter, &CertificateFilterModel::setServedOnly);
    connect(clearWindow, &QToolButton::clicked, this, [this] { m_filter->clearExpiryWindow(); });
    connect(m_filter, &CertificateFilterModel::filtersChanged, this, [this] {
        updateWindowChip();
        updateCount();
    });
    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(m_filter, signal, this, &CertificatesPage::updateCount);
    connect(m_filter, &QAbstractItemModel::modelReset, this, &CertificatesPage::updateCount);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &CertificatesPage::currentChanged);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &CertificatesPage::currentChanged); // deselected: the details pane clears
    connect(controller->certificates(), &QAbstractItemModel::dataChanged, this, &CertificatesPage::currentChanged);
    // A reset (the rest of a large inventory after its first screenful, a rescan that
    // changed many rows) keeps the selected certificate selected.
    auto keptIdentity = std::make_shared<CertificateIdentity>();
    connect(controller->certificates(), &QAbstractItemModel::modelAboutToBeReset, this, [this, keptIdentity] {
        const CertificateRow* row = currentRow();
        *keptIdentity = row ? row->identity() : CertificateIdentity();
    });
    connect(controller->certificates(), &QAbstractItemModel::modelReset, this, [this, keptIdentity] {
        const CertificateIdentity identity = std::exchange(*keptIdentity, CertificateIdentity());
        if (identity.isNull())
            return;
        const CertificateTableModel* table = m_controller->certificates();
        for (int row = 0; row < table->rowCount(); ++row) {
            if (table->rowAt(row).identity() != identity)
                continue;
            const QModelIndex index = m_filter->mapFromSource(table->index(row, 0));
            if (index.isValid()) {
                m_table->selectRow(index.row());
                m_table->scrollTo(index);
            }
            return;
        }
    });
    connect(m_table, &QTableView::customContextMenuRequested, this, &CertificatesPage::showContextMenu);
    connect(controller, &ConsoleController::inventoryChanged, this, &CertificatesPage::rebuildStoreChoices);
    connect(controller, &ConsoleController::inventoryChanged, this, &CertificatesPage::rebuildHostChoices);
    connect(controller, &ConsoleController::sourcesChanged, this, &CertificatesPage::sourcesChanged);
    connect(controller, &ConsoleController::inventoryChanged, this, &CertificatesPage::updateCount);
    connect(m_details, &CertificateDetailsPane::copyPemRequested, this, &CertificatesPage::copyPem);
    connect(m_details, &CertificateDetailsPane::copyTextRequested, this,
            [this](const QString& text) { m_desktop->copyToClipboard(text); });
    connect(m_details, &CertificateDetailsPane::openFolderRequested, this, &CertificatesPage::openFolder);
    connect(m_details, &CertificateDetailsPane::showEventsRequested, this, &CertificatesPage::showEvents);
    connect(m_details, &CertificateDetailsPane::successorRequested, this, &CertificatesPage::selectSuccessor);
    rebuildStoreChoices();
    sourcesChanged();
    updateCount();
}

void CertificatesPage::sourcesChanged()
{
    const bool fleet = m_controller->isFleet();
    m_hostLabel->setVisible(fleet);
    m_host->setVisible(fleet);
    m_table->setColumnHidden(CertificateTableModel::HostColumn, !fleet);
    rebuildHostChoices();
}

void CertificatesPage::rebuildHostChoices()
{
    const QString current = m_host->currentData().toString();
    const QSignalBlocker block(m_host);
    m_host->clear();
    m_host->addItem(tr("All hosts"), QString());
    QStringList hosts;
    for (const StoreInventory& store : m_controller->inventory())
        if (!store.host.isEmpty() && !hosts.contains(store.host))
            hosts << store.host;
    hosts.sort();
    for (const QString& host : std::as_const(hosts))
        m_host->addItem(host, host);
    const int index = m_host->findData(current);
    m_host->setCurrentIndex(index >= 0 ? index : 0);
    m_filter->setHost(m_host->currentData().toString());
}

QIcon CertificatesPage::icon() const
{
    return QIcon(QStringLiteral(":/certlife/icons/certificates.svg"));
}

void CertificatesPage::setSearchText(const QString& text)
{
    m_filter->setSearchText(text);
}

void CertificatesPage::applyView(const CertificateView& view)
{
    const QSignalBlocker stateBlock(m_state);
    const QSignalBlocker storeBlock(m_store);
    const QSignalBlocker servedBlock(m_served);
    m_served->setChecked(false);
    m_filter->setServedOnly(false);
    if (view.states.isEmpty())
        m_state->setCurrentIndex(m_state->findData(kAllChoice));
    else if (view.states.size() == 1)
        m_state->setCurrentIndex(m_state->findData(int(*view.states.begin())));
    else
        m_state->setCurrentIndex(m_state->findData(kAttentionChoice));
    const int storeIndex = m_store->findData(view.storeKey);
    m_store->setCurrentIndex(storeIndex >= 0 ? storeIndex : 0);
    m_windowText = view.windowLabel;
    m_filter->setStates(view.states);
    m_filter->setStoreKey(view.storeKey);
    m_filter->setExpiryWindow(view.expiresFrom, view.expiresTo);
    updateWindowChip();
    updateCount();
}

bool CertificatesPage::selectThumbprint(const QString& thumbprint)
{
    const int sourceRow = m_controller->certificates()->findThumbprint(thumbprint);
    if (sourceRow < 0)
        return false;
    const QModelIndex index = m_filter->mapFromSource(m_controller->certificates()->index(sourceRow, 0));
    if (!index.isValid())
        return false;
    m_table->setCurrentIndex(index);
    m_table->scrollTo(index);
    return true;
}

bool CertificatesPage::selectSuccessor(const QByteArray& sha256)
{
    const CertificateRow* archived = currentRow();
    Sha256Digest digest{};
    if (sha256.size() != qsizetype(digest.size()))
        return false;
    std::copy(sha256.cbegin(), sha256.cend(), digest.begin());
    const int sourceRow = m_controller->certificates()->findSha256(digest, archived ? archived->storeKey() : QString());
    if (sourceRow < 0)
        return false;
    QModelIndex index = m_filter->mapFromSource(m_controller->certificates()->index(sourceRow, 0));
    if (!index.isValid()) { // filtered out (say, the Archived filter is on): show every state and store
        applyView(CertificateView());
        index = m_filter->mapFromSource(m_controller->certificates()->index(sourceRow, 0));
    }
    if (!index.isValid())
        return false;
    m_table->setCurrentIndex(index);
    m_table->scrollTo(index);
    return true;
}

void CertificatesPage::stateChoiceChanged()
{
    const int choice = m_state->currentData().toInt();
    if (choice == kAllChoice)
        m_filter->setStates({});
    else if (choice == kAttentionChoice)
        m_filter->setStates({ExpiryState::Expired, ExpiryState::Expiring});
    else
        m_filter->setStates({ExpiryState(choice)});
}

void CertificatesPage::storeChoiceChanged()
{
    m_filter->setStoreKey(m_store->currentData().toString());
}

void CertificatesPage::rebuildStoreChoices()
{
    const QString current = m_store->currentData().toString();
    const QSignalBlocker block(m_store);
    m_store->clear();
    m_store->addItem(tr("All stores"), QString());
    for (const StoreInventory& store : m_controller->inventory())
        m_store->addItem(QStringLiteral("%1 (%2)").arg(store.displayName(), scopeName(store.config.scope)),
                         store.key());
    const int index = m_store->findData(current);
    m_store->setCurrentIndex(index >= 0 ? index : 0);
}

void CertificatesPage::updateWindowChip()
{
    const bool shown = m_filter->hasExpiryWindow();
    if (shown) {
        const QString label = m_windowText.isEmpty()
            ? tr("%1 to %2")
                  .arg(m_filter->expiryWindowFrom().toString(QStringLiteral("yyyy-MM-dd")),
                       m_filter->expiryWindowTo().toString(QStringLiteral("yyyy-MM-dd")))
            : m_windowText;
        m_windowLabel->setText(tr("Expiring in %1").arg(label));
    } else {
        m_windowText.clear();
    }
    m_windowChip->setVisible(shown);
}

QString CertificatesPage::countText() const
{
    return m_count->text();
}

QString CertificatesPage::filterDescription() const
{
    QStringList parts;
    if (!m_filter->searchText().isEmpty())
        parts << tr("search \"%1\"").arg(m_filter->searchText());
    QStringList states;
    for (int i = 0; i < kExpiryStateCount; ++i)
        if (m_filter->states().contains(ExpiryState(i)))
            states << expiryStateName(ExpiryState(i));
    if (!states.isEmpty())
        parts << states.join(tr(" or "));
    if (!m_filter->storeKey().isEmpty())
        parts << tr("store %1").arg(m_store->currentText());
    if (!m_filter->host().isEmpty())
        parts << tr("host %1").arg(m_filter->host());
    if (m_filter->servedOnly())
        parts << tr("served by an endpoint");
    if (m_filter->hasExpiryWindow())
        parts << m_windowLabel->text();
    return parts.join(QLatin1String("; "));
}

void CertificatesPage::updateCount()
{
    const int shown = m_filter->rowCount();
    const int total = m_controller->certificates()->rowCount();
    const QLocale locale;
    if (!m_controller->hasLoadedInventory())
        m_empty->setText(tr("Loading the last known inventory…"));
    else if (total == 0)
        m_empty->setText(tr("No certificates in the monitored stores. Add a store on the Stores page, or scan again."));
    else
        m_empty->setText(tr("No certificate matches. Clear the search or the filters to see them all."));
    if (!m_controller->hasLoadedInventory())
        m_count->setText(tr("Loading…"));
    else if (shown == total)
        m_count->setText(total == 1 ? tr("1 certificate") : tr("%1 certificates").arg(locale.toString(total)));
    else
        m_count->setText(tr("%1 of %2 certificates").arg(locale.toString(shown), locale.toString(total)));
    if (m_controller->hasLoadedInventory()) {
        // Expired longer than the policy's LongExpiredDays: last in "most urgent first".
        int longExpired = 0;
        const CertificateTableModel* table = m_controller->certificates();
        for (int i = 0; i < shown; ++i) {
            const ExpiryInfo& expiry = table->rowAt(m_filter->sourceRow(i)).expiry;
            longExpired += expiry.state == ExpiryState::Expired && expiry.longExpired ? 1 : 0;
        }
        if (longExpired > 0)
            m_count->setText(tr("%1 · %2 long expired").arg(m_count->text(), locale.toString(longExpired)));
    }
}

const CertificateRow* CertificatesPage::currentRow() const
{
    const QModelIndex current = m_table->currentIndex();
    // Nothing selected (deselected, or the row filtered away): no certificate, even
    // where the current index moved on to a neighbour.
    if (!current.isValid() || !m_table->selectionModel()->isRowSelected(current.row(), QModelIndex()))
        return nullptr;
    const QModelIndex source = m_filter->mapToSource(current);
    return source.isValid() ? &m_controller->certificates()->rowAt(source.row()) : nullptr;
}

QList<CertificateRow> CertificatesPage::selectedRows() const
{
    QList<CertificateRow> rows;
    for (const QModelIndex& index : m_table->selectionModel()->selectedRows()) {
        const QModelIndex source = m_filter->mapToSource(index);
        if (source.isValid())
            rows << m_controller->certificates()->rowAt(source.row());
    }
    return rows;
}

void CertificatesPage::currentChanged()
{
    const CertificateRow* row = currentRow();
    if (!row) {
        m_details->clear();
        return;
    }
    const CertificateRow* successor = nullptr;
    if (row->expiry.successor) {
        const int at = m_controller->certificates()->findSha256(*row->expiry.successor, row->storeKey());
        if (at >= 0)
            successor = &m_controller->certificates()->rowAt(at);
    }
    m_details->showCertificate(*row, m_controller->thresholds().of(row->scope()), m_controller->clock().now(),
                               successor, endpointObservations(m_controller->inventory(), row->certificate().sha256));
}

void CertificatesPage::showContextMenu(const QPoint& position)
{
    const QModelIndex index = m_table->indexAt(position);
    if (!index.isValid())
        return;
    m_table->setCurrentIndex(index);
    QMenu menu(this);
    menu.addAction(tr("Copy thumbprint"), this, &CertificatesPage::copyThumbprint);
    menu.addAction(tr("Copy PEM"), this, &CertificatesPage::copyPem);
    menu.addSeparator();
    menu.addAction(tr("Open containing folder"), this, &CertificatesPage::openFolder);
    menu.addAction(tr("Show this certificate's events"), this, &CertificatesPage::showEvents);
    if (!m_certificateActions.isEmpty()) {
        menu.addSeparator();
        menu.addActions(m_certificateActions);
    }
    menu.exec(m_table->viewport()->mapToGlobal(position));
}

void CertificatesPage::addCertificateActions(const QList<QAction*>& actions)
{
    if (!m_actionBar) {
        m_actionBar = new QToolBar(this);
        m_actionBar->setObjectName(QStringLiteral("certificateActionBar"));
        m_actionBar->setToolButtonStyle(Qt::ToolButtonTextOnly);
        static_cast<QVBoxLayout*>(layout())->insertWidget(1, m_actionBar);
    }
    m_actionBar->addActions(actions);
    m_table->addActions(actions); // their shortcuts (Delete) act on the table
    m_certificateActions += actions;
}

void CertificatesPage::copyThumbprint()
{
    if (const CertificateRow* row = currentRow())
        m_desktop->copyToClipboard(row->thumbprint());
}

void CertificatesPage::copyPem()
{
    if (const CertificateRow* row = currentRow())
        m_desktop->copyToClipboard(row->certificate().pem());
}

void CertificatesPage::openFolder()
{
    if (const CertificateRow* row = currentRow())
        m_desktop->openFolder(QFileInfo(row->stored().path).absolutePath());
}

void CertificatesPage::showEvents()
{
    if (const CertificateRow* row = currentRow()) {
        EventQuery query;
        query.thumbprint = row->thumbprint();
        Q_EMIT eventsRequested(query);
    }
}

void CertificatesPage::saveLayout(ConsoleSettings& settings) const
{
    saveTableLayout(settings, ConsoleSettings::Table::Certificates, m_table);
    settings.setSplitterSizes(ConsoleSettings::Splitter::Certificates, m_splitter->saveState());
}

void CertificatesPage::restoreLayout(const ConsoleSettings& settings)
{
    restoreTableLayout(settings, ConsoleSettings::Table::Certificates, m_table);
    m_splitter->restoreState(settings.splitterSizes(ConsoleSettings::Splitter::Certificates));
}

} // namespace certlife::ui
