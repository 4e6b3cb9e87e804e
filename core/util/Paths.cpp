// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "util/Paths.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace certlife::Paths {

namespace {

QString envOr(const char* name, const QString& fallback)
{
    const QByteArray v = qgetenv(name);
    return v.isEmpty() ? fallback : QString::fromLocal8Bit(v);
}

QString xdg(const char* name, const char* homeRelative)
{
    const QByteArray v = qgetenv(name);
    if (!v.isEmpty() && QDir::isAbsolutePath(QString::fromLocal8Bit(v)))
        return QString::fromLocal8Bit(v);
    return QDir::homePath() + QLatin1Char('/') + QLatin1String(homeRelative);
}

} // namespace

QString configDir(Scope scope)
{
    if (scope == Scope::System)
        return envOr("CERTLIFE_SYSTEM_CONFIG_DIR", QStringLiteral("/etc/certlife"));
    return xdg("XDG_CONFIG_HOME", ".config") + QStringLiteral("/certlife");
}

QString stateDir(Scope scope)
{
    if (scope == Scope::System)
        return envOr("CERTLIFE_SYSTEM_STATE_DIR", QStringLiteral("/var/lib/certlife"));
    return xdg("XDG_STATE_HOME", ".local/state") + QStringLiteral("/certlife");
}

QString dataDir(Scope scope)
{
    if (scope == Scope::System)
        return envOr("CERTLIFE_SYSTEM_DATA_DIR", QStringLiteral("/var/lib/certlife"));
    return xdg("XDG_DATA_HOME", ".local/share") + QStringLiteral("/certlife");
}

QString policyFile(Scope scope)
{
    return configDir(scope) + QStringLiteral("/policy.conf");
}
QString acknowledgementsFile(Scope scope)
{
    return configDir(scope) + QStringLiteral("/acknowledgements.json");
}

QString storesFile(Scope scope)
{
    return configDir(scope) + QStringLiteral("/stores.conf");
}
QString tasksDir(Scope scope)
{
    return configDir(scope) + QStringLiteral("/tasks.d");
}
QString eventLogFile(Scope scope)
{
    return stateDir(scope) + QStringLiteral("/events.sqlite");
}
QString scanCacheFile(Scope scope)
{
    return stateDir(scope) + QStringLiteral("/scan-cache.bin");
}
QString snapshotDir(Scope scope)
{
    return stateDir(scope) + QStringLiteral("/snapshots");
}
QString defaultMyStore(Scope scope)
{
    return dataDir(scope) + QStringLiteral("/stores/My");
}
QString systemCertificatesDir()
{
    return envOr("CERTLIFE_SYSTEM_CERTS_DIR", QStringLiteral("/etc/ssl/certs"));
}

namespace {

// A descriptor closed when it goes out of scope.
class Fd
{
public:
    explicit Fd(int fd = -1) : m_fd(fd) {}
    ~Fd() { reset(); }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    int get() const { return m_fd; }
    void reset(int fd = -1)
    {
        if (m_fd >= 0)
            ::close(m_fd);
        m_fd = fd;
    }

private:
    int m_fd;
};

QString errnoText(int err)
{
    return QString::fromLocal8Bit(std::strerror(err));
}

QString modeText(mode_t mode)
{
    return QStringLiteral("0%1").arg(mode & 07777, 3, 8, QLatin1Char('0'));
}

bool othersMayWrite(const struct stat& st)
{
    return (st.st_mode & (S_IWGRP | S_IWOTH)) != 0;
}

bool isOwnedByUs(uid_t uid)
{
    return uid == 0 || uid == ::geteuid();
}

// openat(O_NOFOLLOW | O_DIRECTORY) fails on a symbolic link with ELOOP or ENOTDIR.
bool isSymlink(int parent, const QByteArray& name)
{
    struct stat st
    {};
    return ::fstatat(parent, name.constData(), &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode);
}

// Whether the symbolic link `name` in the directory `parent` may be followed: nobody
// but root and this user could have put it there or can swap it.
bool linkIsTrusted(int parent, const QByteArray& name)
{
    struct stat dir
    {
    }, link{};
    if (::fstat(parent, &dir) != 0 || ::fstatat(parent, name.constData(), &link, AT_SYMLINK_NOFOLLOW) != 0)
        return false;
    if (!isOwnedByUs(dir.st_uid))
        return false;
    return !othersMayWrite(dir) || ((dir.st_mode & S_ISVTX) && isOwnedByUs(link.st_uid));
}

QString absoluteClean(const QString& path)
{
    return QDir::cleanPath(QFileInfo(path).absoluteFilePath());
}

QString rootOnlyProblem(int fd, const QString& path)
{
    struct stat st
    {};
    if (::fstat(fd, &st) != 0)
        return QStringLiteral("cannot check directory %1: %2").arg(path, errnoText(errno));
    if (st.st_uid != 0)
        return QStringLiteral("directory %1 is owned by uid %2, not root: root does not write there")
            .arg(path)
            .arg(st.st_uid);
    if (othersMayWrite(st))
        return QStringLiteral("directory %1 is writable by group or others (mode %2): root does not write there")
            .arg(path, modeText(st.st_mode));
    return {};
}

} // namespace

