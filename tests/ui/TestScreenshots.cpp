// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "ConsoleFixture.h"
#include "DemoTasks.h"
#include "TestEnvironment.h"
#include "agent/AgentStatus.h"
#include "models/CertificateFilterModel.h"
#include "models/CertificateTableModel.h"
#include "models/EventTableModel.h"
#include "pages/CertificatesPage.h"
#include "pages/EventsPage.h"
#include "pages/OverviewPage.h"
#include "models/TaskRunModel.h"
#include "pages/PolicyPage.h"
#include "pages/StoresPage.h"
#include "pages/TasksPage.h"
#include "dialogs/ImportCertificateDialog.h"
#include "dialogs/TaskEditDialog.h"
#include "util/Paths.h"

#include <QPainter>

#include <QDir>
#include <QImage>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

using namespace certlife;
using namespace certlife::test;
using namespace certlife::ui;

// Renders every page of the console over the demo data at 1440x900 and 1024x700, checks
// each came out as a real page (the window's size, more than a few colours), and saves
// the PNGs: into
// $CERTLIFE_SCREENSHOT_DIR when set (docs/screenshots is made this way, under Xvfb),
// else into a temporary directory.
class TestScreenshots : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void overview();
    void stores();
    void certificates();
    void events();
    void actions();
    void policy();
    void tasks();

private:
    void save(const QString& name, QWidget* widget = nullptr);
    void saveImage(const QString& name, QWidget* widget);

    std::unique_ptr<TestEnvironment> m_env;
    std::unique_ptr<ConsoleFixture> m_console;
    QString m_dir;
};

void TestScreenshots::initTestCase()
{
    m_env = std::make_unique<TestEnvironment>();
    const DemoData data = makeDemoData();
    // The System agent runs and has reported its last pass (the Overview and the status
    // bar show it); the User agent does not run.
    AgentStatus agent;
    agent.scope = Scope::System;
    agent.pid = QCoreApplication::applicationPid();
    agent.state = QStringLiteral("idle");
    agent.startedAt = data.now.addDays(-2);
    agent.lastPassAt = data.now.addSecs(-15 * 60);
    agent.lastPassMilliseconds = 2400;
    agent.stores = 5;
    agent.certificates = 72;
    agent.problems = 2;
    agent.eventsWritten = 208;
    agent.nextPassAt = data.now.addSecs(45 * 60);
    agent.taskRuns.succeeded = 14;
    agent.taskRuns.failed = 1;
    QVERIFY(agent.save());
    m_console = std::make_unique<ConsoleFixture>(data, m_env->path(QStringLiteral("console.conf")));
    m_console->window->resize(1440, 900);
    QVERIFY(m_console->showAndLoad());
    QTRY_VERIFY(m_console->controller->eventCount() > 0);
    QTRY_VERIFY(m_console->controller->alerts()->rowCount() > 0);
    m_dir = qEnvironmentVariable("CERTLIFE_SCREENSHOT_DIR", m_env->path(QStringLiteral("screenshots")));
    QVERIFY(QDir().mkpath(m_dir));
}

void TestScreenshots::cleanupTestCase()
{
    m_console.reset();
}

void TestScreenshots::save(const QString& name, QWidget* widget)
{
    if (widget) { // a dialog: as it opens
        saveImage(name, widget);
        return;
    }
    // The window at the size of a common laptop and at the smallest the console is
    // designed for: NAME-1440x900.png, NAME-1024x700.png.
    for (const QSize size : {QSize(1440, 900), QSize(1024, 700)}) {
        m_console->window->resize(size);
        saveImage(QStringLiteral("%1-%2x%3").arg(name).arg(size.width()).arg(size.height()), m_console->window.get());
    }
    m_console->window->resize(1440, 900);
}

void TestScreenshots::saveImage(const QString& name, QWidget* widget)
{
    QTest::qWait(100); // let the layout settle and the views paint
    const QImage image = widget->grab().toImage();
    QCOMPARE(image.size(), widget->size() * widget->devicePixelRatio());
    // A blank or unstyled window has a handful of colours; a page with text, icons and
    // a chart has hundreds.
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 3) {
        for (int x = 0; x < image.width(); x += 3)
            colours.insert(image.pixel(x, y));
    }
    QVERIFY2(colours.size() > 50, qPrintable(QString::number(colours.size())));
    const QString path = QDir(m_dir).filePath(name + QStringLiteral(".png"));
    QVERIFY(image.save(path));
    qInfo("saved %s", qPrintable(path));
}

void TestScreenshots::overview()
{
    m_console->window->showPage(m_console->window->overviewPage());
    save(QStringLiteral("overview"));
}

void TestScreenshots::stores()
{
    StoresPage* page = m_console->window->storesPage();
    m_console->window->showPage(page);
    QTableView* table = page->storeTable();
    for (int row = 0; row < table->model()->rowCount(); ++row) {
        if (table->model()->index(row, 0).data().toString() == QStringLiteral("Web servers"))
            table->selectRow(row);
    }
    save(QStringLiteral("stores"));
}

void TestScreenshots::certificates()
{
    CertificatesPage* page = m_console->window->certificatesPage();
    m_console->window->showPage(page);
    QTableView* table = page->table();
    // The most urgent certificate that is not yet expired, as an admin would open it.
    for (int row = 0; row < table->model()->rowCount(); ++row) {
        if (table->model()->index(row, CertificateTableModel::StateColumn).data().toString()
            == QStringLiteral("Expiring")) {
            table->selectRow(row);
            break;
        }
    }
    save(QStringLiteral("certificates"));
}

