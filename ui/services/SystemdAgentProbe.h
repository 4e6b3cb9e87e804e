// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "agent/AgentStatus.h"

namespace certlife::ui {

// Asks systemd over D-Bus (system bus for System, session bus for User) for the state
// of the agent's unit. Never blocks: the calls are asynchronous.
class SystemdAgentProbe final : public AgentProbe
{
public:
    static inline const QString kDefaultUnit = QStringLiteral("certlife-agent.service");
    explicit SystemdAgentProbe(QString unitName = kDefaultUnit) : m_unit(std::move(unitName)) {}
    QCoro::Task<AgentService> service(Scope scope) override;

private:
    QString m_unit;
};

} // namespace certlife::ui
