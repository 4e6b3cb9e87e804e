// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "TasksPage.h"

#include "console/ConsoleController.h"
#include "console/ConsoleSettings.h"
#include "commands/CommandRunner.h"
#include "commands/TaskCommands.h"
#include "lifecycle/EventText.h"
#include "models/BackgroundPool.h"
#include "models/CertificateText.h"
#include "models/TaskRunModel.h"
#include "stores/CertificateLocations.h"
#include "widgets/EmptyStateOverlay.h"
#include "widgets/PageParts.h"
#include "widgets/ViewKeyboard.h"

#include <QCoro/QCoroFuture>
#include <QComboBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTextDocumentFragment>
#include <QTableView>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace certlife::ui {

namespace {

QPushButton* makeButton(const QString& text, const QString& name, const QString& tip, QWidget* parent)
{
    auto* button = new QPushButton(text, parent);
    button->setObjectName(name);
    button->setToolTip(tip);
    return button;
}

} // namespace

TasksPage::TasksPage(ConsoleController* controller, std::shared_ptr<TaskDialogs> dialogs, CommandRunner* runner,
                     QWidget* parent)
    : ConsolePage(parent),
      m_controller(controller),
      m_dialogs(dialogs ? std::move(dialogs) : std::make_shared<TaskDialogs>()),
      m_runner(runner)
{
    setObjectName(QStringLiteral("tasksPage"));

    m_new = makeButton(tr("&New…"), QStringLiteral("newTaskButton"), tr("Register a notification task"), this);
    m_edit = makeButton(tr("&Edit…"), QStringLiteral("editTaskButton"), tr("Change the selected task"), this);
    m_delete = makeButton(tr("&Delete"), QStringLiteral("deleteTaskButton"),
                          tr("Remove the selected task (its run history is kept)"), this);
    m_enable = makeButton(tr("Disa&ble"), QStringLiteral("enableTaskButton"), QString(), this);
    m_test =
        makeButton(tr("&Test…"), QStringLiteral("testTaskButton"),
                   tr("Run the task now for a certificate you choose, as certlifectl switch --notify-only does"), this);
    m_repin = makeButton(tr("&Repin…"), QStringLiteral("repinTaskButton"),
                         tr("Review a changed script and accept its new content"), this);
    m_status = makeMutedLabel(QString(), this);
    m_status->setObjectName(QStringLiteral("taskStatus"));
    m_status->setWordWrap(false);
    auto* buttons = new QHBoxLayout;
    for (QPushButton* b : {m_new, m_edit, m_delete, m_enable, m_test, m_repin})
        buttons->addWidget(b);
    buttons->addSpacing(12);
    buttons->addWidget(m_status, 1);

    m_note = new QLabel(this);
    m_note->setObjectName(QStringLiteral("taskNote"));
    m_note->setWordWrap(true);
    m_note->setStyleSheet(QStringLiteral("color: #607d8b;"));

    m_tasks = new TaskListModel(this);
    m_sortedTasks = new QSortFilterProxyModel(this);
    m_sortedTasks->setSourceModel(m_tasks);
    m_sortedTasks->setSortRole(TaskListModel::SortRole);
    m_taskTable = makeTable(this, QStringLiteral("taskTable"));
    m_taskTable->setModel(m_sortedTasks);
    m_taskTable->setSortingEnabled(true);
    m_taskTable->sortByColumn(TaskListModel::NameColumn, Qt::AscendingOrder);
    QHeaderView* header = m_taskTable->horizontalHeader();
    header->resizeSection(TaskListModel::NameColumn, 170);
    header->resizeSection(TaskListModel::TypeColumn, 150);
    header->resizeSection(TaskListModel::ChannelColumn, 80);
    header->resizeSection(TaskListModel::CommandColumn, 420);
    header->resizeSection(TaskListModel::EnabledColumn, 70);
    header->resizeSection(TaskListModel::LastRunColumn, 140);
    new EmptyStateOverlay(m_taskTable,
                          tr("No notification tasks yet. New… registers a script to run when a "
                             "certificate is renewed or expires."));

    m_runs = new TaskRunModel(this);
    m_sortedRuns = new QSortFilterProxyModel(this);
    m_sortedRuns->setSourceModel(m_runs);
    m_sortedRuns->setSortRole(TaskRunModel::SortRole);
    m_runTable = makeTable(this, QStringLiteral("taskRunTable"));
    m_runTable->setModel(m_sortedRuns);
    m_runTable->setSortingEnabled(true);
    m_runTable->sortByColumn(TaskRunModel::TimeColumn, Qt::DescendingOrder);
    QHeaderView* runHeader = m_runTable->horizontalHeader();
    runHeader->resizeSection(TaskRunModel::TimeColumn, 125);
    runHeader->resizeSection(TaskRunModel::CertificateColumn, 200);
    runHeader->resizeSection(TaskRunModel::EventColumn, 80);
    runHeader->resizeSection(TaskRunModel::AttemptColumn, 60);
    runHeader->resizeSection(TaskRunModel::ResultColumn, 120);
    runHeader->resizeSection(TaskRunModel::DurationColumn, 70);
    new EmptyStateOverlay(m_runTable, tr("Select a task to see its runs."));
    m_output = new QPlainTextEdit(this);
    m_output->setObjectName(QStringLiteral("taskRunOutput"));
    m_output->setReadOnly(true);
    m_output->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_output->setPlaceholderText(tr("The selected run's output (stdout and stderr, the last 64 KiB) appears here."));
    m_runsTitle = makeSectionTitle(tr("Runs"), this);
    // Thousands of refusals must not hide the thirty failures: filter by outcome, and
    // page back through every run (keyset pages, as the Events page does).
    m_outcome = new QComboBox(this);
    m_outcome->setObjectName(QStringLiteral("taskRunOutcome"));
    m_outcome->setSizeAdjustPolicy(QComboBox::AdjustToContents); // its texts (with counts) come later
    m_outcome->setToolTip(tr("Show only the runs with this outcome"));
    for (TaskRunOutcome outcome : {TaskRunOutcome::Any, TaskRunOutcome::Failed, TaskRunOutcome::Refused,
                                   TaskRunOutcome::Waiting, TaskRunOutcome::Succeeded})
        m_outcome->addItem(QString(), int(outcome));
    m_olderRuns =
        makeButton(tr("&Older runs"), QStringLiteral("olderRunsButton"), tr("Show the next page of older runs"), this);
    m_olderRuns->setEnabled(false);
    m_runInfo = new QLabel(this);
    m_runInfo->setObjectName(QStringLiteral("taskRunInfo"));
    m_runInfo->setWordWrap(true);
    m_runInfo->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_runInfo->setMinimumWidth(120); // long lines wrap; they never widen the pane
    auto* outputPane = new QWidget(this);
    auto* outputLayout = new QVBoxLayout(outputPane);
    outputLayout->setContentsMargins(0, 0, 0, 0);
    outputLayout->addWidget(m_runInfo);
    outputLayout->addWidget(m_output, 1);

    auto* upper = new QWidget(this);
    auto* upperLayout = new QVBoxLayout(upper);
    upperLayout->setContentsMargins(0, 0, 0, 0);
    upperLayout->addWidget(makeSectionTitle(tr("Notification tasks"), upper));
    upperLayout->addWidget(m_taskTable, 1);
    m_runSplitter = makeSplitter(Qt::Horizontal, m_runTable, outputPane, this, {820, 380});
    auto* lower = new QWidget(this);
    auto* lowerLayout = new QVBoxLayout(lower);
    lowerLayout->setContentsMargins(0, 0, 0, 0);
    auto* runsHeader = new QHBoxLayout;
    runsHeader->addWidget(m_runsTitle, 1);
    runsHeader->addWidget(m_outcome);
    runsHeader->addWidget(m_olderRuns);
    lowerLayout->addLayout(runsHeader);
    lowerLayout->addWidget(m_runSplitter, 1);
    m_splitter = makeSplitter(Qt::Vertical, upper, lower, this, {240, 480});

    QVBoxLayout* layout = makePageLayout(this, title());
    layout->addLayout(buttons);
    layout->addWidget(m_note);
    layout->addWidget(m_splitter, 1);

    connect(m_new, &QPushButton::clicked, this, &TasksPage::newTask);
    connect(m_edit, &QPushButton::clicked, this, &TasksPage::editSelected);
    connect(m_delete, &QPushButton::clicked, this, &TasksPage::deleteSelected);
    connect(m_enable, &QPushButton::clicked, this, &TasksPage::toggleSelected);
    connect(m_test, &QPushButton::clicked, this, &TasksPage::testSelected);
    connect(m_repin, &QPushButton::clicked, this, &TasksPage::repinSelected);
    connect(m_taskTable, &QTableView::doubleClicked, this, &TasksPage::editSelected);
    openOnEnter(m_taskTable, [this](const QModelIndex&) { m_edit->click(); }); // as governed: disabled does nothing
    addViewShortcut(m_taskTable, tr("Delete task"), QKeySequence::Delete, [this] { m_delete->click(); });
    connect(m_taskTable->selectionModel(), &QItemSelectionModel::selectionChanged, this, &TasksPage::selectionChanged);
    connect(m_runTable->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &TasksPage::runSelectionChanged);
    connect(m_outcome, &QComboBox::currentIndexChanged, this, [this] { run(loadRuns()); });
    connect(m_olderRuns, &QPushButton::clicked, this, [this] { run(loadOlderRuns()); });
    // The agent's runs follow its events: new events are the moment to look for new runs.
    connect(controller, &ConsoleController::eventCountChanged, this, [this] {
        if (m_loadedOnce)
            run(reload());
    });
    connect(controller, &ConsoleController::inventoryChanged, this, &TasksPage::updateButtons);
    updateNote({});
    governButtons();
    updateButtons();
}

