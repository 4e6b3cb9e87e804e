// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "models/Inventory.h"

namespace certlife {

QString storeKey(Scope scope, const QString& storeId)
{
    return (scope == Scope::System ? QStringLiteral("system/") : QStringLiteral("user/")) + storeId;
}

QString StoreInventory::key() const
{
    return storeKey(config.scope, config.id);
}

QString StoreInventory::displayName() const
{
    return config.displayName.isEmpty() ? config.id : config.displayName;
}

} // namespace certlife
