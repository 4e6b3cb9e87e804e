// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "CertFactory.h"

#include <QDateTime>
#include <QFile>
#include <QList>

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

} // namespace certlife::test
