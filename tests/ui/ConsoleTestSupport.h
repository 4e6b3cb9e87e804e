// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

// Stand-ins for what the console asks of the outside world, answered by the GUI tests:
// the desktop, the store dialogs, the message boxes; the console's sources (inventory,
// agent probe) are in tests/support/ConsoleSources.h. Header-only; each GUI test
// executable includes it.

#include "ConsoleSources.h"
#include "commands/StoreDialogs.h"
#include "seams/DesktopServices.h"
#include "seams/FleetDialogs.h"
#include "seams/Messages.h"

namespace certlife::test {

class RecordingDesktop final : public ui::DesktopServices
{
public:
    QStringList copied;
    QStringList openedFolders;
    bool openFolder(const QString& directory) override
    {
        openedFolders << directory;
        return true;
    }
    void copyToClipboard(const QString& text) override { copied << text; }
};

class ScriptedStoreDialogs final : public ui::StoreDialogs
{
public:
    std::optional<StoreConfig> newStore;
    bool confirmRemoval = true;
    QList<QList<Scope>> offeredScopes;

    std::optional<StoreConfig> askForNewStore(QWidget*, const QList<Scope>& scopes,
                                              const std::function<QString(const StoreConfig&)>&) override
    {
        offeredScopes << scopes;
        return newStore;
    }
    bool confirmRemoveStore(QWidget*, const StoreInventory&) override { return confirmRemoval; }
};

// File → Connect to fleet…: answers with `answer` (nullopt: cancelled) and records the
// recent fleets it was offered.
class ScriptedFleetDialogs final : public ui::FleetDialogs
{
public:
    std::optional<FleetLocation> answer;
    QList<QList<FleetLocation>> offered;

    std::optional<FleetLocation> askForFleet(QWidget*, const QList<FleetLocation>& recent) override
    {
        offered << recent;
        return answer;
    }
};

// The message boxes every command's errors go to, recorded as "title: text".
class RecordingMessages final : public ui::Messages
{
public:
    QStringList errors;
    QStringList notices;

    void showError(QWidget*, const QString& title, const QString& text) override
    {
        errors << title + QStringLiteral(": ") + text;
    }
    void showNotice(QWidget*, const QString& title, const QString& text) override
    {
        notices << title + QStringLiteral(": ") + text;
    }
};

} // namespace certlife::test
