// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "agent/AccountFiles.h"

#include <QDir>
#include <QFile>
#include <QSet>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utility>

namespace certlife {

namespace {

QString errnoText(int err)
{
    return QString::fromLocal8Bit(std::strerror(err));
}

QString fileTypeName(mode_t mode)
{
    if (S_ISFIFO(mode))
        return QStringLiteral("a FIFO");
    if (S_ISSOCK(mode))
        return QStringLiteral("a socket");
    if (S_ISDIR(mode))
        return QStringLiteral("a directory");
    if (S_ISCHR(mode) || S_ISBLK(mode))
        return QStringLiteral("a device");
    if (S_ISLNK(mode))
        return QStringLiteral("a symbolic link");
    return QStringLiteral("not a regular file");
}

class Fd
{
public:
    explicit Fd(int fd = -1) : m_fd(fd) {}
    ~Fd()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    int get() const { return m_fd; }
    void reset(int fd)
    {
        if (m_fd >= 0)
            ::close(m_fd);
        m_fd = fd;
    }
    int release() { return std::exchange(m_fd, -1); }

private:
    int m_fd;
};

// Why the checked file cannot be read as the account's, or empty.
QString fileProblem(const struct stat& st, const FleetAccount& account, qint64 maxBytes)
{
    if (!S_ISREG(st.st_mode))
        return QStringLiteral("is %1, not a regular file").arg(fileTypeName(st.st_mode));
    if (st.st_uid != account.uid)
        return QStringLiteral("belongs to uid %1, not to %2 (uid %3)")
            .arg(st.st_uid)
            .arg(account.name)
            .arg(account.uid);
    if (st.st_size > maxBytes)
        return QStringLiteral("is larger than %1").arg(mebibytes(maxBytes));
    return {};
}

qint64 mtimeNs(const struct stat& st)
{
    return qint64(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
}

} // namespace

QString mebibytes(qint64 bytes)
{
    return QStringLiteral("%1 MiB").arg(double(bytes) / (1024.0 * 1024.0), 0, 'f', bytes % (1024 * 1024) ? 1 : 0);
}

QString AccountFile::copyTo(const QString& to, qint64 maxBytes) const
{
    Fd out(::open(QFile::encodeName(to).constData(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
    if (out.get() < 0)
        return QStringLiteral("cannot create the private copy %1: %2").arg(to, errnoText(errno));
    QByteArray buffer(1024 * 1024, Qt::Uninitialized);
    qint64 offset = 0;
    for (;;) {
        const ssize_t n = ::pread(fd, buffer.data(), size_t(buffer.size()), off_t(offset));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return QStringLiteral("cannot be read: %1").arg(errnoText(errno));
        if (n == 0)
            return {};
        offset += n;
        if (offset > maxBytes)
            return QStringLiteral("grew past %1 while being copied").arg(mebibytes(maxBytes));
        for (ssize_t written = 0; written < n;) {
            const ssize_t w = ::write(out.get(), buffer.constData() + written, size_t(n - written));
            if (w < 0 && errno == EINTR)
                continue;
            if (w < 0)
                return QStringLiteral("cannot write the private copy %1: %2").arg(to, errnoText(errno));
            written += w;
        }
    }
}

QString AccountFile::readAll(qint64 maxBytes, QByteArray* content) const
{
    content->clear();
    QByteArray buffer(64 * 1024, Qt::Uninitialized);
    for (;;) {
        const ssize_t n = ::read(fd, buffer.data(), size_t(buffer.size()));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return QStringLiteral("cannot be read: %1").arg(errnoText(errno));
        if (n == 0)
            return {};
        content->append(buffer.constData(), n);
        if (content->size() > maxBytes)
            return QStringLiteral("is larger than %1").arg(mebibytes(maxBytes));
    }
}

bool AccountFile::unchanged() const
{
    struct stat st
    {};
    return ::fstat(fd, &st) == 0 && st.st_size == size && certlife::mtimeNs(st) == mtimeNs;
}

AccountFile::AccountFile(AccountFile&& other) noexcept
    : fd(std::exchange(other.fd, -1)), size(other.size), mtimeNs(other.mtimeNs), signature(other.signature)
{}

AccountFile& AccountFile::operator=(AccountFile&& other) noexcept
{
    if (this != &other) {
        if (fd >= 0)
            ::close(fd);
        fd = std::exchange(other.fd, -1);
        size = other.size;
        mtimeNs = other.mtimeNs;
        signature = other.signature;
    }
    return *this;
}

AccountFile::~AccountFile()
{
    if (fd >= 0)
        ::close(fd);
}

QList<FleetAccount> localFleetAccounts()
{
    QList<FleetAccount> accounts;
    QSet<uint> seen;
    ::setpwent();
    while (const struct passwd* pw = ::getpwent()) {
        if (pw->pw_uid < 1000 || pw->pw_uid > 59999 || !pw->pw_dir || pw->pw_dir[0] != '/' || seen.contains(pw->pw_uid))
            continue;
        seen.insert(pw->pw_uid);
        accounts << FleetAccount{QString::fromLocal8Bit(pw->pw_name), uint(pw->pw_uid),
                                 QString::fromLocal8Bit(pw->pw_dir)};
    }
    ::endpwent();
    return accounts;
}

AccountFileStatus openAccountFile(const FleetAccount& account, const QString& relative, qint64 maxBytes,
                                  AccountFile* file, QString* why)
{
    const auto refuse = [why](const QString& text) {
        *why = text;
        return AccountFileStatus::Refused;
    };
    if (!QDir::isAbsolutePath(account.home))
        return refuse(QStringLiteral("the home directory \"%1\" is not an absolute path").arg(account.home));
    // The home's own path is the password database's (root's), so it is followed; from
    // there on every name is the user's.
    Fd dir(::open(QFile::encodeName(account.home).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (dir.get() < 0)
        return errno == ENOENT
            ? AccountFileStatus::Missing
            : refuse(QStringLiteral("cannot open the home directory %1: %2").arg(account.home, errnoText(errno)));
    struct stat st
    {};
    // Not the account's (a service account in the range whose home is / or /var/lib/x):
    // nothing of it is the account's to publish, and it is no account's line either.
    if (::fstat(dir.get(), &st) != 0 || st.st_uid != account.uid)
        return AccountFileStatus::Missing;
    const QStringList parts = relative.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    QString walked = account.home;
    for (qsizetype i = 0; i < parts.size(); ++i) {
        walked += QLatin1Char('/') + parts.at(i);
        const QByteArray name = QFile::encodeName(parts.at(i));
        struct stat entry
        {};
        if (::fstatat(dir.get(), name.constData(), &entry, AT_SYMLINK_NOFOLLOW) != 0)
            return errno == ENOENT ? AccountFileStatus::Missing
                                   : refuse(QStringLiteral("%1: %2").arg(walked, errnoText(errno)));
        if (S_ISLNK(entry.st_mode))
            return refuse(QStringLiteral("%1 is a symbolic link: root does not follow links in a home").arg(walked));
        if (i + 1 < parts.size()) {
            if (!S_ISDIR(entry.st_mode))
                return refuse(QStringLiteral("%1 is %2, not a directory").arg(walked, fileTypeName(entry.st_mode)));
            const int next = ::openat(dir.get(), name.constData(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            if (next < 0) // swapped for a link or something else since the fstatat
                return refuse(QStringLiteral("%1 cannot be opened as a directory: %2").arg(walked, errnoText(errno)));
            dir.reset(next);
            if (::fstat(dir.get(), &st) != 0 || st.st_uid != account.uid)
                return refuse(QStringLiteral("%1 belongs to uid %2, not to %3 (uid %4)")
                                  .arg(walked)
                                  .arg(st.st_uid)
                                  .arg(account.name)
                                  .arg(account.uid));
            continue;
        }
        // Checked before it is opened: opening a device can do something by itself. The
        // name is the user's to swap between a check and an open, so it is resolved once,
        // to a path-only descriptor (which opens nothing), and the inode checked through it
        // is the one opened for reading: /proc/self/fd/N leads to it without a name.
        if (const QString problem = fileProblem(entry, account, maxBytes); !problem.isEmpty())
            return refuse(QStringLiteral("%1 %2").arg(walked, problem));
        Fd path(::openat(dir.get(), name.constData(), O_PATH | O_NOFOLLOW | O_CLOEXEC));
        if (path.get() < 0)
            return refuse(QStringLiteral("%1 cannot be opened: %2").arg(walked, errnoText(errno)));
        if (::fstat(path.get(), &st) != 0)
            return refuse(QStringLiteral("%1: %2").arg(walked, errnoText(errno)));
        if (const QString problem = fileProblem(st, account, maxBytes); !problem.isEmpty())
            return refuse(QStringLiteral("%1 %2").arg(walked, problem));
        const struct stat checked = st;
        const QByteArray viaDescriptor = "/proc/self/fd/" + QByteArray::number(path.get());
        Fd fd(::open(viaDescriptor.constData(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC));
        if (fd.get() < 0)
            return refuse(QStringLiteral("%1 cannot be opened: %2").arg(walked, errnoText(errno)));
        if (::fstat(fd.get(), &st) != 0 || st.st_dev != checked.st_dev || st.st_ino != checked.st_ino)
            return refuse(QStringLiteral("%1 changed while it was opened").arg(walked));
        if (const QString problem = fileProblem(st, account, maxBytes); !problem.isEmpty())
            return refuse(QStringLiteral("%1 %2").arg(walked, problem));
        AccountFile opened;
        opened.fd = fd.release();
        opened.size = st.st_size;
        opened.mtimeNs = mtimeNs(st);
        opened.signature =
            QStringLiteral("%1:%2:%3:%4").arg(st.st_dev).arg(st.st_ino).arg(st.st_size).arg(opened.mtimeNs);
        *file = std::move(opened);
        return AccountFileStatus::Opened;
    }
    return refuse(QStringLiteral("no file named"));
}

} // namespace certlife
