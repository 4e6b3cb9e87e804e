// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// certlife-bench scan: how fast stores are scanned, cold and warm, and what a scanned
// certificate costs in memory. See docs/performance.md ("Scanning").

#include "BenchMain.h"
#include "BenchSupport.h"

#include "CertFactory.h"
#include "stores/ScanCache.h"
#include "stores/Scanner.h"

#include <QCommandLineParser>
#include <QCoro/QCoroTask>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QtConcurrent/QtConcurrentMap>
#include <malloc.h>
#include <sys/resource.h>
#include <optional>

using namespace certlife;
using namespace certlife::test;

namespace certlife::bench {

namespace {

struct BenchFiles
{
    QString bundle;    // all certificates in one PEM file
    QString directory; // one PEM file per certificate
    qint64 bundleBytes = 0;
};

// One EC key signs every certificate (a CA of its own name, so no certificate is
// self-signed and the decoder does no signature check); generation is not timed.
QByteArray benchCertificatePem(int i, const GeneratedCert& ca, const TestKey& key)
{
    CertSpec spec;
    spec.cn = QStringLiteral("host-%1.bench.example").arg(i, 6, 10, QLatin1Char('0'));
    spec.extraSubject = {{QStringLiteral("O"), QStringLiteral("Certlife Bench")}};
    spec.dns = {spec.cn, QStringLiteral("www.") + spec.cn};
    spec.ekuOids = {QStringLiteral("serverAuth")};
    spec.keyUsage = KuDigitalSignature;
    spec.serialHex = QByteArray::number(0x100000 + i, 16);
    spec.notBefore = QDateTime(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC).addDays(i % 365);
    spec.notAfter = spec.notBefore.addDays(90);
    spec.subjectKey = key;
    return makeCertificate(spec, &ca).pem();
}

bool prepare(const QString& root, int count, QTextStream& out, BenchFiles* files)
{
    files->bundle = root + QStringLiteral("/bundle.pem");
    files->directory = root + QStringLiteral("/certs");
    const QString marker = root + QStringLiteral("/.complete-%1").arg(count);
    if (QFileInfo::exists(marker)) {
        files->bundleBytes = QFileInfo(files->bundle).size();
        out << "Reusing the " << count << " certificates in " << root << "\n";
        return true;
    }
    QDir(files->directory).removeRecursively();
    if (!QDir().mkpath(files->directory))
        return false;
    out << "Generating " << count << " certificates in " << root << " (not timed)…\n";
    out.flush();
    const TestKey key = freshKey(KeyType::EcP256);
    CertSpec caSpec;
    caSpec.cn = QStringLiteral("Certlife Bench CA");
    caSpec.isCA = true;
    caSpec.subjectKey = key;
    const GeneratedCert ca = makeCertificate(caSpec);

    QFile bundle(files->bundle);
    if (!bundle.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    constexpr int kBatch = 5000;
    for (int start = 0; start < count; start += kBatch) {
        QList<int> indices;
        for (int i = start; i < qMin(count, start + kBatch); ++i)
            indices.append(i);
        const QList<QByteArray> pems = QtConcurrent::blockingMapped(indices, [&](int i) {
            const QByteArray pem = benchCertificatePem(i, ca, key);
            writeFile(files->directory + QStringLiteral("/cert-%1.pem").arg(i, 6, 10, QLatin1Char('0')), pem);
            return pem;
        });
        for (const QByteArray& pem : pems)
            bundle.write(pem);
    }
    bundle.close();
    files->bundleBytes = QFileInfo(files->bundle).size();
    QFile(marker).open(QIODevice::WriteOnly);
    return true;
}

double processCpuSeconds()
{
    rusage u{};
    ::getrusage(RUSAGE_SELF, &u);
    return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

struct TimedScan
{
    double seconds = 0;
    double cpuSeconds = 0; // all threads: wall time × cores in use, when nothing else runs
    StoreScan scan;
    // RSS while the finished scan is held, minus the RSS the process had before its
    // first scan: what holding the certificates costs, including whatever the
    // allocator keeps from the scan's work. Then the scan is released.
    qint64 releaseAndMeasureHeldKiB(qint64 baseKiB)
    {
        const qint64 holding = trimmedRssKiB();
        scan = StoreScan();
        if (qEnvironmentVariableIsSet("CERTLIFE_BENCH_DEBUG"))
            QTextStream(stdout) << "debug: RSS holding " << holding << " KiB, released " << trimmedRssKiB() << " KiB\n";
        return holding - baseKiB;
    }
};

TimedScan timedScan(const StoreConfig& config, const QString& cacheDirectory)
{
    ScanOptions options;
    options.cacheDirectory = cacheDirectory;
    Scanner scanner(options); // a fresh scanner: nothing in memory from an earlier run
    const std::shared_ptr<Store> store = makeStore(config);
    QElapsedTimer timer;
    const double cpuBefore = processCpuSeconds();
    timer.start();
    StoreScan scan = QCoro::waitFor(scanner.scan(store));
    return {double(timer.nsecsElapsed()) / 1e9, processCpuSeconds() - cpuBefore, std::move(scan)};
}

// CERTLIFE_BENCH_DEBUG=1: where the memory of a held scan goes (heap in use versus RSS).
void debugMemory(const StoreScan& scan, QTextStream& out)
{
    if (!qEnvironmentVariableIsSet("CERTLIFE_BENCH_DEBUG") || scan.certificates.isEmpty())
        return;
    const struct mallinfo2 mi = mallinfo2();
    qint64 der = 0, strings = 0;
    for (const StoredCertificate& c : scan.certificates) {
        der += c.certificate.der.capacity();
        strings += (c.certificate.subject.capacity() + c.certificate.subjectCN.capacity()
                    + c.certificate.serialHex.capacity() + c.path.capacity())
            * 2;
    }
    out << "debug: RSS " << currentRssKiB() << " KiB, heap in use " << (mi.uordblks + mi.hblkhd) / 1024 << " KiB (mmap "
        << mi.hblkhd / 1024 << "), free in arenas " << mi.fordblks / 1024 << " KiB, DER " << der / 1024
        << " KiB, strings " << strings / 1024 << " KiB\n";
    if (qEnvironmentVariableIntValue("CERTLIFE_BENCH_DEBUG") > 1) {
        out.flush();
        ::malloc_info(0, stdout);
        fflush(stdout);
    }
}

QString rate(double count, double seconds)
{
    return QLocale(QLocale::English).toString(qint64(count / seconds));
}

QString mib(qint64 bytes)
{
    return QString::number(double(bytes) / (1024.0 * 1024.0), 'f', 1) + QStringLiteral(" MiB");
}

int runScanBench(const QStringList& args)
{
    QTextStream out(stdout);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Generates N certificates (one EC key signs all; not timed), both as one PEM bundle and as a\n"
                       "directory of N files, then measures with a fresh Scanner each time:\n"
                       "  cold bundle     certificates per second, scanning the bundle with an empty cache\n"
                       "  cold directory  files per second, scanning the directory with an empty cache\n"
                       "  warm directory  seconds to rescan the unchanged directory, the cache loaded from disk\n"
                       "  memory          peak RSS, and RSS per certificate held by a finished scan (RSS while\n"
                       "                  the scan is held minus RSS before the first scan; the worst run)\n"
                       "Files are in the page cache (just written or read); 'cold' means no scan cache.\n"
                       "Targets (2 cores): bundle >= 150,000 certs/s, directory >= 40,000 files/s,\n"
                       "warm rescan < 1 s, <= 2 KiB per certificate held."));
    parser.addHelpOption();
    const QCommandLineOption countOption(QStringLiteral("count"),
                                         QStringLiteral("Certificates to generate (default 100000)."),
                                         QStringLiteral("N"), QStringLiteral("100000"));
    const QCommandLineOption dirOption(
        QStringLiteral("dir"),
        QStringLiteral("Work directory; generated certificates are kept there and reused by "
                       "the next run with the same N. Default: a temporary directory."),
        QStringLiteral("D"));
    const QCommandLineOption repeatOption(
        QStringLiteral("repeat"), QStringLiteral("Run each measurement R times and report the best (default 1)."),
        QStringLiteral("R"), QStringLiteral("1"));
    const QCommandLineOption onlyOption(
        QStringLiteral("only"),
        QStringLiteral("Measure only these, comma-separated: bundle, cold, warm (for profiling; "
                       "warm still runs an untimed cold scan first when needed)."),
        QStringLiteral("LIST"), QStringLiteral("bundle,cold,warm"));
    parser.addOptions({countOption, dirOption, repeatOption, onlyOption});
    QStringList argv = args;
    argv[0] = QStringLiteral("certlife-bench scan");
    if (!parser.parse(argv)) {
        out << "certlife-bench scan: " << parser.errorText() << "\n";
        return 2;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        const QString help = parser.helpText();
        out << "Usage: certlife-bench scan [--count N] [--dir D] [--repeat R] [--only LIST]"
            << help.mid(help.indexOf(QLatin1Char('\n')));
        return 0;
    }
    bool ok = false;
    const int count = parser.value(countOption).toInt(&ok);
    const int repeat = qMax(1, parser.value(repeatOption).toInt());
    if (!ok || count <= 0) {
        out << "certlife-bench scan: --count must be a positive number\n";
        return 2;
    }
    std::optional<QTemporaryDir> temp;
    QString root = parser.value(dirOption);
    if (root.isEmpty()) {
        temp.emplace(QDir::tempPath() + QStringLiteral("/certlife-bench-XXXXXX"));
        root = temp->path();
    }
    QDir().mkpath(root);
    BenchFiles files;
    if (!prepare(root, count, out, &files)) {
        out << "certlife-bench scan: cannot write in " << root << "\n";
        return 1;
    }

    StoreConfig bundleStore;
    bundleStore.id = QStringLiteral("bench-bundle");
    bundleStore.kind = StoreKind::File;
    bundleStore.path = files.bundle;
    bundleStore.maxFileSize = qint64(4) << 30; // the 100k bundle is far over the 32 MiB default
    StoreConfig dirStore;
    dirStore.id = QStringLiteral("bench-dir");
    dirStore.kind = StoreKind::Directory;
    dirStore.path = files.directory;
    const QString cacheDir = root + QStringLiteral("/scan-cache");

    const QStringList only = parser.value(onlyOption).split(QLatin1Char(','), Qt::SkipEmptyParts);
    double bestBundle = 1e9, bestCold = 1e9, bestWarm = 1e9;
    double cpuBundle = 0, cpuCold = 0, cpuWarm = 0; // CPU seconds of the best runs
    qint64 heldBundleKiB = 0, heldDirKiB = 0, heldWarmKiB = 0;
    int fromCache = 0;
    QString check;
    // Warm-up on a few files, so that what is loaded once per process (libraries' pages,
    // OpenSSL providers, the scan threads) is in the baseline, not in "per certificate".
    {
        StoreConfig few = dirStore;
        few.id = QStringLiteral("bench-warmup");
        few.path = root + QStringLiteral("/warmup");
        QDir().mkpath(few.path);
        for (int i = 0; i < 8; ++i)
            QFile::copy(files.directory + QStringLiteral("/cert-%1.pem").arg(i, 6, 10, QLatin1Char('0')),
                        few.path + QStringLiteral("/%1.pem").arg(i));
        timedScan(few, cacheDir);
        timedScan(few, cacheDir);
    }
    const qint64 baseKiB = trimmedRssKiB();
    if (qEnvironmentVariableIsSet("CERTLIFE_BENCH_DEBUG"))
        out << "debug: base RSS " << baseKiB << " KiB, heap in use "
            << (mallinfo2().uordblks + mallinfo2().hblkhd) / 1024 << " KiB\n";
    resetPeakRss();
    for (int run = 0; run < repeat; ++run) {
        if (only.contains(QLatin1String("bundle"))) {
            QFile::remove(ScanCache::fileFor(cacheDir, bundleStore)); // cold: no scan cache
            TimedScan t = timedScan(bundleStore, cacheDir);
            if (t.seconds < bestBundle)
                cpuBundle = t.cpuSeconds;
            bestBundle = qMin(bestBundle, t.seconds);
            debugMemory(t.scan, out);
            if (t.scan.certificates.size() != count || !t.scan.problems.isEmpty())
                check += QStringLiteral(" bundle: %1 certificates, %2 problems;")
                             .arg(t.scan.certificates.size())
                             .arg(t.scan.problems.size());
            heldBundleKiB = qMax(heldBundleKiB, t.releaseAndMeasureHeldKiB(baseKiB));
        }
        const bool needCache = only.contains(QLatin1String("warm")) && run == 0
            && ScanCache::load(ScanCache::fileFor(cacheDir, dirStore)).size() != count;
        if (only.contains(QLatin1String("cold")) || needCache) {
            QFile::remove(ScanCache::fileFor(cacheDir, dirStore));
            TimedScan t = timedScan(dirStore, cacheDir);
            if (t.seconds < bestCold)
                cpuCold = t.cpuSeconds;
            bestCold = qMin(bestCold, t.seconds);
            debugMemory(t.scan, out);
            if (t.scan.certificates.size() != count || t.scan.filesParsed != count)
                check += QStringLiteral(" cold directory: %1 certificates;").arg(t.scan.certificates.size());
            heldDirKiB = qMax(heldDirKiB, t.releaseAndMeasureHeldKiB(baseKiB));
        }
        if (only.contains(QLatin1String("warm"))) {
            TimedScan t = timedScan(dirStore, cacheDir);
            if (t.seconds < bestWarm)
                cpuWarm = t.cpuSeconds;
            bestWarm = qMin(bestWarm, t.seconds);
            fromCache = t.scan.filesFromCache;
            debugMemory(t.scan, out);
            if (t.scan.certificates.size() != count || t.scan.filesFromCache != count)
                check += QStringLiteral(" warm directory: %1 from cache;").arg(t.scan.filesFromCache);
            heldWarmKiB = qMax(heldWarmKiB, t.releaseAndMeasureHeldKiB(baseKiB));
        }
    }
    const qint64 cacheBytes = QFileInfo(ScanCache::fileFor(cacheDir, dirStore)).size();

    const auto verdict = [](bool met) { return met ? QStringLiteral("ok") : QStringLiteral("MISSED"); };
    const double perCertBundle = double(heldBundleKiB) / count;
    const double perCertDir = double(heldDirKiB) / count;
    const double perCertWarm = double(heldWarmKiB) / count;
    double load[3] = {0, 0, 0};
    ::getloadavg(load, 3);
    const auto seconds = [](double s) { return QString::number(s, 'f', 3) + QStringLiteral(" s"); };
    const auto cpu = [](double s) {
        return QStringLiteral("CPU ") + QString::number(s, 'f', 2) + QStringLiteral(" s");
    };
    const auto perCert = [](double kib) { return QString::number(kib, 'f', 2) + QStringLiteral(" KiB"); };
    out << "certlife-bench scan: " << count << " certificates (EC P-256), " << machineSummary() << ", best of "
        << repeat << ", load average " << QString::number(load[0], 'f', 1) << "\n";
    if (bestBundle < 1e9)
        out << "  bundle, cold:      " << seconds(bestBundle) << "  " << rate(count, bestBundle) << " certs/s   ("
            << cpu(cpuBundle) << "; " << mib(files.bundleBytes)
            << "; target >= 150,000: " << verdict(count / bestBundle >= 150000) << ")\n";
    if (bestCold < 1e9)
        out << "  directory, cold:   " << seconds(bestCold) << "  " << rate(count, bestCold) << " files/s   ("
            << cpu(cpuCold) << "; target >= 40,000: " << verdict(count / bestCold >= 40000) << ")\n";
    if (bestWarm < 1e9)
        out << "  directory, warm:   " << seconds(bestWarm) << "  (" << fromCache << " files from a " << mib(cacheBytes)
            << " cache; " << cpu(cpuWarm) << "; target < 1 s: " << verdict(bestWarm < 1.0) << ")\n";
    out << "  memory:            peak RSS " << mib(peakRssKiB() * 1024) << "; held per certificate:";
    for (const auto& [name, kib] :
         {std::pair{"bundle", perCertBundle}, std::pair{"directory", perCertDir}, std::pair{"warm", perCertWarm}})
        if (kib > 0)
            out << ' ' << perCert(kib) << " (" << name << ')';
    out << "  (target <= 2 KiB: " << verdict(qMax(perCertBundle, qMax(perCertDir, perCertWarm)) <= 2.0) << ")\n";
    if (!check.isEmpty())
        out << "  CHECK FAILED:" << check << "\n";
    return check.isEmpty() ? 0 : 1;
}

const BenchRegistration registration{"scan", "Store scans, cold and warm: certificates/s, files/s, memory held",
                                     &runScanBench};

} // namespace

} // namespace certlife::bench
