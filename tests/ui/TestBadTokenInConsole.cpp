// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// PKCS#11 modules that crash and hang (tests/pkcs11/BadModule.cpp) as stores of the real
// console: it keeps answering while they are read (they run in the helper, never in the
// console), and each store shows one line saying what went wrong.

#include "RealStoresConsole.h"
#include "SoftHsm.h"
#include "models/StoreListModel.h"
#include "pages/StoresPage.h"
#include "stores/Pkcs11Uri.h"
#include "stores/StoreCatalog.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QTableView>
#include <QTest>
#include <QTimer>

using namespace certlife;
using namespace certlife::test;
using namespace certlife::ui;

namespace {

const QDateTime kNow(QDate(2026, 2, 1), QTime(12, 0), Qt::UTC);

StoreConfig tokenStore(const QString& id, const QString& module)
{
    StoreConfig c;
    c.id = id;
    c.kind = StoreKind::Pkcs11;
    c.scope = Scope::User;
    c.path = pkcs11StoreUri(Pkcs11Target{module, QString()});
    c.readOnly = true;
    return c;
}

} // namespace

class TestBadTokenInConsole : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void crashingAndHangingModulesLeaveTheConsoleResponsive();
};

void TestBadTokenInConsole::crashingAndHangingModulesLeaveTheConsoleResponsive()
{
    const QString crash = badPkcs11Module(QStringLiteral("crash"));
    const QString hang = badPkcs11Module(QStringLiteral("hang"));
    QVERIFY2(QFileInfo::exists(crash) && QFileInfo::exists(hang), qPrintable(crash));
    qputenv("CERTLIFE_PKCS11_TIMEOUT", "3");
    TestEnvironment env;
    StoreCatalog catalog = StoreCatalog::load();
    for (const StoreConfig& c :
         {tokenStore(QStringLiteral("crashing"), crash), tokenStore(QStringLiteral("hanging"), hang)}) {
        const QString added = catalog.add(c);
        QVERIFY2(added.isEmpty(), qPrintable(added));
    }

    RealStoresConsole console(env, kNow);
    // The event loop's longest pause while the stores are read: a blocked console would
    // pause for the whole hang (3 s).
    QElapsedTimer sinceTick;
    qint64 longestPause = 0;
    QTimer ticker;
    ticker.setInterval(20);
    QObject::connect(&ticker, &QTimer::timeout, [&] { longestPause = std::max(longestPause, sinceTick.restart()); });
    sinceTick.start();
    ticker.start();
    QVERIFY(console.show());
    const StoreListModel* stores = console.controller->stores();
    const auto scanned = [&](const QString& key) {
        const int row = stores->findStore(key);
        return row >= 0 && stores->storeAt(row).hasBeenScanned();
    };
    QTRY_VERIFY_WITH_TIMEOUT(scanned(QStringLiteral("user/crashing")) && scanned(QStringLiteral("user/hanging"))
                                 && !console.controller->isScanning(),
                             60000);
    ticker.stop();
    QVERIFY2(longestPause < 2000, qPrintable(QStringLiteral("the console paused %1 ms").arg(longestPause)));

    // Each store: "Token unreadable", and one line with the module and what it did.
    StoresPage* page = console.window->storesPage();
    console.window->showPage(page);
    const auto problemLines = [&](const QString& key) {
        const int row = stores->findStore(key);
        page->storeTable()->selectRow(row);
        QStringList lines;
        const QAbstractItemModel* problems = page->problemTable()->model();
        for (int i = 0; i < problems->rowCount(); ++i) {
            QStringList cells;
            for (int column = 0; column < problems->columnCount(); ++column)
                cells << problems->index(i, column).data().toString();
            lines << cells.join(QLatin1Char(' '));
        }
        return lines;
    };
    for (const QString& key : {QStringLiteral("user/crashing"), QStringLiteral("user/hanging")})
        QCOMPARE(stores->index(stores->findStore(key), StoreListModel::ProblemsColumn).data().toString(),
                 QStringLiteral("Token unreadable"));
    const QStringList crashed = problemLines(QStringLiteral("user/crashing"));
    QCOMPARE(crashed.size(), 1);
    QVERIFY2(crashed.first().contains(QStringLiteral("PKCS#11 module %1 crashed (signal 6)").arg(crash)),
             qPrintable(crashed.first()));
    const QStringList hung = problemLines(QStringLiteral("user/hanging"));
    QCOMPARE(hung.size(), 1);
    QVERIFY2(hung.first().contains(QStringLiteral("PKCS#11 module %1 did not answer within 3 s").arg(hang)),
             qPrintable(hung.first()));
    QVERIFY2(hung.first().contains(QStringLiteral("kept as last seen")), qPrintable(hung.first()));
    qunsetenv("CERTLIFE_PKCS11_TIMEOUT");
}

QTEST_MAIN(TestBadTokenInConsole)
#include "TestBadTokenInConsole.moc"
