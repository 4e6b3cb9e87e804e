// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// certlifectl task list / task show: the counterpart of Get-CertificateNotificationTask,
// with each task's run history.

#include "TaskCliSupport.h"

#include "reports/TaskReport.h"
#include "stores/FileNames.h"
#include "tasks/TaskRegistry.h"
#include "util/Paths.h"
#include "util/TerminalText.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <unistd.h>

namespace certlife::cli {

namespace {

constexpr int kDefaultRunsShown = 20;
constexpr int kOutputLinesPerRun = 10;

QString timeText(const QDateTime& t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODate) : QStringLiteral("-");
}

QString yesNo(bool v)
{
    return v ? QStringLiteral("yes") : QStringLiteral("no");
}

// The run history of a scope, when there is one (a scope whose tasks never ran has none).
// Null with *error set when there is one that cannot be read: that is not "no runs".
std::unique_ptr<TaskRunLog> openRuns(Scope scope, QString* error)
{
    auto log = std::make_unique<TaskRunLog>(Paths::eventLogFile(scope));
    QString why;
    if (log->openReadOnly(&why))
        return log;
    if (!log->noRunsYet()) {
        *error = why;
        if (::geteuid() != 0 && scope == Scope::System)
            *error += QStringLiteral(" (the System task runs are readable by root: try sudo)");
    }
    return nullptr;
}

} // namespace

int runTaskList(const QStringList& args, CliIo& io)
{
    QCommandLineParser parser;
    parser.addOption(QCommandLineOption(QStringLiteral("json"), QStringLiteral("Print JSON.")));
    parser.addOption(QCommandLineOption(QStringLiteral("channel"), QStringLiteral("Only System or User."),
                                        QStringLiteral("CHANNEL")));
    int code = ExitOk;
    const QString usage = QStringLiteral("certlifectl task list [--json] [--channel System|User]");
    if (!parseCommandLine(parser, QStringList{QStringLiteral("task list")} + args.mid(2), io, &code, usage))
        return code;
    QList<Scope> scopes{Scope::System, Scope::User};
    if (parser.isSet(QStringLiteral("channel"))) {
        Scope scope;
        if (!parseChannelOption(parser.value(QStringLiteral("channel")), &scope, io, &code))
            return code;
        scopes = {scope};
    }
    QJsonArray tasksJson;
    QJsonArray problemsJson;
    QStringList rows;
    for (const Scope scope : scopes) {
        TaskRegistry registry(scope);
        registry.load();
        QString runsError;
        const std::unique_ptr<TaskRunLog> runs = openRuns(scope, &runsError);
        if (!runsError.isEmpty()) {
            problemsJson.append(QJsonObject{{QStringLiteral("path"), Paths::eventLogFile(scope)},
                                            {QStringLiteral("error"), runsError}});
            io.err << "certlifectl: " << escapeControlCharacters(runsError) << "; LAST RUN is unknown\n";
        }
        for (const NotificationTask& t : registry.tasks()) {
            const QList<TaskRun> last = runs ? runs->runsForTask(t.name, 1) : QList<TaskRun>{};
            QJsonObject o = t.toJson();
            o.insert(QStringLiteral("file"), registry.filePath(t.name));
            if (!last.isEmpty())
                o.insert(QStringLiteral("lastRun"), last.first().toJson());
            tasksJson.append(o);
            const QString lastText = !runsError.isEmpty() ? QStringLiteral("unknown")
                : last.isEmpty()
                ? QStringLiteral("never")
                : QStringLiteral("%1 %2").arg(taskRunStateName(last.first().state), timeText(last.first().endedAt));
            rows << QStringLiteral("%1  %2  %3  %4  %5  %6")
                        .arg(escapeControlCharacters(t.name).leftJustified(20), scopeName(t.channel).leftJustified(7),
                             taskTypeName(t.type).leftJustified(7), yesNo(t.enabled).leftJustified(7),
                             lastText.leftJustified(32), escapeControlCharacters(t.command));
        }
        for (const auto& p : registry.problems()) {
            problemsJson.append(QJsonObject{{QStringLiteral("path"), p.path}, {QStringLiteral("error"), p.error}});
            io.err << "certlifectl: refused: " << escapeControlCharacters(p.error) << "\n";
        }
    }
    if (parser.isSet(QStringLiteral("json"))) {
        const QJsonObject doc{{QStringLiteral("tasks"), tasksJson}, {QStringLiteral("problems"), problemsJson}};
        io.out << QJsonDocument(doc).toJson(QJsonDocument::Indented);
    } else if (rows.isEmpty()) {
        io.out << "No notification tasks.\n";
    } else {
        io.out << QStringLiteral("%1  %2  %3  %4  %5  %6\n")
                      .arg(QStringLiteral("NAME").leftJustified(20), QStringLiteral("CHANNEL").leftJustified(7),
                           QStringLiteral("TYPE").leftJustified(7), QStringLiteral("ENABLED").leftJustified(7),
                           QStringLiteral("LAST RUN").leftJustified(32), QStringLiteral("COMMAND"));
        for (const QString& r : rows)
            io.out << r << "\n";
    }
    return problemsJson.isEmpty() ? ExitOk : ExitPartial;
}