TasksPage::~TasksPage() = default;

QIcon TasksPage::icon() const
{
    return QIcon(QStringLiteral(":/certlife/icons/tasks.svg"));
}

void TasksPage::run(QCoro::Task<> task)
{
    QCoro::connect(std::move(task), this, [] {});
}

void TasksPage::startCommand(TaskCommand* command)
{
    connect(command, &ConsoleCommand::progress, m_status, &QLabel::setText);
    connect(command, &ConsoleCommand::finished, this, [this, command](const CommandOutcome& outcome) {
        if (outcome.status == CommandOutcome::Status::Cancelled)
            return; // nothing was written
        m_status->setText(outcome.message.section(QLatin1Char('\n'), 0, 0));
        std::optional<std::pair<Scope, QString>> select;
        if (const std::optional<TaskName> task = command->taskToSelect())
            select = std::make_pair(task->channel, task->name);
        run(reloadAndSelect(select));
    });
    m_runner->start(command);
}

QCoro::Task<> TasksPage::reloadAndSelect(std::optional<std::pair<Scope, QString>> select)
{
    const Alive alive(this);
    QCoro::Task<> reloading = reload();
    co_await reloading;
    if (alive && select)
        selectTask(select->first, select->second);
}

TaskEditRequest TasksPage::editRequest(const std::optional<NotificationTask>& existing) const
{
    TaskEditRequest request;
    request.existing = existing;
    for (const Scope scope : {Scope::User, Scope::System}) {
        if (m_controller->canModify(scope))
            request.writableChannels << scope;
    }
    QSet<QString> ids;
    for (const StoreInventory& store : m_controller->inventory())
        ids.insert(store.config.id);
    request.storeIds = QStringList(ids.begin(), ids.end());
    request.storeIds.sort(Qt::CaseInsensitive);
    QSet<QString> keys;
    for (int row = 0; row < m_tasks->rowCount(); ++row)
        keys.insert(m_tasks->entryAt(row).key());
    request.nameInUse = [keys](Scope channel, const QString& name) {
        TaskListEntry probe;
        probe.task.channel = channel;
        probe.task.name = name;
        return keys.contains(probe.key());
    };
    return request;
}

