// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "commands/TaskCommands.h"

#include "console/ConsoleController.h"
#include "dialogs/TaskTestDialogs.h"
#include "lifecycle/EventText.h"
#include "models/BackgroundPool.h"
#include "models/CertificateText.h"
#include "tasks/ScriptAdvice.h"
#include "tasks/TaskRegistry.h"
#include "tasks/TaskSeams.h"

#include <QCoro/QCoroFuture>

namespace certlife::ui {

TaskCommand::TaskCommand(TaskCommandContext context, QString title)
    : ConsoleCommand(context.parent), m_context(std::move(context)), m_title(std::move(title))
{}

QCoro::Task<CommandOutcome> TaskCommand::applyChange(QString failure, QString done,
                                                     std::function<bool(QString*)> change)
{
    const Alive alive = this->alive();
    auto work = inBackground([change] {
        QString error;
        return change(&error) ? QString() : error;
    });
    const QString error = co_await work;
    if (!alive)
        co_return CommandOutcome::cancelled();
    if (!error.isEmpty())
        co_return CommandOutcome::failed(m_title, failure.arg(error));
    co_return CommandOutcome::done(done);
}

SaveTaskCommand::SaveTaskCommand(TaskCommandContext context, TaskEditRequest request)
    : TaskCommand(std::move(context), request.existing ? tr("Edit task") : tr("New task")),
      m_request(std::move(request))
{}

QCoro::Task<CommandOutcome> SaveTaskCommand::run()
{
    const bool isNew = !m_request.existing;
    const Alive beforeChange = untilCancelled();
    const std::optional<NotificationTask> definition = dialogs().askForTask(dialogParent(), m_request);
    if (!beforeChange || !definition)
        co_return CommandOutcome::cancelled();
    const NotificationTask requested = *definition;
    const Alive alive = this->alive();
    auto changeWork = inBackground([requested, isNew] {
        return isNew ? registerTask(requested, ScriptPin::Reviewed) : updateTask(requested, ScriptPin::Reviewed);
    });
    const TaskChange change = co_await changeWork;
    if (!alive)
        co_return CommandOutcome::cancelled();
    if (!change.ok())
        co_return failed(
            (isNew ? tr("The task was not registered: %1") : tr("The task was not saved: %1")).arg(change.error));
    if (!isNew)
        co_return CommandOutcome::done(tr("Saved %1 task %2.").arg(scopeName(requested.channel), requested.name));
    selectAfterReload({change.task.channel, change.task.name});
    co_return CommandOutcome::done(tr("Registered %1 task %2; its script's SHA-256 %3 is pinned.")
                                       .arg(scopeName(change.task.channel), change.task.name,
                                            change.task.pinnedSha256.left(16) + QStringLiteral("…")));
}

DeleteTaskCommand::DeleteTaskCommand(TaskCommandContext context, NotificationTask task)
    : TaskCommand(std::move(context), tr("Delete task")), m_task(std::move(task))
{}

QCoro::Task<CommandOutcome> DeleteTaskCommand::run()
{
    const Alive beforeChange = untilCancelled();
    if (!dialogs().confirmDeleteTask(dialogParent(), m_task) || !beforeChange) // closed while the question was open
        co_return CommandOutcome::cancelled();
    const Scope channel = m_task.channel;
    const QString name = m_task.name;
    const QString done = tr("Deleted %1 task %2 (its run history is kept).").arg(scopeName(channel), name);
    const auto remove = [channel, name](QString* error) { return TaskRegistry(channel).remove(name, error); };
    QCoro::Task<CommandOutcome> applying = applyChange(tr("The task was not deleted: %1"), done, remove);
    const CommandOutcome outcome = co_await applying;
    co_return outcome;
}

ToggleTaskCommand::ToggleTaskCommand(TaskCommandContext context, NotificationTask task)
    : TaskCommand(std::move(context), task.enabled ? tr("Disable task") : tr("Enable task")), m_task(std::move(task))
{}

QCoro::Task<CommandOutcome> ToggleTaskCommand::run()
{
    const Scope channel = m_task.channel;
    const QString name = m_task.name;
    const bool enable = !m_task.enabled;
    const QString done = enable
        ? tr("Enabled %1 task %2.").arg(scopeName(channel), name)
        : tr("Disabled %1 task %2: it does not run until it is enabled again.").arg(scopeName(channel), name);
    const auto toggle = [channel, name, enable](QString* error) {
        return setTaskEnabled(channel, name, enable, error);
    };
    QCoro::Task<CommandOutcome> applying = applyChange(tr("The task was not changed: %1"), done, toggle);
    const CommandOutcome outcome = co_await applying;
    co_return outcome;
}

RepinTaskCommand::RepinTaskCommand(TaskCommandContext context, NotificationTask task)
    : TaskCommand(std::move(context), tr("Repin task")), m_task(std::move(task))
{}

QCoro::Task<CommandOutcome> RepinTaskCommand::run()
{
    const Alive beforeChange = untilCancelled();
    const FoundTask found{m_task, m_task.channel};
    auto previewWork = inBackground([found] { return previewRepin(found); });
    const RepinPreview preview = co_await previewWork;
    if (!beforeChange)
        co_return CommandOutcome::cancelled();
    if (!preview.error.isEmpty()) {
        const QString advice = scriptFixAdvice(preview.error, found.scope);
        co_return failed(tr("The script would be refused, so it cannot be pinned: %1").arg(preview.error)
                         + (advice.isEmpty() ? QString() : tr("\n\nTo fix: %1").arg(advice)));
    }
    if (!preview.changed())
        co_return CommandOutcome::done(
            tr("%1: the script matches its pin; nothing to repin.").arg(found.task.name),
            {CommandMessage::Kind::Notice, title(),
             tr("The script %1 is unchanged: its SHA-256 %2 is the pin.").arg(preview.script, preview.currentSha256)});
    if (!dialogs().confirmRepin(dialogParent(), found.task, preview) || !beforeChange)
        co_return CommandOutcome::cancelled();
    const QString reviewed = preview.currentSha256;
    const QString done =
        tr("Repinned %1: SHA-256 %2 runs from now on.").arg(found.task.name, reviewed.left(16) + QStringLiteral("…"));
    const auto repin = [found, reviewed](QString* error) {
        return repinTask(found.scope, found.task.name, reviewed, error);
    };
    QCoro::Task<CommandOutcome> applying = applyChange(QStringLiteral("%1"), done, repin);
    const CommandOutcome outcome = co_await applying;
    co_return outcome;
}

TestTaskCommand::TestTaskCommand(TaskCommandContext context, NotificationTask task, QList<TaskTestCandidate> candidates)
    : TaskCommand(std::move(context), tr("Test task")), m_task(std::move(task)), m_candidates(std::move(candidates))
{}

QString TestTaskCommand::keyOf(const NotificationTask& task)
{
    return QStringLiteral("test:%1/%2").arg(scopeName(task.channel), task.name);
}

QCoro::Task<CommandOutcome> TestTaskCommand::run()
{
    const Alive beforeChange = untilCancelled();
    const std::optional<TaskTestChoice> choice = dialogs().chooseTestCertificate(dialogParent(), m_task, m_candidates);
    if (!beforeChange || !choice || choice->certificate < 0 || choice->certificate >= m_candidates.size())
        co_return CommandOutcome::cancelled();
    TaskTestTarget target;
    target.certificate = m_candidates.at(choice->certificate).certificate;
    if (choice->replaced >= 0 && choice->replaced < m_candidates.size() && choice->replaced != choice->certificate)
        target.replaced = m_candidates.at(choice->replaced).certificate;
    const LifecycleEvent event = taskTestEvent(m_task, target, controller()->clock().now());
    Q_EMIT progress(tr("Testing %1 for %2…").arg(m_task.name, certificateDisplayName(target.certificate.details)));
    // The run confirms the certificate against what the console shows: its last scan.
    const Alive alive = this->alive();
    const CertificateLocator locator = controller()->certificateLocator();
    QCoro::Task<TaskTestResult> testRun = runTaskTest(m_task.name, event, locator, controller()->sharedClock());
    const TaskTestResult result = co_await std::move(testRun);
    if (!alive)
        co_return CommandOutcome::cancelled();
    dialogs().showTestResult(dialogParent(), m_task, result);
    co_return CommandOutcome::done(tr("Test of %1: %2").arg(m_task.name, taskTestSummary(result)));
}

} // namespace certlife::ui
