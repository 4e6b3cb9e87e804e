// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "endpoints/TlsProbe.h"
#include "stores/StoreTypes.h"

#include <QCoro/QCoroTask>

namespace certlife {

// A TLS endpoint store (kind tls): its "files" are the addresses of its endpoints, each
// location "HOST:PORT [ADDRESS]" holding the chain served there (docs/endpoints.md,
// "Endpoint stores"). Its path is the HOST:PORTs separated by spaces.

// The endpoints of the store, with its SNI and STARTTLS; *error when one does not parse.
QList<Endpoint> storeEndpoints(const StoreConfig& config, QString* error = nullptr);
// Why the store's endpoints, SNI or STARTTLS protocol cannot be used, or empty.
QString endpointStoreError(const StoreConfig& config);

// The StoreScan of what the probes saw: every certificate served, at its location and
// place in the chain; a failed handshake is a problem at its location (so the snapshot
// keeps what was served there: unreachable is not removed); a name that does not
// resolve is a problem at HOST:PORT; a store none of whose endpoints resolved is missing.
StoreScan endpointStoreScan(const StoreConfig& config, const QList<ProbeResult>& probes, const QDateTime& scannedAt);

// Probes the store's endpoints and builds its StoreScan.
QCoro::Task<StoreScan> scanEndpointStore(StoreConfig config, ProbeOptions options);

} // namespace certlife
