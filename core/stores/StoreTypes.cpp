// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "stores/StoreTypes.h"

#include "stores/CertificateLocations.h"

#include <QRegularExpression>

namespace certlife {

QString storeKindName(StoreKind kind)
{
    switch (kind) {
    case StoreKind::Directory: return QStringLiteral("directory");
    case StoreKind::File: return QStringLiteral("file");
    case StoreKind::TlsEndpoint: return QStringLiteral("tls");
    case StoreKind::KeyStore: return QStringLiteral("keystore");
    case StoreKind::Pkcs11: return QStringLiteral("pkcs11");
    case StoreKind::Nss: return QStringLiteral("nss");
    }
    return QStringLiteral("directory");
}

bool parseStoreKind(const QString& text, StoreKind* out)
{
    const QString t = text.trimmed().toLower();
    if (t == QLatin1String("directory") || t == QLatin1String("dir")) {
        *out = StoreKind::Directory;
        return true;
    }
    if (t == QLatin1String("file")) {
        *out = StoreKind::File;
        return true;
    }
    if (t == QLatin1String("tls")) {
        *out = StoreKind::TlsEndpoint;
        return true;
    }
    if (t == QLatin1String("nss")) {
        *out = StoreKind::Nss;
        return true;
    }
    if (t == QLatin1String("keystore")) {
        *out = StoreKind::KeyStore;
        return true;
    }
    if (t == QLatin1String("pkcs11")) {
        *out = StoreKind::Pkcs11;
        return true;
    }
    return false;
}

QString storeIdError(const QString& id)
{
    static const QRegularExpression valid(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"));
    if (id.isEmpty())
        return QStringLiteral("store id is empty");
    if (!valid.match(id).hasMatch())
        return QStringLiteral("store id \"%1\" is not valid: use 1-64 letters, digits, '.', '_' or '-', "
                              "starting with a letter or digit")
            .arg(id);
    return {};
}

QString storedLocation(const StoredCertificate& stored)
{
    if (!stored.trust.isEmpty())
        return QStringLiteral("nss:%1 %2").arg(stored.path, stored.entry);
    return stored.entry.isEmpty() ? stored.path : QStringLiteral("keystore:%1 %2").arg(stored.path, stored.entry);
}

QList<StoreCertificate> storeCertificates(const QList<StoreScan>& scans)
{
    QList<StoreCertificate> out;
    for (const StoreScan& scan : scans)
        out += certificatesOf(scan);
    return out;
}

QList<CertificateLocation> StoreCertificate::allLocations() const
{
    if (!locations.isEmpty())
        return locations;
    return {locationOf(stored)};
}

} // namespace certlife
