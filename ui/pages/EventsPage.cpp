// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "EventsPage.h"

#include "console/ConsoleController.h"
#include "console/ConsoleSettings.h"
#include "eventlog/EventIdList.h"
#include "models/EventTableModel.h"
#include "widgets/ColumnChooser.h"
#include "widgets/EmptyStateOverlay.h"
#include "widgets/EventDetailsPane.h"
#include "widgets/PageParts.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSet>
#include <QSplitter>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

namespace certlife::ui {

namespace {
constexpr int kBothChannels = -1;
constexpr int kAnyLevel = -1;
constexpr int kApplyDelayMs = 300;

bool queryIsUnfiltered(const EventQuery& q)
{
    return !q.channel && q.ids.isEmpty() && !q.level && !q.since.isValid() && !q.until.isValid() && q.storeId.isEmpty()
        && q.text.isEmpty() && q.thumbprint.isEmpty();
}
} // namespace

EventsPage::EventsPage(ConsoleController* controller, QWidget* parent) : ConsolePage(parent), m_controller(controller)
{
    setObjectName(QStringLiteral("eventsPage"));

    m_channel = new QComboBox(this);
    m_channel->setObjectName(QStringLiteral("channelFilter"));
    m_channel->addItem(tr("Both channels"), kBothChannels);
    m_channel->addItem(tr("System"), int(Scope::System));
    m_channel->addItem(tr("User"), int(Scope::User));
    m_level = new QComboBox(this);
    m_level->setObjectName(QStringLiteral("levelFilter"));
    m_level->addItem(tr("Any level"), kAnyLevel);
    for (EventLevel level : {EventLevel::Error, EventLevel::Warning, EventLevel::Information}) {
        QPixmap chip(10, 10);
        chip.fill(EventTableModel::levelColor(level));
        m_level->addItem(QIcon(chip), levelName(level), int(level));
    }
    m_ids = new QLineEdit(this);
    m_ids->setObjectName(QStringLiteral("idFilter"));
    m_ids->setPlaceholderText(tr("Event ids, e.g. 1001, 1003-1005"));
    m_ids->setClearButtonEnabled(true);
    m_ids->setMinimumWidth(150);
    m_store = new QComboBox(this);
    m_store->setObjectName(QStringLiteral("eventStoreFilter"));
    // As wide as a short store name: a long one ("Let's Encrypt live (System)") would
    // widen the page past a 1024-pixel window; the list shows names whole.
    m_store->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_store->setMinimumContentsLength(14);
    m_host = new QComboBox(this);
    m_host->setObjectName(QStringLiteral("eventHostFilter"));
    m_host->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_host->setMinimumContentsLength(12);
    m_host->setToolTip(tr("The fleet's events of one host"));
    m_text = new QLineEdit(this);
    m_text->setObjectName(QStringLiteral("eventTextFilter"));
    m_text->setPlaceholderText(tr("Subject, SAN or thumbprint contains…"));
    m_text->setClearButtonEnabled(true);
    m_text->setMinimumWidth(170);

    const QDate today = controller->clock().now().date();
    m_fromEnabled = new QCheckBox(tr("From"), this);
    m_fromEnabled->setObjectName(QStringLiteral("fromEnabled"));
    m_from = new QDateEdit(today.addDays(-30), this);
    m_from->setObjectName(QStringLiteral("fromDate"));
    m_toEnabled = new QCheckBox(tr("To"), this);
    m_toEnabled->setObjectName(QStringLiteral("toEnabled"));
    m_to = new QDateEdit(today, this);
    m_to->setObjectName(QStringLiteral("toDate"));
    for (QDateEdit* edit : {m_from, m_to}) {
        edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
        edit->setCalendarPopup(true);
        edit->setEnabled(false);
        edit->setToolTip(tr("Dates are UTC days; both ends are included"));
    }

    m_certificateChip = new QWidget(this);
    m_certificateChip->setObjectName(QStringLiteral("certificateChip"));
    m_certificateChip->setStyleSheet(
        QStringLiteral("#certificateChip { background: #e3f2fd; border: 1px solid #90caf9; border-radius: 10px; }"));
    m_certificateLabel = new QLabel(m_certificateChip);
    auto* clearCertificate = new QToolButton(m_certificateChip);
    clearCertificate->setText(QStringLiteral("✕"));
    clearCertificate->setAutoRaise(true);
    clearCertificate->setToolTip(tr("Show the events of every certificate"));
    auto* chipLayout = new QHBoxLayout(m_certificateChip);
    chipLayout->setContentsMargins(10, 1, 2, 1);
    chipLayout->addWidget(m_certificateLabel);
    chipLayout->addWidget(clearCertificate);
    m_certificateChip->hide();

    auto* reset = new QPushButton(tr("Reset filters"), this);
    reset->setObjectName(QStringLiteral("resetFilters"));
    m_count = makeMutedLabel(QString(), this);
    m_count->setObjectName(QStringLiteral("eventCount"));
    m_count->setWordWrap(false);
    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("eventError"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #b71c1c; background: #ffebee; border: 1px solid #ef9a9a;"
                                          " border-radius: 3px; padding: 4px 8px;"));
    m_error->hide();

