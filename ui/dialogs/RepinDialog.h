// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "tasks/NotificationTask.h"
#include "tasks/TaskAdmin.h"

#include <QDialog>

class QPlainTextEdit;
class QPushButton;

namespace certlife::ui {

// Repin: what would be pinned, before it is. Only the old pin's SHA-256 is kept, not
// the old content, so there is no diff to show: the dialog says so and shows the whole
// script as it is now (the bytes that were hashed), with its owner, mode, size and
// modification time, and both hashes. Pin / Cancel; Cancel is the default.
class RepinDialog : public QDialog
{
    Q_OBJECT
public:
    RepinDialog(const NotificationTask& task, const RepinPreview& preview, QWidget* parent = nullptr);

    QPlainTextEdit* contentView() const { return m_content; }
    QPushButton* pinButton() const { return m_pin; }
    QString factsText() const; // the labels above the content, for tests

private:
    QPlainTextEdit* m_content = nullptr;
    QPushButton* m_pin = nullptr;
};

} // namespace certlife::ui
