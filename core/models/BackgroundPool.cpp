// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "models/BackgroundPool.h"

#include <QThread>
#include <QThreadPool>

namespace certlife {

QThreadPool* backgroundPool()
{
    static QThreadPool* const pool = [] {
        auto* p = new QThreadPool; // lives as long as the process, as the global pool does
        p->setMaxThreadCount(std::max(2, QThread::idealThreadCount()));
        p->setObjectName(QStringLiteral("certlife-background"));
        return p;
    }();
    return pool;
}

} // namespace certlife
