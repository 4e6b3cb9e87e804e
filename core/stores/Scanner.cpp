// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "stores/Scanner.h"

#include "stores/EndpointStore.h"
#include "stores/ScanJob.h"
#include "util/Paths.h"

#include <QCoro/QCoroFuture>
#include <QtConcurrent/QtConcurrentRun>
#include <unistd.h>

namespace certlife {

struct Scanner::Shared
{
    ScanOptions options;
    std::shared_ptr<ProgressRelay> relay;
    QHash<QString, ScanCache> memoryCaches; // per store, when options.cacheDirectory is empty
    QList<std::shared_ptr<ScanJob>> running;
    bool cancelled = false;
};

namespace {

QString memoryCacheKey(const StoreConfig& config)
{
    return scopeName(config.scope) + QLatin1Char('/') + config.id;
}

} // namespace

Scanner::Scanner(ScanOptions options, QObject* parent) : QObject(parent), d(std::make_shared<Shared>())
{
    qRegisterMetaType<StoreScanProgress>();
    d->options = std::move(options);
    d->relay = std::make_shared<ProgressRelay>(this);
}

Scanner::~Scanner()
{
    d->relay->detach();
    cancel();
}

QCoro::Task<StoreScan> Scanner::scan(std::shared_ptr<const Store> store)
{
    return scan(std::move(store), ScanSink());
}

QCoro::Task<StoreScan> Scanner::scan(std::shared_ptr<const Store> store, ScanSink sink)
{
    // Only `shared` is used after the co_await: the Scanner may be deleted meanwhile.
    const std::shared_ptr<Shared> shared = d;
    const QString key = memoryCacheKey(store->config());
    const bool streaming = bool(sink);
    const bool memoryCache = shared->options.cacheDirectory.isEmpty() && !streaming;
    std::optional<ScanCache> memory;
    if (memoryCache)
        memory = shared->memoryCaches.take(key);
    auto job =
        std::make_shared<ScanJob>(std::move(store), shared->options, shared->relay, std::move(memory), std::move(sink));
    if (shared->cancelled) // cancel() came between two scans of one pass
        job->cancel();
    shared->running.append(job);

    // A future without a result: QCoro's watcher lives until the next event loop pass,
    // and a StoreScan in the future would keep 100,000 certificates alive that long
    // after the caller dropped them.
    const QFuture<void> work = QtConcurrent::run([job] { job->run(); });
    co_await work;
    StoreScan result = job->takeResult();

    shared->running.removeOne(job);
    if (memoryCache)
        shared->memoryCaches.insert(key, job->takeCache());
    co_return result;
}

void Scanner::cancel()
{
    d->cancelled = true;
    for (const auto& job : std::as_const(d->running))
        job->cancel();
}

int Scanner::scansRunning() const
{
    return int(d->running.size());
}

const ScanOptions& Scanner::options() const
{
    return d->options;
}

QString Scanner::cacheDirectory(Scope processScope)
{
    return Paths::stateDir(processScope) + QStringLiteral("/scan-cache");
}

Scope Scanner::processScope()
{
    return ::geteuid() == 0 ? Scope::System : Scope::User;
}

QCoro::Task<QList<StoreScan>> scanStores(Scanner& scanner, QList<StoreConfig> stores)
{
    QList<StoreScan> scans;
    scans.reserve(stores.size());
    bool cancelled = false;
    for (const StoreConfig& config : stores) {
        if (cancelled) { // a stop does not wait for the other stores' scans
            StoreScan skipped;
            skipped.storeId = config.id;
            skipped.scope = config.scope;
            skipped.cancelled = true;
            scans.append(std::move(skipped));
            continue;
        }
        if (config.kind == StoreKind::TlsEndpoint) {
            ProbeOptions probeOptions = scanner.options().endpointProbe;
            if (!probeOptions.clock)
                probeOptions.clock = scanner.options().clock;
            QCoro::Task<StoreScan> probing = scanEndpointStore(config, probeOptions);
            scans.append(co_await probing);
            continue;
        }
        QString error;
        std::shared_ptr<Store> store = makeStore(config, &error);
        if (!store) {
            StoreScan failed;
            failed.storeId = config.id;
            failed.scope = config.scope;
            failed.problems.append({config.path, error});
            scans.append(std::move(failed));
            continue;
        }
        QCoro::Task<StoreScan> scanning = scanner.scan(store);
        StoreScan scan = co_await scanning;
        cancelled = scan.cancelled;
        scans.append(std::move(scan));
    }
    co_return scans;
}

} // namespace certlife
