// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

// Measuring helpers for certlife-bench subcommands (Linux /proc, glibc).

#include "x509/Certificate.h"

#include <QRandomGenerator>
#include <QString>

namespace certlife::bench {

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
