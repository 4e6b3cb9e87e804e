#pragma once

#include <QStringList>
#include <QTextStream>
#include <functional>

namespace certlife::bench {

// certlife-bench is one program; each benchmark is a subcommand that registers itself
// from its own file, the same idea as certlifectl's commands:
//   static const BenchRegistration reg{{"scan", "Cold and warm store scans", &runScanBench}};
// args[0] is the subcommand name; return 0 when it ran (targets missed are reported in
// the output, not as a failure), 2 on bad arguments.
using BenchFunction = std::function<int(const QStringList& args, QTextStream& out)>;

struct BenchInfo
{
    QString name;
    QString summary;
    BenchFunction run;
};

struct BenchRegistration
{
    explicit BenchRegistration(BenchInfo info);
};
const QList<BenchInfo>& registeredBenchmarks();

// Measuring helpers shared by the benchmarks (Linux /proc).
qint64 currentRssKiB();
qint64 peakRssKiB();
void resetPeakRss();            // VmHWM starts again from the current RSS
qint64 trimmedRssKiB();         // returns freed heap to the system first (malloc_trim), then reads RSS
QString machineSummary();       // "2 cores, Debian GNU/Linux 12 (bookworm)"

} // namespace certlife::bench
