// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// An NSS database in the real console: its certificates' nicknames and trust flags in
// the Certificates details, and still there after a restart, from the console's
// inventory cache alone.

#include "CertFactory.h"
#include "NssTools.h"
#include "RealStoresConsole.h"
#include "models/CertificateFilterModel.h"
#include "models/CertificateTableModel.h"
#include "pages/CertificatesPage.h"
#include "stores/StoreCatalog.h"
#include "widgets/CertificateDetailsPane.h"

#include <QDir>
#include <QProcess>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>

using namespace certlife;
using namespace certlife::test;
using namespace certlife::ui;

namespace {

const QDateTime kNow(QDate(2026, 2, 1), QTime(12, 0), Qt::UTC);

// The details of the console's one NSS certificate, once it is in the table.
QString nssDetails(RealStoresConsole& console)
{
    const CertificateTableModel* model = console.controller->certificates();
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->rowAt(row).storeKey() != QLatin1String("user/browser"))
            continue;
        CertificatesPage* page = console.window->certificatesPage();
        console.window->showPage(page);
        const QModelIndex index = page->filterModel()->mapFromSource(model->index(row, 0));
        page->table()->selectRow(index.row());
        return page->details()->detailsText();
    }
    return {};
}

} // namespace

class TestNssStoreInConsole : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void nicknameAndTrustSurviveARestart();
};

void TestNssStoreInConsole::nicknameAndTrustSurviveARestart()
{
    if (const QString missing = nssToolsMissing(); !missing.isEmpty())
        QSKIP(qPrintable(missing));
    TestEnvironment env;
    const QString db = env.path(QStringLiteral("profile"));
    QCOMPARE(newNssDatabase(db), QString());
    CertSpec spec;
    spec.cn = QStringLiteral("Corp Root");
    spec.isCA = true;
    spec.notBefore = kNow.addDays(-10);
    spec.notAfter = kNow.addDays(3000);
    QVERIFY(writeFile(env.path(QStringLiteral("root.pem")), makeCertificate(spec).pem()));
    QCOMPARE(addNssCertificate(db, QStringLiteral("Corp Root CA"), QStringLiteral("CT,C,"),
                               env.path(QStringLiteral("root.pem"))),
             QString());
    QCOMPARE(addUserNssStore(QStringLiteral("browser"), db), QString());

    const QString location = QStringLiteral("nss:%1 Corp Root CA").arg(db);
    {
        RealStoresConsole console(env, kNow);
        QVERIFY(console.show());
        QTRY_VERIFY_WITH_TIMEOUT(!nssDetails(console).isEmpty(), 30000);
        QTRY_VERIFY(!console.controller->isScanning());
        const QString details = nssDetails(console);
        QVERIFY2(details.contains(location), qPrintable(details));
        QVERIFY2(details.contains(QStringLiteral("CT,C,")), qPrintable(details));
    }

    // The database goes: only the console's inventory cache can still tell the nickname
    // and the trust flags.
    QVERIFY(QDir(db).removeRecursively());
    RealStoresConsole restarted(env, kNow);
    QVERIFY(restarted.show());
    QTRY_VERIFY_WITH_TIMEOUT(!nssDetails(restarted).isEmpty(), 10000);
    const QString details = nssDetails(restarted);
    QVERIFY2(details.contains(location), qPrintable(details));
    QVERIFY2(details.contains(QStringLiteral("NSS trust")), qPrintable(details));
    QVERIFY2(details.contains(QStringLiteral("CT,C,")), qPrintable(details));
}

QTEST_MAIN(TestNssStoreInConsole)
#include "TestNssStoreInConsole.moc"