QList<TaskTestCandidate> TasksPage::testCandidates(const NotificationTask& task) const
{
    QList<TaskTestCandidate> candidates;
    const QDateTime now = m_controller->clock().now();
    for (const StoreInventory& store : m_controller->inventory()) {
        if (store.config.scope != task.channel)
            continue;
        // One per certificate of the store (certbot's four files of one certificate are
        // one choice), with where it is.
        for (const StoreCertificate& held : certificatesOf(store.scan)) {
            const StoredCertificate& stored = held.stored;
            TaskTestCandidate candidate;
            candidate.certificate = {store.config.id, CertificateDetails::from(stored.certificate, stored.path)};
            if (!task.matches(taskTestEvent(task, {candidate.certificate, std::nullopt}, now)))
                continue;
            const QList<CertificateLocation> locations = held.allLocations();
            for (const CertificateLocation& location : locations)
                candidate.locations << storedLocation(storedAt(stored.certificate, location));
            candidate.label = tr("%1 — %2 — expires %3 — %4")
                                  .arg(certificateDisplayName(candidate.certificate.details), store.displayName(),
                                       formatUtc(candidate.certificate.details.notAfter),
                                       locationsText(locations, store.config.path));
            candidates << candidate;
        }
    }
    return candidates;
}

void TasksPage::newTask()
{
    startCommand(new SaveTaskCommand({m_controller, m_dialogs, this}, editRequest(std::nullopt)));
}

