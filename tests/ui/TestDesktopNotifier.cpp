// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "services/DesktopNotifier.h"

#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QSystemTrayIcon>
#include <QTest>

using namespace certlife;
using namespace certlife::ui;

namespace {

// A notification server as a desktop runs one, on a private bus: records Notify calls
// and can send ActionInvoked as a click would.
class FakeNotificationServer : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.freedesktop.Notifications")
public:
    struct Call
    {
        uint replacesId = 0;
        QString summary;
        QString body;
        QStringList actions;
        QVariantMap hints;
    };
    QList<Call> calls;
    QStringList capabilities = {QStringLiteral("actions"), QStringLiteral("body"), QStringLiteral("body-markup")};

public Q_SLOTS:
    QStringList GetCapabilities() { return capabilities; }
    uint Notify(const QString&, uint replacesId, const QString&, const QString& summary, const QString& body,
                const QStringList& actions, const QVariantMap& hints, int)
    {
        calls << Call{replacesId, summary, body, actions, hints};
        return replacesId != 0 ? replacesId : uint(100 + calls.size());
    }
};

ExpiryNotification notificationFor(const QString& name, EventId kind, qint64 daysLeft)
{
    ExpiryNotification n;
    n.sha256 = QString(64, QLatin1Char('A'));
    n.thumbprint = QString(40, QLatin1Char('B'));
    n.name = name;
    n.storeKey = QStringLiteral("user/My");
    n.storeName = QStringLiteral("Personal");
    n.kind = kind;
    n.notAfter = QDateTime(QDate(2026, 3, 13), QTime(12, 0), Qt::UTC);
    n.daysLeft = daysLeft;
    return n;
}

} // namespace

// The real desktop side against a private D-Bus session bus with a fake notification
// server, and with no bus at all (as on CI): it must never fail the console.
class TestDesktopNotifier : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void notifiesOverDBusAndOpensTheCertificateOnClick();
    void noServerOnTheBusFallsBackQuietly();
    void noBusAtAllFailsSoft();

private:
    QProcess m_daemon;
    QString m_address;
};

void TestDesktopNotifier::initTestCase()
{
    const QString daemon = QStandardPaths::findExecutable(QStringLiteral("dbus-daemon"));
    if (daemon.isEmpty())
        QSKIP("dbus-daemon is not installed: no private bus to test against");
    m_daemon.start(daemon,
                   {QStringLiteral("--session"), QStringLiteral("--nofork"), QStringLiteral("--print-address=1")});
    QVERIFY(m_daemon.waitForStarted());
    QTRY_VERIFY(m_daemon.canReadLine());
    m_address = QString::fromUtf8(m_daemon.readLine()).trimmed();
    QVERIFY2(m_address.startsWith(QLatin1String("unix:")), qPrintable(m_address));
}

void TestDesktopNotifier::cleanupTestCase()
{
    if (m_daemon.state() != QProcess::NotRunning) {
        m_daemon.terminate();
        m_daemon.waitForFinished();
    }
}

