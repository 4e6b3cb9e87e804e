// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

// Stand-ins for what the console asks of the outside world, answered by the GUI tests:
// the store inventory, the desktop, the store dialogs, the message boxes and the agent
// probe. Header-only; each GUI test executable includes it.

#include "AgentStatus.h"
#include "commands/StoreDialogs.h"
#include "models/InventorySource.h"
#include "seams/DesktopServices.h"
#include "seams/Messages.h"

#include <QCoro/QCoroFuture>
#include <QSemaphore>
#include <QtConcurrent/QtConcurrentRun>

namespace certlife::test {

// An inventory held in memory. scan() reports progress from a worker thread, as a real
// scanner does, and returns `scanned` (or the cached inventory when none was set).
class FakeInventorySource final : public InventorySource
{
public:
    Inventory cached;
    std::optional<Inventory> scanned;
    bool systemWritable = false;
    QString refusal; // what validateStore/addStore answer; empty: accepted
    QList<StoreConfig> added;
    QList<QPair<Scope, QString>> removed;
    int scans = 0;
    // When set, a scan's worker waits for the test to release it: the scan is then
    // observably in progress.
    std::shared_ptr<QSemaphore> gate;

    // QCoro 0.8 moves from a non-const lvalue given to co_return: return a copy.
    QCoro::Task<Inventory> loadCached() override { co_return Inventory(cached); }

    QCoro::Task<Inventory> scan(ScanProgressCallback progress) override
    {
        ++scans;
        const Inventory result = scanned.value_or(cached);
        auto work = QtConcurrent::run([result, progress, gate = gate] {
            if (gate)
                gate->acquire();
            for (int i = 0; i < result.size(); ++i)
                progress({i, int(result.size()), result[i].displayName(), 0, int(result[i].scan.certificates.size())});
            return result;
        });
        Inventory done = co_await work;
        cached = done;
        co_return done;
    }

    bool canModify(Scope scope) const override { return scope == Scope::User || systemWritable; }
    QString validateStore(const StoreConfig&) const override { return refusal; }
    QString addStore(const StoreConfig& config) override
    {
        if (!refusal.isEmpty())
            return refusal;
        added << config;
        StoreInventory store;
        store.config = config;
        cached << store;
        return {};
    }
    QString removeStore(Scope scope, const QString& id) override
    {
        removed << qMakePair(scope, id);
        cached.removeIf([&](const StoreInventory& s) { return s.config.scope == scope && s.config.id == id; });
        return {};
    }
};

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

class FixedAgentProbe final : public ui::AgentProbe
{
public:
    ui::AgentStatus system{ui::AgentStatus::State::Running, QStringLiteral("certlife-agent.service: active (running)")};
    ui::AgentStatus user{ui::AgentStatus::State::Stopped, QStringLiteral("certlife-agent.service: inactive (dead)")};
    QCoro::Task<ui::AgentStatus> status(Scope scope) override
    {
        co_return ui::AgentStatus(scope == Scope::System ? system : user); // a copy: see loadCached()
    }
};

} // namespace certlife::test
