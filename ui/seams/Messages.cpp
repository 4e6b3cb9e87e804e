// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "seams/Messages.h"

#include "widgets/PlainMessageBox.h"

#include <QMessageBox>

namespace certlife::ui {

void Messages::showError(QWidget* parent, const QString& title, const QString& text)
{
    plainMessageBox(parent, QMessageBox::Warning, title, text);
}

void Messages::showNotice(QWidget* parent, const QString& title, const QString& text)
{
    plainMessageBox(parent, QMessageBox::Information, title, text);
}

} // namespace certlife::ui
