// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "monitoring/MetricsTextfile.h"
#include "util/AtomicFile.h"

#include "tasks/TrustedPath.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace certlife {

namespace {

QString systemError(const QString& what, const QString& path, int err)
{
    return QStringLiteral("cannot %1 %2: %3").arg(what, path, QString::fromLocal8Bit(std::strerror(err)));
}

} // namespace

QString metricsTextfileFor(Scope scope, const EffectivePolicy& policy)
{
    if (scope == Scope::User && policy.source(PolicyKey::MetricsTextfile) != PolicySource::User)
        return {};
    return policy.policy.metricsTextfile;
}

QString writeMetricsTextfile(const QString& path, QByteArrayView data, Scope scope)
{
    if (!QDir::isAbsolutePath(path) || QDir::cleanPath(path) != path || path.endsWith(QLatin1Char('/')))
        return QStringLiteral("metrics file %1: not an absolute, clean file path").arg(path);
    const QFileInfo info(path);
    const QString dir = info.path();
    const QByteArray name = QFile::encodeName(info.fileName());
    QString reason;
    const std::optional<OpenedFile> opened =
        openTrustedDirectory(dir, TrustRule::forScope(scope), QStringLiteral("metrics directory"), &reason);
    if (!opened)
        return QStringLiteral("metrics file %1 not written: %2").arg(path, reason);
    const int dirFd = opened->fd.get();

    struct stat st
    {};
    if (::fstatat(dirFd, name.constData(), &st, AT_SYMLINK_NOFOLLOW) == 0 && !S_ISREG(st.st_mode))
        return QStringLiteral("metrics file %1 not written: it exists and is %2, not a regular file")
            .arg(path, S_ISLNK(st.st_mode) ? QStringLiteral("a symbolic link") : QStringLiteral("something else"));

    // The collector reads only *.prom: ".NAME.tmp-RANDOM" is never read half written.
    QByteArray temp;
    UniqueFd fd;
    for (int attempt = 0; attempt < 16 && !fd.isValid(); ++attempt) {
        temp = "." + name + ".tmp-" + QByteArray::number(QRandomGenerator::system()->generate64(), 36);
        fd = UniqueFd(::openat(dirFd, temp.constData(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
        if (!fd.isValid() && errno != EEXIST)
            return systemError(QStringLiteral("write"), path, errno);
    }
    if (!fd.isValid())
        return systemError(QStringLiteral("write"), path, EEXIST);
    const auto abandon = [&](const QString& what) {
        const int err = errno;
        ::unlinkat(dirFd, temp.constData(), 0);
        return systemError(what, path, err);
    };
    if (::fchmod(fd.get(), 0644) != 0)
        return abandon(QStringLiteral("set the mode of"));
    if (!writeAll(fd.get(), data.data(), data.size()))
        return abandon(QStringLiteral("write"));
    if (::fsync(fd.get()) != 0)
        return abandon(QStringLiteral("flush"));
    if (::close(fd.release()) != 0)
        return abandon(QStringLiteral("write"));
    if (::renameat(dirFd, temp.constData(), dirFd, name.constData()) != 0)
        return abandon(QStringLiteral("replace"));
    ::fsync(dirFd);
    return {};
}

} // namespace certlife
