// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

// What `certlifectl check` and `certlifectl metrics` share: the scopes to look at, and
// each scope's stores scanned and judged (lifecycle/CertificateClassifier.h).

#include "CliCommand.h"
#include "lifecycle/CertificateClassifier.h"
#include "policy/PolicyStore.h"

#include <optional>

namespace certlife::cli {

// --scope system|user, or both scopes when not given.
bool parseMonitoringScopes(const QCommandLineParser& parser, const QCommandLineOption& option, QList<Scope>* scopes,
                           QString* error);

struct MonitoredScope
{
    Scope scope = Scope::User;
    Policy policy;
    QList<StoreConfig> stores;
    QList<StoreScan> scans;
    ArchivedCertificates archived;
};

// The scope's policy and the stores it monitors.
// Configuration that could not be read is appended to *problems: a policy file that is
// ignored, stores.conf entries, AdditionalStores.
MonitoredScope monitoredScope(Scope scope, const PolicyStore& policies, QStringList* problems);

// Scans every scope's stores and recognises its archived certificates as the engine does
// (recogniseArchived(): a snapshot that cannot be read is appended to *problems).
void scanMonitoredScopes(QList<MonitoredScope>& scopes, QStringList* problems);

// Every certificate of the scopes, judged at nowSecs.
QList<ClassifiedCertificate> monitoredStatuses(const QList<MonitoredScope>& scopes, qint64 nowSecs);

} // namespace certlife::cli
