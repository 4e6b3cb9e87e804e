// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "lifecycle/CertificateClassifier.h"
#include "stores/StoreTypes.h"

#include <QDateTime>
#include <QJsonObject>
#include <QTextStream>

namespace certlife::cli {

// `certlifectl scan --json`: one object per certificate with exactly these keys: path,
// index, thumbprint, sha256, subject, subjectCN, issuer, serial, notBefore, notAfter,
// sans, ekus, template, keyAlgorithm, keyBits, isCA, selfSigned, hasPrivateKey.
QJsonObject certificateJson(const StoredCertificate& stored);
// {"path": …, "error": …}
QJsonObject problemJson(const ScanProblem& problem);

// One JSON object per line: certificates (in store order), then problems.
void printScanJson(const StoreScan& scan, QTextStream& out);

// A table for people: each certificate's state as the classifier (the console's, the
// agent's) judges it, most urgent first (moreUrgent()), with days left counted from the
// classifier's now; problems go to `err`, one line each, and a summary line ends `out`.
void printScanTable(const StoreScan& scan, const CertificateClassifier& classifier, QTextStream& out, QTextStream& err);

} // namespace certlife::cli