void TestScreenshots::events()
{
    EventsPage* page = m_console->window->eventsPage();
    m_console->window->showPage(page);
    EventTableModel* model = m_console->controller->events();
    QTRY_VERIFY(model->rowCount() > 0);
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->eventAt(row).id == EventId::Replace) {
            page->table()->selectRow(row);
            page->table()->scrollTo(model->index(row, 0));
            break;
        }
    }
    save(QStringLiteral("events"));
}

// The Certificates page with its action toolbar, and the import dialog over it as a
// drop onto the "Web servers" store opens it.
void TestScreenshots::actions()
{
    // As root, with the demo's writable stores given real (temporary) directories, so the
    // toolbar shows the actions as an admin sees them.
    m_console->inventory->systemWritable = true;
    for (StoreInventory& store : m_console->inventory->cached) {
        if (store.config.readOnly || store.config.kind != StoreKind::Directory)
            continue;
        store.config.path = m_env->path(QStringLiteral("stores/") + store.config.id);
        QVERIFY(QDir().mkpath(store.config.path));
    }
    QCoro::waitFor(m_console->controller->refresh());
    CertificatesPage* page = m_console->window->certificatesPage();
    m_console->window->showPage(page);
    QTRY_VERIFY(page->currentRow());
    QTest::qWait(100);
    QImage image = m_console->window->grab().toImage();
    QList<ui::StoreChoice> stores;
    for (const StoreInventory& store : m_console->controller->inventory()) {
        if (!store.config.readOnly)
            stores.append(
                {store.key(), QStringLiteral("%1 (%2)").arg(store.displayName(), scopeName(store.config.scope))});
    }
    ImportCertificateDialog dialog({QStringLiteral("/home/admin/Downloads/shop.example.p12"),
                                    QStringLiteral("/home/admin/Downloads/api.example.pem")},
                                   stores, storeKey(Scope::System, QStringLiteral("web")), m_console->window.get());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QTest::qWait(100);
    const QImage dialogImage = dialog.grab().toImage();
    {
        QPainter painter(&image);
        painter.fillRect(image.rect(), QColor(0, 0, 0, 70)); // the window behind a modal dialog
        const QPoint at((image.width() - dialogImage.width()) / 2, (image.height() - dialogImage.height()) / 3);
        painter.setPen(QColor(0x60, 0x7d, 0x8b));
        painter.drawRect(QRect(at, dialogImage.size()).adjusted(-1, -1, 0, 0));
        painter.drawImage(at, dialogImage);
    }
    dialog.close();
    const QString path = QDir(m_dir).filePath(QStringLiteral("actions.png"));
    QVERIFY(image.save(path));
    qInfo("saved %s", qPrintable(path));
}

void TestScreenshots::policy()
{
    // A site policy with one enforced key, and a user who tightened their own warnings.
    QVERIFY(writeFile(Paths::policyFile(Scope::System),
                      "[Policy]\nExpiryWarningDays=30\nAdditionalStores=/etc/letsencrypt, /etc/nginx/ssl\n"
                      "EventRetention=365d,1000000\n[Enforced]\nExpiryWarningPercent=20\n"));
    QVERIFY(writeFile(Paths::policyFile(Scope::User), "[Policy]\nExpiryWarningDays=45\nRescanInterval=2h\n"));
    PolicyPage* page = m_console->window->policyPage();
    m_console->window->showPage(page); // reads both files
    QVERIFY(!page->findChild<QLineEdit*>(QStringLiteral("user_ExpiryWarningPercent"))->isEnabled());
    save(QStringLiteral("policy"));
}

void TestScreenshots::tasks()
{
    writeDemoTasks();
    m_console->inventory->systemWritable = true; // as root: every button of the page is live
    TasksPage* page = m_console->window->tasksPage();
    QSignalSpy reloaded(page, &TasksPage::reloaded);
    m_console->window->showPage(page);
    QTRY_VERIFY(reloaded.size() > 0 && !page->isLoading());
    QCOMPARE(page->taskModel()->rowCount(), 5);
    // The paging task: mostly successes, one failure (selected, with its output).
    QVERIFY(page->selectTask(Scope::System, QStringLiteral("page-oncall")));
    QTRY_VERIFY(page->runModel()->rowCount() > 3 && !page->isLoading());
    for (int row = 0; row < page->runTable()->model()->rowCount(); ++row) {
        if (page->runTable()
                ->model()
                ->index(row, TaskRunModel::ResultColumn)
                .data()
                .toString()
                .startsWith(QLatin1String("failed")))
            page->runTable()->selectRow(row);
    }
    QVERIFY(page->outputText().contains(QStringLiteral("Could not resolve host")));
    save(QStringLiteral("tasks"));

    // The New dialog as it refuses a script in /tmp, with the fix.
    TaskEditRequest request;
    request.writableChannels = {Scope::System, Scope::User};
    request.storeIds = {QStringLiteral("letsencrypt"), QStringLiteral("web")};
    TaskEditDialog dialog(request, m_console->window.get());
    dialog.show();
    QTest::keyClicks(dialog.nameEdit(), QStringLiteral("postfix-rebind"));
    QTest::keyClicks(dialog.commandEdit(), QStringLiteral("/tmp/postfix-rebind.sh"));
    dialog.argumentsEdit()->setPlainText(QStringLiteral("{OldCertHash}\n{NewCertHash}"));
    QTest::keyClicks(dialog.subjectFilterEdit(), QStringLiteral("mail.example.com"));
    QTRY_VERIFY(!dialog.isCheckingScript() && dialog.scriptStatusText().contains(QStringLiteral("To fix")));
    QVERIFY(!dialog.okButton()->isEnabled());
    save(QStringLiteral("task-dialog"), &dialog);
}

QTEST_MAIN(TestScreenshots)
#include "TestScreenshots.moc"
