// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// Endpoint stores in the console (issue 16 items 3 and 5, issue 18 item 4): the real
// window over a real file store and a real endpoint store whose addresses are real TLS
// services on loopback (TlsTestServer): one serves the certificate the file store holds,
// one an expired self-signed certificate for another name, one port refuses. The file
// certificate that is served says so (column, icon, filter, details), the others do not;
// the Stores page lists each address with its handshake and findings; each store kind
// has its own icon. With CERTLIFE_SCREENSHOT_DIR set it saves the Stores and the
// Certificates page at 1440x900 and 1024x700 (endpoints-*.png).

#include "EndpointTestSupport.h"
#include "RealStoresConsole.h"
#include "TlsTestServer.h"
#include "models/CertificateFilterModel.h"
#include "models/CertificateTableModel.h"
#include "models/EndpointProbeModel.h"
#include "models/StoreListModel.h"
#include "pages/CertificatesPage.h"
#include "pages/StoresPage.h"
#include "stores/StoreCatalog.h"
#include "util/Paths.h"
#include "widgets/CertificateDetailsPane.h"
#include "widgets/StoreKindIcons.h"

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QTest>

using namespace certlife;
using namespace certlife::test;
using namespace certlife::ui;

namespace {
const QDateTime kNow(QDate(2026, 2, 1), QTime(12, 0), Qt::UTC);

QString sha256Of(const GeneratedCert& cert)
{
    return QString::fromLatin1(QCryptographicHash::hash(cert.der, QCryptographicHash::Sha256).toHex().toUpper());
}
} // namespace

class TestEndpointStoresInConsole : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void servedFileCertificateIsMarkedAndOthersAreNot();
    void endpointCertificatesReadAsTheirAddress();
    void endpointStoreListsEachAddressWithItsFindings();
    void storeKindsHaveTheirOwnIcons();

private:
    int certificateRow(const QString& storeKey, const QString& sha256) const; // source row, -1 when absent
    bool selectCertificate(int sourceRow);
    void save(const QString& name);

    std::unique_ptr<TestEnvironment> m_env;
    std::unique_ptr<EndpointPki> m_pki;
    std::unique_ptr<TlsTestServer> m_server;
    std::unique_ptr<RealStoresConsole> m_console;
    std::unique_ptr<QAbstractItemModelTester> m_storeTester, m_endpointTester, m_certificateTester;
    MainWindow* m_window = nullptr;
    ConsoleController* m_controller = nullptr;
    QString m_served, m_spare, m_expired; // SHA-256 of the served file, the other file, the expired one
    QString m_servedEndpoint, m_expiredEndpoint, m_refusedEndpoint; // HOST:PORT
};

