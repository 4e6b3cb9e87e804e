// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "util/AtomicFile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace certlife {

namespace {

bool isPermissionError(int err)
{
    return err == EACCES || err == EPERM || err == EROFS;
}

AtomicWriteResult failure(const QString& path, const char* what, int err)
{
    AtomicWriteResult r;
    r.error =
        QStringLiteral("cannot %1 %2: %3").arg(QLatin1String(what), path, QString::fromLocal8Bit(std::strerror(err)));
    r.permissionDenied = isPermissionError(err);
    return r;
}

} // namespace

bool writeAll(int fd, const char* data, qsizetype size)
{
    while (size > 0) {
        const ssize_t n = ::write(fd, data, size_t(size));
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        if (n == 0) {
            errno = EIO;
            return false;
        }
        data += n;
        size -= n;
    }
    return true;
}

std::optional<FileOwner> directoryOwner(const QString& dir)
{
    struct stat st
    {};
    if (::stat(QFile::encodeName(dir).constData(), &st) != 0)
        return std::nullopt;
    return FileOwner{st.st_uid, st.st_gid};
}

AtomicWriteResult writeFileAtomically(const QString& path, QByteArrayView data, int mode,
                                      const QString& previousGeneration, std::optional<FileOwner> owner,
                                      ExistingFile existing)
{
    const QByteArray target = QFile::encodeName(path);
    if (existing == ExistingFile::Fail && ::access(target.constData(), F_OK) == 0) {
        AtomicWriteResult r;
        r.error = QStringLiteral("%1 already exists").arg(path);
        return r;
    }
    QByteArray temp = target + ".tmp-XXXXXX";
    const int fd = ::mkostemp(temp.data(), O_CLOEXEC);
    if (fd < 0)
        return failure(path, "write", errno);
    const auto abandon = [&](const char* what) {
        const int err = errno;
        ::close(fd);
        ::unlink(temp.constData());
        return failure(path, what, err);
    };
    if (::fchmod(fd, mode_t(mode)) != 0)
        return abandon("set the mode of");
    if (owner && ::geteuid() == 0 && ::fchown(fd, owner->uid, owner->gid) != 0)
        return abandon("set the owner of");
    if (!writeAll(fd, data.data(), data.size()))
        return abandon("write");
    if (::fsync(fd) != 0)
        return abandon("flush");
    if (::close(fd) != 0) {
        const int err = errno;
        ::unlink(temp.constData());
        return failure(path, "write", err);
    }
    if (!previousGeneration.isEmpty() && ::access(target.constData(), F_OK) == 0) {
        // Keep the current content as the previous generation. Failing to is not fatal:
        // it is only a fallback for a snapshot corrupted later.
        const QByteArray previous = QFile::encodeName(previousGeneration);
        const QByteArray previousTemp = previous + ".tmp";
        ::unlink(previousTemp.constData());
        if (::link(target.constData(), previousTemp.constData()) == 0)
            ::rename(previousTemp.constData(), previous.constData());
    }
    if (existing == ExistingFile::Fail) {
        const bool linked = ::link(temp.constData(), target.constData()) == 0;
        const int err = errno;
        ::unlink(temp.constData());
        if (!linked)
            return failure(path, "create", err);
    } else if (::rename(temp.constData(), target.constData()) != 0) {
        const int err = errno;
        ::unlink(temp.constData());
        return failure(path, "replace", err);
    }
    // Make the rename itself durable.
    const QByteArray dir = QFile::encodeName(QFileInfo(path).absolutePath());
    const int dirFd = ::open(dir.constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dirFd >= 0) {
        ::fsync(dirFd);
        ::close(dirFd);
    }
    return {};
}

int removeAbandonedTemporaries(const QString& path, const QString& previousGeneration)
{
    const QFileInfo target(path);
    QDir dir = target.absoluteDir();
    // The mkostemp() pattern of writeFileAtomically: six characters after ".tmp-".
    QStringList names =
        dir.entryList({target.fileName() + QStringLiteral(".tmp-??????")}, QDir::Files | QDir::Hidden | QDir::System);
    if (!previousGeneration.isEmpty() && QFileInfo(previousGeneration).absolutePath() == dir.absolutePath())
        names += dir.entryList({QFileInfo(previousGeneration).fileName() + QStringLiteral(".tmp")},
                               QDir::Files | QDir::Hidden | QDir::System);
    int removed = 0;
    for (const QString& name : std::as_const(names))
        if (::unlink(QFile::encodeName(dir.filePath(name)).constData()) == 0)
            ++removed;
    return removed;
}

} // namespace certlife
