// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// certlifectl task: the counterpart of New-/Get-/Remove-CertificateNotificationTask.

#include "CliCommand.h"
#include "TaskCliSupport.h"

#include "eventlog/EventLog.h"
#include "tasks/RenewalChains.h"
#include "tasks/ScriptGuard.h"
#include "tasks/TaskRegistry.h"
#include "tasks/TaskRunner.h"
#include "util/Paths.h"
#include "util/TerminalText.h"

#include <QFileInfo>

namespace certlife::cli {

namespace {

const QString kUsage = QStringLiteral("certlifectl task new|list|show|remove|enable|disable|repin [options] [NAME]");

QCommandLineOption channelOption()
{
    return QCommandLineOption(QStringLiteral("channel"), QStringLiteral("System or User (default: wherever NAME is)."),
                              QStringLiteral("CHANNEL"));
}

// Parses a subcommand that takes NAME and an optional --channel.
bool parseNameCommand(const QStringList& args, const QString& sub, CliIo& io, int* code, QString* name,
                      std::optional<Scope>* channel)
{
    QCommandLineParser parser;
    parser.addOption(channelOption());
    parser.addPositionalArgument(QStringLiteral("NAME"), QStringLiteral("The task."));
    const QString usage = QStringLiteral("certlifectl task %1 NAME [--channel System|User]").arg(sub);
    if (!parseCommandLine(parser, QStringList{QStringLiteral("task ") + sub} + args.mid(2), io, code, usage))
        return false;
    if (parser.positionalArguments().size() != 1) {
        *code = fail(io, ExitUsage, QStringLiteral("task %1 takes one NAME\nusage: %2").arg(sub, usage));
        return false;
    }
    *name = parser.positionalArguments().first();
    if (parser.isSet(QStringLiteral("channel"))) {
        Scope scope;
        if (!parseChannelOption(parser.value(QStringLiteral("channel")), &scope, io, code))
            return false;
        *channel = scope;
    }
    return true;
}

bool parseNumber(const QCommandLineParser& parser, const QString& option, int* out, CliIo& io, int* code)
{
    if (!parser.isSet(option))
        return true;
    bool ok = false;
    *out = parser.value(option).toInt(&ok);
    if (!ok)
        *code =
            fail(io, ExitUsage, QStringLiteral("--%1 \"%2\" is not a whole number").arg(option, parser.value(option)));
    return ok;
}

// --run-for-existing: fires the new task for every renewal chain already recorded.
int runForExisting(const NotificationTask& task, CliIo& io)
{
    const QString file = Paths::eventLogFile(task.channel);
    if (!QFileInfo::exists(file)) {
        io.out << "No event history yet (" << file << "): no renewal to run the task for.\n";
        return ExitOk;
    }
    EventLog log(file, task.channel);
    QString error;
    if (!log.openReadOnly(&error))
        return fail(io, ExitFailure, error);
    const QList<LifecycleEvent> history = replaceHistory(log, &error);
    if (!error.isEmpty())
        return fail(io, ExitFailure, QStringLiteral("cannot read the event history %1: %2").arg(file, error));
    const QList<LifecycleEvent> chains = renewalChainEvents(history);
    io.out << "Running " << task.name << " for " << chains.size() << " renewal chain(s) in the event history.\n";
    if (chains.isEmpty())
        return ExitOk;
    const std::shared_ptr<Clock> clock = Clock::fromEnvironment(&error);
    if (!clock)
        return fail(io, ExitUsage, error);
    const bool ok = runTasksAndReport(
        task.channel, clock, [&](TaskRunner& runner) { return runner.submitForTask(task.name, chains); }, io);
    return ok ? ExitOk
              : fail(io, ExitFailure,
                     QStringLiteral("the task is registered, but not every run for the existing "
                                    "certificates succeeded (see above)"));
}

int runTaskNew(const QStringList& args, CliIo& io)
{
    QCommandLineParser parser;
    const auto value = [&](const char* name, const char* help, const char* valueName) {
        parser.addOption(
            QCommandLineOption(QString::fromLatin1(name), QString::fromLatin1(help), QString::fromLatin1(valueName)));
    };
    value("type",
          "Replace (1001), Expire (1002 and 1003) or Stale (1101: an endpoint still serves an older certificate "
          "than a file store holds).",
          "TYPE");
    value("command", "Absolute path of the script or program (run without a shell).", "PATH");
    value("name", "Unique name: letters, digits, '.', '_', '-'.", "NAME");
    value("channel", "System (root's, /etc/certlife/tasks.d) or User (yours).", "CHANNEL");
    value("arg",
          "One argument; repeat for more. Placeholders: {OldCertHash} {NewCertHash} {Thumbprint} "
          "{EventRecordId} {Store} {Subject} {NotAfter} {Path} {OldCertPath} {NewCertPath} {Domains} {Endpoint} "
          "{EventRecordIds}.",
          "TEMPLATE");
    value("filter-thumbprint", "Only this certificate (SHA-1; for Replace and Stale, old or new).", "HASH");
    value("filter-store", "Only events of this store.", "ID");
    value("filter-subject", "Only certificates whose subject contains TEXT (any case).", "TEXT");
    value("timeout", "Seconds before the run is stopped (default 3600).", "SEC");
    value("retries", "Further attempts after a failed run (default 3).", "N");
    value("retry-interval", "Seconds between attempts (default 600).", "SEC");
    parser.addOption(
        QCommandLineOption(QStringLiteral("run-for-existing"),
                           QStringLiteral("Replace only: run now for every renewal chain already recorded.")));
    parser.addOption(
        QCommandLineOption(QStringLiteral("digest"),
                           QStringLiteral("One run per agent pass with all its events instead of one run per "
                                          "event: {EventRecordIds}, and the events as JSON in the file named "
                                          "by CERTLIFE_EVENTS_FILE (task file key Digest=true; "
                                          "docs/tasks.md, \"Digest runs\").")));
    parser.addOption(QCommandLineOption(QStringLiteral("disabled"), QStringLiteral("Register it disabled.")));
    int code = ExitOk;
    const QString usage = QStringLiteral("certlifectl task new --type Replace|Expire|Stale --command PATH --name NAME "
                                         "--channel System|User [--arg TEMPLATE]... [options]");
    if (!parseCommandLine(parser, QStringList{QStringLiteral("task new")} + args.mid(2), io, &code, usage))
        return code;
    for (const char* required : {"type", "command", "name", "channel"}) {
        if (!parser.isSet(QString::fromLatin1(required)))
            return fail(io, ExitUsage,
                        QStringLiteral("--%1 is required\nusage: %2").arg(QLatin1String(required), usage));
    }
    NotificationTask task;
    task.name = parser.value(QStringLiteral("name"));
    if (!parseTaskType(parser.value(QStringLiteral("type")), &task.type))
        return fail(
            io, ExitUsage,
            QStringLiteral("--type \"%1\" is not Replace, Expire or Stale").arg(parser.value(QStringLiteral("type"))));
    if (!parseChannelOption(parser.value(QStringLiteral("channel")), &task.channel, io, &code))
        return code;
    task.command = parser.value(QStringLiteral("command"));
    task.arguments = parser.values(QStringLiteral("arg"));
    const QString thumbprint = parser.value(QStringLiteral("filter-thumbprint"));
    task.filterThumbprint = normalizeThumbprint(thumbprint);
    if (!thumbprint.isEmpty() && task.filterThumbprint.isEmpty())
        return fail(
            io, ExitUsage,
            QStringLiteral("--filter-thumbprint \"%1\" is not a SHA-1 thumbprint (40 hex digits)").arg(thumbprint));
    task.filterStore = parser.value(QStringLiteral("filter-store"));
    task.filterSubject = parser.value(QStringLiteral("filter-subject"));
    if (!parseNumber(parser, QStringLiteral("timeout"), &task.timeoutSeconds, io, &code)
        || !parseNumber(parser, QStringLiteral("retries"), &task.retries, io, &code)
        || !parseNumber(parser, QStringLiteral("retry-interval"), &task.retryIntervalSeconds, io, &code))
        return code;
    task.runForExisting = parser.isSet(QStringLiteral("run-for-existing"));
    task.digest = parser.isSet(QStringLiteral("digest"));
    task.enabled = !parser.isSet(QStringLiteral("disabled"));

    const TaskChange change = registerTask(task, ScriptPin::CheckedNow);
    switch (change.status) {
    case TaskChange::Status::Done: break;
    case TaskChange::Status::Invalid: return fail(io, ExitUsage, change.error);
    case TaskChange::Status::ScriptRefused:
        return fail(io, ExitFailure, QStringLiteral("not registered, the script would be refused: ") + change.error);
    case TaskChange::Status::Failed: return fail(io, ExitFailure, change.error);
    }
    task = change.task;
    const TaskRegistry registry(task.channel);
    io.out << "Registered " << scopeName(task.channel) << " task " << task.name << " (" << taskTypeName(task.type)
           << (task.enabled ? "" : ", disabled") << "): " << escapeControlCharacters(task.command) << "\n"
           << "Pinned SHA-256: " << task.pinnedSha256 << "\n"
           << "File: " << registry.filePath(task.name) << "\n";
    io.out.flush();
    return task.runForExisting && task.enabled ? runForExisting(task, io) : ExitOk;
}

int runTaskRemove(const QStringList& args, CliIo& io)
{
    QString name;
    std::optional<Scope> channel;
    int code = ExitOk;
    if (!parseNameCommand(args, QStringLiteral("remove"), io, &code, &name, &channel))
        return code;
    QString error;
    std::optional<FoundTask> found = findTask(name, channel, &error);
    // A task file that was refused on load can still be removed, once its channel is known.
    const std::optional<Scope> scope = found ? std::optional<Scope>(found->scope) : channel;
    if (!scope)
        return fail(io, ExitFailure, error);
    TaskRegistry registry(*scope);
    if (!registry.remove(name, &error))
        return fail(io, ExitFailure, error);
    io.out << "Removed " << scopeName(*scope) << " task " << name << " (its run history is kept).\n";
    return ExitOk;
}

// NAME (and --channel) of a subcommand, resolved to the task; *code is set when not found.
std::optional<FoundTask> taskOfNameCommand(const QStringList& args, const QString& sub, CliIo& io, int* code)
{
    QString name;
    std::optional<Scope> channel;
    if (!parseNameCommand(args, sub, io, code, &name, &channel))
        return std::nullopt;
    QString error;
    std::optional<FoundTask> found = findTask(name, channel, &error);
    if (!found)
        *code = fail(io, ExitFailure, error);
    return found;
}

int runTaskEnable(const QStringList& args, CliIo& io, bool enable)
{
    int code = ExitOk;
    std::optional<FoundTask> found =
        taskOfNameCommand(args, enable ? QStringLiteral("enable") : QStringLiteral("disable"), io, &code);
    if (!found)
        return code;
    QString error;
    if (!setTaskEnabled(found->scope, found->task.name, enable, &error))
        return fail(io, ExitFailure, error);
    io.out << (enable ? "Enabled " : "Disabled ") << scopeName(found->scope) << " task " << found->task.name << ".\n";
    return ExitOk;
}

int runTaskRepin(const QStringList& args, CliIo& io)
{
    int code = ExitOk;
    std::optional<FoundTask> found = taskOfNameCommand(args, QStringLiteral("repin"), io, &code);
    if (!found)
        return code;
    const RepinPreview preview = previewRepin(*found);
    if (!preview.error.isEmpty())
        return fail(io, ExitFailure, QStringLiteral("not repinned, the script would be refused: ") + preview.error);
    io.out << "Script:         " << escapeControlCharacters(preview.script) << "\n"
           << "Old SHA-256:    " << preview.pinnedSha256 << "\n"
           << "New SHA-256:    " << preview.currentSha256 << "\n";
    if (!preview.changed()) {
        io.out << "Unchanged: the pin already matches the script.\n";
        return ExitOk;
    }
    QString error;
    if (!repinTask(found->scope, found->task.name, preview.currentSha256, &error))
        return fail(io, ExitFailure, error);
    io.out << "Repinned " << scopeName(found->scope) << " task " << found->task.name << ": the new content will run.\n";
    return ExitOk;
}

int runTask(const QStringList& args, CliIo& io)
{
    const QString sub = args.value(1);
    if (sub == QLatin1String("new"))
        return runTaskNew(args, io);
    if (sub == QLatin1String("list"))
        return runTaskList(args, io);
    if (sub == QLatin1String("show"))
        return runTaskShow(args, io);
    if (sub == QLatin1String("remove"))
        return runTaskRemove(args, io);
    if (sub == QLatin1String("enable"))
        return runTaskEnable(args, io, true);
    if (sub == QLatin1String("disable"))
        return runTaskEnable(args, io, false);
    if (sub == QLatin1String("repin"))
        return runTaskRepin(args, io);
    if (sub == QLatin1String("--help") || sub == QLatin1String("-h") || sub.isEmpty()) {
        (sub.isEmpty() ? io.err : io.out)
            << "Usage: " << kUsage << "\n\n"
            << "Notification tasks: scripts run when a certificate is replaced (1001) or expires (1002, 1003).\n\n"
               "  new      register a task (the script's SHA-256 is pinned now)\n"
               "  list     list the tasks of both channels [--json]\n"
               "  show     a task's definition and run history [--json]\n"
               "  remove   remove a task (its run history is kept)\n"
               "  enable   let a task run again\n"
               "  disable  keep a task from running\n"
               "  repin    accept the script's new content after review\n\n"
               "'certlifectl task SUBCOMMAND --help' for the options; docs/tasks.md for the details.\n";
        return sub.isEmpty() ? ExitUsage : ExitOk;
    }
    return fail(io, ExitUsage, QStringLiteral("unknown task subcommand '%1'\nusage: %2").arg(sub, kUsage));
}

const CommandRegistration reg{{QStringLiteral("task"),
                               QStringLiteral("Register, list and manage notification tasks (scripts run on events)."),
                               &runTask}};

} // namespace

} // namespace certlife::cli
