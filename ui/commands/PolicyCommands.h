// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "commands/ConsoleCommand.h"
#include "commands/PolicyDialogs.h"
#include "models/PolicyTableModel.h"

#include <memory>

namespace certlife {
class PolicyStore;
}

namespace certlife::ui {

struct PolicyCommandContext
{
    std::shared_ptr<PolicyDialogs> dialogs;
    PolicyStore* store = nullptr; // the Policy page's: it writes through it
    QWidget* parent = nullptr;    // the dialogs' parent: the Policy page
};

// Save machine policy / Save user policy: writes one scope's edits through PolicyStore
// (the code behind `certlifectl policy set`), key by key. The machine policy needs
// root: without it nothing is written and the sudo commands that would apply the
// change are shown (PolicyDialogs). A write refused half-way keeps what was written.
// The file work is small and done on the UI thread, as the Policy page always did.
class SavePolicyCommand final : public ConsoleCommand
{
    Q_OBJECT
public:
    SavePolicyCommand(PolicyCommandContext context, Scope scope, QString path, QList<PolicyChange> changes);

    int written() const { return m_written; } // changes written, once it has finished

    // `certlifectl policy set … --scope system` for each change, with sudo.
    static QStringList sudoCommands(const QList<PolicyChange>& changes);

protected:
    QCoro::Task<CommandOutcome> run() override;

private:
    PolicyCommandContext m_context;
    Scope m_scope;
    QString m_path;
    QList<PolicyChange> m_changes;
    int m_written = 0;
};

} // namespace certlife::ui
