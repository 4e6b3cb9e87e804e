// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: every parser entry point a scan uses, on arbitrary bytes.
// Finds crashes, hangs, leaks and undefined behaviour; results are not judged.

#include "x509/CertificateParser.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace certlife;
    const QByteArrayView input(reinterpret_cast<const char*>(data), qsizetype(size));
    ParseOptions options;
    options.threads = 1; // inputs stay far below the size that is split anyway
    const ParsedFile parsed = parseCertificateData(input, options);

    // A configured PKCS#12 password takes another path through the PKCS#12 reader.
    if (size > 0 && data[0] == 0x30) {
        ParseOptions withPassword = options;
        withPassword.pkcs12Password = "s3cret";
        withPassword.hasPkcs12Password = true;
        parseCertificateData(input, withPassword);
    }
    // Touch every field so that a bad value is noticed by the sanitizers.
    size_t sink = 0;
    for (const Certificate& c : parsed.certificates)
        sink += size_t(c.subject.size() + c.issuer.size() + c.sans.size() + c.ekus.size() + c.thumbprint().size());
    return sink == size_t(-1) ? 1 : 0;
}
