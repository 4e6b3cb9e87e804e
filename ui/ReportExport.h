// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "ReportDialogs.h"
#include "reports/ReportWriter.h"

#include <QCoro/QCoroTask>
#include <QObject>
#include <memory>

class QWidget;

namespace certlife::ui {

class CertificatesPage;
class ConsoleController;
class ConsoleDialogs;
class EventsPage;

// File → Export report: asks what to export (ReportDialogs), gathers the certificates of
// the inventory or of the Certificates page's view and the Events page's filter on the
// UI thread, then builds and writes the report on a worker with the code behind
// `certlifectl report` (core/models/ConsoleReport.h, core/reports). A failure is shown
// with the file and the reason (ConsoleDialogs::showError).
class ReportExport : public QObject
{
    Q_OBJECT
public:
    struct Pages
    {
        CertificatesPage* certificates = nullptr;
        EventsPage* events = nullptr;
    };
    ReportExport(ConsoleController* controller, Pages pages, std::shared_ptr<ReportDialogs> reportDialogs,
                 std::shared_ptr<ConsoleDialogs> dialogs, QWidget* window);

    // The whole interaction; true when a report was written.
    QCoro::Task<bool> run();
    bool isRunning() const { return m_running; }

Q_SIGNALS:
    void started(const QString& path);
    // After every run that was not cancelled: the file, and what happened ("Wrote …" or
    // the error).
    void finished(bool ok, const QString& message);

private:
    ReportDialogContext context() const;
    QString eventFilterDescription() const;

    ConsoleController* m_controller;
    Pages m_pages;
    std::shared_ptr<ReportDialogs> m_reportDialogs;
    std::shared_ptr<ConsoleDialogs> m_dialogs;
    QWidget* m_window;
    bool m_running = false;
};

} // namespace certlife::ui
