// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "../core/tasks/TaskFixture.h"
#include "ConsoleActionsFixture.h"
#include "ActionTestSupport.h"
#include "CertFactory.h"
#include "NssTools.h"
#include "TestEnvironment.h"
#include "dialogs/ExportCertificateDialog.h"
#include "eventlog/EventLog.h"
#include "lifecycle/SnapshotFile.h"
#include "lifecycle/SnapshotLock.h"
#include "models/CertificateFilterModel.h"
#include "models/CertificateTableModel.h"
#include "pages/CertificatesPage.h"
#include "pages/StoresPage.h"
#include "stores/StoreCatalog.h"
#include "tasks/TaskAdmin.h"
#include "tasks/TaskRunLog.h"
#include "util/Paths.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QLineEdit>
#include <QProcess>
#include <QPushButton>
#include <QStandardItemModel>
#include <QMimeData>
#include <QSortFilterProxyModel>
#include <QStandardPaths>
#include <QTableView>
#include <QToolBar>
#include <QToolButton>
#include <QUrl>
#include <sys/stat.h>

using namespace certlife;
using namespace certlife::test;
using namespace certlife::ui;
using Kind = CertificateActionSet::Kind;

namespace {
const QDateTime& kNow = kActionsNow;

} // namespace

// The certificate actions on one store driven through the real main window over real
// stores: import, delete, export, and cancelling them; the files each leaves (and their
// modes), the rows the console shows afterwards, and the events in the user's log.
// Between stores (move, replace, drop): TestConsoleStoreActions.
class TestConsoleActions : public QObject, private ConsoleActionsFixture
{
    Q_OBJECT

private Q_SLOTS:
    void init() { setUpStores(); }
    void cleanup() { tearDownStores(); }

    void importsAPemWithItsKeyThroughTheDialog();
    void importAsksForThePkcs12PasswordAgainAfterAWrongOne();
    void cancellingChangesNothing();
    void deleteRemovesTheFileAndKeepsASharedKey();
    void deleteFromAnNssDatabaseGoesThroughNss();
    void importIntoAnNssDatabaseTakesTheNicknameAndTrust();
    void deleteWaitsWhileAnAgentPassHoldsTheSnapshot();
    void cancelWhileWaitingForTheSnapshotChangesNothing();
    void failedExportShowsTheErrorAndLeavesNoFileOrEvent();
    void pkcs12ExportIsRecorded();
    void exportDialogWantsTheSamePasswordTwice();

private:
    void exportAsPkcs12(const GeneratedCert& cert, const QByteArray& storeFile, const QString& out);
};

// Puts storeFile into the My store, starts the console and exports cert as PKCS#12 to
// `out` through the export dialog.
void TestConsoleActions::exportAsPkcs12(const GeneratedCert& cert, const QByteArray& storeFile, const QString& out)
{
    QVERIFY(writeFile(myStore() + QStringLiteral("/site.pem"), storeFile));
    m_console = std::make_unique<RealStoresConsole>(kNow, m_env->root());
    QVERIFY(m_console->showAndScan());
    QVERIFY(selectCertificate(cert.thumbprint()));
    ExportAnswer answer;
    answer.format = ExportFormat::Pkcs12;
    answer.path = out;
    answer.password = "secret";
    m_console->actionDialogs->exportAnswer = answer;
    QVERIFY(m_console->run(Kind::Export));
}

