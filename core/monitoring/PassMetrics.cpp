// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "monitoring/PassMetrics.h"

#include "monitoring/CertlifeMetrics.h"
#include "monitoring/MetricsTextfile.h"

namespace certlife {

QString writePassMetrics(const QString& file, const PassMetrics& pass, const EventLog* events, const TaskRunLog* runs)
{
    const ExpiryThreshold threshold = ExpiryThreshold::fromPolicy(pass.policy);
    CertificateClassifier classifier(ExpiryThresholds{threshold, threshold}, pass.now);
    classifier.setArchived(pass.scope, pass.archived);
    classifier.setAcknowledgements(pass.scope, loadAcknowledgements(pass.scope).acknowledgements);
    classifier.recogniseTrustAnchorUse(storeCertificates(pass.scans));
    ScopeMetricsInput input;
    input.scope = pass.scope;
    input.scans = pass.scans;
    input.certificates = classifier.classify(pass.scans);
    input.lastPassAt = pass.lastPassAt;
    input.lastPassMilliseconds = pass.lastPassMilliseconds;
    QStringList problems;
    collectLogMetrics(events, runs, input, &problems);
    const QString error = writeMetricsTextfile(file, renderCertlifeMetrics({input}), pass.scope);
    if (!error.isEmpty())
        problems.prepend(error);
    return problems.join(QStringLiteral("; "));
}

} // namespace certlife
