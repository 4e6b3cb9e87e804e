// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "policy/PolicyStore.h"

#include <QAbstractTableModel>
#include <array>
#include <optional>

namespace certlife {

// One change the console will write into a policy file: set (value given) or unset.
struct PolicyChange
{
    PolicyKey key = PolicyKey::ExpiryWarningPercent;
    std::optional<QString> value; // canonical text; nullopt: remove the key from the file
    bool enforce = false;         // machine scope: write it to [Enforced]
    friend bool operator==(const PolicyChange&, const PolicyChange&) = default;
};

// The Policy page's rows: one per setting the console edits, with what the machine
// file and the user file set (or the admin is typing), whether the machine enforces it,
// and the value in force for the User channel with its source. Edits are held here
// until the page saves a scope; each edited value is validated with the core's own
// rules (setPolicyValue), so the message is the one `certlifectl policy set` gives.
class PolicyTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { KeyColumn, MachineColumn, EnforcedColumn, UserColumn, EffectiveColumn, SourceColumn, ColumnCount };
    Q_ENUM(Column)
    enum Role {
        ErrorRole = Qt::UserRole + 1, // Machine/User: why the value is not allowed; empty when it is
        InheritedRole,                // Machine/User: what applies when the cell is empty
        LockedRole,                   // User: the machine enforces this key, the user's value has no effect
        ModifiedRole,                 // Machine/User/Enforced: differs from the file
        KeyNameRole,                  // every column: "ExpiryWarningDays"
    };

    explicit PolicyTableModel(QObject* parent = nullptr);

    // The settings the console shows, in the page's order (documentation order, without
    // the script-signing keys, which belong to the machine policy alone).
    static const QList<PolicyKey>& consoleKeys();

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    // Machine/User: Qt::EditRole text (empty: not set). Enforced: Qt::CheckStateRole.
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;

    // What the files say now; drops every unsaved edit.
    void setLayers(const PolicyLayer& machine, const PolicyLayer& user);

    PolicyKey keyAt(int row) const { return consoleKeys().at(row); }
    int rowOf(PolicyKey key) const { return int(consoleKeys().indexOf(key)); }
    QModelIndex cell(PolicyKey key, Column column) const { return index(rowOf(key), column); }

    QString text(Scope scope, PolicyKey key) const;  // the edit, else what the file sets (canonical when valid)
    QString error(Scope scope, PolicyKey key) const; // empty: acceptable
    bool isEnforced(PolicyKey key) const;            // the machine checkbox, edited or saved
    bool isLocked(PolicyKey key) const;              // the saved machine policy enforces the key
    bool isModified(Scope scope) const { return !changes(scope).isEmpty(); }
    bool hasErrors(Scope scope) const;
    // The edits of a scope as writes, in the page's order.
    QList<PolicyChange> changes(Scope scope) const;
    void revert(Scope scope);
    const EffectivePolicy& effective() const { return m_effective; }
    const PolicyLayer& layer(Scope scope) const { return scope == Scope::System ? m_machine : m_user; }

Q_SIGNALS:
    void editsChanged(); // an edit was made or reverted: Save buttons follow it

private:
    QString savedText(Scope scope, PolicyKey key) const;
    bool savedEnforced(PolicyKey key) const;
    QString inheritedText(Scope scope, PolicyKey key) const;
    void cellsChanged(PolicyKey key);

    PolicyLayer m_machine;
    PolicyLayer m_user;
    EffectivePolicy m_effective;
    std::array<QMap<PolicyKey, QString>, 2> m_edits; // by int(Scope)
    QMap<PolicyKey, bool> m_enforceEdits;
};

// The canonical text of a value when it is valid ("1800" → "30m", "yes" → "true"),
// else the text trimmed.
QString canonicalPolicyText(PolicyKey key, const QString& text);

} // namespace certlife
