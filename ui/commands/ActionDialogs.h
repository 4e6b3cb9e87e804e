// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

// The questions the certificate commands (import, export, copy, move, delete, replace)
// ask, as one seam: the console shows real dialogs, the GUI tests answer them. Their
// errors go through the CommandRunner (seams/Messages.h).

#include "actions/CertificateActions.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

class QWidget;

namespace certlife::ui {

// A store an action may write to, as the dialogs offer it.
struct StoreChoice
{
    QString key;      // storeKey(scope, id)
    QString label;    // "Web servers (System)"
    bool nss = false; // an NSS database: certificates go in under a nickname, with trust flags
};

// A certificate as the dialogs name it.
struct CertificateSummary
{
    QString name;                 // CN, else the first DNS name
    QString subject;              // the whole DN
    QString commonName;           // the subject's CN, empty when none
    QStringList alternativeNames; // "DNS:www.example.org", … (Replace suggests those that share one)
    QString thumbprint;           // SHA-1, upper-case hex
    QString storeLabel;           // "My (User)"
    QDateTime notAfter;
    bool hasPrivateKey = false;
};

struct ImportAnswer
{
    QStringList files;
    QString storeKey;
    // NSS stores only (ImportRequest): the nickname of a single file's certificate (empty:
    // its name) and certutil -t trust flags for every certificate (empty: none).
    QString nssNickname;
    QString nssTrust;
};

struct ExportAnswer
{
    ExportFormat format = ExportFormat::Pem;
    QString path;
    QByteArray password; // PKCS#12 only; the caller wipes it
    Pkcs12Kind pkcs12Kind = Pkcs12Kind::Modern;
    bool overwrite = false;
};

// One way to delete a certificate: from every location of its store, or from one.
struct DeleteOption
{
    QString location;      // empty: every location (the certificate leaves the store)
    QStringList files;     // removed: its files first, then key files that go too
    QStringList rewritten; // PEM bundles rewritten without it, their other certificates kept
    QStringList keptKeys;  // its key files that stay, still used in the store
    QStringList remaining; // paths that still hold it afterwards
    QString refused;       // why this way is not possible (then the rest is empty)
};

// What a delete asks to confirm: the certificate, its store, every file that goes; when
// the store holds it at several paths, the choice of all of them or one (`options`).
struct DeleteQuestion
{
    CertificateSummary certificate;
    QStringList locations; // every path of the store that holds it, the primary one first
    // The first option is every location; with several locations each one follows.
    QList<DeleteOption> options;
    // The first option's, as shown when there is no choice to make.
    QStringList files;   // the certificate's file(s) first, then its key file when it goes too
    QString keptKeyFile; // its key file when another certificate of the store still uses it
};

class ActionDialogs
{
public:
    virtual ~ActionDialogs() = default;

    // Files to import and the store to put them in. `files` and `storeKey` preset the
    // dialog (a drop names both); `stores` are the writable stores only.
    virtual std::optional<ImportAnswer> askImport(QWidget* parent, const QStringList& files,
                                                  const QList<StoreChoice>& stores, const QString& storeKey);
    // The password of an encrypted file (PKCS#12, encrypted key); `retry` after a wrong one.
    // nullopt when cancelled. The caller wipes the bytes.
    virtual std::optional<QByteArray> askPassword(QWidget* parent, const QString& file, bool retry);
    virtual std::optional<ExportAnswer> askExport(QWidget* parent, const CertificateSummary& certificate);
    // The store to copy or move to (storeKey), among writable stores other than its own.
    virtual std::optional<QString> askTargetStore(QWidget* parent, bool move, const CertificateSummary& certificate,
                                                  const QList<StoreChoice>& stores);
    // The option chosen (an index into question.options, never a refused one); nullopt
    // when cancelled.
    virtual std::optional<int> askDelete(QWidget* parent, const DeleteQuestion& question);
    // The certificate that replaces `old`: an index into `candidates`.
    virtual std::optional<int> askReplacement(QWidget* parent, const CertificateSummary& old,
                                              const QList<CertificateSummary>& candidates);
};

} // namespace certlife::ui
