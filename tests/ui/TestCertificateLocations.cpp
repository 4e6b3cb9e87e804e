// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// One row per certificate per store (#13 item 4), through the real window: a certbot
// tree holds the renewed certificate at live/cert.pem, live/fullchain.pem (links),
// archive/cert2.pem and archive/fullchain2.pem. The Certificates page shows it once,
// with its four locations in the details; Delete offers every location or one.
#include "ActionTestSupport.h"
#include "CertFactory.h"
#include "ConsoleActionsFixture.h"
#include "TestEnvironment.h"
#include "dialogs/DeleteCertificateDialog.h"
#include "models/CertificateTableModel.h"
#include "models/ExpirySummaryModel.h"
#include "models/StoreListModel.h"
#include "pages/CertificatesPage.h"
#include "stores/StoreCatalog.h"
#include "widgets/CertificateDetailsPane.h"

#include <QDir>
#include <QLabel>
#include <QRadioButton>
#include <QTest>
#include <unistd.h>

using namespace certlife;
using namespace certlife::test;
using namespace certlife::ui;
using Kind = CertificateActionSet::Kind;

class TestCertificateLocations : public QObject, private ConsoleActionsFixture
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup() { tearDownStores(); }
    void oneRowWithItsLocations();
    void deleteOffersEveryLocationOrOne();

private:
    QString at(const QString& relative) const { return m_root + QLatin1Char('/') + relative; }
    int rowsOf(const QString& thumbprint) const
    {
        int n = 0;
        for (const CertificateRow& row : m_console->controller->certificates()->rows())
            n += row.thumbprint() == thumbprint;
        return n;
    }
    const CertificateRow* rowOf(const QString& thumbprint) const
    {
        const int row = m_console->controller->certificates()->findThumbprint(thumbprint);
        return row < 0 ? nullptr : &m_console->controller->certificates()->rowAt(row);
    }

    QString m_root;
    GeneratedCert m_leaf;
    GeneratedCert m_chain;
};

void TestCertificateLocations::init()
{
    setUpStores();
    m_root = m_env->path(QStringLiteral("letsencrypt"));
    CertSpec ca;
    ca.cn = QStringLiteral("Test R3");
    ca.isCA = true;
    ca.notAfter = kActionsNow.addYears(3);
    m_chain = makeCertificate(ca);
    CertSpec leaf;
    leaf.cn = QStringLiteral("shop.example.org");
    leaf.dns = {leaf.cn};
    leaf.subjectKey = freshKey(KeyType::EcP256);
    m_leaf = makeCertificate(leaf);
    QVERIFY(QDir().mkpath(at("archive/shop")) && QDir().mkpath(at("live/shop")));
    QVERIFY(writeFile(at("archive/shop/cert2.pem"), m_leaf.pem()));
    QVERIFY(writeFile(at("archive/shop/fullchain2.pem"), m_leaf.pem() + m_chain.pem()));
    QVERIFY(writeFile(at("archive/shop/privkey2.pem"), m_leaf.key.pkcs8Pem()));
    for (const QString& name : {QStringLiteral("cert"), QStringLiteral("fullchain"), QStringLiteral("privkey")})
        QVERIFY(::symlink(qPrintable(QStringLiteral("../../archive/shop/") + name + QStringLiteral("2.pem")),
                          qPrintable(at(QStringLiteral("live/shop/") + name + QStringLiteral(".pem"))))
                == 0);
    StoreConfig config;
    config.id = QStringLiteral("letsencrypt");
    config.displayName = QStringLiteral("Let's Encrypt");
    config.scope = Scope::User;
    config.path = m_root;
    config.recursive = true;
    StoreCatalog catalog = StoreCatalog::load();
    const QString error = catalog.add(config);
    QVERIFY2(error.isEmpty(), qPrintable(error));

    m_console = std::make_unique<RealStoresConsole>(kActionsNow, m_env->root());
    QVERIFY(m_console->showAndScan());
    QTRY_VERIFY(rowOf(m_leaf.thumbprint()));
}

