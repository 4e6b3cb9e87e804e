#pragma once

// Measuring helpers for certlife-bench subcommands (Linux /proc, glibc).

#include <QString>

namespace certlife::bench {

qint64 currentRssKiB();
qint64 peakRssKiB();
void resetPeakRss();    // VmHWM starts again from the current RSS
qint64 trimmedRssKiB(); // hands freed heap back to the system first (malloc_trim), then reads RSS
QString machineSummary(); // "2 cores, Debian GNU/Linux 12 (bookworm)"

} // namespace certlife::bench
