// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "CliCommand.h"

#include "agent/Agent.h"
#include "agent/UnixSignalWatcher.h"
#include "eventlog/JsonLinesSink.h"
#include "stores/Scanner.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonArray>
#include <QJsonObject>
#include <QTimer>
#include <csignal>

namespace certlife::cli {

namespace {

const QString kUsage = QStringLiteral("certlifectl watch [--scope system|user] [--once] [--json] [--json-log FILE] "
                                      "[--no-journal] [--no-tasks] [--lock-wait SECONDS]");
constexpr int kMaxLockWaitSeconds = 3600;

void printSummary(CliIo& io, const AgentPassSummary& s, Scope scope, bool json)
{
    if (json) {
        const QJsonObject o{{QStringLiteral("scope"), scopeName(scope)},
                            {QStringLiteral("stores"), s.stores},
                            {QStringLiteral("certificates"), s.certificates},
                            {QStringLiteral("problems"), s.problems},
                            {QStringLiteral("events"), s.events},
                            {QStringLiteral("tasksStarted"), s.tasks.started()},
                            {QStringLiteral("taskRuns"), s.tasks.toJson()},
                            {QStringLiteral("errors"), QJsonArray::fromStringList(s.errors)},
                            {QStringLiteral("skipped"), s.skipped},
                            {QStringLiteral("milliseconds"), s.milliseconds}};
        io.out << QJsonDocument(o).toJson(QJsonDocument::Compact) << "\n";
    } else {
        const auto count = [](int n, const char* one, const char* many) {
            return QStringLiteral("%1 %2").arg(n).arg(QLatin1String(n == 1 ? one : many));
        };
        io.out << QStringLiteral("%1 scope: %2 in %3, %4, %5 written, %6 ms\n")
                      .arg(scopeName(scope), count(s.certificates, "certificate", "certificates"),
                           count(s.stores, "store", "stores"), count(s.problems, "unreadable file", "unreadable files"),
                           count(s.events, "event", "events"))
                      .arg(s.milliseconds);
        // Separately: 1,700 runs held back by the rate limit are not 1,700 runs.
        io.out << QStringLiteral("task runs: %1%2\n")
                      .arg(s.tasks.text(),
                           s.tasks.queued > 0 ? QStringLiteral(" (queued runs start when the task's rate limit allows: "
                                                               "`certlifectl task show NAME`)")
                                              : QString());
        for (const QString& e : s.errors)
            io.err << "certlifectl: " << e << "\n";
    }
    io.out.flush();
    io.err.flush();
}

int runWatch(const QStringList& args, CliIo& io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Run the Certlife agent for one scope: scan every monitored store now, when files change and every "
        "RescanInterval (policy); write lifecycle events (1001-1007, 1101-1102) to the scope's event log, journald and "
        "an "
        "optional JSON-lines file; run the notification tasks they match. One agent per scope (a lock file in "
        "the state directory). SIGTERM/SIGINT stop it cleanly; SIGHUP reloads policy, stores and tasks.\n\n"
        "Examples:\n"
        "  certlifectl watch --once                  one pass for your user scope, then exit\n"
        "  CERTLIFE_NOW=2027-01-15 certlifectl watch --once   what would warn on that day\n"
        "  sudo certlifectl watch --scope system     what certlife-agent.service runs\n\n"
        "Exit status with --once: 0 the pass ran; 3 it ran, with problems (unreadable files, a log or snapshot "
        "that could not be written: see the messages); 4 it was skipped: another process (named in the message) "
        "held the scope's lifecycle snapshot lock for the whole wait (--lock-wait), so nothing was scanned or logged; "
        "1 the agent could not start (another agent watches the scope, or its state directory cannot be used)."));
    const QCommandLineOption scopeOpt(QStringLiteral("scope"),
                                      QStringLiteral("system or user (default: system as root, else user)."),
                                      QStringLiteral("SCOPE"));
    const QCommandLineOption onceOpt(QStringLiteral("once"), QStringLiteral("Do one pass (and its tasks), then exit."));
    const QCommandLineOption jsonOpt(QStringLiteral("json"), QStringLiteral("With --once: print the summary as JSON."));
    const QCommandLineOption jsonLogOpt(QStringLiteral("json-log"),
                                        QStringLiteral("Also append every event as a JSON line to FILE (created 0600 "
                                                       "when missing; a symlink, FIFO or other non-regular file is "
                                                       "refused, at start and for every batch)."),
                                        QStringLiteral("FILE"));
    const QCommandLineOption noJournalOpt(QStringLiteral("no-journal"),
                                          QStringLiteral("Do not send events to journald."));
    const QCommandLineOption noTasksOpt(QStringLiteral("no-tasks"), QStringLiteral("Record events but run no task."));
    const QCommandLineOption lockWaitOpt(
        QStringLiteral("lock-wait"),
        QStringLiteral("How long a pass waits for the scope's snapshot lock while another process (an import, the "
                       "console) holds it, in seconds (default 60, at most 3600); then the pass is skipped."),
        QStringLiteral("SECONDS"));
    parser.addOptions({scopeOpt, onceOpt, jsonOpt, jsonLogOpt, noJournalOpt, noTasksOpt, lockWaitOpt});
    int code = ExitOk;
    if (!parseCommandLine(parser, args, io, &code, kUsage))
        return code;
    if (!parser.positionalArguments().isEmpty())
        return fail(io, ExitUsage,
                    QStringLiteral("watch takes no arguments (got '%1')").arg(parser.positionalArguments().first()));

