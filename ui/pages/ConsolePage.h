// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QIcon>
#include <QWidget>

namespace certlife {
class ConsoleSettings;
}

namespace certlife::ui {

// One page of the main window's navigation. Pages are added with MainWindow::addPage();
// each gets a navigation entry, a View menu item and a Ctrl+number shortcut in the
// order added, so later pages (Tasks, Policy) plug in without touching the window.
class ConsolePage : public QWidget
{
    Q_OBJECT
public:
    using QWidget::QWidget;

    virtual QString title() const = 0;
    virtual QIcon icon() const = 0;
    // Column layouts and splitter sizes, saved when the window closes.
    virtual void saveLayout(ConsoleSettings& settings) const { Q_UNUSED(settings); }
    virtual void restoreLayout(const ConsoleSettings& settings) { Q_UNUSED(settings); }
    // The page's own filter, which Ctrl+F focuses; null: the page has none (Ctrl+F then
    // goes to the certificate search, the Certificates page's filter).
    virtual QWidget* filterField() const { return nullptr; }
};

} // namespace certlife::ui
