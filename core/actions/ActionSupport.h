// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

// Internal helpers shared by the certificate actions.

#include "util/AtomicFile.h"
#include "actions/CertificateActions.h"
#include "actions/PrivateKeyMaterial.h"

namespace certlife::actions_detail {

LifecycleEvent makeEvent(EventId id, const QString& action, const StoreConfig& store, const Certificate& cert,
                         const QString& path, const ActionContext& context);

// Empty when the store accepts new files; otherwise why not.
QString checkWritableDirectoryStore(const StoreConfig& store);
// Empty when certificates may be added to and removed from the NSS store; otherwise why
// not (read-only, missing, a System store's directory others could change). The helper
// checks the rest (actions/NssWrites.h).
QString checkWritableNssStore(const StoreConfig& store);

// Adds a certificate (and its key) to an NSS store under `nickname` (trust flags
// `trust`, may be empty): records it in result (addedEntries, nssAddedDer) for undo.
// Empty, or why not.
QString addToNssStore(const StoreConfig& store, const Certificate& cert, const PrivateKey& key, const QString& nickname,
                      const QString& trust, ActionResult& result);
// Takes out again what addToNssStore() added (a later step failed).
void undoNssAdditions(ActionResult& result);

// Reads a whole file with the size limit; returns an error naming the file.
QString readLimited(const QString& path, qint64 maxSize, QByteArray* out);

// Tracks files written by an action so a failure can take them all back.
class WrittenFiles
{
public:
    QString write(const QString& path, const QByteArray& data, int mode, std::optional<FileOwner> owner);
    // A certificate into a directory store: NAME-THUMB8.pem (0644) and, when `key` is
    // given, NAME-THUMB8.key (0600, unencrypted PKCS#8). *certPath: the certificate's
    // file. Empty, or why not (the caller rolls back).
    QString writeCertificate(const StoreConfig& store, const Certificate& cert, const PrivateKey& key,
                             std::optional<FileOwner> owner, QString* certPath);
    void rollback();
    QStringList paths() const { return m_paths; }

private:
    QStringList m_paths;
};

// "<name>-<first 8 of the thumbprint>" within the store directory: readable and unique.
QString certificateFileStem(const StoreConfig& store, const Certificate& cert);

// A file name from hostile input (a certificate's CN): [A-Za-z0-9._-] only, at most
// 64 characters, never starting with a dot; "certificate" when nothing is left.
QString safeFileStem(const QString& text);

bool storeHolds(const StoreScan& content, const Certificate& cert);

// The smallest of the paths: the one the lifecycle engine names a certificate by when a
// store holds it at several (its events about it say the same).
QString smallestPath(const QStringList& paths);

// Carries out planRemoval(cert, store, content, scope) (CertificateRemoval.cpp): every
// file is checked to still hold the certificate first; rewrites, then removals, then key
// files. Fills result.removedFiles/rewrittenFiles, and result.error when it stopped
// (nothing changed when both lists are empty). Records no event.
void removeFromStore(const StoredCertificate& cert, const StoreConfig& store, const StoreScan& content,
                     const RemovalScope& scope, ActionResult& result, RemovalPlan* planOut = nullptr);

// The private key of a stored certificate, read from the file the scan found it in (a
// key file beside it, or the PKCS#12 file itself, opened with the store's password file
// as the scanner opens it). Null with *error set when it cannot be read; null with no
// error when the store holds no key for it.
PrivateKey readStoredKey(const StoredCertificate& stored, const StoreConfig& store, QString* error);

} // namespace certlife::actions_detail
