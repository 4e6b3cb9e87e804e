// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "CertFactory.h"
#include "TestEnvironment.h"
#include "policy/AdditionalStores.h"

#include <QDir>
#include <QTest>

using namespace certlife;
using namespace certlife::test;

// AdditionalStores paths become monitored, read-only stores with stable ids.
class TestAdditionalStores : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void pathsBecomeStores();
};

void TestAdditionalStores::pathsBecomeStores()
{
    TestEnvironment env;
    const QString dir = env.path(QStringLiteral("etc/letsencrypt"));
    const QString file = env.path(QStringLiteral("etc/nginx/site.pem"));
    QVERIFY(QDir().mkpath(dir));
    QVERIFY(writeFile(file, "placeholder"));
    Policy policy;
    QVERIFY(setPolicyValue(policy, PolicyKey::AdditionalStores,
                           joinPolicyList({dir, file, env.path(QStringLiteral("not/yet")), QStringLiteral("/srv/a-b"),
                                           QStringLiteral("/srv/a/b")})));
    const QList<StoreConfig> stores = additionalStoreConfigs(policy, Scope::System);
    QCOMPARE(stores.size(), 5);
    const QString rootId =
        QStringLiteral("policy-") + QString(env.root()).replace(QLatin1Char('/'), QLatin1Char('-')).mid(1);
    QCOMPARE(stores[0].id, rootId + QStringLiteral("-etc-letsencrypt"));
    QCOMPARE(stores[0].kind, StoreKind::Directory);
    QVERIFY(stores[0].recursive && stores[0].readOnly);
    QCOMPARE(stores[0].scope, Scope::System);
    QCOMPARE(stores[0].path, dir);
    QCOMPARE(stores[1].id, rootId + QStringLiteral("-etc-nginx-site.pem"));
    QCOMPARE(stores[1].kind, StoreKind::File);
    QVERIFY(!stores[1].recursive);
    QCOMPARE(stores[2].kind, StoreKind::Directory); // missing: scanned (and reported missing) as a directory
    // /srv/a-b and /srv/a/b would both be policy-srv-a-b: both get a hash suffix, whatever their order.
    QVERIFY(stores[3].id.startsWith(QStringLiteral("policy-srv-a-b-")) && stores[3].id.size() == 23);
    QVERIFY(stores[4].id.startsWith(QStringLiteral("policy-srv-a-b-")) && stores[3].id != stores[4].id);
    Policy reversed;
    reversed.additionalStores = {QStringLiteral("/srv/a/b"), QStringLiteral("/srv/a-b")};
    QCOMPARE(additionalStoreConfigs(reversed, Scope::User)[0].id, stores[4].id);
    for (const StoreConfig& s : stores)
        QVERIFY2(QRegularExpression(QStringLiteral("^[A-Za-z0-9._-]+$")).match(s.id).hasMatch(), qPrintable(s.id));
}

QTEST_GUILESS_MAIN(TestAdditionalStores)
#include "TestAdditionalStores.moc"
