// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "pages/ConsolePage.h"
#include "policy/PolicyStore.h"

#include <QMap>
#include <memory>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace certlife {
class ConsoleController;
struct PolicyChange;
class PolicyTableModel;
} // namespace certlife

namespace certlife::ui {

class CommandRunner;
class PolicyDialogs;

// The machine (System) and the user policy side by side, each setting with the value in
// force for the User channel and where it comes from. Values are checked as they are
// typed with the core's rules and messages; a key the machine enforces is locked on the
// user side; each scope is saved on its own through PolicyStore — the code behind
// `certlifectl policy set`, in a SavePolicyCommand — and the console's expiry
// thresholds follow at once.
class PolicyPage : public ConsolePage
{
    Q_OBJECT
public:
    PolicyPage(ConsoleController* controller, std::shared_ptr<PolicyDialogs> dialogs, CommandRunner* runner,
               QWidget* parent = nullptr);
    ~PolicyPage() override;

    QString title() const override { return tr("Policy"); }
    QIcon icon() const override;

    PolicyTableModel* model() const { return m_model; }
    // Re-reads both files; unsaved edits are dropped.
    void reload();
    // Starts writing the scope's edits (SavePolicyCommand). False when it did not start:
    // nothing edited, invalid values (the page says so), or another command runs.
    bool save(Scope scope);
    QString statusText() const;

protected:
    void showEvent(QShowEvent* event) override;

private:
    struct RowWidgets
    {
        QWidget* machine = nullptr; // QLineEdit or QComboBox
        QCheckBox* enforced = nullptr;
        QWidget* user = nullptr;
        QLabel* lock = nullptr;
        QLabel* machineError = nullptr;
        QLabel* userError = nullptr;
        QLabel* effective = nullptr;
    };

    QWidget* makeEditor(Scope scope, PolicyKey key);
    void editorEdited(Scope scope, PolicyKey key, const QString& text);
    void updateRow(PolicyKey key, bool updateEditors);
    void updateButtons();
    void updateHeader();
    void saved(Scope scope); // reloads, keeping the other scope's unsaved edits
    void setStatus(const QString& text, bool error);

    ConsoleController* m_controller;
    std::shared_ptr<PolicyDialogs> m_dialogs;
    CommandRunner* m_runner;
    PolicyStore m_store;
    PolicyTableModel* m_model = nullptr;
    QMap<PolicyKey, RowWidgets> m_rows;
    QLabel* m_machineHeader = nullptr;
    QLabel* m_userHeader = nullptr;
    QLabel* m_problems = nullptr;
    QLabel* m_status = nullptr;
    QPushButton* m_saveMachine = nullptr;
    QPushButton* m_saveUser = nullptr;
    QPushButton* m_revert = nullptr;
    bool m_updating = false;
};

} // namespace certlife::ui
