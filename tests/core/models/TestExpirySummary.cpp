// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "ModelTestData.h"
#include "TestEnvironment.h"
#include "models/CertificateTableModel.h"
#include "models/ExpirySummary.h"
#include "models/ExpirySummaryModel.h"
#include "stores/CertificateLocations.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace certlife;
using namespace certlife::test;

class TestExpirySummary : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void countsPerStoreAndTotal();
    void monthBuckets_data();
    void monthBuckets();
    void summaryModelRows();
    void fromDatesEqualsFromRows();
    void archivedAreNotCountedAndLongExpiredAre();
    void countedAtTheLocationsCertificatesOfPicks();

private:
    ExpirySummary summarize(const Inventory& inventory) const;

    std::shared_ptr<FixedClock> m_clock;
    Inventory m_inventory;
};

void TestExpirySummary::initTestCase()
{
    m_clock = std::make_shared<FixedClock>(utc(2026, 3, 10, 12));
    const QDateTime now = m_clock->now();
    m_inventory = {
        storeWith(Scope::User, QStringLiteral("My"), QStringLiteral("Personal"),
                  {storedCert(QStringLiteral("expired.example"), utc(2025, 3, 1), utc(2026, 3, 1)),
                   storedCert(QStringLiteral("soon.example"), utc(2025, 3, 20), utc(2026, 3, 20)),
                   storedCert(QStringLiteral("healthy.example"), utc(2026, 1, 1), utc(2027, 1, 1))},
                  now),
        storeWith(Scope::System, QStringLiteral("web"), QStringLiteral("Web"),
                  {storedCert(QStringLiteral("w30.example"), utc(2026, 3, 1), utc(2026, 4, 5)),
                   storedCert(QStringLiteral("w60.example"), utc(2025, 1, 1), utc(2026, 5, 1)),
                   storedCert(QStringLiteral("w90.example"), utc(2025, 1, 1), utc(2026, 6, 1))},
                  now),
        storeWith(Scope::User, QStringLiteral("empty"), QStringLiteral("Empty"), {}, now),
    };
}

ExpirySummary TestExpirySummary::summarize(const Inventory& inventory) const
{
    return ExpirySummary::compute(inventory, CertificateTableModel::buildRows(inventory, m_clock->now(), {}),
                                  m_clock->now());
}

void TestExpirySummary::countsPerStoreAndTotal()
{
    const ExpirySummary s = summarize(m_inventory);
    QCOMPARE(s.total.total(), 6);
    QCOMPARE(s.total[ExpiryState::Expired], 1);
    QCOMPARE(s.total[ExpiryState::Expiring], 1);
    QCOMPARE(s.total[ExpiryState::Within30], 1);
    QCOMPARE(s.total[ExpiryState::Within60], 1);
    QCOMPARE(s.total[ExpiryState::Within90], 1);
    QCOMPARE(s.total[ExpiryState::Healthy], 1);
    QCOMPARE(s.stores.size(), 3);
    QCOMPARE(s.stores[0].storeKey, QStringLiteral("user/My"));
    QCOMPARE(s.stores[0].counts[ExpiryState::Expired], 1);
    QCOMPARE(s.stores[0].counts.total(), 3);
    QCOMPARE(s.stores[1].counts[ExpiryState::Within30], 1);
    QCOMPARE(s.stores[2].counts.total(), 0); // listed although empty
}

void TestExpirySummary::monthBuckets_data()
{
    QTest::addColumn<QDateTime>("notAfter");
    QTest::addColumn<int>("month"); // -1: in no bucket

    QTest::newRow("later today") << utc(2026, 3, 10, 18) << 0;
    QTest::newRow("end of current month") << utc(2026, 3, 31, 23, 59) << 0;
    QTest::newRow("first of next month") << utc(2026, 4, 1) << 1;
    QTest::newRow("across the year") << utc(2027, 1, 15) << 10;
    QTest::newRow("last bucket") << utc(2027, 2, 28, 23) << 11;
    QTest::newRow("beyond 12 months") << utc(2027, 3, 1) << -1;
    QTest::newRow("already expired this month") << utc(2026, 3, 5) << -1;
}

