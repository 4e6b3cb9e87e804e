// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "endpoints/ProbeResult.h"

#include <QCoro/QCoroTask>
#include <atomic>
#include <functional>
#include <memory>

namespace certlife {

class Clock;

struct ResolvedAddress
{
    int family = 0;      // AF_INET or AF_INET6
    QByteArray sockaddr; // a sockaddr_in or sockaddr_in6, port set
    QString text;        // as inet_ntop writes it
};

// Resolves HOST for PORT to every address (IPv4 and IPv6) it has; *error when none.
using EndpointResolver = std::function<QList<ResolvedAddress>(const QString& host, quint16 port, QString* error)>;
QList<ResolvedAddress> resolveWithGetaddrinfo(const QString& host, quint16 port, QString* error);
// An address as the resolver gives it (tests build their own resolvers with it).
ResolvedAddress resolvedAddress(const QString& literal, quint16 port);

inline constexpr int kDefaultConnectTimeoutMs = 5'000;
inline constexpr int kDefaultHandshakeTimeoutMs = 10'000;
inline constexpr int kDefaultMaxConcurrentProbes = 32;

struct ProbeOptions
{
    int connectTimeoutMs = kDefaultConnectTimeoutMs;
    int handshakeTimeoutMs = kDefaultHandshakeTimeoutMs; // STARTTLS and the TLS handshake together
    int maxConcurrent = kDefaultMaxConcurrentProbes;
    // Where issuers the server does not send are looked for ("chain incomplete"): a PEM
    // file of CAs; empty: OpenSSL's default trust store (SSL_CERT_FILE / SSL_CERT_DIR).
    QString trustedCertificates;
    // "expired" is judged at this clock's now. Default: the system clock.
    std::shared_ptr<const Clock> clock;
    EndpointResolver resolve; // default: getaddrinfo
    // Set from any thread: probes still running end at once (ProbeFailure::Cancelled).
    std::shared_ptr<std::atomic_bool> cancelled;
};

// Probes every address of every endpoint: connect, STARTTLS where asked, TLS handshake,
// record the chain, the version and the cipher, close. At most maxConcurrent at once, on
// the calling thread (one poll() loop over non-blocking sockets): it blocks until the
// last probe ends, at most each probe's timeouts. Results in the order of the endpoints,
// then of their addresses.
QList<ProbeResult> probeEndpointsBlocking(const QList<Endpoint>& endpoints, const ProbeOptions& options = {});

// The same on a worker thread, awaited.
QCoro::Task<QList<ProbeResult>> probeEndpoints(QList<Endpoint> endpoints, ProbeOptions options = {});

} // namespace certlife
