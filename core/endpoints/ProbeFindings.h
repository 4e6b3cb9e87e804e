// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "endpoints/ProbeResult.h"

#include <QList>

typedef struct x509_st X509;
typedef struct x509_store_st X509_STORE;

namespace certlife {

// The served chain as Certificate values, leaf first (a certificate that does not decode
// is left out: what the server sent is recorded, not judged, here).
QList<Certificate> decodeServedChain(const QList<X509*>& served);

// What the served chain says (docs/endpoints.md, "Findings"): expired, name mismatch
// (the result's service name), chain incomplete (against `trust`), self-signed leaf,
// then the protocol and cipher of the result. `nowSecs`: seconds since the epoch.
QList<Finding> servedChainFindings(const ProbeResult& result, const QList<X509*>& served, X509_STORE* trust,
                                   qint64 nowSecs);

// Whether the certificate covers the service name as a TLS client checks it:
// X509_check_ip_asc for an IP address, else X509_check_host (SAN DNS names, wildcards).
bool certificateCoversName(const Certificate& certificate, const QString& name);

// A trust store of the CAs in `file` (PEM), or OpenSSL's default paths when empty.
X509_STORE* loadTrustStore(const QString& file);

} // namespace certlife
