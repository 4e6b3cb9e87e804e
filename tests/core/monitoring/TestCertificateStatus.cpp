// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// One classification for check and metrics: the console's states, the policy's window
// and the snapshot's archived flags, read without touching the snapshot.

#include "CertFactory.h"
#include "TestEnvironment.h"
#include "lifecycle/Snapshot.h"
#include "monitoring/CertificateStatus.h"
#include "util/Paths.h"
#include "x509/CertificateParser.h"

#include <QDir>
#include <QFile>
#include <QTest>

using namespace certlife;
using namespace certlife::test;

class TestCertificateStatus : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void commonName_data();
    void commonName();
    void statesFollowEachScopesPolicyAndTheArchivedFlags();
    void damagedSnapshotIsReportedAndLeftInPlace();
};

void TestCertificateStatus::commonName_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("cn");
    QTest::newRow("first CN") << "CN=R3,O=Let's Encrypt,C=US" << "R3";
    QTest::newRow("no CN") << "O=Example,C=DE" << "";
    QTest::newRow("CN later") << "emailAddress=a@b,CN=Issuing CA 2,O=X" << "Issuing CA 2";
    QTest::newRow("escaped comma and plus") << "CN=Doe\\, John \\+ Co,O=X" << "Doe, John + Co";
    QTest::newRow("multi-valued RDN") << "OU=Ops+CN=ops.example,O=X" << "ops.example";
    QTest::newRow("hex escape of a control") << "CN=a\\0Ab\\1B[2J" << "a\nb\x1b[2J";
    QTest::newRow("escaped plus before hex digits") << "CN=\\+AB" << "+AB";
    QTest::newRow("UTF-8 as is") << "CN=bücher.example" << "bücher.example";
    QTest::newRow("UTF-8 in hex escapes") << "CN=b\\C3\\BCcher" << "bücher";
    QTest::newRow("lower-case type") << "cn=x.example" << "x.example";
    QTest::newRow("trailing backslash") << "CN=x\\" << "x\\";
    QTest::newRow("empty") << "" << "";
}

void TestCertificateStatus::commonName()
{
    QFETCH(QString, name);
    QFETCH(QString, cn);
    QCOMPARE(commonNameOf(name), cn);
}

void TestCertificateStatus::statesFollowEachScopesPolicyAndTheArchivedFlags()
{
    // Lifetime 90 days (2026-01-01 to 2026-04-01); now 2026-03-25: 7 days left.
    CertSpec spec;
    spec.cn = QStringLiteral("a.example");
    const Certificate a = parseCertificateData(makeCertificate(spec).der).certificates.value(0);
    spec.cn = QStringLiteral("b.example");
    const Certificate b = parseCertificateData(makeCertificate(spec).der).certificates.value(0);
    const qint64 now = QDateTime(QDate(2026, 3, 25), QTime(0, 0), Qt::UTC).toSecsSinceEpoch();

    StoreScan system;
    system.scope = Scope::System;
    system.storeId = QStringLiteral("My");
    system.certificates << StoredCertificate{a, QStringLiteral("/s/a.pem"), 0, {}} << StoredCertificate{b, QStringLiteral("/s/b.pem"), 0, {}};
    StoreScan user = system;
    user.scope = Scope::User;

    ExpiryThresholds thresholds;
    thresholds.system = {10, 0}; // 9 days: Expiring
    thresholds.user = {5, 0};    // 4.5 days: not yet
    ArchivedCertificates archived[2];
    archived[int(Scope::System)].sha256.insert(QByteArray(reinterpret_cast<const char*>(b.sha256.data()), 32));
    const QList<CertificateStatus> statuses = certificateStatuses({system, user}, thresholds, archived, now);
    QCOMPARE(statuses.size(), 4);
    QCOMPARE(statuses[0].expiry.state, ExpiryState::Expiring);
    QCOMPARE(statuses[0].expiry.daysLeft, 7);
    QCOMPARE(statuses[0].remainingSeconds, 7 * 86400);
    QCOMPARE(statuses[0].warningWindowSeconds, 9 * 86400);
    QVERIFY(!statuses[0].archived);
    QVERIFY(statuses[1].archived); // b in the System scope
    QCOMPARE(statuses[2].expiry.state, ExpiryState::Within30);
    QCOMPARE(statuses[2].warningWindowSeconds, 9 * 86400 / 2);
    QVERIFY(!statuses[3].archived); // the flag is the System snapshot's, not the User's
}

void TestCertificateStatus::damagedSnapshotIsReportedAndLeftInPlace()
{
    TestEnvironment env;
    QCOMPARE(readArchivedCertificates(Scope::System).snapshotFound, false); // no pass yet

    const Certificate c = parseCertificateData(makeCertificate(CertSpec()).der).certificates.value(0);
    ScopeSnapshot snapshot;
    snapshot.scope = Scope::System;
    const int record = snapshot.recordFor(c);
    snapshot.state(record).archived = true;
    snapshot.stores << StoreSnapshot{QStringLiteral("My"), {Placement{QStringLiteral("/s/c.pem"), record}}};
    const QString file = Paths::snapshotDir(Scope::System) + QStringLiteral("/lifecycle.snapshot");
    QDir().mkpath(Paths::snapshotDir(Scope::System));
    QVERIFY(writeFile(file, serializeSnapshot(snapshot)));
    const ArchivedCertificates read = readArchivedCertificates(Scope::System);
    QVERIFY(read.snapshotFound);
    QVERIFY(read.problem.isEmpty());
    QVERIFY(read.contains(c.sha256));

    QByteArray damaged = serializeSnapshot(snapshot);
    damaged[damaged.size() / 2] = char(damaged[damaged.size() / 2] ^ 0x55);
    QVERIFY(writeFile(file, damaged));
    const ArchivedCertificates broken = readArchivedCertificates(Scope::System);
    QVERIFY2(broken.problem.contains(QStringLiteral("is damaged")), qPrintable(broken.problem));
    QVERIFY(!broken.contains(c.sha256));
    // Left for the agent, which moves it aside and keeps its flags from the .bak.
    QVERIFY(QFile::exists(file));
    QVERIFY(!QFile::exists(file + QStringLiteral(".corrupt")));
}

QTEST_GUILESS_MAIN(TestCertificateStatus)
#include "TestCertificateStatus.moc"
