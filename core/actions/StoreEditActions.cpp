// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "actions/ActionSupport.h"

#include "actions/NssWrites.h"
#include "stores/Store.h"
#include "x509/CertificateParser.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace certlife {

using namespace actions_detail;

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
    const bool intoNss = target.kind == StoreKind::Nss;
    if (QString why = intoNss ? checkWritableNssStore(target) : checkWritableDirectoryStore(target); !why.isEmpty()) {
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
        if (const RemovalPlan plan = planRemoval(cert, source, sourceContent, RemovalScope::everywhere()); !plan.ok()) {
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

    WrittenFiles written;
    QString certPath;
    QString why;
    if (intoNss) {
        // Its name and trust go with it from another NSS database (the "u" flags NSS
        // derives from the key); from elsewhere its alias, or its name.
        const QString nickname = !cert.entry.isEmpty() && nssNicknameProblem(cert.entry).isEmpty()
            ? cert.entry
            : defaultNssNickname(cert.certificate);
        QString trust = cert.trust;
        trust.remove(QLatin1Char('u'));
        certPath = QDir::cleanPath(target.path);
        why = addToNssStore(target, cert.certificate, key, nickname, trust == QLatin1String(",,") ? QString() : trust,
                            result);
    } else {
        why = written.writeCertificate(target, cert.certificate, key, directoryOwner(target.path), &certPath);
    }
    if (!why.isEmpty()) {
        written.rollback();
        result.error = why;
        return result;
    }
    if (move) {
        RemovalPlan plan;
        removeFromStore(cert, source, sourceContent, RemovalScope::everywhere(), result, &plan);
        if (!result.ok()) {
            if (result.removedFiles.isEmpty() && result.rewrittenFiles.isEmpty() && result.removedEntries.isEmpty()) {
                written.rollback(); // nothing left the source: no copy either
                undoNssAdditions(result);
            } else
                result.writtenFiles = written.paths(); // the certificate is in both stores now: keep the copy
            return result;
        }
        result.events << makeEvent(EventId::Deleted, Action::MoveOrCopy, source, cert.certificate,
                                   plan.locations.isEmpty() ? cert.path : smallestPath(plan.locations), context);
    }
    result.writtenFiles = written.paths();
    result.events << makeEvent(EventId::New, Action::MoveOrCopy, target, cert.certificate, certPath, context);
    return result;
}

ActionResult deleteCertificate(const StoredCertificate& cert, const StoreConfig& store, const StoreScan& content,
                               const RemovalScope& scope, const ActionContext& context)
{
    ActionResult result;
    RemovalPlan plan;
    removeFromStore(cert, store, content, scope, result, &plan);
    if (result.ok() && plan.removesCertificate())
        result.events << makeEvent(EventId::Deleted, Action::Delete, store, cert.certificate,
                                   smallestPath(plan.locations), context);
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
