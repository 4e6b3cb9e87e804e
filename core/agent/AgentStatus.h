// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "tasks/TaskRunLog.h"
#include "util/Scope.h"

#include <QCoro/QCoroTask>
#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <optional>

namespace certlife {

// The agent's unit as the service manager (systemd) sees it: the system service for the
// System scope, the user service for the User scope. Not in the agent's file: the
// console asks an AgentProbe.
struct AgentService
{
    enum class State : quint8 { Unknown, Running, Stopped, Failed };
    State state = State::Unknown;
    QString detail; // "certlife-agent.service: active (running)", "… is not installed", a D-Bus error

    QString stateText() const; // "running", "not running", "failed", "unknown"
    friend bool operator==(const AgentService&, const AgentService&) = default;
};

// Asks the service manager about a scope's agent unit (ui/services/SystemdAgentProbe
// over D-Bus; tests answer it).
class AgentProbe
{
public:
    virtual ~AgentProbe() = default;
    virtual QCoro::Task<AgentService> service(Scope scope) = 0;
};

// Everything known about a scope's agent (`certlifectl watch`). The agent writes most of
// it to <state dir>/agent-status.json (atomically, after every pass, save()); the console
// adds what the service manager says of its unit (observe()) and shows both: the status
// bar's summaryText(), the Overview's reportText(). A pid that is no longer alive means
// the agent is not running, whatever the file says.
struct AgentStatus
{
    Scope scope = Scope::User;
    qint64 pid = 0;
    QString state; // "starting", "scanning", "idle", "stopped"
    QDateTime startedAt;
    QDateTime lastPassAt; // end of the last pass
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
    // The fleet database (machine policy FleetDatabase; System agent only): the last
    // publish that went through, and one line while publishing fails (unreachable,
    // login refused, a newer schema, another host's role, …); empty when it works.
    QDateTime fleetPublishedAt;
    QString fleetProblem;
    // The User channels the system agent publishes: one line per account whose log it
    // could not publish ("alice: …": a link, another's file, a corrupt log, …).
    QStringList fleetUserProblems;

    // Not in the file: the agent's unit, and whether this was read from the file of a
    // living agent (else only the unit's state is known).
    AgentService service;
    bool reported = false;

    // "3 passes skipped since 2026-03-01 12:00:03 UTC: the snapshot is locked by …";
    // empty when the last pass ran.
    QString skippedText() const;
    // "running" when a living agent wrote the file (under its unit or not), else what
    // the service manager says of the unit.
    QString stateText() const;
    // One line: "running, last pass 2026-03-01 11:58 UTC (3 passes skipped since …)".
    QString summaryText() const;
    // Every sentence the file allows, one per line: the state and the unit, the last
    // pass (stores, certificates, unreadable files), the last error, skipped passes, the
    // task runs started, queued, refused and failed, the events written, the next full
    // rescan.
    QString reportText() const;
    // The scope's agent as the console sees it: `service`, and the file when its agent
    // lives. Blocking (reads the file).
    static AgentStatus observe(Scope scope, const AgentService& service);

    QJsonObject toJson() const;
    static std::optional<AgentStatus> fromJson(const QJsonObject& o);

    static QString filePath(Scope scope); // Paths::stateDir(scope)/agent-status.json
    bool save(QString* error = nullptr) const;
    static std::optional<AgentStatus> load(Scope scope);
    // True when the recorded process still exists (and the file does not claim "stopped").
    bool isRunning() const;
};

} // namespace certlife
