// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "StoreTestSupport.h"
#include "TestEnvironment.h"
#include "stores/Parallel.h"
#include "stores/Scanner.h"

#include <QElapsedTimer>
#include <QMutex>
#include <QTest>
#include <QThread>
#include <atomic>

using namespace certlife;
using namespace certlife::test;

// Stopping the agent (SIGTERM) cancels its scanner: whatever the stores hold, the pass
// must end within a second or two. A file being read may finish; no other file starts,
// in this store or in the stores after it.
class TestScanCancel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void cancelStartsNoNewFile();
    void cancelledPassScansNoFurtherStore();
    void cancelBetweenTwoScansStopsTheNextOne();

private:
    // Every file takes kSlowMilliseconds to read: 40 files are two seconds or more of work
    // even on every core of a large machine.
    static constexpr int kSlowMilliseconds = 150;
    static constexpr int kFilesPerStore = 40;
    // From the cancel to the scan's end: the files in flight finish (150 ms each), the
    // rest is bookkeeping. Generous for a loaded 2-core machine.
    static constexpr qint64 kPromptMilliseconds = 2000;

    struct SlowReads
    {
        QMutex mutex;
        QList<QByteArray> started; // paths, in the order reading began
        qsizetype startedBeforeCancel = -1;
        std::atomic_bool cancelRequested{false};
    };

    // Reads slowly and has `scanner` cancelled (on its own thread) once the first file is read.
    static ScanOptions slowOptions(SlowReads& reads, Scanner*& scanner)
    {
        ScanOptions options;
        options.readFile = [&reads, &scanner](const QByteArray& path, qint64 max, QByteArray* content, FileStamp* stamp,
                                              QString* error) {
            {
                QMutexLocker lock(&reads.mutex);
                reads.started.append(path);
            }
            QThread::msleep(kSlowMilliseconds);
            if (!reads.cancelRequested.exchange(true)) {
                Scanner* target = scanner;
                QMetaObject::invokeMethod(
                    target,
                    [&reads, target] {
                        QMutexLocker lock(&reads.mutex);
                        reads.startedBeforeCancel = reads.started.size();
                        target->cancel();
                    },
                    Qt::QueuedConnection);
            }
            return readRegularFile(path, max, content, stamp, error);
        };
        return options;
    }

    static StoreConfig slowStore(const TestEnvironment& env, const QString& id)
    {
        const QString dir = env.path(id);
        const QByteArray pem = makeNamedCert(id + QStringLiteral(".example")).pem();
        for (int i = 0; i < kFilesPerStore; ++i)
            if (!writeFile(dir + QStringLiteral("/%1.pem").arg(i, 3, 10, QLatin1Char('0')), pem))
                return {};
        return directoryConfig(dir, false, id);
    }
};

void TestScanCancel::cancelStartsNoNewFile()
{
    TestEnvironment env;
    const StoreConfig config = slowStore(env, QStringLiteral("slow"));
    SlowReads reads;
    Scanner* target = nullptr;
    Scanner scanner(slowOptions(reads, target));
    target = &scanner;
    QElapsedTimer elapsed;
    elapsed.start();
    const StoreScan scan = scanWith(scanner, config);
    QVERIFY(scan.cancelled);
    QVERIFY(reads.startedBeforeCancel > 0);
    // Each scan thread may have passed its check just before the cancel: one file each.
    const qsizetype startedAfter = reads.started.size() - reads.startedBeforeCancel;
    QVERIFY2(startedAfter <= scanThreadPool()->maxThreadCount(), qPrintable(QString::number(startedAfter)));
    QVERIFY(reads.started.size() < kFilesPerStore);
    // Reading all 40 files takes 6 s on one thread; what was read took far less.
    QVERIFY2(elapsed.elapsed() < qint64(kSlowMilliseconds) * reads.started.size() + kPromptMilliseconds,
             qPrintable(QString::number(elapsed.elapsed())));
}

void TestScanCancel::cancelledPassScansNoFurtherStore()
{
    TestEnvironment env;
    const QList<StoreConfig> stores{slowStore(env, QStringLiteral("first")), slowStore(env, QStringLiteral("second")),
                                    slowStore(env, QStringLiteral("third"))};
    SlowReads reads;
    Scanner* target = nullptr;
    Scanner scanner(slowOptions(reads, target));
    target = &scanner;
    QElapsedTimer elapsed;
    elapsed.start();
    const QList<StoreScan> scans = QCoro::waitFor(scanStores(scanner, stores));
    const qint64 took = elapsed.elapsed();
    QCOMPARE(scans.size(), 3);
    for (const StoreScan& scan : scans)
        QVERIFY2(scan.cancelled, qPrintable(scan.storeId));
    QCOMPARE(scans[1].storeId, QStringLiteral("second"));
    QCOMPARE(scans[2].storeId, QStringLiteral("third"));
    for (const QByteArray& path : std::as_const(reads.started))
        QVERIFY2(path.contains("/first/"), path.constData()); // nothing of the stores after it
    QVERIFY2(took < qint64(kSlowMilliseconds) * reads.started.size() + kPromptMilliseconds,
             qPrintable(QString::number(took)));
}

void TestScanCancel::cancelBetweenTwoScansStopsTheNextOne()
{
    // A stop that lands after one store's scan ended and before the next began.
    TestEnvironment env;
    const StoreConfig config = slowStore(env, QStringLiteral("next"));
    std::atomic_int readCount{0};
    ScanOptions options;
    options.readFile = [&readCount](const QByteArray& path, qint64 max, QByteArray* content, FileStamp* stamp,
                                    QString* error) {
        ++readCount;
        return readRegularFile(path, max, content, stamp, error);
    };
    Scanner scanner(options);
    scanner.cancel();
    const StoreScan scan = scanWith(scanner, config);
    QVERIFY(scan.cancelled);
    QCOMPARE(scan.filesParsed, 0);
    QCOMPARE(readCount.load(), 0);
}

QTEST_GUILESS_MAIN(TestScanCancel)
#include "TestScanCancel.moc"