void TestConsoleActions::importsAPemWithItsKeyThroughTheDialog()
{
    CertSpec spec;
    spec.cn = QStringLiteral("shop.example");
    const GeneratedCert cert = makeCertificate(spec);
    const QString source = m_env->path(QStringLiteral("incoming/shop.pem"));
    QVERIFY(writeFile(source, pemWithKey(cert)));
    QVERIFY(QDir().mkpath(m_env->path(QStringLiteral("archive"))));
    addStore(QStringLiteral("archive"), m_env->path(QStringLiteral("archive")), true);

    m_console = std::make_unique<RealStoresConsole>(kNow, m_env->root());
    QVERIFY(m_console->showAndScan());
    m_console->actionDialogs->importAnswer = ImportAnswer{{source}, storeKey(Scope::User, QStringLiteral("My"))};
    QVERIFY(m_console->run(Kind::Import));

    // Only stores that accept files were offered: not the read-only one, not the
    // system's CA directory.
    QStringList offered;
    for (const StoreChoice& choice : std::as_const(m_console->actionDialogs->offeredStores))
        offered << choice.key;
    QVERIFY2(offered.contains(storeKey(Scope::User, QStringLiteral("My"))), qPrintable(offered.join(',')));
    QVERIFY(offered.contains(storeKey(Scope::User, QStringLiteral("web"))));
    QVERIFY(!offered.contains(storeKey(Scope::User, QStringLiteral("archive"))));
    QVERIFY(!offered.contains(storeKey(Scope::System, QStringLiteral("ssl-certs"))));
    QVERIFY2(m_console->messages->errors.isEmpty(), qPrintable(m_console->messages->errors.join('\n')));

    const QString stem = QStringLiteral("shop.example-") + cert.thumbprint().left(8);
    QCOMPARE(storeFiles(myStore()), (QStringList{stem + QStringLiteral(".key"), stem + QStringLiteral(".pem")}));
    QCOMPARE(fileMode(myStore() + QLatin1Char('/') + stem + QStringLiteral(".pem")), 0644);
    QCOMPARE(fileMode(myStore() + QLatin1Char('/') + stem + QStringLiteral(".key")), 0600);

    // The row is there at once (the touched store was scanned), with its key.
    const int row = m_console->controller->certificates()->findThumbprint(cert.thumbprint());
    QVERIFY(row >= 0);
    const CertificateRow& shown = m_console->controller->certificates()->rowAt(row);
    QCOMPARE(shown.storeKey(), storeKey(Scope::User, QStringLiteral("My")));
    QCOMPARE(shown.stored().keyPath, myStore() + QLatin1Char('/') + stem + QStringLiteral(".key"));

    const QList<LifecycleEvent> events = userEvents();
    QCOMPARE(events.size(), 1);
    QCOMPARE(events.first().id, EventId::New);
    QCOMPARE(events.first().action, QStringLiteral("import"));
    QCOMPARE(events.first().storeId, QStringLiteral("My"));
    QCOMPARE(events.first().certificate.thumbprint, cert.thumbprint());
    QTRY_COMPARE(m_console->controller->eventCount(), qint64(1));
    QVERIFY(m_console->runner()->lastOutcome().message.contains(QStringLiteral("Imported 1 certificate")));
}

void TestConsoleActions::importAsksForThePkcs12PasswordAgainAfterAWrongOne()
{
    CertSpec spec;
    spec.cn = QStringLiteral("vault.example");
    const GeneratedCert cert = makeCertificate(spec);
    const QString source = m_env->path(QStringLiteral("incoming/vault.p12"));
    QVERIFY(writeFile(source, makePkcs12(cert, "right horse", false)));

    m_console = std::make_unique<RealStoresConsole>(kNow, m_env->root());
    QVERIFY(m_console->showAndScan());
    m_console->actionDialogs->importAnswer = ImportAnswer{{source}, storeKey(Scope::User, QStringLiteral("web"))};
    m_console->actionDialogs->passwords = {"wrong", "right horse"};
    QVERIFY(m_console->run(Kind::Import));

    QCOMPARE(m_console->actionDialogs->passwordRetries, (QList<bool>{false, true}));
    QVERIFY2(m_console->messages->errors.isEmpty(), qPrintable(m_console->messages->errors.join('\n')));
    const QString stem = QStringLiteral("vault.example-") + cert.thumbprint().left(8);
    QCOMPARE(storeFiles(webStore()), (QStringList{stem + QStringLiteral(".key"), stem + QStringLiteral(".pem")}));
    QCOMPARE(fileMode(webStore() + QLatin1Char('/') + stem + QStringLiteral(".key")), 0600);
    QCOMPARE(userEvents().size(), 1);
    // The password is in no event.
    QVERIFY(!userEvents().first().message.contains(QStringLiteral("right horse")));
}