    AgentOptions options;
    options.scope = Scanner::processScope();
    if (parser.isSet(scopeOpt) && !parseScope(parser.value(scopeOpt), &options.scope))
        return fail(io, ExitUsage, QStringLiteral("--scope '%1' is not system or user").arg(parser.value(scopeOpt)));
    QString clockError;
    options.clock = Clock::fromEnvironment(&clockError);
    if (!options.clock)
        return fail(io, ExitUsage, clockError);
    options.journald = !parser.isSet(noJournalOpt);
    options.jsonLinesFile = parser.value(jsonLogOpt);
    if (parser.isSet(jsonLogOpt)) {
        if (options.jsonLinesFile.isEmpty())
            return fail(io, ExitUsage, QStringLiteral("--json-log needs a file name"));
        // Checked now: an agent whose JSON log cannot be written would lose every event
        // it was meant to hold, without a word.
        if (const QString why = JsonLinesSink(options.jsonLinesFile).checkWritable(); !why.isEmpty())
            return fail(io, ExitFailure, why);
    }
    options.runTasks = !parser.isSet(noTasksOpt);
    if (parser.isSet(lockWaitOpt)) {
        bool ok = false;
        const int seconds = parser.value(lockWaitOpt).toInt(&ok);
        if (!ok || seconds < 0 || seconds > kMaxLockWaitSeconds)
            return fail(io, ExitUsage,
                        QStringLiteral("--lock-wait '%1' is not a number of seconds from 0 to %2")
                            .arg(parser.value(lockWaitOpt))
                            .arg(kMaxLockWaitSeconds));
        options.snapshotLockWaitMilliseconds = seconds * 1000;
    }
    const bool once = parser.isSet(onceOpt);
    const bool json = parser.isSet(jsonOpt);
    options.watchFiles = !once;
    options.exitAfterPass = once;

    Agent agent(options);
    QString error;
    if (!agent.start(&error))
        return fail(io, ExitFailure, error);

    UnixSignalWatcher signalWatcher({SIGTERM, SIGINT, SIGHUP});
    bool stopping = false;
    QObject::connect(&signalWatcher, &UnixSignalWatcher::unixSignal, &agent, [&](int sig) {
        if (sig == SIGHUP) {
            agent.reload();
            return;
        }
        if (stopping)
            return;
        stopping = true;
        QCoro::connect(agent.stop(), &agent, [] { QCoreApplication::exit(ExitOk); });
    });

    auto firstPass = [&]() -> QCoro::Task<> {
        QCoro::Task<AgentPassSummary> passing = agent.runPass(QStringLiteral("start"));
        const AgentPassSummary summary = co_await passing;
        if (!once) {
            if (!summary.errors.isEmpty())
                printSummary(io, summary, options.scope, false);
            agent.watch();
            co_return;
        }
        QCoro::Task<> finishing = agent.finishTasks();
        co_await finishing;
        AgentPassSummary settled = summary;
        agent.countTaskRuns(settled); // what became of its runs, now that those that could start ended
        QCoro::Task<> stopped = agent.stop();
        co_await stopped;
        printSummary(io, settled, options.scope, json);
        QCoreApplication::exit(summary.skipped ? ExitSkipped : summary.errors.isEmpty() ? ExitOk : ExitPartial);
    };
    QTimer::singleShot(0, &agent, [&] { QCoro::connect(firstPass(), &agent, [] {}); });
    return QCoreApplication::exec();
}

const CommandRegistration registration{{QStringLiteral("watch"),
                                        QStringLiteral("Run the agent: scan stores, log lifecycle events, run tasks."),
                                        &runWatch}};

} // namespace

} // namespace certlife::cli
