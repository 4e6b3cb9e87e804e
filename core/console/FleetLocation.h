// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QString>

namespace certlife {

// Where a console's fleet is: the database's libpq URI and the file holding the reader's
// password (empty: libpq's PGPASSFILE, ~/.pgpass, peer or certificate login). Never the
// password itself: this is what the console remembers (ConsoleSettings::recentFleets).
struct FleetLocation
{
    QString uri;
    QString passwordFile;
    friend bool operator==(const FleetLocation&, const FleetLocation&) = default;
};

} // namespace certlife