void TestEndpointStoresInConsole::initTestCase()
{
    m_env = std::make_unique<TestEnvironment>();
    m_pki = std::make_unique<EndpointPki>();
    // The probe judges chains against OpenSSL's default trust store: the test's root only.
    const QString trust = m_env->path(QStringLiteral("trust.pem"));
    QVERIFY(m_pki->writeTrustFile(trust));
    qputenv("SSL_CERT_FILE", trust.toLocal8Bit());
    qputenv("SSL_CERT_DIR", m_env->path(QStringLiteral("no-trust-dir")).toLocal8Bit());

    // The user's store holds the deployed certificate and a spare one.
    const GeneratedCert deployed =
        m_pki->leaf(QStringLiteral("test.example"), QDateTime(QDate(2026, 1, 15), QTime(), Qt::UTC), "01");
    const GeneratedCert spare =
        m_pki->leaf(QStringLiteral("spare.example"), QDateTime(QDate(2026, 1, 15), QTime(), Qt::UTC), "02");
    const QString my = Paths::defaultMyStore(Scope::User);
    QVERIFY(QDir().mkpath(my));
    QVERIFY(writeFile(my + QStringLiteral("/deployed.pem"), deployed.pem()));
    QVERIFY(writeFile(my + QStringLiteral("/spare.pem"), spare.pem()));
    m_served = sha256Of(deployed);
    m_spare = sha256Of(spare);

    // An expired self-signed certificate for another name, forgotten on a second port.
    CertSpec old;
    old.cn = QStringLiteral("old.example");
    old.dns = {QStringLiteral("old.example")};
    old.notBefore = kNow.addDays(-400);
    old.notAfter = kNow.addDays(-35);
    old.serialHex = "0D";
    const GeneratedCert expired = makeCertificate(old);
    m_expired = sha256Of(expired);

    m_server = std::make_unique<TlsTestServer>();
    const quint16 servedPort =
        m_server->listen(QStringLiteral("127.0.0.1"), TlsTestServer::Mode::Tls, m_pki->chainOf(deployed));
    const quint16 expiredPort = m_server->listen(QStringLiteral("127.0.0.1"), TlsTestServer::Mode::Tls, {expired});
    QVERIFY(servedPort != 0 && expiredPort != 0);
    m_server->start();
    m_servedEndpoint = QStringLiteral("127.0.0.1:%1").arg(servedPort);
    m_expiredEndpoint = QStringLiteral("127.0.0.1:%1").arg(expiredPort);
    m_refusedEndpoint = QStringLiteral("127.0.0.1:%1").arg(closedPort());

    StoreConfig web;
    web.id = QStringLiteral("web");
    web.displayName = QStringLiteral("Web endpoints");
    web.kind = StoreKind::TlsEndpoint;
    web.scope = Scope::User;
    web.path = QStringList{m_servedEndpoint, m_expiredEndpoint, m_refusedEndpoint}.join(QLatin1Char(' '));
    web.sni = QStringLiteral("test.example");
    StoreCatalog catalog = StoreCatalog::load();
    const QString added = catalog.add(web);
    QVERIFY2(added.isEmpty(), qPrintable(added));

    m_console = std::make_unique<RealStoresConsole>(*m_env, kNow);
    m_window = m_console->window.get();
    m_controller = m_console->controller.get();
    // Every model the pages show, checked from the first row on.
    const auto mode = QAbstractItemModelTester::FailureReportingMode::QtTest;
    m_storeTester = std::make_unique<QAbstractItemModelTester>(m_window->storesPage()->storeTable()->model(), mode);
    m_endpointTester =
        std::make_unique<QAbstractItemModelTester>(m_window->storesPage()->endpointTable()->model(), mode);
    m_certificateTester = std::make_unique<QAbstractItemModelTester>(m_window->certificatesPage()->filterModel(), mode);
    QVERIFY(m_console->show());
    // The two files, the served chain (leaf and intermediate) and the expired certificate.
    QTRY_COMPARE_WITH_TIMEOUT(m_controller->certificates()->rowCount(), 5, 30000);
    QTRY_VERIFY(!m_controller->isScanning());
}

void TestEndpointStoresInConsole::cleanupTestCase()
{
    m_storeTester.reset();
    m_endpointTester.reset();
    m_certificateTester.reset();
    m_console.reset();
    m_server.reset();
}

int TestEndpointStoresInConsole::certificateRow(const QString& storeKey, const QString& sha256) const
{
    const CertificateTableModel* model = m_controller->certificates();
    for (int row = 0; row < model->rowCount(); ++row)
        if (model->rowAt(row).storeKey() == storeKey && model->rowAt(row).certificate().sha256Hex() == sha256)
            return row;
    return -1;
}

bool TestEndpointStoresInConsole::selectCertificate(int sourceRow)
{
    CertificatesPage* page = m_window->certificatesPage();
    const QModelIndex index = page->filterModel()->mapFromSource(m_controller->certificates()->index(sourceRow, 0));
    if (!index.isValid())
        return false;
    page->table()->selectRow(index.row());
    return page->currentRow() == &m_controller->certificates()->rowAt(sourceRow);
}

void TestEndpointStoresInConsole::save(const QString& name)
{
    const QString dir = qEnvironmentVariable("CERTLIFE_SCREENSHOT_DIR");
    if (dir.isEmpty())
        return;
    for (const QSize size : {QSize(1440, 900), QSize(1024, 700)}) {
        m_window->resize(size);
        QTest::qWait(200); // let the layout settle and the views paint
        QVERIFY(QDir().mkpath(dir));
        const QString path =
            QDir(dir).filePath(QStringLiteral("%1-%2x%3.png").arg(name).arg(size.width()).arg(size.height()));
        QVERIFY(m_window->grab().toImage().save(path));
        qInfo("saved %s", qPrintable(path));
    }
    m_window->resize(1440, 900);
}

