// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "../core/tasks/TaskFixture.h"
#include "ActionTestSupport.h"
#include "CertFactory.h"
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
#include <QPushButton>
#include <QStandardItemModel>
#include <QMimeData>
#include <QSortFilterProxyModel>
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
const QDateTime kNow(QDate(2026, 3, 1), QTime(12, 0), Qt::UTC);

int fileMode(const QString& path)
{
    struct stat st
    {};
    return ::stat(QFile::encodeName(path).constData(), &st) == 0 ? int(st.st_mode & 07777) : -1;
}

QList<LifecycleEvent> userEvents()
{
    EventLog log(Paths::eventLogFile(Scope::User), Scope::User);
    if (!log.openReadOnly())
        return {};
    EventQuery query;
    query.limit = 1000;
    return log.query(query);
}

QByteArray pemWithKey(const GeneratedCert& cert)
{
    return cert.pem() + cert.key.pkcs8Pem();
}
} // namespace

// The certificate actions driven through the real main window over real stores: the
// files each leaves (and their modes), the rows the console shows afterwards, and the
// events in the user's log.
class TestConsoleActions : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void importsAPemWithItsKeyThroughTheDialog();
    void importAsksForThePkcs12PasswordAgainAfterAWrongOne();
    void cancellingChangesNothing();
    void deleteRemovesTheFileAndKeepsASharedKey();
    void deleteWaitsWhileAnAgentPassHoldsTheSnapshot();
    void cancelWhileWaitingForTheSnapshotChangesNothing();
    void failedExportShowsTheErrorAndLeavesNoFileOrEvent();
    void pkcs12ExportIsRecorded();
    void moveGoesToTheOtherStoreWithBothEvents();
    void replaceRecordsReplaceAndArchive();
    void replaceRunsTheMatchingReplaceTasks();
    void droppingAFileOnAStoreRowImportsIt();
    void droppingOnTheCertificatesPageNeedsOneStoreShown();
    void readOnlyStoresDisableTheirActions();
    void exportDialogWantsTheSamePasswordTwice();

private:
    QString myStore() const { return Paths::defaultMyStore(Scope::User); }
    QString webStore() const { return m_env->path(QStringLiteral("stores/web")); }
    void addStore(const QString& id, const QString& path, bool readOnly);
    bool selectCertificate(const QString& thumbprint);
    void exportAsPkcs12(const GeneratedCert& cert, const QByteArray& storeFile, const QString& out);
    // Writes www.example (old) and its renewal (new) into the My store, starts the
    // console and replaces old with new through the dialog; collects what the command
    // said while it ran into *progress.
    void replaceOldWithNew(GeneratedCert* oldCert, GeneratedCert* newCert, QStringList* progress = nullptr);
    QStringList storeFiles(const QString& dir) const;

    std::unique_ptr<TestEnvironment> m_env;
    std::unique_ptr<RealStoresConsole> m_console;
};

void TestConsoleActions::init()
{
    m_env = std::make_unique<TestEnvironment>();
    QVERIFY(QDir().mkpath(myStore()));
    QVERIFY(QDir().mkpath(webStore()));
    QVERIFY(QDir().mkpath(m_env->path(QStringLiteral("incoming"))));
    addStore(QStringLiteral("web"), webStore(), false);
}

void TestConsoleActions::cleanup()
{
    m_console.reset();
    m_env.reset();
}

void TestConsoleActions::addStore(const QString& id, const QString& path, bool readOnly)
{
    StoreConfig config;
    config.id = id;
    config.displayName = id;
    config.scope = Scope::User;
    config.path = path;
    config.readOnly = readOnly;
    StoreCatalog catalog = StoreCatalog::load();
    const QString error = catalog.add(config);
    QVERIFY2(error.isEmpty(), qPrintable(error));
}

bool TestConsoleActions::selectCertificate(const QString& thumbprint)
{
    CertificatesPage* page = m_console->window->certificatesPage();
    m_console->window->showPage(page);
    return QTest::qWaitFor([&] { return page->selectThumbprint(thumbprint); }, 10000) && page->currentRow()
        && page->currentRow()->thumbprint == thumbprint;
}

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

