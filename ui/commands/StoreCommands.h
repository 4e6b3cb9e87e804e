// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

// The Stores page's commands: Add store… and Remove store. Both change the scope's
// stores.conf through the console's InventorySource and rescan.

#include "commands/ConsoleCommand.h"
#include "commands/StoreDialogs.h"

#include <memory>

namespace certlife {
class ConsoleController;
}

namespace certlife::ui {

struct StoreCommandContext
{
    ConsoleController* controller = nullptr;
    std::shared_ptr<StoreDialogs> dialogs;
    QWidget* parent = nullptr; // the dialogs' parent: the Stores page
};

// A new store to monitor, from the Add store dialog, in a scope this user may change.
class AddStoreCommand final : public ConsoleCommand
{
    Q_OBJECT
public:
    explicit AddStoreCommand(StoreCommandContext context);

protected:
    QCoro::Task<CommandOutcome> run() override;

private:
    StoreCommandContext m_context;
};

// Stops monitoring a store after a confirmation; its files stay.
class RemoveStoreCommand final : public ConsoleCommand
{
    Q_OBJECT
public:
    RemoveStoreCommand(StoreCommandContext context, StoreInventory store);

protected:
    QCoro::Task<CommandOutcome> run() override;

private:
    StoreCommandContext m_context;
    StoreInventory m_store;
};

} // namespace certlife::ui
