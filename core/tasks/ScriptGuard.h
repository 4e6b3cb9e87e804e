// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "tasks/TrustedPath.h"

#include <QString>
#include <QStringList>
#include <optional>

namespace certlife {

// A script that passed every check, held open: the runner executes this very
// descriptor (/proc/self/fd/N), so the content that was hashed is what runs.
struct CheckedScript
{
    UniqueFd fd;    // O_RDONLY | O_CLOEXEC
    QString path;   // as registered
    QString sha256; // upper-case hex of the content read from fd
};

// The checks made before every run (docs/tasks.md, "Checks"):
//  1. the path is absolute and clean, and no component is a symbolic link;
//  2. every directory from "/" is owned by root or the scope's owner and is not
//     writable by group or others (TrustRule);
//  3. the script is a regular file, owned by the scope's owner (TrustRule), not
//     writable by group or others, executable by its owner, at most 128 MiB;
//  4. its SHA-256, computed from the opened descriptor, equals the pin;
//  5. what the "#!" line runs passes 2 and 3, as the kernel reaches it: links followed
//     link by link with every directory checked, "#!" chains, env's command
//     (InterpreterChain.h);
//  6. when signatures are required: PATH.sig is a detached CMS signature of exactly
//     the bytes hashed in 4, by one of the trusted signer certificates.
// A failed check returns nullopt and a reason naming the file and what is wrong.
class ScriptGuard
{
public:
    static constexpr qint64 kMaxScriptSize = 128 * 1024 * 1024;

    ScriptGuard(TrustRule rule, bool requireSignature = false, QStringList trustedSignerFiles = {});

    std::optional<CheckedScript> check(const QString& path, const QString& pinnedSha256, QString* reason) const;

    // Every check but the pin: `task new` and `task repin` compute the pin this way,
    // so a script that could not run is never registered.
    std::optional<CheckedScript> inspect(const QString& path, QString* reason) const;

private:
    std::optional<CheckedScript> run(const QString& path, const QString* pin, QString* reason) const;
    QString checkInterpreter(const QByteArray& content) const;
    QString checkSignature(const QString& path, const QByteArray& content) const;

    TrustRule m_rule;
    bool m_requireSignature = false;
    QStringList m_trustedSignerFiles;
};

} // namespace certlife
