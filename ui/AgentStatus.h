// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "util/Scope.h"

#include <QCoro/QCoroTask>
#include <QString>

namespace certlife::ui {

// Whether the agent (`certlifectl watch`) of a scope runs: the system service for the
// System channel, the user service for the User channel.
struct AgentStatus
{
    enum class State : quint8 { Unknown, Running, Stopped, Failed };
    State state = State::Unknown;
    QString detail; // e.g. "active (running)", "not installed", the D-Bus error
    // From the agent's own status file: "3 passes skipped since …: the snapshot is locked
    // by …" while its passes are skipped; empty otherwise.
    QString skipped;

    QString text() const; // "running", "stopped", "failed", "unknown"; then what was skipped
    friend bool operator==(const AgentStatus&, const AgentStatus&) = default;
};

class AgentProbe
{
public:
    virtual ~AgentProbe() = default;
    virtual QCoro::Task<AgentStatus> status(Scope scope) = 0;
};

// Asks systemd over D-Bus (system bus for System, session bus for User) for the state
// of the agent's unit. Never blocks: the calls are asynchronous.
class SystemdAgentProbe final : public AgentProbe
{
public:
    static inline const QString kDefaultUnit = QStringLiteral("certlife-agent.service");
    explicit SystemdAgentProbe(QString unitName = kDefaultUnit) : m_unit(std::move(unitName)) {}
    QCoro::Task<AgentStatus> status(Scope scope) override;

private:
    QString m_unit;
};

} // namespace certlife::ui
