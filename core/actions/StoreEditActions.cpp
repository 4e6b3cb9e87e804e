// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "actions/ActionSupport.h"

#include "stores/Store.h"
#include "x509/CertificateParser.h"

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

// Whether the file still holds the certificate the scan found there: a renewal may have
// rewritten it in place while the admin read the confirmation question, and deleting
// the new certificate while recording the old one's deletion would be the worst outcome.
bool stillHolds(const StoredCertificate& cert, const StoreConfig& store, QString* why)
{
    QFile file(cert.path);
    if (!file.open(QIODevice::ReadOnly)) {
        *why = QStringLiteral("cannot read %1: %2").arg(cert.path, file.errorString());
        return false;
    }
    const QByteArray content = file.read(store.maxFileSize + 1);
    ParseOptions options;
    options.threads = 1;
    const ParsedFile parsed = parseCertificateData(content, options);
    for (const Certificate& now : parsed.certificates)
        if (now.sha256 == cert.certificate.sha256)
            return true;
    *why = QStringLiteral("%1 no longer holds this certificate (it changed since the store was read): nothing was "
                          "removed; look again")
               .arg(cert.path);
    return false;
}

// Removes what planRemoval decided; fills result. The certificate's file goes first: if
// that fails nothing was removed. A key file that then cannot be removed stays (the
// certificate is gone either way; removedFiles tells the caller).
void removeFromStore(const StoredCertificate& cert, const StoreConfig& store, const StoreScan& content,
                     ActionResult& result)
{
    const RemovalPlan plan = CertificateActions::planRemoval(cert, store, content);
    if (!plan.ok()) {
        result.error = plan.error;
        return;
    }
    if (!stillHolds(cert, store, &result.error))
        return;
    for (const QString& path : plan.files) {
        // A symlink (certbot's live/) is removed as the link; its target stays.
        QFile file(path);
        if (!file.remove()) {
            if (result.removedFiles.isEmpty())
                result.error = QStringLiteral("cannot remove %1: %2").arg(path, file.errorString());
            return;
        }
        result.removedFiles << path;
    }
}

} // namespace

namespace CertificateActions {

RemovalPlan planRemoval(const StoredCertificate& cert, const StoreConfig& store, const StoreScan& content)
{
    RemovalPlan plan;
    if (store.readOnly) {
        plan.error = QStringLiteral("store %1 is read-only").arg(store.id);
        return plan;
    }
    if (store.kind != StoreKind::Directory) {
        plan.error = QStringLiteral("store %1 is a %2 store: Certlife removes certificates from directory stores only")
                         .arg(store.id, storeKindName(store.kind));
        return plan;
    }
    if (QString why = systemStoreDirectoryProblem(store); !why.isEmpty()) {
        plan.error = why;
        return plan;
    }
    const int siblings = certificatesInFile(content, cert.path);
    if (siblings > 1) {
        plan.error = QStringLiteral("%1 holds %2 certificates: Certlife does not rewrite bundles; "
                                    "remove the certificate from that file with an editor")
                         .arg(cert.path)
                         .arg(siblings);
        return plan;
    }
    // Removing one file would leave the certificate in the store (certbot's live/ link and
    // its archive/ target): say so instead of logging a deletion that did not happen.
    QStringList paths;
    for (const auto& sc : content.certificates)
        if (sc.certificate.sha256 == cert.certificate.sha256 && !paths.contains(sc.path))
            paths << sc.path;
    if (paths.size() > 1) {
        plan.error = QStringLiteral("store %1 holds %2 at %3 paths (%4): removing one would leave it in the store; "
                                    "remove the other files first")
                         .arg(store.id, cert.certificate.thumbprint())
                         .arg(paths.size())
                         .arg(paths.join(QStringLiteral(", ")));
        return plan;
    }
    plan.files << cert.path;
    if (!cert.keyPath.isEmpty() && cert.keyPath != cert.path && !keyUsedByOthers(content, cert))
        plan.files << cert.keyPath;
    return plan;
}

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
    if (move) { // refused before anything is written
        if (const RemovalPlan plan = planRemoval(cert, source, sourceContent); !plan.ok()) {
            result.error = plan.error;
            return result;
        }
    }
    // A key the store holds but that cannot be read would be lost by a move: refuse.
    QString keyError;
    const PrivateKey key = readStoredKey(cert, source, &keyError);
    if (key.isNull() && !cert.keyPath.isEmpty()) {
        result.error = keyError;
        return result;
    }

    const auto owner = directoryOwner(target.path);
    WrittenFiles written;
    QString certPath;
    const QString why = written.writeCertificate(target, cert.certificate, key, owner, &certPath);
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

ActionResult replaceCertificate(const StoredCertificate& old, const StoreConfig& oldStore,
                                const StoredCertificate& replacement, const StoreConfig& replacementStore,
                                const ActionContext& context)
{
    ActionResult result;
    if (oldStore.scope != replacementStore.scope) {
        result.error = QStringLiteral("%1 is in the %2 scope and %3 in the %4 scope: a certificate is replaced by one "
                                      "of its own scope")
                           .arg(old.certificate.thumbprint(), scopeName(oldStore.scope),
                                replacement.certificate.thumbprint(), scopeName(replacementStore.scope));
        return result;
    }
    if (old.certificate.sha256 == replacement.certificate.sha256) {
        result.error = QStringLiteral("a certificate cannot replace itself (%1)").arg(old.certificate.thumbprint());
        return result;
    }
    LifecycleEvent replace = makeEvent(EventId::Replace, Action::Replace, replacementStore, replacement.certificate,
                                       replacement.path, context);
    replace.oldCertificate = CertificateDetails::from(old.certificate, old.path);
    replace.message =
        QStringLiteral("Replace (replace): %1 (%2) replaced by %3 (%4) in store %5")
            .arg(old.certificate.displayName(), old.certificate.thumbprint(), replacement.certificate.displayName(),
                 replacement.certificate.thumbprint(), replacementStore.id);
    result.events << replace
                  << makeEvent(EventId::Archived, Action::Archive, oldStore, old.certificate, old.path, context);
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
        const bool match =
            (h.size() == 40 && sc.certificate.thumbprint() == h) || (h.size() == 64 && sc.certificate.sha256Hex() == h);
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
