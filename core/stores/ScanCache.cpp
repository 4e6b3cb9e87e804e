// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "stores/ScanCache.h"

#include "stores/ScanCacheFormat.h"
#include "stores/Scanner.h"
#include "util/Paths.h"

#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <cstring>
#include <sys/stat.h>
#include <unistd.h>

namespace certlife {

FileResultPtr ScanCache::lookup(const QByteArray& path, const FileStamp& stamp) const
{
    const auto it = m_entries.constFind(path);
    if (it == m_entries.constEnd() || !(it->stamp == stamp))
        return nullptr;
    return it->result;
}

void ScanCache::insert(const QByteArray& path, const FileStamp& stamp, FileResultPtr result)
{
    m_entries.insert(path, Entry{stamp, std::move(result)});
}

QString ScanCache::fileFor(const QString& directory, const StoreConfig& config)
{
    return directory + QLatin1Char('/')
        + (config.scope == Scope::System ? QStringLiteral("system-") : QStringLiteral("user-")) + config.id
        + QStringLiteral(".bin");
}

ScanCache ScanCache::load(const QString& file, QString* error)
{
    ScanCache cache;
    QFile f(file);
    if (!f.exists())
        return cache;
    // Root trusts what the cache says about every file: only if nobody else could have
    // written it (the directory root's alone, the file root's).
    if (::geteuid() == 0) {
        if (const QString why = Paths::rootOnlyDirectoryProblem(QFileInfo(file).path()); !why.isEmpty()) {
            if (error)
                *error = QStringLiteral("scan cache %1 ignored: %2").arg(file, why);
            return cache;
        }
    }
    if (!f.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("cannot open scan cache %1: %2").arg(file, f.errorString());
        return cache;
    }
    struct stat st
    {};
    if (::geteuid() == 0 && (::fstat(f.handle(), &st) != 0 || st.st_uid != 0 || (st.st_mode & (S_IWGRP | S_IWOTH)))) {
        if (error)
            *error = QStringLiteral("scan cache %1 ignored: not root's alone").arg(file);
        return cache;
    }
    const qint64 size = f.size();
    const uchar* data = size > 0 ? f.map(0, size) : nullptr;
    QByteArray copy;
    if (!data && size > 0) { // not mappable (unusual file system): read it
        copy = f.readAll();
        data = reinterpret_cast<const uchar*>(copy.constData());
    }
    if (!cachefile::read(data, qsizetype(size), cache.m_entries) && error)
        *error = QStringLiteral("scan cache %1 is damaged or from another version: ignored").arg(file);
    return cache;
}

bool ScanCache::save(const QString& file, QString* error) const
{
    // Its parent is the state directory of the process's scope (Scanner::cacheDirectory).
    const QString dirError =
        Paths::ensureDir(QFileInfo(file).path(), 0700, Scanner::processScope() == Scope::System ? 0755 : 0700);
    QSaveFile out(file);
    if (!dirError.isEmpty() || !out.open(QIODevice::WriteOnly)) {
        if (error)
            *error = QStringLiteral("cannot write scan cache %1: %2")
                         .arg(file, dirError.isEmpty() ? out.errorString() : dirError);
        return false;
    }
    out.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    int failedErrno = 0;
    const bool written = cachefile::write(out, m_entries, &failedErrno);
    // The failed write's own reason ("No space left on device"), taken before
    // cancelWriting() puts "Writing canceled by application" in its place.
    QString why = written ? QString()
        : failedErrno     ? QString::fromLocal8Bit(std::strerror(failedErrno))
                          : out.errorString();
    if (!written)
        out.cancelWriting(); // the old cache stays as it was
    if (!out.commit() && why.isEmpty())
        why = out.errorString();
    if (!written || !why.isEmpty()) {
        if (error)
            *error = QStringLiteral("cannot write scan cache %1: %2")
                         .arg(file, why.isEmpty() ? QStringLiteral("write failed") : why);
        return false;
    }
    return true;
}

} // namespace certlife