void TestDesktopNotifier::notifiesOverDBusAndOpensTheCertificateOnClick()
{
    QDBusConnection serverBus = QDBusConnection::connectToBus(m_address, QStringLiteral("server"));
    QVERIFY(serverBus.isConnected());
    FakeNotificationServer server;
    QVERIFY(serverBus.registerObject(QStringLiteral("/org/freedesktop/Notifications"), &server,
                                     QDBusConnection::ExportAllSlots));
    QVERIFY(serverBus.registerService(QStringLiteral("org.freedesktop.Notifications")));

    DesktopNotifier notifier(QDBusConnection::connectToBus(m_address, QStringLiteral("console")));
    QSignalSpy requested(&notifier, &NotificationServices::certificateRequested);
    // A hostile name: the server renders markup, so it must arrive escaped.
    notifier.notify(notificationFor(QStringLiteral("<b>evil</b> & co"), EventId::CloseToExpiration, 12));
    QTRY_COMPARE(server.calls.size(), 1);
    const FakeNotificationServer::Call call = server.calls.constFirst();
    QCOMPARE(call.summary, QStringLiteral("Certificate expires in 12 days"));
    QVERIFY2(call.body.startsWith(QStringLiteral("&lt;b&gt;evil&lt;/b&gt; &amp; co (store Personal)")),
             qPrintable(call.body));
    QVERIFY(call.actions.contains(QStringLiteral("default")));
    QCOMPARE(call.hints.value(QStringLiteral("urgency")).toInt(), 1);
    QCOMPARE(call.hints.value(QStringLiteral("desktop-entry")).toString(), QStringLiteral("io.certlife.Certlife"));

    // The same certificate, now expired: it replaces the earlier bubble, critical.
    notifier.notify(notificationFor(QStringLiteral("vpn"), EventId::Expired, -1));
    QTRY_COMPARE(server.calls.size(), 2);
    QCOMPARE(server.calls[1].replacesId, 101u);
    QCOMPARE(server.calls[1].hints.value(QStringLiteral("urgency")).toInt(), 2);

    // Another application's notification clicked: not ours.
    auto invoke = [&](uint id, const QString& action) {
        QDBusMessage signal = QDBusMessage::createSignal(QStringLiteral("/org/freedesktop/Notifications"),
                                                         QStringLiteral("org.freedesktop.Notifications"),
                                                         QStringLiteral("ActionInvoked"));
        signal << id << action;
        QVERIFY(serverBus.send(signal));
    };
    invoke(7, QStringLiteral("default"));
    invoke(101, QStringLiteral("default"));
    QTRY_COMPARE(requested.size(), 1);
    QCOMPARE(requested.constFirst().at(0).toString(), QString(40, QLatin1Char('B')));
    QCOMPARE(requested.constFirst().at(1).toString(), QStringLiteral("user/My"));

    serverBus.unregisterService(QStringLiteral("org.freedesktop.Notifications"));
    serverBus.unregisterObject(QStringLiteral("/org/freedesktop/Notifications"));
    QDBusConnection::disconnectFromBus(QStringLiteral("server"));
}

void TestDesktopNotifier::noServerOnTheBusFallsBackQuietly()
{
    DesktopNotifier notifier(QDBusConnection::connectToBus(m_address, QStringLiteral("lonely")));
    notifier.setActive(true); // offscreen: no system tray, so no icon either
    QCOMPARE(notifier.trayIcon() == nullptr, !QSystemTrayIcon::isSystemTrayAvailable());
    QTest::ignoreMessage(QtInfoMsg, QRegularExpression(QStringLiteral("^certlife: no desktop notification server")));
    QTest::ignoreMessage(QtInfoMsg, QRegularExpression(QStringLiteral("^certlife: Certificate expired: vpn")));
    QVERIFY(!notifier.usesTrayFallback());
    notifier.notify(notificationFor(QStringLiteral("vpn"), EventId::Expired, -1));
    QTRY_VERIFY(notifier.usesTrayFallback());
}

void TestDesktopNotifier::noBusAtAllFailsSoft()
{
    DesktopNotifier notifier(QDBusConnection(QStringLiteral("no-such-connection")));
    QVERIFY(notifier.usesTrayFallback());
    notifier.setActive(true);
    QTest::ignoreMessage(QtInfoMsg,
                         QRegularExpression(QStringLiteral("^certlife: Certificate expires in 3 days: vpn")));
    notifier.notify(notificationFor(QStringLiteral("vpn"), EventId::CloseToExpiration, 3));
    notifier.setLatestAlerts({notificationFor(QStringLiteral("vpn"), EventId::CloseToExpiration, 3)});
    notifier.setActive(false);
}

QTEST_MAIN(TestDesktopNotifier)
#include "TestDesktopNotifier.moc"