void TestEndpointStoresInConsole::servedFileCertificateIsMarkedAndOthersAreNot()
{
    CertificatesPage* page = m_window->certificatesPage();
    m_window->showPage(page);
    const CertificateTableModel* model = m_controller->certificates();
    const int served = certificateRow(QStringLiteral("user/My"), m_served);
    const int spare = certificateRow(QStringLiteral("user/My"), m_spare);
    QVERIFY(served >= 0 && spare >= 0);

    // The Served column names the endpoint, its tooltip every address with its store.
    const QModelIndex servedCell = model->index(served, CertificateTableModel::ServedColumn);
    QCOMPARE(servedCell.data().toString(), QStringLiteral("Served at %1").arg(m_servedEndpoint));
    QVERIFY(servedCell.data(CertificateTableModel::ServedRole).toBool());
    const QString where = servedCell.data(Qt::ToolTipRole).toString();
    QVERIFY2(where.contains(QStringLiteral("%1 [127.0.0.1] (store Web endpoints)").arg(m_servedEndpoint)),
             qPrintable(where));
    QVERIFY(!where.contains(m_expiredEndpoint));
    // Only that file: not the spare one, not the endpoint store's own rows.
    QVERIFY(model->index(spare, CertificateTableModel::ServedColumn).data().toString().isEmpty());
    QVERIFY(!model->index(spare, 0).data(CertificateTableModel::ServedRole).toBool());
    for (const QString& sha256 : {m_served, m_expired})
        QVERIFY(!model->index(certificateRow(QStringLiteral("user/web"), sha256), 0)
                     .data(CertificateTableModel::ServedRole)
                     .toBool());

    // The subject carries the endpoint icon where it is served, and only there.
    QVERIFY(
        qobject_cast<ServedIconDelegate*>(page->table()->itemDelegateForColumn(CertificateTableModel::SubjectColumn)));
    struct ExposedDelegate : ServedIconDelegate
    {
        using ServedIconDelegate::initStyleOption;
    } delegate;
    const auto decorated = [&](int sourceRow) {
        QStyleOptionViewItem option;
        option.initFrom(page->table());
        delegate.initStyleOption(
            &option, page->filterModel()->mapFromSource(model->index(sourceRow, CertificateTableModel::SubjectColumn)));
        return option.features.testFlag(QStyleOptionViewItem::HasDecoration) && !option.icon.isNull();
    };
    QVERIFY(decorated(served));
    QVERIFY(!decorated(spare));

    // "Served by an endpoint" narrows the list to it.
    QCheckBox* filter = page->servedFilter();
    QVERIFY(filter->isVisible());
    filter->click();
    QCOMPARE(page->filterModel()->rowCount(), 1);
    QCOMPARE(page->filterModel()->sourceRow(0), served);
    QCOMPARE(page->countText(), QStringLiteral("1 of 5 certificates"));
    QVERIFY(page->filterDescription().contains(QStringLiteral("served by an endpoint")));

    // Its details say where, with what each address negotiated and found.
    QVERIFY(selectCertificate(served));
    const QString details = page->details()->detailsText();
    QVERIFY2(details.contains(QStringLiteral("Served by endpoints")), qPrintable(details));
    QVERIFY2(details.contains(QStringLiteral("%1 [127.0.0.1]").arg(m_servedEndpoint)), qPrintable(details));
    QVERIFY2(details.contains(QStringLiteral("Store Web endpoints (User)")), qPrintable(details));
    QVERIFY2(details.contains(QStringLiteral("TLSv1.")), qPrintable(details));
    QVERIFY2(details.contains(QStringLiteral("No findings")), qPrintable(details));
    filter->click();
    QCOMPARE(page->filterModel()->rowCount(), 5);

    // The spare file's details know of no endpoint.
    QVERIFY(selectCertificate(spare));
    QVERIFY(!page->details()->detailsText().contains(QStringLiteral("Served")));
    QVERIFY(selectCertificate(served));
    save(QStringLiteral("endpoints-certificates"));
}