QStringList TestConsoleActions::storeFiles(const QString& dir) const
{
    return QDir(dir).entryList(QDir::Files, QDir::Name);
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
    QCOMPARE(shown.storeKey, storeKey(Scope::User, QStringLiteral("My")));
    QCOMPARE(shown.stored.keyPath, myStore() + QLatin1Char('/') + stem + QStringLiteral(".key"));

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

void TestConsoleActions::moveGoesToTheOtherStoreWithBothEvents()
{
    const GeneratedCert cert = makeCertificate(CertSpec{});
    QVERIFY(writeFile(myStore() + QStringLiteral("/site.pem"), cert.pem()));

    m_console = std::make_unique<RealStoresConsole>(kNow, m_env->root());
    QVERIFY(m_console->showAndScan());
    QVERIFY(selectCertificate(cert.thumbprint()));
    m_console->actionDialogs->targetStore = storeKey(Scope::User, QStringLiteral("web"));
    QVERIFY(m_console->run(Kind::Move));

    // Its own store is not offered as the target.
    for (const StoreChoice& choice : std::as_const(m_console->actionDialogs->offeredStores))
        QVERIFY(choice.key != storeKey(Scope::User, QStringLiteral("My")));
    QCOMPARE(storeFiles(myStore()), QStringList());
    QCOMPARE(storeFiles(webStore()).size(), 1);
    const int row = m_console->controller->certificates()->findThumbprint(cert.thumbprint());
    QVERIFY(row >= 0);
    QCOMPARE(m_console->controller->certificates()->rowAt(row).storeKey, storeKey(Scope::User, QStringLiteral("web")));
    QList<int> ids;
    for (const LifecycleEvent& e : userEvents())
        ids << int(e.id);
    std::sort(ids.begin(), ids.end());
    QCOMPARE(ids, (QList<int>{int(EventId::Deleted), int(EventId::New)}));
}

void TestConsoleActions::replaceOldWithNew(GeneratedCert* oldCert, GeneratedCert* newCert, QStringList* progress)
{
    CertSpec oldSpec;
    oldSpec.cn = QStringLiteral("www.example");
    CertSpec newSpec = oldSpec;
    newSpec.serialHex = "0C";
    newSpec.notAfter = QDateTime(QDate(2026, 7, 1), QTime(0, 0), Qt::UTC);
    *oldCert = makeCertificate(oldSpec);
    *newCert = makeCertificate(newSpec);
    QVERIFY(writeFile(myStore() + QStringLiteral("/old.pem"), oldCert->pem()));
    QVERIFY(writeFile(myStore() + QStringLiteral("/new.pem"), newCert->pem()));
    m_console = std::make_unique<RealStoresConsole>(kNow, m_env->root());
    if (progress)
        connect(m_console->runner(), &CommandRunner::progress, this,
                [progress](const QString& message) { *progress << message; });
    QVERIFY(m_console->showAndScan());
    QVERIFY(selectCertificate(oldCert->thumbprint()));
    m_console->actionDialogs->replacement = 0;
    QVERIFY(m_console->run(Kind::Replace));
}

void TestConsoleActions::replaceRecordsReplaceAndArchive()
{
    GeneratedCert oldCert;
    GeneratedCert newCert;
    replaceOldWithNew(&oldCert, &newCert);
    if (QTest::currentTestFailed())
        return;

    QCOMPARE(m_console->actionDialogs->replacementCandidates.size(), 1);
    QCOMPARE(m_console->actionDialogs->replacementCandidates.first().thumbprint, newCert.thumbprint());
    QVERIFY2(m_console->messages->errors.isEmpty(), qPrintable(m_console->messages->errors.join('\n')));
    QCOMPARE(storeFiles(myStore()), (QStringList{QStringLiteral("new.pem"), QStringLiteral("old.pem")}));
    std::optional<LifecycleEvent> replace;
    std::optional<LifecycleEvent> archive;
    for (const LifecycleEvent& e : userEvents()) {
        if (e.id == EventId::Replace)
            replace = e;
        if (e.id == EventId::Archived)
            archive = e;
    }
    QVERIFY(replace && archive);
    QCOMPARE(replace->action, QStringLiteral("replace"));
    QCOMPARE(replace->certificate.thumbprint, newCert.thumbprint());
    QVERIFY(replace->oldCertificate);
    QCOMPARE(replace->oldCertificate->thumbprint, oldCert.thumbprint());
    QCOMPARE(archive->certificate.thumbprint, oldCert.thumbprint());
    QVERIFY2(m_console->lastMessage.contains(QStringLiteral("No User Replace task matched")),
             qPrintable(m_console->lastMessage));
}

// Replace in the console runs the scope's Replace tasks as `certlifectl switch` does:
// only the enabled ones whose filters match, once each, recorded against the 1001.
void TestConsoleActions::replaceRunsTheMatchingReplaceTasks()
{
    const ScriptDir scripts;
    QVERIFY2(scripts.problem().isEmpty(), qPrintable(scripts.problem()));
    const QString out = m_env->path(QStringLiteral("task-out"));
    const QString recorder = scripts.writeRecorder(QStringLiteral("rebind.sh"), out);
    const QString failing = scripts.write(QStringLiteral("page.sh"), "#!/bin/bash\necho paging\nexit 1\n");
    const auto registerUserTask = [](const QString& name, const QString& script, const QString& subject, bool enabled) {
        NotificationTask task;
        task.name = name;
        task.channel = Scope::User;
        task.command = script;
        task.arguments = {QStringLiteral("{OldCertHash}"), QStringLiteral("{NewCertHash}")};
        task.filterSubject = subject;
        task.enabled = enabled;
        const TaskChange change = registerTask(task, ScriptPin::CheckedNow);
        if (!change.ok())
            qWarning("%s", qPrintable(change.error));
        return change.ok();
    };
    QVERIFY(registerUserTask(QStringLiteral("nginx-rebind"), recorder, QStringLiteral("www.example"), true));
    QVERIFY(registerUserTask(QStringLiteral("page-oncall"), failing, QString(), true));
    QVERIFY(registerUserTask(QStringLiteral("other-site"), recorder, QStringLiteral("other.example"), true));
    QVERIFY(registerUserTask(QStringLiteral("switched-off"), recorder, QString(), false));

    GeneratedCert oldCert;
    GeneratedCert newCert;
    QStringList progress;
    replaceOldWithNew(&oldCert, &newCert, &progress);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(progress.size(), 1);
    QVERIFY2(progress.first().contains(QStringLiteral("running the matching User Replace tasks")),
             qPrintable(progress.first()));

    // The recorder ran once (not for other-site, whose filter does not match, nor for
    // the disabled switched-off), with the hashes of the replacement.
    const QStringList argvFiles = recordedFiles(out, QStringLiteral("argv"));
    QCOMPARE(argvFiles.size(), 1);
    QCOMPARE(splitNul(readAllOf(argvFiles.first())), (QStringList{oldCert.thumbprint(), newCert.thumbprint()}));

    std::optional<LifecycleEvent> replace;
    for (const LifecycleEvent& e : userEvents()) {
        if (e.id == EventId::Replace)
            replace = e;
    }
    QVERIFY(replace);
    TaskRunLog runLog(Paths::eventLogFile(Scope::User));
    QString error;
    QVERIFY2(runLog.openReadOnly(&error), qPrintable(error));
    QMap<QString, TaskRun> runs;
    for (const TaskRun& run : runLog.runsForEvent(replace->recordId))
        runs.insert(run.task, run);
    QCOMPARE(runs.keys(), (QStringList{QStringLiteral("nginx-rebind"), QStringLiteral("page-oncall")}));
    QCOMPARE(runs.value(QStringLiteral("nginx-rebind")).state, TaskRunState::Succeeded);
    QCOMPARE(runs.value(QStringLiteral("page-oncall")).state, TaskRunState::Failed);
    QCOMPARE(runs.value(QStringLiteral("page-oncall")).exitCode, std::optional<int>(1));
    QCOMPARE(runs.value(QStringLiteral("page-oncall")).output, QByteArray("paging\n"));

    // The status bar says what ran; the failure is also shown as an error.
    const QString message = m_console->lastMessage;
    QVERIFY2(message.contains(QStringLiteral("2 tasks ran: ")), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("nginx-rebind succeeded")), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("page-oncall failed (exit 1)")), qPrintable(message));
    QCOMPARE(m_console->messages->errors.size(), 1);
    QVERIFY2(m_console->messages->errors.first().contains(QStringLiteral("page-oncall failed (exit 1)")),
             qPrintable(m_console->messages->errors.first()));
}

