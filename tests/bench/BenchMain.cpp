#include "BenchMain.h"

#include <QCoreApplication>
#include <QFile>
#include <QSysInfo>
#include <QThread>
#include <algorithm>
#include <malloc.h>

namespace certlife::bench {

static QList<BenchInfo>& table()
{
    static QList<BenchInfo> benchmarks;
    return benchmarks;
}

BenchRegistration::BenchRegistration(BenchInfo info)
{
    table().append(std::move(info));
}

const QList<BenchInfo>& registeredBenchmarks()
{
    return table();
}

static qint64 statusField(const char* name)
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray& line : f.readAll().split('\n'))
        if (line.startsWith(name))
            return line.mid(qsizetype(qstrlen(name))).trimmed().split(' ').value(0).toLongLong();
    return -1;
}

qint64 currentRssKiB() { return statusField("VmRSS:"); }
qint64 peakRssKiB() { return statusField("VmHWM:"); }

void resetPeakRss()
{
    QFile f(QStringLiteral("/proc/self/clear_refs"));
    if (f.open(QIODevice::WriteOnly))
        f.write("5");
}

qint64 trimmedRssKiB()
{
    ::malloc_trim(0);
    return currentRssKiB();
}

QString machineSummary()
{
    return QStringLiteral("%1 cores, %2").arg(QThread::idealThreadCount()).arg(QSysInfo::prettyProductName());
}

} // namespace certlife::bench

using namespace certlife::bench;

static void usage(QTextStream& s)
{
    s << "Usage: certlife-bench BENCHMARK [options]\n\n"
         "Measures Certlife's speed and memory; figures and how they were taken are in docs/performance.md.\n\n"
         "Benchmarks:\n";
    QList<BenchInfo> all = registeredBenchmarks();
    std::sort(all.begin(), all.end(), [](const BenchInfo& a, const BenchInfo& b) { return a.name < b.name; });
    for (const BenchInfo& b : all)
        s << "  " << b.name.leftJustified(10) << "  " << b.summary << "\n";
    s << "\n'certlife-bench BENCHMARK --help' lists its options.\n";
}

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QTextStream out(stdout);
    QTextStream err(stderr);
    QStringList args = app.arguments();
    args.removeFirst();
    if (args.isEmpty() || args.first() == QLatin1String("--help") || args.first() == QLatin1String("-h")) {
        usage(args.isEmpty() ? err : out);
        return args.isEmpty() ? 2 : 0;
    }
    for (const BenchInfo& b : registeredBenchmarks())
        if (b.name == args.first())
            return b.run(args, out);
    err << "certlife-bench: unknown benchmark '" << args.first() << "'\n";
    usage(err);
    return 2;
}
