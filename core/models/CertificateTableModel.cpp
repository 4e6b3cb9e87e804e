// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "models/CertificateTableModel.h"

#include "endpoints/Endpoint.h"
#include "models/BackgroundPool.h"
#include "models/CertificateText.h"
#include "models/ExpiryColors.h"
#include "stores/CertificateLocations.h"

#include <QtConcurrent/QtConcurrentMap>
#include <algorithm>

namespace certlife {

namespace {
// A rescan that removes more rows than this resets the model instead: many scattered
// removals cost a proxy and a view more than one reset.
constexpr int kMaxIncrementalRemovals = 2000;

bool sameRowContent(const CertificateRow& a, const CertificateRow& b)
{
    return a.storeName() == b.storeName() && a.sameLocations(b)
        && a.certificate().hasPrivateKey == b.certificate().hasPrivateKey && a.expiry.state == b.expiry.state
        && a.expiry.daysLeft == b.expiry.daysLeft && a.expiry.lifetimeLeftPercent == b.expiry.lifetimeLeftPercent
        && a.expiry.longExpired == b.expiry.longExpired && a.expiry.successor == b.expiry.successor
        && a.servedAt == b.servedAt;
}

// Sources (anything with an `expiry`) in moreUrgent() order, ties in their order.
template <typename Source> void sortByUrgency(std::vector<Source>& sources)
{
    // moreUrgent() as one comparable key per row (its group, then the seconds left, the
    // newest expiry first among the expired), sorted beside the row's position: the sort
    // moves 16-byte keys, not whole classifications, and calls nothing per comparison.
    struct Key
    {
        qint64 group : 8;
        qint64 position : 56;
        qint64 seconds;
    };
    std::vector<Key> keys;
    keys.reserve(sources.size());
    for (size_t i = 0; i < sources.size(); ++i) {
        const ExpiryInfo& expiry = sources[i].expiry;
        const UrgencyGroup group = urgencyGroup(expiry);
        const bool expired = group == UrgencyGroup::RecentlyExpired || group == UrgencyGroup::LongExpired;
        keys.push_back({qint64(group), qint64(i), expired ? -expiry.remainingSeconds : expiry.remainingSeconds});
    }
    std::stable_sort(keys.begin(), keys.end(), [](const Key& a, const Key& b) {
        return a.group != b.group ? a.group < b.group : a.seconds < b.seconds;
    });
    std::vector<Source> sorted;
    sorted.reserve(sources.size());
    for (const Key& key : keys)
        sorted.push_back(std::move(sources[size_t(key.position)]));
    sources = std::move(sorted);
}
} // namespace

CertificateTableModel::CertificateTableModel(std::shared_ptr<const Clock> clock, QObject* parent)
    : KeyedTableModel(parent), m_clock(std::move(clock))
{
    m_freshIsUnique = true; // buildRows: one row per (store, certificate)
}

int CertificateTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString CertificateTableModel::columnTitle(int column)
{
    switch (Column(column)) {
    case SubjectColumn: return tr("Subject");
    case SansColumn: return tr("Alternative names");
    case IssuerColumn: return tr("Issuer");
    case StoreColumn: return tr("Store");
    case NotAfterColumn: return tr("Expires (UTC)");
    case DaysLeftColumn: return tr("Days left");
    case LifetimeColumn: return tr("Lifetime left");
    case StateColumn: return tr("State");
    case ThumbprintColumn: return tr("Thumbprint");
    case TemplateColumn: return tr("Template");
    case EkusColumn: return tr("Extended key usage");
    case PrivateKeyColumn: return tr("Private key");
    case LocationsColumn: return tr("Locations");
    case PathColumn: return tr("Path");
    case ServedColumn: return tr("Served");
    case HostColumn: return tr("Host");
    case ColumnCount: break;
    }
    return {};
}

QVariant CertificateTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return KeyedTableModel::headerData(section, orientation, role);
    if (role == Qt::DisplayRole)
        return columnTitle(section);
    if (role == Qt::ToolTipRole && section == StateColumn) {
        const ExpiryThreshold& system = m_thresholds.system;
        const ExpiryThreshold& user = m_thresholds.user;
        if (system == user)
            return tr("Expiring: within the policy's warning threshold (%1)").arg(system.describe());
        return tr("Expiring: within the policy's warning threshold (System stores: %1; User stores: %2)")
            .arg(system.describe(), user.describe());
    }
    return {};
}

