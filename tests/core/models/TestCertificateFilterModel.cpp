// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "ModelTestData.h"
#include "models/CertificateFilterModel.h"
#include "models/CertificateTableModel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace certlife;
using namespace certlife::test;

// Five certificates in two stores, at 2026-03-01 12:00 UTC:
//   api.example.org   (user/My)       expires 2026-03-10: within the 10 % threshold (1-year cert)
//   www.example.org   (user/My)       expires 2026-04-15: within 60 days (90-day cert)
//   mail.example.net  (system/web)    expired 2026-02-25
//   db.internal       (system/web)    expires 2026-05-20: within 90 days
//   vpn.example.com   (system/web)    expires 2027-06-01: healthy, SAN gateway.example.com
class TestCertificateFilterModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void searchMatchesNamesAndThumbprints_data();
    void searchMatchesNamesAndThumbprints();
    void stateAndStoreFilters();
    void expiryWindowSelectsAMonth();
    void sortsDaysLeftNumerically();
    void stateSortsMostUrgentFirst();
    void rowsBuiltByUrgencyAreInTheDefaultSortOrder();
    void filterChangesEmitRowSignals();
    void textColumnsSortAgainWhenTheRowsChange_data();
    void textColumnsSortAgainWhenTheRowsChange();

private:
    QStringList visibleSubjects() const;

    std::shared_ptr<FixedClock> m_clock;
    Inventory m_inventory;
    std::unique_ptr<CertificateTableModel> m_table;
    std::unique_ptr<CertificateFilterModel> m_filter;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

void TestCertificateFilterModel::initTestCase()
{
    m_clock = std::make_shared<FixedClock>(utc(2026, 3, 1, 12));
    CertOptions api;
    api.dns = {QStringLiteral("api.example.org")};
    CertOptions www;
    www.dns = {QStringLiteral("www.example.org"), QStringLiteral("example.org")};
    www.org = QStringLiteral("Example Org Ltd");
    CertOptions vpn;
    vpn.dns = {QStringLiteral("vpn.example.com"), QStringLiteral("gateway.example.com")};
    m_inventory = {
        storeWith(Scope::User, QStringLiteral("My"), QStringLiteral("Personal"),
                  {storedCert(QStringLiteral("api.example.org"), utc(2025, 3, 10), utc(2026, 3, 10), api),
                   storedCert(QStringLiteral("www.example.org"), utc(2026, 1, 15), utc(2026, 4, 15), www)},
                  m_clock->now()),
        storeWith(Scope::System, QStringLiteral("web"), QStringLiteral("Web servers"),
                  {storedCert(QStringLiteral("mail.example.net"), utc(2025, 2, 25), utc(2026, 2, 25)),
                   storedCert(QStringLiteral("db.internal"), utc(2025, 1, 1), utc(2026, 5, 20)),
                   storedCert(QStringLiteral("vpn.example.com"), utc(2026, 1, 1), utc(2027, 6, 1), vpn)},
                  m_clock->now()),
    };
}

void TestCertificateFilterModel::init()
{
    m_table = std::make_unique<CertificateTableModel>(m_clock);
    m_table->setInventory(m_inventory);
    m_filter = std::make_unique<CertificateFilterModel>();
    m_filter->setSourceModel(m_table.get());
    m_tester = std::make_unique<QAbstractItemModelTester>(m_filter.get(),
                                                          QAbstractItemModelTester::FailureReportingMode::QtTest);
}

void TestCertificateFilterModel::cleanup()
{
    m_tester.reset();
    m_filter.reset();
    m_table.reset();
}

QStringList TestCertificateFilterModel::visibleSubjects() const
{
    QStringList subjects;
    for (int row = 0; row < m_filter->rowCount(); ++row)
        subjects << m_filter->index(row, CertificateTableModel::SubjectColumn).data().toString();
    return subjects;
}

void TestCertificateFilterModel::searchMatchesNamesAndThumbprints_data()
{
    QTest::addColumn<QString>("search");
    QTest::addColumn<QStringList>("expected");

    QTest::newRow("cn, any case") << "API.example" << QStringList{"api.example.org"};
    QTest::newRow("san only") << "gateway" << QStringList{"vpn.example.com"};
    QTest::newRow("subject attribute") << "Org Ltd" << QStringList{"www.example.org"};
    QTest::newRow("domain in several") << "example.org" << QStringList{"api.example.org", "www.example.org"};
    QTest::newRow("spaces trimmed") << "  db.internal " << QStringList{"db.internal"};
    QTest::newRow("nothing") << "nonexistent.test" << QStringList{};
}

void TestCertificateFilterModel::searchMatchesNamesAndThumbprints()
{
    QFETCH(QString, search);
    QFETCH(QStringList, expected);
    m_filter->setSearchText(search);
    QStringList subjects = visibleSubjects();
    subjects.sort();
    QCOMPARE(subjects, expected);
}

