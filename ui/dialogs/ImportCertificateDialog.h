// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "commands/ActionDialogs.h"

#include <QDialog>

class QComboBox;
class QDialogButtonBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;

namespace certlife::ui {

// Import: the files to read (PEM, DER, PKCS#7, PKCS#12; dropped or chosen) and the
// writable store they go into; for an NSS database also the nickname (one file) and the
// trust flags, as `certlifectl import --nickname --trust` takes them. Passwords are asked
// per file afterwards, only when a file turns out to be encrypted.
class ImportCertificateDialog : public QDialog
{
    Q_OBJECT
public:
    ImportCertificateDialog(const QStringList& files, const QList<StoreChoice>& stores, const QString& storeKey,
                            QWidget* parent = nullptr);
    ImportAnswer answer() const;

private:
    void addFiles();
    void removeSelected();
    void update();

    bool nssChosen() const;

    QListWidget* m_files = nullptr;
    QComboBox* m_store = nullptr;
    QFormLayout* m_form = nullptr;
    QLineEdit* m_nickname = nullptr;
    QComboBox* m_trust = nullptr;
    QLabel* m_problem = nullptr;
    QLabel* m_note = nullptr;
    QPushButton* m_remove = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
};

} // namespace certlife::ui
