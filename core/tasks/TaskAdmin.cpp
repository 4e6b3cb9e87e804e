#include "tasks/TaskAdmin.h"

#include "agent/ScopeInventory.h"
#include "policy/PolicyStore.h"
#include "tasks/TaskRegistry.h"

namespace certlife {

namespace {

TaskChange failure(TaskChange::Status status, const QString& error)
{
    TaskChange change;
    change.status = status;
    change.error = error;
    return change;
}

// Validates the definition; the pin is checked after it is taken.
QStringList definitionProblems(NotificationTask task)
{
    if (task.pinnedSha256.isEmpty())
        task.pinnedSha256 = QString(64, QLatin1Char('0'));
    return validateTask(task);
}

} // namespace

TaskPolicy taskPolicyFor(Scope scope)
{
    return taskPolicyFrom(PolicyStore().effective(scope).policy);
}

ScriptGuard scriptGuardFor(Scope scope)
{
    const TaskPolicy policy = taskPolicyFor(scope);
    return ScriptGuard(TrustRule::forScope(scope), policy.requireSignedScripts, policy.trustedSignerFiles);
}

std::optional<FoundTask> findTask(const QString& name, std::optional<Scope> channel, QString* error)
{
    if (!isValidTaskName(name)) {
        *error = QStringLiteral("\"%1\" is not a valid task name").arg(name);
        return std::nullopt;
    }
    const QList<Scope> scopes = channel ? QList<Scope>{*channel} : QList<Scope>{Scope::System, Scope::User};
    QList<FoundTask> found;
    QStringList refusals;
    for (const Scope scope : scopes) {
        TaskRegistry registry(scope);
        registry.load();
        if (const auto task = registry.task(name)) {
            found.append({*task, scope});
            continue;
        }
        for (const auto& problem : registry.problems()) {
            if (problem.path == registry.filePath(name) || problem.path == registry.directory())
                refusals << problem.error;
        }
    }
    if (found.size() == 1)
        return found.first();
    if (found.size() > 1)
        *error = QStringLiteral("a task named \"%1\" exists in both the System and the User channel: give --channel").arg(name);
    else if (!refusals.isEmpty())
        *error = refusals.join(QLatin1Char('\n'));
    else if (channel)
        *error = QStringLiteral("no %1 task named \"%2\"").arg(scopeName(*channel), name);
    else
        *error = QStringLiteral("no task named \"%1\"").arg(name);
    return std::nullopt;
}

QString runOutcomeLine(const TaskRun& run)
{
    QString line = run.outcomeText();
    if (run.nextAttemptAt.isValid())
        line += QStringLiteral("; attempt %1 is due at %2 (the agent retries it)")
                    .arg(run.attempt + 1)
                    .arg(run.nextAttemptAt.toString(Qt::ISODate));
    return line;
}

TaskChange registerTask(NotificationTask task)
{
    const QStringList problems = definitionProblems(task);
    if (!problems.isEmpty())
        return failure(TaskChange::Status::Invalid, problems.join(QLatin1Char('\n')));
    QString reason;
    const std::optional<CheckedScript> script = scriptGuardFor(task.channel).inspect(task.command, &reason);
    if (!script)
        return failure(TaskChange::Status::ScriptRefused, reason);
    task.pinnedSha256 = script->sha256;
    TaskRegistry registry(task.channel);
    if (!registry.add(task, &reason))
        return failure(TaskChange::Status::Failed, reason);
    TaskChange done;
    done.task = task;
    return done;
}

TaskChange updateTask(NotificationTask task)
{
    TaskRegistry registry(task.channel);
    registry.load();
    QString error;
    const std::optional<NotificationTask> current = registry.task(task.name);
    if (!current) {
        findTask(task.name, task.channel, &error); // names the refusal when the file was refused
        return failure(TaskChange::Status::Failed, error);
    }
    if (task.command == current->command) {
        task.pinnedSha256 = current->pinnedSha256;
    } else {
        task.pinnedSha256.clear();
        const QStringList problems = definitionProblems(task);
        if (!problems.isEmpty())
            return failure(TaskChange::Status::Invalid, problems.join(QLatin1Char('\n')));
        const std::optional<CheckedScript> script = scriptGuardFor(task.channel).inspect(task.command, &error);
        if (!script)
            return failure(TaskChange::Status::ScriptRefused, error);
        task.pinnedSha256 = script->sha256;
    }
    const QStringList problems = validateTask(task);
    if (!problems.isEmpty())
        return failure(TaskChange::Status::Invalid, problems.join(QLatin1Char('\n')));
    if (!registry.update(task, &error))
        return failure(TaskChange::Status::Failed, error);
    TaskChange done;
    done.task = task;
    return done;
}

bool setTaskEnabled(Scope scope, const QString& name, bool enabled, QString* error)
{
    std::optional<FoundTask> found = findTask(name, scope, error);
    if (!found)
        return false;
    found->task.enabled = enabled;
    TaskRegistry registry(scope);
    registry.load();
    return registry.update(found->task, error);
}

RepinPreview previewRepin(const FoundTask& found)
{
    RepinPreview preview;
    preview.script = found.task.command;
    preview.pinnedSha256 = found.task.pinnedSha256;
    const std::optional<CheckedScript> script = scriptGuardFor(found.scope).inspect(found.task.command, &preview.error);
    if (script)
        preview.currentSha256 = script->sha256;
    return preview;
}

bool repinTask(Scope scope, const QString& name, const QString& reviewedSha256, QString* error)
{
    std::optional<FoundTask> found = findTask(name, scope, error);
    if (!found)
        return false;
    const RepinPreview now = previewRepin(*found);
    if (!now.error.isEmpty()) {
        *error = QStringLiteral("not repinned, the script would be refused: ") + now.error;
        return false;
    }
    if (now.currentSha256 != reviewedSha256) {
        *error = QStringLiteral("not repinned: %1 changed again since it was reviewed (its SHA-256 is now %2); "
                                "review it again")
                     .arg(found->task.command, now.currentSha256);
        return false;
    }
    found->task.pinnedSha256 = reviewedSha256;
    TaskRegistry registry(scope);
    registry.load();
    return registry.update(found->task, error);
}

} // namespace certlife
