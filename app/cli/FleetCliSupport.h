// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "CliCommand.h"

#include "fleet/FleetConnection.h"
#include "fleet/FleetReader.h"
#include "util/Clock.h"

#include <memory>
#include <optional>

namespace certlife::cli {

// What `fleet …` and `events --fleet` say about a URI, its password and the exit status.
extern const QString kFleetConnectionHelp;

// Connects to the fleet database at URI (a libpq URI; an empty one is a usage error
// naming OPTION) with the password in PASSWORD_FILE (empty: libpq's own ways). On failure
// prints one line and sets *code: 2 for a bad URI, 1 for an unusable password file, 5 when
// the server could not be reached or refused the login (docs/fleet.md, "Connecting").
bool connectToFleet(const QString& option, const QString& uri, const QString& passwordFile, const QString& usage,
                    fleet::FleetConnection& connection, fleet::FleetAddress* address, CliIo& io, int* code);

// What every reading command starts with: the environment's clock (CERTLIFE_CLOCK in
// tests), an open connection and a reader over it.
struct FleetReadSession
{
    std::shared_ptr<Clock> clock;
    fleet::FleetConnection connection;
    std::optional<fleet::FleetReader> reader;
};

// connectToFleet, then the clock and the reader; on failure one line and *code, as above.
bool openFleetReader(const QString& option, const QString& uri, const QString& passwordFile, const QString& usage,
                     FleetReadSession& session, CliIo& io, int* code);

// The exit status and message for a failed read (FleetError): 5 for a server that went
// away, 1 for a refusal.
int failFleet(CliIo& io, const fleet::FleetError& error);

} // namespace certlife::cli