void TestEndpointStoresInConsole::endpointCertificatesReadAsTheirAddress()
{
    CertificatesPage* page = m_window->certificatesPage();
    m_window->showPage(page);
    const CertificateTableModel* model = m_controller->certificates();
    const int expired = certificateRow(QStringLiteral("user/web"), m_expired);
    QVERIFY(expired >= 0);
    QCOMPARE(model->index(expired, CertificateTableModel::PathColumn).data().toString(),
             QStringLiteral("%1 [127.0.0.1]").arg(m_expiredEndpoint));
    QCOMPARE(model->index(expired, CertificateTableModel::StateColumn).data(CertificateTableModel::StateRole).toInt(),
             int(ExpiryState::Expired));

    QVERIFY(selectCertificate(expired));
    const QString details = page->details()->detailsText();
    QVERIFY2(details.contains(QStringLiteral("Served at")), qPrintable(details));
    // What the probe found at that address: expired, self-signed, not for the SNI.
    QVERIFY2(details.contains(QStringLiteral("Expired: the served certificate expired on")), qPrintable(details));
    QVERIFY2(details.contains(QStringLiteral("Self-signed leaf")), qPrintable(details));
    QVERIFY2(details.contains(QStringLiteral("Name mismatch: the served certificate does not cover test.example")),
             qPrintable(details));
    // No folder to open for what a service serves.
    auto* openFolder = page->details()->findChild<QPushButton*>(QStringLiteral("openFolderButton"));
    QVERIFY(openFolder && !openFolder->isEnabled());

    // The intermediate the served endpoint sends is a chain certificate there.
    const int intermediate = certificateRow(
        QStringLiteral("user/web"),
        QString::fromLatin1(
            QCryptographicHash::hash(m_pki->intermediate.der, QCryptographicHash::Sha256).toHex().toUpper()));
    QVERIFY(intermediate >= 0);
    QVERIFY(selectCertificate(intermediate));
    QVERIFY2(page->details()->detailsText().contains(
                 QStringLiteral("%1 [127.0.0.1], chain certificate 2").arg(m_servedEndpoint)),
             qPrintable(page->details()->detailsText()));
}

void TestEndpointStoresInConsole::endpointStoreListsEachAddressWithItsFindings()
{
    StoresPage* page = m_window->storesPage();
    m_window->showPage(page);
    QTableView* stores = page->storeTable();
    int webRow = -1, myRow = -1;
    for (int row = 0; row < stores->model()->rowCount(); ++row) {
        const QString key = stores->model()->index(row, 0).data(StoreListModel::StoreKeyRole).toString();
        webRow = key == QLatin1String("user/web") ? row : webRow;
        myRow = key == QLatin1String("user/My") ? row : myRow;
    }
    QVERIFY(webRow >= 0 && myRow >= 0);
    const auto cell = [&](int row, int column) { return stores->model()->index(row, column).data().toString(); };
    QCOMPARE(cell(webRow, StoreListModel::KindColumn), QStringLiteral("TLS endpoints"));
    QCOMPARE(cell(webRow, StoreListModel::ProblemsColumn), QStringLiteral("1 unreachable"));
    QCOMPARE(cell(webRow, StoreListModel::AccessColumn), QStringLiteral("Read-only (probed)"));

    stores->selectRow(webRow);
    QTableView* endpoints = page->endpointTable();
    QTRY_VERIFY(endpoints->isVisible());
    QVERIFY(!page->problemTable()->isVisible());
    QAbstractItemModel* model = endpoints->model();
    QCOMPARE(model->rowCount(), 3);
    QMap<QString, int> rowOf;
    for (int row = 0; row < model->rowCount(); ++row)
        rowOf.insert(model->index(row, EndpointProbeModel::EndpointColumn).data().toString(), row);
    const auto text = [&](const QString& endpoint, int column) {
        return model->index(rowOf.value(endpoint, -1), column).data().toString();
    };
    const auto problems = [&](const QString& endpoint) {
        return model->index(rowOf.value(endpoint, -1), 0).data(EndpointProbeModel::ProblemKindsRole).toStringList();
    };

    // The address serving the file's certificate: a clean handshake.
    QCOMPARE(text(m_servedEndpoint, EndpointProbeModel::AddressColumn), QStringLiteral("127.0.0.1"));
    QCOMPARE(text(m_servedEndpoint, EndpointProbeModel::StatusColumn), QStringLiteral("Handshake OK"));
    QCOMPARE(text(m_servedEndpoint, EndpointProbeModel::FindingsColumn), QStringLiteral("None"));
    QCOMPARE(text(m_servedEndpoint, EndpointProbeModel::CertificateColumn), QStringLiteral("test.example"));
    QVERIFY(text(m_servedEndpoint, EndpointProbeModel::ProtocolColumn).startsWith(QStringLiteral("TLSv1.")));
    QVERIFY(!text(m_servedEndpoint, EndpointProbeModel::CipherColumn).isEmpty());
    QVERIFY(problems(m_servedEndpoint).isEmpty());

    // The forgotten one: expired, self-signed, for another name.
    QCOMPARE(text(m_expiredEndpoint, EndpointProbeModel::StatusColumn), QStringLiteral("Handshake OK"));
    QCOMPARE(text(m_expiredEndpoint, EndpointProbeModel::FindingsColumn),
             QStringLiteral("Expired; Name mismatch; Self-signed leaf"));
    QCOMPARE(
        problems(m_expiredEndpoint),
        (QStringList{QStringLiteral("expired"), QStringLiteral("nameMismatch"), QStringLiteral("selfSignedLeaf")}));
    QVERIFY(model->index(rowOf.value(m_expiredEndpoint), EndpointProbeModel::FindingsColumn)
                .data(Qt::ToolTipRole)
                .toString()
                .contains(QStringLiteral("Expired: the served certificate expired on")));

    // The refused port is unreachable, and says why.
    QCOMPARE(text(m_refusedEndpoint, EndpointProbeModel::StatusColumn),
             QStringLiteral("Unreachable: connection refused"));
    QVERIFY(!model->index(rowOf.value(m_refusedEndpoint), 0).data(EndpointProbeModel::HandshakeRole).toBool());
    QVERIFY(text(m_refusedEndpoint, EndpointProbeModel::CertificateColumn).isEmpty());

    bool titled = false;
    for (const QLabel* label : page->findChildren<QLabel*>())
        titled = titled
            || label->text()
                == QStringLiteral("Endpoints of Web endpoints (3 addresses, 1 without a handshake, 1 with "
                                  "findings)");
    QVERIFY(titled);
    save(QStringLiteral("endpoints-stores"));

    // A file store shows its problems again.
    stores->selectRow(myRow);
    QTRY_VERIFY(page->problemTable()->isVisible());
    QVERIFY(!endpoints->isVisible());
    QCOMPARE(model->rowCount(), 0);
}

