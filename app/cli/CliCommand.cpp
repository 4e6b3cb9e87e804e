// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "CliCommand.h"

namespace certlife::cli {

static QList<CommandInfo>& commandTable()
{
    static QList<CommandInfo> table;
    return table;
}

CommandRegistration::CommandRegistration(CommandInfo info)
{
    commandTable().append(std::move(info));
}

const QList<CommandInfo>& registeredCommands()
{
    return commandTable();
}

bool parseCommandLine(QCommandLineParser& parser, const QStringList& args, CliIo& io, int* exitCode,
                      const QString& usageLine)
{
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show this help."));
    parser.addOption(help);
    // QCommandLineParser wants argv[0]: give it the program and command name.
    QStringList argv = args;
    if (!argv.isEmpty())
        argv[0] = QStringLiteral("certlifectl ") + argv[0];
    if (!parser.parse(argv)) {
        io.err << "certlifectl: " << parser.errorText() << "\n"
               << "usage: " << usageLine << "\n"
               << "Try 'certlifectl " << args.value(0) << " --help'.\n";
        io.err.flush();
        *exitCode = ExitUsage;
        return false;
    }
    if (parser.isSet(help)) {
        QString text = parser.helpText();
        // Qt prints "Usage: <argv0> [options]"; show our own usage line instead.
        const qsizetype nl = text.indexOf(QLatin1Char('\n'));
        text = QStringLiteral("Usage: ") + usageLine + text.mid(nl);
        io.out << text;
        io.out.flush();
        *exitCode = ExitOk;
        return false;
    }
    return true;
}

int fail(CliIo& io, int code, const QString& message)
{
    io.err << "certlifectl: " << message << "\n";
    io.err.flush();
    return code;
}

} // namespace certlife::cli
