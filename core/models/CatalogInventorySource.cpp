// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "models/CatalogInventorySource.h"

#include "models/BackgroundPool.h"
#include "models/InventoryCache.h"
#include "policy/MonitoredStores.h"
#include "policy/PolicyStore.h"
#include "stores/Scanner.h"
#include "stores/StoreCatalog.h"
#include "util/Paths.h"

#include <QCoro/QCoroFuture>
#include <QFileInfo>
#include <QHash>
#include <QtConcurrent/QtConcurrentRun>
#include <unistd.h>

namespace certlife {

namespace {
struct CatalogSnapshot
{
    QList<StoreConfig> stores;
    QStringList problems;
};

// Both scopes' monitored stores, System first. Reads small files: off the UI thread.
CatalogSnapshot readCatalog()
{
    CatalogSnapshot snapshot;
    const PolicyStore policies;
    for (Scope scope : {Scope::System, Scope::User}) {
        const MonitoredStores monitored = monitoredStores(scope, policies.effective(scope).policy);
        snapshot.stores += monitored.stores;
        for (const QString& problem : monitored.problems) {
            if (!snapshot.problems.contains(problem)) // the catalog's own errors come once per scope
                snapshot.problems << problem;
        }
    }
    snapshot.problems += policies.problems();
    return snapshot;
}

// A lifecycle snapshot that could not be read (nothing is shown archived then).
QStringList archiveProblems(const Inventory& inventory)
{
    QStringList problems;
    for (const StoreInventory& store : inventory)
        if (!store.archived.problem.isEmpty() && !problems.contains(store.archived.problem))
            problems << store.archived.problem;
    return problems;
}

// The configured stores, each with its cached scan when there is one.
Inventory withCachedScans(const QList<StoreConfig>& stores, const Inventory& cached)
{
    QHash<QString, qsizetype> byKey;
    for (qsizetype i = 0; i < cached.size(); ++i)
        byKey.insert(cached[i].key(), i);
    Inventory inventory;
    for (const StoreConfig& config : stores) {
        StoreInventory store;
        store.config = config;
        const auto it = byKey.constFind(storeKey(config.scope, config.id));
        if (it != byKey.constEnd()) {
            store.scan = cached[*it].scan;
        } else {
            store.scan.storeId = config.id;
            store.scan.scope = config.scope;
        }
        inventory.append(std::move(store));
    }
    return inventory;
}
} // namespace

CatalogInventorySource::CatalogInventorySource(std::shared_ptr<const Clock> clock, QString cacheFile)
    : m_clock(std::move(clock)), m_cacheFile(cacheFile.isEmpty() ? InventoryCache::defaultFile() : std::move(cacheFile))
{}

void CatalogInventorySource::remember(const Inventory& inventory, const QStringList& problems)
{
    QMutexLocker lock(&m_mutex);
    m_knownStores.clear();
    for (const StoreInventory& store : inventory)
        m_knownStores << store.config;
    m_problems = problems;
}

QCoro::Task<Inventory> CatalogInventorySource::loadCached()
{
    auto future = QtConcurrent::run(backgroundPool(), [file = m_cacheFile] {
        CatalogSnapshot catalog = readCatalog();
        QString error;
        const Inventory cached = InventoryCache::load(file, &error);
        if (!error.isEmpty())
            catalog.problems << error;
        Inventory inventory = withCachedScans(catalog.stores, cached);
        recogniseArchivedIn(inventory);
        checkAccessIn(inventory);
        return std::make_pair(inventory, catalog.problems + archiveProblems(inventory));
    });
    auto [inventory, problems] = co_await future;
    remember(inventory, problems);
    co_return inventory;
}

QCoro::Task<Inventory> CatalogInventorySource::scan(ScanProgressCallback progress)
{
    auto catalogFuture = QtConcurrent::run(backgroundPool(), &readCatalog);
    const CatalogSnapshot catalog = co_await catalogFuture;

    ScanOptions options;
    options.clock = m_clock;
    options.cacheDirectory = Scanner::cacheDirectory(Scanner::processScope());
    Scanner scanner(options);
    // The Scanner reports by store id; ids repeat across scopes, and stores are scanned
    // in list order, so the current store is the next one with that id.
    const int total = int(catalog.stores.size());
    int current = 0;
    QObject::connect(&scanner, &Scanner::progress, &scanner, [&](const StoreScanProgress& p) {
        while (current < total && catalog.stores[current].id != p.storeId)
            ++current;
        if (current >= total || !progress)
            return;
        const StoreConfig& config = catalog.stores[current];
        progress(
            {current, total, config.displayName.isEmpty() ? config.id : config.displayName, p.filesDone, p.filesTotal});
    });
    QCoro::Task<QList<StoreScan>> scanning = scanStores(scanner, catalog.stores);
    const QList<StoreScan> scans = co_await scanning;
    if (progress)
        progress({total, total, QString(), 0, 0});

    Inventory inventory;
    for (qsizetype i = 0; i < catalog.stores.size() && i < scans.size(); ++i) {
        StoreInventory entry;
        entry.config = catalog.stores[i];
        entry.scan = scans[i];
        if (!entry.scan.scannedAt.isValid()) // a store that could not be scanned at all
            entry.scan.scannedAt = m_clock->now();
        inventory.append(std::move(entry));
    }
    auto recognising = QtConcurrent::run(backgroundPool(), [inventory]() mutable {
        recogniseArchivedIn(inventory);
        checkAccessIn(inventory);
        return inventory;
    });
    inventory = co_await recognising;
    const QStringList problems = catalog.problems + archiveProblems(inventory);
    remember(inventory, problems);

    auto saved = QtConcurrent::run(backgroundPool(), [file = m_cacheFile, inventory] {
        QString error;
        InventoryCache::save(file, inventory, &error);
        return error;
    });
    const QString saveError = co_await saved;
    if (!saveError.isEmpty())
        remember(inventory, problems + QStringList{saveError});
    co_return inventory;
}

bool CatalogInventorySource::canModify(Scope scope) const
{
    if (scope == Scope::User || ::geteuid() == 0)
        return true;
    // The system's stores.conf (or, before it exists, its directory) writable by us.
    const QFileInfo file(Paths::storesFile(Scope::System));
    return file.exists() ? file.isWritable() : QFileInfo(file.absolutePath()).isWritable();
}

QString CatalogInventorySource::validateStore(const StoreConfig& config) const
{
    const QString error = StoreCatalog::validate(config, true);
    if (!error.isEmpty())
        return error;
    QMutexLocker lock(&m_mutex);
    for (const StoreConfig& known : m_knownStores) {
        if (known.scope == config.scope && known.id == config.id)
            return QStringLiteral("a %1 store with the id \"%2\" exists already")
                .arg(scopeName(config.scope), config.id);
    }
    return {};
}

QString CatalogInventorySource::addStore(const StoreConfig& config)
{
    StoreCatalog catalog = StoreCatalog::load();
    return catalog.add(config);
}

QString CatalogInventorySource::removeStore(Scope scope, const QString& id)
{
    StoreCatalog catalog = StoreCatalog::load();
    return catalog.remove(scope, id);
}

QStringList CatalogInventorySource::watchedPaths() const
{
    QStringList paths{Paths::storesFile(Scope::System), Paths::storesFile(Scope::User)};
    QMutexLocker lock(&m_mutex);
    for (const StoreConfig& store : m_knownStores) {
        if (store.kind != StoreKind::TlsEndpoint && store.kind != StoreKind::Pkcs11) // not files
            paths << store.path;
    }
    return paths;
}

QStringList CatalogInventorySource::configurationProblems() const
{
    QMutexLocker lock(&m_mutex);
    return m_problems;
}

} // namespace certlife