void TestCertificateFilterModel::stateAndStoreFilters()
{
    // Thumbprint search: the middle of vpn's thumbprint, lower case.
    const int vpnRow = m_table->findThumbprint(m_table->rowAt(4).thumbprint());
    QCOMPARE(vpnRow, 4);
    m_filter->setSearchText(m_table->rowAt(4).thumbprint().mid(10, 12).toLower());
    QCOMPARE(visibleSubjects(), QStringList{"vpn.example.com"});
    m_filter->setSearchText({});

    m_filter->setStates({ExpiryState::Expired, ExpiryState::Expiring});
    QStringList subjects = visibleSubjects();
    subjects.sort();
    QCOMPARE(subjects, (QStringList{"api.example.org", "mail.example.net"}));

    m_filter->setStoreKey(QStringLiteral("system/web"));
    QCOMPARE(visibleSubjects(), QStringList{"mail.example.net"});
    QVERIFY(m_filter->isFiltered());

    m_filter->clearFilters();
    QCOMPARE(m_filter->rowCount(), 5);
    QVERIFY(!m_filter->isFiltered());
}

void TestCertificateFilterModel::expiryWindowSelectsAMonth()
{
    m_filter->setExpiryWindow(utc(2026, 4, 1), utc(2026, 5, 1));
    QCOMPARE(visibleSubjects(), QStringList{"www.example.org"});
    // The current month starts at "now": the expired mail certificate is not upcoming.
    m_filter->setExpiryWindow(m_clock->now(), utc(2026, 4, 1));
    QCOMPARE(visibleSubjects(), QStringList{"api.example.org"});
    m_filter->clearExpiryWindow();
    QCOMPARE(m_filter->rowCount(), 5);
}

void TestCertificateFilterModel::sortsDaysLeftNumerically()
{
    // Days left: mail -5, api 8, www 44, db 79, vpn 456. As text "456" < "79" < "8".
    m_filter->sort(CertificateTableModel::DaysLeftColumn, Qt::AscendingOrder);
    QCOMPARE(visibleSubjects(),
             (QStringList{"mail.example.net", "api.example.org", "www.example.org", "db.internal", "vpn.example.com"}));
    m_filter->sort(CertificateTableModel::DaysLeftColumn, Qt::DescendingOrder);
    QCOMPARE(visibleSubjects().first(), QStringLiteral("vpn.example.com"));
    m_filter->sort(CertificateTableModel::LifetimeColumn, Qt::AscendingOrder);
    QCOMPARE(visibleSubjects().first(), QStringLiteral("mail.example.net"));
    m_filter->sort(CertificateTableModel::SubjectColumn, Qt::AscendingOrder);
    QCOMPARE(visibleSubjects().first(), QStringLiteral("api.example.org"));
}

void TestCertificateFilterModel::textColumnsSortAgainWhenTheRowsChange_data()
{
    QTest::addColumn<int>("column");
    QTest::newRow("path") << int(CertificateTableModel::PathColumn);
    QTest::newRow("alternative names") << int(CertificateTableModel::SansColumn);
}

// A text column's sort keys are made once per sort (sorting 100,000 rows by Path made them
// per comparison: seconds): a rescan that changes a row's text must sort it again by the
// new text, not by a key kept from before.
void TestCertificateFilterModel::textColumnsSortAgainWhenTheRowsChange()
{
    QFETCH(int, column);
    const auto inventoryWith = [this](const QString& first, const QString& second) {
        CertOptions a;
        a.path = QStringLiteral("/srv/certs/%1.pem").arg(first);
        a.dns = {first + QStringLiteral(".example")};
        CertOptions b;
        b.path = QStringLiteral("/srv/certs/%1.pem").arg(second);
        b.dns = {second + QStringLiteral(".example")};
        return Inventory{storeWith(Scope::User, QStringLiteral("My"), QStringLiteral("Personal"),
                                   {storedCert(QStringLiteral("first"), utc(2025, 3, 10), utc(2026, 6, 10), a),
                                    storedCert(QStringLiteral("second"), utc(2025, 3, 10), utc(2026, 7, 10), b)},
                                   m_clock->now())};
    };
    m_table->setInventory(inventoryWith(QStringLiteral("bbb"), QStringLiteral("ccc")));
    m_filter->sort(column, Qt::AscendingOrder);
    QCOMPARE(visibleSubjects(), (QStringList{"first", "second"}));
    m_table->setInventory(inventoryWith(QStringLiteral("ddd"), QStringLiteral("aaa"))); // a rescan
    QCOMPARE(visibleSubjects(), (QStringList{"second", "first"}));
    m_table->setInventory(inventoryWith(QStringLiteral("aaa"), QStringLiteral("ddd")));
    QCOMPARE(visibleSubjects(), (QStringList{"first", "second"}));
}

