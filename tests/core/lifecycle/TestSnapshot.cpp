// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "LifecycleFixture.h"
#include "TestEnvironment.h"
#include "lifecycle/Snapshot.h"
#include "lifecycle/SnapshotFile.h"

#include <QTest>
#include <QtEndian>

using namespace certlife;
using namespace certlife::test;

// The snapshot file: everything the lifecycle needs survives a save and load, and
// no damaged file is ever taken for a good one.
class TestSnapshot : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roundTripKeepsEveryField();
    void version2FileIsReadWithoutAPassId();
    void everyTruncationIsRejected();
    void everyFlippedByteIsRejected();
    void fileOfTheOtherScopeIsRejected();
    void savedAtomicallyWithPreviousGeneration();

private:
    static ScopeSnapshot sample();
};

ScopeSnapshot TestSnapshot::sample()
{
    ScopeSnapshot s;
    s.scope = Scope::System;
    s.savedAt = utc(2026, 2, 1).toSecsSinceEpoch();
    s.passId = 0x0123456789ABCDEF;
    const auto parsed = [](const QString& name) {
        return parseCertificateData(namedCertificates().value(name).pem()).certificates.value(0);
    };
    const int a = s.recordFor(parsed(QStringLiteral("A")));
    const int a2 = s.recordFor(parsed(QStringLiteral("A2")));
    const int ca = s.recordFor(parsed(QStringLiteral("CA")));
    s.recordFor(parsed(QStringLiteral("B"))); // placed nowhere: not saved
    s.state(a).archived = true;
    s.state(a).closeNotifiedAt = 1770000000;
    s.state(a2).expiredNotifiedAt = 1780000000;
    const_cast<CertificateRecordDetails&>(s.record(ca)).details.templateName = QStringLiteral("Vorlage für Server ✓");
    s.stores = {StoreSnapshot{QStringLiteral("letsencrypt"),
                              {{QStringLiteral("/etc/letsencrypt/archive/a/cert1.pem"), a},
                               {QStringLiteral("/etc/letsencrypt/live/a/cert.pem"), a2},
                               {QStringLiteral("/etc/letsencrypt/archive/a/cert2.pem"), a2}}},
                StoreSnapshot{QStringLiteral("empty"), {}},
                StoreSnapshot{QStringLiteral("ca"), {{QStringLiteral("/srv/ça/chain.pem"), ca}}}};
    s.reportedReplaces.insert({QStringLiteral("letsencrypt"), a, a2});
    return s;
}

void TestSnapshot::roundTripKeepsEveryField()
{
    const ScopeSnapshot original = sample();
    QString error;
    const std::optional<ScopeSnapshot> back = parseSnapshot(serializeSnapshot(original), &error);
    QVERIFY2(back, qPrintable(error));
    QCOMPARE(back->scope, Scope::System);
    QCOMPARE(back->savedAt, original.savedAt);
    QCOMPARE(back->passId, original.passId);
    QCOMPARE(back->recordCount(), 3); // B had no placement
    QCOMPARE(back->stores.size(), 3);
    for (int s = 0; s < original.stores.size(); ++s) {
        QCOMPARE(back->stores[s].storeId, original.stores[s].storeId);
        QCOMPARE(back->stores[s].placements.size(), original.stores[s].placements.size());
        for (int p = 0; p < original.stores[s].placements.size(); ++p) {
            const Placement& was = original.stores[s].placements[p];
            const Placement& is = back->stores[s].placements[p];
            QCOMPARE(is.path, was.path);
            const CertificateState& r = back->state(is.record);
            const CertificateState& o = original.state(was.record);
            QCOMPARE(r.sha256, o.sha256);
            QCOMPARE(r.notBefore, o.notBefore);
            QCOMPARE(r.notAfter, o.notAfter);
            QCOMPARE(r.archived, o.archived);
            QCOMPARE(r.closeNotifiedAt, o.closeNotifiedAt);
            QCOMPARE(r.expiredNotifiedAt, o.expiredNotifiedAt);
            QCOMPARE(back->details(is.record), original.details(was.record));
            QCOMPARE(back->record(is.record).keyAlgorithm, original.record(was.record).keyAlgorithm);
            QCOMPARE(back->findRecord(o.sha256), is.record);
        }
    }
    QCOMPARE(back->reportedReplaces.size(), 1);
    const ReportedReplace r = *back->reportedReplaces.cbegin();
    QCOMPARE(r.storeId, QStringLiteral("letsencrypt"));
    QCOMPARE(back->details(r.oldRecord).thumbprint, namedCertificates()[QStringLiteral("A")].thumbprint());
    QCOMPARE(back->details(r.newRecord).thumbprint, namedCertificates()[QStringLiteral("A2")].thumbprint());
    // Saved again after loading (details copied as encoded, one record added): still equal.
    ScopeSnapshot again = *back;
    const int b =
        again.recordFor(parseCertificateData(namedCertificates()[QStringLiteral("B")].pem()).certificates.value(0));
    again.stores[1].placements << Placement{QStringLiteral("/srv/b.pem"), b};
    const std::optional<ScopeSnapshot> third = parseSnapshot(serializeSnapshot(again), &error);
    QVERIFY2(third, qPrintable(error));
    QCOMPARE(third->recordCount(), 4);
    for (int i = 0; i < 4; ++i)
        QCOMPARE(third->details(third->findRecord(again.state(i).sha256)), again.details(i));
    QCOMPARE(third->details(third->stores[1].placements[0].record).subjectCN, QStringLiteral("b.example"));
}