void TestExpirySummary::monthBuckets()
{
    QFETCH(QDateTime, notAfter);
    QFETCH(int, month);
    const ExpirySummary s =
        summarize({storeWith(Scope::User, QStringLiteral("My"), QStringLiteral("Personal"),
                             {storedCert(QStringLiteral("m.example"), utc(2025, 1, 1), notAfter)}, m_clock->now())});
    QCOMPARE(s.months.size(), ExpirySummary::kMonths);
    QCOMPARE(s.months[0].from, m_clock->now());
    QCOMPARE(s.months[0].to, utc(2026, 4, 1));
    QCOMPARE(s.months[0].label(), QStringLiteral("Mar 2026"));
    QCOMPARE(s.months[11].month, QDate(2027, 2, 1));
    for (int i = 0; i < ExpirySummary::kMonths; ++i)
        QCOMPARE(s.months[i].counts.total(), i == month ? 1 : 0);
}

void TestExpirySummary::summaryModelRows()
{
    ExpirySummaryModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setSummary(summarize(m_inventory));
    QCOMPARE(model.rowCount(), 4); // three stores and "All stores"
    QVERIFY(model.isTotalRow(3));
    QCOMPARE(model.index(3, ExpirySummaryModel::StoreColumn).data().toString(), QStringLiteral("All stores"));
    QCOMPARE(model.index(3, ExpirySummaryModel::TotalColumn).data().toInt(), 6);
    const int expiredColumn = ExpirySummaryModel::FirstStateColumn + int(ExpiryState::Expired);
    QCOMPARE(model.headerData(expiredColumn, Qt::Horizontal).toString(), QStringLiteral("Expired"));
    const int within60 = ExpirySummaryModel::FirstStateColumn + int(ExpiryState::Within60);
    QCOMPARE(model.headerData(within60, Qt::Horizontal, Qt::ToolTipRole).toString(), QStringLiteral("Within 60 days"));
    QCOMPARE(model.index(0, expiredColumn).data().toInt(), 1);
    QCOMPARE(model.index(0, expiredColumn).data(ExpirySummaryModel::StateRole).toInt(), int(ExpiryState::Expired));

    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QVERIFY(changed.isValid() && removed.isValid());
    Inventory fewer = m_inventory;
    fewer.removeLast();                       // the empty store goes
    fewer[0].scan.certificates.removeFirst(); // and the expired certificate
    model.setSummary(summarize(fewer));
    QCOMPARE(removed.count(), 1);
    QCOMPARE(model.rowCount(), 3);
    QVERIFY(changed.count() >= 1);
    QCOMPARE(model.index(0, expiredColumn).data().toInt(), 0);
    QCOMPARE(model.index(2, ExpirySummaryModel::TotalColumn).data().toInt(), 5);
}

// The console paints the overview from the inventory's dates before the rows exist: the
// numbers must be the ones the rows give, with each scope's threshold.
void TestExpirySummary::fromDatesEqualsFromRows()
{
    ExpiryThresholds thresholds;
    thresholds.system = ExpiryThreshold{10, 60}; // w30 and w60 are Expiring in System stores
    thresholds.user = ExpiryThreshold{20, 0};
    const QDateTime now = m_clock->now();
    const ExpirySummary fromRows =
        ExpirySummary::compute(m_inventory, CertificateTableModel::buildRows(m_inventory, now, thresholds), now);
    const ExpirySummary fromDates = ExpirySummary::compute(m_inventory, now, thresholds);
    QCOMPARE(fromRows.stores[1].counts[ExpiryState::Expiring], 2);
    QVERIFY(fromDates.total == fromRows.total);
    QCOMPARE(fromDates.stores.size(), fromRows.stores.size());
    for (qsizetype i = 0; i < fromRows.stores.size(); ++i) {
        QCOMPARE(fromDates.stores[i].storeKey, fromRows.stores[i].storeKey);
        QVERIFY2(fromDates.stores[i].counts == fromRows.stores[i].counts, qPrintable(fromRows.stores[i].storeKey));
    }
    QCOMPARE(fromDates.months.size(), fromRows.months.size());
    for (qsizetype i = 0; i < fromRows.months.size(); ++i)
        QVERIFY2(fromDates.months[i].counts == fromRows.months[i].counts, qPrintable(fromRows.months[i].label()));
}

