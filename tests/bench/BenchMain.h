#pragma once

// certlife-bench: one program, one subcommand per benchmark. A benchmark registers
// itself from its own file, as CLI commands do:
//   static const BenchRegistration reg{"lifecycle", "Snapshot load, diff and save", &runLifecycleBench};

#include <QStringList>

namespace certlife::bench {

using BenchFunction = int (*)(const QStringList& args); // args[0] is the benchmark's name

struct BenchRegistration
{
    BenchRegistration(const char* name, const char* summary, BenchFunction run);
};

} // namespace certlife::bench