QVariant CertificateTableModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const CertificateRow& row = m_rows.at(index.row());
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole: return displayText(row, column);
    case Qt::ToolTipRole: return toolTipData(row, column);
    case Qt::TextAlignmentRole:
        if (column == DaysLeftColumn || column == LifetimeColumn || column == LocationsColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::DecorationRole:
        if (column == StateColumn)
            return expiryStateColor(row.expiry.state);
        return {};
    case Qt::ForegroundRole:
        if (column == DaysLeftColumn && row.expiry.state == ExpiryState::Expired)
            return expiryStateColor(ExpiryState::Expired);
        return {};
    case SortRole: return sortData(row, column);
    case StateRole: return int(row.expiry.state);
    case UrgencyRole: return int(urgencyGroup(row.expiry));
    case StateColorRole: return expiryStateColor(row.expiry.state);
    case ThumbprintRole: return row.thumbprint();
    case StoreKeyRole: return row.storeKey();
    case PathRole: return row.stored().path;
    case LifetimePercentRole: return row.expiry.lifetimeLeftPercent;
    case ServedRole: return !row.servedAt.isEmpty();
    case HostRole: return row.host();
    default: return {};
    }
}

QString CertificateTableModel::displayText(const CertificateRow& row, int column) const
{
    const Certificate& c = row.certificate();
    switch (Column(column)) {
    case SubjectColumn: return c.displayName();
    case SansColumn: return row.sanText();
    case IssuerColumn: return shortDnName(c.issuer);
    case StoreColumn: return row.storeName();
    case NotAfterColumn: return formatUtcCompact(c.notAfter());
    case DaysLeftColumn: return QString::number(row.expiry.daysLeft);
    case LifetimeColumn: return formatPercent(row.expiry.lifetimeLeftPercent);
    case StateColumn: return expiryStateText(row.expiry);
    case ThumbprintColumn: return row.thumbprint();
    case TemplateColumn: return c.templateName;
    case EkusColumn: return ekuListText(c.ekus);
    case PrivateKeyColumn: return c.hasPrivateKey ? tr("Yes") : tr("No");
    case LocationsColumn: return QString::number(row.locationCount());
    case PathColumn: return row.pathText();
    case ServedColumn: return servedText(row.servedAt);
    case HostColumn: return row.host();
    case ColumnCount: break;
    }
    return {};
}

QString CertificateTableModel::servedText(const QList<ServedLocation>& servedAt)
{
    // "Served at www.example.org:443" (+N other endpoints): the endpoint, not each address.
    QStringList endpoints;
    for (const ServedLocation& at : servedAt) {
        const QString endpoint = endpointOfLocation(at.location);
        const QString shown = endpoint.isEmpty() ? at.location : endpoint;
        if (!endpoints.contains(shown))
            endpoints << shown;
    }
    if (endpoints.isEmpty())
        return {};
    if (endpoints.size() == 1)
        return tr("Served at %1").arg(endpoints.first());
    return tr("Served at %1 +%2").arg(endpoints.first()).arg(endpoints.size() - 1);
}

QVariant CertificateTableModel::sortData(const CertificateRow& row, int column) const
{
    const Certificate& c = row.certificate();
    switch (Column(column)) {
    case NotAfterColumn:
    case DaysLeftColumn: return c.notAfterSecs; // finer than whole days, same order
    case LifetimeColumn: return row.expiry.lifetimeLeftPercent;
    case StateColumn: return int(urgencyGroup(row.expiry)); // CertificateFilterModel refines it (moreUrgent)
    case PrivateKeyColumn: return c.hasPrivateKey ? 1 : 0;
    case LocationsColumn: return qlonglong(row.locationCount());
    case ServedColumn: return qlonglong(row.servedAt.size());
    default: return displayText(row, column).toCaseFolded();
    }
}

