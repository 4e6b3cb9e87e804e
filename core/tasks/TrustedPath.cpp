// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "tasks/TrustedPath.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStringList>
#include <cerrno>
#include <climits>
#include <cstring>
#include <fcntl.h>
#include <linux/magic.h>
#include <sys/vfs.h>
#include <unistd.h>
#include <vector>

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
        return QStringLiteral("%1 is owned by %2, expected %3")
            .arg(path, ownerText(st.st_uid), expectedOwnersText(rule, false));
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
            .arg(path,
                 QFileInfo(path).canonicalFilePath().isEmpty() ? QStringLiteral("which does not exist")
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

QByteArray joined(const QByteArray& dir, const QByteArray& name)
{
    return dir.endsWith('/') ? dir + name : dir + '/' + name;
}

// The descriptor walk from "/", one component at a time, each step continuing from
// the directory descriptor that was just checked (so nothing can be swapped between
// a check and the next step). With SymlinkPolicy::Refuse a symbolic link anywhere
// is refused; with Follow a link is read and its target walked in its place, as
// the kernel resolves a path: the link's own directory was checked on the way, and
// so is every directory its target passes through.
class PathWalk
{
public:
    PathWalk(const TrustRule& rule, SymlinkPolicy links) : m_rule(rule), m_links(links) {}

    // Walks every component of `path`; the last one is left for the caller when
    // `stopBeforeLast`. Returns false with *why (without the "what: " prefix).
    bool walk(const QByteArray& path, bool stopBeforeLast, QString* why)
    {
        UniqueFd root(::open("/", O_PATH | O_DIRECTORY | O_CLOEXEC));
        struct stat st = {};
        if (!root.isValid() || ::fstat(root.get(), &st) != 0) {
            *why = QStringLiteral("cannot open /: %1").arg(errnoText(errno));
            return false;
        }
        *why = checkDirectory(st, QStringLiteral("/"), m_rule);
        if (!why->isEmpty())
            return false;
        m_stack.clear();
        m_stack.push_back({std::move(root), QByteArrayLiteral("/")});
        m_pending = path.split('/');
        int linksFollowed = 0;
        while (!m_pending.isEmpty()) {
            const QByteArray name = m_pending.takeFirst();
            if (name.isEmpty() || name == ".")
                continue;
            if (name == "..") {
                if (m_stack.size() > 1)
                    m_stack.pop_back();
                continue;
            }
            const bool last = !hasMoreComponents();
            if (last && stopBeforeLast && m_links == SymlinkPolicy::Refuse) {
                m_last = name; // the caller opens it, refusing a link with its own words
                return true;
            }
            const Dir& cur = m_stack.back();
            const QString shown = QFile::decodeName(joined(cur.path, name));
            UniqueFd next(::openat(cur.fd.get(), name.constData(), O_PATH | O_NOFOLLOW | O_CLOEXEC));
            const bool opened = next.isValid() && ::fstat(next.get(), &st) == 0;
            if (last && stopBeforeLast && (!opened || !S_ISLNK(st.st_mode))) {
                m_last = name;
                return true;
            }
            if (!opened) {
                *why = errno == ENOENT && m_links == SymlinkPolicy::Follow
                    ? QStringLiteral("%1 does not exist").arg(shown)
                    : QStringLiteral("cannot open %1: %2").arg(shown, errnoText(errno));
                return false;
            }
            if (S_ISLNK(st.st_mode)) {
                if (m_links == SymlinkPolicy::Refuse) {
                    *why = openFailure(cur.fd.get(), name, shown, ELOOP);
                    return false;
                }
                if (!followLink(cur.fd.get(), next.get(), shown, ++linksFollowed, why))
                    return false;
                continue;
            }
            *why = checkDirectory(st, shown, m_rule);
            if (!why->isEmpty())
                return false;
            m_stack.push_back({std::move(next), joined(m_stack.back().path, name)});
        }
        m_last.clear();
        return true;
    }

    int directoryFd() const { return m_stack.back().fd.get(); }
    UniqueFd takeDirectoryFd() { return std::move(m_stack.back().fd); }
    QByteArray lastName() const { return m_last; }
    QString lastPath() const { return QFile::decodeName(joined(m_stack.back().path, m_last)); }

private:
    struct Dir
    {
        UniqueFd fd;
        QByteArray path; // as walked, links resolved
    };

    bool hasMoreComponents() const
    {
        for (const QByteArray& c : m_pending) {
            if (!c.isEmpty() && c != ".")
                return true;
        }
        return false;
    }

    bool followLink(int dirFd, int linkFd, const QString& shown, int count, QString* why)
    {
        // The kernel's limit (MAXSYMLINKS).
        if (count > 40) {
            *why = QStringLiteral("%1: too many levels of symbolic links").arg(shown);
            return false;
        }
        // /proc's links (/proc/self, /proc/PID/fd/N, exe) are not what their text says.
        struct statfs fs = {};
        if (::fstatfs(dirFd, &fs) != 0) {
            *why = QStringLiteral("cannot examine the file system of %1: %2").arg(shown, errnoText(errno));
            return false;
        }
        if (fs.f_type == PROC_SUPER_MAGIC) {
            *why = QStringLiteral("%1 is a link in /proc, which cannot be checked").arg(shown);
            return false;
        }
        char buffer[PATH_MAX];
        const ssize_t n = ::readlinkat(linkFd, "", buffer, sizeof buffer);
        if (n <= 0 || n == ssize_t(sizeof buffer)) {
            *why = QStringLiteral("cannot read the symbolic link %1: %2")
                       .arg(shown, n < 0 ? errnoText(errno) : QStringLiteral("empty or too long"));
            return false;
        }
        const QByteArray target(buffer, n);
        if (target.startsWith('/'))
            m_stack.resize(1);
        m_pending = target.split('/') + m_pending;
        return true;
    }

    TrustRule m_rule;
    SymlinkPolicy m_links;
    std::vector<Dir> m_stack;
    QList<QByteArray> m_pending;
    QByteArray m_last;
};

std::optional<OpenedFile> openWalked(const QByteArray& path, const TrustRule& rule, SymlinkPolicy links,
                                     const QString& what, QString* reason, QString* resolved)
{
    PathWalk walk(rule, links);
    QString why;
    if (!walk.walk(path, true, &why)) {
        *reason = QStringLiteral("%1: %2").arg(what, why);
        return std::nullopt;
    }
    if (walk.lastName().isEmpty()) {
        *reason = QStringLiteral("%1: %2 is a directory, not a file").arg(what, QFile::decodeName(path));
        return std::nullopt;
    }
    if (resolved)
        *resolved = walk.lastPath();
    return openTrustedFileAt(walk.directoryFd(), QFile::decodeName(walk.lastName()), walk.lastPath(), rule, what,
                             reason);
}

std::optional<OpenedFile> openWalkedDirectory(const QByteArray& path, const TrustRule& rule, SymlinkPolicy links,
                                              const QString& what, QString* reason)
{
    PathWalk walk(rule, links);
    QString why;
    if (!walk.walk(path, false, &why)) {
        *reason = QStringLiteral("%1: %2").arg(what, why);
        return std::nullopt;
    }
    OpenedFile result;
    result.fd = walk.takeDirectoryFd();
    ::fstat(result.fd.get(), &result.st);
    return result;
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
        *reason = QStringLiteral("%1: %2").arg(what,
                                               err == ENOENT ? QStringLiteral("%1 does not exist").arg(displayPath)
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
    return openWalked(QFile::encodeName(path), rule, SymlinkPolicy::Refuse, what, reason, nullptr);
}

std::optional<OpenedFile> openTrustedDirectory(const QString& path, const TrustRule& rule, const QString& what,
                                               QString* reason)
{
    QStringList parts;
    if (!splitAbsolute(path, &parts, reason, what))
        return std::nullopt;
    return openWalkedDirectory(QFile::encodeName(path), rule, SymlinkPolicy::Refuse, what, reason);
}

std::optional<OpenedFile> resolveTrustedFile(const QByteArray& path, const TrustRule& rule, const QString& what,
                                             QString* reason, QString* resolved)
{
    if (!path.startsWith('/')) {
        *reason = QStringLiteral("%1: \"%2\" is not an absolute path").arg(what, QFile::decodeName(path));
        return std::nullopt;
    }
    return openWalked(path, rule, SymlinkPolicy::Follow, what, reason, resolved);
}

std::optional<OpenedFile> resolveTrustedDirectory(const QByteArray& path, const TrustRule& rule, const QString& what,
                                                  QString* reason)
{
    if (!path.startsWith('/')) {
        *reason = QStringLiteral("%1: \"%2\" is not an absolute path").arg(what, QFile::decodeName(path));
        return std::nullopt;
    }
    return openWalkedDirectory(path, rule, SymlinkPolicy::Follow, what, reason);
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