int runTaskShow(const QStringList& args, CliIo& io)
{
    QCommandLineParser parser;
    parser.addOption(QCommandLineOption(QStringLiteral("json"), QStringLiteral("Print JSON.")));
    parser.addOption(
        QCommandLineOption(QStringLiteral("channel"), QStringLiteral("System or User."), QStringLiteral("CHANNEL")));
    parser.addOption(QCommandLineOption(QStringLiteral("runs"), QStringLiteral("How many runs to show (default 20)."),
                                        QStringLiteral("N")));
    parser.addPositionalArgument(QStringLiteral("NAME"), QStringLiteral("The task."));
    int code = ExitOk;
    const QString usage = QStringLiteral("certlifectl task show NAME [--json] [--channel System|User] [--runs N]");
    if (!parseCommandLine(parser, QStringList{QStringLiteral("task show")} + args.mid(2), io, &code, usage))
        return code;
    if (parser.positionalArguments().size() != 1)
        return fail(io, ExitUsage, QStringLiteral("task show takes one NAME\nusage: ") + usage);
    std::optional<Scope> channel;
    if (parser.isSet(QStringLiteral("channel"))) {
        Scope scope;
        if (!parseChannelOption(parser.value(QStringLiteral("channel")), &scope, io, &code))
            return code;
        channel = scope;
    }
    bool ok = true;
    const int limit =
        parser.isSet(QStringLiteral("runs")) ? parser.value(QStringLiteral("runs")).toInt(&ok) : kDefaultRunsShown;
    if (!ok || limit < 0)
        return fail(io, ExitUsage,
                    QStringLiteral("--runs \"%1\" is not a count").arg(parser.value(QStringLiteral("runs"))));
    QString error;
    const std::optional<FoundTask> found = findTask(parser.positionalArguments().first(), channel, &error);
    if (!found)
        return fail(io, ExitFailure, error);
    const NotificationTask& t = found->task;
    const QString file = TaskRegistry(found->scope).filePath(t.name);
    QString runsError;
    const std::unique_ptr<TaskRunLog> log = openRuns(found->scope, &runsError);
    const QList<TaskRun> runs = log ? log->runsForTask(t.name, limit) : QList<TaskRun>{};
    if (!runsError.isEmpty() && parser.isSet(QStringLiteral("json")))
        return fail(io, ExitFailure, runsError); // no "runs": [] that reads as "never ran"

    if (parser.isSet(QStringLiteral("json"))) {
        QJsonArray runsJson;
        for (const TaskRun& r : runs)
            runsJson.append(r.toJson());
        const QJsonObject doc{
            {QStringLiteral("task"), t.toJson()}, {QStringLiteral("file"), file}, {QStringLiteral("runs"), runsJson}};
        io.out << QJsonDocument(doc).toJson(QJsonDocument::Indented);
        return ExitOk;
    }
    // Everything here but the numbers can come from a hand-edited task file, or from
    // the script itself (its output): shown escaped.
    io.out << "Name:             " << escapeControlCharacters(t.name) << "\n"
           << "Channel:          " << scopeName(t.channel) << "\n"
           << "Type:             " << taskTypeName(t.type) << " (" << taskTypeEvents(t.type) << ")\n"
           << "Enabled:          " << yesNo(t.enabled) << "\n"
           << "Command:          " << escapeControlCharacters(t.command) << "\n";
    for (int i = 0; i < t.arguments.size(); ++i)
        io.out << QStringLiteral("Argument %1:").arg(i + 1).leftJustified(18)
               << escapeControlCharacters(t.arguments.at(i)) << "\n";
    const QString filters = escapeControlCharacters(taskFiltersText(t));
    io.out << "Filters:          " << (filters.isEmpty() ? QStringLiteral("none (every certificate)") : filters) << "\n"
           << "Timeout:          " << t.timeoutSeconds << " s\n"
           << "Retries:          " << t.retries << ", " << t.retryIntervalSeconds << " s apart\n"
           << "Run for existing: " << yesNo(t.runForExisting) << "\n"
           << "Digest:           "
           << (t.digest ? QStringLiteral("yes (one run per pass with all its events)")
                        : QStringLiteral("no (one run per event)"))
           << "\n"
           << "Pinned SHA-256:   " << escapeControlCharacters(t.pinnedSha256) << "\n"
           << "File:             " << escapedFileName(file) << "\n\n";
    if (!runsError.isEmpty()) {
        io.out.flush();
        return fail(io, ExitPartial, QStringLiteral("runs not shown: ") + runsError);
    }
    if (runs.isEmpty()) {
        io.out << "No runs yet.\n";
        return ExitOk;
    }
    io.out << "Runs, newest first:\n";
    for (const TaskRun& r : runs) {
        io.out << "  run " << r.id << ": event record " << r.eventRecordId << " (" << r.eventId << "), attempt "
               << r.attempt << ": " << escapeControlCharacters(runOutcomeLine(r)) << "\n"
               << "    queued " << timeText(r.queuedAt) << ", started " << timeText(r.startedAt) << ", ended "
               << timeText(r.endedAt) << "\n";
        if (r.outputHidden)
            io.out << "    (the output of System task runs is readable by root only)\n";
        QStringList lines = QString::fromUtf8(r.output).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        for (const QString& l : lines.mid(std::max<qsizetype>(0, lines.size() - kOutputLinesPerRun)))
            io.out << "    | " << escapeControlCharacters(l) << "\n";
    }
    return ExitOk;
}

} // namespace certlife::cli
