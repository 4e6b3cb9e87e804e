// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "notify/ExpiryNotifier.h"

#include <QCoro/QCoroTask>
#include <QObject>
#include <QTimer>
#include <functional>
#include <memory>

namespace certlife {

class ConsoleController;
class NotificationServices;

// Feeds the console's view of the User scope — new 1002/1003 events of the User log and
// the certificates it finds Expired or Expiring — to the ExpiryNotifier, shows what it
// decides through NotificationServices, and keeps the ledger file current. Runs on the
// UI thread; reading and writing the ledger happen on a worker.
class ExpiryNotificationCenter : public QObject
{
    Q_OBJECT
public:
    // userPolicy: the user's effective policy, asked at every evaluation so a change
    // (ShowExpiryNotifications, RenotifyInterval) applies without a restart.
    ExpiryNotificationCenter(ConsoleController* controller, std::shared_ptr<NotificationServices> services,
                             std::function<Policy()> userPolicy,
                             QString ledgerFile = NotificationLedgerFile::defaultPath(), QObject* parent = nullptr);

    const NotificationLedger& ledger() const { return m_ledger; }
    QStringList problems() const { return m_problems; }
    bool isIdle() const { return m_loaded && !m_saving && !m_evaluateTimer.isActive(); }

Q_SIGNALS:
    void problemOccurred(const QString& text);

private:
    QCoro::Task<> loadLedger();
    QCoro::Task<> saveLedger();
    void evaluate();
    void report(const QString& problem);

    ConsoleController* m_controller;
    std::shared_ptr<NotificationServices> m_services;
    std::function<Policy()> m_userPolicy;
    NotificationLedgerFile m_file;
    ExpiryNotifier m_notifier;
    NotificationLedger m_ledger;
    QTimer m_evaluateTimer; // one evaluation for a burst of model signals
    QStringList m_problems;
    bool m_loaded = false;
    bool m_latestShown = false; // the tray menu has been given the ledger's latest
    bool m_saving = false;
    bool m_saveAgain = false;
};

} // namespace certlife
