// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// One truth for states (issue 13, item 1): for the same machine and the same clock, the
// Overview's tiles, `certlifectl report`'s counts and the agent's warnings (1002/1003)
// say the same. The machine: a certbot live/archive tree whose certificate was renewed
// (its predecessor, 4 days from expiry, is archived, not Expiring), an expired
// certificate, one expired since 2016, and certificates 10, 45, 80 and 200 days from
// expiry. Real stores, real snapshot, real event log, the real certlifectl; only the
// clock is fixed. With CERTLIFE_SCREENSHOT_DIR set it saves the Overview and the
// Certificates page at 1440x900 (statesagree-*.png).

#include "../app/CliProcess.h"
#include "CertFactory.h"
#include "RealStoresConsole.h"
#include "ConsoleTestSupport.h"
#include "MainWindow.h"
#include "TestEnvironment.h"
#include "console/ConsoleController.h"
#include "console/ConsoleSettings.h"
#include "eventlog/EventLog.h"
#include "models/CatalogInventorySource.h"
#include "models/CertificateFilterModel.h"
#include "models/CertificateTableModel.h"
#include "models/EventLogSource.h"
#include "models/ExpirySummaryModel.h"
#include "pages/CertificatesPage.h"
#include "pages/OverviewPage.h"
#include "util/Paths.h"
#include "widgets/CertificateDetailsPane.h"
#include "widgets/SummaryTile.h"

#include <QCoro/QCoroTask>
#include <QComboBox>
#include <QCryptographicHash>
#include <QDir>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QTableView>
#include <QTest>
#include <QTextBrowser>
#include <unistd.h>

using namespace certlife;
using namespace certlife::test;
using namespace certlife::ui;

namespace {
const QDateTime kNow(QDate(2026, 3, 1), QTime(12, 0), Qt::UTC);
const QDateTime kBefore(QDate(2026, 2, 1), QTime(12, 0), Qt::UTC); // the agent's pass before the renewal

QString isoOf(const QDateTime& t)
{
    return t.toString(Qt::ISODate);
}

// The counts as "expired expiring within30 within60 within90 healthy, archived A".
QString countsText(const std::array<int, kExpiryStateCount>& counts)
{
    QStringList bins;
    for (int i = 0; i < kExpiryBinCount; ++i)
        bins << QString::number(counts[size_t(i)]);
    return bins.join(QLatin1Char(' ')) + QStringLiteral(", archived %1").arg(counts[size_t(ExpiryState::Archived)]);
}
} // namespace

class TestStatesAgree : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void overviewReportAndAgentAgree();
    void archivedShowsItsSuccessor();
    void mostUrgentFirstAndLongExpired();
    void acknowledgedAndMutedAgree(); // last: it changes the machine

private:
    void writeCertificate(const QString& path, const QString& cn, const QDateTime& notBefore, const QDateTime& notAfter,
                          const QByteArray& serial);
    CliRun certlifectl(const QStringList& args, const QDateTime& now) const;
    void save(const QString& name);

    std::unique_ptr<TestEnvironment> m_env;
    QString m_letsencrypt;
    std::unique_ptr<RealStoresConsole> m_console;
    ConsoleController* m_controller = nullptr;
    MainWindow* m_window = nullptr;
    QMap<QString, QString> m_sha256; // cn or "shop-1"/"shop-2" → SHA-256
};

void TestStatesAgree::writeCertificate(const QString& path, const QString& cn, const QDateTime& notBefore,
                                       const QDateTime& notAfter, const QByteArray& serial)
{
    CertSpec spec;
    spec.cn = cn;
    spec.dns = {cn};
    spec.notBefore = notBefore;
    spec.notAfter = notAfter;
    spec.serialHex = serial;
    const GeneratedCert cert = makeCertificate(spec);
    QVERIFY(QDir().mkpath(QFileInfo(path).path()));
    QVERIFY(writeFile(path, cert.pem()));
    m_sha256.insert(
        cn == QLatin1String("shop.example.org") ? QStringLiteral("shop-") + QString::fromLatin1(serial) : cn,
        QString::fromLatin1(QCryptographicHash::hash(cert.der, QCryptographicHash::Sha256).toHex().toUpper()));
}

