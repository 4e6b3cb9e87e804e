// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

// The points where the task runner meets the rest of Certlife. Each is a small
// value or function so the runner is tested on its own; the agent, the CLI and the
// console wire the real ones (PolicyStore, StoreCatalog, certificate actions).

#include "lifecycle/LifecycleEvent.h"
#include "util/Scope.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <functional>
#include <optional>

namespace certlife {

struct Policy;
struct StoreScan;

// What the policy says about tasks (PolicyStore: RequireSignedScripts, TrustedSigners).
struct TaskPolicy
{
    bool requireSignedScripts = false;
    QStringList trustedSignerFiles; // PEM/DER certificate files: the trust anchors for SCRIPT.sig
    int maxConcurrent = 2;          // runs at once, all tasks together
    int ratePerHour = 30;           // runs started per task in any hour
    int killGraceSeconds = 10;      // between SIGTERM and SIGKILL on timeout
};
// The task side of a scope's policy: RequireSignedScripts and TrustedSigners.
TaskPolicy taskPolicyFrom(const Policy& policy);

// A certificate found in a store.
struct LocatedCertificate
{
    QString storeId;
    CertificateDetails details;
};

// "Is the certificate with this thumbprint in store `storeId` of `scope`?" An empty
// storeId means any store of the scope. Returns its current details, or nullopt
// when it is not there. locatorFromScans() builds one from scans; the runner refuses
// every run when no locator is set (it cannot confirm the certificate).
using CertificateLocator =
    std::function<std::optional<LocatedCertificate>(Scope scope, const QString& storeId, const QString& thumbprint)>;
// Answers the task runner's "is this certificate still in its store?" from scans.
CertificateLocator locatorFromScans(const QList<StoreScan>& scans);

// The store side of `certlifectl switch` without --notify-only (the counterpart of
// Switch-Certificate marking OLD as replaced by NEW): it archives the old certificate
// in the scope's snapshot, so the agent warns no more about its expiry. The CLI wires
// it (taskCertificateSwitcher() in app/cli/TaskCliSupport.cpp); `switch` refuses to
// change the stores when none is set.
using CertificateSwitcher = std::function<bool(Scope scope, const LocatedCertificate& oldCertificate,
                                               const LocatedCertificate& newCertificate, QString* error)>;

} // namespace certlife
