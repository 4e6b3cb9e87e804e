// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "lifecycle/EventOrigin.h"
#include "lifecycle/LifecycleEvent.h"

#include <QTest>
#include <pwd.h>

using namespace certlife;

// Events recorded under sudo name the invoking user beside root, and only when the
// claim in the (hostile) environment holds up: a real account, spelled as a user name,
// agreeing with SUDO_UID, and only for a process that really is root.
class TestEventOrigin : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void account_data();
    void account();
    void stampOriginReadsTheEnvironment();

private:
    QByteArray m_user;    // an existing unprivileged account ("nobody")
    QByteArray m_userUid; // its uid
};

void TestEventOrigin::initTestCase()
{
    const passwd* pw = ::getpwnam("nobody");
    if (!pw)
        QSKIP("no account \"nobody\" on this machine");
    m_user = pw->pw_name;
    m_userUid = QByteArray::number(qulonglong(pw->pw_uid));
}

void TestEventOrigin::account_data()
{
    QTest::addColumn<bool>("root");
    QTest::addColumn<QByteArray>("sudoUser");
    QTest::addColumn<QByteArray>("sudoUid");
    QTest::addColumn<QString>("expected");
    const QString user = QString::fromLatin1(m_user);
    const QString viaUser = QStringLiteral("root (via sudo from %1)").arg(user);
    QTest::newRow("no sudo") << true << QByteArray() << QByteArray() << QStringLiteral("root");
    QTest::newRow("sudo") << true << m_user << m_userUid << viaUser;
    QTest::newRow("sudo without SUDO_UID") << true << m_user << QByteArray() << viaUser;
    QTest::newRow("SUDO_UID of someone else") << true << m_user << QByteArray("0") << QStringLiteral("root");
    QTest::newRow("SUDO_UID not a number") << true << m_user << QByteArray("65534x") << QStringLiteral("root");
    QTest::newRow("no such account") << true << QByteArray("certlife-no-such-user") << QByteArray()
                                     << QStringLiteral("root");
    QTest::newRow("root itself (sudo -s, then sudo)")
        << true << QByteArray("root") << QByteArray("0") << QStringLiteral("root");
    QTest::newRow("control characters") << true << m_user + "\n1006 forged" << QByteArray() << QStringLiteral("root");
    QTest::newRow("text around a name") << true << QByteArray("alice (admin)") << QByteArray()
                                        << QStringLiteral("root");
    QTest::newRow("overlong") << true << QByteArray(64, 'a') << QByteArray() << QStringLiteral("root");
    // A user cannot pin their change on someone else by setting SUDO_USER.
    QTest::newRow("not root") << false << QByteArray("root") << QByteArray("0") << user;
}

void TestEventOrigin::account()
{
    QFETCH(bool, root);
    QFETCH(QByteArray, sudoUser);
    QFETCH(QByteArray, sudoUid);
    QFETCH(QString, expected);
    const uid_t uid = root ? 0 : uid_t(m_userUid.toULongLong());
    QCOMPARE(eventAccount(uid, sudoUser, sudoUid), expected);
}

void TestEventOrigin::stampOriginReadsTheEnvironment()
{
    qputenv("SUDO_USER", m_user);
    qputenv("SUDO_UID", m_userUid);
    LifecycleEvent e;
    e.stampOrigin();
    qunsetenv("SUDO_USER");
    qunsetenv("SUDO_UID");
    const QString self = eventAccount(::geteuid(), {}, {});
    QCOMPARE(e.account,
             ::geteuid() == 0 ? QStringLiteral("%1 (via sudo from %2)").arg(self, QString::fromLatin1(m_user)) : self);
    QCOMPARE(e.toJson().value(QLatin1String("account")).toString(), e.account);
}

QTEST_GUILESS_MAIN(TestEventOrigin)
#include "TestEventOrigin.moc"