CliRun TestStatesAgree::certlifectl(const QStringList& args, const QDateTime& now) const
{
    return runCli(args, {QStringLiteral("CERTLIFE_NOW=") + isoOf(now)});
}

void TestStatesAgree::save(const QString& name)
{
    const QString dir = qEnvironmentVariable("CERTLIFE_SCREENSHOT_DIR");
    if (dir.isEmpty())
        return;
    QTest::qWait(150); // let the layout settle and the views paint
    QVERIFY(QDir().mkpath(dir));
    const QString path = QDir(dir).filePath(name + QStringLiteral(".png"));
    QVERIFY(m_window->grab().toImage().save(path));
    qInfo("saved %s", qPrintable(path));
}

void TestStatesAgree::initTestCase()
{
    m_env = std::make_unique<TestEnvironment>();
    const auto daysFromNow = [](double days) { return kNow.addSecs(qint64(days * 86400)); };

    // certbot: live/shop.example.org/cert.pem -> ../../archive/shop.example.org/cert1.pem,
    // a 90-day certificate. The user's policy monitors the tree, as an admin would.
    m_letsencrypt = m_env->path(QStringLiteral("etc/letsencrypt"));
    const QString archive = m_letsencrypt + QStringLiteral("/archive/shop.example.org");
    const QString live = m_letsencrypt + QStringLiteral("/live/shop.example.org");
    writeCertificate(archive + QStringLiteral("/cert1.pem"), QStringLiteral("shop.example.org"), daysFromNow(-86),
                     daysFromNow(4), "1");
    QVERIFY(QDir().mkpath(live));
    QVERIFY(::symlink("../../archive/shop.example.org/cert1.pem", qPrintable(live + QStringLiteral("/cert.pem"))) == 0);
    QVERIFY(writeFile(Paths::policyFile(Scope::User),
                      QStringLiteral("[Policy]\nAdditionalStores=%1\n").arg(m_letsencrypt).toUtf8()));

    // The user's own store: one-year certificates (10 % = 36.5 days).
    const QString my = Paths::defaultMyStore(Scope::User);
    const auto oneYear = [&](const QString& cn, double daysLeft, const QByteArray& serial) {
        writeCertificate(my + QLatin1Char('/') + cn + QStringLiteral(".pem"), cn, daysFromNow(daysLeft - 365),
                         daysFromNow(daysLeft), serial);
    };
    oneYear(QStringLiteral("expired.example"), -5, "E1");
    oneYear(QStringLiteral("legacy.example"), -3700, "E2"); // expired since 2016: long expired
    oneYear(QStringLiteral("ten.example"), 10, "10");
    oneYear(QStringLiteral("fortyfive.example"), 45, "45");
    oneYear(QStringLiteral("eighty.example"), 80, "80");
    oneYear(QStringLiteral("twohundred.example"), 200, "C8");

    // The agent's pass a month ago: nothing expired or close then but the legacy one.
    CliRun pass = certlifectl({"watch", "--once", "--scope", "user", "--no-journal", "--no-tasks"}, kBefore);
    QVERIFY2(pass.code == 0, qPrintable(pass.err));

    // certbot renews: cert2.pem, and live/ follows it.
    writeCertificate(archive + QStringLiteral("/cert2.pem"), QStringLiteral("shop.example.org"), daysFromNow(-1),
                     daysFromNow(89), "2");
    QVERIFY(QFile::remove(live + QStringLiteral("/cert.pem")));
    QVERIFY(::symlink("../../archive/shop.example.org/cert2.pem", qPrintable(live + QStringLiteral("/cert.pem"))) == 0);
    // With its chain in fullchain2.pem, and live/fullchain.pem: the renewal is at four
    // paths of the store (and the chain at two), and counts once.
    CertSpec chain;
    chain.cn = QStringLiteral("Test R3");
    chain.isCA = true;
    chain.notBefore = daysFromNow(-400);
    chain.notAfter = daysFromNow(1000);
    QFile renewed(archive + QStringLiteral("/cert2.pem"));
    QVERIFY(renewed.open(QIODevice::ReadOnly));
    QVERIFY(writeFile(archive + QStringLiteral("/fullchain2.pem"), renewed.readAll() + makeCertificate(chain).pem()));
    QVERIFY(
        ::symlink("../../archive/shop.example.org/fullchain2.pem", qPrintable(live + QStringLiteral("/fullchain.pem")))
        == 0);

    // And the agent's pass now, which sees the renewal and warns.
    pass = certlifectl({"watch", "--once", "--scope", "user", "--no-journal", "--no-tasks"}, kNow);
    QVERIFY2(pass.code == 0, qPrintable(pass.err));

    // The console over the same machine, at the same instant.
    m_console = std::make_unique<RealStoresConsole>(*m_env, kNow);
    m_window = m_console->window.get();
    m_controller = m_console->controller.get();
    QVERIFY(m_console->show());
    // Six of the user's own, the archived one, the renewed one (one row for its four paths)
    // and its chain.
    QTRY_COMPARE_WITH_TIMEOUT(m_controller->certificates()->rowCount(), 9, 30000);
    QTRY_VERIFY(!m_controller->isScanning());
    QTRY_VERIFY(m_controller->hasLoadedSummary());
}

