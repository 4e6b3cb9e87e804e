// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "commands/StoreCommands.h"

#include "console/ConsoleController.h"

namespace certlife::ui {

AddStoreCommand::AddStoreCommand(StoreCommandContext context)
    : ConsoleCommand(context.parent), m_context(std::move(context))
{}

QCoro::Task<CommandOutcome> AddStoreCommand::run()
{
    const Alive beforeChange = untilCancelled(); // the dialog runs an event loop of its own
    ConsoleController* controller = m_context.controller;
    QList<Scope> scopes;
    for (Scope scope : {Scope::User, Scope::System}) {
        if (controller->canModify(scope))
            scopes << scope;
    }
    const std::optional<StoreConfig> config = m_context.dialogs->askForNewStore(
        dialogParent(), scopes, [controller](const StoreConfig& c) { return controller->validateNewStore(c); });
    if (!config || !beforeChange)
        co_return CommandOutcome::cancelled();
    const QString error = controller->addStore(*config); // stores.conf is small: written here, then rescanned
    if (!error.isEmpty())
        co_return CommandOutcome::failed(tr("Add store"), error);
    co_return CommandOutcome::done(
        tr("Monitoring the store %1 (%2) from now on; scanning it…")
            .arg(config->displayName.isEmpty() ? config->id : config->displayName, scopeName(config->scope)));
}

RemoveStoreCommand::RemoveStoreCommand(StoreCommandContext context, StoreInventory store)
    : ConsoleCommand(context.parent), m_context(std::move(context)), m_store(std::move(store))
{}

QCoro::Task<CommandOutcome> RemoveStoreCommand::run()
{
    const Alive beforeChange = untilCancelled(); // the question runs an event loop of its own
    if (!m_context.dialogs->confirmRemoveStore(dialogParent(), m_store) || !beforeChange)
        co_return CommandOutcome::cancelled();
    const QString error = m_context.controller->removeStore(m_store.config.scope, m_store.config.id);
    if (!error.isEmpty())
        co_return CommandOutcome::failed(tr("Remove store"), error);
    co_return CommandOutcome::done(tr("Stopped monitoring the store %1 (%2); its files stay where they are.")
                                       .arg(m_store.displayName(), scopeName(m_store.config.scope)));
}

} // namespace certlife::ui
