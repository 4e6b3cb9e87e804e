// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "lifecycle/ExpiryEvaluator.h"
#include "lifecycle/ExpiryState.h"
#include "policy/Policy.h"
#include "reports/Report.h"
#include "stores/StoreTypes.h"
#include "util/Clock.h"

#include <memory>
#include <optional>

namespace certlife {

// A certificate as a report lists it: where it is and which scope's policy judges it.
struct ReportCertificate
{
    StoredCertificate stored;
    QString storeId;
    Scope scope = Scope::User;
};

// Every certificate of the scans, store by store, in the scans' order.
QList<ReportCertificate> reportCertificates(const QList<StoreScan>& scans);

// The effective policy of each channel (DESIGN.md: System stores are judged by the
// machine policy, User stores by the user's effective policy). Only the expiry
// thresholds matter here.
struct ReportPolicies
{
    Policy system;
    Policy user;
    const Policy& of(Scope scope) const { return scope == Scope::System ? system : user; }
};

// The effective policies of both channels as the policy files set them now (PolicyStore
// at its default paths): what `certlifectl report` and the console's export judge by.
ReportPolicies loadReportPolicies();

// The state column, from ExpiryEvaluator::status (the agent's 1002/1003 decision):
// "Expired", "Expiring" (inside the policy's warning window), "Healthy". The words and
// keys are the console's (lifecycle/ExpiryState.h); a report does not split Healthy into
// the console's 30/60/90-day bins.
ExpiryState expiryStatusState(ExpiryStatus status);
QString expiryStatusLabel(ExpiryStatus status);
QString expiryStatusKey(ExpiryStatus status); // "expired", "expiring", "healthy"
bool parseExpiryStatusKey(const QString& text, ExpiryStatus* out); // any case

struct CertificateReportOptions
{
    enum class Selection : quint8 {
        All,            // every certificate given
        ExpiringWithin, // notAfter at most withinDays days from now; expired ones included
        View,           // the list given is a view the caller filtered (the console's table):
                        // its order is kept and viewDescription says how it was filtered
    };
    Selection selection = Selection::All;
    int withinDays = 0;

    // Further filters (any selection); unset ones let everything through.
    std::optional<Scope> scope;
    QString storeId;                   // exact store id
    QString search;                    // substring, any case, of the CN, subject, SANs, issuer,
                                       // thumbprint, SHA-256 or path
    std::optional<ExpiryStatus> state;
    QString viewDescription;           // View: e.g. "search \"web\"; state Expiring"
};

// The certificate report at the clock's now. Rows are sorted by notAfter (soonest
// first), then subject CN and path, except for a View, whose order is kept.
Report buildCertificateReport(const QList<ReportCertificate>& certificates, const ReportPolicies& policies,
                              const std::shared_ptr<const Clock>& clock, const CertificateReportOptions& options = {});

// Does the certificate contain the text (see CertificateReportOptions::search)?
bool certificateMatchesSearch(const ReportCertificate& certificate, const QString& text);

} // namespace certlife
