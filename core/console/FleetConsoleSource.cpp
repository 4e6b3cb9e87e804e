// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "console/FleetConsoleSource.h"

#include "fleet/FleetCertificates.h"
#include "models/BackgroundPool.h"

#include <QCoro/QCoroFuture>
#include <QJsonObject>
#include <QSet>
#include <algorithm>
#include <tuple>

namespace certlife {

namespace {

using namespace certlife::fleet;

// A connection for one call, on the calling thread; null and *error when it fails.
std::unique_ptr<FleetConnection> open(const FleetLocation& location, FleetError* error)
{
    QString why;
    const std::optional<FleetAddress> address = parseFleetAddress(location.uri, &why);
    if (!address) {
        *error = {FleetFailure::Refused, why};
        return nullptr;
    }
    QString password;
    if (!location.passwordFile.isEmpty()) {
        const std::optional<QString> read = readPasswordFile(location.passwordFile, false, &why);
        if (!read) {
            *error = {FleetFailure::LoginRefused, why};
            return nullptr;
        }
        password = *read;
    }
    auto connection = std::make_unique<FleetConnection>();
    if (!connection->open(*address, password, error)) {
        error->message = QStringLiteral("cannot %1 the fleet database: %2")
                             .arg(error->failure == FleetFailure::LoginRefused ? QStringLiteral("log in to")
                                                                               : QStringLiteral("connect to"),
                                  error->message);
        return nullptr;
    }
    return connection;
}

// The state an agent wrote, by its key ("expired") or its name ("Expired"); an unknown
// one counts as healthy.
ExpiryState agentState(const QString& written)
{
    ExpiryState state = ExpiryState::Healthy;
    if (parseExpiryStateKey(written, &state))
        return state;
    for (int i = 0; i < kExpiryStateCount; ++i) {
        if (written.compare(expiryStateName(ExpiryState(i)), Qt::CaseInsensitive) == 0)
            return ExpiryState(i);
    }
    return ExpiryState::Healthy;
}

} // namespace

FleetConsoleSource::FleetConsoleSource(FleetLocation location, std::shared_ptr<const Clock> clock)
    : m_location(std::move(location)), m_clock(std::move(clock))
{}

QString FleetConsoleSource::readOnlyReason()
{
    return QStringLiteral("The console shows the fleet, read-only: each host's agent changes its own stores. "
                          "File \u2192 This computer to change this computer's.");
}

std::optional<QList<FleetHostStatus>> FleetConsoleSource::hosts(FleetError* error) const
{
    const std::unique_ptr<FleetConnection> connection = open(m_location, error);
    if (!connection)
        return std::nullopt;
    return FleetReader(connection->database(), m_clock).hosts(error);
}

namespace {

// The fleet's rows as the console's inventory, one row at a time: a store per host,
// channel and store, in the order the rows come.
class InventoryBuilder
{
public:
    explicit InventoryBuilder(QDateTime readAt) : m_readAt(std::move(readAt)) {}

    void add(const FleetCertificateRow& row)
    {
        const FleetCertificate& c = row.certificate;
        const Scope scope = fleetScopeOf(c);
        const QString id = fleetStoreId(row.host, c.store);
        const QString key = storeKey(scope, id);
        qsizetype index = m_storeIndex.value(key, -1);
        if (index < 0) {
            StoreInventory store;
            store.host = row.host;
            store.config.id = id;
            store.config.displayName = fleetStoreName(row.host, c.store, scope);
            store.config.scope = scope;
            store.config.readOnly = true;
            store.scan.storeId = id;
            store.scan.scope = scope;
            store.scan.scannedAt = m_readAt;
            store.access = StoreAccess::ReadOnly;
            index = m_inventory.size();
            m_storeIndex.insert(key, index);
            m_inventory << store;
        }
        StoreInventory& store = m_inventory[index];
        StoredCertificate stored;
        stored.certificate = certificateOf(c);
        // A fleet's certificates share a few issuers and key algorithms: one string each.
        share(stored.certificate.issuer);
        share(stored.certificate.keyAlgorithm);
        // Its CN is most often its first name: one string for both.
        for (const SubjectAltName& san : std::as_const(stored.certificate.sans)) {
            if (san.value == stored.certificate.subjectCN) {
                stored.certificate.subjectCN = san.value;
                break;
            }
        }
        stored.path = c.paths.value(0);
        store.scan.certificates << stored;
        // The other places of the store that hold it, as a scan lists them.
        for (qsizetype i = 1; i < c.paths.size(); ++i) {
            StoredCertificate other = stored;
            other.path = c.paths.at(i);
            store.scan.certificates << other;
        }
        // Its files' scan problems, as this computer's scans list theirs (the Stores page).
        for (const QJsonValue& value : c.problems) {
            const QJsonObject problem = value.toObject();
            const ScanProblem p{problem.value(QLatin1String("path")).toString(),
                                problem.value(QLatin1String("error")).toString()};
            // A set, not a search of the list: a store whose files a local user filled
            // with 100,000 broken ones must not take minutes here (NULs between: a path
            // holds none).
            const QString seen = QString::number(index) + QChar(0) + p.path + QChar(0) + p.error;
            if (!m_problemsSeen.contains(seen)) {
                m_problemsSeen.insert(seen);
                store.scan.problems << p;
            }
        }
        if (row.updatedAt.isValid() && row.updatedAt < store.scan.scannedAt)
            store.scan.scannedAt = row.updatedAt;
    }

