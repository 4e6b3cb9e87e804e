// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "console/FleetLocation.h"

#include <QList>
#include <optional>

class QWidget;

namespace certlife::ui {

// File → Connect to fleet…: asks for the fleet database's URI and the file holding the
// reader's password (never the password: docs/fleet.md), offering the recent ones.
// std::nullopt when cancelled. Tests answer instead of a user.
class FleetDialogs
{
public:
    virtual ~FleetDialogs() = default;
    virtual std::optional<FleetLocation> askForFleet(QWidget* parent, const QList<FleetLocation>& recent);
};

} // namespace certlife::ui
