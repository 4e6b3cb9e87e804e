// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "stores/Parallel.h"

#include <QThread>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace certlife {

namespace {

// glibc's defaults suit short programs, not an agent that holds 100,000 scanned
// certificates for days. Scans parse on several threads, each with its own malloc
// arena; when the parse data is freed, glibc keeps it: small chunks sit in "fastbins"
// that never merge on free, so the arena's free top never reaches the size at which
// glibc hands it back, and malloc_trim() does not shrink the top of a per-thread
// arena. Measured with certlife-bench scan (100,000 certificates): about 0.6 KiB per
// certificate held stayed resident for nothing. Without fastbins freed chunks merge at
// once and the arenas shrink; fixed mmap/trim thresholds stop glibc from raising them
// after the first large buffer (a 70 MiB bundle) is freed. Process-wide, set once,
// before the first scan; the speed cost is within the benchmark's noise.
void tuneMallocForLongRunningScans()
{
#if defined(__GLIBC__)
    mallopt(M_MXFAST, 0);
    mallopt(M_TRIM_THRESHOLD, 128 * 1024);
    mallopt(M_MMAP_THRESHOLD, 256 * 1024);
#endif
}

} // namespace

QThreadPool* scanThreadPool()
{
    static QThreadPool* pool = [] {
        tuneMallocForLongRunningScans();
        auto* p = new QThreadPool; // lives as long as the process: scans may run until exit
        p->setMaxThreadCount(QThread::idealThreadCount());
        p->setObjectName(QStringLiteral("certlife-scan"));
        return p;
    }();
    return pool;
}

} // namespace certlife
