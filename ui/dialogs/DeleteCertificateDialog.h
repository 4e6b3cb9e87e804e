// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "commands/ActionDialogs.h"

#include <QDialog>

class QButtonGroup;
class QLabel;
class QPushButton;

namespace certlife::ui {

// Delete of a certificate its store holds at several paths: every location (it leaves
// the store) or one of them, each with the files it removes and the bundles it rewrites.
class DeleteCertificateDialog : public QDialog
{
    Q_OBJECT
public:
    explicit DeleteCertificateDialog(const DeleteQuestion& question, QWidget* parent = nullptr);
    int chosenOption() const; // into question.options; -1 when none

    // What an option changes, as rich text (the dialog's lower half; the message box of a
    // certificate at one path).
    static QString describeOption(const DeleteOption& option);

private:
    void showOption(int index);

    DeleteQuestion m_question;
    QButtonGroup* m_choices = nullptr;
    QLabel* m_effect = nullptr;
    QPushButton* m_delete = nullptr;
};

} // namespace certlife::ui
