// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "CertFactory.h"
#include "StoreTestSupport.h"
#include "TestEnvironment.h"
#include "util/Clock.h"

#include <QMutex>
#include <QSemaphore>
#include <QSet>
#include <QTest>
#include <QThread>

using namespace certlife;
using namespace certlife::test;

class TestScanner : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void scansOffTheCallersThreadOnSeveralThreads();
    void reportsProgressOnItsOwnThread();
    void cancelStopsTheScanAndKeepsTheCache();
    void scanTimeComesFromTheInjectedClock();
    void commandLinePathsPairKeysAcrossThem();
    void streamingHandsOnWhatACollectedScanHolds();
    void streamingStopsWhenTheSinkRefuses();

private:
    static void writeCerts(const QString& dir, int count)
    {
        for (int i = 0; i < count; ++i)
            QVERIFY(writeFile(
                dir + QStringLiteral("/%1.pem").arg(i, 4, 10, QLatin1Char('0')),
                makeNamedCert(QStringLiteral("n%1.example").arg(i), QByteArray::number(0x2000 + i, 16)).pem()));
    }
};

void TestScanner::scansOffTheCallersThreadOnSeveralThreads()
{
    TestEnvironment env;
    const QString dir = env.path(QStringLiteral("store"));
    writeCerts(dir, 200);
    QMutex mutex;
    QSet<QThread*> readers;
    ScanOptions options;
    options.readFile = [&](const QByteArray& path, qint64 max, QByteArray* content, FileStamp* stamp, QString* error) {
        {
            QMutexLocker lock(&mutex);
            readers.insert(QThread::currentThread());
        }
        // Hold each thread a little so that a second one gets work too, even on one core.
        QThread::usleep(200);
        return readRegularFile(path, max, content, stamp, error);
    };
    const StoreScan scan = scanOnce(directoryConfig(dir), options);
    QCOMPARE(scan.certificates.size(), 200);
    QVERIFY(!readers.contains(QThread::currentThread()));
    if (QThread::idealThreadCount() > 1)
        QVERIFY2(readers.size() >= 2, "files are read on more than one thread");
}

void TestScanner::reportsProgressOnItsOwnThread()
{
    TestEnvironment env;
    const QString dir = env.path(QStringLiteral("store"));
    writeCerts(dir, 250);
    Scanner scanner;
    QList<StoreScanProgress> seen;
    bool onScannerThread = true;
    connect(&scanner, &Scanner::progress, this, [&](const StoreScanProgress& p) {
        onScannerThread = onScannerThread && QThread::currentThread() == scanner.thread();
        seen.append(p);
    });
    const StoreScan scan = scanWith(scanner, directoryConfig(dir, false, QStringLiteral("progress")));
    QCOMPARE(scan.certificates.size(), 250);
    // Progress is queued to the Scanner's thread; a scan whose result is ready before it
    // is awaited returns without a turn of the event loop, so let the signals arrive.
    QTRY_VERIFY(!seen.isEmpty() && seen.last().phase == StoreScanProgress::Phase::Finished);
    QVERIFY(onScannerThread);
    QVERIFY(seen.size() >= 2);   // Listing and Finished at least; Reading updates may coalesce under load
    QVERIFY(seen.size() <= 110); // throttled: about one per percent
    QCOMPARE(seen.first().phase, StoreScanProgress::Phase::Listing);
    QCOMPARE(seen.last().phase, StoreScanProgress::Phase::Finished);
    QCOMPARE(seen.last().filesDone, 250);
    QCOMPARE(seen.last().filesTotal, 250);
    QCOMPARE(seen.last().storeId, QStringLiteral("progress"));
    int maxDone = 0;
    for (const StoreScanProgress& p : std::as_const(seen))
        maxDone = qMax(maxDone, p.phase == StoreScanProgress::Phase::Reading ? p.filesDone : 0);
    QCOMPARE(maxDone, 250);
}

