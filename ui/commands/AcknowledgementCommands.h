// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "commands/ConsoleCommand.h"
#include "lifecycle/Acknowledgements.h"
#include "models/CertificateRow.h"

#include <QDateTime>
#include <QObject>
#include <QPointer>
#include <memory>
#include <optional>

class QAction;
class QWidget;

namespace certlife {
class ConsoleController;
}

namespace certlife::ui {

class CertificatesPage;
class CommandRunner;

// What the admin decides counts (lifecycle/Acknowledgements.h) from the console:
// acknowledge the selected certificates, remove their acknowledgements, mute the
// store or the issuer of the current one. The same core calls as `certlifectl
// ack|unack|mute|unmute` (actions/AcknowledgementActions.h), so the change is in the
// scope's file and its event log (1201/1202).
enum class AcknowledgementTarget { Certificates, Store, Issuer };

struct AcknowledgementAnswer
{
    QDateTime until;           // invalid: no date
    bool untilChanged = false; // certificates: until the certificate at its place changes
    QString note;
};

// One entry of a scope's acknowledgements file, as the listing shows it.
struct ListedAcknowledgement
{
    Scope scope = Scope::User;
    Acknowledgement entry;
    bool removable = true; // false: the scope cannot be changed here (System without root)
};

// The question each command asks (a dialog; tests script it).
class AcknowledgementDialogs
{
public:
    virtual ~AcknowledgementDialogs() = default;
    // `what`: "3 certificates", "store Web servers", "issuer CN=R3, O=Let's Encrypt".
    // nullopt: cancelled.
    virtual std::optional<AcknowledgementAnswer> ask(QWidget* parent, AcknowledgementTarget target, const QString& what,
                                                     const QDateTime& now);
    // Every acknowledgement and mute of both scopes (dialogs/AcknowledgementsDialog.h);
    // the indices of those to remove, empty when the admin closes it without removing.
    virtual QList<int> chooseRemovals(QWidget* parent, const QList<ListedAcknowledgement>& entries,
                                      const QDateTime& now);
};

class AcknowledgeCommand : public ConsoleCommand
{
    Q_OBJECT
public:
    AcknowledgeCommand(ConsoleController* controller, std::shared_ptr<AcknowledgementDialogs> dialogs, QWidget* parent,
                       AcknowledgementTarget target, QList<CertificateRow> rows);

protected:
    QCoro::Task<CommandOutcome> run() override;

private:
    ConsoleController* m_controller;
    std::shared_ptr<AcknowledgementDialogs> m_dialogs;
    QPointer<QWidget> m_parent;
    AcknowledgementTarget m_target;
    QList<CertificateRow> m_rows;
};

// Removes the acknowledgements of the selected certificates (theirs, not a mute).
class RemoveAcknowledgementCommand : public ConsoleCommand
{
    Q_OBJECT
public:
    RemoveAcknowledgementCommand(ConsoleController* controller, QWidget* parent, QList<CertificateRow> rows);

protected:
    QCoro::Task<CommandOutcome> run() override;

private:
    ConsoleController* m_controller;
    QList<CertificateRow> m_rows;
};

// Certificate → Mutes and acknowledgements…: lists both scopes' files (what `certlifectl
// ack --list` and `mute --list` show) and removes the chosen entries, as `unack` and
// `unmute` do (1202 each).
class ManageAcknowledgementsCommand : public ConsoleCommand
{
    Q_OBJECT
public:
    ManageAcknowledgementsCommand(ConsoleController* controller, std::shared_ptr<AcknowledgementDialogs> dialogs,
                                  QWidget* parent);

protected:
    QCoro::Task<CommandOutcome> run() override;

private:
    ConsoleController* m_controller;
    std::shared_ptr<AcknowledgementDialogs> m_dialogs;
    QPointer<QWidget> m_parent;
};

// "Acknowledge…", "Remove acknowledgement", "Mute store…", "Mute issuer…" as QActions
// on the Certificates page (toolbar, context menu) and in the Certificate menu.
class AcknowledgementActionSet : public QObject
{
    Q_OBJECT
public:
    enum class Kind { Acknowledge, Remove, MuteStore, MuteIssuer };
    AcknowledgementActionSet(ConsoleController* controller, std::shared_ptr<AcknowledgementDialogs> dialogs,
                             CommandRunner* runner, CertificatesPage* certificates, QWidget* window);
    QList<QAction*> actions() const { return m_actions; }
    QAction* action(Kind kind) const { return m_actions.at(int(kind)); }
    // "Mutes and acknowledgements…": needs no selection, so it is in the Certificate
    // menu only (not the page's toolbar or context menu).
    QAction* manageAction() const { return m_manage; }

private:
    void trigger(Kind kind);

    ConsoleController* m_controller;
    std::shared_ptr<AcknowledgementDialogs> m_dialogs;
    CommandRunner* m_runner;
    CertificatesPage* m_certificates;
    QWidget* m_window;
    QList<QAction*> m_actions;
    QAction* m_manage = nullptr;
};

} // namespace certlife::ui
