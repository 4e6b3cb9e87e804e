// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "tasks/InterpreterChain.h"

#include "tasks/EnvShebang.h"

#include <QFile>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace certlife {

namespace {

constexpr qsizetype kBinprmBufSize = 256; // BINPRM_BUF_SIZE: what the kernel reads of the file

bool spaceOrTab(char c)
{
    return c == ' ' || c == '\t';
}

const char* nextNonSpaceOrTab(const char* first, const char* last)
{
    for (; first <= last; ++first) {
        if (!spaceOrTab(*first))
            return first;
    }
    return nullptr;
}

const char* nextTerminator(const char* first, const char* last)
{
    for (; first <= last; ++first) {
        if (spaceOrTab(*first) || *first == '\0')
            return first;
    }
    return nullptr;
}

QString text(const QByteArray& bytes)
{
    return QFile::decodeName(bytes);
}

QString lineText(const Shebang& line)
{
    return QStringLiteral("#!%1%2").arg(text(line.interpreter),
                                        line.argument ? QLatin1Char(' ') + text(*line.argument) : QString());
}

QString baseName(const QString& path)
{
    return path.mid(path.lastIndexOf(QLatin1Char('/')) + 1);
}

QByteArray headOf(int fd)
{
    char buffer[kBinprmBufSize];
    ssize_t n;
    do {
        n = ::pread(fd, buffer, sizeof buffer, 0);
    } while (n < 0 && errno == EINTR);
    return n > 0 ? QByteArray(buffer, n) : QByteArray();
}

// Opens an interpreter (or env's command) as exec will reach it, and checks it.
std::optional<OpenedFile> openExecutable(const QByteArray& path, const TrustRule& rule, const QString& namedBy,
                                         QString* resolved, QString* reason)
{
    std::optional<OpenedFile> file = resolveTrustedFile(path, rule, QStringLiteral("interpreter"), reason, resolved);
    if (!file) {
        if (reason->endsWith(QStringLiteral(" does not exist")))
            *reason = QStringLiteral("interpreter: %1 (%2) does not exist").arg(text(path), namedBy);
        return std::nullopt;
    }
    if (!(file->st.st_mode & (S_IXUSR | S_IXGRP | S_IXOTH))) {
        *reason = QStringLiteral("interpreter: %1 is not executable").arg(*resolved);
        return std::nullopt;
    }
    return file;
}

// Where execvp finds a bare name: the first directory of `searchPath` holding it.
// Every directory is checked, as any of them could otherwise gain the name first.
std::optional<QByteArray> findInSearchPath(const QByteArray& name, const TrustRule& rule, const QStringList& searchPath,
                                           const QString& context, QString* reason)
{
    std::optional<QByteArray> found;
    for (const QString& dir : searchPath) {
        QString why;
        const std::optional<OpenedFile> d =
            resolveTrustedDirectory(QFile::encodeName(dir), rule, QStringLiteral("interpreter"), &why);
        if (!d) {
            *reason = QStringLiteral("%1 (a directory of the PATH env searches for %2)").arg(why, text(name));
            return std::nullopt;
        }
        if (found)
            continue;
        struct stat st = {};
        if (::fstatat(d->fd.get(), name.constData(), &st, 0) == 0) {
            found = QFile::encodeName(dir) + '/' + name;
        } else if (errno != ENOENT && errno != ENOTDIR) {
            *reason = QStringLiteral("%1cannot look up %2 in %3: %4")
                          .arg(context, text(name), dir, QString::fromLocal8Bit(std::strerror(errno)));
            return std::nullopt;
        }
    }
    if (!found)
        *reason = QStringLiteral("%1env would not find %2 in the PATH (%3)")
                      .arg(context, text(name), searchPath.join(QLatin1Char(':')));
    return found;
}

// The command env runs for this "#!" line, opened and checked.
std::optional<OpenedFile> openEnvCommand(const Shebang& line, const TrustRule& rule, const QStringList& searchPath,
                                         QString* resolved, QString* reason)
{
    const QString context = QStringLiteral("interpreter: %1: ").arg(lineText(line));
    QString why;
    const std::optional<EnvProgram> program = envProgram(line.argument, &why);
    if (!program) {
        *reason = context + why;
        return std::nullopt;
    }
    QByteArray path = program->command;
    if (!path.contains('/')) {
        if (program->searchPathReplaced) {
            *reason = context
                + QStringLiteral("env would look %1 up in a PATH other than the runner's (-i, \"-\", "
                                 "-u PATH or PATH=…), which cannot be checked: name it by its absolute "
                                 "path")
                      .arg(text(path));
            return std::nullopt;
        }
        const std::optional<QByteArray> found = findInSearchPath(path, rule, searchPath, context, reason);
        if (!found)
            return std::nullopt;
        path = *found;
    } else if (!path.startsWith('/')) {
        *reason = context
            + QStringLiteral("env's command %1 is a relative path: name it by its absolute path, or "
                             "by a bare name found in the PATH")
                  .arg(text(path));
        return std::nullopt;
    }
    std::optional<OpenedFile> file = openExecutable(path, rule, QStringLiteral("run by env"), resolved, reason);
    if (file && baseName(*resolved) == QLatin1String("env")) {
        *reason = context + QStringLiteral("env runs env, which is not followed further: name the command itself");
        return std::nullopt;
    }
    return file;
}

} // namespace

