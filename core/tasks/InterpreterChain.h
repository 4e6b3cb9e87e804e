// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "tasks/TrustedPath.h"

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <optional>

namespace certlife {

// A "#!" line as Linux reads it (fs/binfmt_script.c): the first 255 bytes of the file,
// up to the first newline; the interpreter ends at the first space, tab or NUL; the
// rest, trimmed of spaces and tabs, is one argument (not split).
struct Shebang
{
    QByteArray interpreter;
    std::optional<QByteArray> argument;
};

enum class ShebangKind { None, Valid, Unusable };

// None: the file does not start with "#!". Unusable: the kernel would refuse to
// execute it (no interpreter, or a name cut off by the 255-byte limit).
ShebangKind parseShebang(const QByteArray& head, Shebang* out);

// Interpreters followed at most, env's command included (current kernels stop after 5).
constexpr int kMaxInterpreters = 4;

// Checks everything executing a file that begins with `head` runs before code of its
// own, as the kernel and env run it: the interpreter its "#!" line names, that
// interpreter's own "#!" interpreter and so on (at most kMaxInterpreters), and for
// env the command it runs (EnvShebang.h), looked up in `searchPath` (the PATH the
// runner gives the script, taskSearchPath()) when it is a bare name. Each is opened
// with resolveTrustedFile (links followed link by link, every directory checked) and
// must be executable; each PATH directory passes resolveTrustedDirectory. `rule` is
// the script's; root's interpreters are accepted for a user's scripts too.
// Empty when acceptable, else the reason ("interpreter: …").
QString checkInterpreterChain(const QByteArray& head, const TrustRule& rule, const QStringList& searchPath);

} // namespace certlife
