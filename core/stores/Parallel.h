#pragma once

#include <QFuture>
#include <QThread>
#include <QtConcurrent/QtConcurrentRun>
#include <atomic>

namespace certlife {

// Runs fn(i) for every i in [0, count) on all cores, handing out `grain` indices at a
// time. The calling thread works too: QtConcurrent::blockingMap would only wait, which on
// a pool thread (the Scanner's job runs on one) left a two-core machine using one core.
// Helpers that never got a pool thread are run (and find nothing left) by the final wait.
template<typename Fn>
void parallelFor(qsizetype count, qsizetype grain, Fn fn)
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
    const qsizetype chunks = (count + grain - 1) / grain;
    const qsizetype helpers = qMin<qsizetype>(QThread::idealThreadCount() - 1, chunks - 1);
    QList<QFuture<void>> running;
    for (qsizetype h = 0; h < helpers; ++h)
        running.append(QtConcurrent::run(worker));
    worker();
    for (QFuture<void>& f : running)
        f.waitForFinished();
}

} // namespace certlife
