// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "console/FleetLocation.h"
#include "eventlog/EventQuery.h"

#include <QCoro/QCoroTask>

#include <QMainWindow>
#include <QTimer>
#include <memory>

class QAction;
class QLabel;
class QLineEdit;
class QListWidget;
class QProgressBar;
class QStackedWidget;

namespace certlife {
class ConsoleController;
class ConsoleSettings;
class ExpiryNotificationCenter;
class NotificationServices;
} // namespace certlife

namespace certlife::ui {

class AcknowledgementActionSet;
class AcknowledgementDialogs;
class ActionDialogs;
class CertificateActionSet;
class CertificatesPage;
class CommandRunner;
class ConsolePage;
class DesktopServices;
class EventsPage;
class FleetDialogs;
class Messages;
class OverviewPage;
class PolicyDialogs;
class PolicyPage;
class ReportDialogs;
class StoreDialogs;
class StoresPage;
class TaskDialogs;
class TasksPage;
struct CertificateView;

// The console: navigation on the left (Overview, Stores, Certificates, Events, Tasks,
// Policy), the menu bar, a toolbar with Scan now, Refresh and the
// certificate search, and a status bar with the agents' state, the last scans and the
// event count. Every action the user starts is a command (commands/ConsoleCommand.h) run
// by the window's one CommandRunner. Window geometry, the current page and every
// table's columns are kept in ConsoleSettings between runs.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    // The seams to the desktop and the user; null: the real ones.
    struct Services
    {
        std::shared_ptr<DesktopServices> desktop;
        std::shared_ptr<Messages> messages;                  // every command's errors
        std::shared_ptr<StoreDialogs> stores;                // Add store…, Remove store
        std::shared_ptr<ActionDialogs> actionDialogs;        // import, export, copy, move, delete, replace
        std::shared_ptr<NotificationServices> notifications; // null: no desktop notifications
        std::shared_ptr<PolicyDialogs> policy;  // Policy page: may the machine file be written, sudo commands
        std::shared_ptr<ReportDialogs> reports; // File → Export report: options and output file
        std::shared_ptr<TaskDialogs> tasks;     // the Tasks page's questions
        std::shared_ptr<AcknowledgementDialogs> acknowledgements; // Acknowledge…, Mute store…, Mute issuer…
        std::shared_ptr<FleetDialogs> fleet;                      // File → Connect to fleet…
    };

    MainWindow(ConsoleController* controller, ConsoleSettings* settings, Services services, QWidget* parent = nullptr);
    ~MainWindow() override;

    // Adds a page after the existing ones, with a navigation entry, a View menu item and
    // the next Ctrl+number shortcut; restores its saved layout.
    void addPage(ConsolePage* page);
    void showPage(ConsolePage* page);
    ConsolePage* currentPage() const;
    QList<ConsolePage*> pages() const { return m_pages; }

    OverviewPage* overviewPage() const { return m_overview; }
    StoresPage* storesPage() const { return m_stores; }
    CertificatesPage* certificatesPage() const { return m_certificates; }
    EventsPage* eventsPage() const { return m_events; }
    CertificateActionSet* certificateActions() const { return m_certificateActions; }
    AcknowledgementActionSet* acknowledgementActions() const { return m_acknowledgementActions; }
    CommandRunner* commandRunner() const { return m_runner; }
    PolicyPage* policyPage() const { return m_policy; }
    TasksPage* tasksPage() const { return m_tasks; }
    QLineEdit* searchField() const { return m_search; }
    QString statusText() const; // everything the status bar says, for tests and accessibility

    // Fleet mode (docs/fleet.md, "The console's fleet mode"): every page reads the fleet
    // database at LOCATION, read-only (actions that change local state are disabled and
    // say why). False, with the reason shown as an error, when the database cannot be
    // read; the console stays as it was. Remembered in the recent fleets (no password).
    QCoro::Task<bool> connectToFleet(FleetLocation location);
    // File → This computer: back to this computer's stores and events.
    void showThisComputer();
    QAction* connectFleetAction() const { return m_connectFleet; }
    QAction* thisComputerAction() const { return m_thisComputer; }

    void showCertificates(const CertificateView& view);
    void showEvents(const EventQuery& query);
    void saveSettings();

    // Desktop notifications (MainWindowNotifications.cpp): brings the window up and
    // selects a certificate on the Certificates page (in that store when given; an
    // empty thumbprint lists every certificate that needs attention).
    void raiseConsole();
    void openCertificate(const QString& thumbprint, const QString& storeKey);
    ExpiryNotificationCenter* notificationCenter() const { return m_notificationCenter; }

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void createActions();
    void createStatusBar();
    void exportReport();
    void focusSearch();
    void focusSearchResults();
    void updateStatus();
    void restoreSettings();
    void createNotifications();
    bool selectCertificate(const QString& thumbprint, const QString& storeKey);

    ConsoleController* m_controller;
    ConsoleSettings* m_settings;
    Services m_services;
    QListWidget* m_navigation = nullptr;
    QStackedWidget* m_stack = nullptr;
    QList<ConsolePage*> m_pages;
    QList<QAction*> m_pageActions;
    QMenu* m_viewMenu = nullptr;
    QMenu* m_certificateMenu = nullptr;
    QAction* m_pagesSeparator = nullptr;
    OverviewPage* m_overview = nullptr;
    StoresPage* m_stores = nullptr;
    CertificatesPage* m_certificates = nullptr;
    EventsPage* m_events = nullptr;
    CertificateActionSet* m_certificateActions = nullptr;
    AcknowledgementActionSet* m_acknowledgementActions = nullptr;
    CommandRunner* m_runner = nullptr;
    PolicyPage* m_policy = nullptr;
    QAction* m_exportReport = nullptr;
    QAction* m_connectFleet = nullptr;
    QAction* m_thisComputer = nullptr;
    TasksPage* m_tasks = nullptr;
    QLineEdit* m_search = nullptr;
    QTimer m_searchTimer; // filters once typing pauses: 100,000 rows are not refiltered per key
    QLabel* m_agentLabel = nullptr;
    QLabel* m_scanLabel = nullptr;
    QLabel* m_eventLabel = nullptr;
    QProgressBar* m_scanProgress = nullptr;
    ExpiryNotificationCenter* m_notificationCenter = nullptr;
};

} // namespace certlife::ui
