// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QString>

namespace certlife {

// sd_notify(3) for Type=notify units: READY, RELOADING, STOPPING and a STATUS line.
// Does nothing when not started by systemd (NOTIFY_SOCKET unset) or without libsystemd.
namespace ServiceManager {
void notifyReady(const QString& status);
void notifyReloading();
void notifyStopping();
void notifyStatus(const QString& status);
} // namespace ServiceManager

} // namespace certlife
