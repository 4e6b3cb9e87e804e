// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "console/ExpiryNotificationCenter.h"

#include "console/ConsoleController.h"
#include "console/NotificationServices.h"
#include "models/BackgroundPool.h"
#include "models/CertificateTableModel.h"
#include "models/EventTableModel.h"
#include "util/Coroutines.h"

#include <QCoro/QCoroFuture>

namespace certlife {

namespace {
constexpr int kMaxSeparateNotifications = 3; // more at once are shown as one
constexpr int kLatestInTray = 5;
} // namespace

ExpiryNotificationCenter::ExpiryNotificationCenter(ConsoleController* controller,
                                                   std::shared_ptr<NotificationServices> services,
                                                   std::function<Policy()> userPolicy, QString ledgerFile,
                                                   QObject* parent)
    : QObject(parent),
      m_controller(controller),
      m_services(std::move(services)),
      m_userPolicy(std::move(userPolicy)),
      m_file(std::move(ledgerFile)),
      // The controller outlives the window and this: borrow its clock.
      m_notifier(std::shared_ptr<const Clock>(&controller->clock(), [](const Clock*) {}))
{
    Q_ASSERT(m_services);
    m_evaluateTimer.setSingleShot(true);
    m_evaluateTimer.setInterval(0);
    connect(&m_evaluateTimer, &QTimer::timeout, this, &ExpiryNotificationCenter::evaluate);
    const auto schedule = [this] { m_evaluateTimer.start(); };
    // New alerts in the logs, a new inventory, and the minute tick that re-evaluates
    // every certificate's state (dataChanged) are the moments something can cross.
    EventTableModel* alerts = controller->alerts();
    connect(alerts, &QAbstractItemModel::rowsInserted, this, schedule);
    connect(alerts, &QAbstractItemModel::modelReset, this, schedule);
    connect(alerts, &EventTableModel::pageLoaded, this, schedule);
    connect(controller, &ConsoleController::inventoryChanged, this, schedule);
    connect(controller->certificates(), &QAbstractItemModel::dataChanged, this, schedule);
    // From the event loop, not from here: a ledger read that finishes before the co_await
    // would resume at once and report a damaged ledger before anyone could connect to
    // problemOccurred (the window's status bar missed it).
    QTimer::singleShot(0, this, [this] { QCoro::connect(loadLedger(), this, [] {}); });
}

QCoro::Task<> ExpiryNotificationCenter::loadLedger()
{
    const Alive alive(this);
    auto future = inBackground([file = m_file] { return file.load(); });
    NotificationLedgerFile::Loaded loaded = co_await future;
    if (!alive)
        co_return;
    m_ledger = std::move(loaded.ledger);
    m_loaded = true;
    if (!loaded.problem.isEmpty())
        report(loaded.problem);
    m_evaluateTimer.start();
}

void ExpiryNotificationCenter::evaluate()
{
    // Until the inventory is known, a certificate's presence cannot be checked: wait.
    if (!m_loaded || !m_controller->hasLoadedInventory())
        return;
    const Policy policy = m_userPolicy ? m_userPolicy() : Policy();
    m_services->setActive(policy.showExpiryNotifications);

    const QList<CertificateRow>& rows = m_controller->certificates()->rows();
    QSet<QString> present;
    for (const CertificateRow& row : rows) {
        if (row.scope() == Scope::User)
            present.insert(row.certificate().sha256Hex());
    }
    QList<LifecycleEvent> userEvents; // the notifier takes each once
    const EventTableModel* alertModel = m_controller->alerts();
    for (int i = 0; i < alertModel->rowCount(); ++i) {
        const LifecycleEvent& event = alertModel->eventAt(i);
        if (event.channel == Scope::User)
            userEvents << event;
    }
    QList<ExpiryAlert> alerts = alertsFromEvents(userEvents, rows);
    alerts << alertsFromInventory(rows, Scope::User);

    const NotificationLedger before = m_ledger;
    const QList<ExpiryNotification> shown = m_notifier.decide(alerts, policy, m_ledger, &present);
    m_notifier.prune(m_ledger, present, policy);
    if (shown.size() > kMaxSeparateNotifications) {
        m_services->notify(ExpiryNotification::combine(shown));
    } else {
        for (const ExpiryNotification& notification : shown)
            m_services->notify(notification);
    }
    if (!m_latestShown || m_ledger.entries != before.entries) {
        m_latestShown = true;
        QList<ExpiryNotification> latest;
        const QDateTime now = m_controller->clock().now();
        for (const NotificationLedger::Entry& entry : m_ledger.latest(kLatestInTray))
            latest << ExpiryNotification::fromEntry(entry, now);
        m_services->setLatestAlerts(latest);
    }
    if (!(m_ledger == before))
        QCoro::connect(saveLedger(), this, [] {});
}

QCoro::Task<> ExpiryNotificationCenter::saveLedger()
{
    // One write at a time; changes made meanwhile are written by the next round.
    if (m_saving) {
        m_saveAgain = true;
        co_return;
    }
    m_saving = true;
    const Alive alive(this);
    do {
        m_saveAgain = false;
        auto future = inBackground([file = m_file, ledger = m_ledger] { return file.save(ledger); });
        const QString error = co_await future;
        if (!alive)
            co_return;
        if (!error.isEmpty())
            report(QStringLiteral("Could not record the notifications shown: %1").arg(error));
    } while (m_saveAgain);
    m_saving = false;
}

void ExpiryNotificationCenter::report(const QString& problem)
{
    qWarning("certlife: %s", qPrintable(problem));
    m_problems << problem;
    Q_EMIT problemOccurred(problem);
}

} // namespace certlife
