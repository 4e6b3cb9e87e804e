// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "commands/CommandRunner.h"

#include "seams/Messages.h"

#include <QAbstractButton>
#include <QAction>
#include <QStatusBar>
#include <QToolButton>
#include <algorithm>

namespace certlife::ui {

namespace {
constexpr int kOutcomeMessageMs = 15000;
constexpr int kCancelButtonDelayMs = 400;
} // namespace

CommandRunner::CommandRunner(std::shared_ptr<Messages> messages, QWidget* window, QStatusBar* statusBar)
    : QObject(window),
      m_messages(messages ? std::move(messages) : std::make_shared<Messages>()),
      m_window(window),
      m_statusBar(statusBar)
{
    setObjectName(QStringLiteral("commandRunner"));
    m_cancelButton = new QToolButton(window);
    m_cancelButton->setObjectName(QStringLiteral("cancelCommandButton"));
    m_cancelButton->setText(tr("Cancel"));
    m_cancelButton->setToolTip(tr("Stop the running action before it changes anything"));
    m_cancelButton->hide();
    if (m_statusBar)
        m_statusBar->addPermanentWidget(m_cancelButton);
    connect(m_cancelButton, &QToolButton::clicked, this, [this] {
        cancel();
        m_cancelButton->setEnabled(false);
        if (m_statusBar)
            m_statusBar->showMessage(tr("Cancelling…"));
    });
    m_cancelDelay.setSingleShot(true);
    m_cancelDelay.setInterval(kCancelButtonDelayMs);
    connect(&m_cancelDelay, &QTimer::timeout, this, [this] {
        m_cancelButton->setEnabled(true);
        m_cancelButton->setVisible(m_exclusiveRunning);
    });
}

CommandRunner::~CommandRunner() = default;

bool CommandRunner::isRunning(const QString& key) const
{
    return !key.isEmpty()
        && std::any_of(m_running.cbegin(), m_running.cend(),
                       [&key](const QPointer<ConsoleCommand>& c) { return c && c->key() == key; });
}

bool CommandRunner::start(ConsoleCommand* command)
{
    if (!command)
        return false;
    if ((command->isExclusive() && m_exclusiveRunning) || isRunning(command->key())) {
        delete command;
        return false;
    }
    command->setParent(this);
    m_running.append(command);
    connect(command, &ConsoleCommand::progress, this, [this](const QString& message) {
        if (m_statusBar)
            m_statusBar->showMessage(message);
        Q_EMIT progress(message);
    });
    connect(command, &ConsoleCommand::finished, this,
            [this, command](const CommandOutcome& outcome) { finish(command, outcome); });
    if (command->isExclusive()) {
        setBusy(true);
        m_cancelDelay.start();
    } else {
        updateActions();
    }
    command->start(); // may finish before it returns, when it asks nothing and awaits nothing
    return true;
}

void CommandRunner::finish(ConsoleCommand* command, const CommandOutcome& outcome)
{
    m_running.removeAll(command);
    m_running.removeAll(nullptr);
    m_lastOutcome = outcome;
    if (m_statusBar)
        m_statusBar->showMessage(outcome.message, kOutcomeMessageMs);
    if (!outcome.box.isEmpty()) { // still busy while it is open: nothing else starts behind it
        QWidget* parent = command->dialogParent() ? command->dialogParent() : m_window.data();
        if (outcome.box.kind == CommandMessage::Kind::Error)
            m_messages->showError(parent, outcome.box.title, outcome.box.text);
        else
            m_messages->showNotice(parent, outcome.box.title, outcome.box.text);
    }
    const bool exclusive = std::any_of(m_running.cbegin(), m_running.cend(),
                                       [](const QPointer<ConsoleCommand>& c) { return c && c->isExclusive(); });
    if (!exclusive) {
        m_cancelDelay.stop();
        m_cancelButton->hide();
    }
    if (exclusive != m_exclusiveRunning)
        setBusy(exclusive);
    else
        updateActions();
    Q_EMIT commandFinished(outcome);
}

void CommandRunner::setBusy(bool busy)
{
    m_exclusiveRunning = busy;
    updateActions();
    Q_EMIT busyChanged(busy);
}

void CommandRunner::cancel()
{
    for (const QPointer<ConsoleCommand>& command : std::as_const(m_running)) {
        if (command)
            command->cancel();
    }
}

void CommandRunner::govern(QAction* action, std::function<Availability()> availability, bool exclusive)
{
    Governed governed;
    governed.target = action;
    governed.apply = [action](bool enabled, const QString& toolTip) {
        action->setEnabled(enabled);
        action->setToolTip(toolTip);
    };
    governed.availability = std::move(availability);
    governed.exclusive = exclusive;
    m_governed.append(std::move(governed));
    updateActions();
}

void CommandRunner::govern(QAbstractButton* button, std::function<Availability()> availability, bool exclusive)
{
    Governed governed;
    governed.target = button;
    governed.apply = [button](bool enabled, const QString& toolTip) {
        button->setEnabled(enabled);
        button->setToolTip(toolTip);
    };
    governed.availability = std::move(availability);
    governed.exclusive = exclusive;
    m_governed.append(std::move(governed));
    updateActions();
}

void CommandRunner::setReadOnly(const QString& reason)
{
    m_readOnlyReason = reason;
    updateActions();
}

void CommandRunner::allowWhileReadOnly(QAction* action)
{
    for (Governed& governed : m_governed)
        if (governed.target == action)
            governed.changesNothing = true;
    updateActions();
}

void CommandRunner::updateActions()
{
    m_governed.removeIf([](const Governed& g) { return g.target.isNull(); });
    for (const Governed& governed : std::as_const(m_governed)) {
        const Availability availability = governed.availability();
        if (!m_readOnlyReason.isEmpty() && !governed.changesNothing)
            governed.apply(false, m_readOnlyReason);
        else if (governed.exclusive && m_exclusiveRunning)
            governed.apply(false, tr("Another action is running"));
        else
            governed.apply(availability.whyNot.isEmpty(),
                           availability.whyNot.isEmpty() ? availability.tip : availability.whyNot);
    }
}

} // namespace certlife::ui
