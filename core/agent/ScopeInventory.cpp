#include "agent/ScopeInventory.h"

#include "policy/AdditionalStores.h"
#include "stores/Scanner.h"
#include "stores/Store.h"
#include "stores/StoreCatalog.h"

namespace certlife {

MonitoredStores monitoredStores(Scope scope, const Policy& policy)
{
    MonitoredStores out;
    StoreCatalog catalog = StoreCatalog::load();
    out.problems = catalog.loadErrors();
    for (const StoreConfig& extra : additionalStoreConfigs(policy, scope)) {
        const QString error = catalog.addRuntimeStore(extra);
        if (!error.isEmpty())
            out.problems << QStringLiteral("AdditionalStores: %1").arg(error);
    }
    out.stores = catalog.stores(scope);
    return out;
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

TaskPolicy taskPolicyFrom(const Policy& policy)
{
    TaskPolicy p;
    p.requireSignedScripts = policy.requireSignedScripts;
    p.trustedSignerFiles = policy.trustedSigners;
    return p;
}

CertificateLocator locatorFromScans(const QList<StoreScan>& scans)
{
    // Copy only what answers the question: thumbprint → (store, details).
    struct Found
    {
        Scope scope;
        QString storeId;
        CertificateDetails details;
    };
    QMultiHash<QString, Found> index;
    for (const StoreScan& scan : scans)
        for (const StoredCertificate& sc : scan.certificates)
            index.insert(sc.certificate.thumbprint(),
                         Found{scan.scope, scan.storeId, CertificateDetails::from(sc.certificate, sc.path)});
    return [index](Scope scope, const QString& storeId, const QString& thumbprint) -> std::optional<LocatedCertificate> {
        const QString key = thumbprint.toUpper();
        for (auto it = index.constFind(key); it != index.constEnd() && it.key() == key; ++it) {
            if (it->scope == scope && (storeId.isEmpty() || it->storeId == storeId))
                return LocatedCertificate{it->storeId, it->details};
        }
        return std::nullopt;
    };
}

} // namespace certlife