void TestEndpointStoresInConsole::storeKindsHaveTheirOwnIcons()
{
    // One icon per kind, each a resource of its own that renders.
    const QList<StoreKind> kinds{StoreKind::Directory, StoreKind::File, StoreKind::TlsEndpoint, StoreKind::KeyStore};
    QSet<QString> paths;
    QList<QImage> images;
    for (StoreKind kind : kinds) {
        const QString path = storeKindIconPath(kind);
        QVERIFY2(QFile::exists(path), qPrintable(path));
        paths.insert(path);
        const QImage image = storeKindIcon(kind).pixmap(QSize(24, 24)).toImage();
        QVERIFY(!image.isNull());
        for (const QImage& other : std::as_const(images))
            QVERIFY2(image != other, qPrintable(storeKindName(kind)));
        images << image;
    }
    QCOMPARE(paths.size(), kinds.size());

    // The Stores page shows them: the directory store and the endpoint store differ.
    QAbstractItemModel* model = m_window->storesPage()->storeTable()->model();
    QMap<int, QImage> shown;
    for (int row = 0; row < model->rowCount(); ++row) {
        const QModelIndex kind = model->index(row, StoreListModel::KindColumn);
        const QIcon icon = kind.data(Qt::DecorationRole).value<QIcon>();
        QVERIFY(!icon.isNull());
        shown.insert(kind.data(StoreListModel::KindRole).toInt(), icon.pixmap(QSize(24, 24)).toImage());
    }
    QVERIFY(shown.contains(int(StoreKind::Directory)) && shown.contains(int(StoreKind::TlsEndpoint)));
    QCOMPARE(shown.value(int(StoreKind::Directory)), images[0]);
    QCOMPARE(shown.value(int(StoreKind::TlsEndpoint)), images[2]);
}

QTEST_MAIN(TestEndpointStoresInConsole)
#include "TestEndpointStoresInConsole.moc"
