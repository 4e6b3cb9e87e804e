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

// Buffers that files are read into, reused from file to file for as long as a scan runs:
// each fresh buffer is fresh pages, and a page fault costs more than reading the page.
// Holds at most one buffer per thread that reads at once.
class ReadBuffers
{
public:
    QByteArray take();
    void give(QByteArray buffer);

private:
    QMutex m_mutex;
    QList<QByteArray> m_free;
};

// One scan of one store, run on a worker thread (Scanner::scan starts it with
// QtConcurrent and awaits it). Internal to the Scanner; in a header for its tests.
class ScanJob
{
public:
    // With a sink the job streams (Scanner::scan(store, sink)): no cache, no certificates kept.
    ScanJob(std::shared_ptr<const Store> store, ScanOptions options, std::shared_ptr<ProgressRelay> relay,
            std::optional<ScanCache> memoryCache, ScanSink sink = {});

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

    // The files holding each private key (by its public key's SHA-256), in listing order.
    using KeyFiles = QHash<QByteArray, QList<qsizetype>>;

    ScanCache loadCache(const QString& file) const;
    ParseOptions readPassword(QList<ScanProblem>& problems) const;
    // For each listed file, the earlier one reaching the same file (same inode and stamp), or -1.
    static QList<qsizetype> aliasesOf(const StoreListing& listing);
    void resolve(const StoreListing& listing, const ScanCache& old, const ParseOptions& parse, QList<Slot>& outcomes);
    void stream(const StoreListing& listing, const ParseOptions& parse, StoreScan& scan);
    void readKeysFirst(const StoreListing& listing, const QList<qsizetype>& aliases, const ParseOptions& parse,
                       QList<Slot>& outcomes);
    void readAndParse(const ListedFile& file, const ParseOptions& parse, Slot& slot);
    // Reads into a buffer of m_buffers (give it back when done with it).
    bool readContent(const ListedFile& file, QByteArray* content, FileStamp* stamp, Slot& slot);
    void parseContent(QByteArray& content, const FileStamp& stamp, const ParseOptions& parse, Slot& slot);
    void readItem(const ListedFile& file, const ParseOptions& parse, Slot& slot); // Store::readsItems()
    void updateCache(const StoreListing& listing, const QList<Slot>& outcomes, ScanCache old, bool cancelled);
    void assemble(const StoreListing& listing, const QList<Slot>& outcomes, StoreScan& scan) const;
    static KeyFiles keyFilesOf(const QList<Slot>& outcomes);
    // Appends file i's certificates (keys paired) to scan.certificates, its problem to
    // scan.problems, and counts it. `paths`: file names decoded so far, shared by all.
    void collect(const StoreListing& listing, qsizetype i, const Slot& slot, const KeyFiles& keyFiles, bool compact,
                 QList<QString>& paths, StoreScan& scan) const;
    void fileDone();

    std::shared_ptr<const Store> m_store;
    ScanSink m_sink;
    ScanOptions m_options;
    std::shared_ptr<ProgressRelay> m_relay;
    std::optional<ScanCache> m_memoryCache;
    ScanCache m_newCache;
    StoreScan m_result;
    std::atomic_bool m_cancelled{false};
    std::atomic_int m_filesDone{0};
    int m_filesTotal = 0; // set before any worker starts
    StringPool m_strings;
    ReadBuffers m_buffers;
};

} // namespace certlife
