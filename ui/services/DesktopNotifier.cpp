// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "services/DesktopNotifier.h"

#include "util/Coroutines.h"

#include <QApplication>
#include <QCoro/QCoroDBusPendingReply>
#include <QDBusMessage>
#include <QDBusPendingReply>
#include <QIcon>
#include <QMenu>
#include <QSystemTrayIcon>

namespace certlife::ui {

namespace {
const QString kService = QStringLiteral("org.freedesktop.Notifications");
const QString kPath = QStringLiteral("/org/freedesktop/Notifications");
const QString kInterface = QStringLiteral("org.freedesktop.Notifications");
const QString kDefaultAction = QStringLiteral("default");
const QString kDesktopEntry = QStringLiteral("io.certlife.Certlife");
constexpr uchar kUrgencyNormal = 1;
constexpr uchar kUrgencyCritical = 2;

QIcon appIcon()
{
    const QIcon icon = QApplication::windowIcon();
    return icon.isNull() ? QIcon(QStringLiteral(":/certlife/certlife.svg")) : icon;
}

QString menuText(const ExpiryNotification& n)
{
    if (n.count > 1)
        return n.summary();
    if (n.kind == EventId::Expired)
        return QObject::tr("%1: expired").arg(n.name);
    return n.daysLeft == 1
        ? QObject::tr("%1: 1 day left").arg(n.name)
        : QObject::tr("%1: %2 days left").arg(n.name, QString::number(std::max<qint64>(0, n.daysLeft)));
}
} // namespace

DesktopNotifier::DesktopNotifier(QObject* parent) : DesktopNotifier(QDBusConnection::sessionBus(), parent) {}

DesktopNotifier::DesktopNotifier(const QDBusConnection& bus, QObject* parent) : NotificationServices(parent), m_bus(bus)
{
    if (m_bus.isConnected()) {
        m_bus.connect(kService, kPath, kInterface, QStringLiteral("ActionInvoked"), this,
                      SLOT(actionInvoked(uint, QString)));
        m_bus.connect(kService, kPath, kInterface, QStringLiteral("NotificationClosed"), this,
                      SLOT(notificationClosed(uint, uint)));
    } else {
        m_busFailed = true;
    }
}

DesktopNotifier::~DesktopNotifier()
{
    delete m_tray;
    delete m_menu; // the tray icon does not own its context menu
}

void DesktopNotifier::setActive(bool active)
{
    m_active = active;
    if (active && !m_tray && QSystemTrayIcon::isSystemTrayAvailable()) {
        m_tray = new QSystemTrayIcon(appIcon(), this);
        m_tray->setToolTip(QObject::tr("Certlife: certificate expiry"));
        m_menu = new QMenu;
        m_tray->setContextMenu(m_menu);
        connect(m_tray, &QSystemTrayIcon::activated, this, [this](QSystemTrayIcon::ActivationReason reason) {
            if (reason == QSystemTrayIcon::Trigger || reason == QSystemTrayIcon::DoubleClick)
                Q_EMIT consoleRequested();
        });
        connect(m_tray, &QSystemTrayIcon::messageClicked, this,
                [this] { Q_EMIT certificateRequested(m_trayMessageTarget.thumbprint, m_trayMessageTarget.storeKey); });
        rebuildMenu();
    }
    if (m_tray)
        m_tray->setVisible(active);
}

void DesktopNotifier::setLatestAlerts(const QList<ExpiryNotification>& latest)
{
    m_latest = latest;
    rebuildMenu();
}

void DesktopNotifier::rebuildMenu()
{
    if (!m_menu)
        return;
    m_menu->clear();
    m_menu->addAction(QObject::tr("Show console"), this, &NotificationServices::consoleRequested);
    m_menu->addSeparator();
    if (m_latest.isEmpty()) {
        m_menu->addAction(QObject::tr("No recent alerts"))->setEnabled(false);
    } else {
        for (const ExpiryNotification& n : std::as_const(m_latest)) {
            QAction* action = m_menu->addAction(menuText(n));
            action->setToolTip(n.body());
            connect(action, &QAction::triggered, this, [this, target = Target{n.thumbprint, n.storeKey}] {
                Q_EMIT certificateRequested(target.thumbprint, target.storeKey);
            });
        }
    }
    m_menu->addSeparator();
    m_menu->addAction(QObject::tr("Quit"), this, &NotificationServices::quitRequested);
}

void DesktopNotifier::notify(const ExpiryNotification& notification)
{
    if (m_busFailed) {
        showInTray(notification);
        return;
    }
    m_waiting << notification;
    if (!m_sending)
        QCoro::connect(sendWaiting(), this, [] {});
}

QCoro::Task<> DesktopNotifier::sendWaiting()
{
    // One at a time, in order: a notification that replaces an earlier bubble needs the
    // id the server gave that one.
    m_sending = true;
    const Alive alive(this);
    while (!m_waiting.isEmpty()) {
        const ExpiryNotification next = m_waiting.takeFirst();
        if (m_busFailed) {
            showInTray(next);
            continue;
        }
        QCoro::Task<> sending = sendOverBus(next);
        co_await sending;
        if (!alive)
            co_return;
    }
    m_sending = false;
}

QCoro::Task<bool> DesktopNotifier::serverTakesMarkup()
{
    if (!m_bodyMarkup) {
        const Alive alive(this);
        QDBusPendingReply<QStringList> reply = m_bus.asyncCall(
            QDBusMessage::createMethodCall(kService, kPath, kInterface, QStringLiteral("GetCapabilities")));
        co_await reply;
        if (!alive)
            co_return false;
        m_bodyMarkup = !reply.isError() && reply.value().contains(QStringLiteral("body-markup"));
    }
    co_return *m_bodyMarkup;
}

QCoro::Task<> DesktopNotifier::sendOverBus(ExpiryNotification notification)
{
    const Alive alive(this);
    QCoro::Task<bool> asking = serverTakesMarkup();
    const bool markup = co_await asking;
    if (!alive)
        co_return;
    // The body may be read as markup: a certificate's name must not be able to inject any.
    const QString body = markup ? notification.body().toHtmlEscaped() : notification.body();
    const Target target{notification.thumbprint, notification.storeKey};
    const QString replaceKey = notification.count > 1 ? QStringLiteral("*") : notification.sha256;
    QVariantMap hints;
    hints.insert(QStringLiteral("urgency"),
                 QVariant::fromValue(notification.kind == EventId::Expired ? kUrgencyCritical : kUrgencyNormal));
    hints.insert(QStringLiteral("desktop-entry"), kDesktopEntry);
    hints.insert(QStringLiteral("category"), QStringLiteral("x-certlife.expiry"));
    QDBusMessage call = QDBusMessage::createMethodCall(kService, kPath, kInterface, QStringLiteral("Notify"));
    call << QStringLiteral("Certlife") << m_idOfCertificate.value(replaceKey, 0u) << kDesktopEntry
         << notification.summary() << body << QStringList{kDefaultAction, QObject::tr("Open certificate")} << hints
         << int(-1);
    QDBusPendingReply<uint> reply = m_bus.asyncCall(call);
    co_await reply;
    if (!alive)
        co_return;
    if (reply.isError()) {
        qInfo("certlife: no desktop notification server (%s); using the tray", qPrintable(reply.error().message()));
        m_busFailed = true;
        showInTray(notification);
        co_return;
    }
    const uint id = reply.value();
    m_sent.insert(id, target);
    m_idOfCertificate.insert(replaceKey, id);
}

void DesktopNotifier::showInTray(const ExpiryNotification& notification)
{
    if (!m_tray || !m_tray->isVisible() || !QSystemTrayIcon::supportsMessages()) {
        qInfo("certlife: %s: %s", qPrintable(notification.summary()), qPrintable(notification.body()));
        return;
    }
    m_trayMessageTarget = {notification.thumbprint, notification.storeKey};
    m_tray->showMessage(notification.summary(), notification.body(),
                        notification.kind == EventId::Expired ? QSystemTrayIcon::Critical : QSystemTrayIcon::Warning);
}

void DesktopNotifier::actionInvoked(uint id, const QString& actionKey)
{
    const auto found = m_sent.constFind(id);
    if (found == m_sent.cend())
        return; // another application's notification
    if (actionKey == kDefaultAction)
        Q_EMIT certificateRequested(found->thumbprint, found->storeKey);
}

void DesktopNotifier::notificationClosed(uint id, uint /*reason*/)
{
    const auto found = m_sent.constFind(id);
    if (found == m_sent.cend())
        return;
    m_sent.erase(found);
    m_idOfCertificate.removeIf([id](const QHash<QString, uint>::iterator& it) { return it.value() == id; });
}

} // namespace certlife::ui
