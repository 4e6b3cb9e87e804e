// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "models/Inventory.h"

#include "models/BackgroundPool.h"

#include <QFile>
#include <QtConcurrent/QtConcurrentMap>
#include <fcntl.h>
#include <unistd.h>

namespace certlife {

QString storeKey(Scope scope, const QString& storeId)
{
    return (scope == Scope::System ? QStringLiteral("system/") : QStringLiteral("user/")) + storeId;
}

QString StoreInventory::key() const
{
    return storeKey(config.scope, config.id);
}

QString StoreInventory::displayName() const
{
    return config.displayName.isEmpty() ? config.id : config.displayName;
}

void recogniseArchivedIn(Inventory& inventory)
{
    QList<StoreScan> scans; // stores never scanned are not known empty: the snapshot's word stands
    for (const StoreInventory& store : std::as_const(inventory))
        if (store.hasBeenScanned())
            scans << store.scan;
    // The two scopes at once (each diffs its stores' certificates against its snapshot:
    // the longest single step of a start with 100,000 certificates).
    struct Recognised
    {
        Scope scope;
        ArchivedCertificates archived;
        Acknowledgements acknowledgements;
    };
    const QList<Scope> scopes = {Scope::System, Scope::User};
    const QList<Recognised> recognised = QtConcurrent::blockingMapped(backgroundPool(), scopes, [&scans](Scope scope) {
        return Recognised{scope, recogniseArchived(scope, scans), loadAcknowledgements(scope).acknowledgements};
    });
    for (const Recognised& of : recognised)
        for (StoreInventory& store : inventory)
            if (store.config.scope == of.scope) {
                store.archived = of.archived;
                store.acknowledgements = of.acknowledgements;
            }
}

StoreAccess checkStoreAccess(const StoreConfig& config)
{
    if (config.kind == StoreKind::Pkcs11)
        return StoreAccess::Unknown; // a token, not a file: read-only, as configured
    // An endpoint store's "path" is its HOST:PORTs: nothing on disk to check, and what
    // services serve is only read.
    if (config.kind == StoreKind::TlsEndpoint)
        return StoreAccess::ReadOnly;
    const QByteArray path = QFile::encodeName(config.path);
    if (::faccessat(AT_FDCWD, path.constData(), F_OK, AT_EACCESS) != 0)
        return StoreAccess::Missing;
    // A directory is read by listing it (and entering it); a file by reading it.
    const int read = config.kind == StoreKind::File ? R_OK : R_OK | X_OK;
    if (::faccessat(AT_FDCWD, path.constData(), read, AT_EACCESS) != 0)
        return StoreAccess::Unreadable;
    if (config.readOnly || ::faccessat(AT_FDCWD, path.constData(), W_OK, AT_EACCESS) != 0)
        return StoreAccess::ReadOnly;
    return StoreAccess::ReadWrite;
}

void checkAccessIn(Inventory& inventory)
{
    for (StoreInventory& store : inventory)
        store.access = checkStoreAccess(store.config);
}

CertificateClassifier inventoryClassifier(const Inventory& inventory, const QDateTime& now,
                                          const ExpiryThresholds& thresholds)
{
    CertificateClassifier classifier(thresholds, now);
    bool set[2] = {false, false};
    for (const StoreInventory& store : inventory) {
        const int scope = int(store.config.scope);
        if (!set[scope]) {
            classifier.setArchived(store.config.scope, store.archived);
            classifier.setAcknowledgements(store.config.scope, store.acknowledgements);
            set[scope] = true;
        }
    }
    // Which trust anchors the scanned stores' certificates chain to (TrustAnchorWarnings).
    TrustAnchorUse use[2];
    bool scanned[2] = {false, false};
    for (const StoreInventory& store : inventory) {
        if (!store.hasBeenScanned() || isTrustAnchorStore(store.config.scope, store.config.id))
            continue;
        scanned[int(store.config.scope)] = true;
        for (const StoredCertificate& c : store.scan.certificates)
            use[int(store.config.scope)].noteIssuer(c.certificate.subject, c.certificate.issuer, c.certificate.der);
    }
    for (const Scope scope : {Scope::System, Scope::User})
        if (scanned[int(scope)])
            classifier.setTrustAnchorUse(scope, use[int(scope)]);
    return classifier;
}

} // namespace certlife
