// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// certlife-bench console: how soon the console shows a large inventory it already knows
// (cached inventory -> models -> painted window), and the event loop's longest stall
// while a large store is scanned and its result applied.

#include "BenchMain.h"
#include "BenchSupport.h"
#include "CertFactory.h"
#include "console/ConsoleController.h"
#include "console/ConsoleSettings.h"
#include "MainWindow.h"
#include "TestEnvironment.h"
#include "models/CatalogInventorySource.h"
#include "models/CertificateFilterModel.h"
#include "models/CertificateTableModel.h"
#include "models/ExpirySummary.h"
#include "models/ExpirySummaryModel.h"
#include "models/EventLogSource.h"
#include "models/InventoryCache.h"
#include "lifecycle/SnapshotDiff.h"
#include "lifecycle/SnapshotFile.h"
#include "util/Paths.h"
#include "x509/CertificateDecoder.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QPixmap>
#include <QRandomGenerator>
#include <QTest>
#include <QTextStream>
#include <QThread>
#include <QTimer>
#include <algorithm>
#include <csignal>
#include <cstdlib>
#include <ctime>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

using namespace certlife;
using bench::ms;
using bench::processCpuMs;

namespace {

// CPU time of the calling thread: on a shared, loaded machine the wall clock also counts
// the time other processes had the cores.
double threadCpuMs()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

// Other work on the machine, the same from run to run: `processes` child processes, each
// busy `dutyPercent` of every 100 ms (a fully busy one adds 1 to the load average within
// a minute). Children, so their CPU is not the process CPU the bench reports; they die
// with the bench (PR_SET_PDEATHSIG), and are killed and reaped when this is destroyed.
class LoadGenerator
{
public:
    LoadGenerator(int processes, int dutyPercent)
    {
        for (int i = 0; i < processes; ++i) {
            const pid_t pid = ::fork();
            if (pid == 0)
                busyForever(dutyPercent); // the child: only async-signal-safe calls
            if (pid > 0)
                m_children.push_back(pid);
        }
    }
    ~LoadGenerator()
    {
        for (const pid_t pid : m_children)
            ::kill(pid, SIGKILL);
        for (const pid_t pid : m_children)
            ::waitpid(pid, nullptr, 0);
    }
    LoadGenerator(const LoadGenerator&) = delete;
    LoadGenerator& operator=(const LoadGenerator&) = delete;
    int size() const { return int(m_children.size()); }

private:
    [[noreturn]] static void busyForever(int dutyPercent)
    {
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        constexpr qint64 kPeriodNs = 100'000'000;
        const qint64 busyNs = kPeriodNs * std::clamp(dutyPercent, 1, 100) / 100;
        auto nowNs = [] {
            timespec ts{};
            clock_gettime(CLOCK_MONOTONIC, &ts);
            return qint64(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
        };
        for (;;) {
            const qint64 start = nowNs();
            while (nowNs() - start < busyNs) {}
            if (busyNs < kPeriodNs) {
                const timespec rest{0, long(kPeriodNs - busyNs)};
                ::nanosleep(&rest, nullptr);
            }
        }
    }
    std::vector<pid_t> m_children;
};

QString loadAverage()
{
    double load[3] = {0, 0, 0};
    ::getloadavg(load, 3);
    return QStringLiteral("%1 %2 %3").arg(load[0], 0, 'f', 2).arg(load[1], 0, 'f', 2).arg(load[2], 0, 'f', 2);
}

QString mib(qint64 kib)
{
    return QString::number(double(kib) / 1024.0, 'f', 0) + QStringLiteral(" MiB");
}

// Certificates as a scan would have decoded them, with distinct names, fingerprints and
// dates; the DER of one real certificate stands in for each (same size on disk).
// `renewedPercent` of them are older issues of the certificate three before (same store,
// subject, SANs and key type, 60 days earlier, in an archive/ directory, as certbot keeps
// them): the lifecycle engine holds those archived.
Inventory syntheticInventory(int count, const QDateTime& now, int renewedPercent)
{
    test::CertSpec spec;
    spec.cn = QStringLiteral("template.example.org");
    const Certificate base = *decodeCertificateDer(test::makeCertificate(spec).der);
    QRandomGenerator rng(42);
    const QString keys[][2] = {{QStringLiteral("My"), QStringLiteral("user")},
                               {QStringLiteral("My"), QStringLiteral("system")},
                               {QStringLiteral("ssl-certs"), QStringLiteral("system")}};
    Inventory inventory;
    for (const auto& [id, scope] : keys) {
        StoreInventory store;
        store.config.id = id;
        store.config.scope = scope == QLatin1String("user") ? Scope::User : Scope::System;
        store.scan.storeId = id;
        store.scan.scope = store.config.scope;
        store.scan.scannedAt = now;
        inventory << store;
    }
    for (int i = 0; i < count; ++i) {
        Certificate c = bench::syntheticCertificate(i, rng);
        c.der = base.der;
        c.keyBits = base.keyBits;
        const QString host = c.subjectCN;
        c.notBeforeSecs = now.toSecsSinceEpoch() - qint64(rng.bounded(300)) * 86400;
        c.notAfterSecs = c.notBeforeSecs + qint64(90 + rng.bounded(700)) * 86400;
        StoredCertificate stored;
        QList<StoredCertificate>& store = inventory[i % inventory.size()].scan.certificates;
        if (i >= 3 && (i / 3) % 100 < renewedPercent) {
            const Certificate& newer = store[(i - 3) / 3].certificate;
            c.subject = newer.subject;
            c.subjectCN = newer.subjectCN;
            c.sans = newer.sans;
            c.notBeforeSecs = newer.notBeforeSecs - 60 * 86400;
            c.notAfterSecs = newer.notAfterSecs - 60 * 86400;
            stored.path = QStringLiteral("/srv/certs/%1/archive/%2/cert%3.pem").arg(i % 100).arg(c.subjectCN).arg(i);
        } else {
            stored.path = QStringLiteral("/srv/certs/%1/%2.pem").arg(i % 100).arg(host);
        }
        stored.certificate = c;
        store << stored;
    }
    return inventory;
}

// What the agent's first pass over these stores saves (the lifecycle snapshot of each
// scope, older renewals archived), as a console start finds it when the agent runs.
bool writeAgentSnapshots(const Inventory& inventory, const QDateTime& now)
{
    for (const Scope scope : {Scope::System, Scope::User}) {
        QList<StoreScan> scans;
        for (const StoreInventory& store : inventory)
            if (store.config.scope == scope)
                scans << store.scan;
        ScopeSnapshot empty;
        empty.scope = scope;
        SnapshotDiff diff = diffSnapshot(std::move(empty), scans);
        diff.next.savedAt = now.toSecsSinceEpoch();
        diff.next.passId = 1;
        const AtomicWriteResult saved = SnapshotFile(scope).save(diff.next);
        if (!saved.ok()) {
            QTextStream(stderr) << saved.error << "\n";
            return false;
        }
    }
    return true;
}

// PEM bundles of 10,000 certificates each (64 distinct ones, repeated; a file stays under
// the stores' 32 MiB limit), `count` certificates in all, in the user's My store.
void writeBundles(int count)
{
    QList<QByteArray> pems;
    for (int i = 0; i < 64; ++i) {
        test::CertSpec spec;
        spec.cn = QStringLiteral("bundle-%1.example.org").arg(i);
        spec.serialHex = QByteArray::number(0x1000 + i, 16);
        pems << test::makeCertificate(spec).pem();
    }
    const QString dir = Paths::defaultMyStore(Scope::User);
    QDir().mkpath(dir);
    constexpr int kPerFile = 10000;
    for (int file = 0; file * kPerFile < count; ++file) {
        QByteArray bundle;
        for (int i = file * kPerFile; i < std::min(count, (file + 1) * kPerFile); ++i)
            bundle += pems[i % pems.size()];
        test::writeFile(dir + QStringLiteral("/bundle-%1.pem").arg(file), bundle);
    }
}

int runConsoleBench(const QStringList& args)
{
    int count = 100000;
    int scanCount = -1;
    bool startOnly = false;      // skip the separate load/build steps (for a profiler)
    int pauseSeconds = 0;        // before the start: time to attach a profiler (perf record -p)
    bool onCertificates = false; // start on the Certificates page (the last page the user had open)
    int loadProcesses = 0;       // busy processes started for the whole run (LoadGenerator)
    int loadDuty = 100;          // percent of the time each is busy
    int loadSettleSeconds = 0;   // with --load: wait before the start for the load average to follow
    QString grabDir;             // the window as first painted and with every row, as PNG files
    bool agentSnapshot = true;   // the agent has saved its snapshot of the cached stores
    int renewedPercent = 2;      // older issues beside their renewals (archived)
    for (int i = 1; i < args.size(); ++i) {
        if (args[i] == QLatin1String("--certs") && i + 1 < args.size()) {
            count = args[++i].toInt();
        } else if (args[i] == QLatin1String("--scan-certs") && i + 1 < args.size()) {
            scanCount = args[++i].toInt();
        } else if (args[i] == QLatin1String("--start-only")) {
            startOnly = true;
        } else if (args[i] == QLatin1String("--pause") && i + 1 < args.size()) {
            pauseSeconds = args[++i].toInt();
        } else if (args[i] == QLatin1String("--page") && i + 1 < args.size()) {
            const QString page = args[++i];
            if (page != QLatin1String("certificates") && page != QLatin1String("overview")) {
                QTextStream(stderr) << "--page: overview or certificates\n";
                return 2;
            }
            onCertificates = page == QLatin1String("certificates");
        } else if (args[i] == QLatin1String("--load") && i + 1 < args.size()) {
            loadProcesses = std::clamp(args[++i].toInt(), 0, 64);
        } else if (args[i] == QLatin1String("--duty") && i + 1 < args.size()) {
            loadDuty = std::clamp(args[++i].toInt(), 1, 100);
        } else if (args[i] == QLatin1String("--grab") && i + 1 < args.size()) {
            grabDir = args[++i];
        } else if (args[i] == QLatin1String("--no-snapshot")) {
            agentSnapshot = false;
        } else if (args[i] == QLatin1String("--renewed") && i + 1 < args.size()) {
            renewedPercent = std::clamp(args[++i].toInt(), 0, 100);
        } else if (args[i] == QLatin1String("--settle") && i + 1 < args.size()) {
            loadSettleSeconds = std::max(0, args[++i].toInt());
        } else {
            QTextStream(stderr) << "usage: certlife-bench console [--certs N (100000)] [--scan-certs M (N)] "
                                   "[--page overview|certificates (overview)] [--start-only] [--pause S]\n"
                                   "       [--load N (0) [--duty PERCENT (100)] [--settle S (0)]] [--grab DIR]\n"
                                   "       [--no-snapshot] [--renewed PERCENT (2)]\n"
                                   "--no-snapshot: no agent has run (no lifecycle snapshot); --renewed: that share of "
                                   "the certificates are older issues beside their renewals\n"
                                   "--load starts N busy processes for the whole run (each busy PERCENT of every "
                                   "100 ms); --settle waits S seconds before the start for the load average\n";
            return args[i] == QLatin1String("--help") ? 0 : 2;
        }
    }
    if (scanCount < 0)
        scanCount = count;
    QTextStream out(stdout);
    out << QStringLiteral("load average before: %1\n").arg(loadAverage());
    const LoadGenerator load(loadProcesses, loadDuty);
    if (load.size() > 0)
        out << QStringLiteral("load generator: %1 processes, each busy %2 %\n").arg(load.size()).arg(loadDuty);
    test::TestEnvironment env; // every path in a temporary directory
    auto clock = std::make_shared<FixedClock>(QDateTime(QDate(2026, 3, 1), QTime(12, 0), Qt::UTC));

    QElapsedTimer t;
    {
        const Inventory inventory = syntheticInventory(count, clock->now(), renewedPercent);
        t.start();
        QString error;
        if (!InventoryCache::save(InventoryCache::defaultFile(), inventory, &error)) {
            QTextStream(stderr) << error << "\n";
            return 1;
        }
        if (agentSnapshot && !writeAgentSnapshots(inventory, clock->now()))
            return 1;
    }
    out << QStringLiteral("lifecycle snapshot: %1; %2 % of the certificates older issues beside their renewal\n")
               .arg(agentSnapshot ? QStringLiteral("the agent's, of every cached store") : QStringLiteral("none"))
               .arg(renewedPercent);
    out << QStringLiteral("inventory cache: %1 certificates, %2 MiB, saved in %3 ms\n")
               .arg(count)
               .arg(QFileInfo(InventoryCache::defaultFile()).size() / 1048576.0, 0, 'f', 1)
               .arg(ms(t), 0, 'f', 0);
    if (!startOnly) {
        t.restart();
        const double loadCpu = threadCpuMs();
        const Inventory loaded = InventoryCache::load(InventoryCache::defaultFile());
        out << QStringLiteral("inventory cache load alone: %1 ms (CPU %2 ms)\n")
                   .arg(ms(t), 0, 'f', 0)
                   .arg(threadCpuMs() - loadCpu, 0, 'f', 0);
        {
            // What loadCached() does after reading the file (CatalogInventorySource).
            Inventory recognised = loaded;
            const double cpu = processCpuMs(); // the scopes are recognised on the pool's threads
            t.restart();
            recogniseArchivedIn(recognised);
            out << QStringLiteral("  archived certificates recognised (recogniseArchivedIn) %1 ms (process CPU %2)\n")
                       .arg(ms(t), 0, 'f', 0)
                       .arg(processCpuMs() - cpu, 0, 'f', 0);
        }
        {
            double cpu = threadCpuMs();
            t.restart();
            QList<CertificateRow> rows =
                CertificateTableModel::buildRows(loaded, clock->now(), {}, CertificateTableModel::RowOrder::ByUrgency);
            const double build = ms(t), buildCpu = threadCpuMs() - cpu;
            t.restart();
            cpu = threadCpuMs();
            const ExpirySummary summary = ExpirySummary::compute(loaded, rows, clock->now());
            const double sum = ms(t), sumCpu = threadCpuMs() - cpu;
            CertificateTableModel table(clock);
            CertificateFilterModel filter;
            filter.setSourceModel(&table);
            filter.sort(CertificateTableModel::StateColumn);
            t.restart();
            cpu = threadCpuMs();
            table.setRows(std::move(rows));
            const double fill = ms(t), fillCpu = threadCpuMs() - cpu;
            out << QStringLiteral(
                       "  rows built %1 ms (CPU %2), summary %3 ms (CPU %4), model filled and sorted %5 ms (CPU %6)\n")
                       .arg(build, 0, 'f', 0)
                       .arg(buildCpu, 0, 'f', 0)
                       .arg(sum, 0, 'f', 0)
                       .arg(sumCpu, 0, 'f', 0)
                       .arg(fill, 0, 'f', 0)
                       .arg(fillCpu, 0, 'f', 0);
        }
    }

    if (load.size() > 0 && loadSettleSeconds > 0) {
        out << QStringLiteral("letting the load settle for %1 s\n").arg(loadSettleSeconds);
        out.flush();
        QThread::sleep(loadSettleSeconds);
    }
    if (pauseSeconds > 0) {
        out << QStringLiteral("pausing %1 s before the start (pid %2)\n")
                   .arg(pauseSeconds)
                   .arg(QCoreApplication::applicationPid());
        out.flush();
        QThread::sleep(pauseSeconds);
    }
    // What the console holds is measured from here: the synthetic inventory and the steps
    // above are gone, their freed heap handed back to the system.
    const qint64 rssBeforeStart = bench::trimmedRssKiB();
    bench::resetPeakRss();
    out << QStringLiteral("load average at the start: %1\n").arg(loadAverage());
    // Start as the console does, from nothing to a painted window showing every certificate.
    const double startCpuBase = processCpuMs();
    t.restart();
    ConsoleSettings settings(env.path(QStringLiteral("console.conf")));
    if (onCertificates)
        settings.setCurrentPage(QStringLiteral("certificatesPage"));
    ConsoleController::Sources sources;
    sources.inventory = std::make_shared<CatalogInventorySource>(clock);
    sources.events = EventLogSource::forDefaultPaths();
    sources.clock = clock;
    ConsoleController controller(sources);
    ui::MainWindow window(&controller, &settings, {});
    window.resize(1440, 900);
    window.show();
    controller.start(2000);
    QCoreApplication::processEvents();
    const double shown = ms(t);
    // The first screen painted: the overview (tiles, chart, stores) with the cached numbers
    // of every certificate, or on the Certificates page the table's first screenful, both
    // before the table's rows are all built.
    auto firstScreenReady = [&] {
        return onCertificates ? controller.certificates()->rowCount() > 0 : controller.hasLoadedSummary();
    };
    if (!QTest::qWaitFor(firstScreenReady, 60000)) {
        QTextStream(stderr) << "the first screen's data did not arrive within 60 s\n";
        return 1;
    }
    const double firstArrived = ms(t);
    const int firstRows = controller.certificates()->rowCount();
    window.repaint();
    const double firstPainted = ms(t);
    const double firstCpu = processCpuMs();
    if (!grabDir.isEmpty())
        window.grab().save(grabDir + QStringLiteral("/console-first-screen.png"));
    if (!QTest::qWaitFor([&] { return controller.hasLoadedInventory(); }, 60000)) {
        QTextStream(stderr) << "the cached inventory did not arrive within 60 s\n";
        return 1;
    }
    const double modelsFilled = ms(t);
    window.repaint();
    const double painted = ms(t);
    const double paintedCpu = processCpuMs();
    const int rows = controller.certificates()->rowCount();
    const qint64 peakKiB = bench::peakRssKiB(), rssKiB = bench::currentRssKiB();
    if (!grabDir.isEmpty())
        window.grab().save(grabDir + QStringLiteral("/console-all-rows.png"));
    out << QStringLiteral("start on the %1 page: window shown %2 ms; first screen (%3) %4 ms, painted %5 ms "
                          "(process CPU %6 ms); all %7 rows in the table models %8 ms, painted %9 ms "
                          "(process CPU %10 ms)\n")
               .arg(onCertificates ? QStringLiteral("Certificates") : QStringLiteral("Overview"))
               .arg(shown, 0, 'f', 0)
               .arg(onCertificates ? QStringLiteral("%1 rows").arg(firstRows) : QStringLiteral("overview numbers"))
               .arg(firstArrived, 0, 'f', 0)
               .arg(firstPainted, 0, 'f', 0)
               .arg(firstCpu - startCpuBase, 0, 'f', 0)
               .arg(rows)
               .arg(modelsFilled, 0, 'f', 0)
               .arg(painted, 0, 'f', 0)
               .arg(paintedCpu - startCpuBase, 0, 'f', 0);
    out << QStringLiteral("memory with %1 certificates open: RSS %2, peak %3 (VmRSS/VmHWM; %4 before the start)\n")
               .arg(rows)
               .arg(mib(rssKiB), mib(peakKiB), mib(rssBeforeStart));
    // What it keeps once the work of the start is over (freed memory handed back on a worker).
    QTest::qWait(1000);
    out << QStringLiteral("memory 1 s later: RSS %1\n").arg(mib(bench::currentRssKiB()));
    out << QStringLiteral("load average after the start: %1\n").arg(loadAverage());
    out.flush();

    // Scan a large store while a 5 ms timer measures how long the event loop is away.
    writeBundles(scanCount);
    qint64 longestGapNs = 0;
    QElapsedTimer gap;
    QTimer ticker;
    ticker.setInterval(5);
    QObject::connect(&ticker, &QTimer::timeout, [&] {
        longestGapNs = std::max(longestGapNs, gap.nsecsElapsed());
        gap.restart();
    });
    gap.start();
    ticker.start();
    t.restart();
    QCoro::waitFor(controller.scanNow());
    ticker.stop();
    int scanned = 0;
    for (const StoreInventory& store : controller.inventory())
        scanned += int(store.scan.certificates.size());
    out << QStringLiteral("scan of a %1-certificate bundle and applying it: %2 ms; longest event-loop stall %3 ms "
                          "(timer interval 5 ms)\n")
               .arg(scanned)
               .arg(ms(t), 0, 'f', 0)
               .arg(double(longestGapNs) / 1e6, 0, 'f', 1);
    return 0;
}

const bench::BenchRegistration registration{
    "console", "Console: start with a large cached inventory, event-loop stalls during a large scan", &runConsoleBench,
    true};

} // namespace
