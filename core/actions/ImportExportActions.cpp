// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "actions/ActionSupport.h"

#include "actions/NssWrites.h"

#include <QDir>
#include <QFile>

namespace certlife {

using namespace actions_detail;

namespace {

// The certificates of an import into an NSS database, each through NSS: the one the
// file holds alone or with its key under the asked nickname, the others (a chain) under
// their own names; every one with the asked trust flags. All or none.
ActionResult importIntoNss(const ImportRequest& request, const ImportMaterial& material, const StoreConfig& target,
                           const StoreScan& targetContent, const ActionContext& context)
{
    ActionResult result;
    for (const Certificate& cert : material.certificates) {
        if (storeHolds(targetContent, cert)) {
            undoNssAdditions(result);
            result.error =
                QStringLiteral("store %1 already holds %2 (%3)").arg(target.id, cert.displayName(), cert.thumbprint());
            return result;
        }
        const PrivateKey key = material.keyFor(cert);
        const bool named = !request.nssNickname.isEmpty() && (material.certificates.size() == 1 || !key.isNull());
        const QString nickname = named ? request.nssNickname : defaultNssNickname(cert);
        if (QString why = addToNssStore(target, cert, key, nickname, request.nssTrust, result); !why.isEmpty()) {
            undoNssAdditions(result);
            result.error = why;
            return result;
        }
        result.events << makeEvent(EventId::New, Action::Import, target, cert, QDir::cleanPath(target.path), context);
    }
    return result;
}

} // namespace

namespace CertificateActions {

ActionResult importFile(const ImportRequest& request, const StoreConfig& target, const StoreScan& targetContent,
                        const ActionContext& context)
{
    ActionResult result;
    if (target.kind == StoreKind::Nss) {
        QString why = checkWritableNssStore(target);
        if (why.isEmpty() && !request.nssNickname.isEmpty())
            why = nssNicknameProblem(request.nssNickname);
        if (why.isEmpty() && !request.nssTrust.isEmpty())
            why = nssTrustProblem(request.nssTrust);
        if (!why.isEmpty()) {
            result.error = why;
            return result;
        }
    } else if (!request.nssNickname.isEmpty() || !request.nssTrust.isEmpty()) {
        result.error = QStringLiteral("store %1 is not an NSS database: nicknames and trust flags are for NSS "
                                      "databases")
                           .arg(target.id);
        return result;
    } else if (QString why = checkWritableDirectoryStore(target); !why.isEmpty()) {
        result.error = why;
        return result;
    }
    QByteArray data;
    if (QString why = readLimited(request.sourcePath, target.maxFileSize, &data); !why.isEmpty()) {
        result.error = why;
        return result;
    }
    const SecureBytes wipe(data); // the file may hold a private key
    const ImportMaterial material = readImportMaterial(data, request.password, request.hasPassword);
    if (material.certificates.isEmpty() || !material.error.isEmpty()) {
        result.error = QStringLiteral("%1: %2").arg(request.sourcePath, material.error);
        result.needsPassword = material.needsPassword;
        return result;
    }
    if (target.kind == StoreKind::Nss)
        return importIntoNss(request, material, target, targetContent, context);

    const auto owner = directoryOwner(target.path);
    WrittenFiles written;
    for (const Certificate& cert : material.certificates) {
        if (storeHolds(targetContent, cert)) {
            written.rollback();
            result.error =
                QStringLiteral("store %1 already holds %2 (%3)").arg(target.id, cert.displayName(), cert.thumbprint());
            return result;
        }
        QString certPath;
        const QString why = written.writeCertificate(target, cert, material.keyFor(cert), owner, &certPath);
        if (!why.isEmpty()) {
            written.rollback();
            result.error = why;
            return result;
        }
        result.events << makeEvent(EventId::New, Action::Import, target, cert, certPath, context);
    }
    result.writtenFiles = written.paths();
    return result;
}

ActionResult exportCertificate(const StoredCertificate& stored, const StoreConfig& store, const ExportRequest& request,
                               const ActionContext& context)
{
    ActionResult result;
    const Certificate& cert = stored.certificate;
    if (request.outputPath.isEmpty()) {
        result.error = QStringLiteral("no output file given");
        return result;
    }
    const ExistingFile existing = request.overwrite ? ExistingFile::Replace : ExistingFile::Fail;
    if (request.format != ExportFormat::Pkcs12) {
        const QByteArray data = request.format == ExportFormat::Pem ? cert.pem().toLatin1() : cert.der;
        result.error = writeFileAtomically(request.outputPath, data, 0644, {}, std::nullopt, existing).error;
        if (result.ok())
            result.writtenFiles << request.outputPath;
        return result;
    }

    if (request.password.isEmpty()) {
        result.error = QStringLiteral("a PKCS#12 export needs a password");
        return result;
    }
    if (stored.keyPath.isEmpty()) {
        result.error = QStringLiteral("store %1 holds no private key for %2 (%3)")
                           .arg(store.id, cert.displayName(), cert.thumbprint());
        return result;
    }
    QString keyError;
    const PrivateKey key = readStoredKey(stored, store, &keyError);
    if (key.isNull()) {
        result.error = keyError;
        return result;
    }
    QString why;
    const QByteArray p12 = makePkcs12(cert, key, request.password, request.pkcs12Kind, cert.displayName(), &why);
    if (p12.isEmpty()) {
        result.error = why;
        return result;
    }
    const SecureBytes wipeP12(p12);
    result.error = writeFileAtomically(request.outputPath, p12, 0600, {}, std::nullopt, existing).error;
    if (!result.ok())
        return result;
    result.writtenFiles << request.outputPath;
    LifecycleEvent e = makeEvent(EventId::Exported, Action::Export, store, cert, stored.path, context);
    e.message += QStringLiteral(" with its private key to %1").arg(request.outputPath);
    result.events << e;
    return result;
}

} // namespace CertificateActions

} // namespace certlife