void TasksPage::editSelected()
{
    const std::optional<TaskListEntry> entry = selectedEntry();
    if (entry && m_controller->canModify(entry->task.channel))
        startCommand(new SaveTaskCommand({m_controller, m_dialogs, this}, editRequest(entry->task)));
}

void TasksPage::deleteSelected()
{
    const std::optional<TaskListEntry> entry = selectedEntry();
    if (entry && m_controller->canModify(entry->task.channel))
        startCommand(new DeleteTaskCommand({m_controller, m_dialogs, this}, entry->task));
}

void TasksPage::toggleSelected()
{
    const std::optional<TaskListEntry> entry = selectedEntry();
    if (entry && m_controller->canModify(entry->task.channel))
        startCommand(new ToggleTaskCommand({m_controller, m_dialogs, this}, entry->task));
}

void TasksPage::repinSelected()
{
    const std::optional<TaskListEntry> entry = selectedEntry();
    if (entry && m_controller->canModify(entry->task.channel))
        startCommand(new RepinTaskCommand({m_controller, m_dialogs, this}, entry->task));
}

void TasksPage::testSelected()
{
    const std::optional<TaskListEntry> entry = selectedEntry();
    if (entry && m_controller->canModify(entry->task.channel))
        startCommand(new TestTaskCommand({m_controller, m_dialogs, this}, entry->task, testCandidates(entry->task)));
}

void TasksPage::showEvent(QShowEvent* event)
{
    ConsolePage::showEvent(event);
    run(reload()); // task files may have changed behind the console (certlifectl task …)
}

std::optional<TaskListEntry> TasksPage::selectedEntry() const
{
    const QModelIndexList rows = m_taskTable->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return std::nullopt;
    return m_tasks->entryAt(m_sortedTasks->mapToSource(rows.first()).row());
}

bool TasksPage::selectTask(Scope channel, const QString& name)
{
    const int row = m_tasks->findTask(channel, name);
    if (row < 0)
        return false;
    const QModelIndex index = m_sortedTasks->mapFromSource(m_tasks->index(row, 0));
    m_taskTable->selectRow(index.row());
    m_taskTable->scrollTo(index);
    return true;
}