    // By host, channel and store: the order of the Overview's first numbers (loadSummary).
    Inventory take()
    {
        for (StoreInventory& store : m_inventory) // grown one row at a time: give back the spare room
            store.scan.certificates.squeeze();
        std::sort(m_inventory.begin(), m_inventory.end(), [](const StoreInventory& a, const StoreInventory& b) {
            return std::make_tuple(a.host, scopeName(a.config.scope), a.scan.storeId)
                < std::make_tuple(b.host, scopeName(b.config.scope), b.scan.storeId);
        });
        return std::move(m_inventory);
    }

private:
    void share(QString& value)
    {
        const auto found = m_shared.constFind(value);
        if (found != m_shared.cend())
            value = *found;
        else
            m_shared.insert(value);
    }

    QDateTime m_readAt;
    QSet<QString> m_shared; // repeated values, each kept once (share())
    Inventory m_inventory;
    QHash<QString, qsizetype> m_storeIndex; // storeKey(scope, "HOST/STORE")
    QSet<QString> m_problemsSeen;           // store index, path and error of each problem kept
};

} // namespace

Inventory FleetConsoleSource::inventoryOf(const QList<FleetCertificateRow>& rows, const QDateTime& readAt)
{
    InventoryBuilder builder(readAt);
    for (const FleetCertificateRow& row : rows)
        builder.add(row);
    return builder.take();
}

QCoro::Task<Inventory> FleetConsoleSource::loadCached()
{
    auto future = inBackground([location = m_location, clock = m_clock] {
        // Each row goes into the inventory as it is read: 200,000 of them are never held
        // twice (docs/performance.md, "Fleet: the console").
        FleetError error;
        InventoryBuilder builder(clock->now());
        bool read = false;
        if (const std::unique_ptr<FleetConnection> connection = open(location, &error))
            read = FleetReader(connection->database(), clock)
                       .forEachCertificate(
                           {}, [&builder](FleetCertificateRow&& row) { builder.add(row); }, &error);
        return std::make_pair(read ? builder.take() : Inventory(), read ? QString() : error.message);
    });
    auto [inventory, error] = co_await future;
    m_problems = error.isEmpty() ? QStringList() : QStringList{error};
    co_return inventory;
}

QCoro::Task<std::optional<ExpirySummary>> FleetConsoleSource::loadSummary(const QDateTime& now,
                                                                          ExpiryThresholds thresholds) const
{
    auto future = inBackground([location = m_location, clock = m_clock, now, thresholds] {
        FleetError error;
        const std::unique_ptr<FleetConnection> connection = open(location, &error);
        if (!connection)
            return std::optional<ExpirySummary>();
        const int longDays = thresholds.system.longExpiredDays;
        const QDateTime longAgo = longDays > 0 ? now.addDays(-longDays) : QDateTime::fromSecsSinceEpoch(0, Qt::UTC);
        const std::optional<QList<FleetExpiryCount>> counts =
            FleetReader(connection->database(), clock)
                .expiryCounts(longAgo, ExpirySummary::monthBoundaries(now), &error);
        if (!counts)
            return std::optional<ExpirySummary>();
        // The stores as the inventory names them (storeKey of "HOST/STORE"), in order.
        QList<StoreExpiry> stores;
        QHash<QString, qsizetype> storeIndex;
        QList<ExpirySummary::Count> summed;
        for (const FleetExpiryCount& c : *counts) {
            Scope scope = Scope::System;
            parseScope(c.channel, &scope);
            const QString key = storeKey(scope, fleetStoreId(c.host, c.store));
            qsizetype index = storeIndex.value(key, -1);
            if (index < 0) {
                index = stores.size();
                storeIndex.insert(key, index);
                stores.append({key, fleetStoreName(c.host, c.store, scope), {}, true});
            }
            ExpirySummary::Count count;
            count.store = index;
            count.state = agentState(c.state);
            count.longExpired = count.state == ExpiryState::Expired && c.expiredBefore && longDays > 0;
            count.month = c.period;
            count.count = c.count;
            summed << count;
        }
        return std::optional<ExpirySummary>(ExpirySummary::fromCounts(stores, summed, now));
    });
    std::optional<ExpirySummary> summary = co_await future;
    co_return summary;
}

QCoro::Task<Inventory> FleetConsoleSource::scan(ScanProgressCallback)
{
    QCoro::Task<Inventory> reading = loadCached();
    Inventory inventory = co_await reading;
    co_return inventory;
}

EventPage FleetConsoleSource::fetch(const EventQuery& query) const
{
    EventPage page;
    FleetError error;
    const std::unique_ptr<FleetConnection> connection = open(m_location, &error);
    std::optional<QList<LifecycleEvent>> events;
    if (connection)
        events = FleetReader(connection->database(), m_clock).events(query, &error);
    if (events)
        page.events = *events;
    else
        page.error = error.message;
    return page;
}

qint64 FleetConsoleSource::latestRecordId(Scope) const
{
    // Record ids are per host and log: no one number grows with the fleet's events, so
    // the models look for events newer than the newest shown (hasChannelRecordIds).
    return 0;
}

qint64 FleetConsoleSource::count(const EventQuery& query) const
{
    FleetError error;
    const std::unique_ptr<FleetConnection> connection = open(m_location, &error);
    if (!connection)
        return -1;
    return FleetReader(connection->database(), m_clock).countEvents(query, &error).value_or(-1);
}

} // namespace certlife
