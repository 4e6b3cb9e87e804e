// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QSet>
#include <QString>

class QFileSystemWatcher;

namespace certlife {

// Makes `watcher` watch exactly the paths of `wanted` that exist now: stops watching
// the others, starts on the new ones, leaves the rest as they are (a path watched
// before keeps its watch: no change notification is lost in between). The agent (store
// directories and symlink targets) and the console (the stores and their catalogs) both
// keep their watches this way. Returns the paths that were wanted but do not exist.
QStringList watchExactly(QFileSystemWatcher& watcher, const QSet<QString>& wanted);

} // namespace certlife