void TestCertificateLocations::oneRowWithItsLocations()
{
    // One row for the leaf, one for its chain (in both fullchains), whatever the paths.
    QCOMPARE(rowsOf(m_leaf.thumbprint()), 1);
    QCOMPARE(rowsOf(m_chain.thumbprint()), 1);
    QCOMPARE(m_console->controller->certificates()->rowCount(), 2);
    const int row = m_console->controller->certificates()->findThumbprint(m_leaf.thumbprint());
    auto text = [&](int column) { return m_console->controller->certificates()->index(row, column).data().toString(); };
    QCOMPARE(text(CertificateTableModel::LocationsColumn), QStringLiteral("4"));
    QCOMPARE(text(CertificateTableModel::PathColumn), QStringLiteral("archive/shop/cert2.pem +3"));

    // The overview and the Stores page count two certificates, not six locations.
    QCOMPARE(m_console->controller->summary()->summary().total.total(), 2);
    StoreListModel* stores = m_console->controller->stores();
    const int store = stores->findStore(QStringLiteral("user/letsencrypt"));
    QVERIFY(store >= 0);
    QCOMPARE(stores->index(store, StoreListModel::CountColumn).data().toString(), QStringLiteral("2"));

    // The details list every location.
    QVERIFY(selectCertificate(m_leaf.thumbprint()));
    const QString details = m_console->window->certificatesPage()->details()->detailsText();
    QVERIFY2(details.contains(QStringLiteral("Locations (4)")), qPrintable(details));
    for (const char* path :
         {"archive/shop/cert2.pem", "archive/shop/fullchain2.pem", "live/shop/cert.pem", "live/shop/fullchain.pem"})
        QVERIFY2(details.contains(at(QLatin1String(path))), path);
}

void TestCertificateLocations::deleteOffersEveryLocationOrOne()
{
    QVERIFY(selectCertificate(m_leaf.thumbprint()));
    ScriptedActionDialogs& dialogs = *m_console->actionDialogs;
    // First: only live/shop/cert.pem (the link).
    dialogs.confirmDeletion = true;
    dialogs.deleteOption = 3; // every location, then archive/cert2, archive/fullchain2, live/cert, live/fullchain
    QVERIFY(m_console->run(Kind::Delete));
    QCOMPARE(dialogs.deleteQuestions.size(), 1);
    const DeleteQuestion question = dialogs.deleteQuestions.first();
    QCOMPARE(question.locations.size(), 4);
    QCOMPARE(question.options.size(), 5);
    const DeleteOption& every = question.options.first();
    QVERIFY(every.location.isEmpty() && every.refused.isEmpty());
    QVERIFY(every.files.contains(at("archive/shop/cert2.pem")) && every.files.contains(at("live/shop/cert.pem")));
    QCOMPARE(every.rewritten, QStringList{at("archive/shop/fullchain2.pem")});
    QCOMPARE(question.options[3].location, at("live/shop/cert.pem"));
    QCOMPARE(question.options[3].files, QStringList{at("live/shop/cert.pem")});
    QCOMPARE(question.options[3].remaining.size(), 3);
    // archive/cert2.pem alone would leave live/cert.pem dangling: offered, but refused.
    QVERIFY(!question.options[1].refused.isEmpty());

    // The real dialog shows the choice, the refused one disabled, and what the chosen one does.
    {
        DeleteCertificateDialog dialog(question);
        const QList<QRadioButton*> choices = dialog.findChildren<QRadioButton*>();
        QCOMPARE(choices.size(), 5);
        QVERIFY(choices.first()->isChecked());
        QVERIFY(!dialog.findChild<QRadioButton*>(QStringLiteral("deleteOption1"))->isEnabled());
        const QString effect = dialog.findChild<QLabel*>(QStringLiteral("deleteEffect"))->text();
        QVERIFY2(effect.contains(at("archive/shop/fullchain2.pem")) && effect.contains(at("live/shop/cert.pem")),
                 qPrintable(effect));
        QCOMPARE(dialog.chosenOption(), 0);
    }

    QCOMPARE(int(m_console->runner()->lastOutcome().status), int(CommandOutcome::Status::Done));
    QVERIFY(!QFileInfo(at("live/shop/cert.pem")).isSymLink());
    QTRY_COMPARE(rowOf(m_leaf.thumbprint()) ? rowOf(m_leaf.thumbprint())->locationCount() : -1, 3);
    QCOMPARE(rowsOf(m_leaf.thumbprint()), 1);
    QVERIFY(userEvents().isEmpty()); // still in the store: no 1004

    // Then every location: it leaves the store, the chain stays in the rewritten bundle.
    dialogs.deleteOption = 0;
    QVERIFY(selectCertificate(m_leaf.thumbprint()));
    QVERIFY(m_console->run(Kind::Delete));
    QCOMPARE(int(m_console->runner()->lastOutcome().status), int(CommandOutcome::Status::Done));
    QTRY_COMPARE(rowsOf(m_leaf.thumbprint()), 0);
    QCOMPARE(rowsOf(m_chain.thumbprint()), 1);
    QFile bundle(at("archive/shop/fullchain2.pem"));
    QVERIFY(bundle.open(QIODevice::ReadOnly));
    QCOMPARE(bundle.readAll(), m_chain.pem());
    const QList<LifecycleEvent> events = userEvents();
    QCOMPARE(events.size(), 1);
    QCOMPARE(events.first().id, EventId::Deleted);
    QCOMPARE(events.first().certificate.thumbprint, m_leaf.thumbprint());
    QVERIFY(m_console->messages->errors.isEmpty());
}

QTEST_MAIN(TestCertificateLocations)
#include "TestCertificateLocations.moc"