void TestSnapshot::version2FileIsReadWithoutAPassId()
{
    // A version-2 file, as the previous Certlife wrote it: the same layout without the
    // pass id after savedAt (docs/lifecycle.md), and the format's checksum over the rest.
    const QByteArray v3 = serializeSnapshot(sample());
    constexpr qsizetype kPassIdAt = 8 + 4 + 1 + 8; // magic, version, scope, savedAt
    QCOMPARE(qFromLittleEndian<quint32>(v3.constData() + 8), quint32(3));
    QByteArray v2 = v3.left(kPassIdAt) + v3.mid(kPassIdAt + 8, v3.size() - kPassIdAt - 8 - 8);
    qToLittleEndian<quint32>(2, v2.data() + 8);
    QByteArray sum(8, '\0');
    qToLittleEndian<quint64>(snapshotChecksum(v2), sum.data());
    v2 += sum;

    QString error;
    const std::optional<ScopeSnapshot> back = parseSnapshot(v2, &error);
    QVERIFY2(back, qPrintable(error));
    QCOMPARE(back->passId, 0); // as if no pass had saved it: the next pass's base is 0
    QCOMPARE(back->savedAt, sample().savedAt);
    QCOMPARE(back->recordCount(), 3);
    QCOMPARE(back->stores.size(), 3);
    QCOMPARE(back->reportedReplaces.size(), 1);
}

void TestSnapshot::everyTruncationIsRejected()
{
    const QByteArray data = serializeSnapshot(sample());
    for (qsizetype n = 0; n < data.size(); ++n) {
        QString error;
        QVERIFY2(!parseSnapshot(data.first(n), &error), qPrintable(QString::number(n)));
        QVERIFY(!error.isEmpty());
    }
}

void TestSnapshot::everyFlippedByteIsRejected()
{
    const QByteArray data = serializeSnapshot(sample());
    for (qsizetype i = 0; i < data.size(); ++i) {
        QByteArray damaged = data;
        damaged[i] = char(damaged[i] ^ 0x5A);
        QString error;
        QVERIFY2(!parseSnapshot(damaged, &error), qPrintable(QString::number(i)));
    }
}

void TestSnapshot::fileOfTheOtherScopeIsRejected()
{
    TestEnvironment env;
    const QString path = env.path(QStringLiteral("snap"));
    QVERIFY(SnapshotFile(Scope::System, path).save(sample()).ok());
    const SnapshotLoad asUser = SnapshotFile(Scope::User, path).load();
    QVERIFY(!asUser.snapshot);
    QVERIFY2(asUser.problem.contains(QLatin1String("System scope")), qPrintable(asUser.problem));
}

void TestSnapshot::savedAtomicallyWithPreviousGeneration()
{
    TestEnvironment env;
    const SnapshotFile file(Scope::User); // the default place, under the test's XDG_STATE_HOME
    QVERIFY(file.path().startsWith(env.root()));
    QVERIFY(!file.load().snapshot && file.load().problem.isEmpty()); // first run: nothing, no problem
    ScopeSnapshot first = sample();
    first.scope = Scope::User;
    QVERIFY(file.save(first).ok());
    ScopeSnapshot second = first;
    second.stores.removeLast();
    QVERIFY(file.save(second).ok());
    QCOMPARE(file.load().snapshot->stores.size(), 2);
    QCOMPARE(SnapshotFile(Scope::User, file.path() + QStringLiteral(".bak")).load().snapshot->stores.size(), 3);
    QCOMPARE(QFileInfo(file.path()).permissions() & (QFile::ReadOther | QFile::ReadGroup), QFile::Permissions());
    const QStringList leftovers = QDir(QFileInfo(file.path()).path()).entryList(QDir::Files);
    QCOMPARE(leftovers, QStringList({"lifecycle.snapshot", "lifecycle.snapshot.bak"})); // no temporary files left
}

QTEST_GUILESS_MAIN(TestSnapshot)
#include "TestSnapshot.moc"
