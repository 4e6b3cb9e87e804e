#include "actions/AtomicFile.h"

#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace certlife {

std::optional<FileOwner> directoryOwner(const QString& dir)
{
    struct stat st {};
    if (::stat(QFile::encodeName(dir).constData(), &st) != 0)
        return std::nullopt;
    return FileOwner{st.st_uid, st.st_gid};
}

static QString errnoText(const QString& what, const QString& path)
{
    return QStringLiteral("%1 %2: %3").arg(what, path, QString::fromLocal8Bit(std::strerror(errno)));
}

QString writeFileAtomically(const QString& path, const QByteArray& data, int mode, std::optional<FileOwner> owner,
                            ExistingFile existing)
{
    const QFileInfo info(path);
    const QByteArray target = QFile::encodeName(path);
    const QByteArray dir = QFile::encodeName(info.absolutePath());
    if (existing == ExistingFile::Fail && ::access(target.constData(), F_OK) == 0)
        return QStringLiteral("%1 already exists").arg(path);

    QByteArray temp;
    int fd = -1;
    for (int attempt = 0; attempt < 16 && fd < 0; ++attempt) {
        temp = dir + "/." + QFile::encodeName(info.fileName()) + '.'
             + QByteArray::number(QRandomGenerator::global()->generate(), 16) + ".tmp";
        fd = ::open(temp.constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode_t(mode));
        if (fd < 0 && errno != EEXIST)
            return errnoText(QStringLiteral("cannot create a file in"), info.absolutePath());
    }
    if (fd < 0)
        return QStringLiteral("cannot create a temporary file in %1").arg(info.absolutePath());

    auto abandon = [&](const QString& why) {
        ::close(fd);
        ::unlink(temp.constData());
        return why;
    };
    ::fchmod(fd, mode_t(mode)); // the umask must not widen or narrow what we asked for
    if (owner && ::geteuid() == 0 && ::fchown(fd, owner->uid, owner->gid) != 0)
        return abandon(errnoText(QStringLiteral("cannot set the owner of"), path));
    qsizetype written = 0;
    while (written < data.size()) {
        const ssize_t n = ::write(fd, data.constData() + written, size_t(data.size() - written));
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return abandon(errnoText(QStringLiteral("cannot write"), path));
        }
        written += n;
    }
    if (::fsync(fd) != 0)
        return abandon(errnoText(QStringLiteral("cannot flush"), path));
    ::close(fd);

    if (existing == ExistingFile::Fail) {
        // link() fails if the target appeared meanwhile: no silent overwrite.
        if (::link(temp.constData(), target.constData()) != 0) {
            const QString why = errnoText(QStringLiteral("cannot create"), path);
            ::unlink(temp.constData());
            return why;
        }
        ::unlink(temp.constData());
    } else if (::rename(temp.constData(), target.constData()) != 0) {
        const QString why = errnoText(QStringLiteral("cannot replace"), path);
        ::unlink(temp.constData());
        return why;
    }
    const int dirFd = ::open(dir.constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dirFd >= 0) {
        ::fsync(dirFd);
        ::close(dirFd);
    }
    return {};
}

QString safeFileStem(const QString& text)
{
    QString out;
    for (QChar c : text) {
        if (out.size() >= 64)
            break;
        const ushort u = c.unicode();
        const bool ok = (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || u == '-'
                     || u == '_' || u == '.';
        out += ok ? c : QLatin1Char('_');
    }
    while (out.startsWith(QLatin1Char('.')) || out.startsWith(QLatin1Char('_')))
        out.remove(0, 1);
    if (out.isEmpty() || out == QLatin1String("..") || out == QLatin1String("."))
        return QStringLiteral("certificate");
    return out;
}

} // namespace certlife
