// certlife-bench: one program, one subcommand per benchmark. Minimal registry; a
// benchmark adds its function to kBenchmarks.
#include <QCoreApplication>
#include <QStringList>
#include <QTextStream>

int runEventLogBench(const QStringList& args);

namespace {

struct Benchmark
{
    const char* name;
    const char* summary;
    int (*run)(const QStringList& args);
};

const Benchmark kBenchmarks[] = {
    {"events", "EventLog: batched insert rate and first-page latency of every filter", &runEventLogBench},
};

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QStringList args = app.arguments();
    args.removeFirst();
    QTextStream err(stderr);
    if (!args.isEmpty()) {
        for (const Benchmark& b : kBenchmarks) {
            if (args.first() == QLatin1String(b.name))
                return b.run(args);
        }
    }
    err << "usage: certlife-bench BENCHMARK [options]   (BENCHMARK --help for its options)\n\nBenchmarks:\n";
    for (const Benchmark& b : kBenchmarks)
        err << "  " << QString::fromLatin1(b.name).leftJustified(10) << "  " << b.summary << "\n";
    return !args.isEmpty() && args.first() == QLatin1String("--help") ? 0 : 2;
}