QVariant CertificateTableModel::toolTipData(const CertificateRow& row, int column) const
{
    const Certificate& c = row.certificate();
    switch (Column(column)) {
    case SubjectColumn: return c.subject;
    case SansColumn: return c.sanStrings().join(QLatin1Char('\n'));
    case IssuerColumn: return c.issuer;
    case StoreColumn:
    case LocationsColumn:
    case PathColumn: {
        QStringList paths;
        for (const CertificateLocation& location : row.allLocations())
            paths << storedLocation(storedAt(c, location)); // keystore:FILE alias for an entry
        return paths.join(QLatin1Char('\n'));
    }
    case NotAfterColumn:
    case DaysLeftColumn: return daysLeftText(row.expiry.daysLeft); // the number the column shows
    case ServedColumn: {
        QStringList lines;
        for (const ServedLocation& at : row.servedAt)
            lines << (at.chainIndex == 0 ? tr("%1 (store %2)").arg(at.location, at.storeName)
                                         : tr("%1 (store %2), as chain certificate %3")
                                               .arg(at.location, at.storeName)
                                               .arg(at.chainIndex + 1));
        return lines.join(QLatin1Char('\n'));
    }
    case StateColumn:
        if (row.expiry.state == ExpiryState::Archived)
            return tr("Archived: superseded by a renewal the lifecycle engine recognised; no expiry warnings, "
                      "not counted. The details name its successor.");
        if (row.expiry.state == ExpiryState::Acknowledged)
            return tr("%1 (%2 by its dates): no expiry warnings, not counted. %3")
                .arg(expiryStateText(row.expiry), expiryStateName(row.expiry.timeBin), row.expiry.acknowledgement);
        if (row.expiry.longExpired)
            return tr("Long expired: expired more than %1 days ago (LongExpiredDays); listed last in the most "
                      "urgent order")
                .arg(m_thresholds.of(row.scope()).longExpiredDays);
        return tr("Expiring: within the warning threshold of the %1 policy (%2)")
            .arg(scopeName(row.scope()), m_thresholds.of(row.scope()).describe());
    default: return {};
    }
}

QList<CertificateRow> CertificateTableModel::buildRows(const Inventory& inventory, const QDateTime& now,
                                                       const ExpiryThresholds& thresholds, RowOrder order)
{
    return RowPlan(inventory, now, thresholds, order).rows();
}

CertificateTableModel::RowPlan::RowPlan(Inventory inventory, const QDateTime& now, const ExpiryThresholds& thresholds,
                                        RowOrder order)
{
    auto shared = std::make_shared<RowInventory>();
    shared->inventory = std::move(inventory);
    // Read through const from here on: a shared list is never detached, so the rows'
    // references stay the inventory's.
    const Inventory& stores = std::as_const(shared->inventory);
    const CertificateClassifier classifier = inventoryClassifier(stores, now, thresholds);
    m_served = servedLocations(stores);

    // One entry per certificate and store, with its locations (locationGroups()).
    m_groups.reserve(stores.size());
    shared->stores.reserve(stores.size());
    for (const StoreInventory& store : stores) {
        m_groups.append(locationGroups(store.scan));
        shared->stores.append({store.key(), store.displayName(),
                               store.config.kind == StoreKind::Directory ? store.config.path : QString()});
    }
    m_inventory = std::move(shared);

    // Where each row comes from, in the order the rows are wanted. By urgency: the order
    // the table's default sort shows (most urgent first; ties in inventory order), so a
    // sorting proxy finds the rows already in place instead of sorting 100,000 rows
    // scattered in memory on the UI thread, and the first rows are the first screen.
    // Reserved once: a fleet has thousands of stores, and growing to each store's exact
    // size moved every row planned so far once per store.
    size_t total = 0;
    for (const QList<QList<qsizetype>>& ofStore : std::as_const(m_groups))
        total += size_t(ofStore.size());
    m_sources.reserve(total);
    for (qsizetype s = 0; s < stores.size(); ++s) {
        const QList<QList<qsizetype>>& ofStore = m_groups[s];
        const StoreInventory& store = stores[s];
        for (qsizetype g = 0; g < ofStore.size(); ++g) {
            const StoredCertificate& primary = store.scan.certificates[ofStore[g].constFirst()];
            m_sources.push_back(
                {classifier.classify(store.config.scope, primary.certificate, store.config.id, primary.path), s, g});
        }
    }
    if (order == RowOrder::ByUrgency)
        sortByUrgency(m_sources);
}

