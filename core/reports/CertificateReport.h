// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "lifecycle/CertificateClassifier.h"
#include "reports/Report.h"
#include "util/Clock.h"

#include <memory>
#include <optional>

namespace certlife {

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
    QString storeId;                  // exact store id
    QString search;                   // substring, any case, of the CN, subject, SANs, issuer,
                                      // thumbprint, SHA-256 or path
    std::optional<ExpiryState> state; // Archived implies includeArchived
    // Archived certificates (superseded by a renewal) are left out of the rows and the
    // counts unless asked for; then they are listed as Archived, with their successor,
    // and counted apart, never as expired or expiring (`--include-archived`).
    bool includeArchived = false;
    // Acknowledged or muted certificates (Acknowledgements.h) likewise: left out unless
    // asked for, then listed as Acknowledged/Muted and counted apart
    // (`--include-acknowledged`). Acknowledged as the state implies it.
    bool includeAcknowledged = false;
    ReportStoreNames storeNames; // the Store column shows the name, storeId the id
    QString viewDescription;     // View: e.g. "search \"web\"; state Expiring"
};

// The certificate report of certificates classified at `now` (CertificateClassifier:
// the console's rows, or the CLI's scans). Rows are most urgent first (moreUrgent(),
// as the console's default order), ties by subject CN and path, except for a View,
// whose order is kept.
Report buildCertificateReport(const QList<ClassifiedCertificate>& certificates, const QDateTime& now,
                              const CertificateReportOptions& options = {});
// The same for certificates of no snapshot (none archived), judged by `thresholds` at
// the clock's now.
Report buildCertificateReport(const QList<StoreCertificate>& certificates, const ExpiryThresholds& thresholds,
                              const std::shared_ptr<const Clock>& clock, const CertificateReportOptions& options = {});

// Does the certificate contain the text (see CertificateReportOptions::search)?
bool certificateMatchesSearch(const StoreCertificate& certificate, const QString& text);

} // namespace certlife
