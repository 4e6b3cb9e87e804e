// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "ReportSources.h"

#include "MonitoredScan.h"

#include "eventlog/EventLog.h"
#include "util/Paths.h"
#include "x509/CertificateParser.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSet>

namespace certlife::cli {

QList<StoreScan> scanConfiguredStores(Scope scope)
{
    return scanMonitoredStores(scope);
}

std::vector<std::unique_ptr<EventLog>> openEventLogs(const QList<Scope>& channels, QStringList* problems)
{
    std::vector<std::unique_ptr<EventLog>> logs;
    for (const Scope channel : channels) {
        const QString path = Paths::eventLogFile(channel);
        if (!QFileInfo::exists(path))
            continue; // nothing recorded in this channel yet
        auto log = std::make_unique<EventLog>(path, channel);
        QString error;
        if (!log->openReadOnly(&error)) {
            problems->append(error);
            continue;
        }
        logs.push_back(std::move(log));
    }
    return logs;
}

} // namespace certlife::cli
