// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "actions/ActionSupport.h"

#include "actions/NssWrites.h"
#include "stores/Store.h"
#include "stores/StorePassword.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace certlife::actions_detail {

LifecycleEvent makeEvent(EventId id, const QString& action, const StoreConfig& store, const Certificate& cert,
                         const QString& path, const ActionContext& context)
{
    LifecycleEvent e;
    e.id = id;
    e.time = context.clock->now();
    e.channel = store.scope;
    e.action = action;
    e.storeId = store.id;
    e.certificate = CertificateDetails::from(cert, path);
    e.stampOrigin();
    e.message = QStringLiteral("%1 (%2): %3 in store %4").arg(eventName(id), action, cert.displayName(), store.id);
    return e;
}

QString checkWritableNssStore(const StoreConfig& store)
{
    if (store.readOnly)
        return QStringLiteral("store %1 is read-only").arg(store.id);
    if (!QFileInfo(store.path).isDir())
        return QStringLiteral("store %1: the NSS database directory %2 does not exist").arg(store.id, store.path);
    return systemStoreDirectoryProblem(store);
}

QString addToNssStore(const StoreConfig& store, const Certificate& cert, const PrivateKey& key, const QString& nickname,
                      const QString& trust, ActionResult& result)
{
    const QString why = nssImport(store, NssImport{nickname, trust, cert.der, key});
    if (!why.isEmpty())
        return why;
    result.nssStore = store;
    result.nssAddedDer << cert.der;
    result.addedEntries << QStringLiteral("nss:%1 %2").arg(QDir::cleanPath(store.path), nickname);
    return {};
}

void undoNssAdditions(ActionResult& result)
{
    for (const QByteArray& der : std::as_const(result.nssAddedDer)) {
        NssKeyOutcome keyOutcome = NssKeyOutcome::NoKey;
        nssDelete(result.nssStore, der, true, &keyOutcome);
    }
    result.nssAddedDer.clear();
    result.addedEntries.clear();
}

QString checkWritableDirectoryStore(const StoreConfig& store)
{
    if (store.readOnly)
        return QStringLiteral("store %1 is read-only").arg(store.id);
    if (store.kind != StoreKind::Directory)
        return QStringLiteral("store %1 is not a directory store: certificates can only be added to directory stores")
            .arg(store.id);
    const QFileInfo dir(store.path);
    if (!dir.isDir())
        return QStringLiteral("store %1: directory %2 does not exist").arg(store.id, store.path);
    if (!dir.isWritable())
        return QStringLiteral("store %1: no permission to write to %2").arg(store.id, store.path);
    return systemStoreDirectoryProblem(store);
}

QString readLimited(const QString& path, qint64 maxSize, QByteArray* out)
{
    QFile f(path);
    if (!QFileInfo(path).isFile())
        return QStringLiteral("%1: not a regular file").arg(path);
    if (!f.open(QIODevice::ReadOnly))
        return QStringLiteral("%1: %2").arg(path, f.errorString());
    if (f.size() > maxSize)
        return QStringLiteral("%1: %2 bytes is over the %3-byte limit").arg(path).arg(f.size()).arg(maxSize);
    *out = f.read(maxSize + 1);
    if (out->size() > maxSize)
        return QStringLiteral("%1: file grew over the %2-byte limit while reading").arg(path).arg(maxSize);
    return {};
}

QString WrittenFiles::writeCertificate(const StoreConfig& store, const Certificate& cert, const PrivateKey& key,
                                       std::optional<FileOwner> owner, QString* certPath)
{
    const QString stem = certificateFileStem(store, cert);
    *certPath = stem + QStringLiteral(".pem");
    QString why = write(*certPath, cert.pem().toLatin1(), 0644, owner);
    if (why.isEmpty() && !key.isNull()) {
        const SecureBytes keyPem(key.toPkcs8Pem());
        why = write(stem + QStringLiteral(".key"), keyPem.bytes(), 0600, owner);
    }
    return why;
}

QString WrittenFiles::write(const QString& path, const QByteArray& data, int mode, std::optional<FileOwner> owner)
{
    const QString error = writeFileAtomically(path, data, mode, {}, owner, ExistingFile::Fail).error;
    if (error.isEmpty())
        m_paths << path;
    return error;
}

void WrittenFiles::rollback()
{
    for (const QString& p : std::as_const(m_paths))
        QFile::remove(p);
    m_paths.clear();
}

QString certificateFileStem(const StoreConfig& store, const Certificate& cert)
{
    return QDir(store.path).filePath(safeFileStem(cert.displayName()) + QLatin1Char('-') + cert.thumbprint().left(8));
}

bool storeHolds(const StoreScan& content, const Certificate& cert)
{
    for (const auto& sc : content.certificates)
        if (sc.certificate.sha256 == cert.sha256)
            return true;
    return false;
}

QString safeFileStem(const QString& text)
{
    QString out;
    for (QChar c : text) {
        if (out.size() >= 64)
            break;
        const ushort u = c.unicode();
        const bool ok = (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || u == '-'
            || u == '_' || u == '.';
        out += ok ? c : QLatin1Char('_');
    }
    while (out.startsWith(QLatin1Char('.')) || out.startsWith(QLatin1Char('_')))
        out.remove(0, 1);
    if (out.isEmpty() || out == QLatin1String("..") || out == QLatin1String("."))
        return QStringLiteral("certificate");
    return out;
}

PrivateKey readStoredKey(const StoredCertificate& stored, const StoreConfig& store, QString* error)
{
    if (stored.keyPath.isEmpty())
        return {};
    if (store.kind == StoreKind::Nss) // the key stays inside the database: NSS gives it out
        return nssPrivateKey(store, stored.certificate, error);
    QByteArray keyData;
    if (QString why = readLimited(stored.keyPath, store.maxFileSize, &keyData); !why.isEmpty()) {
        *error = why;
        return {};
    }
    const SecureBytes wipe(keyData);
    const StorePassword password(store);
    if (!password.error().isEmpty()) {
        *error = QStringLiteral("cannot read the PKCS#12 password file %1 of store %2: %3")
                     .arg(password.file(), store.id, password.error());
        return {};
    }
    // A key-only file yields keys and the error "no certificate": only the key matters here.
    const ImportMaterial material = readImportMaterial(keyData, password.password(), password.configured());
    PrivateKey key = material.keyFor(stored.certificate);
    if (key.isNull()) {
        *error = material.needsPassword ? QStringLiteral("%1: %2").arg(stored.keyPath, material.error)
                                        : QStringLiteral("%1 does not hold the private key of %2")
                                              .arg(stored.keyPath, stored.certificate.thumbprint());
    }
    return key;
}

} // namespace certlife::actions_detail
