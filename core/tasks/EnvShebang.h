// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>
#include <QString>
#include <optional>

namespace certlife {

// The program GNU env (coreutils) runs for a "#!/usr/bin/env …" line.
struct EnvProgram
{
    QByteArray command;              // a path, or a bare name env looks up in PATH
    bool searchPathReplaced = false; // -i, "-", -u PATH or PATH=…: not the runner's PATH
};

// `argument` is the one argument the kernel passes from the "#!" line (nullopt when
// the line has none); after it env receives the script's path and the task's
// arguments. What env would do with them is worked out as env itself does (getopt
// with "+", -S splitting and rescanning, NAME=VALUE operands), and the command must
// come from the "#!" line: one that would come after it (the script itself, or a
// task argument such as a certificate's subject) is refused.
// Understood: -i, "-", -u NAME, -v, -S STRING, --ignore-environment, --unset,
// --debug, --split-string, --default-signal, --ignore-signal, --block-signal,
// --list-signal-handling, "--", NAME=VALUE. -S strings may hold plain words and a
// '#' comment. Anything else is refused with the reason (it could not be checked):
// quotes, backslashes or ${VAR} in -S, -C/--chdir, -0, abbreviated long options.
std::optional<EnvProgram> envProgram(const std::optional<QByteArray>& argument, QString* reason);

} // namespace certlife