void TestStatesAgree::cleanupTestCase()
{
    m_console.reset();
}

void TestStatesAgree::overviewReportAndAgentAgree()
{
    // The Overview's tiles (and the "All stores" row of By store).
    std::array<int, kExpiryStateCount> overview{};
    OverviewPage* page = m_window->overviewPage();
    m_window->showPage(page);
    for (int i = 0; i < kExpiryBinCount; ++i)
        overview[size_t(i)] = page->tile(ExpiryState(i))->count();
    overview[size_t(ExpiryState::Archived)] = m_controller->summary()->summary().total.archived;
    // Expired: 2 (one long expired); Expiring: ten.example (the renewed certificate's
    // predecessor, 4 days from expiry, is archived); within 60: fortyfive.example;
    // within 90: eighty.example and the renewal (89 days), once for its four paths;
    // healthy: twohundred.example and the chain.
    QCOMPARE(countsText(overview), QStringLiteral("2 1 0 1 2 2, archived 1"));
    save(QStringLiteral("statesagree-overview"));

    // `certlifectl report`, as a script would read it, with and without the archived ones.
    CliRun report = certlifectl({"report", "--kind", "certificates", "--format", "json", "--out", "-"}, kNow);
    QVERIFY2(report.code == 0, qPrintable(report.err));
    std::array<int, kExpiryStateCount> reported{};
    QJsonObject doc = QJsonDocument::fromJson(report.out.toUtf8()).object();
    for (const QJsonValue& row : doc.value(QStringLiteral("rows")).toArray()) {
        const QString name = row.toObject().value(QStringLiteral("state")).toString();
        int matched = 0;
        for (int i = 0; i < kExpiryStateCount; ++i)
            if (expiryStateName(ExpiryState(i)) == name) {
                ++reported[size_t(i)];
                ++matched;
            }
        QVERIFY2(matched == 1, qPrintable(name));
    }
    QCOMPARE(countsText(reported), QStringLiteral("2 1 0 1 2 2, archived 0")); // left out of the report
    QVERIFY2(doc.value(QStringLiteral("summary"))
                 .toString()
                 .startsWith(QStringLiteral(
                     "8 certificates: 2 expired (1 long expired), 1 expiring, 0 within 30 days, 1 within 60 days, "
                     "2 within 90 days, 2 healthy; 1 archived left out")),
             qPrintable(doc.value(QStringLiteral("summary")).toString()));
    report =
        certlifectl({"report", "--kind", "certificates", "--format", "json", "--out", "-", "--include-archived"}, kNow);
    QVERIFY2(report.code == 0, qPrintable(report.err));
    doc = QJsonDocument::fromJson(report.out.toUtf8()).object();
    const QJsonArray rows = doc.value(QStringLiteral("rows")).toArray();
    QCOMPARE(rows.size(), 9);
    QCOMPARE(rows.last().toObject().value(QStringLiteral("state")).toString(), QStringLiteral("Archived"));
    QCOMPARE(rows.last().toObject().value(QStringLiteral("supersededBy")).toString(),
             m_sha256.value(QStringLiteral("shop-2")));
    // The renewal's row in the report names its four locations, as the console's does.
    int renewalRows = 0;
    for (const QJsonValue& row : rows) {
        if (row.toObject().value(QStringLiteral("sha256")).toString() != m_sha256.value(QStringLiteral("shop-2")))
            continue;
        ++renewalRows;
        QCOMPARE(row.toObject().value(QStringLiteral("locations")).toArray().size(), 4);
    }
    QCOMPARE(renewalRows, 1);
    int renewalRow = -1;
    for (int i = 0; i < m_controller->certificates()->rowCount(); ++i)
        if (m_controller->certificates()->rowAt(i).certificate().sha256Hex()
            == m_sha256.value(QStringLiteral("shop-2")))
            renewalRow = i;
    QVERIFY(renewalRow >= 0);
    QCOMPARE(m_controller->certificates()->rowAt(renewalRow).locationCount(), 4);

    // The agent's warnings of its pass now: one 1002 per expired certificate, one 1003
    // per expiring one, none for the archived predecessor.
    EventLog log(Paths::eventLogFile(Scope::User), Scope::User);
    QString error;
    QVERIFY2(log.openReadOnly(&error), qPrintable(error));
    EventQuery query;
    query.ids = {EventId::Expired, EventId::CloseToExpiration, EventId::Replace, EventId::Archived};
    query.limit = 1000;
    QSet<QString> expired, expiring;
    int replaced = 0, archived = 0;
    for (const LifecycleEvent& e : log.query(query)) {
        if (e.time != kNow)
            continue; // the pass before the renewal
        if (e.id == EventId::Expired)
            expired.insert(e.certificate.sha256.toUpper());
        else if (e.id == EventId::CloseToExpiration)
            expiring.insert(e.certificate.sha256.toUpper());
        else if (e.id == EventId::Replace)
            ++replaced;
        else
            ++archived;
    }
    QCOMPARE(expired.size(), overview[size_t(ExpiryState::Expired)]);
    QCOMPARE(expiring.size(), overview[size_t(ExpiryState::Expiring)]);
    QVERIFY(expiring.contains(m_sha256.value(QStringLiteral("ten.example"))));
    QVERIFY(!expiring.contains(m_sha256.value(QStringLiteral("shop-1"))));
    QCOMPARE(replaced, 1); // the renewal: one 1001 and one 1005
    QCOMPARE(archived, 1);

    // "Needs attention" on the Certificates page: the same three.
    CertificatesPage* certificates = m_window->certificatesPage();
    m_window->showPage(certificates);
    QComboBox* state = certificates->findChild<QComboBox*>(QStringLiteral("stateFilter"));
    state->setCurrentIndex(1); // Needs attention (expired or expiring)
    QCOMPARE(certificates->filterModel()->rowCount(), expired.size() + expiring.size());
    state->setCurrentIndex(0);
}

