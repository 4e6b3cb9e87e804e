// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "eventlog/EventQuery.h"
#include "pages/ConsolePage.h"

#include <QTimer>

class QCheckBox;
class QComboBox;
class QDateEdit;
class QLabel;
class QLineEdit;
class QSplitter;
class QTableView;
class QWidget;

namespace certlife {
class ConsoleController;
}

namespace certlife::ui {

class EventDetailsPane;
class EventDetailsSection;
class EmptyStateOverlay;

// The lifecycle history of both channels: filters (channel, ids, level, dates, store,
// text, one certificate), the events newest first in pages as the user scrolls, and
// every field of the selected one.
class EventsPage : public ConsolePage
{
    Q_OBJECT
public:
    explicit EventsPage(ConsoleController* controller, QWidget* parent = nullptr);

    QString title() const override { return tr("Events"); }
    QIcon icon() const override;
    void saveLayout(ConsoleSettings& settings) const override;
    void restoreLayout(const ConsoleSettings& settings) override;
    QWidget* filterField() const override;

    // Sets the filter widgets to a query and shows its events.
    void applyQuery(const EventQuery& query);
    // The query the filter widgets describe; *error when the ids field is not valid.
    EventQuery queryFromFilters(QString* error = nullptr) const;
    void addDetailsSection(EventDetailsSection* section);

    QTableView* table() const { return m_table; }
    QComboBox* hostFilter() const { return m_host; }
    EventDetailsPane* details() const { return m_details; }
    QString countText() const;

private:
    void filtersEdited();
    void applyFilters();
    void resetFilters();
    void rebuildStoreChoices();
    void rebuildHostChoices(); // fleet mode: every host of the fleet
    void updateCount();
    void updateError();
    void currentChanged();

    ConsoleController* m_controller;
    QComboBox* m_channel = nullptr;
    QComboBox* m_level = nullptr;
    QLineEdit* m_ids = nullptr;
    QComboBox* m_store = nullptr;
    QComboBox* m_host = nullptr; // fleet mode only
    QLineEdit* m_text = nullptr;
    QCheckBox* m_fromEnabled = nullptr;
    QDateEdit* m_from = nullptr;
    QCheckBox* m_toEnabled = nullptr;
    QDateEdit* m_to = nullptr;
    QWidget* m_certificateChip = nullptr;
    QLabel* m_certificateLabel = nullptr;
    QString m_thumbprint;
    QLabel* m_count = nullptr;
    QLabel* m_error = nullptr;
    EmptyStateOverlay* m_empty = nullptr;
    QTableView* m_table = nullptr;
    EventDetailsPane* m_details = nullptr;
    QSplitter* m_splitter = nullptr;
    QTimer m_applyTimer; // applies filters once typing pauses
};

} // namespace certlife::ui
