// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "models/Inventory.h"

#include <QList>
#include <QString>
#include <functional>
#include <optional>

class QWidget;

namespace certlife::ui {

// The questions the store commands (StoreCommands.h) ask. Tests answer them.
class StoreDialogs
{
public:
    virtual ~StoreDialogs() = default;
    // A new store to monitor, in one of the scopes this user may change; nullopt when
    // cancelled. `validate` returns an error for a configuration (empty: acceptable) so
    // the dialog can say what is wrong before it closes.
    virtual std::optional<StoreConfig> askForNewStore(QWidget* parent, const QList<Scope>& writableScopes,
                                                      const std::function<QString(const StoreConfig&)>& validate);
    virtual bool confirmRemoveStore(QWidget* parent, const StoreInventory& store);
};

} // namespace certlife::ui
