// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "../core/tasks/TaskFixture.h"
#include "DemoTasks.h"
#include "ConsoleFixture.h"
#include "TestEnvironment.h"
#include "dialogs/TaskEditDialog.h"
#include "dialogs/TaskTestDialogs.h"
#include "models/TaskListModel.h"
#include "models/TaskRunModel.h"
#include "pages/EventsPage.h"
#include "pages/TasksPage.h"
#include "tasks/TaskRegistry.h"
#include "util/Paths.h"

#include <QCheckBox>
#include <QComboBox>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableView>
#include <QTest>
#include <QToolButton>

using namespace certlife;
using namespace certlife::test;
using namespace certlife::ui;

// The Tasks page of the real main window, driven as a user would: the New dialog filled
// key by key, the toolbar buttons clicked. What it writes is read back through core and
// through the real `certlifectl task` (the same task files, the same run log).
class TestTasksPage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void createTaskThroughTheDialog();
    void badScriptsAreRejectedWithTheReasonAndTheFix();
    void testRunShowsTheScriptsOutput();
    void testPickerListsEachCertificateOnceWithItsLocations();
    void deleteAsksAndRemoves();
    void enableDisablePersists();
    void repinShowsOldAndNewHashAndPinsAfterConfirmation();
    void systemTasksAreReadOnlyWithoutPermission();
    void everyRunIsReachableByPageAndOutcome();

private:
    TasksPage* showTasks();
    bool registerUserTask(const QString& name, const QString& script, const QString& store = {});
    // Clicks and waits until the page has written the change and shown it again.
    bool clickAndWait(QPushButton* button);
    CliResult ctl(const QStringList& args) const
    {
        return runCertlifectl(binaryPath(QStringLiteral("certlifectl")), args, m_env->processEnvironment());
    }

    std::unique_ptr<TestEnvironment> m_env;
    DemoData m_data;
    std::unique_ptr<ConsoleFixture> m_console;
    std::unique_ptr<ScriptDir> m_scripts;
    QString m_settingsFile;
};

void TestTasksPage::initTestCase()
{
    m_env = std::make_unique<TestEnvironment>();
    m_data = makeDemoData();
    m_settingsFile = m_env->path(QStringLiteral("console.conf"));
}

void TestTasksPage::init()
{
    // Each test starts without tasks (the demo's run history stays).
    for (const Scope scope : {Scope::System, Scope::User})
        QDir(Paths::tasksDir(scope)).removeRecursively();
    m_scripts = std::make_unique<ScriptDir>();
    QVERIFY2(m_scripts->problem().isEmpty(), qPrintable(m_scripts->problem()));
    QFile::remove(m_settingsFile);
    m_console = std::make_unique<ConsoleFixture>(m_data, m_settingsFile);
    QVERIFY(m_console->showAndLoad());
}

void TestTasksPage::cleanup()
{
    m_console.reset();
    m_scripts.reset();
}

TasksPage* TestTasksPage::showTasks()
{
    TasksPage* page = m_console->window->tasksPage();
    QSignalSpy reloaded(page, &TasksPage::reloaded);
    m_console->window->showPage(page);
    if (!QTest::qWaitFor([&] { return reloaded.size() > 0 && !page->isLoading(); }))
        qWarning("the Tasks page did not load");
    return page;
}

bool TestTasksPage::registerUserTask(const QString& name, const QString& script, const QString& store)
{
    NotificationTask task;
    task.name = name;
    task.channel = Scope::User;
    task.command = script;
    task.arguments = {QStringLiteral("{OldCertHash}"), QStringLiteral("{NewCertHash}")};
    task.filterStore = store;
    const TaskChange change = registerTask(task, ScriptPin::CheckedNow);
    if (!change.ok())
        qWarning("%s", qPrintable(change.error));
    return change.ok();
}

bool TestTasksPage::clickAndWait(QPushButton* button)
{
    TasksPage* page = m_console->window->tasksPage();
    if (!button->isEnabled())
        return false;
    // However the command ends (done, refused, cancelled in its dialog), it is over.
    const std::optional<CommandOutcome> outcome =
        m_console->runCommand([button] { QTest::mouseClick(button, Qt::LeftButton); });
    return outcome && QTest::qWaitFor([&] { return !page->isLoading(); });
}

