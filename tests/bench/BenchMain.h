// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

// certlife-bench: one program, one subcommand per benchmark. A benchmark registers
// itself from its own file, as CLI commands do:
//   static const BenchRegistration reg{"lifecycle", "Snapshot load, diff and save", &runLifecycleBench};

#include <QStringList>

namespace certlife::bench {

using BenchFunction = int (*)(const QStringList& args); // args[0] is the benchmark's name

// needsGui: the benchmark builds widgets, so certlife-bench makes a QApplication (on the
// offscreen platform unless QT_QPA_PLATFORM says otherwise) instead of a QCoreApplication.
struct BenchRegistration
{
    BenchRegistration(const char* name, const char* summary, BenchFunction run, bool needsGui = false);
};

} // namespace certlife::bench
