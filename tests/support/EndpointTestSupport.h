// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "CertFactory.h"

#include <QDateTime>
#include <QFile>
#include <QList>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace certlife::test {

// A root, an intermediate under it and leaves for test.example under the intermediate:
// what the endpoint tests serve.
struct EndpointPki
{
    GeneratedCert root;
    GeneratedCert intermediate;

    EndpointPki()
    {
        CertSpec rootSpec;
        rootSpec.cn = QStringLiteral("Endpoint Test Root");
        rootSpec.isCA = true;
        rootSpec.notBefore = QDateTime(QDate(2025, 1, 1), QTime(0, 0), Qt::UTC);
        rootSpec.notAfter = QDateTime(QDate(2035, 1, 1), QTime(0, 0), Qt::UTC);
        root = makeCertificate(rootSpec);
        CertSpec intermediateSpec = rootSpec;
        intermediateSpec.cn = QStringLiteral("Endpoint Test Intermediate");
        intermediateSpec.serialHex = "0B";
        intermediate = makeCertificate(intermediateSpec, &root);
    }

    // A leaf for `name` valid [notBefore, notBefore + 90 days).
    GeneratedCert leaf(const QString& name, const QDateTime& notBefore, const QByteArray& serial = "01") const
    {
        CertSpec spec;
        spec.cn = name;
        spec.dns = {name};
        spec.notBefore = notBefore;
        spec.notAfter = notBefore.addDays(90);
        spec.serialHex = serial;
        return makeCertificate(spec, &intermediate);
    }

    // The leaf and the intermediate, as a well-configured server sends them.
    QList<GeneratedCert> chainOf(const GeneratedCert& leafCertificate) const { return {leafCertificate, intermediate}; }

    bool writeTrustFile(const QString& path) const { return writeFile(path, root.pem()); }
};

// A loopback port nothing listens on (bound, then closed): connecting is refused at once.
inline quint16 closedPort()
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa);
    socklen_t length = sizeof sa;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&sa), &length);
    ::close(fd);
    return ntohs(sa.sin_port);
}

} // namespace certlife::test
