// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "commands/ConsoleCommand.h"
#include "commands/ReportDialogs.h"

#include <memory>

namespace certlife {
class ConsoleController;
}

namespace certlife::ui {

class CertificatesPage;
class EventsPage;

struct ReportCommandContext
{
    ConsoleController* controller = nullptr;
    std::shared_ptr<ReportDialogs> dialogs;
    CertificatesPage* certificates = nullptr; // its view: Selection::View
    EventsPage* events = nullptr;             // its filter: the events report
    QWidget* parent = nullptr;                // the dialogs' parent: the window
};

// File → Export report: asks what to export (ReportDialogs), gathers the certificates of
// the inventory or of the Certificates page's view and the Events page's filter on the
// UI thread, then builds and writes the report on a worker with the code behind
// `certlifectl report` (core/models/ConsoleReport.h, core/reports). A failure names
// the file and the reason.
class ExportReportCommand final : public ConsoleCommand
{
    Q_OBJECT
public:
    explicit ExportReportCommand(ReportCommandContext context);

protected:
    QCoro::Task<CommandOutcome> run() override;

private:
    ReportDialogContext dialogContext() const;
    QString eventFilterDescription() const;

    ReportCommandContext m_context;
};

} // namespace certlife::ui