QCoro::Task<> TasksPage::reload()
{
    ++m_listGeneration;
    const Alive alive(this, m_listGeneration);
    ++m_loading;
    auto listingWork = QtConcurrent::run(backgroundPool(), [] { return loadTaskListing(); });
    const TaskListing listing = co_await listingWork;
    if (!alive.ownerExists())
        co_return;
    --m_loading;
    if (!alive)
        co_return; // a newer reload is under way
    m_loadedOnce = true;
    m_tasks->setEntries(listing.tasks);
    updateNote(listing.problems);
    if (m_taskTable->selectionModel()->selectedRows().isEmpty() && m_sortedTasks->rowCount() > 0)
        m_taskTable->selectRow(0);
    QCoro::Task<> loadingRuns = loadRuns(); // supersedes the load the selection started
    co_await loadingRuns;
    if (!alive.ownerExists())
        co_return;
    updateButtons();
    Q_EMIT reloaded();
}

void TasksPage::selectionChanged()
{
    updateButtons();
    run(loadRuns());
}

QCoro::Task<> TasksPage::loadRuns()
{
    ++m_runGeneration;
    const Alive alive(this, m_runGeneration);
    const std::optional<TaskListEntry> entry = selectedEntry();
    auto* overlay = m_runTable->findChild<EmptyStateOverlay*>();
    if (!entry) {
        m_runs->setRuns(QString(), {});
        m_runCounts = {};
        m_oldestRunShown = 0;
        m_olderRuns->setEnabled(false);
        showRunCounts(QString());
        if (overlay)
            overlay->setText(tr("Select a task to see its runs."));
        runSelectionChanged();
        co_return;
    }
    const Scope channel = entry->task.channel;
    const QString name = entry->task.name;
    const QString key = entry->key();
    const auto outcome = TaskRunOutcome(m_outcome->currentData().toInt());
    ++m_loading;
    auto runsWork = inBackground([channel, name, outcome] { return loadTaskRunPage(channel, name, outcome); });
    const TaskRunPage page = co_await runsWork;
    if (!alive.ownerExists())
        co_return;
    --m_loading;
    if (!alive)
        co_return;
    // Keyed by task and filter: another filter shows other runs (a reset, not a merge).
    m_runs->setRuns(key + QLatin1Char('/') + QString::number(int(outcome)), page.runs);
    m_runCounts = page.counts;
    m_oldestRunShown = page.runs.isEmpty() ? 0 : page.runs.constLast().id;
    m_olderRuns->setEnabled(page.more);
    showRunCounts(name);
    if (overlay) {
        overlay->setText(!page.error.isEmpty() ? tr("The runs cannot be read: %1").arg(page.error)
                             : outcome == TaskRunOutcome::Any
                             ? tr("%1 has not run yet. Test… runs it now for a certificate you choose.").arg(name)
                             : tr("No run of %1 has this outcome.").arg(name));
    }
    if (m_runTable->selectionModel()->selectedRows().isEmpty() && m_sortedRuns->rowCount() > 0)
        m_runTable->selectRow(0);
    runSelectionChanged();
    Q_EMIT runsLoaded();
}

QCoro::Task<> TasksPage::loadOlderRuns()
{
    const std::optional<TaskListEntry> entry = selectedEntry();
    if (!entry || m_oldestRunShown <= 0)
        co_return;
    const Alive alive(this, m_runGeneration); // a new selection or filter makes this page moot
    const Scope channel = entry->task.channel;
    const QString name = entry->task.name;
    const auto outcome = TaskRunOutcome(m_outcome->currentData().toInt());
    const qint64 before = m_oldestRunShown;
    m_olderRuns->setEnabled(false);
    ++m_loading;
    auto runsWork =
        inBackground([channel, name, outcome, before] { return loadTaskRunPage(channel, name, outcome, before); });
    const TaskRunPage page = co_await runsWork;
    if (!alive.ownerExists())
        co_return;
    --m_loading;
    if (!alive)
        co_return;
    m_runs->appendRuns(page.runs);
    if (!page.runs.isEmpty())
        m_oldestRunShown = page.runs.constLast().id;
    m_runCounts = page.counts;
    m_olderRuns->setEnabled(page.more);
    showRunCounts(name);
    Q_EMIT runsLoaded();
}

