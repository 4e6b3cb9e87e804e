// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "MonitoringSupport.h"

#include "MonitoredScan.h"

namespace certlife::cli {

bool parseMonitoringScopes(const QCommandLineParser& parser, const QCommandLineOption& option, QList<Scope>* scopes,
                           QString* error)
{
    if (!parser.isSet(option)) {
        *scopes = {Scope::System, Scope::User};
        return true;
    }
    Scope scope;
    if (!parseScope(parser.value(option), &scope)) {
        *error = QStringLiteral("--scope must be system or user, not \"%1\"").arg(parser.value(option));
        return false;
    }
    *scopes = {scope};
    return true;
}

MonitoredScope monitoredScope(Scope scope, const PolicyStore& policies, QStringList* problems)
{
    MonitoredScope s;
    s.scope = scope;
    // An ignored policy file (unsafe owner or mode, unreadable) means the thresholds
    // are not the admin's: say so rather than judge by the defaults.
    for (const Scope layer :
         scope == Scope::System ? QList<Scope>{Scope::System} : QList<Scope>{Scope::System, Scope::User})
        if (policies.layer(layer).ignored)
            *problems += policies.layer(layer).problems;
    s.policy = policies.effective(scope).policy;
    s.stores = monitoredStoreConfigs(scope, s.policy, problems);
    return s;
}

void scanMonitoredScopes(QList<MonitoredScope>& scopes, QStringList* problems)
{
    for (MonitoredScope& s : scopes) {
        s.scans = scanStoreConfigs(s.stores);
        s.archived = recogniseArchived(s.scope, s.scans);
        if (!s.archived.problem.isEmpty())
            problems->append(s.archived.problem);
    }
}

QList<ClassifiedCertificate> monitoredStatuses(const QList<MonitoredScope>& scopes, qint64 nowSecs)
{
    QList<ClassifiedCertificate> out;
    for (const MonitoredScope& s : scopes) {
        const ExpiryThreshold threshold = ExpiryThreshold::fromPolicy(s.policy);
        CertificateClassifier classifier(ExpiryThresholds{threshold, threshold}, nowSecs);
        classifier.setArchived(s.scope, s.archived);
        classifier.readAcknowledgements();
        classifier.recogniseTrustAnchorUse(storeCertificates(s.scans));
        out += classifier.classify(s.scans);
    }
    return out;
}

} // namespace certlife::cli
