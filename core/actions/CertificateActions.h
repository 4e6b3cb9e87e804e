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
    QStringList rewrittenFiles; // bundles rewritten without the certificate (delete, move)
    bool needsPassword = false; // import: the file is encrypted and the password was missing or wrong
    // NSS databases (kept apart from files): what went in or out, as "nss:DIR nickname";
    // the certificates an import or copy added, which undoWrittenFiles() takes out again.
    QStringList addedEntries;
    QStringList removedEntries;
    QList<QByteArray> nssAddedDer;
    StoreConfig nssStore;
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
    // NSS stores only: the nickname (else the certificate's name) of the certificate the
    // file holds alone or with its key, and trust flags as certutil -t takes them.
    QString nssNickname;
    QString nssTrust;
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

// Which of a certificate's locations in a store a removal takes: every one (the
// certificate leaves the store), or the one file `onlyPath` (it stays at the others).
struct RemovalScope
{
    QString onlyPath; // empty: every location
    static RemovalScope everywhere() { return {}; }
    static RemovalScope at(const QString& path) { return {path}; }
    bool allLocations() const { return onlyPath.isEmpty(); }
};

// What removing a certificate from a store would change (CertificateActions::planRemoval).
struct RemovalPlan
{
    QString error;
    QStringList locations; // every path of the store that holds it, the primary one first
    QStringList files;     // removed: the certificate's files (a link as the link), then key files that go too
    QStringList rewritten; // PEM bundles rewritten without it, keeping everything else they hold
    QStringList keptKeys;  // its key files that stay: another certificate, or a location left, uses them
    QStringList remaining; // paths that still hold it afterwards (one location removed)
    bool ok() const { return error.isEmpty(); }
    bool removesCertificate() const { return remaining.isEmpty(); }
};

// The Certificate actions of the console and the CLI (one implementation for both):
// each checks the store is writable, writes atomically, and returns the lifecycle
// event Windows would log for it.
namespace CertificateActions {

// Certificates (and their matching private keys) from a PEM, DER, PKCS#7 or PKCS#12
// file into a writable directory store or NSS database: 1006 action import for each.
ActionResult importFile(const ImportRequest& request, const StoreConfig& target, const StoreScan& targetContent,
                        const ActionContext& context);

// A certificate alone (PEM/DER, no event) or with its private key as PKCS#12 (1007).
ActionResult exportCertificate(const StoredCertificate& cert, const StoreConfig& store, const ExportRequest& request,
                               const ActionContext& context);

// Copy (1006 MoveOrCopy in the target) or move (plus 1004 in the source; a move takes
// the certificate from every location of the source store).
ActionResult copyCertificate(const StoredCertificate& cert, const StoreConfig& source, const StoreScan& sourceContent,
                             const StoreConfig& target, const StoreScan& targetContent, bool move,
                             const ActionContext& context);

// What removing a certificate from a store (delete, or the source side of a move) would
// change, decided before anything is touched so a caller can ask for confirmation
// (docs/actions.md "Delete"): at each location taken, a file holding only this
// certificate is removed (a link as the link) and a PEM bundle holding others is
// rewritten without it; its key files go when nothing left in the store uses them.
// `error` says why the removal is refused (read-only or file store, a DER/PKCS#7/PKCS#12
// bundle, a link to a bundle outside the store, a file another location links to).
RemovalPlan planRemoval(const StoredCertificate& cert, const StoreConfig& store, const StoreScan& content,
                        const RemovalScope& scope);

// Carries out planRemoval() after checking every file still holds the certificate.
// Removed from the store (every location): 1004 action delete, at its smallest path as
// the agent names it. One location of several: no event, the store still holds it (as
// the agent sees it: a certificate's places in a store are not events).
ActionResult deleteCertificate(const StoredCertificate& cert, const StoreConfig& store, const StoreScan& content,
                               const RemovalScope& scope, const ActionContext& context);

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