CertificateRow CertificateTableModel::RowPlan::buildRow(const Source& source) const
{
    const StoreInventory& store = m_inventory->inventory[source.store];
    const QList<qsizetype>& group = m_groups[source.store][source.group];
    QList<CertificateLocation> locations; // only when there are several
    if (group.size() > 1) {
        locations.reserve(group.size());
        for (const qsizetype i : group)
            locations.append(locationOf(store.scan.certificates[i]));
    }
    CertificateRow row(m_inventory, source.store, group.constFirst(), std::move(locations), source.expiry);
    if (!m_served.isEmpty() && store.config.kind != StoreKind::TlsEndpoint)
        row.servedAt = m_served.value(sha256Key(row.certificate().sha256));
    return row;
}

QList<CertificateRow> CertificateTableModel::RowPlan::rows(qsizetype count) const
{
    const qsizetype total = count < 0 ? size() : std::min(count, size());
    // Rows are built in slices on every core, each slice straight into its place in the
    // result.
    QList<CertificateRow> rows(total);
    constexpr qsizetype kSlice = 4096;
    CertificateRow* out = rows.data();
    auto build = [&](qsizetype begin) {
        const qsizetype end = std::min(total, begin + kSlice);
        for (qsizetype i = begin; i < end; ++i)
            out[i] = buildRow(m_sources[size_t(i)]);
    };
    if (total <= kSlice) { // a screenful: not worth waiting for a busy pool
        build(0);
        return rows;
    }
    QList<qsizetype> slices;
    for (qsizetype begin = 0; begin < total; begin += kSlice)
        slices.append(begin);
    QtConcurrent::blockingMap(backgroundPool(), slices, build);
    return rows;
}

void CertificateTableModel::setInventory(const Inventory& inventory)
{
    setRows(buildRows(inventory, m_clock->now(), m_thresholds));
}

void CertificateTableModel::setRows(QList<CertificateRow> fresh)
{
    updateRows(
        std::move(fresh), [](const CertificateRow& row) { return row.identity(); }, &sameRowContent,
        kMaxIncrementalRemovals);
}

void CertificateTableModel::setThresholds(const ExpiryThresholds& thresholds)
{
    if (thresholds == m_thresholds)
        return;
    m_thresholds = thresholds;
    Q_EMIT headerDataChanged(Qt::Horizontal, StateColumn, StateColumn);
    refreshExpiry();
}

void CertificateTableModel::refreshExpiry()
{
    const qint64 nowSecs = m_clock->now().toSecsSinceEpoch();
    qsizetype firstChanged = -1, lastChanged = -1;
    for (qsizetype i = 0; i < m_rows.size(); ++i) {
        CertificateRow& row = m_rows[i];
        // What besides the dates decided the row stays as the last scan found it.
        const ExpiryStanding standing = row.expiry.standing();
        const ExpiryInfo info = classifyExpiry(row.certificate().notBeforeSecs, row.certificate().notAfterSecs, nowSecs,
                                               m_thresholds.of(row.scope()), standing);
        if (info.state == row.expiry.state && info.daysLeft == row.expiry.daysLeft
            && info.lifetimeLeftPercent == row.expiry.lifetimeLeftPercent && info.longExpired == row.expiry.longExpired
            && info.acknowledged == row.expiry.acknowledged)
            continue;
        row.expiry = info;
        if (firstChanged < 0)
            firstChanged = i;
        lastChanged = i;
    }
    if (firstChanged >= 0)
        Q_EMIT dataChanged(index(int(firstChanged), std::min({StateColumn, DaysLeftColumn, LifetimeColumn})),
                           index(int(lastChanged), std::max({StateColumn, DaysLeftColumn, LifetimeColumn})));
}

int CertificateTableModel::findSha256(const Sha256Digest& sha256, const QString& preferredStoreKey) const
{
    int found = -1;
    for (qsizetype i = 0; i < m_rows.size(); ++i) {
        const CertificateRow& row = m_rows.at(i);
        if (row.certificate().sha256 != sha256)
            continue;
        if (row.storeKey() == preferredStoreKey)
            return int(i);
        if (found < 0)
            found = int(i);
    }
    return found;
}

int CertificateTableModel::findThumbprint(const QString& thumbprint) const
{
    const QString wanted = thumbprint.toUpper();
    for (qsizetype i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).thumbprint() == wanted)
            return int(i);
    }
    return -1;
}

} // namespace certlife
