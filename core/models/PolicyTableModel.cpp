// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "models/PolicyTableModel.h"

#include <QColor>

namespace certlife {

namespace {
QString notSet(const QString& inherited)
{
    return inherited.isEmpty() ? QStringLiteral("not set (none)") : QStringLiteral("not set (%1)").arg(inherited);
}
} // namespace

QString canonicalPolicyText(PolicyKey key, const QString& text)
{
    Policy scratch;
    if (!text.trimmed().isEmpty() && setPolicyValue(scratch, key, text))
        return policyValueText(scratch, key);
    return text.trimmed();
}

PolicyTableModel::PolicyTableModel(QObject* parent) : QAbstractTableModel(parent)
{
    m_machine.scope = Scope::System;
    m_user.scope = Scope::User;
    m_effective = mergePolicy(m_machine, &m_user);
}

const QList<PolicyKey>& PolicyTableModel::consoleKeys()
{
    static const QList<PolicyKey> keys{
        PolicyKey::ExpiryWarningPercent, PolicyKey::ExpiryWarningDays,      PolicyKey::ExpiryWarningMaxDays,
        PolicyKey::LongExpiredDays,      PolicyKey::LogExpiryEvents,        PolicyKey::ShowExpiryNotifications,
        PolicyKey::RescanInterval,       PolicyKey::RenotifyInterval,       PolicyKey::EventRetention,
        PolicyKey::AdditionalStores,     PolicyKey::FleetPublishUserEvents,
    };
    return keys;
}

int PolicyTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(consoleKeys().size());
}

int PolicyTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

void PolicyTableModel::setLayers(const PolicyLayer& machine, const PolicyLayer& user)
{
    beginResetModel();
    m_machine = machine;
    m_user = user;
    m_effective = mergePolicy(m_machine, &m_user);
    m_edits[0].clear();
    m_edits[1].clear();
    m_enforceEdits.clear();
    endResetModel();
    Q_EMIT editsChanged();
}

QString PolicyTableModel::savedText(Scope scope, PolicyKey key) const
{
    const PolicyLayer& l = layer(scope);
    if (!l.settings.contains(key))
        return {};
    const PolicySetting& s = l.settings[key];
    return s.valid ? canonicalPolicyText(key, s.text) : s.text;
}

bool PolicyTableModel::savedEnforced(PolicyKey key) const
{
    return m_machine.settings.contains(key) && m_machine.settings[key].enforced;
}

QString PolicyTableModel::text(Scope scope, PolicyKey key) const
{
    const auto& edits = m_edits[int(scope)];
    return edits.contains(key) ? edits[key] : savedText(scope, key);
}

QString PolicyTableModel::error(Scope scope, PolicyKey key) const
{
    const QString t = text(scope, key);
    if (t.trimmed().isEmpty())
        return {};
    Policy scratch;
    QString message;
    return setPolicyValue(scratch, key, t, &message) ? QString() : message;
}

bool PolicyTableModel::isEnforced(PolicyKey key) const
{
    return m_enforceEdits.value(key, savedEnforced(key));
}

bool PolicyTableModel::isLocked(PolicyKey key) const
{
    return m_effective.source(key) == PolicySource::Enforced;
}

bool PolicyTableModel::hasErrors(Scope scope) const
{
    for (PolicyKey key : consoleKeys())
        if (!error(scope, key).isEmpty())
            return true;
    return false;
}

QList<PolicyChange> PolicyTableModel::changes(Scope scope) const
{
    QList<PolicyChange> out;
    for (PolicyKey key : consoleKeys()) {
        const QString now = canonicalPolicyText(key, text(scope, key));
        const bool enforce = scope == Scope::System && !now.isEmpty() && isEnforced(key);
        const bool valueChanged = now != savedText(scope, key);
        const bool enforceChanged = scope == Scope::System && !now.isEmpty() && enforce != savedEnforced(key);
        if (!valueChanged && !enforceChanged)
            continue;
        PolicyChange change;
        change.key = key;
        if (!now.isEmpty())
            change.value = now;
        change.enforce = enforce;
        out << change;
    }
    return out;
}

void PolicyTableModel::revert(Scope scope)
{
    const QList<PolicyKey> keys = m_edits[int(scope)].keys();
    m_edits[int(scope)].clear();
    QList<PolicyKey> touched = keys;
    if (scope == Scope::System) {
        touched << m_enforceEdits.keys();
        m_enforceEdits.clear();
    }
    for (PolicyKey key : std::as_const(touched))
        cellsChanged(key);
    Q_EMIT editsChanged();
}

QString PolicyTableModel::inheritedText(Scope scope, PolicyKey key) const
{
    const Policy defaults;
    if (scope == Scope::User) {
        const QString machine = m_machine.settings.contains(key) && m_machine.settings[key].valid
            ? savedText(Scope::System, key)
            : QString();
        if (!machine.isEmpty())
            return QStringLiteral("machine: %1").arg(machine);
    }
    const QString def = policyValueText(defaults, key);
    return QStringLiteral("default: %1").arg(def.isEmpty() ? QStringLiteral("none") : def);
}

