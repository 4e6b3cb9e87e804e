// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// The Tasks page's actions: New, Edit, Delete, Enable/Disable, Repin and Test. Each
// asks through TaskDialogs, does its file work through core/tasks on a worker thread,
// says what happened and reloads the list.

#include "TasksPage.h"

#include "ConsoleController.h"
#include "dialogs/TaskTestDialogs.h"
#include "lifecycle/EventText.h"
#include "models/BackgroundPool.h"
#include "models/CertificateText.h"
#include "tasks/ScriptAdvice.h"
#include "tasks/TaskRegistry.h"
#include "tasks/TaskSeams.h"

#include <QCoro/QCoroFuture>
#include <QLabel>
#include <QPointer>
#include <QTableView>

namespace certlife::ui {

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

void TasksPage::showResult(const QString& title, const QString& error, const QString& done)
{
    if (!error.isEmpty()) {
        m_status->setText(error.section(QLatin1Char('\n'), 0, 0));
        m_dialogs->showTaskMessage(this, title, error);
    } else {
        m_status->setText(done);
    }
}

QCoro::Task<> TasksPage::newTask()
{
    const QPointer<TasksPage> self(this);
    const std::optional<NotificationTask> definition = m_dialogs->askForTask(this, editRequest(std::nullopt));
    if (!self || !definition)
        co_return;
    const NotificationTask requested = *definition;
    auto changeWork = inBackground([requested] { return registerTask(requested, ScriptPin::Reviewed); });
    const TaskChange change = co_await changeWork;
    if (!self)
        co_return;
    showResult(tr("New task"), change.ok() ? QString() : tr("The task was not registered: %1").arg(change.error),
               tr("Registered %1 task %2; its script's SHA-256 %3 is pinned.")
                   .arg(scopeName(change.task.channel), change.task.name, change.task.pinnedSha256.left(16) + QStringLiteral("…")));
    QCoro::Task<> reloading = reload();
    co_await reloading;
    if (self && change.ok())
        selectTask(change.task.channel, change.task.name);
}

QCoro::Task<> TasksPage::editSelected()
{
    const QPointer<TasksPage> self(this);
    const std::optional<TaskListEntry> entry = selectedEntry();
    if (!entry || !m_controller->canModify(entry->task.channel))
        co_return;
    const std::optional<NotificationTask> definition = m_dialogs->askForTask(this, editRequest(entry->task));
    if (!self || !definition)
        co_return;
    const NotificationTask requested = *definition;
    auto changeWork = inBackground([requested] { return updateTask(requested, ScriptPin::Reviewed); });
    const TaskChange change = co_await changeWork;
    if (!self)
        co_return;
    showResult(tr("Edit task"), change.ok() ? QString() : tr("The task was not saved: %1").arg(change.error),
               tr("Saved %1 task %2.").arg(scopeName(requested.channel), requested.name));
    QCoro::Task<> reloading = reload();
    co_await reloading;
}

QCoro::Task<> TasksPage::deleteSelected()
{
    const QPointer<TasksPage> self(this);
    const std::optional<TaskListEntry> entry = selectedEntry();
    if (!entry || !m_controller->canModify(entry->task.channel) || !m_dialogs->confirmDeleteTask(this, entry->task))
        co_return;
    if (!self) // closed while the question was open
        co_return;
    const Scope channel = entry->task.channel;
    const QString name = entry->task.name;
    const QString done = tr("Deleted %1 task %2 (its run history is kept).").arg(scopeName(channel), name);
    const auto remove = [channel, name](QString* error) { return TaskRegistry(channel).remove(name, error); };
    QCoro::Task<> applying = applyChange(tr("Delete task"), tr("The task was not deleted: %1"), done, remove);
    co_await applying;
}

QCoro::Task<> TasksPage::toggleSelected()
{
    const std::optional<TaskListEntry> entry = selectedEntry();
    if (!entry || !m_controller->canModify(entry->task.channel))
        co_return;
    const Scope channel = entry->task.channel;
    const QString name = entry->task.name;
    const bool enable = !entry->task.enabled;
    const QString done = enable ? tr("Enabled %1 task %2.").arg(scopeName(channel), name)
                                : tr("Disabled %1 task %2: it does not run until it is enabled again.")
                                      .arg(scopeName(channel), name);
    const auto toggle = [channel, name, enable](QString* error) { return setTaskEnabled(channel, name, enable, error); };
    QCoro::Task<> applying = applyChange(enable ? tr("Enable task") : tr("Disable task"),
                                         tr("The task was not changed: %1"), done, toggle);
    co_await applying;
}

QCoro::Task<> TasksPage::repinSelected()
{
    const QPointer<TasksPage> self(this);
    const std::optional<TaskListEntry> entry = selectedEntry();
    if (!entry || !m_controller->canModify(entry->task.channel))
        co_return;
    const FoundTask found{entry->task, entry->task.channel};
    auto previewWork = inBackground([found] { return previewRepin(found); });
    const RepinPreview preview = co_await previewWork;
    if (!self)
        co_return;
    if (!preview.error.isEmpty()) {
        const QString advice = scriptFixAdvice(preview.error, found.scope);
        showResult(tr("Repin task"),
                   tr("The script would be refused, so it cannot be pinned: %1").arg(preview.error)
                       + (advice.isEmpty() ? QString() : tr("\n\nTo fix: %1").arg(advice)),
                   QString());
        co_return;
    }
    if (!preview.changed()) {
        showResult(tr("Repin task"), QString(),
                   tr("%1: the script matches its pin; nothing to repin.").arg(found.task.name));
        m_dialogs->showTaskMessage(this, tr("Repin task"),
                                   tr("The script %1 is unchanged: its SHA-256 %2 is the pin.")
                                       .arg(preview.script, preview.currentSha256));
        co_return;
    }
    if (!m_dialogs->confirmRepin(this, found.task, preview) || !self)
        co_return;
    const QString reviewed = preview.currentSha256;
    const QString done = tr("Repinned %1: SHA-256 %2 runs from now on.")
                             .arg(found.task.name, reviewed.left(16) + QStringLiteral("…"));
    const auto repin = [found, reviewed](QString* error) {
        return repinTask(found.scope, found.task.name, reviewed, error);
    };
    QCoro::Task<> applying = applyChange(tr("Repin task"), QStringLiteral("%1"), done, repin);
    co_await applying;
}

QCoro::Task<> TasksPage::applyChange(QString title, QString failure, QString done, std::function<bool(QString*)> change)
{
    const QPointer<TasksPage> self(this);
    auto work = inBackground([change] {
        QString error;
        return change(&error) ? QString() : error;
    });
    const QString error = co_await work;
    if (!self)
        co_return;
    showResult(title, error.isEmpty() ? QString() : failure.arg(error), done);
    QCoro::Task<> reloading = reload();
    co_await reloading;
}

QList<TaskTestCandidate> TasksPage::testCandidates(const NotificationTask& task) const
{
    QList<TaskTestCandidate> candidates;
    const QDateTime now = m_controller->clock().now();
    for (const StoreInventory& store : m_controller->inventory()) {
        if (store.config.scope != task.channel)
            continue;
        for (const StoredCertificate& stored : store.scan.certificates) {
            TaskTestCandidate candidate;
            candidate.certificate = {store.config.id, CertificateDetails::from(stored.certificate, stored.path)};
            if (!task.matches(taskTestEvent(task, {candidate.certificate, std::nullopt}, now)))
                continue;
            candidate.label = tr("%1 — %2 — expires %3")
                                  .arg(certificateDisplayName(candidate.certificate.details), store.displayName(),
                                       formatUtc(candidate.certificate.details.notAfter));
            candidates << candidate;
        }
    }
    return candidates;
}

QCoro::Task<> TasksPage::testSelected()
{
    const QPointer<TasksPage> self(this);
    const std::optional<TaskListEntry> entry = selectedEntry();
    if (!entry || !m_controller->canModify(entry->task.channel) || m_testing.contains(entry->key()))
        co_return;
    const NotificationTask task = entry->task;
    const QList<TaskTestCandidate> candidates = testCandidates(task);
    const std::optional<TaskTestChoice> choice = m_dialogs->chooseTestCertificate(this, task, candidates);
    if (!self || !choice || choice->certificate < 0 || choice->certificate >= candidates.size())
        co_return;
    TaskTestTarget target;
    target.certificate = candidates.at(choice->certificate).certificate;
    if (choice->replaced >= 0 && choice->replaced < candidates.size() && choice->replaced != choice->certificate)
        target.replaced = candidates.at(choice->replaced).certificate;
    const LifecycleEvent event = taskTestEvent(task, target, m_controller->clock().now());
    const QString key = entry->key();
    m_testing.insert(key);
    updateButtons();
    m_status->setText(tr("Testing %1 for %2…").arg(task.name, certificateDisplayName(target.certificate.details)));
    // The run confirms the certificate against what the console shows: its last scan.
    const CertificateLocator locator = m_controller->certificateLocator();
    QCoro::Task<TaskTestResult> testRun = runTaskTest(task.name, event, locator, m_controller->sharedClock());
    const TaskTestResult result = co_await std::move(testRun);
    if (!self)
        co_return;
    m_testing.remove(key);
    m_status->setText(tr("Test of %1: %2").arg(task.name, taskTestSummary(result)));
    updateButtons();
    m_dialogs->showTestResult(this, task, result);
    Q_EMIT testFinished(result);
    QCoro::Task<> reloading = reload();
    co_await reloading;
}

} // namespace certlife::ui