void TestScanner::cancelStopsTheScanAndKeepsTheCache()
{
    TestEnvironment env;
    const QString dir = env.path(QStringLiteral("store"));
    writeCerts(dir, 300);
    const QString cacheDir = env.path(QStringLiteral("cache"));
    // Warm the cache for the first 10 files only.
    {
        QVERIFY(QDir().mkpath(env.path(QStringLiteral("few"))));
        Scanner warm(cacheIn(cacheDir));
        const StoreScan full = scanWith(warm, directoryConfig(dir, false, QStringLiteral("c")));
        QCOMPARE(full.filesParsed, 300);
    }
    for (int i = 0; i < 300; i += 2) // change every other file: those must be read again
        QVERIFY(
            writeFile(dir + QStringLiteral("/%1.pem").arg(i, 4, 10, QLatin1Char('0')),
                      makeNamedCert(QStringLiteral("r%1.example").arg(i), QByteArray::number(0x3000 + i, 16)).pem()));

    // Every reader waits at a gate the test opens only after it has cancelled, so the
    // cancellation lands while the scan is reading.
    QSemaphore gate;
    ScanOptions options = cacheIn(cacheDir);
    options.readFile = [&gate](const QByteArray& path, qint64 max, QByteArray* content, FileStamp* stamp,
                               QString* error) {
        gate.acquire();
        gate.release();
        return readRegularFile(path, max, content, stamp, error);
    };
    Scanner scanner(options);
    bool cancelled = false;
    connect(&scanner, &Scanner::progress, this, [&](const StoreScanProgress& p) {
        if (p.phase == StoreScanProgress::Phase::Reading && !cancelled) {
            cancelled = true;
            scanner.cancel();
            gate.release();
        }
    });
    const StoreScan partial = scanWith(scanner, directoryConfig(dir, false, QStringLiteral("c")));
    QVERIFY(cancelled);
    QVERIFY(partial.cancelled);
    QCOMPARE(partial.filesFromCache, 150); // unchanged files were resolved before reading began
    QVERIFY(partial.filesParsed < 150);
    QVERIFY(partial.certificates.size() < 300);
    QCOMPARE(scanner.scansRunning(), 0);

    // The cache still knows every unchanged file: nothing already recorded is lost.
    Scanner again(cacheIn(cacheDir));
    const StoreScan complete = scanWith(again, directoryConfig(dir, false, QStringLiteral("c")));
    QVERIFY(!complete.cancelled);
    QCOMPARE(complete.certificates.size(), 300);
    QCOMPARE(complete.filesFromCache + complete.filesParsed, 300);
    QVERIFY(complete.filesFromCache >= 150);
}

void TestScanner::scanTimeComesFromTheInjectedClock()
{
    TestEnvironment env;
    const QDateTime when(QDate(2026, 3, 1), QTime(12, 0), Qt::UTC);
    ScanOptions options;
    options.clock = std::make_shared<FixedClock>(when);
    QVERIFY(QDir().mkpath(env.path(QStringLiteral("store"))));
    const StoreScan scan =
        scanOnce(directoryConfig(env.path(QStringLiteral("store")), false, QStringLiteral("timed")), options);
    QCOMPARE(scan.scannedAt, when);
    QCOMPARE(scan.storeId, QStringLiteral("timed"));
    QCOMPARE(scan.scope, Scope::User);
}

void TestScanner::commandLinePathsPairKeysAcrossThem()
{
    TestEnvironment env;
    const TestKey key = freshKey(KeyType::EcP256);
    const GeneratedCert cert = makeNamedCert(QStringLiteral("cli.example"), "4001", key);
    QVERIFY(writeFile(env.path(QStringLiteral("certs/cli.pem")), cert.pem()));
    QVERIFY(writeFile(env.path(QStringLiteral("keys/cli.key")), key.pkcs8Pem()));
    StoreConfig config;
    config.id = QStringLiteral("command-line");
    auto store = std::make_shared<PathListStore>(config,
                                                 QStringList{env.path(QStringLiteral("certs")),
                                                             env.path(QStringLiteral("keys/cli.key")),
                                                             env.path(QStringLiteral("missing"))});
    Scanner scanner;
    const StoreScan scan = QCoro::waitFor(scanner.scan(store));
    QCOMPARE(scan.certificates.size(), 1);
    QVERIFY(scan.certificates.first().certificate.hasPrivateKey);
    QCOMPARE(scan.certificates.first().keyPath, env.path(QStringLiteral("keys/cli.key")));
    QCOMPARE(problemText(scan), QStringList{env.path(QStringLiteral("missing")) + QStringLiteral(": does not exist")});
    QVERIFY(!scan.storeMissing); // only some of the paths are
}