void TestConsoleActions::cancellingChangesNothing()
{
    const GeneratedCert cert = makeCertificate(CertSpec{});
    QVERIFY(writeFile(myStore() + QStringLiteral("/site.pem"), cert.pem()));
    const QString source = m_env->path(QStringLiteral("incoming/other.pem"));
    QVERIFY(writeFile(source,
                      makeCertificate([] {
                          CertSpec s;
                          s.cn = QStringLiteral("other.example");
                          return s;
                      }())
                          .pem()));

    m_console = std::make_unique<RealStoresConsole>(kNow, m_env->root());
    QVERIFY(m_console->showAndScan());
    // Import cancelled in its dialog.
    QVERIFY(m_console->run(Kind::Import));
    // Delete not confirmed.
    QVERIFY(selectCertificate(cert.thumbprint()));
    QVERIFY(m_console->run(Kind::Delete));
    QCOMPARE(m_console->actionDialogs->deleteQuestions.size(), 1);
    // Copy with no store chosen.
    QVERIFY(m_console->run(Kind::Copy));

    QCOMPARE(storeFiles(myStore()), QStringList{QStringLiteral("site.pem")});
    QCOMPARE(storeFiles(webStore()), QStringList());
    QCOMPARE(userEvents().size(), 0);
    QVERIFY(m_console->messages->errors.isEmpty());
    QCOMPARE(int(m_console->runner()->lastOutcome().status), int(CommandOutcome::Status::Cancelled));
}

void TestConsoleActions::deleteRemovesTheFileAndKeepsASharedKey()
{
    const TestKey key = freshKey(KeyType::EcP256);
    CertSpec a;
    a.cn = QStringLiteral("a.example");
    a.subjectKey = key;
    CertSpec b = a;
    b.cn = QStringLiteral("b.example");
    b.serialHex = "0B";
    const GeneratedCert certA = makeCertificate(a);
    const GeneratedCert certB = makeCertificate(b);
    QVERIFY(writeFile(myStore() + QStringLiteral("/a.pem"), certA.pem()));
    QVERIFY(writeFile(myStore() + QStringLiteral("/b.pem"), certB.pem()));
    QVERIFY(writeFile(myStore() + QStringLiteral("/shared.key"), key.pkcs8Pem()));

    m_console = std::make_unique<RealStoresConsole>(kNow, m_env->root());
    QVERIFY(m_console->showAndScan());
    QVERIFY(selectCertificate(certA.thumbprint()));
    m_console->actionDialogs->confirmDeletion = true;
    QVERIFY(m_console->run(Kind::Delete));

    // The question named the certificate, its store, the file going and the key staying.
    QCOMPARE(m_console->actionDialogs->deleteQuestions.size(), 1);
    const DeleteQuestion question = m_console->actionDialogs->deleteQuestions.first();
    QCOMPARE(question.certificate.name, QStringLiteral("a.example"));
    QCOMPARE(question.certificate.storeLabel, QStringLiteral("My certificates (User)"));
    QCOMPARE(question.files, QStringList{myStore() + QStringLiteral("/a.pem")});
    QCOMPARE(question.keptKeyFile, myStore() + QStringLiteral("/shared.key"));

    QCOMPARE(storeFiles(myStore()), (QStringList{QStringLiteral("b.pem"), QStringLiteral("shared.key")}));
    QCOMPARE(m_console->controller->certificates()->findThumbprint(certA.thumbprint()), -1);
    QVERIFY(m_console->controller->certificates()->findThumbprint(certB.thumbprint()) >= 0);
    const QList<LifecycleEvent> events = userEvents();
    QCOMPARE(events.size(), 1);
    QCOMPARE(events.first().id, EventId::Deleted);
    QCOMPARE(events.first().action, QStringLiteral("delete"));
    QCOMPARE(events.first().certificate.thumbprint, certA.thumbprint());
}

