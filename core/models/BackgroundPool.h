// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QtConcurrent/QtConcurrentRun>

#include <utility>

namespace certlife {

// The thread pool for the console's background work: event queries, reading the
// inventory cache, building table rows. Qt 6.4's raster paint engine splits large
// fills into tasks on QThreadPool::globalInstance() and waits for them, so a global pool
// kept busy by long background jobs freezes painting for as long as they run. Work
// submitted here leaves the global pool to Qt. As many threads as cores.
QThreadPool* backgroundPool();

// Runs blocking work (files, scans, SQLite) on the background pool; await the future it
// returns as a named local (util/Coroutines.h).
template <typename Work> auto inBackground(Work work)
{
    return QtConcurrent::run(backgroundPool(), std::move(work));
}

} // namespace certlife
