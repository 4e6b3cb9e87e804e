// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QFuture>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>
#include <atomic>

namespace certlife {

// The threads that read and parse files: one per core, apart from Qt's global pool
// (which runs the scan jobs themselves and other work). Keeping parsing off the job's
// thread also keeps the job's malloc arena free of parsing's short-lived allocations,
// so what a scan keeps packs densely there (see compactedCopy in ScanJob.cpp).
QThreadPool* scanThreadPool();

// Runs fn(i) for every i in [0, count) on the scan threads, handing out `grain`
// indices at a time, and returns when all are done. Safe to call from a scan thread:
// a helper that never got a thread is run by the waiting caller.
template <typename Fn> void parallelFor(qsizetype count, qsizetype grain, Fn fn)
{
    if (count <= 0)
        return;
    std::atomic<qsizetype> next{0};
    const auto worker = [&] {
        for (;;) {
            const qsizetype begin = next.fetch_add(grain, std::memory_order_relaxed);
            if (begin >= count)
                return;
            const qsizetype end = qMin(begin + grain, count);
            for (qsizetype i = begin; i < end; ++i)
                fn(i);
        }
    };
    QThreadPool* pool = scanThreadPool();
    const qsizetype helpers = qMin<qsizetype>(pool->maxThreadCount(), (count + grain - 1) / grain);
    QList<QFuture<void>> running;
    for (qsizetype h = 0; h < helpers; ++h)
        running.append(QtConcurrent::run(pool, worker));
    for (QFuture<void>& f : running)
        f.waitForFinished();
}

} // namespace certlife