void TestTasksPage::createTaskThroughTheDialog()
{
    const QString script = m_scripts->write(QStringLiteral("nginx-rebind.sh"), "#!/bin/sh\necho \"rebind $1 -> $2\"\n");
    const QString pin = sha256OfFile(script);
    TasksPage* page = showTasks();
    QVERIFY(m_console->window->pages().indexOf(page)
            > m_console->window->pages().indexOf(m_console->window->eventsPage()));
    QCOMPARE(page->taskModel()->rowCount(), 0);

    QString statusWhileTyping;
    m_console->taskDialogs->fillTask = [&](TaskEditDialog& dialog) {
        // Only the channels this user may write are offered (System needs root here).
        if (dialog.channelCombo()->count() != 1 || Scope(dialog.channelCombo()->currentData().toInt()) != Scope::User)
            return false;
        QTest::keyClicks(dialog.nameEdit(), QStringLiteral("nginx-rebind"));
        QSignalSpy checked(&dialog, &TaskEditDialog::scriptChecked);
        QTest::keyClicks(dialog.commandEdit(), script);
        if (!QTest::qWaitFor([&] { return checked.size() > 0 && !dialog.isCheckingScript(); }))
            return false;
        statusWhileTyping = dialog.scriptStatusText();
        // The placeholders come from the menu, one argument per line.
        dialog.argumentsEdit()->setFocus();
        for (const QString& placeholder : {QStringLiteral("{OldCertHash}"), QStringLiteral("{NewCertHash}")}) {
            for (QAction* action : dialog.placeholderButton()->menu()->actions()) {
                if (action->data().toString() == placeholder)
                    action->trigger();
            }
            if (placeholder.startsWith(QLatin1String("{Old")))
                QTest::keyClick(dialog.argumentsEdit(), Qt::Key_Return);
        }
        QTest::keyClicks(dialog.storeFilterCombo()->lineEdit(), QStringLiteral("My"));
        dialog.timeoutSpin()->selectAll();
        QTest::keyClicks(dialog.timeoutSpin(), QStringLiteral("90"));
        return true;
    };
    QVERIFY(clickAndWait(page->newButton()));
    QCOMPARE(statusWhileTyping,
             QStringLiteral("✓ The script passes every check. SHA-256 that will be pinned: %1").arg(pin));
    QVERIFY2(m_console->messages->errors.isEmpty(), qPrintable(m_console->messages->errors.join('\n')));

    // On disk, through core…
    const QString file = Paths::tasksDir(Scope::User) + QStringLiteral("/nginx-rebind.task");
    QVERIFY(QFile::exists(file));
    TaskRegistry registry(Scope::User);
    QVERIFY(registry.load());
    const NotificationTask stored = *registry.task(QStringLiteral("nginx-rebind"));
    QCOMPARE(stored.command, script);
    QCOMPARE(stored.arguments, QStringList({QStringLiteral("{OldCertHash}"), QStringLiteral("{NewCertHash}")}));
    QCOMPARE(stored.filterStore, QStringLiteral("My"));
    QCOMPARE(stored.timeoutSeconds, 90);
    QCOMPARE(stored.pinnedSha256, pin);
    QVERIFY(stored.enabled);
    // … and through certlifectl.
    CliResult r = ctl({QStringLiteral("task"), QStringLiteral("list")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(
        r.out.contains(QRegularExpression(
            QStringLiteral("\nnginx-rebind +User +Replace +yes +never +%1\n").arg(QRegularExpression::escape(script)))),
        qPrintable(r.out));
    r = ctl({QStringLiteral("task"), QStringLiteral("show"), QStringLiteral("nginx-rebind")});
    QVERIFY2(r.out.contains(QStringLiteral("Argument 2:       {NewCertHash}\n")), qPrintable(r.out));
    QVERIFY(r.out.contains(QStringLiteral("Timeout:          90 s\n")));
    QVERIFY(r.out.contains(QStringLiteral("Pinned SHA-256:   %1\n").arg(pin)));

    // The list shows it, selected.
    QCOMPARE(page->taskModel()->rowCount(), 1);
    QCOMPARE(page->taskTable()->selectionModel()->selectedRows().size(), 1);
    QCOMPARE(page->taskModel()->index(0, TaskListModel::CommandColumn).data().toString(),
             script + QStringLiteral(" {OldCertHash} {NewCertHash}"));
    QVERIFY2(page->statusText().startsWith(QStringLiteral("Registered User task nginx-rebind")),
             qPrintable(page->statusText()));

    // A second task of the same name is refused in the dialog itself.
    m_console->taskDialogs->fillTask = [&](TaskEditDialog& dialog) {
        QTest::keyClicks(dialog.nameEdit(), QStringLiteral("nginx-rebind"));
        QTest::keyClicks(dialog.commandEdit(), script);
        return QTest::qWaitFor([&] { return !dialog.isCheckingScript(); });
    };
    QVERIFY(clickAndWait(page->newButton()));
    QCOMPARE(m_console->taskDialogs->dialogTexts.size(), 2);
    QVERIFY2(m_console->taskDialogs->dialogTexts.last().contains(
                 QStringLiteral("A User task named “nginx-rebind” already exists")),
             qPrintable(m_console->taskDialogs->dialogTexts.last()));

    // Edit: the dialog starts from the task; the change is saved, the pin kept.
    m_console->taskDialogs->fillTask = [&](TaskEditDialog& dialog) {
        if (dialog.nameEdit()->text() != QLatin1String("nginx-rebind") || !dialog.nameEdit()->isReadOnly())
            return false;
        dialog.enabledCheck()->setChecked(false);
        QTest::keyClicks(dialog.subjectFilterEdit(), QStringLiteral("example"));
        return true;
    };
    QVERIFY(clickAndWait(page->editButton()));
    registry.load();
    QCOMPARE(registry.task(QStringLiteral("nginx-rebind"))->filterSubject, QStringLiteral("example"));
    QVERIFY(!registry.task(QStringLiteral("nginx-rebind"))->enabled);
    QCOMPARE(registry.task(QStringLiteral("nginx-rebind"))->pinnedSha256, pin);
}

void TestTasksPage::badScriptsAreRejectedWithTheReasonAndTheFix()
{
    const QString open = m_scripts->write(QStringLiteral("open.sh"), "#!/bin/sh\n", 0777);
    const QString missing = m_scripts->filePath(QStringLiteral("nowhere/rebind.sh"));
    TasksPage* page = showTasks();
    QString missingText;
    QString openText;
    bool okEnabled = true;
    m_console->taskDialogs->fillTask = [&](TaskEditDialog& dialog) {
        QTest::keyClicks(dialog.nameEdit(), QStringLiteral("bad"));
        QSignalSpy checked(&dialog, &TaskEditDialog::scriptChecked);
        QTest::keyClicks(dialog.commandEdit(), missing);
        if (!QTest::qWaitFor([&] { return checked.size() > 0 && !dialog.isCheckingScript(); }))
            return false;
        missingText = dialog.problemText();
        okEnabled = dialog.okButton()->isEnabled();
        dialog.commandEdit()->clear();
        QTest::keyClicks(dialog.commandEdit(), open);
        if (!QTest::qWaitFor([&] { return checked.size() > 1 && !dialog.isCheckingScript(); }))
            return false;
        openText = dialog.problemText();
        okEnabled = okEnabled || dialog.okButton()->isEnabled();
        return true; // pressing OK does nothing while the script is refused
    };
    QVERIFY(clickAndWait(page->newButton())); // ends when the dialog is cancelled
    QCOMPARE(m_console->taskDialogs->dialogTexts.size(), 1);
    // The walk from / names the first component that is not there.
    QVERIFY2(missingText.contains(QStringLiteral("✗ Refused: script: cannot open %1/nowhere: No such file or directory")
                                      .arg(m_scripts->path())),
             qPrintable(missingText));
    QVERIFY(missingText.contains(QStringLiteral("To fix: check the path; the script must exist")));
    QVERIFY2(
        openText.contains(QStringLiteral("✗ Refused: script: %1 is writable by group or others (mode 0777)").arg(open)),
        qPrintable(openText));
    QVERIFY2(openText.contains(QStringLiteral("To fix: chmod go-w %1").arg(open)), qPrintable(openText));
    QVERIFY(!okEnabled);
    QVERIFY(!QFile::exists(Paths::tasksDir(Scope::User) + QStringLiteral("/bad.task")));
    QCOMPARE(page->taskModel()->rowCount(), 0);
}

void TestTasksPage::testRunShowsTheScriptsOutput()
{
    const QString script = m_scripts->write(QStringLiteral("rebind.sh"),
                                            "#!/bin/sh\necho \"rebinding $1 -> $2\"\necho \"store $CERTLIFE_STORE\"\n");
    QVERIFY(registerUserTask(QStringLiteral("rebind"), script, QStringLiteral("My")));
    TasksPage* page = showTasks();
    QVERIFY(page->selectTask(Scope::User, QStringLiteral("rebind")));
    QTRY_VERIFY(page->testButton()->isEnabled());

    QSignalSpy finished(m_console->window->commandRunner(), &CommandRunner::commandFinished);
    m_console->taskDialogs->testChoice = TaskTestChoice{0, 1};
    QTest::mouseClick(page->testButton(), Qt::LeftButton);
    // Only the User channel's certificates that the store filter accepts are offered.
    QCOMPARE(m_console->taskDialogs->offeredCandidates.size(), 1);
    const QList<TaskTestCandidate> offered = m_console->taskDialogs->offeredCandidates.first();
    QCOMPARE(offered.size(), m_data.inventory.first().scan.certificates.size());
    for (const TaskTestCandidate& c : offered)
        QCOMPARE(c.certificate.storeId, QStringLiteral("My"));
    // The script runs as a child process: the window stays responsive meanwhile.
    QVERIFY(!page->testButton()->isEnabled());
    QVERIFY2(page->statusText().startsWith(QStringLiteral("Testing rebind for ")), qPrintable(page->statusText()));
    QTRY_COMPARE(finished.size(), 1);

    QCOMPARE(m_console->taskDialogs->testResults.size(), 1);
    const TaskTestResult result = m_console->taskDialogs->testResults.first();
    QVERIFY2(result.run, qPrintable(result.error));
    QCOMPARE(result.run->state, TaskRunState::Succeeded);
    QCOMPARE(result.run->exitCode, 0);
    const QString expected =
        QStringLiteral("rebinding %1 -> %2\nstore My\n")
            .arg(offered[1].certificate.details.thumbprint, offered[0].certificate.details.thumbprint);
    QCOMPARE(QString::fromUtf8(result.run->output), expected);
    QCOMPARE(result.event.id, EventId::Replace);
    QVERIFY(result.event.recordId > 0);
    QVERIFY2(page->statusText().startsWith(QStringLiteral("Test of rebind: succeeded (exit 0)")),
             qPrintable(page->statusText()));

    // The result dialog shows the exit status and the output.
    TaskRegistry registry(Scope::User);
    registry.load();
    TaskTestResultDialog dialog(*registry.task(QStringLiteral("rebind")), result);
    QVERIFY(dialog.findChild<QPlainTextEdit*>(QStringLiteral("testOutput"))->toPlainText() == expected);

    // The run is in the history pane, and in certlifectl's view of the same run log. The
    // pane reloads when the run log changes: it may show the run as "running" first.
    QTRY_COMPARE(page->runModel()->rowCount(), 1);
    QTRY_COMPARE(page->runModel()->index(0, TaskRunModel::ResultColumn).data().toString(),
                 QStringLiteral("succeeded (exit 0)"));
    QCOMPARE(page->runModel()->index(0, TaskRunModel::OutputColumn).data().toString(), QStringLiteral("store My"));
    QTRY_VERIFY(page->outputText().contains(expected));
    QTRY_COMPARE(page->taskModel()->index(0, TaskListModel::LastResultColumn).data().toString(),
                 QStringLiteral("succeeded (exit 0)"));
    const CliResult r = ctl({QStringLiteral("task"), QStringLiteral("show"), QStringLiteral("rebind")});
    QVERIFY2(r.out.contains(QStringLiteral("attempt 1: succeeded (exit 0)")), qPrintable(r.out));
    QVERIFY(r.out.contains(QStringLiteral("    | store My\n")));
}

void TestTasksPage::testPickerListsEachCertificateOnceWithItsLocations()
{
    // The user's store holds its first certificate in a second file too (as certbot's
    // cert.pem and fullchain.pem do): one choice, with both places.
    DemoData data = m_data;
    StoreInventory& my = data.inventory.first();
    QCOMPARE(my.config.id, QStringLiteral("My"));
    const qsizetype certificates = my.scan.certificates.size();
    StoredCertificate copy = my.scan.certificates.first();
    const QString original = copy.path;
    copy.path = my.config.path + QStringLiteral("/copies/again.pem");
    my.scan.certificates.append(copy);
    m_console.reset();
    m_console = std::make_unique<ConsoleFixture>(data, m_settingsFile);
    QVERIFY(m_console->showAndLoad());

    const QString script = m_scripts->write(QStringLiteral("rebind.sh"), "#!/bin/sh\nexit 0\n");
    QVERIFY(registerUserTask(QStringLiteral("rebind"), script, QStringLiteral("My")));
    TasksPage* page = showTasks();
    QVERIFY(page->selectTask(Scope::User, QStringLiteral("rebind")));
    QTRY_VERIFY(page->testButton()->isEnabled());
    m_console->taskDialogs->testChoice = std::nullopt; // look, then cancel
    QTest::mouseClick(page->testButton(), Qt::LeftButton);
    QTRY_COMPARE(m_console->taskDialogs->offeredCandidates.size(), 1);
    const QList<TaskTestCandidate> offered = m_console->taskDialogs->offeredCandidates.first();
    QCOMPARE(offered.size(), certificates); // not one more for the second file
    const QString thumbprint = copy.certificate.thumbprint();
    QList<TaskTestCandidate> ofIt;
    for (const TaskTestCandidate& c : offered)
        if (c.certificate.details.thumbprint == thumbprint)
            ofIt << c;
    QCOMPARE(ofIt.size(), 1);
    QCOMPARE(ofIt.first().locations, (QStringList{original, copy.path}));
    QVERIFY2(ofIt.first().label.endsWith(QStringLiteral(" +1")), qPrintable(ofIt.first().label));
    QVERIFY2(ofIt.first().label.contains(QStringLiteral("Personal")), qPrintable(ofIt.first().label));

    // The picker's entry shows the first place and "+1"; its tooltip lists both, and the
    // filter finds it by the second path.
    NotificationTask task;
    task.name = QStringLiteral("rebind");
    task.channel = Scope::User;
    TaskTestCertificateDialog dialog(task, offered);
    auto* list = dialog.findChild<QListWidget*>(QStringLiteral("testCertificateList"));
    QVERIFY(list);
    QCOMPARE(list->count(), int(certificates));
    QListWidgetItem* item = nullptr;
    for (int i = 0; i < list->count(); ++i)
        if (list->item(i)->text() == ofIt.first().label)
            item = list->item(i);
    QVERIFY(item);
    QVERIFY(item->toolTip().contains(original) && item->toolTip().contains(copy.path));
    QTest::keyClicks(dialog.findChild<QLineEdit*>(QStringLiteral("testCertificateFilter")),
                     QStringLiteral("copies/again"));
    int shown = 0;
    for (int i = 0; i < list->count(); ++i)
        shown += !list->item(i)->isHidden();
    QCOMPARE(shown, 1);
    QVERIFY(!item->isHidden());
}

void TestTasksPage::deleteAsksAndRemoves()
{
    const QString script = m_scripts->write(QStringLiteral("x.sh"), "#!/bin/sh\n");
    QVERIFY(registerUserTask(QStringLiteral("old-task"), script));
    const QString file = TaskRegistry(Scope::User).filePath(QStringLiteral("old-task"));
    TasksPage* page = showTasks();
    QVERIFY(page->selectTask(Scope::User, QStringLiteral("old-task")));

    m_console->taskDialogs->confirmDelete = false;
    QVERIFY(clickAndWait(page->deleteButton()));
    QCOMPARE(m_console->taskDialogs->deleteQuestions, QStringList{QStringLiteral("old-task")});
    QVERIFY(QFile::exists(file)); // cancelled: nothing changes
    QCOMPARE(page->taskModel()->rowCount(), 1);

    m_console->taskDialogs->confirmDelete = true;
    QVERIFY(clickAndWait(page->deleteButton()));
    QCOMPARE(m_console->taskDialogs->deleteQuestions.size(), 2);
    QVERIFY(!QFile::exists(file));
    QCOMPARE(page->taskModel()->rowCount(), 0);
    QVERIFY(!page->editButton()->isEnabled());
    QCOMPARE(ctl({QStringLiteral("task"), QStringLiteral("list")}).out, QStringLiteral("No notification tasks.\n"));
}

void TestTasksPage::enableDisablePersists()
{
    const QString script = m_scripts->write(QStringLiteral("x.sh"), "#!/bin/sh\n");
    QVERIFY(registerUserTask(QStringLiteral("toggle"), script));
    TasksPage* page = showTasks();
    QVERIFY(page->selectTask(Scope::User, QStringLiteral("toggle")));
    QCOMPARE(page->enableButton()->text().remove(QLatin1Char('&')), QStringLiteral("Disable"));

    QVERIFY(clickAndWait(page->enableButton()));
    TaskRegistry registry(Scope::User);
    registry.load();
    QVERIFY(!registry.task(QStringLiteral("toggle"))->enabled);
    QCOMPARE(page->taskModel()->index(0, TaskListModel::EnabledColumn).data().toString(), QStringLiteral("No"));
    QCOMPARE(page->enableButton()->text().remove(QLatin1Char('&')), QStringLiteral("Enable"));
    QVERIFY(!page->testButton()->isEnabled()); // a disabled task does not run, not even as a test
    QVERIFY2(ctl({QStringLiteral("task"), QStringLiteral("list")})
                 .out.contains(QRegularExpression(QStringLiteral("\ntoggle +User +Replace +no "))),
             "certlifectl sees it disabled");

    QVERIFY(clickAndWait(page->enableButton()));
    registry.load();
    QVERIFY(registry.task(QStringLiteral("toggle"))->enabled);
    QCOMPARE(page->taskModel()->index(0, TaskListModel::EnabledColumn).data().toString(), QStringLiteral("Yes"));
}

void TestTasksPage::repinShowsOldAndNewHashAndPinsAfterConfirmation()
{
    const QString script = m_scripts->write(QStringLiteral("r.sh"), "#!/bin/sh\necho v1\n");
    const QString v1 = sha256OfFile(script);
    QVERIFY(registerUserTask(QStringLiteral("pinned"), script));
    m_scripts->write(QStringLiteral("r.sh"), "#!/bin/sh\necho v2\n");
    const QString v2 = sha256OfFile(script);
    TasksPage* page = showTasks();
    QVERIFY(page->selectTask(Scope::User, QStringLiteral("pinned")));

    m_console->taskDialogs->acceptRepin = false;
    QVERIFY(clickAndWait(page->repinButton())); // ends when the repin is declined
    QCOMPARE(m_console->taskDialogs->repinPreviews.size(), 1);
    QCOMPARE(m_console->taskDialogs->repinPreviews.first().pinnedSha256, v1);
    QCOMPARE(m_console->taskDialogs->repinPreviews.first().currentSha256, v2);
    TaskRegistry registry(Scope::User);
    registry.load();
    QCOMPARE(registry.task(QStringLiteral("pinned"))->pinnedSha256, v1); // declined: the pin stays

    m_console->taskDialogs->acceptRepin = true;
    QVERIFY(clickAndWait(page->repinButton()));
    registry.load();
    QCOMPARE(registry.task(QStringLiteral("pinned"))->pinnedSha256, v2);
    QVERIFY2(page->statusText().startsWith(QStringLiteral("Repinned pinned")), qPrintable(page->statusText()));
}

void TestTasksPage::systemTasksAreReadOnlyWithoutPermission()
{
    const QString script = m_scripts->write(QStringLiteral("sys.sh"), "#!/bin/sh\n");
    NotificationTask task;
    task.name = QStringLiteral("system-rebind");
    task.channel = Scope::System;
    task.command = script;
    QVERIFY(registerTask(task, ScriptPin::CheckedNow).ok());
    TasksPage* page = showTasks(); // the fake inventory says System is not writable here
    QVERIFY(page->selectTask(Scope::System, QStringLiteral("system-rebind")));
    QVERIFY(page->noteText().contains(QStringLiteral("System tasks are read-only here")));
    for (QPushButton* b :
         {page->editButton(), page->deleteButton(), page->enableButton(), page->testButton(), page->repinButton()})
        QVERIFY2(!b->isEnabled(), qPrintable(b->objectName()));
    QVERIFY(page->newButton()->isEnabled()); // User tasks still can be made
}

void TestTasksPage::everyRunIsReachableByPageAndOutcome()
{
    // The triage scenario: an Expire task over a large store logged 450 refusals, 30 real
    // failures and 5 successes. The failures and their output must be reachable: filter
    // by outcome, and page back through every run.
    QVERIFY(registerUserTask(QStringLiteral("expire-mail"),
                             m_scripts->write(QStringLiteral("mail.sh"), "#!/bin/sh\nexit 0\n")));
    {
        TaskRunLog log(Paths::eventLogFile(Scope::User));
        QString error;
        QVERIFY2(log.open(&error), qPrintable(error));
        NotificationTask task;
        task.name = QStringLiteral("expire-mail");
        const QDateTime start(QDate(2026, 11, 2), QTime(8, 0), Qt::UTC);
        for (int i = 0; i < 485; ++i) {
            LifecycleEvent event;
            event.id = EventId::CloseToExpiration;
            event.channel = Scope::User;
            event.recordId = 900000 + i;
            event.time = start.addSecs(i);
            demo::DemoRun run;
            if (i % 16 == 5 && i < 30 * 16) { // 30 failures, spread among the refusals
                run.state = TaskRunState::Failed;
                run.exitCode = 3;
                run.output = QStringLiteral("smtp: connection refused (run %1)\n").arg(i).toUtf8();
            } else if (i >= 480) {
                run.state = TaskRunState::Succeeded;
            } else {
                run.state = TaskRunState::Refused;
                run.reason = QStringLiteral("rate limit");
            }
            demo::recordDemoRun(log, task, event, run);
        }
    }
    TasksPage* page = showTasks();
    QVERIFY(page->selectTask(Scope::User, QStringLiteral("expire-mail")));
    QTRY_COMPARE(page->runModel()->rowCount(), 200); // the newest page
    QComboBox* outcome = page->runOutcomeFilter();
    QTRY_COMPARE(outcome->itemText(0), QStringLiteral("All runs (485)"));
    QCOMPARE(outcome->itemText(1), QStringLiteral("Failed (30)"));
    QCOMPARE(outcome->itemText(2), QStringLiteral("Refused (450)"));
    QCOMPARE(outcome->itemText(4), QStringLiteral("Succeeded (5)"));
    QCOMPARE(page->runsTitle(), QStringLiteral("Runs of expire-mail (newest 200 of 485)"));

    // Older runs, page by page, until every run is there and the button says no more.
    QSignalSpy loaded(page, &TasksPage::runsLoaded);
    QVERIFY(page->olderRunsButton()->isEnabled());
    QTest::mouseClick(page->olderRunsButton(), Qt::LeftButton);
    QTRY_COMPARE(page->runModel()->rowCount(), 400);
    QTRY_VERIFY(page->olderRunsButton()->isEnabled());
    page->olderRunsButton()->setFocus();
    QTest::keyClick(page->olderRunsButton(), Qt::Key_Space); // the keyboard reaches it too
    QTRY_COMPARE(page->runModel()->rowCount(), 485);
    QVERIFY(!page->olderRunsButton()->isEnabled());
    QCOMPARE(page->runsTitle(), QStringLiteral("Runs of expire-mail (485)"));
    QSet<qint64> ids;
    for (int row = 0; row < page->runModel()->rowCount(); ++row)
        ids.insert(page->runModel()->runAt(row).id);
    QCOMPARE(ids.size(), 485); // no run twice, none missing

    // Failed only: the 30 failures, newest first, with their output one click away.
    outcome->setCurrentIndex(outcome->findData(int(TaskRunOutcome::Failed)));
    QTRY_COMPARE(page->runModel()->rowCount(), 30);
    for (int row = 0; row < 30; ++row)
        QCOMPARE(page->runModel()->runAt(row).state, TaskRunState::Failed);
    QVERIFY(!page->olderRunsButton()->isEnabled());
    QCOMPARE(page->runsTitle(), QStringLiteral("Runs of expire-mail (30)"));
    QTRY_VERIFY2(page->outputText().contains(QStringLiteral("smtp: connection refused (run 469)")),
                 qPrintable(page->outputText()));
}

QTEST_MAIN(TestTasksPage)
#include "TestTasksPage.moc"
