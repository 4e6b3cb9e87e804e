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

QString policyFile(Scope scope);    // configDir/policy.conf
QString storesFile(Scope scope);    // configDir/stores.conf
QString tasksDir(Scope scope);      // configDir/tasks.d
QString eventLogFile(Scope scope);  // stateDir/events.sqlite
QString scanCacheFile(Scope scope); // stateDir/scan-cache.bin
QString snapshotDir(Scope scope);   // stateDir/snapshots
QString defaultMyStore(Scope scope); // dataDir/stores/My
QString systemCertificatesDir();    // CERTLIFE_SYSTEM_CERTS_DIR or /etc/ssl/certs

// Creates a directory (and parents) with the given mode; returns an error text or empty.
QString ensureDir(const QString& path, int mode = 0700);
} // namespace Paths

} // namespace certlife
