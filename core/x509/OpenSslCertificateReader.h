// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "x509/Certificate.h"

#include <QByteArrayView>
#include <optional>

typedef struct x509_st X509;

namespace certlife {

// The complete, authoritative reader: anything `openssl x509` reads is read here.
// Slower than the mbedTLS fast path (about 5,000/s), so it handles what that path
// declines and serves as the reference the fast path is tested against.
class OpenSslCertificateReader
{
public:
    static std::optional<Certificate> fromDer(QByteArrayView der, QString* error = nullptr);
    static std::optional<Certificate> fromX509(X509* x509, QString* error = nullptr);

    // RFC 4514 name of an X509_NAME the way this project shows names.
    static QString nameToString(const void* x509Name);
};

} // namespace certlife
