// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "models/Inventory.h"

#include <QList>
#include <QString>
#include <functional>
#include <optional>

class QWidget;

namespace certlife::ui {

// What the console asks of the desktop. Tests substitute a recorder.
class DesktopServices
{
public:
    virtual ~DesktopServices() = default;
    // Shows a directory in the file manager; false when nothing could open it.
    virtual bool openFolder(const QString& directory);
    virtual void copyToClipboard(const QString& text);
};

// Every question the console asks the user in a dialog. Tests answer them.
class ConsoleDialogs
{
public:
    virtual ~ConsoleDialogs() = default;
    // A new store to monitor, in one of the scopes this user may change; nullopt when
    // cancelled. `validate` returns an error for a configuration (empty: acceptable) so
    // the dialog can say what is wrong before it closes.
    virtual std::optional<StoreConfig> askForNewStore(QWidget* parent, const QList<Scope>& writableScopes,
                                                      const std::function<QString(const StoreConfig&)>& validate);
    virtual bool confirmRemoveStore(QWidget* parent, const StoreInventory& store);
    virtual void showError(QWidget* parent, const QString& title, const QString& text);
    virtual void showAbout(QWidget* parent);
};

} // namespace certlife::ui