void PolicyTableModel::cellsChanged(PolicyKey key)
{
    const int row = rowOf(key);
    if (row >= 0)
        Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

QVariant PolicyTableModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const PolicyKey key = keyAt(index.row());
    const int column = index.column();
    if (role == KeyNameRole)
        return policyKeyName(key);
    const bool valueColumn = column == MachineColumn || column == UserColumn;
    const Scope scope = column == MachineColumn ? Scope::System : Scope::User;
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case KeyColumn: return policyKeyName(key);
        case MachineColumn:
        case UserColumn: {
            const QString t = text(scope, key);
            return t.isEmpty() ? notSet(inheritedText(scope, key)) : t;
        }
        case EnforcedColumn: return {};
        case EffectiveColumn: {
            const QString t = policyValueText(m_effective.policy, key);
            return t.isEmpty() ? QStringLiteral("(none)") : t;
        }
        case SourceColumn: return policySourceName(m_effective.source(key));
        }
        return {};
    case Qt::EditRole: return valueColumn ? QVariant(text(scope, key)) : QVariant();
    case Qt::CheckStateRole:
        if (column == EnforcedColumn)
            return isEnforced(key) ? Qt::Checked : Qt::Unchecked;
        return {};
    case Qt::ToolTipRole:
        if (column == KeyColumn)
            return QStringLiteral("%1\nAllowed: %2").arg(policyKeyDescription(key), policyKeyAllowed(key));
        if (column == UserColumn && isLocked(key))
            return QStringLiteral("enforced by the machine policy");
        if (column == EnforcedColumn)
            return QStringLiteral("Users cannot override the machine's value");
        if (valueColumn) {
            const QString e = error(scope, key);
            return e.isEmpty() ? QStringLiteral("Allowed: %1").arg(policyKeyAllowed(key)) : e;
        }
        return {};
    case Qt::ForegroundRole:
        if (valueColumn && text(scope, key).isEmpty())
            return QColor(0x78, 0x90, 0x9c); // inherited values read as hints
        if (valueColumn && !error(scope, key).isEmpty())
            return QColor(0xc6, 0x28, 0x28);
        return {};
    case ErrorRole: return valueColumn ? QVariant(error(scope, key)) : QVariant();
    case InheritedRole: return valueColumn ? QVariant(inheritedText(scope, key)) : QVariant();
    case LockedRole: return column == UserColumn && isLocked(key);
    case ModifiedRole:
        if (valueColumn)
            return canonicalPolicyText(key, text(scope, key)) != savedText(scope, key);
        if (column == EnforcedColumn)
            return isEnforced(key) != savedEnforced(key);
        return false;
    }
    return {};
}

QVariant PolicyTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case KeyColumn: return QStringLiteral("Setting");
    case MachineColumn: return QStringLiteral("Machine (System)");
    case EnforcedColumn: return QStringLiteral("Enforced");
    case UserColumn: return QStringLiteral("User");
    case EffectiveColumn: return QStringLiteral("In force");
    case SourceColumn: return QStringLiteral("From");
    }
    return {};
}

Qt::ItemFlags PolicyTableModel::flags(const QModelIndex& index) const
{
    if (!index.isValid() || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return Qt::NoItemFlags;
    const PolicyKey key = keyAt(index.row());
    switch (index.column()) {
    case MachineColumn: return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsEditable;
    case UserColumn:
        // Locked: the user's value would have no effect, so it cannot be edited here.
        return isLocked(key) ? Qt::ItemIsSelectable : Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsEditable;
    case EnforcedColumn:
        // Only a value can be enforced.
        return text(Scope::System, key).trimmed().isEmpty()
            ? Qt::ItemIsSelectable
            : Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable;
    default: return Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    }
}

bool PolicyTableModel::setData(const QModelIndex& index, const QVariant& value, int role)
{
    if (!index.isValid() || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)
        || !(flags(index) & Qt::ItemIsEnabled))
        return false;
    const PolicyKey key = keyAt(index.row());
    if (index.column() == EnforcedColumn && role == Qt::CheckStateRole) {
        const bool enforce = value.toInt() == Qt::Checked;
        if (enforce == savedEnforced(key))
            m_enforceEdits.remove(key);
        else
            m_enforceEdits[key] = enforce;
    } else if ((index.column() == MachineColumn || index.column() == UserColumn) && role == Qt::EditRole) {
        const Scope scope = index.column() == MachineColumn ? Scope::System : Scope::User;
        const QString t = value.toString();
        if (t == text(scope, key))
            return true;
        auto& edits = m_edits[int(scope)];
        if (t.trimmed() == savedText(scope, key))
            edits.remove(key);
        else
            edits[key] = t;
    } else {
        return false;
    }
    cellsChanged(key);
    Q_EMIT editsChanged();
    return true;
}

} // namespace certlife
