// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "util/Coroutines.h"

#include <QCoro/QCoroTask>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QWidget>

namespace certlife::ui {

// A message box the CommandRunner shows when a command has ended (through the
// Messages seam): why it failed, a problem beside what was done, or a notice.
struct CommandMessage
{
    enum class Kind { Error, Notice };
    Kind kind = Kind::Error;
    QString title;
    QString text;

    bool isEmpty() const { return text.isEmpty(); }
};

// How a console command ended.
struct CommandOutcome
{
    enum class Status { Done, Cancelled, Failed };
    Status status = Status::Done;
    QString message;    // the status bar's line: what was done, or why not
    CommandMessage box; // shown when the command has ended; empty: none

    bool isDone() const { return status == Status::Done; }
    static CommandOutcome done(const QString& message, const CommandMessage& box = {});
    static CommandOutcome cancelled(const QString& message = QString());
    // Failed: the status bar says `text`, an error box says it with `title`.
    static CommandOutcome failed(const QString& title, const QString& text);
};

// One thing the user asked the console to do (Kleopatra's idea of a command): it asks
// its questions through the dialog seam beside it, does the slow work on workers, and
// ends once with a CommandOutcome. Every command runs through the MainWindow's
// CommandRunner, which shows its progress and outcome, its errors, and keeps the
// actions disabled that may not start meanwhile. A command deletes itself once it has
// finished.
class ConsoleCommand : public QObject
{
    Q_OBJECT
public:
    // dialogParent: the widget its dialogs belong to (a page, the window).
    explicit ConsoleCommand(QWidget* dialogParent, QObject* parent = nullptr);
    ~ConsoleCommand() override;

    // Exclusive commands (the default) change what the others read and run one at a
    // time; a command that is not runs beside them (a task's test).
    virtual bool isExclusive() const { return true; }
    // Two commands with the same non-empty key never run at once (the tests of one task).
    virtual QString key() const { return {}; }

    // Runs it (the runner calls this): finished() once, then it deletes itself.
    void start();
    // Asks it to stop: it ends Cancelled at its next await before it changes anything;
    // once its change has begun it completes (a half-done change would be worse).
    void cancel();
    bool isCancelling() const { return m_cancelling; }
    QWidget* dialogParent() const { return m_dialogParent; }

Q_SIGNALS:
    // What a long step is doing now (the status bar shows it until finished()).
    void progress(const QString& message);
    void finished(const certlife::ui::CommandOutcome& outcome);

protected:
    virtual QCoro::Task<CommandOutcome> run() = 0;

    // For the awaits before the change: false once the command is gone or cancelled.
    Alive untilCancelled() const { return Alive(this, m_cancelling); }
    // For the awaits after its change has begun: false only once the command is gone.
    Alive alive() const { return Alive(this); }

private:
    QPointer<QWidget> m_dialogParent;
    bool m_cancelling = false;
    bool m_started = false;
};

} // namespace certlife::ui

Q_DECLARE_METATYPE(certlife::ui::CommandOutcome)
