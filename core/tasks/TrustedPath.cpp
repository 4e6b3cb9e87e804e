#include "tasks/TrustedPath.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStringList>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace certlife {

UniqueFd& UniqueFd::operator=(UniqueFd&& o) noexcept
{
    if (this != &o)
        reset(o.release());
    return *this;
}

void UniqueFd::reset(int fd)
{
    if (m_fd >= 0)
        ::close(m_fd);
    m_fd = fd;
}

TrustRule TrustRule::forScope(Scope scope)
{
    if (scope == Scope::System)
        return {0, false};
    return {::geteuid(), true};
}

QString modeText(mode_t mode)
{
    return QStringLiteral("%1").arg(uint(mode & 07777), 4, 8, QLatin1Char('0'));
}

namespace {

QString errnoText(int err)
{
    return QString::fromLocal8Bit(std::strerror(err));
}

QString ownerText(uid_t uid)
{
    return uid == 0 ? QStringLiteral("root (uid 0)") : QStringLiteral("uid %1").arg(uid);
}

QString expectedOwnersText(const TrustRule& rule, bool directory)
{
    if (rule.ownerUid == 0)
        return ownerText(0);
    if (directory || rule.acceptRootOwner)
        return QStringLiteral("%1 or root").arg(ownerText(rule.ownerUid));
    return ownerText(rule.ownerUid);
}

QString groupOrOtherWritable(const struct stat& st)
{
    if (st.st_mode & (S_IWGRP | S_IWOTH))
        return QStringLiteral("is writable by group or others (mode %1)").arg(modeText(st.st_mode));
    return {};
}

// Checks a directory met on the way; empty when it may be trusted.
QString checkDirectory(const struct stat& st, const QString& path, const TrustRule& rule)
{
    if (!S_ISDIR(st.st_mode))
        return QStringLiteral("%1 is not a directory").arg(path);
    if (st.st_uid != 0 && st.st_uid != rule.ownerUid)
        return QStringLiteral("directory %1 is owned by %2, expected %3")
            .arg(path, ownerText(st.st_uid), expectedOwnersText(rule, true));
    const QString writable = groupOrOtherWritable(st);
    if (!writable.isEmpty())
        return QStringLiteral("directory %1 %2").arg(path, writable);
    return {};
}

QString checkFile(const struct stat& st, const QString& path, const TrustRule& rule)
{
    if (!S_ISREG(st.st_mode))
        return QStringLiteral("%1 is not a regular file").arg(path);
    const bool ownerOk = st.st_uid == rule.ownerUid || (rule.acceptRootOwner && st.st_uid == 0);
    if (!ownerOk)
        return QStringLiteral("%1 is owned by %2, expected %3").arg(path, ownerText(st.st_uid), expectedOwnersText(rule, false));
    const QString writable = groupOrOtherWritable(st);
    if (!writable.isEmpty())
        return QStringLiteral("%1 %2").arg(path, writable);
    return {};
}

// Why openat(dirFd, name, O_NOFOLLOW…) failed, in words.
QString openFailure(int dirFd, const QByteArray& name, const QString& path, int err)
{
    struct stat lst = {};
    if (::fstatat(dirFd, name.constData(), &lst, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(lst.st_mode))
        return QStringLiteral("%1 is a symbolic link (refused: register the real path, %2)")
            .arg(path, QFileInfo(path).canonicalFilePath().isEmpty() ? QStringLiteral("which does not exist")
                                                                      : QFileInfo(path).canonicalFilePath());
    return QStringLiteral("cannot open %1: %2").arg(path, errnoText(err));
}

bool splitAbsolute(const QString& path, QStringList* parts, QString* reason, const QString& what)
{
    if (!path.startsWith(QLatin1Char('/')) || QDir::cleanPath(path) != path) {
        *reason = QStringLiteral("%1 path \"%2\" is not an absolute, clean path").arg(what, path);
        return false;
    }
    *parts = path.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    return true;
}

// Opens "/" and each directory in `dirs`, checking each; returns the last one.
std::optional<UniqueFd> walkDirectories(const QStringList& dirs, const TrustRule& rule, const QString& what,
                                        QString* reason)
{
    UniqueFd cur(::open("/", O_PATH | O_DIRECTORY | O_CLOEXEC));
    struct stat st = {};
    if (!cur.isValid() || ::fstat(cur.get(), &st) != 0) {
        *reason = QStringLiteral("cannot open /: %1").arg(errnoText(errno));
        return std::nullopt;
    }
    QString why = checkDirectory(st, QStringLiteral("/"), rule);
    QString path;
    for (const QString& dir : dirs) {
        if (!why.isEmpty())
            break;
        path += QLatin1Char('/') + dir;
        const QByteArray name = QFile::encodeName(dir);
        UniqueFd next(::openat(cur.get(), name.constData(), O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
        if (!next.isValid()) {
            why = openFailure(cur.get(), name, path, errno);
            break;
        }
        if (::fstat(next.get(), &st) != 0) {
            why = QStringLiteral("cannot examine %1: %2").arg(path, errnoText(errno));
            break;
        }
        why = checkDirectory(st, path, rule);
        cur = std::move(next);
    }
    if (!why.isEmpty()) {
        *reason = QStringLiteral("%1: %2").arg(what, why);
        return std::nullopt;
    }
    return cur;
}

} // namespace

std::optional<OpenedFile> openTrustedFileAt(int dirFd, const QString& name, const QString& displayPath,
                                            const TrustRule& rule, const QString& what, QString* reason)
{
    const QByteArray encoded = QFile::encodeName(name);
    // O_NONBLOCK: opening a FIFO planted in place of the file must not hang the agent.
    UniqueFd fd(::openat(dirFd, encoded.constData(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY | O_NONBLOCK));
    if (!fd.isValid()) {
        const int err = errno;
        *reason = QStringLiteral("%1: %2").arg(what, err == ENOENT ? QStringLiteral("%1 does not exist").arg(displayPath)
                                                                   : openFailure(dirFd, encoded, displayPath, err));
        return std::nullopt;
    }
    OpenedFile file;
    if (::fstat(fd.get(), &file.st) != 0) {
        *reason = QStringLiteral("%1: cannot examine %2: %3").arg(what, displayPath, errnoText(errno));
        return std::nullopt;
    }
    const QString why = checkFile(file.st, displayPath, rule);
    if (!why.isEmpty()) {
        *reason = QStringLiteral("%1: %2").arg(what, why);
        return std::nullopt;
    }
    ::fcntl(fd.get(), F_SETFL, ::fcntl(fd.get(), F_GETFL) & ~O_NONBLOCK);
    file.fd = std::move(fd);
    return file;
}

std::optional<OpenedFile> openTrustedFile(const QString& path, const TrustRule& rule, const QString& what,
                                          QString* reason)
{
    QStringList parts;
    if (!splitAbsolute(path, &parts, reason, what))
        return std::nullopt;
    if (parts.isEmpty()) {
        *reason = QStringLiteral("%1: / is not a file").arg(what);
        return std::nullopt;
    }
    const QString name = parts.takeLast();
    const std::optional<UniqueFd> dir = walkDirectories(parts, rule, what, reason);
    if (!dir)
        return std::nullopt;
    return openTrustedFileAt(dir->get(), name, path, rule, what, reason);
}

std::optional<OpenedFile> openTrustedDirectory(const QString& path, const TrustRule& rule, const QString& what,
                                               QString* reason)
{
    QStringList parts;
    if (!splitAbsolute(path, &parts, reason, what))
        return std::nullopt;
    std::optional<UniqueFd> dir = walkDirectories(parts, rule, what, reason);
    if (!dir)
        return std::nullopt;
    OpenedFile result;
    ::fstat(dir->get(), &result.st);
    result.fd = std::move(*dir);
    return result;
}

bool readWholeFile(int fd, qint64 maxBytes, QByteArray* out, QString* reason)
{
    out->clear();
    char buffer[65536];
    qint64 offset = 0;
    for (;;) {
        const ssize_t n = ::pread(fd, buffer, sizeof buffer, offset);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            *reason = QStringLiteral("read error: %1").arg(errnoText(errno));
            return false;
        }
        if (n == 0)
            return true;
        offset += n;
        if (offset > maxBytes) {
            *reason = QStringLiteral("larger than %1 MiB").arg(maxBytes / (1024 * 1024));
            return false;
        }
        out->append(buffer, n);
    }
}

} // namespace certlife
