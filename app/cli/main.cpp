// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "CliCommand.h"
#include "TerminalOutput.h"

#include "util/TerminalText.h"

#include <QCoreApplication>
#include <QStringList>
#include <algorithm>
#include <unistd.h>

using namespace certlife::cli;

static void printUsage(QTextStream& s)
{
    s << "Usage: certlifectl COMMAND [options] [arguments]\n\n"
         "Certlife: X.509 certificate lifecycle monitoring for Linux.\n\n"
         "Commands:\n";
    QList<CommandInfo> commands = registeredCommands();
    std::sort(commands.begin(), commands.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
    for (const auto& c : commands)
        if (!c.hidden)
            s << "  " << c.name.leftJustified(10) << "  " << c.summary << "\n";
    s << "\nGlobal options:\n"
         "  -h, --help     Show this help; 'certlifectl COMMAND --help' for a command.\n"
         "  --version      Show the version.\n\n"
         "Environment:\n"
         "  CERTLIFE_NOW                 Take this ISO 8601 time as now (e.g. 2026-12-01T00:00:00Z).\n"
         "  XDG_CONFIG_HOME, XDG_STATE_HOME, XDG_DATA_HOME   User scope locations.\n"
         "  CERTLIFE_SYSTEM_CONFIG_DIR, CERTLIFE_SYSTEM_STATE_DIR, CERTLIFE_SYSTEM_DATA_DIR\n"
         "                               System scope locations (default /etc/certlife, /var/lib/certlife).\n\n"
         "Exit status: 0 success, 1 failure, 2 usage error, 3 some inputs could not be read,\n"
         "4 'watch --once' skipped its pass (the snapshot was locked throughout), 5 'fleet': the\n"
         "database could not be reached or refused the login. 'check' is the exception: a\n"
         "monitoring plugin, it exits 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.\n";
}

static QtMessageHandler qtMessageHandler = nullptr;

// Qt's log lines (the agent's, the task runner's) reach the terminal too.
static void escapeLogMessage(QtMsgType type, const QMessageLogContext& context, const QString& message)
{
    qtMessageHandler(type, context, certlife::escapeControlCharacters(message, certlife::LineBreaks::Keep));
}

// No QGuiApplication, not even for `report`: PDF reports are drawn by the PDF helper
// (core/reports/PdfHelper.h), so certlifectl and the agent never load Qt Gui.
int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("certlifectl"));
    QCoreApplication::setApplicationVersion(QStringLiteral(CERTLIFE_VERSION));
    qtMessageHandler = qInstallMessageHandler(escapeLogMessage);
    TerminalOutput stdoutDevice(STDOUT_FILENO);
    TerminalOutput stderrDevice(STDERR_FILENO);
    QTextStream out(&stdoutDevice);
    QTextStream err(&stderrDevice);
    CliIo io{out, err};

    QStringList args = app.arguments();
    args.removeFirst();
    if (args.isEmpty()) {
        printUsage(err);
        return ExitUsage;
    }
    const QString first = args.first();
    if (first == QLatin1String("--help") || first == QLatin1String("-h") || first == QLatin1String("help")) {
        printUsage(out);
        return ExitOk;
    }
    if (first == QLatin1String("--version") || first == QLatin1String("version")) {
        out << "certlifectl " << CERTLIFE_VERSION << "\n";
        return ExitOk;
    }
    for (const auto& c : registeredCommands()) {
        if (c.name == first) {
            const int code = c.run(args, io);
            out.flush();
            err.flush();
            return code;
        }
    }
    err << "certlifectl: unknown command '" << first << "'\n";
    printUsage(err);
    return ExitUsage;
}
