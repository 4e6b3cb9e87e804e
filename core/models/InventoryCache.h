// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "models/Inventory.h"

#include <QString>

namespace certlife {

// The console's last known inventory on disk (Paths::stateDir(User)/console-inventory.bin):
// every store's last scan with the certificates fully decoded, so the window shows
// them at start without parsing a single certificate. Written after each scan; a
// missing, damaged or older file simply reads as "nothing cached".
namespace InventoryCache {
QString defaultFile();
// False and *error (naming the file) when it cannot be written; never partial: the
// file is replaced atomically.
bool save(const QString& file, const Inventory& inventory, QString* error = nullptr);
// Empty when the file is missing; empty and *error when it is damaged or from another
// version.
Inventory load(const QString& file, QString* error = nullptr);
} // namespace InventoryCache

} // namespace certlife
