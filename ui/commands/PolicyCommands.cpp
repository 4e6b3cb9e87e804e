// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "commands/PolicyCommands.h"

#include "policy/PolicyCommandLine.h"
#include "policy/PolicyStore.h"

namespace certlife::ui {

SavePolicyCommand::SavePolicyCommand(PolicyCommandContext context, Scope scope, QString path,
                                     QList<PolicyChange> changes)
    : ConsoleCommand(context.parent),
      m_context(std::move(context)),
      m_scope(scope),
      m_path(std::move(path)),
      m_changes(std::move(changes))
{}

QStringList SavePolicyCommand::sudoCommands(const QList<PolicyChange>& changes)
{
    QStringList commands;
    for (const PolicyChange& c : changes) {
        QStringList values;
        if (c.value)
            values << (isPolicyListKey(c.key) ? splitPolicyList(*c.value) : QStringList{*c.value});
        commands << policyCommandLine(Scope::System, c.key, values, c.enforce, true);
    }
    return commands;
}

QCoro::Task<CommandOutcome> SavePolicyCommand::run()
{
    // The page says what went wrong in red, and a refusal shows the sudo commands: no
    // message box on top of that.
    auto refused = [](const QString& text) { return CommandOutcome{CommandOutcome::Status::Failed, text, {}}; };
    const QString label = m_scope == Scope::System ? tr("machine policy") : tr("user policy");
    if (m_scope == Scope::System && !m_context.dialogs->canWrite(m_scope, m_path)) {
        const CommandOutcome outcome =
            refused(tr("Nothing was saved: writing the machine policy %1 needs root.").arg(m_path));
        m_context.dialogs->showSudoCommands(
            dialogParent(),
            tr("Writing the machine policy %1 needs root, and this console does not run as root. Nothing was "
               "written. To apply the change, run:")
                .arg(m_path),
            sudoCommands(m_changes));
        co_return outcome;
    }
    for (const PolicyChange& c : std::as_const(m_changes)) {
        const PolicyWriteResult result = c.value ? m_context.store->set(m_scope, c.key, *c.value, c.enforce)
                                                 : m_context.store->unset(m_scope, c.key);
        if (result.ok()) {
            ++m_written;
            continue;
        }
        // What was written stays written; the rest stays edited for another try.
        if (result.status == PolicyWriteResult::Status::PermissionDenied && m_scope == Scope::System) {
            m_context.dialogs->showSudoCommands(
                dialogParent(),
                tr("Writing the machine policy %1 needs root (%2). %3 of %4 changes were written. To apply the rest, "
                   "run:")
                    .arg(result.path, result.message)
                    .arg(m_written)
                    .arg(m_changes.size()),
                sudoCommands(m_changes.mid(m_written)));
            co_return refused(tr("Writing the machine policy %1 was refused: %2").arg(result.path, result.message));
        }
        co_return refused(tr("The %1 was not saved: %2").arg(label, result.message));
    }
    co_return CommandOutcome::done(
        (m_written == 1 ? tr("Saved 1 setting to the %1 %2.") : tr("Saved %3 settings to the %1 %2."))
            .arg(label, m_path, QString::number(m_written)));
}

} // namespace certlife::ui
