// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "tasks/TaskAdmin.h"

#include "policy/PolicyStore.h"
#include "tasks/TaskRegistry.h"
#include "tasks/TaskSeams.h"

#include <algorithm>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

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
    task.pinnedSha256 = QString(64, QLatin1Char('0'));
    return validateTask(task);
}

// Checks a new command and takes its pin; false (with the change to return) when the
// script would be refused or, for a reviewed pin, has changed since it was checked.
bool pinScript(NotificationTask* task, ScriptPin pin, TaskChange* refused)
{
    const QString reviewed = task->pinnedSha256;
    QString reason;
    const std::optional<CheckedScript> script = scriptGuardFor(task->channel).inspect(task->command, &reason);
    if (!script) {
        *refused = failure(TaskChange::Status::ScriptRefused, reason);
        return false;
    }
    if (pin == ScriptPin::Reviewed && script->sha256.compare(reviewed, Qt::CaseInsensitive) != 0) {
        *refused =
            failure(TaskChange::Status::ScriptRefused,
                    QStringLiteral("the script changed since it was checked: review it again (%1 has SHA-256 %2 "
                                   "now, %3 was shown)")
                        .arg(task->command, script->sha256, reviewed.isEmpty() ? QStringLiteral("none") : reviewed));
        return false;
    }
    task->pinnedSha256 = script->sha256;
    return true;
}

// What the reviewer sees of the script: read from the descriptor that was hashed, so
// the content shown is the content that would be pinned.
void describeScript(const CheckedScript& script, RepinPreview* preview)
{
    struct stat info = {};
    if (::fstat(script.fd.get(), &info) != 0)
        return;
    preview->size = qint64(info.st_size);
    preview->mode = uint(info.st_mode & 07777);
    preview->modified = QDateTime::fromSecsSinceEpoch(qint64(info.st_mtim.tv_sec), Qt::UTC);
    struct passwd entry = {};
    struct passwd* user = nullptr;
    char buffer[4096];
    const bool named = ::getpwuid_r(info.st_uid, &entry, buffer, sizeof buffer, &user) == 0 && user; // a worker thread
    preview->owner = named ? QString::fromLocal8Bit(user->pw_name) : QString::number(info.st_uid);
    QByteArray content(int(std::min(preview->size, RepinPreview::kMaxShownContent)), Qt::Uninitialized);
    qsizetype done = 0;
    while (done < content.size()) {
        const ssize_t got = ::pread(script.fd.get(), content.data() + done, size_t(content.size() - done), off_t(done));
        if (got <= 0)
            break;
        done += got;
    }
    content.truncate(done);
    preview->content = content;
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
        *error = QStringLiteral("a task named \"%1\" exists in both the System and the User channel: give --channel")
                     .arg(name);
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
    if (run.isDigest())
        line += QStringLiteral(" (digest of %1 events)").arg(run.digestEvents);
    if (run.nextAttemptAt.isValid() && !isUnfinished(run.state)) // a held-back run's reason gives its time
        line += QStringLiteral("; attempt %1 is due at %2 (the agent retries it)")
                    .arg(run.attempt + 1)
                    .arg(run.nextAttemptAt.toString(Qt::ISODate));
    return line;
}

TaskChange registerTask(NotificationTask task, ScriptPin pin)
{
    const QStringList problems = definitionProblems(task);
    if (!problems.isEmpty())
        return failure(TaskChange::Status::Invalid, problems.join(QLatin1Char('\n')));
    TaskChange refused;
    if (!pinScript(&task, pin, &refused))
        return refused;
    QString reason;
    TaskRegistry registry(task.channel);
    if (!registry.add(task, &reason))
        return failure(TaskChange::Status::Failed, reason);
    TaskChange done;
    done.task = task;
    return done;
}

TaskChange updateTask(NotificationTask task, ScriptPin pin)
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
        const QStringList problems = definitionProblems(task);
        if (!problems.isEmpty())
            return failure(TaskChange::Status::Invalid, problems.join(QLatin1Char('\n')));
        TaskChange refused;
        if (!pinScript(&task, pin, &refused))
            return refused;
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
    if (script) {
        preview.currentSha256 = script->sha256;
        describeScript(*script, &preview);
    }
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
