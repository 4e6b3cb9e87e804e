// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "tasks/TaskRunLog.h"
#include "util/Scope.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <optional>

namespace certlife {

// What the agent tells consoles about itself, in <state dir>/agent-status.json
// (written atomically after every pass). The console's status bar shows the skipped
// passes from it (skippedText()); the rest is read by the tests so far. A pid that is no
// longer alive means the agent is not running, whatever the file says.
struct AgentStatus
{
    Scope scope = Scope::User;
    qint64 pid = 0;
    QString state;            // "starting", "scanning", "idle", "stopped"
    QDateTime startedAt;
    QDateTime lastPassAt;     // end of the last pass
    qint64 lastPassMilliseconds = 0;
    int stores = 0;
    int certificates = 0;
    int problems = 0;
    qint64 eventsWritten = 0; // since start
    QDateTime nextPassAt;     // next scheduled full rescan
    QString lastError;
    // Passes skipped in a row, because another process held the snapshot lock for the
    // whole wait; reset by the next pass that runs.
    int passesSkipped = 0;
    QDateTime skippedSince; // the first of them
    QString skipReason;     // why the last one was skipped, naming the lock's holder
    // Task runs: how many succeeded, failed or were refused since start; how many run
    // and wait (queued, most of them held back by a rate limit) now.
    TaskRunCounts taskRuns;

    // "3 passes skipped since 2026-03-01 12:00:03 UTC: the snapshot is locked by …";
    // empty when the last pass ran.
    QString skippedText() const;

    QJsonObject toJson() const;
    static std::optional<AgentStatus> fromJson(const QJsonObject& o);

    static QString filePath(Scope scope); // Paths::stateDir(scope)/agent-status.json
    bool save(QString* error = nullptr) const;
    static std::optional<AgentStatus> load(Scope scope);
    // True when the recorded process still exists (and the file does not claim "stopped").
    bool isRunning() const;
};

} // namespace certlife