    auto* row1 = new QHBoxLayout;
    row1->addWidget(m_channel);
    row1->addWidget(m_level);
    row1->addWidget(m_ids);
    row1->addWidget(m_store);
    row1->addWidget(m_host);
    row1->addWidget(m_text, 1);
    auto* row2 = new QHBoxLayout;
    row2->addWidget(m_fromEnabled);
    row2->addWidget(m_from);
    row2->addSpacing(8);
    row2->addWidget(m_toEnabled);
    row2->addWidget(m_to);
    row2->addSpacing(8);
    row2->addWidget(m_certificateChip);
    row2->addWidget(reset);
    row2->addStretch();
    row2->addWidget(m_count);

    m_table = makeTable(this, QStringLiteral("eventTable"));
    m_table->setModel(controller->events());
    QHeaderView* header = m_table->horizontalHeader();
    header->setSectionsMovable(true);
    const std::pair<int, int> widths[] = {
        {EventTableModel::TimeColumn, 140},        {EventTableModel::LevelColumn, 100},
        {EventTableModel::IdColumn, 64},           {EventTableModel::EventColumn, 135},
        {EventTableModel::ChannelColumn, 66},      {EventTableModel::StoreColumn, 80},
        {EventTableModel::CertificateColumn, 190}, {EventTableModel::ThumbprintColumn, 120},
        {EventTableModel::ActionColumn, 80}};
    for (const auto& [column, width] : widths)
        header->resizeSection(column, width);
    m_empty = new EmptyStateOverlay(m_table, QString());
    // Time, event, store and certificate stay; the rest give way while the
    // table is too narrow (the header's menu shows them again).
    ColumnChooser::of(m_table)->setOptionalColumns({EventTableModel::ThumbprintColumn, EventTableModel::ActionColumn,
                                                    EventTableModel::IdColumn, EventTableModel::ChannelColumn,
                                                    EventTableModel::MessageColumn, EventTableModel::LevelColumn});

    m_details = new EventDetailsPane(this);
    m_splitter = makeSplitter(Qt::Horizontal, m_table, m_details, this, {880, 540});

    QVBoxLayout* layout = makePageLayout(this, title());
    layout->addLayout(row1);
    layout->addLayout(row2);
    layout->addWidget(m_error);
    layout->addWidget(m_splitter, 1);

    m_applyTimer.setSingleShot(true);
    m_applyTimer.setInterval(kApplyDelayMs);
    connect(&m_applyTimer, &QTimer::timeout, this, &EventsPage::applyFilters);
    for (QComboBox* combo : {m_channel, m_level, m_store, m_host})
        connect(combo, &QComboBox::currentIndexChanged, this, &EventsPage::filtersEdited);
    for (QLineEdit* edit : {m_ids, m_text})
        connect(edit, &QLineEdit::textChanged, this, &EventsPage::filtersEdited);
    for (QDateEdit* edit : {m_from, m_to})
        connect(edit, &QDateEdit::dateChanged, this, &EventsPage::filtersEdited);
    connect(m_fromEnabled, &QCheckBox::toggled, m_from, &QWidget::setEnabled);
    connect(m_toEnabled, &QCheckBox::toggled, m_to, &QWidget::setEnabled);
    connect(m_fromEnabled, &QCheckBox::toggled, this, &EventsPage::filtersEdited);
    connect(m_toEnabled, &QCheckBox::toggled, this, &EventsPage::filtersEdited);
    connect(clearCertificate, &QToolButton::clicked, this, [this] {
        m_thumbprint.clear();
        m_certificateChip->hide();
        applyFilters();
    });
    connect(reset, &QPushButton::clicked, this, &EventsPage::resetFilters);

