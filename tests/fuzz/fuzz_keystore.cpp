// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: the Java keystore reader (JKS, JCEKS) on arbitrary bytes, without
// and with a password. The input is given the JKS magic when it lacks one of the two,
// so that the fuzzer spends its time past it. Results are not judged.

#include "x509/JavaKeyStore.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace certlife;
    QByteArray input(reinterpret_cast<const char*>(data), qsizetype(size));
    if (!looksLikeJavaKeyStore(input))
        input.prepend(QByteArray::fromHex("FEEDFEED"));
    size_t sink = 0;
    for (const std::optional<QByteArray>& password :
         {std::optional<QByteArray>(), std::optional<QByteArray>("s3cret")}) {
        const KeyStoreContents ks = readJavaKeyStore(input, password);
        for (const KeyStoreEntry& e : ks.entries)
            for (const QByteArray& der : e.certificates)
                sink += size_t(der.size() + e.alias.size());
    }
    ParseOptions options;
    options.threads = 1;
    const ParsedFile parsed = parseCertificateData(input, options);
    sink += size_t(parsed.certificates.size() + parsed.entryNames.size());
    return sink == size_t(-1) ? 1 : 0;
}