void TestConsoleActions::droppingAFileOnAStoreRowImportsIt()
{
    CertSpec spec;
    spec.cn = QStringLiteral("dropped.example");
    const GeneratedCert cert = makeCertificate(spec);
    const QString source = m_env->path(QStringLiteral("incoming/dropped.pem"));
    QVERIFY(writeFile(source, pemWithKey(cert)));

    m_console = std::make_unique<RealStoresConsole>(kNow, m_env->root());
    QVERIFY(m_console->showAndScan());
    StoresPage* page = m_console->window->storesPage();
    m_console->window->showPage(page);
    QTableView* table = page->storeTable();
    int webRow = -1;
    for (int row = 0; row < table->model()->rowCount(); ++row) {
        if (table->model()->index(row, 0).data().toString() == QStringLiteral("web"))
            webRow = row;
    }
    QVERIFY(webRow >= 0);
    const QPoint at = table->visualRect(table->model()->index(webRow, 0)).center();

    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(source)});
    QDragEnterEvent enter(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(table->viewport(), &enter);
    QVERIFY(enter.isAccepted());
    m_console->actionDialogs->importWithPresets = true;
    QSignalSpy finished(m_console->runner(), &CommandRunner::commandFinished);
    QDropEvent drop(QPointF(at), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(table->viewport(), &drop);
    QVERIFY(drop.isAccepted());
    QVERIFY(finished.wait(20000));

    // The dialog opened with the dropped file and the store it was dropped on.
    QCOMPARE(m_console->actionDialogs->presetFiles, QStringList{source});
    QCOMPARE(m_console->actionDialogs->presetStore, storeKey(Scope::User, QStringLiteral("web")));
    QCOMPARE(storeFiles(webStore()).size(), 2);
    QVERIFY(m_console->controller->certificates()->findThumbprint(cert.thumbprint()) >= 0);
    QCOMPARE(userEvents().size(), 1);
    QCOMPARE(userEvents().first().storeId, QStringLiteral("web"));

    // A store that takes no files refuses the drag.
    int sslRow = -1;
    for (int row = 0; row < table->model()->rowCount(); ++row) {
        if (table->model()->index(row, 0).data().toString() == QStringLiteral("System CA certificates"))
            sslRow = row;
    }
    QVERIFY(sslRow >= 0);
    QDragEnterEvent refused(table->visualRect(table->model()->index(sslRow, 0)).center(), Qt::CopyAction, &mime,
                            Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(table->viewport(), &refused);
    QVERIFY(!refused.isAccepted());
}

void TestConsoleActions::droppingOnTheCertificatesPageNeedsOneStoreShown()
{
    const GeneratedCert cert = makeCertificate(CertSpec{});
    const QString source = m_env->path(QStringLiteral("incoming/site.pem"));
    QVERIFY(writeFile(source, cert.pem()));

    m_console = std::make_unique<RealStoresConsole>(kNow, m_env->root());
    QVERIFY(m_console->showAndScan());
    CertificatesPage* page = m_console->window->certificatesPage();
    m_console->window->showPage(page);
    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(source)});
    const QPoint at = page->table()->viewport()->rect().center();

    // Every store shown: which one would it go to? The drag is refused.
    QDragEnterEvent everyStore(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(page->table()->viewport(), &everyStore);
    QVERIFY(!everyStore.isAccepted());

    CertificateView view;
    view.storeKey = storeKey(Scope::User, QStringLiteral("web"));
    page->applyView(view);
    QDragEnterEvent oneStore(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(page->table()->viewport(), &oneStore);
    QVERIFY(oneStore.isAccepted());
    m_console->actionDialogs->importWithPresets = true;
    QSignalSpy finished(m_console->runner(), &CommandRunner::commandFinished);
    QDropEvent drop(QPointF(at), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(page->table()->viewport(), &drop);
    QVERIFY(finished.wait(20000));
    QCOMPARE(m_console->actionDialogs->presetStore, view.storeKey);
    QCOMPARE(storeFiles(webStore()).size(), 1);
    QTRY_COMPARE(page->filterModel()->rowCount(), 1); // the filtered page shows it at once
}

void TestConsoleActions::readOnlyStoresDisableTheirActions()
{
    const QString readOnlyDir = m_env->path(QStringLiteral("readonly"));
    QVERIFY(QDir().mkpath(readOnlyDir));
    const GeneratedCert cert = makeCertificate(CertSpec{});
    QVERIFY(writeFile(readOnlyDir + QStringLiteral("/site.pem"), cert.pem()));
    addStore(QStringLiteral("pinned"), readOnlyDir, true);

    m_console = std::make_unique<RealStoresConsole>(kNow, m_env->root());
    QVERIFY(m_console->showAndScan());
    QVERIFY(selectCertificate(cert.thumbprint()));
    CertificateActionSet* actions = m_console->actions();
    QVERIFY(!actions->action(Kind::Delete)->isEnabled());
    QVERIFY(actions->action(Kind::Delete)->toolTip().contains(QStringLiteral("read-only")));
    QVERIFY(!actions->action(Kind::Move)->isEnabled());
    QVERIFY(actions->action(Kind::Export)->isEnabled());
    QVERIFY(actions->action(Kind::Copy)->isEnabled());
    QVERIFY(actions->action(Kind::Import)->isEnabled());
    // The page shows them in its toolbar.
    QToolBar* bar = m_console->window->certificatesPage()->actionBar();
    QVERIFY(bar);
    QVERIFY(bar->actions().contains(actions->action(Kind::Delete)));
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
