// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "../core/tasks/TaskFixture.h"
#include "ConsoleActionsFixture.h"
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
const QDateTime& kNow = kActionsNow;
} // namespace

// The certificate actions between stores and onto a store, driven through the real main
// window over real stores: move, replace (with its events and Replace tasks), a file
// dropped on a store, and read-only stores. The actions within one store:
// TestConsoleActions.
class TestConsoleStoreActions : public QObject, private ConsoleActionsFixture
{
    Q_OBJECT

private Q_SLOTS:
    void init() { setUpStores(); }
    void cleanup() { tearDownStores(); }

    void moveGoesToTheOtherStoreWithBothEvents();
    void replaceRecordsReplaceAndArchive();
    void replaceRunsTheMatchingReplaceTasks();
    void droppingAFileOnAStoreRowImportsIt();
    void droppingOnTheCertificatesPageNeedsOneStoreShown();
    void readOnlyStoresDisableTheirActions();

private:
    // Writes www.example (old) and its renewal (new) into the My store, starts the
    // console and replaces old with new through the dialog; collects what the command
    // said while it ran into *progress.
    void replaceOldWithNew(GeneratedCert* oldCert, GeneratedCert* newCert, QStringList* progress = nullptr);
};

void TestConsoleStoreActions::moveGoesToTheOtherStoreWithBothEvents()
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
    QCOMPARE(m_console->controller->certificates()->rowAt(row).storeKey(),
             storeKey(Scope::User, QStringLiteral("web")));
    QList<int> ids;
    for (const LifecycleEvent& e : userEvents())
        ids << int(e.id);
    std::sort(ids.begin(), ids.end());
    QCOMPARE(ids, (QList<int>{int(EventId::Deleted), int(EventId::New)}));
}

void TestConsoleStoreActions::replaceOldWithNew(GeneratedCert* oldCert, GeneratedCert* newCert, QStringList* progress)
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

void TestConsoleStoreActions::replaceRecordsReplaceAndArchive()
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
void TestConsoleStoreActions::replaceRunsTheMatchingReplaceTasks()
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

void TestConsoleStoreActions::droppingAFileOnAStoreRowImportsIt()
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

void TestConsoleStoreActions::droppingOnTheCertificatesPageNeedsOneStoreShown()
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

void TestConsoleStoreActions::readOnlyStoresDisableTheirActions()
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

QTEST_MAIN(TestConsoleStoreActions)
#include "TestConsoleStoreActions.moc"
