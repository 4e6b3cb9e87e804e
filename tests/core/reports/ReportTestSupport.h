// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

// Shared by the report tests (core and CLI): the readers of ReportReaders.h, and
// certificates made with CertFactory and decoded by core as a store would hold them.

#include "CertFactory.h"
#include "ReportReaders.h"
#include "reports/CertificateReport.h"
#include "x509/CertificateDecoder.h"

namespace certlife::test {

// A certificate as a store hands it to the report.
inline StoreCertificate storedCertificate(const CertSpec& spec, const QString& storeId = QStringLiteral("My"),
                                          Scope scope = Scope::User, const GeneratedCert* issuer = nullptr)
{
    const GeneratedCert generated = makeCertificate(spec, issuer);
    StoreCertificate entry;
    entry.stored.certificate = decodeCertificateDer(generated.der).value_or(Certificate{});
    entry.stored.path = QStringLiteral("/srv/certs/%1.pem").arg(spec.cn);
    entry.storeId = storeId;
    entry.scope = scope;
    return entry;
}

inline QDateTime utc(int year, int month, int day, int hour = 0)
{
    return QDateTime(QDate(year, month, day), QTime(hour, 0), Qt::UTC);
}

} // namespace certlife::test
