// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "commands/CertificateCommand.h"

namespace certlife::ui {

// Import…, and files dropped onto a store: the import dialog (files, writable target
// store), then each file into the store, asking for its password when it is encrypted
// (PKCS#12, encrypted key), again after a wrong one. 1006 action import per certificate.
class ImportCommand : public CertificateCommand
{
    Q_OBJECT
public:
    // files and storeKey preset the dialog (a drop names both); both may be empty.
    ImportCommand(CommandContext context, QStringList files, QString storeKey, QObject* parent = nullptr);

protected:
    QCoro::Task<CommandOutcome> run() override;

private:
    // One file; nullopt when it was imported, else why not.
    // Imports one file and acknowledges it at once, so the snapshot lock is never held
    // from one file to the next (or while a password is asked for).
    struct NssNaming
    {
        QString nickname; // empty: the certificate's name
        QString trust;    // empty: none
    };
    QCoro::Task<std::optional<QString>> importOne(QString file, StoreConfig store, NssNaming naming, int* imported);

    QStringList m_files;
    QString m_storeKey;
    QStringList m_warnings; // from acknowledging each imported file
};

} // namespace certlife::ui
