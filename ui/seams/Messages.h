// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QString>

class QWidget;

namespace certlife::ui {

// The one way the console tells the user something in a message box: the errors of
// every command (the CommandRunner shows them), and the rare notice that must be read.
// Tests record them instead.
class Messages
{
public:
    virtual ~Messages() = default;
    virtual void showError(QWidget* parent, const QString& title, const QString& text);
    virtual void showNotice(QWidget* parent, const QString& title, const QString& text);
};

} // namespace certlife::ui