    EventTableModel* model = controller->events();
    connect(model, &EventTableModel::totalCountChanged, this, &EventsPage::updateCount);
    connect(model, &EventTableModel::loadingChanged, this, &EventsPage::updateCount);
    connect(model, &QAbstractItemModel::rowsInserted, this, &EventsPage::updateCount);
    connect(model, &QAbstractItemModel::modelReset, this, &EventsPage::updateCount);
    connect(model, &EventTableModel::errorChanged, this, &EventsPage::updateError);
    connect(model, &EventTableModel::errorChanged, this, &EventsPage::updateCount);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &EventsPage::currentChanged);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &EventsPage::currentChanged);
    connect(model, &QAbstractItemModel::modelReset, this, &EventsPage::currentChanged);
    connect(controller, &ConsoleController::inventoryChanged, this, &EventsPage::rebuildStoreChoices);
    connect(controller, &ConsoleController::fleetHostsChanged, this, &EventsPage::rebuildHostChoices);
    connect(controller, &ConsoleController::sourcesChanged, this, [this] {
        m_table->setColumnHidden(EventTableModel::HostColumn, !m_controller->isFleet());
        rebuildHostChoices();
    });
    m_table->setColumnHidden(EventTableModel::HostColumn, !m_controller->isFleet());
    rebuildStoreChoices();
    rebuildHostChoices();
    updateCount();
}

QIcon EventsPage::icon() const
{
    return QIcon(QStringLiteral(":/certlife/icons/events.svg"));
}

void EventsPage::addDetailsSection(EventDetailsSection* section)
{
    m_details->addSection(section);
}

void EventsPage::filtersEdited()
{
    m_applyTimer.start();
}

EventQuery EventsPage::queryFromFilters(QString* error) const
{
    EventQuery q;
    const int channel = m_channel->currentData().toInt();
    if (channel != kBothChannels)
        q.channel = Scope(channel);
    const int level = m_level->currentData().toInt();
    if (level != kAnyLevel)
        q.level = EventLevel(level);
    QString idError;
    if (!parseEventIdList(m_ids->text(), &q.ids, &idError) && error)
        *error = idError;
    if (m_fromEnabled->isChecked())
        q.since = QDateTime(m_from->date(), QTime(0, 0), Qt::UTC);
    if (m_toEnabled->isChecked())
        q.until = QDateTime(m_to->date().addDays(1), QTime(0, 0), Qt::UTC); // the whole "to" day
    if (const QString key = m_store->currentData().toString(); !key.isEmpty()) {
        // A store belongs to one scope: its events are on that channel. A fleet's store
        // (id "HOST/STORE") is one host's.
        Scope scope = Scope::User;
        parseScope(key.section(QLatin1Char('/'), 0, 0), &scope);
        q.channel = scope;
        q.storeId = key.section(QLatin1Char('/'), 1);
        for (const StoreInventory& store : m_controller->inventory()) {
            if (store.key() == key && !store.host.isEmpty()) {
                q.host = store.host;
                q.storeId = store.config.id.mid(store.host.size() + 1);
            }
        }
    }
    if (const QString host = m_host->currentData().toString(); !host.isEmpty())
        q.host = host;
    q.text = m_text->text().trimmed();
    q.thumbprint = m_thumbprint;
    return q;
}

void EventsPage::applyFilters()
{
    m_applyTimer.stop();
    QString error;
    const EventQuery q = queryFromFilters(&error);
    // A half-typed id list is marked, not applied: the table keeps showing the last valid filter.
    m_ids->setStyleSheet(error.isEmpty() ? QString() : QStringLiteral("border: 1px solid #c62828;"));
    m_ids->setToolTip(error);
    if (!error.isEmpty())
        return;
    m_controller->events()->setFilter(q);
}

void EventsPage::applyQuery(const EventQuery& query)
{
    {
        const QSignalBlocker b1(m_channel), b2(m_level), b3(m_ids), b4(m_store), b5(m_text), b6(m_fromEnabled),
            b7(m_toEnabled), b8(m_from), b9(m_to), b10(m_host);
        m_channel->setCurrentIndex(m_channel->findData(query.channel ? int(*query.channel) : kBothChannels));
        m_level->setCurrentIndex(m_level->findData(query.level ? int(*query.level) : kAnyLevel));
        m_ids->setText(formatEventIdList(query.ids));
        QString key;
        if (!query.storeId.isEmpty() && query.channel) {
            key = storeKey(*query.channel, query.storeId);
        } else if (!query.storeId.isEmpty()) { // the first store with that id, whatever its scope
            key = storeKey(Scope::User, query.storeId);
            for (const StoreInventory& store : m_controller->inventory()) {
                if (store.config.id == query.storeId) {
                    key = store.key();
                    break;
                }
            }
        }
        int store = m_store->findData(key);
        if (store < 0 && !key.isEmpty()) {
            m_store->addItem(query.storeId, key);
            store = m_store->count() - 1;
        }
        m_store->setCurrentIndex(std::max(0, store));
        m_host->setCurrentIndex(std::max(0, m_host->findData(query.host)));
        m_text->setText(query.text);
        m_fromEnabled->setChecked(query.since.isValid());
        m_from->setEnabled(query.since.isValid());
        if (query.since.isValid())
            m_from->setDate(query.since.toUTC().date());
        m_toEnabled->setChecked(query.until.isValid());
        m_to->setEnabled(query.until.isValid());
        if (query.until.isValid())
            m_to->setDate(query.until.toUTC().addSecs(-1).date());
    }
    m_thumbprint = query.thumbprint;
    m_certificateChip->setVisible(!m_thumbprint.isEmpty());
    m_certificateLabel->setText(tr("Certificate %1…").arg(m_thumbprint.left(12)));
    m_certificateChip->setToolTip(m_thumbprint);
    applyFilters();
}

