// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "commands/ConsoleCommand.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <functional>
#include <memory>

class QAbstractButton;
class QAction;
class QStatusBar;
class QToolButton;

namespace certlife::ui {

class Messages;

// Runs the console's commands, one exclusive command at a time (MainWindow owns the
// one runner). It owns what every command shares: the busy state, the status bar's
// messages (progress, then the outcome), the message box of an outcome (the Messages
// seam), a Cancel button while a command takes a while, and which actions are enabled:
// a governed action is enabled only while it may start.
class CommandRunner : public QObject
{
    Q_OBJECT
public:
    // Whether an action may start now: enabled when whyNot is empty; the tooltip says
    // whyNot, else tip.
    struct Availability
    {
        QString whyNot;
        QString tip;
    };

    CommandRunner(std::shared_ptr<Messages> messages, QWidget* window, QStatusBar* statusBar);
    ~CommandRunner() override;

    // Starts `command`, taking it over. False (and the command deleted, unstarted) when
    // it may not start now: an exclusive command while another runs, or one whose key
    // is running.
    bool start(ConsoleCommand* command);
    bool isBusy() const { return m_exclusiveRunning; } // an exclusive command runs
    bool isRunning(const QString& key) const;
    // Asks every running command to stop (ConsoleCommand::cancel()).
    void cancel();
    CommandOutcome lastOutcome() const { return m_lastOutcome; }

    // Keeps `action` enabled only while `availability` allows it and, for an exclusive
    // one, no exclusive command runs ("Another action is running"). Owners call
    // updateActions() when what their availability reads has changed.
    void govern(QAction* action, std::function<Availability()> availability, bool exclusive = true);
    void govern(QAbstractButton* button, std::function<Availability()> availability, bool exclusive = true);
    void updateActions();
    // While REASON is set (the console shows a fleet: nothing local may change), every
    // governed action is disabled with REASON as its tooltip. Empty: as governed.
    void setReadOnly(const QString& reason);
    QString readOnlyReason() const { return m_readOnlyReason; }
    // A governed action that changes nothing (File → Export report) stays as governed
    // while the console is read-only.
    void allowWhileReadOnly(QAction* action);

    QToolButton* cancelButton() const { return m_cancelButton; }

Q_SIGNALS:
    // A running command's long step (the status bar shows it).
    void progress(const QString& message);
    // A command has ended: done, cancelled or failed. The one signal to wait on.
    void commandFinished(const certlife::ui::CommandOutcome& outcome);
    void busyChanged(bool busy);

private:
    struct Governed
    {
        QPointer<QObject> target;
        std::function<void(bool enabled, const QString& toolTip)> apply;
        std::function<Availability()> availability;
        bool exclusive = true;
        bool changesNothing = false; // allowWhileReadOnly
    };

    void finish(ConsoleCommand* command, const CommandOutcome& outcome);
    void setBusy(bool busy);

    std::shared_ptr<Messages> m_messages;
    QPointer<QWidget> m_window;
    QPointer<QStatusBar> m_statusBar;
    QToolButton* m_cancelButton = nullptr;
    QTimer m_cancelDelay; // a quick command never shows its Cancel button
    QList<QPointer<ConsoleCommand>> m_running;
    QList<Governed> m_governed;
    bool m_exclusiveRunning = false;
    QString m_readOnlyReason;
    CommandOutcome m_lastOutcome;
};

} // namespace certlife::ui
