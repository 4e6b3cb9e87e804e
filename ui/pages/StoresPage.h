// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "pages/ConsolePage.h"

#include <memory>

class QLabel;
class QProgressBar;
class QPushButton;
class QSplitter;
class QStackedWidget;
class QTableView;
class QSortFilterProxyModel;

namespace certlife {
class ConsoleController;
class EndpointProbeModel;
class ScanProblemModel;
struct ScanProgress;
struct StoreInventory;
} // namespace certlife

namespace certlife::ui {

class CommandRunner;
class StoreDialogs;

// The monitored stores of both scopes (each kind with its icon), the files each could not
// read and why (for an endpoint store: every address probed, with its handshake and
// findings), adding and removing stores (commands/StoreCommands.h, run by the window's
// CommandRunner), and scanning on request with progress.
class StoresPage : public ConsolePage
{
    Q_OBJECT
public:
    StoresPage(ConsoleController* controller, std::shared_ptr<StoreDialogs> dialogs, CommandRunner* runner,
               QWidget* parent = nullptr);

    QString title() const override { return tr("Stores"); }
    QIcon icon() const override;
    void saveLayout(ConsoleSettings& settings) const override;
    void restoreLayout(const ConsoleSettings& settings) override;

    QTableView* storeTable() const { return m_stores; }
    QTableView* problemTable() const { return m_problems; }
    // The selected endpoint store's addresses (shown instead of the problems table).
    QTableView* endpointTable() const { return m_endpoints; }
    QPushButton* scanButton() const { return m_scan; }
    QString statusText() const;

    void addStore();
    void removeSelectedStore();
    void scanNow();

private:
    int selectedStoreRow() const; // in the StoreListModel; -1 when none
    void selectionChanged();
    void showEndpoints(const certlife::StoreInventory& store);
    void showProgress(const certlife::ScanProgress& progress);
    void scanStarted();
    void scanFinished(int problems);
    void updatePermissions();
    void governButtons();

    ConsoleController* m_controller;
    std::shared_ptr<StoreDialogs> m_dialogs;
    CommandRunner* m_runner;
    QSortFilterProxyModel* m_sorted = nullptr;
    ScanProblemModel* m_problemModel = nullptr;
    EndpointProbeModel* m_endpointModel = nullptr;
    QTableView* m_stores = nullptr;
    QTableView* m_problems = nullptr;
    QTableView* m_endpoints = nullptr;
    QStackedWidget* m_lowerStack = nullptr;
    QLabel* m_problemsTitle = nullptr;
    QLabel* m_permissionNote = nullptr;
    QPushButton* m_scan = nullptr;
    QPushButton* m_add = nullptr;
    QPushButton* m_remove = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_status = nullptr;
    QSplitter* m_splitter = nullptr;
};

} // namespace certlife::ui
