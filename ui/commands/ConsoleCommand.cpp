// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "commands/ConsoleCommand.h"

namespace certlife::ui {

CommandOutcome CommandOutcome::done(const QString& message, const CommandMessage& box)
{
    return {Status::Done, message, box};
}

CommandOutcome CommandOutcome::cancelled(const QString& message)
{
    return {Status::Cancelled, message, {}};
}

CommandOutcome CommandOutcome::failed(const QString& title, const QString& text)
{
    return {Status::Failed, text, {CommandMessage::Kind::Error, title, text}};
}

ConsoleCommand::ConsoleCommand(QWidget* dialogParent, QObject* parent) : QObject(parent), m_dialogParent(dialogParent)
{}

ConsoleCommand::~ConsoleCommand() = default;

void ConsoleCommand::start()
{
    if (m_started)
        return;
    m_started = true;
    QCoro::connect(run(), this, [this](const CommandOutcome& outcome) {
        Q_EMIT finished(outcome);
        deleteLater();
    });
}

void ConsoleCommand::cancel()
{
    m_cancelling = true;
}

} // namespace certlife::ui
