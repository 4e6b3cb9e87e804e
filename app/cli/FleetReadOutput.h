// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "CliCommand.h"

#include "fleet/FleetReader.h"

#include <QDateTime>
#include <QTextStream>

namespace certlife::cli {

// `certlifectl fleet status`: a row per host (last contact, agent, certificates by state,
// "agent silent" with how long), then a summary line naming the silent hosts.
void printFleetStatusTable(const QList<fleet::FleetHostStatus>& hosts, const QDateTime& now, QTextStream& out);
// --json: one object per host and line: host, agentVersion, lastContact, lastPassTime,
// lastPassOutcome, lastPassError, rescanIntervalSeconds, silent, certificates, byState
// (state -> count). Times in UTC, null when unknown. False when standard output fails.
bool printFleetStatusJson(const QList<fleet::FleetHostStatus>& hosts, CliIo& io);

// `certlifectl fleet certificates`: a row per certificate and store.
void printFleetCertificatesTable(const QList<fleet::FleetCertificateRow>& rows, const QDateTime& now, QTextStream& out);
// --json: the keys of `scan --json` the fleet has (path, thumbprint, sha256, subject,
// issuer, notBefore, notAfter, sans) plus host, channel, store, state, key, paths,
// problems and updatedAt.
bool printFleetCertificatesJson(const QList<fleet::FleetCertificateRow>& rows, CliIo& io);

} // namespace certlife::cli
