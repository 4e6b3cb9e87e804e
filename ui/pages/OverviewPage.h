// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "eventlog/EventQuery.h"
#include "models/InventorySource.h"
#include "pages/CertificateView.h"
#include "pages/ConsolePage.h"

#include <QTimer>
#include <array>

class QLabel;
class QSplitter;
class QTableView;

namespace certlife {
class ConsoleController;
}

namespace certlife::ui {

class EmptyStateOverlay;
class ExpiryChartView;
class SummaryTile;

// The glance: how many certificates are expired, expiring, or due within 30/60/90
// days, per store and in total; the next 12 months of expirations; the latest warnings
// and errors; what each scope's agent reports (its unit, last pass, task runs, errors).
// Everything clickable opens the list behind the number.
class OverviewPage : public ConsolePage
{
    Q_OBJECT
public:
    explicit OverviewPage(ConsoleController* controller, QWidget* parent = nullptr);

    QString title() const override { return tr("Overview"); }
    QIcon icon() const override;
    void saveLayout(ConsoleSettings& settings) const override;
    void restoreLayout(const ConsoleSettings& settings) override;

    ExpiryChartView* chart() const { return m_chart; }
    SummaryTile* tile(ExpiryState state) const { return isExpiryBin(state) ? m_tiles[size_t(state)] : nullptr; }
    // Endpoint addresses serving an older certificate than a file store holds (1101 in
    // force); shown when there are some, or endpoint stores to have them.
    SummaryTile* staleBindingsTile() const { return m_staleTile; }
    QTableView* storeTable() const { return m_storeTable; }
    QTableView* hostTable() const { return m_hostTable; } // fleet mode: "By host"
    QTableView* alertTable() const { return m_alertTable; }
    QString agentText(Scope scope) const; // what the page says of the scope's agent
    QString subtitleText() const;         // the line under the title: counts, or what is being read

Q_SIGNALS:
    void certificatesRequested(const certlife::ui::CertificateView& view);
    void eventsRequested(const certlife::EventQuery& query);

private:
    void updateFromInventory();
    void updateAgents();
    void updateStaleBindings();
    void fitStoreTable();
    int longExpiredDays() const; // the policies' LongExpiredDays (the larger when they differ)
    QString readingText() const; // the subtitle while the stores are read for the first time
    void openMonth(int month);
    void openStoreCell(const QModelIndex& index);
    void openAlert(const QModelIndex& index);

    ConsoleController* m_controller;
    // One fit after a burst of the summary's changes: a fleet's thousands of stores
    // change row by row, and a fit measures up to a thousand rows.
    QTimer m_fitStoreTimer;
    QLabel* m_subtitle = nullptr;
    ScanProgress m_progress; // of the scan that runs, for readingText()
    struct AgentLabels
    {
        QLabel* headline = nullptr; // "System agent: running — certlife-agent.service: active (running)"
        QLabel* report = nullptr;   // the agent's own report: last pass, errors, task runs
    };
    std::array<AgentLabels, 2> m_agents{};               // by Scope
    std::array<SummaryTile*, kExpiryBinCount> m_tiles{}; // Archived has no tile: not counted
    SummaryTile* m_staleTile = nullptr;
    ExpiryChartView* m_chart = nullptr;
    QTableView* m_storeTable = nullptr;
    QTableView* m_hostTable = nullptr;
    QWidget* m_hostBox = nullptr;
    QTableView* m_alertTable = nullptr;
    QSplitter* m_splitter = nullptr;
};

} // namespace certlife::ui
