// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "BenchMain.h"

#include <QApplication>
#include <memory>
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
    bool needsGui = false;
};
QList<Benchmark>& table()
{
    static QList<Benchmark> benchmarks;
    return benchmarks;
}
} // namespace

BenchRegistration::BenchRegistration(const char* name, const char* summary, BenchFunction run, bool needsGui)
{
    table().append({QString::fromLatin1(name), QString::fromUtf8(summary), run, needsGui});
}

// The application object must exist before the arguments are parsed, and a widget
// benchmark needs a QApplication: look at argv[1] first.
std::unique_ptr<QCoreApplication> makeApplication(int& argc, char** argv)
{
    const bool gui = argc > 1 && std::any_of(table().cbegin(), table().cend(), [&](const Benchmark& b) {
                         return b.needsGui && b.name == QLatin1String(argv[1]);
                     });
    if (!gui)
        return std::make_unique<QCoreApplication>(argc, argv);
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    return std::make_unique<QApplication>(argc, argv);
}

} // namespace certlife::bench

int main(int argc, char** argv)
{
    using namespace certlife::bench;
    const std::unique_ptr<QCoreApplication> app = makeApplication(argc, argv);
    QStringList args = app->arguments();
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
