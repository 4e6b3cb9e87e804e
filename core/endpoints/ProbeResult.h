// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "endpoints/Endpoint.h"
#include "x509/Certificate.h"

#include <QList>
#include <QString>

namespace certlife {

// What a probe notices about an endpoint (docs/endpoints.md, "Findings").
enum class FindingKind : quint8 {
    HandshakeError,  // refused, timeout, closed, STARTTLS refused, TLS alert: the detail says which
    Expired,         // the served leaf's notAfter is past
    NameMismatch,    // the leaf does not cover the service name (SNI or host)
    ChainIncomplete, // an issuer neither sent nor in the trust store
    SelfSignedLeaf,
    Protocol, // informational: the TLS version negotiated
    Cipher,   // informational: the cipher suite negotiated
};
QString findingKindName(FindingKind kind); // "handshakeError", "expired", …

struct Finding
{
    FindingKind kind = FindingKind::HandshakeError;
    QString detail;
};

// Why a handshake did not happen (None when it did).
enum class ProbeFailure : quint8 {
    None,
    Resolve,
    Refused,
    ConnectTimeout,
    HandshakeTimeout,
    Closed,
    StartTls,
    Tls,
    Cancelled
};

// One address of one endpoint, probed once.
struct ProbeResult
{
    Endpoint endpoint;
    QString address; // "192.0.2.1", "2001:db8::1"; empty when the name did not resolve
    ProbeFailure failure = ProbeFailure::None;
    QString error;            // why, for people: "connection refused", "TLS alert: handshake failure", …
    QString protocol;         // "TLSv1.3"
    QString cipher;           // "TLS_AES_256_GCM_SHA384"
    QList<Certificate> chain; // as served, leaf first (even when it would not verify)
    QList<Finding> findings;
    qint64 elapsedMs = 0;

    bool handshakeSucceeded() const { return failure == ProbeFailure::None; }
    QString location() const; // endpointLocation(hostPort, address), or hostPort when unresolved
};

} // namespace certlife
