// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "commands/ActionDialogs.h"
#include "actions/ActionRecording.h"
#include "actions/CertificateActions.h"
#include "commands/ConsoleCommand.h"
#include "models/CertificateRow.h"

#include <QPointer>
#include <QWidget>
#include <functional>
#include <memory>
#include <optional>

namespace certlife {
class ConsoleController;
}

namespace certlife::ui {

struct CommandContext
{
    ConsoleController* controller = nullptr;
    std::shared_ptr<ActionDialogs> dialogs;
    QPointer<QWidget> parent; // the dialogs' parent
};

// What a core action did once run on a worker with its events recorded.
struct RecordedAction
{
    ActionResult result;
    QString error;           // the action's own error, or why its events were not recorded
    bool unrecorded = false; // done (files removed) but not in the event log
    bool cancelled = false;  // cancelled while waiting for the snapshot locks: nothing was done
    bool ok() const { return error.isEmpty(); }
};

// One certificate action of the console: run() asks its questions (ActionDialogs), runs
// the core action (CertificateActions) on a worker thread, records the events, and
// brings the lifecycle snapshot and the console's inventory up to date.
class CertificateCommand : public ConsoleCommand
{
    Q_OBJECT
public:
    explicit CertificateCommand(CommandContext context, QObject* parent = nullptr);
    ~CertificateCommand() override;

protected:
    ConsoleController* controller() const { return m_context.controller; }
    ActionDialogs& dialogs() const { return *m_context.dialogs; }
    QWidget* parentWidget() const { return m_context.parent; }
    ActionContext actionContext() const;

    std::optional<StoreConfig> storeByKey(const QString& key) const;
    // The stores an action may add certificates to, except `exceptKey`.
    QList<StoreChoice> writableStores(const QString& exceptKey = QString()) const;

    // New scans of the stores (the scanner's cache makes unchanged files cheap).
    static QCoro::Task<QList<StoreScan>> scanFresh(QList<StoreConfig> stores, std::shared_ptr<const Clock> clock);
    // On a worker: opens the event logs of `channels`, takes the lifecycle snapshot locks
    // of `changedScopes` (the scopes whose stores the action changes; kept until
    // afterChange(), so an agent pass never logs the change a second time), runs
    // `action`, records its events; when they cannot be recorded, removes the files it
    // wrote if `undoUnrecorded`. A cancel while it waits for the locks changes nothing.
    QCoro::Task<RecordedAction> perform(QList<Scope> channels, QList<Scope> changedScopes,
                                        std::function<ActionResult()> action, bool undoUnrecorded);
    // After a change: acknowledges it in the lifecycle snapshots when it was recorded
    // (an unrecorded one is left for the agent to log), releases their locks, shows the
    // new scans of the touched stores and the new events. Returns the warnings.
    QCoro::Task<QStringList> afterChange(QList<StoreConfig> touched, bool recorded = true);

    // The certificate of `row` as a new scan of its store has it: at the row's primary
    // location when it is still there, else at any other (the row is the certificate).
    static std::optional<StoredCertificate> findAgain(const StoreScan& scan, const CertificateRow& row);

    static CommandOutcome failed(const QString& title, const QString& text)
    {
        return CommandOutcome::failed(title, text);
    }
    static CommandOutcome cancelled() { return CommandOutcome::cancelled(); }

private:
    CommandContext m_context;
    std::shared_ptr<ActionSnapshotLocks> m_snapshotLocks; // shared with the worker that takes them
};

// How the dialogs and messages name a store and a certificate.
QString storeLabel(const StoreConfig& store);
CertificateSummary summaryOf(const CertificateRow& row);
// Why certificates cannot be added to or removed from the store here; empty when they can.
QString whyNotWritable(const ConsoleController& controller, const StoreConfig& store);

} // namespace certlife::ui