void TestExpirySummary::archivedAreNotCountedAndLongExpiredAre()
{
    TestEnvironment env; // no lifecycle snapshot: the engine's first-pass rule decides
    const QDateTime now = m_clock->now();
    CertOptions names;
    names.dns = {QStringLiteral("shop.example.org")};
    names.path = QStringLiteral("/le/archive/cert1.pem");
    const StoredCertificate old =
        storedCert(QStringLiteral("shop.example.org"), utc(2025, 12, 1), utc(2026, 3, 1), names);
    names.path = QStringLiteral("/le/archive/cert2.pem");
    const StoredCertificate renewal =
        storedCert(QStringLiteral("shop.example.org"), utc(2026, 2, 1), utc(2026, 5, 2), names);
    Inventory inventory = m_inventory;
    inventory[1].scan.certificates << old << renewal
                                   << storedCert(QStringLiteral("root.example"), utc(1998, 1, 1), utc(2016, 1, 1));
    recogniseArchivedIn(inventory);

    const ExpirySummary fromRows = summarize(inventory);
    const ExpirySummary fromDates = ExpirySummary::compute(inventory, now, ExpiryThresholds());
    for (const ExpirySummary& s : {fromRows, fromDates}) {
        QCOMPARE(s.total.total(), 8); // the six, the renewal and the root: the archived one is not counted
        QCOMPARE(s.total.archived, 1);
        QCOMPARE(s.total[ExpiryState::Expired], 2);
        QCOMPARE(s.total.longExpired, 1); // since 2016
        QCOMPARE(s.total[ExpiryState::Within60], 2);
        QCOMPARE(s.stores[1].counts.archived, 1);
        QCOMPARE(s.stores[1].counts.total(), 5);
        int inChart = 0;
        for (const ExpiryMonth& m : s.months)
            inChart += m.counts.total() + m.counts.archived;
        QCOMPARE(inChart, 6); // soon, w30, w60, w90, the renewal, healthy: neither expired nor archived ones
    }
    QVERIFY(fromRows.total == fromDates.total);
}

void TestExpirySummary::countedAtTheLocationsCertificatesOfPicks()
{
    // The summary reads each certificate in place at the location certificatesOf() would
    // make its row of (the first that holds it alone in its file, else its first), without
    // copying it: certbot's live/ and archive/ copies, a bundle, a certificate met twice.
    const auto certificate = [](quint8 id) {
        Certificate c;
        c.sha256.fill(id);
        return c;
    };
    StoreScan scan;
    const auto at = [&](quint8 id, const char* path, int index = 0) {
        scan.certificates << StoredCertificate{certificate(id), QString::fromLatin1(path), index, {}};
    };
    at(1, "/s/bundle.pem", 0);
    at(2, "/s/bundle.pem", 1);
    at(1, "/s/live/cert.pem");
    at(3, "/s/three.pem");
    at(2, "/s/other-bundle.pem", 0);
    at(4, "/s/other-bundle.pem", 1);
    at(1, "/s/archive/cert1.pem");
    at(5, "/s/five.pem");
    at(5, "/s/five-again.pem");
    const QList<StoreCertificate> rows = certificatesOf(scan);
    const QList<qsizetype> primaries = primaryLocations(scan);
    QCOMPARE(primaries.size(), rows.size());
    QStringList expected, read;
    for (qsizetype i = 0; i < rows.size(); ++i) {
        expected << QStringLiteral("%1@%2").arg(rows[i].stored.certificate.sha256[0]).arg(rows[i].stored.path);
        const StoredCertificate& stored = scan.certificates[primaries[i]];
        read << QStringLiteral("%1@%2").arg(stored.certificate.sha256[0]).arg(stored.path);
    }
    QCOMPARE(read, expected);
    QCOMPARE(read.join(QLatin1Char(' ')),
             QStringLiteral("1@/s/live/cert.pem 2@/s/bundle.pem 3@/s/three.pem "
                            "4@/s/other-bundle.pem 5@/s/five.pem"));
}

QTEST_GUILESS_MAIN(TestExpirySummary)
#include "TestExpirySummary.moc"
