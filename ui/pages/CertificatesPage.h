// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "eventlog/EventQuery.h"
#include "pages/CertificateView.h"
#include "pages/ConsolePage.h"

#include <memory>

class QCheckBox;
class QComboBox;
class QLabel;
class QSplitter;
class QTableView;
class QToolBar;
class QToolButton;
class QWidget;

namespace certlife {
class CertificateFilterModel;
class CertificateRow;
class ConsoleController;
} // namespace certlife

namespace certlife::ui {

class CertificateDetailsPane;
class EmptyStateOverlay;
class DesktopServices;

// Every certificate of every store: sortable, searchable (the window's search field),
// filtered by state, store, served by an endpoint and expiry month; the selected one's
// fields (with the endpoints that serve it and their findings) and PEM beside.
class CertificatesPage : public ConsolePage
{
    Q_OBJECT
public:
    CertificatesPage(ConsoleController* controller, std::shared_ptr<DesktopServices> desktop,
                     QWidget* parent = nullptr);

    QString title() const override { return tr("Certificates"); }
    QIcon icon() const override;
    void saveLayout(ConsoleSettings& settings) const override;
    void restoreLayout(const ConsoleSettings& settings) override;

    void setSearchText(const QString& text);
    // Shows what another page asked for; the search text stays, other filters are replaced.
    void applyView(const CertificateView& view);
    bool selectThumbprint(const QString& thumbprint);
    // Selects the certificate that replaced the selected archived one (its details pane's
    // link), in the same store when it is there; clears the state and store filters when
    // they hide it. `sha256` is the raw digest.
    bool selectSuccessor(const QByteArray& sha256);

    CertificateFilterModel* filterModel() const { return m_filter; }
    QTableView* table() const { return m_table; }
    QCheckBox* servedFilter() const { return m_served; }
    QComboBox* hostFilter() const { return m_host; } // fleet mode only
    CertificateDetailsPane* details() const { return m_details; }
    QString countText() const;
    // The selected certificate; nullptr when none.
    const CertificateRow* currentRow() const;
    // Every selected row (Ctrl/Shift-click selects several), in the table's order.
    QList<CertificateRow> selectedRows() const;
    // The certificate actions (import, export, …): a toolbar above the table and the
    // table's context menu.
    void addCertificateActions(const QList<QAction*>& actions);
    QToolBar* actionBar() const { return m_actionBar; }
    // The view's filters in words ("search \"web\"; Expiring; store Web servers (System)"); empty when unfiltered.
    QString filterDescription() const;

Q_SIGNALS:
    void eventsRequested(const certlife::EventQuery& query);

private:
    void currentChanged();
    void rebuildStoreChoices();
    void rebuildHostChoices();
    void sourcesChanged(); // this computer or a fleet: the Host column and filter
    void stateChoiceChanged();
    void storeChoiceChanged();
    void updateCount();
    void updateWindowChip();
    void showContextMenu(const QPoint& position);
    void copyThumbprint();
    void copyPem();
    void openFolder();
    void showEvents();

    ConsoleController* m_controller;
    std::shared_ptr<DesktopServices> m_desktop;
    CertificateFilterModel* m_filter = nullptr;
    QTableView* m_table = nullptr;
    CertificateDetailsPane* m_details = nullptr;
    QComboBox* m_state = nullptr;
    QComboBox* m_store = nullptr;
    QComboBox* m_host = nullptr;
    QLabel* m_hostLabel = nullptr;
    QCheckBox* m_served = nullptr;
    QWidget* m_windowChip = nullptr;
    QLabel* m_windowLabel = nullptr;
    QLabel* m_count = nullptr;
    EmptyStateOverlay* m_empty = nullptr;
    QSplitter* m_splitter = nullptr;
    QString m_windowText;
    QToolBar* m_actionBar = nullptr;
    QList<QAction*> m_certificateActions;
};

} // namespace certlife::ui
