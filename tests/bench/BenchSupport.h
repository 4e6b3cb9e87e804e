// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

// Measuring helpers for certlife-bench subcommands (Linux /proc, glibc).

#include "x509/Certificate.h"

#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QString>

namespace certlife::bench {

// Milliseconds on TIMER.
double ms(const QElapsedTimer& timer);
// CPU time of the whole process (every thread), in milliseconds: what a step cost,
// whatever the load; on a shared machine the wall clock also counts the others' time.
double processCpuMs();

// One timed piece of work: its wall and process CPU time.
struct Sample
{
    double wallMs = 0;
    double cpuMs = 0;
};

template <typename Work> Sample measure(Work&& work)
{
    QElapsedTimer timer;
    const double cpu0 = processCpuMs();
    timer.start();
    work();
    return {ms(timer), processCpuMs() - cpu0};
}

qint64 currentRssKiB();
qint64 peakRssKiB();
void resetPeakRss();      // VmHWM starts again from the current RSS
qint64 trimmedRssKiB();   // hands freed heap back to the system first (malloc_trim), then reads RSS
QString machineSummary(); // "2 cores, Debian GNU/Linux 12 (bookworm)"

// Certificate number i as a scan would hold it, without parsing anything: random
// fingerprints, host-<i>.example.org with two DNS SANs, one of four issuers, a server
// EKU. No DER and no dates: each benchmark sets what it measures.
Certificate syntheticCertificate(int i, QRandomGenerator& rng);

} // namespace certlife::bench
