// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QMessageBox>

namespace certlife::ui {

// A modal message box whose text is shown as plain text. QMessageBox's static helpers
// guess: a certificate subject or a file name holding "<img …>" or "<a href…>" would be
// rendered as markup. Every text that can carry a certificate field, a path or a
// script's output goes through here.
QMessageBox::StandardButton plainMessageBox(QWidget* parent, QMessageBox::Icon icon, const QString& title,
                                            const QString& text, QMessageBox::StandardButtons buttons = QMessageBox::Ok,
                                            QMessageBox::StandardButton defaultButton = QMessageBox::NoButton);

// A QInputDialog (or any auto-detecting QLabel) label that shows `text` as it is.
QString plainLabelText(const QString& text);

} // namespace certlife::ui