ShebangKind parseShebang(const QByteArray& head, Shebang* out)
{
    if (!head.startsWith("#!"))
        return ShebangKind::None;
    // The kernel's buffer: NUL-padded when the file is shorter. Ported from
    // load_script(); the last byte is never part of the line.
    char buf[kBinprmBufSize] = {};
    std::memcpy(buf, head.constData(), size_t(std::min(head.size(), kBinprmBufSize)));
    const char* bufEnd = buf + sizeof buf - 1;
    const char* iEnd = static_cast<const char*>(std::memchr(buf, '\n', sizeof buf));
    if (!iEnd) {
        iEnd = nextNonSpaceOrTab(buf + 2, bufEnd);
        if (!iEnd || !nextTerminator(iEnd, bufEnd))
            return ShebangKind::Unusable; // blank, or an interpreter name cut off
        iEnd = bufEnd;
    }
    while (spaceOrTab(iEnd[-1]))
        --iEnd;
    const char* iName = nextNonSpaceOrTab(buf + 2, iEnd);
    if (!iName || iName == iEnd)
        return ShebangKind::Unusable;
    const char* iArg = nullptr;
    const char* iSep = nextTerminator(iName, iEnd);
    if (iSep && *iSep != '\0')
        iArg = nextNonSpaceOrTab(iSep, iEnd);
    const char* nameEnd = iSep ? iSep : iEnd;
    out->interpreter = QByteArray(iName, qsizetype(::strnlen(iName, size_t(nameEnd - iName))));
    out->argument.reset();
    if (iArg)
        out->argument = QByteArray(iArg, qsizetype(::strnlen(iArg, size_t(iEnd - iArg))));
    return ShebangKind::Valid;
}

QString checkInterpreterChain(const QByteArray& head, const TrustRule& rule, const QStringList& searchPath)
{
    // A user's script may use the system's interpreters.
    const TrustRule interpreterRule{rule.ownerUid, true};
    QByteArray current = head.left(kBinprmBufSize);
    QString file = QStringLiteral("the script");
    int interpreters = 0;
    auto tooMany = [&](const QString& next) {
        return QStringLiteral("interpreter: %1 would run %2, interpreter number %3 in a row: at most %4 are "
                              "followed, so the chain cannot be checked to its end")
            .arg(file, next)
            .arg(interpreters)
            .arg(kMaxInterpreters);
    };
    for (;;) {
        Shebang line;
        const ShebangKind kind = parseShebang(current, &line);
        if (kind == ShebangKind::None)
            return {};
        if (kind == ShebangKind::Unusable)
            return QStringLiteral("interpreter: the #! line of %1 names no interpreter the kernel would run "
                                  "(none, or a name cut off by the 255-byte limit)")
                .arg(file);
        if (++interpreters > kMaxInterpreters)
            return tooMany(text(line.interpreter));
        if (!line.interpreter.startsWith('/'))
            return QStringLiteral("interpreter: \"#!%1\" does not name an absolute path").arg(text(line.interpreter));
        QString resolved;
        QString why;
        std::optional<OpenedFile> opened =
            openExecutable(line.interpreter, interpreterRule, QStringLiteral("from the #! line"), &resolved, &why);
        if (!opened)
            return why;
        if (baseName(resolved) == QLatin1String("env")) {
            if (++interpreters > kMaxInterpreters)
                return tooMany(QStringLiteral("the command of %1").arg(lineText(line)));
            opened = openEnvCommand(line, interpreterRule, searchPath, &resolved, &why);
            if (!opened)
                return why;
        } else if (baseName(text(line.interpreter)) == QLatin1String("env")) {
            return QStringLiteral("interpreter: %1 leads to %2, which is not env: what it would run cannot be checked")
                .arg(text(line.interpreter), resolved);
        }
        current = headOf(opened->fd.get());
        file = resolved;
    }
}

} // namespace certlife
