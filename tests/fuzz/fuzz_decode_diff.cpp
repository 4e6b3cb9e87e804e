// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: differential test of the fast path. Whatever
// MbedCertificateReader accepts, OpenSSL must read with identical fields; any
// difference aborts with the differing fields named (a crash for libFuzzer).

#include "x509/CertificateDiff.h"
#include "x509/MbedCertificateReader.h"
#include "x509/OpenSslCertificateReader.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace certlife;
    const QByteArrayView der(reinterpret_cast<const char*>(data), qsizetype(size));
    const std::optional<Certificate> fast = MbedCertificateReader::fromDer(der);
    if (!fast)
        return 0;
    QString error;
    const std::optional<Certificate> reference = OpenSslCertificateReader::fromDer(der, &error);
    if (!reference) {
        std::fprintf(stderr, "fast path accepted what OpenSSL refuses: %s\n", qPrintable(error));
        std::abort();
    }
    const QStringList differences = certificateDifferences(*fast, *reference);
    if (!differences.isEmpty()) {
        std::fprintf(stderr, "fast path and OpenSSL differ:\n%s\n", qPrintable(differences.join(QLatin1Char('\n'))));
        std::abort();
    }
    return 0;
}
