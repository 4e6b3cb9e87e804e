// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "endpoints/TlsProbe.h"
#include "stores/FileStamp.h"
#include "stores/Store.h"

#include <QObject>
#include <QCoro/QCoroTask>
#include <functional>
#include <memory>

namespace certlife {

class Clock;

// Progress of one store's scan (the console's ScanProgress covers several stores).
struct StoreScanProgress
{
    enum class Phase : quint8 { Listing, Reading, Finished };
    QString storeId;
    Phase phase = Phase::Listing;
    int filesDone = 0;  // files resolved so far (read, or taken from the cache)
    int filesTotal = 0; // files the store holds (known once listing is done)
};

// Reads one file for the Scanner. The default opens it with open(2) (non-blocking, so a
// FIFO cannot hang a scan) and refuses anything that is not a regular file.
using ScanFileReader =
    std::function<bool(const QByteArray& path, qint64 maxSize, QByteArray* content, FileStamp* stamp, QString* error)>;

// Takes a scan's certificates file by file (Scanner::scan with a sink): called on a worker
// thread, in the store's listing order, each file's certificates in file order. False
// stops the scan (as Scanner::cancel() does).
using ScanSink = std::function<bool(QList<StoredCertificate>&& certificates)>;

struct ScanOptions
{
    // Where each store's cache file lives (ScanCache::fileFor): loaded at the start of a
    // scan, saved at its end, not kept in memory in between (the scan result holds the
    // certificates; a second copy would double the memory). Empty: no file; the cache
    // then lives in this Scanner's memory, per store, for as long as the Scanner does.
    QString cacheDirectory;
    // Stamps StoreScan::scannedAt. Default: the system clock.
    std::shared_ptr<const Clock> clock;
    // Test seams. readFile replaces how files are read (tests use it for errors root
    // cannot provoke, such as EACCES); afterListing runs on the worker thread after the
    // store was listed and before any file is read.
    ScanFileReader readFile;
    std::function<void()> afterListing;
    // How TLS endpoint stores are probed (timeouts, trust store; tests: the resolver).
    // Its clock defaults to `clock`.
    ProbeOptions endpointProbe;
};

// Scans stores off the caller's thread: the store is listed, unchanged files come from
// the cache, the others are read and parsed on every core (files in parallel; a large
// PEM bundle in parallel chunks), private keys are paired with certificates across the
// whole store by their public key, and one StoreScan comes back. Bad files never stop a
// scan: each becomes a ScanProblem naming the file and the reason.
//
//   Scanner scanner({Scanner::cacheDirectory(Scope::User)});
//   connect(&scanner, &Scanner::progress, …);          // UI thread
//   QCoro::Task<StoreScan> scanning = scanner.scan(store);
//   const StoreScan scan = co_await scanning;
class Scanner : public QObject
{
    Q_OBJECT
public:
    explicit Scanner(ScanOptions options = {}, QObject* parent = nullptr);
    ~Scanner() override; // cancels scans still running; their tasks still complete

    // Call from the Scanner's thread; the task must be awaited. Scans of different stores
    // may run at the same time.
    QCoro::Task<StoreScan> scan(std::shared_ptr<const Store> store);
    // Streams instead of collecting (`certlifectl scan --json PATH...`): each file's
    // certificates go to `sink` once that file and every file listed before it are read,
    // and are not kept; the StoreScan returned has no certificates (its problems, counts
    // and flags as usual). Keys still pair across the whole store: every file is first
    // looked at for private keys (mayHoldPrivateKey) and only those that may hold one are
    // decoded before the first certificate is handed on. No cache is read or written.
    QCoro::Task<StoreScan> scan(std::shared_ptr<const Store> store, ScanSink sink);

    // Stops every scan in progress, and any asked for afterwards (the Scanner is done:
    // the agent's stop): each completes soon with StoreScan::cancelled set and what it
    // had so far. A file being parsed is finished; no other file is started. Results
    // already parsed are kept in the cache.
    void cancel();
    int scansRunning() const;

    const ScanOptions& options() const;

    // The per-process cache location: <state dir of scope>/scan-cache.
    static QString cacheDirectory(Scope processScope);
    // System when running as root (the system agent), else User.
    static Scope processScope();

Q_SIGNALS:
    // Emitted on the Scanner's thread (queued from the workers), at most about a hundred
    // times per scan.
    void progress(const certlife::StoreScanProgress& progress);

private:
    struct Shared;
    std::shared_ptr<Shared> d;
};

// Scans every store in turn (each scan already uses every core) and returns one
// StoreScan per store, in the order given; TLS endpoint stores are probed
// (scanEndpointStore, EndpointStore.h). A store that cannot be scanned (unknown
// kind) gets a StoreScan with a problem, so the lifecycle engine still sees it. Once a
// scan comes back cancelled (Scanner::cancel()), the stores after it are not scanned:
// each gets a StoreScan marked cancelled.
QCoro::Task<QList<StoreScan>> scanStores(Scanner& scanner, QList<StoreConfig> stores);

} // namespace certlife

Q_DECLARE_METATYPE(certlife::StoreScanProgress)
