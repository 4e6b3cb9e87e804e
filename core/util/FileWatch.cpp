// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "util/FileWatch.h"

#include <QFileInfo>
#include <QFileSystemWatcher>

namespace certlife {

QStringList watchExactly(QFileSystemWatcher& watcher, const QSet<QString>& wanted)
{
    QStringList missing;
    QSet<QString> present;
    for (const QString& path : wanted) {
        if (QFileInfo::exists(path))
            present.insert(path);
        else
            missing << path;
    }
    const QStringList current = watcher.directories() + watcher.files();
    QStringList stale;
    for (const QString& path : current) {
        if (!present.contains(path))
            stale << path;
    }
    if (!stale.isEmpty())
        watcher.removePaths(stale);
    QStringList added;
    for (const QString& path : std::as_const(present)) {
        if (!current.contains(path))
            added << path;
    }
    if (!added.isEmpty())
        watcher.addPaths(added);
    missing.sort();
    return missing;
}

} // namespace certlife
