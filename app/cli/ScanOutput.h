// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "CliCommand.h"
#include "stores/StoreTypes.h"
#include "util/JsonLineWriter.h"

#include <QDateTime>
#include <QTextStream>

namespace certlife::cli {

// `certlifectl scan --json`: one object per certificate with exactly these keys, in this
// order: path, index, thumbprint, sha256, subject, subjectCN, issuer, serial, notBefore,
// notAfter, sans, ekus, template, keyAlgorithm, keyBits, isCA, selfSigned, hasPrivateKey.
void writeCertificateJson(JsonLineWriter& w, const StoredCertificate& stored);
// {"path": …, "error": …}
void writeProblemJson(JsonLineWriter& w, const ScanProblem& problem);

// One JSON object per line: certificates (in store order), then problems. False when
// standard output cannot be written.
bool printScanJson(const StoreScan& scan, CliIo& io);

// A table for people: soonest expiry first, with days left counted from `now`; problems
// go to `err`, one line each, and a summary line ends `out`.
void printScanTable(const StoreScan& scan, const QDateTime& now, QTextStream& out, QTextStream& err);

// Whole days from now until notAfter, rounded down (negative once expired).
qint64 daysLeft(const QDateTime& now, qint64 notAfterSecs);

} // namespace certlife::cli
