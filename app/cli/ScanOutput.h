// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "CliCommand.h"
#include "lifecycle/CertificateClassifier.h"
#include "stores/StoreTypes.h"
#include "util/JsonLineWriter.h"

#include <QDateTime>
#include <QTextStream>

namespace certlife::cli {

// `certlifectl scan --json`: one object per certificate with exactly these keys, in this
// order: path, index, thumbprint, sha256, subject, subjectCN, issuer, serial, notBefore,
// notAfter, sans, ekus, template, keyAlgorithm, keyBits, isCA, selfSigned, hasPrivateKey.
void writeCertificateJson(JsonLineWriter& w, const StoredCertificate& stored);
// The same keys, into an object the caller opened (`probe --json` adds its own).
void writeCertificateJsonMembers(JsonLineWriter& w, const StoredCertificate& stored);
// {"path": …, "error": …}
void writeProblemJson(JsonLineWriter& w, const ScanProblem& problem);

// `scan --json` as it comes: certificates as they are handed over (a streaming scan's
// files, in order), each call's lines written before it returns; problems last.
class ScanJsonStream
{
public:
    explicit ScanJsonStream(CliIo& io);
    // False once standard output cannot be written (then nothing more is).
    bool writeCertificates(const QList<StoredCertificate>& certificates);
    bool finish(const QList<ScanProblem>& problems);

private:
    bool flush(bool always);
    CliIo& m_io;
    QByteArray m_out;
    JsonLineWriter m_writer;
    bool m_ok = true;
};

// One JSON object per line: certificates (in store order), then problems. False when
// standard output cannot be written.
bool printScanJson(const StoreScan& scan, CliIo& io);

// A table for people: each certificate's state as the classifier (the console's, the
// agent's) judges it, most urgent first (moreUrgent()), with days left counted from the
// classifier's now; problems go to `err`, one line each, and a summary line ends `out`.
void printScanTable(const StoreScan& scan, const CertificateClassifier& classifier, QTextStream& out, QTextStream& err);

} // namespace certlife::cli
