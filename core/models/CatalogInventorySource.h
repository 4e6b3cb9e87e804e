// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "models/InventorySource.h"
#include "util/Clock.h"

#include <QMutex>
#include <memory>

namespace certlife {

// The real inventory: the stores both scopes monitor (monitoredStores(): the catalog
// plus each scope's policy AdditionalStores, as the agent sees them), scanned with the
// Scanner and its per-process cache (unchanged files are not read again). The last scan
// is kept in an InventoryCache file so the next start shows it at once.
class CatalogInventorySource final : public InventorySource
{
public:
    explicit CatalogInventorySource(std::shared_ptr<const Clock> clock, QString cacheFile = {});

    QCoro::Task<Inventory> loadCached() override;
    QCoro::Task<Inventory> scan(ScanProgressCallback progress) override;

    bool canModify(Scope scope) const override;
    QString validateStore(const StoreConfig& config) const override;
    QString addStore(const StoreConfig& config) override;
    QString removeStore(Scope scope, const QString& id) override;
    QStringList watchedPaths() const override;
    QStringList configurationProblems() const override;

private:
    void remember(const Inventory& inventory, const QStringList& problems);

    std::shared_ptr<const Clock> m_clock;
    QString m_cacheFile;
    mutable QMutex m_mutex; // guards the two below, written from worker threads
    QList<StoreConfig> m_knownStores;
    QStringList m_problems;
};

} // namespace certlife
