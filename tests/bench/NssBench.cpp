// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// certlife-bench nss: how fast an NSS database is listed (issue 18: 10,000 certificates
// in under a second), cold through the helper and warm from the scan cache, against
// certutil -L on the same database. See docs/performance.md ("NSS database").

#include "BenchMain.h"
#include "BenchSupport.h"

#include "CertFactory.h"
#include "stores/NssStore.h"
#include "stores/Scanner.h"

#include <QCommandLineParser>
#include <QCoro/QCoroTask>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <cstdlib>
#include <sys/resource.h>

using namespace certlife;
using namespace certlife::test;

namespace certlife::bench {

namespace {

// CPU seconds of this process and of its waited-for children (the helper, certutil).
double cpuSeconds()
{
    double total = 0;
    for (int who : {RUSAGE_SELF, RUSAGE_CHILDREN}) {
        struct rusage u = {};
        ::getrusage(who, &u);
        total += double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
    }
    return total;
}

// certlife-bench-nss-fill, built beside certlife-bench.
QString fillProgram()
{
    return QFileInfo(QFile::symLinkTarget(QStringLiteral("/proc/self/exe"))).absolutePath()
        + QStringLiteral("/certlife-bench-nss-fill");
}

// The database of `count` certificates in `dir`, made once (filling it takes minutes:
// NSS checks every new object against the ones before it).
bool prepare(const QString& dir, int count, QTextStream& out)
{
    const QString marker = dir + QStringLiteral("/.complete-%1").arg(count);
    if (QFile::exists(marker))
        return true;
    QDir(dir).removeRecursively();
    QDir().mkpath(dir + QStringLiteral("/db"));
    out << "making an NSS database of " << count << " certificates in " << dir << " (once; minutes)\n";
    out.flush();
    CertSpec caSpec;
    caSpec.cn = QStringLiteral("Certlife Bench CA");
    caSpec.isCA = true;
    const GeneratedCert ca = makeCertificate(caSpec);
    const TestKey key = freshKey(KeyType::EcP256);
    QFile ders(dir + QStringLiteral("/certs.bin"));
    if (!ders.open(QIODevice::WriteOnly))
        return false;
    for (int i = 0; i < count; ++i) {
        CertSpec spec;
        spec.cn = QStringLiteral("host-%1.bench.example").arg(i, 6, 10, QLatin1Char('0'));
        spec.extraSubject = {{QStringLiteral("O"), QStringLiteral("Certlife Bench")}};
        spec.dns = {spec.cn, QStringLiteral("www.") + spec.cn};
        spec.ekuOids = {QStringLiteral("serverAuth")};
        spec.serialHex = QByteArray::number(0x100000 + i, 16);
        spec.notBefore = QDateTime(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC).addDays(i % 365);
        spec.notAfter = spec.notBefore.addDays(90);
        spec.subjectKey = key;
        const QByteArray der = makeCertificate(spec, &ca).der;
        ders.write(QByteArray::number(der.size()) + '\n' + der);
    }
    ders.close();
    QProcess fill;
    fill.setProcessChannelMode(QProcess::ForwardedChannels);
    fill.start(fillProgram(), {dir + QStringLiteral("/db"), ders.fileName()});
    if (!fill.waitForFinished(-1) || fill.exitStatus() != QProcess::NormalExit || fill.exitCode() != 0) {
        out << "certlife-bench nss: " << fillProgram() << " failed\n";
        return false;
    }
    QFile done(marker);
    return done.open(QIODevice::WriteOnly);
}

struct Run
{
    double wall = 0;
    double cpu = 0;
    StoreScan scan;
};

Run timedScan(Scanner& scanner, const StoreConfig& config)
{
    Run run;
    QElapsedTimer timer;
    const double cpu0 = cpuSeconds();
    timer.start();
    run.scan = QCoro::waitFor(scanner.scan(std::make_shared<NssStore>(config)));
    run.wall = double(timer.nsecsElapsed()) / 1e9;
    run.cpu = cpuSeconds() - cpu0;
    return run;
}

QString f2(double v)
{
    return QString::number(v, 'f', 2);
}

} // namespace

int runNssBench(const QStringList& args)
{
    QTextStream out(stdout);
    QCommandLineParser parser;
    const QCommandLineOption countOption(QStringLiteral("count"), QStringLiteral("Certificates (default 10000)."),
                                         QStringLiteral("N"), QStringLiteral("10000"));
    const QCommandLineOption dirOption(
        QStringLiteral("dir"), QStringLiteral("Where the database is kept between runs."), QStringLiteral("DIR"),
        QStandardPaths::writableLocation(QStandardPaths::GenericCacheLocation) + QStringLiteral("/certlife-bench/nss"));
    const QCommandLineOption runsOption(QStringLiteral("runs"), QStringLiteral("Cold scans (best is shown)."),
                                        QStringLiteral("N"), QStringLiteral("5"));
    const QCommandLineOption peerOption(QStringLiteral("peer"),
                                        QStringLiteral("Also time certutil -L on the database (minutes)."));
    parser.addOptions({countOption, dirOption, runsOption, peerOption});
    parser.process(args);
    const int count = parser.value(countOption).toInt();
    const QString dir = parser.value(dirOption) + QStringLiteral("-%1").arg(count);
    if (count <= 0 || !prepare(dir, count, out))
        return 1;

    StoreConfig config;
    config.id = QStringLiteral("bench");
    config.kind = StoreKind::Nss;
    config.path = dir + QStringLiteral("/db");
    config.readOnly = true;

    Run best;
    best.wall = 1e9;
    for (int i = 0; i < qMax(1, parser.value(runsOption).toInt()); ++i) {
        Scanner cold; // an in-memory cache of its own: every scan reads the database
        Run run = timedScan(cold, config);
        if (run.wall < best.wall)
            best = std::move(run);
    }
    Scanner warm;
    timedScan(warm, config);
    const Run again = timedScan(warm, config);

    double load[3] = {};
    ::getloadavg(load, 3);
    out << "certlife-bench nss: " << count << " certificates (every tenth with trust \"C,,\"), " << machineSummary()
        << ", load average " << QString::number(load[0], 'f', 1) << "\n";
    out << "  cold (helper, " << best.scan.certificates.size() << " certificates decoded, problems "
        << best.scan.problems.size() << "): " << f2(best.wall) << " s wall, " << f2(best.cpu) << " s CPU (best of "
        << parser.value(runsOption) << ")\n";
    out << "  warm (filesFromCache " << again.scan.filesFromCache << ", filesParsed " << again.scan.filesParsed
        << "): " << QString::number(again.wall, 'f', 4) << " s wall, " << QString::number(again.cpu, 'f', 4)
        << " s CPU\n";
    if (parser.isSet(peerOption)) {
        QElapsedTimer timer;
        const double cpu0 = cpuSeconds();
        timer.start();
        QProcess certutil;
        certutil.setStandardOutputFile(QProcess::nullDevice());
        certutil.start(QStandardPaths::findExecutable(QStringLiteral("certutil")),
                       {QStringLiteral("-L"), QStringLiteral("-d"), QStringLiteral("sql:") + config.path});
        certutil.waitForFinished(-1);
        const double wall = double(timer.nsecsElapsed()) / 1e9;
        out << "  peer certutil -L -d sql:DIR: " << f2(wall) << " s wall, " << f2(cpuSeconds() - cpu0)
            << " s CPU; ratio " << QString::number(wall / best.wall, 'f', 1) << "x Certlife's cold scan\n";
    }
    return best.scan.certificates.size() == count ? 0 : 1;
}

namespace {
const BenchRegistration registration{"nss", "NSS database of 10,000 certificates: cold, warm, against certutil -L",
                                     &runNssBench};
}

} // namespace certlife::bench
