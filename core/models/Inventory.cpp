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