void TestScanner::streamingHandsOnWhatACollectedScanHolds()
{
    TestEnvironment env;
    const QString dir = env.path(QStringLiteral("store"));
    writeCerts(dir, 300); // more small files than a streaming scan reads at once
    // Its key in a file listed after it: pairing still sees the whole store.
    const TestKey key = freshKey(KeyType::EcP256);
    QVERIFY(writeFile(dir + QStringLiteral("/0100.pem"), makeNamedCert(QStringLiteral("keyed"), "5001", key).pem()));
    QVERIFY(writeFile(dir + QStringLiteral("/zz-privkey.pem"), key.pkcs8Pem()));
    QVERIFY(writeFile(dir + QStringLiteral("/0200-empty.pem"), QByteArray()));
    QVERIFY(QFile::link(dir + QStringLiteral("/0007.pem"), dir + QStringLiteral("/0250-alias.pem")));
    QByteArray bundle; // over a MiB: read alone, decoded on every core
    const QByteArray one = makeNamedCert(QStringLiteral("bundled"), "6001").pem();
    while (bundle.size() < 1200 * 1024)
        bundle += one;
    QVERIFY(writeFile(dir + QStringLiteral("/0150-bundle.pem"), bundle));

    const StoreConfig config = directoryConfig(dir);
    Scanner scanner;
    const StoreScan collected = QCoro::waitFor(scanner.scan(makeStore(config)));
    QList<StoredCertificate> streamed;
    int calls = 0;
    QThread* const testThread = QThread::currentThread();
    bool onWorker = true;
    const StoreScan streaming = QCoro::waitFor(scanner.scan(makeStore(config), [&](QList<StoredCertificate>&& part) {
        ++calls;
        onWorker = onWorker && QThread::currentThread() != testThread;
        streamed += part;
        return true;
    }));
    QVERIFY(streaming.certificates.isEmpty()); // handed on, not kept
    QVERIFY(onWorker);
    QVERIFY2(calls >= 3, qPrintable(QString::number(calls))); // files before, the bundle, files after
    QCOMPARE(streamed.size(), collected.certificates.size());
    QVERIFY(collected.certificates.size() > 1500);
    for (qsizetype i = 0; i < streamed.size(); ++i) {
        const StoredCertificate& a = streamed.at(i);
        const StoredCertificate& b = collected.certificates.at(i);
        QCOMPARE(a.path, b.path);
        QCOMPARE(a.index, b.index);
        QCOMPARE(a.certificate.sha256, b.certificate.sha256);
        QCOMPARE(a.certificate.hasPrivateKey, b.certificate.hasPrivateKey);
        QCOMPARE(a.keyPath, b.keyPath);
    }
    const auto keyed = std::find_if(streamed.cbegin(), streamed.cend(), [&](const StoredCertificate& c) {
        return c.path == dir + QStringLiteral("/0100.pem");
    });
    QVERIFY(keyed != streamed.cend() && keyed->certificate.hasPrivateKey);
    QCOMPARE(keyed->keyPath, dir + QStringLiteral("/zz-privkey.pem"));
    QCOMPARE(certificatePaths(collected).count(dir + QStringLiteral("/0250-alias.pem")), 1);
    QCOMPARE(problemText(streaming), problemText(collected));
    QCOMPARE(problemText(streaming).size(), 1); // the empty file
    QCOMPARE(streaming.filesSeen, collected.filesSeen);
    QCOMPARE(streaming.filesParsed, collected.filesParsed);
    QVERIFY(!streaming.cancelled);
}

void TestScanner::streamingStopsWhenTheSinkRefuses()
{
    TestEnvironment env;
    writeCerts(env.path(QStringLiteral("store")), 600);
    Scanner scanner;
    int calls = 0;
    qsizetype handed = 0;
    const StoreScan scan = QCoro::waitFor(scanner.scan(makeStore(directoryConfig(env.path(QStringLiteral("store")))),
                                                       [&](QList<StoredCertificate>&& part) {
                                                           ++calls;
                                                           handed += part.size();
                                                           return false; // standard output went away
                                                       }));
    QCOMPARE(calls, 1);
    QVERIFY(handed < 600);
    QVERIFY(scan.cancelled);
}

QTEST_GUILESS_MAIN(TestScanner)
#include "TestScanner.moc"
