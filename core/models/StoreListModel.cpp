// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "models/StoreListModel.h"

#include "models/CertificateText.h"
#include "stores/CertificateLocations.h"

#include <QColor>

namespace certlife {

namespace {
bool sameStore(const StoreInventory& a, const StoreInventory& b)
{
    const StoreConfig& x = a.config;
    const StoreConfig& y = b.config;
    return x.displayName == y.displayName && x.kind == y.kind && x.path == y.path && x.readOnly == y.readOnly
        && x.recursive == y.recursive && a.scan.scannedAt == b.scan.scannedAt
        && a.scan.certificates.size() == b.scan.certificates.size() && a.scan.problems.size() == b.scan.problems.size()
        && a.scan.storeMissing == b.scan.storeMissing && a.access == b.access;
}
} // namespace

StoreListModel::StoreListModel(QObject* parent) : KeyedTableModel(parent) {}

int StoreListModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant StoreListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return KeyedTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case NameColumn: return tr("Store");
    case ScopeColumn: return tr("Scope");
    case KindColumn: return tr("Kind");
    case PathColumn: return tr("Path");
    case CountColumn: return tr("Certificates");
    case LastScanColumn: return tr("Last scan (UTC)");
    case ProblemsColumn: return tr("Problems");
    case AccessColumn: return tr("Access");
    case ColumnCount: break;
    }
    return {};
}

QList<ScanProblem> StoreListModel::problemsOf(const StoreInventory& store)
{
    QList<ScanProblem> problems;
    // A token that could not be read: one line, the helper's reason (the module that
    // crashed or hung), saying that what it held is kept.
    if (store.scan.storeMissing && store.config.kind == StoreKind::Pkcs11 && !store.scan.problems.isEmpty()) {
        problems = store.scan.problems;
        problems.first().error = tr("%1 (the token's certificates are kept as last seen)").arg(problems.first().error);
        return problems;
    }
    // An endpoint store none of whose names resolves lists each name's own problem.
    if (store.scan.storeMissing && store.config.kind != StoreKind::TlsEndpoint)
        problems.append({store.config.path,
                         store.config.kind == StoreKind::Pkcs11
                             ? tr("The token could not be read (its certificates are kept as last seen)")
                             : tr("The store's path does not exist")});
    problems += store.scan.problems;
    return problems;
}

QString StoreListModel::kindText(StoreKind kind)
{
    switch (kind) {
    case StoreKind::Directory: return tr("Directory");
    case StoreKind::File: return tr("File");
    case StoreKind::TlsEndpoint: return tr("TLS endpoints");
    case StoreKind::KeyStore: return tr("Java keystore");
    case StoreKind::Pkcs11: return tr("PKCS#11 token");
    case StoreKind::Nss: return tr("NSS database");
    }
    return {};
}

QString StoreListModel::displayText(const StoreInventory& store, int column) const
{
    switch (Column(column)) {
    case NameColumn: return store.displayName();
    case ScopeColumn: return scopeName(store.config.scope);
    case KindColumn: {
        const QString kind = kindText(store.config.kind);
        return store.config.recursive ? tr("%1 (recursive)").arg(kind) : kind;
    }
    case PathColumn: return store.config.path;
    case CountColumn: return store.hasBeenScanned() ? QString::number(certificateCount(store)) : QString();
    case LastScanColumn: return store.hasBeenScanned() ? formatUtcCompact(store.scan.scannedAt) : tr("Not scanned yet");
    case ProblemsColumn: {
        if (!store.hasBeenScanned())
            return {};
        if (store.config.kind == StoreKind::TlsEndpoint)
            return store.scan.problems.isEmpty() ? tr("None")
                                                 : tr("%n unreachable", nullptr, int(store.scan.problems.size()));
        if (store.scan.storeMissing)
            return store.config.kind == StoreKind::Pkcs11 ? tr("Token unreadable") : tr("Path missing");
        return store.scan.problems.isEmpty() ? tr("None") : QString::number(store.scan.problems.size());
    }
    case AccessColumn:
        // What this user may do there (the real check), not only what the configuration says.
        switch (store.access) {
        case StoreAccess::ReadWrite: return tr("Read-write");
        case StoreAccess::ReadOnly:
            if (store.config.kind == StoreKind::TlsEndpoint)
                return tr("Read-only (probed)");
            return store.config.readOnly ? tr("Read-only") : tr("Read-only (no write permission)");
        case StoreAccess::Unreadable: return tr("No access (cannot read)");
        case StoreAccess::Missing: return tr("Path missing");
        case StoreAccess::Unknown: break;
        }
        return store.config.readOnly ? tr("Read-only") : tr("Read-write"); // as configured
    case ColumnCount: break;
    }
    return {};
}

QVariant StoreListModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const StoreInventory& store = m_rows.at(index.row());
    const int problemCount = int(problemsOf(store).size());
    switch (role) {
    case Qt::DisplayRole: return displayText(store, index.column());
    case Qt::ToolTipRole:
        if (index.column() == NameColumn)
            return tr("Id: %1").arg(store.config.id);
        if (index.column() == PathColumn)
            return store.config.path;
        if (index.column() == KindColumn && store.config.kind == StoreKind::TlsEndpoint)
            return tr("What the services at these HOST:PORTs serve, probed on every scan");
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == CountColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::ForegroundRole:
        if (index.column() == ProblemsColumn && problemCount > 0)
            return QColor(0xC6, 0x28, 0x28);
        return {};
    case StoreKeyRole: return store.key();
    case ScopeRole: return int(store.config.scope);
    case ReadOnlyRole: return store.config.readOnly;
    case ProblemCountRole: return problemCount;
    case KindRole: return int(store.config.kind);
    case SortRole:
        if (index.column() == CountColumn)
            return qlonglong(certificateCount(store));
        if (index.column() == ProblemsColumn)
            return problemCount;
        if (index.column() == LastScanColumn)
            return store.scan.scannedAt;
        return displayText(store, index.column());
    default: return {};
    }
}

qsizetype StoreListModel::certificateCount(const StoreInventory& store) const
{
    return m_certificateCounts.value(store.key(), store.scan.certificates.size());
}

void StoreListModel::setInventory(const Inventory& inventory)
{
    // A certificate at several paths of a store counts once (stores/CertificateLocations.h).
    m_certificateCounts.clear();
    for (const StoreInventory& store : inventory)
        m_certificateCounts.insert(store.key(), certlife::certificateCount(store.scan));
    updateRows(
        inventory, [](const StoreInventory& s) { return s.key(); }, &sameStore, kAlwaysIncremental);
}

int StoreListModel::findStore(const QString& key) const
{
    for (qsizetype i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).key() == key)
            return int(i);
    }
    return -1;
}

} // namespace certlife
