// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "CertFactory.h"

#include <QList>
#include <QString>
#include <atomic>
#include <memory>

namespace certlife::test {

// Real TLS services on loopback for the endpoint tests and the benchmark: one thread, one
// poll() loop, any number of listening sockets (127.0.0.1 or ::1, port chosen by the
// kernel), each serving a chain (leaf first, its key) in one of the modes below.
class TlsTestServer
{
public:
    enum class Mode {
        Tls,          // TLS handshake at once
        SmtpStartTls, // 220 greeting, EHLO, STARTTLS, then TLS
        Silent,       // accepts and never answers
        CloseAtOnce,  // accepts and closes
    };

    TlsTestServer();
    ~TlsTestServer(); // stops the thread, closes everything
    TlsTestServer(const TlsTestServer&) = delete;
    TlsTestServer& operator=(const TlsTestServer&) = delete;

    // Before start(): a listener on `address` ("127.0.0.1", "::1") at `port` (0: the kernel
    // picks one); its port (0 on failure).
    quint16 listen(const QString& address, Mode mode, const QList<GeneratedCert>& chain = {}, quint16 port = 0);
    void start();
    // While running: the listener on `port` serves `chain` from its next handshake on.
    void serve(quint16 port, const QList<GeneratedCert>& chain);
    // Handshakes completed and connections accepted by the listener on `port`.
    int handshakes(quint16 port) const;
    int accepted(quint16 port) const;

private:
    struct Shared;
    std::shared_ptr<Shared> d;
};

} // namespace certlife::test
