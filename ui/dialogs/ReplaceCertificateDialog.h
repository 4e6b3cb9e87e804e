// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "commands/ActionDialogs.h"

#include <QDialog>

class QDialogButtonBox;
class QLineEdit;
class QTreeWidget;

namespace certlife::ui {

// Replace (Switch-Certificate): the certificate that replaces the selected one, chosen
// from the inventory (same scope), with a filter on name, subject and thumbprint.
class ReplaceCertificateDialog : public QDialog
{
    Q_OBJECT
public:
    ReplaceCertificateDialog(const CertificateSummary& old, const QList<CertificateSummary>& candidates,
                             QWidget* parent = nullptr);
    int chosenIndex() const; // into candidates; -1 when none

private:
    void filter(const QString& text);

    QLineEdit* m_filter = nullptr;
    QTreeWidget* m_list = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
};

} // namespace certlife::ui
