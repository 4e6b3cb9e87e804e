// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "commands/TaskDialogs.h"

#include <QCoro/QCoroTask>
#include <QDialog>
#include <QTimer>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QToolButton;

namespace certlife::ui {

// New or Edit notification task. Validates as the user types: the definition (name,
// argument templates and their placeholders, filters, timeout) at once, the script
// (exists, owner and mode, directories, interpreter, signature) with the same
// ScriptGuard checks a run makes, on a worker thread. A refusal says what is wrong and
// how to fix it ("chmod go-w '/srv/scripts'"); an acceptable script shows the SHA-256
// that will be pinned. OK stays disabled until the task could be registered.
class TaskEditDialog : public QDialog
{
    Q_OBJECT
public:
    explicit TaskEditDialog(TaskEditRequest request, QWidget* parent = nullptr);
    ~TaskEditDialog() override;

    NotificationTask task() const; // as entered (the pin: the script's SHA-256 when checked)
    bool isAcceptable() const;     // OK is enabled
    bool isCheckingScript() const { return m_checking; }
    QString problemText() const; // what the dialog says is wrong, for tests and accessibility
    QString scriptStatusText() const;

    QLineEdit* nameEdit() const { return m_name; }
    QComboBox* typeCombo() const { return m_type; }
    QComboBox* channelCombo() const { return m_channel; }
    QLineEdit* commandEdit() const { return m_command; }
    QPlainTextEdit* argumentsEdit() const { return m_arguments; }
    QToolButton* placeholderButton() const { return m_placeholders; }
    QLineEdit* thumbprintFilterEdit() const { return m_filterThumbprint; }
    QComboBox* storeFilterCombo() const { return m_filterStore; }
    QLineEdit* subjectFilterEdit() const { return m_filterSubject; }
    QSpinBox* timeoutSpin() const { return m_timeout; }
    QCheckBox* enabledCheck() const { return m_enabled; }
    QCheckBox* digestCheck() const { return m_digest; }
    QPushButton* okButton() const;

Q_SIGNALS:
    void scriptChecked(); // a script check ended and its result is shown

private:
    struct ScriptCheck
    {
        QString path;
        Scope scope = Scope::User;
        QString sha256;
        QString reason;
        QString advice;
    };

    QWidget* buildScriptGroup();
    QWidget* buildArgumentGroup();
    QWidget* buildFilterGroup();
    void browse();
    void scheduleScriptCheck();
    QCoro::Task<> checkScript(QString path, Scope scope);
    void showScriptCheck();
    void revalidate();
    QStringList definitionProblems() const;
    QStringList argumentTemplates() const;
    bool commandUnchanged() const;

    TaskEditRequest m_request;
    QLineEdit* m_name = nullptr;
    QComboBox* m_type = nullptr;
    QComboBox* m_channel = nullptr;
    QLineEdit* m_command = nullptr;
    QLabel* m_scriptStatus = nullptr;
    QPlainTextEdit* m_arguments = nullptr;
    QToolButton* m_placeholders = nullptr;
    QLineEdit* m_filterThumbprint = nullptr;
    QComboBox* m_filterStore = nullptr;
    QLineEdit* m_filterSubject = nullptr;
    QSpinBox* m_timeout = nullptr;
    QSpinBox* m_retries = nullptr;
    QSpinBox* m_retryInterval = nullptr;
    QCheckBox* m_enabled = nullptr;
    QCheckBox* m_digest = nullptr; // Expire only
    QLabel* m_problems = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
    QTimer m_checkTimer; // checks the script once typing pauses, not per key
    quint64 m_generation = 0;
    bool m_checking = false;
    std::optional<ScriptCheck> m_check;
};

} // namespace certlife::ui
