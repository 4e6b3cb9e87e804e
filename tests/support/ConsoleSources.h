// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

// The console's sources held in memory, for the console's tests (core/console and the
// GUI tests): the store inventory and the agent probe. Header-only.

#include "agent/AgentStatus.h"
#include "models/InventorySource.h"

#include <QCoro/QCoroFuture>
#include <QSemaphore>
#include <QtConcurrent/QtConcurrentRun>
#include <memory>
#include <optional>

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
    QStringList watchedPaths() const override { return watched; }

    QStringList watched; // what watchedPaths() answers
};

// The agents' units: System running, User stopped, unless a test says otherwise.
class FixedAgentProbe final : public AgentProbe
{
public:
    AgentService system{AgentService::State::Running, QStringLiteral("certlife-agent.service: active (running)")};
    AgentService user{AgentService::State::Stopped, QStringLiteral("certlife-agent.service: inactive (dead)")};
    QCoro::Task<AgentService> service(Scope scope) override
    {
        co_return AgentService(scope == Scope::System ? system : user); // a copy: see loadCached()
    }
};

} // namespace certlife::test
