// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

// The fleet's certificate rows as the rest of Certlife holds certificates: the console's
// fleet inventory (console/FleetConsoleSource.h) and `certlifectl report --fleet` read
// them through these, so both show a host's store and certificate the same way.

#include "fleet/FleetReader.h"
#include "stores/StoreTypes.h"
#include "x509/Certificate.h"

namespace certlife::fleet {

// A Certificate with the fields the fleet has (hashes, subject and its CN, issuer,
// dates, SANs, key; no DER).
Certificate certificateOf(const FleetCertificate& certificate);

// A fleet store's id, "HOST/STORE" (ids are unique per host and scope), and its name as
// shown: "HOST: STORE", "HOST: STORE (User)" for a User channel's.
QString fleetStoreId(const QString& host, const QString& store);
QString fleetStoreName(const QString& host, const QString& store, Scope scope);
Scope fleetScopeOf(const FleetCertificate& certificate); // its channel; System when unknown

// One row as one certificate of its store, with every path of the store that holds it.
StoreCertificate storeCertificateOf(const FleetCertificateRow& row);

} // namespace certlife::fleet
