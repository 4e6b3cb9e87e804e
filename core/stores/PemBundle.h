#pragma once

#include "x509/CertificateParser.h"

#include <QByteArrayView>
#include <atomic>

namespace certlife {

// Parses a large PEM bundle (ca-certificates.crt, a 100,000-certificate export) on all
// cores: the text is cut at "-----BEGIN " lines into chunks of about chunkSize bytes,
// each chunk goes through parseCertificateData on its own thread, and the pieces are put
// back together in order. The result equals parseCertificateData(data): the same
// certificates in the same order, errors numbered by their block in the whole file, and
// keys paired with certificates across chunks.
ParsedFile parsePemBundleInParallel(QByteArrayView data, const ParseOptions& options, qsizetype chunkSize,
                                    const std::atomic_bool& cancelled);

} // namespace certlife