// The console's Delete on an NSS store: the question names the database entry, NSS
// removes it (certutil no longer lists it), and 1004 is recorded.
void TestConsoleActions::deleteFromAnNssDatabaseGoesThroughNss()
{
    if (const QString missing = nssToolsMissing(); !missing.isEmpty())
        QSKIP(qPrintable(missing));
    const QString db = m_env->path(QStringLiteral("nssdb"));
    QCOMPARE(newUserNssStore(QStringLiteral("browser"), db), QString());
    CertSpec spec;
    spec.cn = QStringLiteral("partner.example");
    spec.serialHex = "5E";
    const GeneratedCert partner = makeCertificate(spec);
    QVERIFY(writeFile(m_env->path(QStringLiteral("partner.pem")), partner.pem()));
    QCOMPARE(addNssCertificate(db, QStringLiteral("Partner"), QStringLiteral("P,,"),
                               m_env->path(QStringLiteral("partner.pem"))),
             QString());

    m_console = std::make_unique<RealStoresConsole>(kNow, m_env->root());
    QVERIFY(m_console->showAndScan());
    QVERIFY(selectCertificate(partner.thumbprint()));
    m_console->actionDialogs->confirmDeletion = true;
    QVERIFY(m_console->run(Kind::Delete));
    QCOMPARE(m_console->actionDialogs->deleteQuestions.size(), 1);
    QCOMPARE(m_console->actionDialogs->deleteQuestions.first().files,
             QStringList{QStringLiteral("nss:%1 Partner").arg(db)});
    QVERIFY2(m_console->messages->errors.isEmpty(), qPrintable(m_console->messages->errors.join(u'\n')));
    QVERIFY(!certutilListing(db).contains(QStringLiteral("Partner"))); // gone
    QCOMPARE(m_console->controller->certificates()->findThumbprint(partner.thumbprint()), -1);
    const QList<LifecycleEvent> events = userEvents();
    QCOMPARE(events.size(), 1);
    QCOMPARE(events.first().id, EventId::Deleted);
    QCOMPARE(events.first().certificate.thumbprint, partner.thumbprint());
}

void TestConsoleActions::importIntoAnNssDatabaseTakesTheNicknameAndTrust()
{
    if (const QString missing = nssToolsMissing(); !missing.isEmpty())
        QSKIP(qPrintable(missing));
    const QString db = m_env->path(QStringLiteral("nssdb"));
    QCOMPARE(newUserNssStore(QStringLiteral("browser"), db), QString());
    CertSpec spec;
    spec.cn = QStringLiteral("Corp Issuing CA");
    spec.isCA = true;
    const GeneratedCert root = makeCertificate(spec);
    const QString source = m_env->path(QStringLiteral("incoming/corp-root.pem"));
    QVERIFY(writeFile(source, root.pem()));

    m_console = std::make_unique<RealStoresConsole>(kNow, m_env->root());
    QVERIFY(m_console->showAndScan());
    ImportAnswer answer{{source}, storeKey(Scope::User, QStringLiteral("browser"))};
    answer.nssNickname = QStringLiteral("Corp Root");
    answer.nssTrust = QStringLiteral("C,,");
    m_console->actionDialogs->importAnswer = answer;
    QVERIFY(m_console->run(Kind::Import));
    QVERIFY2(m_console->messages->errors.isEmpty(), qPrintable(m_console->messages->errors.join(u'\n')));
    bool offeredAsNss = false;
    for (const StoreChoice& choice : std::as_const(m_console->actionDialogs->offeredStores))
        offeredAsNss |= choice.key == answer.storeKey && choice.nss;
    QVERIFY(offeredAsNss); // the dialog asks for a nickname and trust for this store only

    // In the database under the nickname asked for, trusted as a CA for TLS servers.
    QCOMPARE(certutilListing(db).value(QStringLiteral("Corp Root")), QStringLiteral("C,,"));
    const int row = m_console->controller->certificates()->findThumbprint(root.thumbprint());
    QVERIFY(row >= 0);
    const QList<LifecycleEvent> events = userEvents();
    QCOMPARE(events.size(), 1);
    QCOMPARE(events.first().id, EventId::New);
}

