// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "stores/PosixFile.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace certlife {

QString errnoMessage(int error)
{
    char buffer[256];
    // GNU strerror_r returns the message (possibly a static string), not an int.
    const char* text = strerror_r(error, buffer, sizeof buffer);
    return QString::fromLocal8Bit(text);
}

QString fileTypeName(unsigned mode)
{
    switch (mode & S_IFMT) {
    case S_IFIFO: return QStringLiteral("FIFO");
    case S_IFSOCK: return QStringLiteral("socket");
    case S_IFCHR: return QStringLiteral("character device");
    case S_IFBLK: return QStringLiteral("block device");
    case S_IFDIR: return QStringLiteral("directory");
    case S_IFLNK: return QStringLiteral("symbolic link");
    default: return QStringLiteral("special file");
    }
}

QString formatByteSize(qint64 bytes)
{
    if (bytes < 1024)
        return QStringLiteral("%1 bytes").arg(bytes);
    if (bytes < 1024 * 1024)
        return QStringLiteral("%1 KiB").arg(double(bytes) / 1024.0, 0, 'f', 1);
    if (bytes < 1024LL * 1024 * 1024)
        return QStringLiteral("%1 MiB").arg(double(bytes) / (1024.0 * 1024.0), 0, 'f', 1);
    return QStringLiteral("%1 GiB").arg(double(bytes) / (1024.0 * 1024.0 * 1024.0), 0, 'f', 1);
}

bool readRegularFile(const QByteArray& path, qint64 maxSize, QByteArray* content, FileStamp* stamp, QString* error)
{
    const int fd = ::open(path.constData(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (fd < 0) {
        const int e = errno;
        *error = e == ENOENT ? QStringLiteral("file vanished during the scan (%1)").arg(errnoMessage(e))
                             : QStringLiteral("cannot open: %1").arg(errnoMessage(e));
        return false;
    }
    struct stat st;
    if (::fstat(fd, &st) != 0) {
        *error = QStringLiteral("cannot read file status: %1").arg(errnoMessage(errno));
        ::close(fd);
        return false;
    }
    if (!S_ISREG(st.st_mode)) {
        *error = QStringLiteral("not a regular file (%1)").arg(fileTypeName(st.st_mode));
        ::close(fd);
        return false;
    }
    if (st.st_size > maxSize) {
        *error = QStringLiteral("file is %1, over the store's size limit of %2")
                     .arg(formatByteSize(st.st_size), formatByteSize(maxSize));
        ::close(fd);
        return false;
    }
    *stamp = FileStamp::fromStat(st);
    // Read to EOF rather than trusting st_size: the file may grow while we read. One byte
    // more than the limit tells us it went over.
    const qint64 cap = maxSize + 1;
    content->resize(qsizetype(qMin<qint64>(qMax<qint64>(st.st_size, 0) + 1, cap)));
    qint64 total = 0;
    while (true) {
        if (total == content->size()) {
            if (total >= cap)
                break;
            content->resize(qsizetype(qMin<qint64>(total * 2 + 4096, cap)));
        }
        const ssize_t n = ::read(fd, content->data() + total, size_t(content->size() - total));
        if (n < 0) {
            if (errno == EINTR)
                continue;
            *error = QStringLiteral("read error: %1").arg(errnoMessage(errno));
            ::close(fd);
            content->clear();
            return false;
        }
        if (n == 0)
            break;
        total += n;
        // Everything fstat() promised is here: skip the read() that would only say EOF.
        // Bytes appended since make a newer version, which the next scan sees by its size.
        if (total == st.st_size)
            break;
    }
    ::close(fd);
    if (total > maxSize) {
        *error = QStringLiteral("file grew over the store's size limit of %1 while it was read")
                     .arg(formatByteSize(maxSize));
        content->clear();
        return false;
    }
    content->truncate(qsizetype(total));
    return true;
}

} // namespace certlife
