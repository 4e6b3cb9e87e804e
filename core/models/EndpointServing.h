// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "endpoints/ProbeResult.h"
#include "models/Inventory.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>

namespace certlife {

// What the endpoint stores (kind tls) of an inventory saw, as the console shows it
// (docs/endpoints.md, "In the console").

// One place where an endpoint store's last scan found a certificate served.
struct ServedLocation
{
    QString storeKey;
    QString storeName;
    QString location;   // "HOST:PORT [ADDRESS]"
    int chainIndex = 0; // 0: the leaf
    friend bool operator==(const ServedLocation&, const ServedLocation&) = default;
};

// Every certificate some endpoint store serves now (handshakes of its last scan), by
// SHA-256 (the digest's bytes), with where.
QHash<QByteArray, QList<ServedLocation>> servedLocations(const Inventory& inventory);
QByteArray sha256Key(const Sha256Digest& sha256);

// A probe of an endpoint store that concerns a certificate: one of the addresses that
// serve it, or (for a certificate of the endpoint store itself) the address it came from.
struct EndpointObservation
{
    QString storeName;
    Scope scope = Scope::User;
    ProbeResult probe;
    int chainIndex = 0;
};
// The observations of every endpoint store of `inventory` that served `sha256`.
QList<EndpointObservation> endpointObservations(const Inventory& inventory, const Sha256Digest& sha256);

// For people: "Expired", "Name mismatch", "Handshake error", …
QString findingKindText(FindingKind kind);
// Whether the finding is something wrong (not the informational protocol and cipher).
bool isProblemFinding(FindingKind kind);
// "Expired: the served certificate expired on …" (what the probe said, with its kind).
QString findingText(const Finding& finding);
// The problem findings of a probe as one line ("Expired; Self-signed leaf"), "None"
// when the handshake succeeded without any.
QString problemFindingsText(const ProbeResult& probe);
// "Handshake OK", "Unreachable: connection refused", "Does not resolve: …".
QString probeStatusText(const ProbeResult& probe);

} // namespace certlife