void TestConsoleActions::deleteWaitsWhileAnAgentPassHoldsTheSnapshot()
{
    // An agent pass holds the User snapshot lock from its scan to its commit: the
    // console's delete must not change the store meanwhile (the pass would log it again),
    // and must go ahead, recorded once, as soon as the pass is done.
    const GeneratedCert cert = makeCertificate(CertSpec{});
    QVERIFY(writeFile(myStore() + QStringLiteral("/c.pem"), cert.pem()));
    m_console = std::make_unique<RealStoresConsole>(kNow, m_env->root());
    QVERIFY(m_console->showAndScan());
    QVERIFY(selectCertificate(cert.thumbprint()));
    m_console->actionDialogs->confirmDeletion = true;

    auto pass = std::make_unique<SnapshotLock>(Scope::User, SnapshotFile(Scope::User).path());
    QVERIFY(pass->tryAcquire());
    QSignalSpy finished(m_console->runner(), &CommandRunner::commandFinished);
    QVERIFY(finished.isValid());
    m_console->actions()->action(Kind::Delete)->trigger();
    QTRY_COMPARE(m_console->actionDialogs->deleteQuestions.size(),
                 1); // asked after a fresh scan, then waits for the lock
    QTest::qWait(600);
    QCOMPARE(finished.count(), 0);
    QVERIFY(QFile::exists(myStore() + QStringLiteral("/c.pem")));
    QVERIFY(userEvents().isEmpty());

    pass.reset(); // the pass commits
    QVERIFY(finished.count() > 0 || finished.wait(20000));
    QVERIFY(!QFile::exists(myStore() + QStringLiteral("/c.pem")));
    const QList<LifecycleEvent> events = userEvents();
    QCOMPARE(events.size(), 1);
    QCOMPARE(events.first().id, EventId::Deleted);
}

void TestConsoleActions::cancelWhileWaitingForTheSnapshotChangesNothing()
{
    const GeneratedCert cert = makeCertificate(CertSpec{});
    QVERIFY(writeFile(myStore() + QStringLiteral("/c.pem"), cert.pem()));
    m_console = std::make_unique<RealStoresConsole>(kNow, m_env->root());
    QVERIFY(m_console->showAndScan());
    QVERIFY(selectCertificate(cert.thumbprint()));
    m_console->actionDialogs->confirmDeletion = true;

    SnapshotLock pass(Scope::User, SnapshotFile(Scope::User).path());
    QVERIFY(pass.tryAcquire());
    QSignalSpy finished(m_console->runner(), &CommandRunner::commandFinished);
    m_console->actions()->action(Kind::Delete)->trigger();
    QTRY_COMPARE(m_console->actionDialogs->deleteQuestions.size(), 1);
    // While it waits, every action that changes something is held back, with the reason.
    QVERIFY(m_console->runner()->isBusy());
    QAction* exportAction = m_console->actions()->action(Kind::Export);
    QVERIFY(!exportAction->isEnabled());
    QCOMPARE(exportAction->toolTip(), QStringLiteral("Another action is running"));
    QVERIFY(!m_console->window->findChild<QAction*>(QStringLiteral("exportReportAction"))->isEnabled());
    QVERIFY(!m_console->window->storesPage()->findChild<QPushButton*>(QStringLiteral("addStoreButton"))->isEnabled());
    // The status bar offers to stop it.
    QToolButton* cancel = m_console->runner()->cancelButton();
    QTRY_VERIFY(cancel->isVisible());
    QTest::mouseClick(cancel, Qt::LeftButton);

    QVERIFY(finished.count() > 0 || finished.wait(20000));
    QCOMPARE(int(finished.first().first().value<CommandOutcome>().status), int(CommandOutcome::Status::Cancelled));
    QVERIFY(QFile::exists(myStore() + QStringLiteral("/c.pem")));
    QVERIFY(userEvents().isEmpty());
    QVERIFY(m_console->messages->errors.isEmpty());
    QVERIFY(!cancel->isVisible());
    QVERIFY(!m_console->runner()->isBusy());
    QVERIFY(exportAction->isEnabled());
    // It let go of the snapshot locks it did not get: the agent's pass goes on, and a
    // new delete (once the pass is done) goes through.
    pass.release();
    QVERIFY(m_console->run(Kind::Delete));
    QVERIFY(!QFile::exists(myStore() + QStringLiteral("/c.pem")));
    QCOMPARE(userEvents().size(), 1);
}

