#include "BenchMain.h"

#include <QCoreApplication>
#include <QList>
#include <QTextStream>
#include <algorithm>

namespace certlife::bench {

namespace {
struct Benchmark
{
    QString name;
    QString summary;
    BenchFunction run;
};
QList<Benchmark>& table()
{
    static QList<Benchmark> benchmarks;
    return benchmarks;
}
} // namespace

BenchRegistration::BenchRegistration(const char* name, const char* summary, BenchFunction run)
{
    table().append({QString::fromLatin1(name), QString::fromUtf8(summary), run});
}

} // namespace certlife::bench

int main(int argc, char** argv)
{
    using namespace certlife::bench;
    QCoreApplication app(argc, argv);
    QStringList args = app.arguments();
    args.removeFirst();
    QList<Benchmark> benchmarks = table();
    std::sort(benchmarks.begin(), benchmarks.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
    if (!args.isEmpty())
        for (const Benchmark& b : benchmarks)
            if (args.first() == b.name)
                return b.run(args);
    QTextStream err(stderr);
    err << "usage: certlife-bench BENCHMARK [options]   (BENCHMARK --help for its options)\n\nBenchmarks:\n";
    for (const Benchmark& b : benchmarks)
        err << "  " << b.name.leftJustified(10) << "  " << b.summary << "\n";
    return !args.isEmpty() && args.first() == QLatin1String("--help") ? 0 : 2;
}