void EventsPage::resetFilters()
{
    applyQuery(EventQuery());
}

void EventsPage::rebuildHostChoices()
{
    const QString current = m_host->currentData().toString();
    const QSignalBlocker block(m_host);
    m_host->clear();
    m_host->addItem(tr("Any host"), QString());
    for (const fleet::FleetHostStatus& host : m_controller->fleetHosts())
        m_host->addItem(host.host, host.host);
    const int index = m_host->findData(current);
    m_host->setCurrentIndex(std::max(0, index));
    m_host->setVisible(m_controller->isFleet());
}

void EventsPage::rebuildStoreChoices()
{
    // One entry per store of each scope, by name: the System and the User "My" are two
    // stores ("Machine certificates (System)", "My certificates (User)").
    const QString current = m_store->currentData().toString();
    const QSignalBlocker block(m_store);
    m_store->clear();
    m_store->addItem(tr("Any store"), QString());
    for (const StoreInventory& store : m_controller->inventory())
        m_store->addItem(QStringLiteral("%1 (%2)").arg(store.displayName(), scopeName(store.config.scope)),
                         store.key());
    int index = m_store->findData(current);
    if (index < 0 && !current.isEmpty()) {
        m_store->addItem(current.section(QLatin1Char('/'), 1), current);
        index = m_store->count() - 1;
    }
    m_store->setCurrentIndex(std::max(0, index));
}

QString EventsPage::countText() const
{
    return m_count->text();
}

void EventsPage::updateCount()
{
    const EventTableModel* model = m_controller->events();
    const QLocale locale;
    const qint64 total = model->totalCount();
    const int shown = model->rowCount();
    QString text;
    if (model->isLoading() && shown == 0)
        text = tr("Loading…");
    else if (total < 0)
        text = tr("%1 events shown").arg(locale.toString(shown));
    else if (total == shown)
        text = total == 1 ? tr("1 event") : tr("%1 events").arg(locale.toString(total));
    else
        text = tr("%1 of %2 events shown; scroll for more").arg(locale.toString(shown), locale.toString(total));
    m_count->setText(text);
    if (model->isLoading())
        m_empty->setText(tr("Loading events…"));
    else if (!model->lastError().isEmpty() && total < 0 && shown == 0)
        m_empty->setText(tr("The event logs could not be read (see above)."));
    else if (queryIsUnfiltered(model->filter()))
        m_empty->setText(
            tr("No events recorded yet. The agent (certlifectl watch) logs them as it watches the stores."));
    else
        m_empty->setText(tr("No events match these filters."));
}

void EventsPage::updateError()
{
    const QString error = m_controller->events()->lastError();
    m_error->setText(error.isEmpty() ? QString() : tr("Some events cannot be shown: %1").arg(error));
    m_error->setVisible(!error.isEmpty());
}

void EventsPage::currentChanged()
{
    const QModelIndex current = m_table->currentIndex();
    if (!current.isValid() || current.row() >= m_controller->events()->rowCount()
        || !m_table->selectionModel()->isRowSelected(current.row(), QModelIndex())) { // deselected
        m_details->clear();
        return;
    }
    const LifecycleEvent& event = m_controller->events()->eventAt(current.row());
    m_details->display(event, m_controller->events()->storeName(event));
}

void EventsPage::saveLayout(ConsoleSettings& settings) const
{
    saveTableLayout(settings, ConsoleSettings::Table::Events, m_table);
    settings.setSplitterSizes(ConsoleSettings::Splitter::Events, m_splitter->saveState());
}

void EventsPage::restoreLayout(const ConsoleSettings& settings)
{
    restoreTableLayout(settings, ConsoleSettings::Table::Events, m_table);
    m_splitter->restoreState(settings.splitterSizes(ConsoleSettings::Splitter::Events));
}

QWidget* EventsPage::filterField() const
{
    return m_text;
}

} // namespace certlife::ui
