// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "endpoints/ProbeResult.h"
#include "util/Scope.h"
#include "x509/Certificate.h"

#include <QDateTime>
#include <QList>
#include <QString>

namespace certlife {

enum class StoreKind : quint8 { Directory, File, TlsEndpoint, KeyStore, Pkcs11, Nss };
QString storeKindName(StoreKind kind); // "directory", "file", "tls", "keystore", "pkcs11", "nss"
bool parseStoreKind(const QString& text, StoreKind* out);

// Store ids: 1-64 characters of [A-Za-z0-9._-], starting with a letter or digit (they
// name cache files and INI groups). Returns an error naming the id, or empty when valid.
QString storeIdError(const QString& id);

inline constexpr qint64 kDefaultMaxFileSize = 32 * 1024 * 1024;

// One configured store, as StoreCatalog loads it from stores.conf.
struct StoreConfig
{
    QString id; // unique within a scope: [A-Za-z0-9._-]+
    QString displayName;
    StoreKind kind = StoreKind::Directory;
    Scope scope = Scope::User;
    QString path; // directory, file, host:port for TLS endpoints, a PKCS#11 URI (stores/Pkcs11Uri.h)
    bool readOnly = false;
    bool recursive = false;
    QString pkcs12PasswordFile; // optional: file holding the PKCS#12 password (never in stores.conf)
    qint64 maxFileSize = kDefaultMaxFileSize;
    // Directory stores: bundles in the top directory generated from the store's own files
    // (the built-in ssl-certs store: ca-certificates.crt), not listed when the directory
    // holds other certificate files as well. Set by built-in stores only, not stores.conf.
    QStringList generatedBundles;
    // TLS endpoint stores (kind tls; `path` holds their HOST:PORTs, separated by spaces):
    // the name sent as SNI and the STARTTLS protocol (docs/endpoints.md).
    QString sni;
    QString startTls;
    // PKCS#11 stores: the file holding the token's PIN (never the PIN itself; stores/Pkcs11Store.h).
    QString pinFile;
};

// A certificate as found in a store: the value plus where it lives.
struct StoredCertificate
{
    Certificate certificate;
    QString path;    // the file it was read from, as reached in the store (symlink path kept); a PKCS#11 object's URI
    int index = 0;   // position within that file (bundles hold many)
    QString keyPath; // file holding its private key, when the store has it
    QString entry;   // its name inside the file: a keystore's alias, an NSS nickname; empty for plain files
    QString trust;   // NSS databases only: the trust flags as certutil shows them ("CT,C,C", ",," for none)
};

// One place of a store that holds a certificate: a file, the position in it, its key.
struct CertificateLocation
{
    QString path;
    int index = 0;
    QString keyPath;
    QString entry; // a keystore's alias (StoredCertificate::entry)
    QString trust; // NSS trust flags (StoredCertificate::trust)
    friend bool operator==(const CertificateLocation&, const CertificateLocation&) = default;
};

// Where a certificate is, as a person reads it: the path, "keystore:PATH alias" for a
// keystore entry, or "nss:DIR nickname" for a certificate of an NSS database (the one
// kind of entry with trust flags).
QString storedLocation(const StoredCertificate& stored);

// A certificate in a store of a scope: what the console's rows, the reports and the
// monitoring build on (the one "certificate in a store"; lifecycle's
// ClassifiedCertificate adds its state). One per certificate (SHA-256) and store, with
// every place of the store that holds it (stores/CertificateLocations.h).
struct StoreCertificate
{
    StoredCertificate stored; // at its primary location
    QString storeId;
    Scope scope = Scope::User;
    // Every location of the certificate in the store, the primary one (`stored`'s) first;
    // empty when it was built for `stored` alone.
    QList<CertificateLocation> locations;

    const Certificate& certificate() const { return stored.certificate; }
    QList<CertificateLocation> allLocations() const;
    qsizetype locationCount() const { return locations.isEmpty() ? 1 : locations.size(); }
};

struct ScanProblem
{
    QString path;
    QString error;
};

// The result of scanning one store once.
struct StoreScan
{
    QString storeId;
    Scope scope = Scope::User;
    QDateTime scannedAt;
    QList<StoredCertificate> certificates;
    QList<ScanProblem> problems;
    int filesSeen = 0;
    int filesParsed = 0;       // read and parsed this time
    int filesFromCache = 0;    // unchanged since the last scan: taken from the cache
    bool storeMissing = false; // the store's path did not exist (not the same as empty)
    bool cancelled = false;    // Scanner::cancel() stopped it: certificates/problems are incomplete
    // TLS endpoint stores: what each address's probe saw (findings, protocol, cipher).
    QList<ProbeResult> endpointProbes;
};

// Every certificate of the scans, store by store, in the scans' order: one per
// certificate and store, with its locations (certificatesOf(), stores/CertificateLocations.h).
QList<StoreCertificate> storeCertificates(const QList<StoreScan>& scans);

} // namespace certlife
