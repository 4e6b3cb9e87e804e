#include "actions/ActionSupport.h"

#include <QFile>
#include <QFileInfo>

namespace certlife {

using namespace actions_detail;

namespace {

int certificatesInFile(const StoreScan& content, const QString& path)
{
    int n = 0;
    for (const auto& sc : content.certificates)
        n += sc.path == path;
    return n;
}

// Other certificates of the store whose key lives in keyPath (or whose file is keyPath).
bool keyUsedByOthers(const StoreScan& content, const StoredCertificate& cert)
{
    for (const auto& sc : content.certificates) {
        if (sc.certificate.sha256 == cert.certificate.sha256 && sc.path == cert.path)
            continue;
        if (sc.keyPath == cert.keyPath || sc.path == cert.keyPath)
            return true;
    }
    return false;
}

// Removes a certificate's file (and unused key file) from a store; fills result.
void removeFromStore(const StoredCertificate& cert, const StoreConfig& store, const StoreScan& content,
                     ActionResult& result)
{
    if (store.readOnly) {
        result.error = QStringLiteral("store %1 is read-only").arg(store.id);
        return;
    }
    const int siblings = certificatesInFile(content, cert.path);
    if (siblings > 1) {
        result.error = QStringLiteral("%1 holds %2 certificates: Certlife does not rewrite bundles; "
                                      "remove the certificate from that file with an editor")
                           .arg(cert.path)
                           .arg(siblings);
        return;
    }
    // A symlink (certbot's live/) is removed as the link; its target stays.
    if (!QFile::remove(cert.path)) {
        result.error = QStringLiteral("cannot remove %1: %2").arg(cert.path, QFile(cert.path).errorString());
        return;
    }
    result.removedFiles << cert.path;
    if (!cert.keyPath.isEmpty() && cert.keyPath != cert.path && !keyUsedByOthers(content, cert)) {
        if (QFile::remove(cert.keyPath))
            result.removedFiles << cert.keyPath;
    }
}

} // namespace

namespace CertificateActions {

ActionResult copyCertificate(const StoredCertificate& cert, const StoreConfig& source, const StoreScan& sourceContent,
                             const StoreConfig& target, const StoreScan& targetContent, bool move,
                             const ActionContext& context)
{
    ActionResult result;
    if (source.id == target.id && source.scope == target.scope) {
        result.error = QStringLiteral("source and target are the same store (%1)").arg(source.id);
        return result;
    }
    if (QString why = checkWritableDirectoryStore(target); !why.isEmpty()) {
        result.error = why;
        return result;
    }
    if (move && source.readOnly) {
        result.error = QStringLiteral("store %1 is read-only: copy instead of moving").arg(source.id);
        return result;
    }
    if (storeHolds(targetContent, cert.certificate)) {
        result.error = QStringLiteral("store %1 already holds %2").arg(target.id, cert.certificate.thumbprint());
        return result;
    }
    QByteArray keyData;
    if (!cert.keyPath.isEmpty()) {
        if (QString why = readLimited(cert.keyPath, source.maxFileSize, &keyData); !why.isEmpty()) {
            result.error = why;
            return result;
        }
    }
    const SecureBytes wipe(keyData);
    const PrivateKey key = keyData.isEmpty() ? PrivateKey() : readImportMaterial(keyData, {}, false).keyFor(cert.certificate);

    const auto owner = directoryOwner(target.path);
    WrittenFiles written;
    const QString stem = certificateFileStem(target, cert.certificate);
    const QString certPath = stem + QStringLiteral(".pem");
    QString why = written.write(certPath, cert.certificate.pem().toLatin1(), 0644, owner);
    if (why.isEmpty() && !key.isNull()) {
        const SecureBytes keyPem(key.toPkcs8Pem());
        why = written.write(stem + QStringLiteral(".key"), keyPem.bytes(), 0600, owner);
    }
    if (!why.isEmpty()) {
        written.rollback();
        result.error = why;
        return result;
    }
    if (move) {
        removeFromStore(cert, source, sourceContent, result);
        if (!result.ok()) {
            written.rollback();
            return result;
        }
        result.events << makeEvent(EventId::Deleted, Action::MoveOrCopy, source, cert.certificate, cert.path, context);
    }
    result.writtenFiles = written.paths();
    result.events << makeEvent(EventId::New, Action::MoveOrCopy, target, cert.certificate, certPath, context);
    return result;
}

ActionResult deleteCertificate(const StoredCertificate& cert, const StoreConfig& store, const StoreScan& content,
                               const ActionContext& context)
{
    ActionResult result;
    removeFromStore(cert, store, content, result);
    if (result.ok())
        result.events << makeEvent(EventId::Deleted, Action::Delete, store, cert.certificate, cert.path, context);
    return result;
}

ActionResult replaceCertificate(const StoredCertificate& old, const StoredCertificate& replacement,
                                const StoreConfig& store, const ActionContext& context)
{
    ActionResult result;
    if (old.certificate.sha256 == replacement.certificate.sha256) {
        result.error = QStringLiteral("a certificate cannot replace itself (%1)").arg(old.certificate.thumbprint());
        return result;
    }
    LifecycleEvent replace =
        makeEvent(EventId::Replace, Action::Replace, store, replacement.certificate, replacement.path, context);
    replace.oldCertificate = CertificateDetails::from(old.certificate, old.path);
    replace.message = QStringLiteral("Replace (replace): %1 (%2) replaced by %3 (%4) in store %5")
                          .arg(old.certificate.displayName(), old.certificate.thumbprint(),
                               replacement.certificate.displayName(), replacement.certificate.thumbprint(), store.id);
    result.events << replace
                  << makeEvent(EventId::Archived, Action::Archive, store, old.certificate, old.path, context);
    return result;
}

} // namespace CertificateActions

const StoredCertificate* findCertificate(const StoreScan& content, const QString& hash)
{
    QString h = hash.trimmed().toUpper();
    h.remove(QLatin1Char(':'));
    if (h.isEmpty())
        return nullptr;
    const StoredCertificate* found = nullptr;
    for (const auto& sc : content.certificates) {
        const bool match = (h.size() == 40 && sc.certificate.thumbprint() == h)
                        || (h.size() == 64 && sc.certificate.sha256Hex() == h);
        if (match) {
            if (found && found->certificate.sha256 != sc.certificate.sha256)
                return nullptr;
            if (!found)
                found = &sc;
        }
    }
    return found;
}

} // namespace certlife
