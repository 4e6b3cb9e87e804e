// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "reports/CertificateReport.h"
#include "reports/Report.h"

#include <QString>
#include <optional>

class QWidget;

namespace certlife::ui {

// What File → Export report can offer, from the console's current state.
struct ReportDialogContext
{
    int certificateCount = 0;       // every certificate of every store
    int viewCount = 0;              // rows of the Certificates page's current view
    QString viewDescription;        // its filters ("search "web"; Expiring"); empty: unfiltered
    QString eventFilterDescription; // the Events page's filter; empty: every event
    QString tasksUnavailable;       // why there is no task report (a fleet's); empty: there is
    QString suggestedDirectory;
};

// The admin's answer: which report, which format, which file.
struct ReportChoice
{
    ReportKind kind = ReportKind::Certificates;
    CertificateReportOptions::Selection selection = CertificateReportOptions::Selection::All;
    int withinDays = 30;
    ReportFormat format = ReportFormat::Pdf;
    QString path;
};

// The questions File → Export report asks. Tests answer them.
class ReportDialogs
{
public:
    virtual ~ReportDialogs() = default;
    // Kind (certificates: all, expiring within N days, the current view; events: the
    // Events page's filter; tasks), format and output file; nullopt when cancelled.
    virtual std::optional<ReportChoice> chooseReport(QWidget* parent, const ReportDialogContext& context);
    // The file picker behind the dialog's Browse button; empty when cancelled.
    virtual QString chooseOutputFile(QWidget* parent, const QString& suggestedPath, ReportFormat format);
};

} // namespace certlife::ui