void TasksPage::showRunCounts(const QString& name)
{
    const auto label = [](const QString& text, int count) {
        return QStringLiteral("%1 (%2)").arg(text, QLocale().toString(count));
    };
    const TaskRunCounts& c = m_runCounts;
    m_outcome->setItemText(0, label(tr("All runs"), c.total()));
    m_outcome->setItemText(1, label(tr("Failed"), c.failed));
    m_outcome->setItemText(2, label(tr("Refused"), c.refused));
    m_outcome->setItemText(3, label(tr("Waiting"), c.queued + c.running));
    m_outcome->setItemText(4, label(tr("Succeeded"), c.succeeded));
    m_outcome->setEnabled(!name.isEmpty());
    if (name.isEmpty()) {
        m_runsTitle->setText(tr("Runs"));
        return;
    }
    const int shown = m_runs->rowCount();
    const auto outcome = TaskRunOutcome(m_outcome->currentData().toInt());
    const int matching = outcome == TaskRunOutcome::Any ? c.total()
        : outcome == TaskRunOutcome::Failed             ? c.failed
        : outcome == TaskRunOutcome::Refused            ? c.refused
        : outcome == TaskRunOutcome::Waiting            ? c.queued + c.running
                                                        : c.succeeded;
    if (shown == 0)
        m_runsTitle->setText(tr("Runs of %1").arg(name));
    else if (shown >= matching)
        m_runsTitle->setText(tr("Runs of %1 (%2)").arg(name, QLocale().toString(shown)));
    else
        m_runsTitle->setText(
            tr("Runs of %1 (newest %2 of %3)").arg(name, QLocale().toString(shown), QLocale().toString(matching)));
}

QString TasksPage::runsTitle() const
{
    return m_runsTitle->text();
}

void TasksPage::runSelectionChanged()
{
    const QModelIndexList rows = m_runTable->selectionModel()->selectedRows();
    if (rows.isEmpty()) {
        m_runInfo->clear();
        m_runInfo->hide();
        m_output->clear();
        return;
    }
    const TaskRun& run = m_runs->runAt(m_sortedRuns->mapToSource(rows.first()).row());
    const bool succeeded = run.state == TaskRunState::Succeeded;
    QString info =
        tr("<b style='color:%1'>%2</b><br>Run %3 for event %4 (%5), attempt %6")
            .arg(succeeded ? QStringLiteral("#2e7d32") : QStringLiteral("#c62828"), runOutcomeLine(run).toHtmlEscaped())
            .arg(run.id)
            .arg(run.eventRecordId)
            .arg(run.eventId)
            .arg(run.attempt);
    // The hash is one unbreakable word: shortened here, whole in the tooltip.
    if (!run.scriptSha256.isEmpty())
        info += tr("<br><span style='color:#607d8b'>Script SHA-256 %1…%2</span>")
                    .arg(run.scriptSha256.left(16), run.scriptSha256.right(8));
    m_runInfo->setText(info);
    m_runInfo->setToolTip(run.scriptSha256.isEmpty() ? QString() : tr("Script SHA-256 %1").arg(run.scriptSha256));
    m_runInfo->show();
    if (run.outputHidden)
        m_output->setPlainText(tr("(The output of System task runs is readable by root only.)"));
    else
        m_output->setPlainText(run.output.isEmpty() ? tr("(no output)") : QString::fromUtf8(run.output));
}

