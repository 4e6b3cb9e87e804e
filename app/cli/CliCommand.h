// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QCommandLineParser>
#include <QStringList>
#include <QTextStream>
#include <functional>

namespace certlife::cli {

// Exit codes shared by every command.
enum ExitCode : int {
    ExitOk = 0,
    ExitFailure = 1,     // the command could not do what was asked (the message says why)
    ExitUsage = 2,       // bad arguments
    ExitPartial = 3,     // done, but some inputs could not be read (scan)
    ExitSkipped = 4,     // watch --once: the pass was skipped (another process held the snapshot lock)
    ExitUnreachable = 5, // fleet: the database could not be reached or refused the login (docs/fleet.md)
};

struct CliIo
{
    QTextStream& out;
    QTextStream& err;
};

using CommandFunction = std::function<int(const QStringList& args, CliIo& io)>;

struct CommandInfo
{
    QString name;    // "scan", "store", …
    QString summary; // one line for `certlifectl --help`
    CommandFunction run;
    bool hidden = false; // not in `certlifectl --help` (nor the man page): internal helpers
};

// Commands register themselves from their own translation unit:
//   static const CommandRegistration reg{{"scan", "Read certificates …", &runScan}};
struct CommandRegistration
{
    explicit CommandRegistration(CommandInfo info);
};
const QList<CommandInfo>& registeredCommands();

// Parses args (args[0] is the command name) with `parser`, which the caller has set up.
// Handles --help itself (prints, returns ExitOk via *exitCode) and reports unknown
// options as usage errors. Returns true when the command should go on.
bool parseCommandLine(QCommandLineParser& parser, const QStringList& args, CliIo& io, int* exitCode,
                      const QString& usageLine);

// Prints "certlifectl: <message>" to stderr and returns the code.
int fail(CliIo& io, int code, const QString& message);

} // namespace certlife::cli