void TestStatesAgree::archivedShowsItsSuccessor()
{
    CertificatesPage* page = m_window->certificatesPage();
    m_window->showPage(page);
    QTableView* table = page->table();
    int archivedRow = -1;
    for (int row = 0; row < table->model()->rowCount(); ++row)
        if (table->model()->index(row, CertificateTableModel::StateColumn).data().toString()
            == QLatin1String("Archived"))
            archivedRow = row;
    QVERIFY(archivedRow >= 0);
    QCOMPARE(archivedRow, table->model()->rowCount() - 1); // archived last in "most urgent first"
    table->setCurrentIndex(table->model()->index(archivedRow, 0));
    const QString details = page->details()->detailsText();
    QVERIFY2(details.contains(QStringLiteral("Superseded by shop.example.org, which expires 2026-05-29")),
             qPrintable(details));
    QVERIFY(details.contains(QStringLiteral("archive/shop.example.org/cert1.pem")));
    save(QStringLiteral("statesagree-certificates"));

    // The link selects the successor, in the same store.
    QTextBrowser* fields = page->details()->findChild<QTextBrowser*>(QStringLiteral("certificateFields"));
    QVERIFY(fields);
    Q_EMIT fields->anchorClicked(QUrl(QStringLiteral("successor:") + m_sha256.value(QStringLiteral("shop-2"))));
    const CertificateRow* selected = page->currentRow();
    QVERIFY(selected);
    QCOMPARE(selected->certificate().sha256Hex(), m_sha256.value(QStringLiteral("shop-2")));
    QCOMPARE(expiryStateName(selected->expiry.state), QStringLiteral("Within 90 days"));
}

