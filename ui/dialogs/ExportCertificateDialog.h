// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "commands/ActionDialogs.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace certlife::ui {

// Export: the format (PEM or DER: the certificate alone; PKCS#12: with its private key,
// only when the store holds the key), the output file, for PKCS#12 the password twice
// and the legacy kind. OK stays disabled, with the reason shown, until it is complete.
class ExportCertificateDialog : public QDialog
{
    Q_OBJECT
public:
    explicit ExportCertificateDialog(const CertificateSummary& certificate, QWidget* parent = nullptr);
    ~ExportCertificateDialog() override;
    // The password fields are cleared once read.
    ExportAnswer takeAnswer();

private:
    void browse();
    void formatChanged();
    void update();
    ExportFormat format() const;

    QComboBox* m_format = nullptr;
    QLineEdit* m_path = nullptr;
    QCheckBox* m_overwrite = nullptr;
    QLineEdit* m_password = nullptr;
    QLineEdit* m_repeat = nullptr;
    QCheckBox* m_legacy = nullptr;
    QLabel* m_problem = nullptr;
    QWidget* m_pkcs12Box = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
};

} // namespace certlife::ui
