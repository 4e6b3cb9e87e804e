// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "stores/ScanCache.h"
#include "stores/Scanner.h"
#include "stores/StringPool.h"

#include <QMutex>

namespace certlife {

// Hands progress from worker threads to a Scanner, or to nobody once it is gone.
class ProgressRelay
{
public:
    explicit ProgressRelay(Scanner* target) : m_target(target) {}
    void detach();
    void post(const StoreScanProgress& progress);

private:
    QMutex m_mutex;
    Scanner* m_target;
};

// One scan of one store, run on a worker thread (Scanner::scan starts it with
// QtConcurrent and awaits it). Internal to the Scanner; in a header for its tests.
class ScanJob
{
public:
    ScanJob(std::shared_ptr<const Store> store, ScanOptions options, std::shared_ptr<ProgressRelay> relay,
            std::optional<ScanCache> memoryCache);

    void run(); // the result: takeResult()
    StoreScan takeResult() { return std::move(m_result); }
    void cancel() { m_cancelled.store(true); }
    // The cache as it stands after run(): for Scanners that keep it in memory.
    ScanCache takeCache() { return std::move(m_newCache); }

private:
    // One listed file's outcome.
    struct Slot
    {
        FileResultPtr result;
        FileStamp stamp; // of the content the result describes
        QString readError;
        bool fromCache = false;
        bool parsed = false;
    };

    ScanCache loadCache(const QString& file) const;
    ParseOptions readPassword(QList<ScanProblem>& problems) const;
    void resolve(const StoreListing& listing, const ScanCache& old, const ParseOptions& parse, QList<Slot>& outcomes);
    void readAndParse(const ListedFile& file, const ParseOptions& parse, Slot& slot);
    void readItem(const ListedFile& file, const ParseOptions& parse, Slot& slot); // Store::readsItems()
    void updateCache(const StoreListing& listing, const QList<Slot>& outcomes, ScanCache old, bool cancelled);
    void assemble(const StoreListing& listing, const QList<Slot>& outcomes, StoreScan& scan) const;
    void fileDone();

    std::shared_ptr<const Store> m_store;
    ScanOptions m_options;
    std::shared_ptr<ProgressRelay> m_relay;
    std::optional<ScanCache> m_memoryCache;
    ScanCache m_newCache;
    StoreScan m_result;
    std::atomic_bool m_cancelled{false};
    std::atomic_int m_filesDone{0};
    int m_filesTotal = 0; // set before any worker starts
    StringPool m_strings;
};

} // namespace certlife