QString ensureDir(const QString& path, int mode, int parentMode)
{
    if (parentMode < 0)
        parentMode = mode;
    const QString absolute = absoluteClean(path);
    const QStringList parts = absolute.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    Fd dir(::open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (dir.get() < 0)
        return QStringLiteral("cannot create directory %1: %2").arg(absolute, errnoText(errno));
    QString walked;
    for (qsizetype i = 0; i < parts.size(); ++i) {
        walked += QLatin1Char('/') + parts.at(i);
        const QByteArray name = QFile::encodeName(parts.at(i));
        const mode_t wanted = mode_t(i + 1 == parts.size() ? mode : parentMode);
        const auto failed = [&](const QString& why) {
            return QStringLiteral("cannot create directory %1: %2").arg(absolute, why);
        };
        constexpr int kFlags = O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
        int fd = ::openat(dir.get(), name.constData(), kFlags);
        int err = errno;
        bool created = false;
        if (fd < 0 && err == ENOENT) {
            // mkdirat applies the umask; fchmod below sets the mode exactly.
            if (::mkdirat(dir.get(), name.constData(), wanted) == 0)
                created = true;
            else if (errno != EEXIST) // EEXIST: made meanwhile by another process
                return failed(QStringLiteral("%1: %2").arg(walked, errnoText(errno)));
            fd = ::openat(dir.get(), name.constData(), kFlags);
            err = errno;
        }
        if (fd < 0 && (err == ELOOP || err == ENOTDIR) && isSymlink(dir.get(), name)) {
            if (created)
                return failed(
                    QStringLiteral("%1 was replaced by a symbolic link while it was being created").arg(walked));
            if (!linkIsTrusted(dir.get(), name))
                return failed(QStringLiteral("%1 is a symbolic link in a directory others can write").arg(walked));
            fd = ::openat(dir.get(), name.constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
            err = errno;
        }
        if (fd < 0)
            return failed(QStringLiteral("%1: %2").arg(walked, errnoText(err)));
        dir.reset(fd);
        if (created) {
            struct stat st
            {};
            if (::fstat(fd, &st) != 0 || st.st_uid != ::geteuid())
                return failed(QStringLiteral("%1 was replaced while it was being created").arg(walked));
            if (::fchmod(fd, wanted) != 0)
                return failed(QStringLiteral("cannot set the mode of %1: %2").arg(walked, errnoText(errno)));
        }
    }
    return ::geteuid() == 0 ? rootOnlyProblem(dir.get(), absolute) : QString();
}

QString rootOnlyDirectoryProblem(const QString& dir, const QString& top)
{
    const QString target = absoluteClean(dir);
    const QString base = top.isEmpty() ? target : absoluteClean(top);
    if (target != base && !target.startsWith(base + QLatin1Char('/')))
        return QStringLiteral("directory %1 is not inside %2").arg(target, base);
    Fd fd(::open(QFile::encodeName(base).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (fd.get() < 0)
        return QStringLiteral("cannot open directory %1: %2").arg(base, errnoText(errno));
    QString walked = base;
    if (QString why = rootOnlyProblem(fd.get(), walked); !why.isEmpty())
        return why;
    for (const QString& part : target.mid(base.size()).split(QLatin1Char('/'), Qt::SkipEmptyParts)) {
        walked += QLatin1Char('/') + part;
        const QByteArray name = QFile::encodeName(part);
        const int next = ::openat(fd.get(), name.constData(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (next < 0) {
            const int err = errno;
            return isSymlink(fd.get(), name)
                ? QStringLiteral("%1 is a symbolic link: root does not write through it").arg(walked)
                : QStringLiteral("cannot open directory %1: %2").arg(walked, errnoText(err));
        }
        fd.reset(next);
        if (QString why = rootOnlyProblem(fd.get(), walked); !why.isEmpty())
            return why;
    }
    return {};
}

} // namespace certlife::Paths
