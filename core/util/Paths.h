// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "util/Scope.h"

#include <QString>

namespace certlife {

// Every file location Certlife uses. All follow environment variables so tests and
// packagers can move them (DESIGN.md "Files and state"):
//   user scope:   XDG_CONFIG_HOME, XDG_STATE_HOME, XDG_DATA_HOME (XDG defaults under $HOME)
//   system scope: CERTLIFE_SYSTEM_CONFIG_DIR (/etc/certlife),
//                 CERTLIFE_SYSTEM_STATE_DIR (/var/lib/certlife),
//                 CERTLIFE_SYSTEM_DATA_DIR (/var/lib/certlife)
namespace Paths {
QString configDir(Scope scope);
QString stateDir(Scope scope);
QString dataDir(Scope scope);

QString policyFile(Scope scope);           // configDir/policy.conf
QString storesFile(Scope scope);           // configDir/stores.conf
QString acknowledgementsFile(Scope scope); // configDir/acknowledgements.json: the admin's acks and mutes
QString tasksDir(Scope scope);             // configDir/tasks.d
QString eventLogFile(Scope scope);         // stateDir/events.sqlite
QString scanCacheFile(Scope scope);        // stateDir/scan-cache.bin
QString snapshotDir(Scope scope);          // stateDir/snapshots
QString defaultMyStore(Scope scope);       // dataDir/stores/My
QString systemCertificatesDir();           // CERTLIFE_SYSTEM_CERTS_DIR or /etc/ssl/certs

// Creates a directory and the parents it lacks, one component at a time from "/" with
// openat/mkdirat, each created one given its mode with fchmod whatever the umask: the
// last `mode`, the parents `parentMode` (-1: `mode`). A symbolic link on the way is
// followed only where nobody else could have planted it (a directory only root or this
// user can write, or a sticky one and the link is theirs); a component that turns into
// one while it is being created is refused. An existing directory keeps its mode. As
// root the directory must also be root's alone (rootOnlyDirectoryProblem). Returns an
// error text naming the directory, or empty.
QString ensureDir(const QString& path, int mode = 0700, int parentMode = -1);

// Why root must not write into `dir`, or empty: `dir` and every directory between `top`
// and it (both included; `top` empty: `dir` alone) must be owned by root and writable by
// nobody else, with no symbolic link below `top`.
QString rootOnlyDirectoryProblem(const QString& dir, const QString& top = {});
} // namespace Paths

} // namespace certlife