void TestConsoleActions::failedExportShowsTheErrorAndLeavesNoFileOrEvent()
{
    const GeneratedCert cert = makeCertificate(CertSpec{});
    const QString out = m_env->path(QStringLiteral("out.p12"));
    exportAsPkcs12(cert, cert.pem() /* no key in the store */, out);
    if (QTest::currentTestFailed())
        return;

    QCOMPARE(m_console->messages->errors.size(), 1);
    const QString error = m_console->messages->errors.first();
    QVERIFY2(error.contains(out) && error.contains(QStringLiteral("key")), qPrintable(error));
    QVERIFY(!QFile::exists(out));
    QCOMPARE(userEvents().size(), 0);
    QCOMPARE(int(m_console->runner()->lastOutcome().status), int(CommandOutcome::Status::Failed));
}

void TestConsoleActions::pkcs12ExportIsRecorded()
{
    const GeneratedCert cert = makeCertificate(CertSpec{});
    const QString out = m_env->path(QStringLiteral("site.p12"));
    exportAsPkcs12(cert, pemWithKey(cert), out);
    if (QTest::currentTestFailed())
        return;

    QVERIFY2(m_console->messages->errors.isEmpty(), qPrintable(m_console->messages->errors.join('\n')));
    QCOMPARE(fileMode(out), 0600);
    const QList<LifecycleEvent> events = userEvents();
    QCOMPARE(events.size(), 1);
    QCOMPARE(events.first().id, EventId::Exported);
    QCOMPARE(events.first().action, QStringLiteral("export"));
}

void TestConsoleActions::exportDialogWantsTheSamePasswordTwice()
{
    CertificateSummary summary;
    summary.name = QStringLiteral("site.example");
    summary.hasPrivateKey = true;
    ExportCertificateDialog dialog(summary);
    auto* format = dialog.findChild<QComboBox*>(QStringLiteral("exportFormat"));
    auto* path = dialog.findChild<QLineEdit*>(QStringLiteral("exportPath"));
    auto* password = dialog.findChild<QLineEdit*>(QStringLiteral("exportPassword"));
    auto* repeat = dialog.findChild<QLineEdit*>(QStringLiteral("exportPasswordRepeat"));
    QPushButton* ok = dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok);
    QVERIFY(format && path && password && repeat && ok);
    QVERIFY(!ok->isEnabled()); // no file yet
    QTest::keyClicks(path, QStringLiteral("/tmp/site.p12"));
    QVERIFY(ok->isEnabled()); // PEM needs nothing more
    format->setCurrentIndex(format->findData(int(ExportFormat::Pkcs12)));
    QVERIFY(!ok->isEnabled());
    QTest::keyClicks(password, QStringLiteral("s3cret"));
    QTest::keyClicks(repeat, QStringLiteral("s3creT"));
    QVERIFY(!ok->isEnabled());
    repeat->clear();
    QTest::keyClicks(repeat, QStringLiteral("s3cret"));
    QVERIFY(ok->isEnabled());
    dialog.findChild<QCheckBox*>(QStringLiteral("exportLegacy"))->setChecked(true);
    const ExportAnswer answer = dialog.takeAnswer();
    QCOMPARE(answer.format, ExportFormat::Pkcs12);
    QCOMPARE(answer.password, QByteArray("s3cret"));
    QCOMPARE(answer.pkcs12Kind, Pkcs12Kind::Legacy);
    QVERIFY(password->text().isEmpty() && repeat->text().isEmpty()); // not left in the fields

    // Without a key in the store, PKCS#12 cannot be chosen.
    summary.hasPrivateKey = false;
    ExportCertificateDialog noKey(summary);
    auto* noKeyFormat = noKey.findChild<QComboBox*>(QStringLiteral("exportFormat"));
    auto* model = qobject_cast<QStandardItemModel*>(noKeyFormat->model());
    QVERIFY(!model->item(noKeyFormat->findData(int(ExportFormat::Pkcs12)))->isEnabled());
}

QTEST_MAIN(TestConsoleActions)
#include "TestConsoleActions.moc"