void TestStatesAgree::mostUrgentFirstAndLongExpired()
{
    CertificatesPage* page = m_window->certificatesPage();
    m_window->showPage(page);
    QStringList order;
    QAbstractItemModel* model = page->table()->model();
    for (int row = 0; row < model->rowCount(); ++row)
        order << model->index(row, CertificateTableModel::SubjectColumn).data().toString();
    // Expiring soonest, the recently expired, the rest by expiry (the renewal once, its
    // chain), the long expired, the archived.
    QCOMPARE(order,
             (QStringList{"ten.example", "expired.example", "fortyfive.example", "eighty.example", "shop.example.org",
                          "twohundred.example", "Test R3", "legacy.example", "shop.example.org"}));
    QVERIFY2(page->countText().contains(QStringLiteral("1 long expired")), qPrintable(page->countText()));
    const QString subtitle = m_window->overviewPage()->tile(ExpiryState::Expired)->subtitle();
    QVERIFY2(subtitle.startsWith(QStringLiteral("1 long expired")), qPrintable(subtitle));

    // `certlifectl scan --store` lists in the same order, with the same states.
    const CliRun scan = certlifectl({"scan", "--store", "My", "--scope", "user"}, kNow);
    QVERIFY2(scan.code == 0, qPrintable(scan.err));
    QStringList scanned; // NOT AFTER (16), DAYS LEFT (9), STATE (14), KEY (3), SUBJECT, two spaces apart
    const QStringList lines = scan.out.split(QLatin1Char('\n'));
    QVERIFY2(lines.value(0).mid(29).startsWith(QStringLiteral("STATE")), qPrintable(lines.value(0)));
    for (const QString& line : lines.mid(1)) {
        if (line.isEmpty())
            break;
        scanned << line.mid(29, 14).trimmed() + QLatin1Char(' ') + line.mid(50).section(QLatin1Char(' '), 0, 0);
    }
    QCOMPARE(scanned,
             (QStringList{"Expiring ten.example", "Expired expired.example", "Within 60 days fortyfive.example",
                          "Within 90 days eighty.example", "Healthy twohundred.example", "Expired legacy.example"}));
    QVERIFY2(scan.out.contains(QStringLiteral("; 1 long expired (listed last)")), qPrintable(scan.out));
}

