// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "actions/PrivateKeyMaterial.h"
#include "lifecycle/LifecycleEvent.h"
#include "stores/StoreTypes.h"
#include "util/Clock.h"

#include <QList>
#include <QString>
#include <memory>

namespace certlife {

// What an action did. On failure nothing was changed (files written so far are
// removed again) and `events` is empty; the caller appends `events` to the event log
// of each event's channel.
struct ActionResult
{
    QString error;
    QList<LifecycleEvent> events;
    QStringList writtenFiles;
    QStringList removedFiles;
    bool needsPassword = false; // import: the file is encrypted and the password was missing or wrong
    bool ok() const { return error.isEmpty(); }
};

struct ActionContext
{
    std::shared_ptr<const Clock> clock = Clock::system();
};

struct ImportRequest
{
    QString sourcePath;
    QByteArray password; // PKCS#12 or encrypted key; wiped by the caller
    bool hasPassword = false;
};

enum class ExportFormat { Pem, Der, Pkcs12 };

struct ExportRequest
{
    ExportFormat format = ExportFormat::Pem;
    QString outputPath;
    QByteArray password; // PKCS#12 only
    Pkcs12Kind pkcs12Kind = Pkcs12Kind::Modern;
    bool overwrite = false;
};

// What removing a certificate from a store would remove (CertificateActions::planRemoval).
struct RemovalPlan
{
    QString error;
    QStringList files; // certificate file first, then the key file, if it goes too
    bool ok() const { return error.isEmpty(); }
};

// The Certificate actions of the console and the CLI (one implementation for both):
// each checks the store is writable, writes atomically, and returns the lifecycle
// event Windows would log for it.
namespace CertificateActions {

// Certificates (and their matching private keys) from a PEM, DER, PKCS#7 or PKCS#12
// file into a writable directory store: 1006 action import for each certificate.
ActionResult importFile(const ImportRequest& request, const StoreConfig& target, const StoreScan& targetContent,
                        const ActionContext& context);

// A certificate alone (PEM/DER, no event) or with its private key as PKCS#12 (1007).
ActionResult exportCertificate(const StoredCertificate& cert, const StoreConfig& store, const ExportRequest& request,
                               const ActionContext& context);

// Copy (1006 MoveOrCopy in the target) or move (plus 1004 in the source).
ActionResult copyCertificate(const StoredCertificate& cert, const StoreConfig& source, const StoreScan& sourceContent,
                             const StoreConfig& target, const StoreScan& targetContent, bool move,
                             const ActionContext& context);

// What removing a certificate from a store (delete, or the source side of a move)
// would remove, decided before anything is touched so a caller can ask for
// confirmation: the certificate's file and its key file when no other certificate of
// the store uses that key. `error` says why the removal is refused (read-only store, a
// bundle, or the certificate also at other paths of the store).
RemovalPlan planRemoval(const StoredCertificate& cert, const StoreConfig& store, const StoreScan& content);

// Removes the certificate's file, and its private key file when no other certificate
// of the store uses that key (planRemoval): 1004 action delete.
ActionResult deleteCertificate(const StoredCertificate& cert, const StoreConfig& store, const StoreScan& content,
                               const ActionContext& context);

// Switch-Certificate: records that `replacement` replaces `old` (1001 action replace,
// in the replacement's store, as `certlifectl switch` records it, so the Replace tasks
// find the new certificate there) and archives the old one (1005, in its own store).
// Changes no file; the lifecycle engine learns the archive from the 1005 event.
ActionResult replaceCertificate(const StoredCertificate& old, const StoreConfig& oldStore,
                                const StoredCertificate& replacement, const StoreConfig& replacementStore,
                                const ActionContext& context);

} // namespace CertificateActions

// The stored certificate with this thumbprint (SHA-1 hex, any case, colons allowed) or
// SHA-256 hex; nullptr when none. An ambiguous prefix is not accepted.
const StoredCertificate* findCertificate(const StoreScan& content, const QString& hash);

} // namespace certlife