void TestCertificateFilterModel::stateSortsMostUrgentFirst()
{
    // The table's default: expiring soonest (api, 8 days), then the recently expired
    // (mail), then the rest by expiry; descending turns it round.
    m_filter->sort(CertificateTableModel::StateColumn, Qt::AscendingOrder);
    QCOMPARE(visibleSubjects(),
             (QStringList{"api.example.org", "mail.example.net", "www.example.org", "db.internal", "vpn.example.com"}));
    m_filter->sort(CertificateTableModel::StateColumn, Qt::DescendingOrder);
    QCOMPARE(visibleSubjects(),
             (QStringList{"vpn.example.com", "db.internal", "www.example.org", "mail.example.net", "api.example.org"}));
}

// The console builds its rows already in the table's default order (most urgent first)
// so the proxy's first sort finds them in place. That order must be exactly the one the
// proxy shows for rows built in inventory order, ties (same expiry) included.
void TestCertificateFilterModel::rowsBuiltByUrgencyAreInTheDefaultSortOrder()
{
    Inventory inventory = m_inventory;
    // Ties with www.example.org (2026-04-15), in both stores, before and after it.
    inventory[0].scan.certificates.prepend(
        storedCert(QStringLiteral("tie-first.example.org"), utc(2026, 1, 1), utc(2026, 4, 15)));
    inventory[1].scan.certificates.append(
        storedCert(QStringLiteral("tie-last.example.org"), utc(2026, 2, 1), utc(2026, 4, 15)));
    const ExpiryThresholds thresholds;
    using Order = CertificateTableModel::RowOrder;
    const QList<CertificateRow> presorted =
        CertificateTableModel::buildRows(inventory, m_clock->now(), thresholds, Order::ByUrgency);

    for (int column : {int(CertificateTableModel::StateColumn)}) {
        CertificateTableModel byInventory(m_clock);
        byInventory.setRows(CertificateTableModel::buildRows(inventory, m_clock->now(), thresholds, Order::Inventory));
        CertificateFilterModel sorted;
        sorted.setSourceModel(&byInventory);
        QAbstractItemModelTester tester(&sorted, QAbstractItemModelTester::FailureReportingMode::QtTest);
        sorted.sort(column, Qt::AscendingOrder);

        CertificateTableModel byUrgency(m_clock);
        byUrgency.setRows(presorted);
        CertificateFilterModel proxy;
        proxy.setSourceModel(&byUrgency);
        QAbstractItemModelTester presortedTester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        proxy.sort(column, Qt::AscendingOrder);

        QCOMPARE(byUrgency.rowCount(), 7);
        QCOMPARE(sorted.rowCount(), byUrgency.rowCount());
        for (int row = 0; row < byUrgency.rowCount(); ++row) {
            // The proxy leaves presorted rows where they are…
            QCOMPARE(proxy.sourceRow(row), row);
            // …and shows the same certificates in the same order as when it sorts itself.
            QVERIFY(byUrgency.rowAt(row).identity() == byInventory.rowAt(sorted.sourceRow(row)).identity());
        }
    }
    QCOMPARE(presorted.at(0).certificate().subjectCN, QStringLiteral("api.example.org"));
    QCOMPARE(presorted.at(1).certificate().subjectCN, QStringLiteral("mail.example.net"));
    QCOMPARE(presorted.at(2).certificate().subjectCN, QStringLiteral("tie-first.example.org"));
    QCOMPARE(presorted.at(3).certificate().subjectCN, QStringLiteral("www.example.org"));
    QCOMPARE(presorted.at(4).certificate().subjectCN, QStringLiteral("tie-last.example.org"));
}

void TestCertificateFilterModel::filterChangesEmitRowSignals()
{
    QSignalSpy removed(m_filter.get(), &QAbstractItemModel::rowsRemoved);
    QSignalSpy inserted(m_filter.get(), &QAbstractItemModel::rowsInserted);
    QSignalSpy filtersChanged(m_filter.get(), &CertificateFilterModel::filtersChanged);
    QVERIFY(removed.isValid() && inserted.isValid() && filtersChanged.isValid());

    m_filter->setSearchText(QStringLiteral("vpn"));
    QVERIFY(removed.count() >= 1);
    QCOMPARE(m_filter->rowCount(), 1);
    QCOMPARE(filtersChanged.count(), 1);
    m_filter->setSearchText(QStringLiteral("vpn")); // same text: nothing to do
    QCOMPARE(filtersChanged.count(), 1);

    // A rescan that adds a matching certificate shows it without touching the filter.
    Inventory more = m_inventory;
    more[0].scan.certificates.append(storedCert(QStringLiteral("vpn2.example.com"), utc(2026, 1, 1), utc(2026, 12, 1)));
    m_table->setInventory(more);
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(m_filter->rowCount(), 2);
}

QTEST_GUILESS_MAIN(TestCertificateFilterModel)
#include "TestCertificateFilterModel.moc"