void TestStatesAgree::acknowledgedAndMutedAgree()
{
    // The admin acknowledges ten.example (expiring) and mutes the certbot tree's store.
    QString certbotStore;
    for (int i = 0; i < m_controller->certificates()->rowCount(); ++i)
        if (m_controller->certificates()->rowAt(i).certificate().subjectCN == QLatin1String("shop.example.org"))
            certbotStore = m_controller->certificates()->rowAt(i).storeId();
    QVERIFY(!certbotStore.isEmpty());
    CliRun run = certlifectl(
        {"ack", m_sha256.value(QStringLiteral("ten.example")), "--scope", "user", "--note", "renewal ordered"}, kNow);
    QVERIFY2(run.code == 0, qPrintable(run.err));
    run = certlifectl({"mute", "--store", certbotStore, "--scope", "user"}, kNow);
    QVERIFY2(run.code == 0, qPrintable(run.err));

    // The console reads them with its next scan.
    QVERIFY(QCoro::waitFor(m_controller->scanNow()));
    QTRY_VERIFY(!m_controller->isScanning());
    std::array<int, kExpiryStateCount> overview{};
    OverviewPage* page = m_window->overviewPage();
    overview[size_t(ExpiryState::Archived)] = m_controller->summary()->summary().total.archived;
    // ten.example and the renewal (at archive/ and live/) are no longer counted.
    QTRY_COMPARE(m_controller->summary()->summary().total.acknowledged, 3);
    for (int i = 0; i < kExpiryBinCount; ++i)
        overview[size_t(i)] = page->tile(ExpiryState(i))->count();
    QCOMPARE(countsText(overview), QStringLiteral("2 0 0 1 1 1, archived 1"));
    QVERIFY2(page->subtitleText().contains(QStringLiteral("3 acknowledged or muted not counted")),
             qPrintable(page->subtitleText()));

    // `certlifectl report`: the same bins, the acknowledged left out and said so.
    run = certlifectl({"report", "--kind", "certificates", "--format", "json", "--out", "-"}, kNow);
    QVERIFY2(run.code == 0, qPrintable(run.err));
    const QJsonObject doc = QJsonDocument::fromJson(run.out.toUtf8()).object();
    std::array<int, kExpiryStateCount> reported{};
    for (const QJsonValue& row : doc.value(QStringLiteral("rows")).toArray())
        for (int i = 0; i < kExpiryBinCount; ++i)
            if (expiryStateName(ExpiryState(i)) == row.toObject().value(QStringLiteral("state")).toString())
                ++reported[size_t(i)];
    reported[size_t(ExpiryState::Archived)] = 1;
    QCOMPARE(countsText(reported), countsText(overview));
    QVERIFY2(
        doc.value(QStringLiteral("summary")).toString().contains(QStringLiteral("3 acknowledged or muted left out")),
        qPrintable(doc.value(QStringLiteral("summary")).toString()));

    // The agent, two days later (RenotifyInterval over): 1002 for the two expired, no
    // 1003 for the acknowledged one; the acknowledgement and the mute are in its log.
    const QDateTime later = kNow.addDays(2);
    run = certlifectl({"watch", "--once", "--scope", "user", "--no-journal", "--no-tasks"}, later);
    QVERIFY2(run.code == 0, qPrintable(run.err));
    EventLog log(Paths::eventLogFile(Scope::User), Scope::User);
    QString error;
    QVERIFY2(log.openReadOnly(&error), qPrintable(error));
    EventQuery query;
    query.ids = {EventId::Expired, EventId::CloseToExpiration, EventId::Acknowledged};
    query.limit = 1000;
    int expired = 0, expiring = 0, acknowledged = 0;
    for (const LifecycleEvent& e : log.query(query)) {
        if (e.id == EventId::Acknowledged)
            ++acknowledged;
        else if (e.time == later)
            ++(e.id == EventId::Expired ? expired : expiring);
    }
    QCOMPARE(expired, overview[size_t(ExpiryState::Expired)]);
    QCOMPARE(expiring, overview[size_t(ExpiryState::Expiring)]);
    QCOMPARE(acknowledged, 2);
}

QTEST_MAIN(TestStatesAgree)
#include "TestStatesAgree.moc"
