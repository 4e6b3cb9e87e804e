// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "x509/CertificateDecoder.h"

#include "x509/MbedCertificateReader.h"
#include "x509/OpenSslCertificateReader.h"

namespace certlife {

std::optional<Certificate> decodeCertificateDer(QByteArrayView der, QString* error)
{
    if (auto fast = MbedCertificateReader::fromDer(der))
        return fast;
    return OpenSslCertificateReader::fromDer(der, error);
}

} // namespace certlife