void TasksPage::governButtons()
{
    using Availability = CommandRunner::Availability;
    const QString readOnly = tr("Changing System tasks needs root");
    auto selectedWritable = [this, readOnly](const QString& tip) {
        const std::optional<TaskListEntry> entry = selectedEntry();
        if (!entry)
            return Availability{tr("Select a task first"), QString()};
        return Availability{m_controller->canModify(entry->task.channel) ? QString() : readOnly, tip};
    };
    m_runner->govern(m_new, [this] {
        return Availability{m_controller->canModify(Scope::User) || m_controller->canModify(Scope::System)
                                ? QString()
                                : tr("Registering tasks needs root"),
                            tr("Register a notification task")};
    });
    m_runner->govern(m_edit, [selectedWritable] { return selectedWritable(tr("Change the selected task")); });
    m_runner->govern(m_delete, [selectedWritable] {
        return selectedWritable(tr("Remove the selected task (its run history is kept)"));
    });
    m_runner->govern(m_repin, [selectedWritable] {
        return selectedWritable(tr("Review a changed script and accept its new content"));
    });
    m_runner->govern(m_enable, [this, selectedWritable] {
        const std::optional<TaskListEntry> entry = selectedEntry();
        return selectedWritable(entry && !entry->task.enabled
                                    ? tr("Let the task run again")
                                    : tr("Keep the task from running until it is enabled again"));
    });
    // A test runs beside other commands, once per task at a time.
    m_runner->govern(
        m_test,
        [this] {
            const QString tip =
                tr("Run the task now for a certificate you choose, as certlifectl switch --notify-only does");
            const std::optional<TaskListEntry> entry = selectedEntry();
            if (!entry)
                return Availability{tr("Select a task first"), tip};
            if (!m_controller->canModify(entry->task.channel))
                return Availability{tr("System tasks run as root: testing them needs root"), tip};
            if (!entry->task.enabled)
                return Availability{tr("Enable the task to test it"), tip};
            if (m_runner->isRunning(TestTaskCommand::keyOf(entry->task)))
                return Availability{tr("Its test is running"), tip};
            return Availability{QString(), tip};
        },
        false);
}

void TasksPage::updateButtons()
{
    const std::optional<TaskListEntry> entry = selectedEntry();
    m_enable->setText(entry && !entry->task.enabled ? tr("Ena&ble") : tr("Disa&ble"));
    m_runner->updateActions();
}

void TasksPage::updateNote(const QStringList& problems)
{
    QStringList notes;
    if (!m_controller->canModify(Scope::System))
        notes << tr("System tasks are read-only here: registering, changing or testing them needs root "
                    "(sudo certlifectl task new --channel System …).")
                     .toHtmlEscaped();
    for (const QString& problem : problems)
        notes << QStringLiteral("<span style='color:#c62828'>%1</span>")
                     .arg(tr("Refused: %1").arg(problem).toHtmlEscaped());
    m_note->setText(notes.join(QLatin1String("<br>")));
    m_note->setVisible(!notes.isEmpty());
}

QString TasksPage::statusText() const
{
    return m_status->text();
}

QString TasksPage::noteText() const
{
    return m_note->isVisibleTo(this) ? QTextDocumentFragment::fromHtml(m_note->text()).toPlainText() : QString();
}

QString TasksPage::outputText() const
{
    return QTextDocumentFragment::fromHtml(m_runInfo->text()).toPlainText() + QLatin1Char('\n')
        + m_output->toPlainText();
}

void TasksPage::saveLayout(ConsoleSettings& settings) const
{
    saveTableLayout(settings, ConsoleSettings::Table::Tasks, m_taskTable);
    saveTableLayout(settings, ConsoleSettings::Table::TaskRuns, m_runTable);
    settings.setSplitterSizes(ConsoleSettings::Splitter::Tasks, m_splitter->saveState());
    settings.setSplitterSizes(ConsoleSettings::Splitter::TaskRuns, m_runSplitter->saveState());
}

void TasksPage::restoreLayout(const ConsoleSettings& settings)
{
    restoreTableLayout(settings, ConsoleSettings::Table::Tasks, m_taskTable);
    restoreTableLayout(settings, ConsoleSettings::Table::TaskRuns, m_runTable);
    m_splitter->restoreState(settings.splitterSizes(ConsoleSettings::Splitter::Tasks));
    m_runSplitter->restoreState(settings.splitterSizes(ConsoleSettings::Splitter::TaskRuns));
}

QWidget* TasksPage::filterField() const
{
    return m_outcome;
}

} // namespace certlife::ui
