// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// The admin decides what counts, from the console (issue 13, item 2): acknowledge
// several selected certificates, remove one acknowledgement, mute the store; the real
// window over real stores, the same files and event log `certlifectl ack` uses, a fixed
// clock. What must show: the tiles leave the acknowledged out, the rows say so, and
// `certlifectl ack --list` and the event log (1201, 1202) have the change.

#include "../app/CliProcess.h"
#include "CertFactory.h"
#include "RealStoresConsole.h"
#include "TestEnvironment.h"
#include "commands/AcknowledgementCommands.h"
#include "commands/CommandRunner.h"
#include "dialogs/AcknowledgementsDialog.h"
#include "models/CertificateFilterModel.h"
#include "models/CertificateTableModel.h"
#include "pages/CertificatesPage.h"
#include "pages/OverviewPage.h"
#include "util/Paths.h"
#include "widgets/SummaryTile.h"

#include <QAction>
#include <QItemSelectionModel>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QTableWidget>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

using namespace certlife;
using namespace certlife::test;
using namespace certlife::ui;

namespace {
const QDateTime kNow(QDate(2026, 3, 1), QTime(12, 0), Qt::UTC);

// Answers the dialog as scripted and remembers what it was asked.
struct ScriptedAcknowledgementDialogs : AcknowledgementDialogs
{
    std::optional<AcknowledgementAnswer> answer;
    QStringList asked;
    // The listing: what it offered, and which entries to remove (by Acknowledgement::target()).
    QList<QList<ListedAcknowledgement>> listings;
    QStringList removeTargets;
    std::optional<AcknowledgementAnswer> ask(QWidget*, AcknowledgementTarget, const QString& what,
                                             const QDateTime&) override
    {
        asked << what;
        return answer;
    }
    QList<int> chooseRemovals(QWidget*, const QList<ListedAcknowledgement>& entries, const QDateTime&) override
    {
        listings << entries;
        QList<int> chosen;
        for (int i = 0; i < entries.size(); ++i)
            if (removeTargets.contains(entries[i].entry.target()))
                chosen << i;
        return chosen;
    }
};
} // namespace

class TestAcknowledgeInConsole : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void acknowledgeSeveralRemoveOneMuteTheStore();
    void listingShowsEveryMuteAndRemovesThem();

private:
    CliRun certlifectl(const QStringList& args) const
    {
        return runCli(args, {QStringLiteral("CERTLIFE_NOW=") + kNow.toString(Qt::ISODate)});
    }
    int expiringTile() const { return m_window->overviewPage()->tile(ExpiryState::Expiring)->count(); }
    QString stateOf(const QString& cn) const;
    void select(const QStringList& cns);
    std::optional<CommandOutcome> trigger(AcknowledgementActionSet::Kind kind);
    std::optional<CommandOutcome> trigger(QAction* action);

    std::unique_ptr<TestEnvironment> m_env;
    std::shared_ptr<ScriptedAcknowledgementDialogs> m_dialogs = std::make_shared<ScriptedAcknowledgementDialogs>();
    std::unique_ptr<RealStoresConsole> m_console;
    MainWindow* m_window = nullptr;
    ConsoleController* m_controller = nullptr;
};

void TestAcknowledgeInConsole::initTestCase()
{
    m_env = std::make_unique<TestEnvironment>();
    // The user's own store: one-year certificates, two in their last 10 % (Expiring).
    const QString my = Paths::defaultMyStore(Scope::User);
    QVERIFY(QDir().mkpath(my));
    const std::pair<const char*, int> certificates[] = {
        {"ten.example", 10}, {"twenty.example", 20}, {"far.example", 200}};
    int serial = 1;
    for (const auto& [cn, daysLeft] : certificates) {
        CertSpec spec;
        spec.cn = QString::fromLatin1(cn);
        spec.dns = {spec.cn};
        spec.notAfter = kNow.addDays(daysLeft);
        spec.notBefore = spec.notAfter.addDays(-365);
        spec.serialHex = QByteArray::number(serial++);
        QVERIFY(writeFile(my + QLatin1Char('/') + spec.cn + QStringLiteral(".pem"), makeCertificate(spec).pem()));
    }

    MainWindow::Services services;
    services.messages = std::make_shared<RecordingMessages>();
    services.acknowledgements = m_dialogs;
    m_console = std::make_unique<RealStoresConsole>(*m_env, kNow, services);
    m_window = m_console->window.get();
    m_controller = m_console->controller.get();
    QVERIFY(m_console->show());
    QTRY_COMPARE_WITH_TIMEOUT(m_controller->certificates()->rowCount(), 3, 30000);
    QTRY_VERIFY(!m_controller->isScanning() && m_controller->hasLoadedSummary());
}

void TestAcknowledgeInConsole::cleanupTestCase()
{
    m_console.reset();
}

QString TestAcknowledgeInConsole::stateOf(const QString& cn) const
{
    const CertificateTableModel* model = m_controller->certificates();
    for (int row = 0; row < model->rowCount(); ++row)
        if (model->rowAt(row).certificate().subjectCN == cn)
            return model->index(row, CertificateTableModel::StateColumn).data().toString();
    return QStringLiteral("(no row)");
}

void TestAcknowledgeInConsole::select(const QStringList& cns)
{
    CertificatesPage* page = m_window->certificatesPage();
    m_window->showPage(page);
    QTableView* table = page->table();
    table->selectionModel()->clearSelection();
    for (int row = 0; row < table->model()->rowCount(); ++row) {
        const QModelIndex source = page->filterModel()->mapToSource(table->model()->index(row, 0));
        if (cns.contains(m_controller->certificates()->rowAt(source.row()).certificate().subjectCN))
            table->selectionModel()->select(table->model()->index(row, 0),
                                            QItemSelectionModel::Select | QItemSelectionModel::Rows);
    }
}

std::optional<CommandOutcome> TestAcknowledgeInConsole::trigger(AcknowledgementActionSet::Kind kind)
{
    return trigger(m_window->acknowledgementActions()->action(kind));
}

std::optional<CommandOutcome> TestAcknowledgeInConsole::trigger(QAction* action)
{
    if (!action->isEnabled()) {
        qWarning("%s is disabled: %s", qPrintable(action->text()), qPrintable(action->toolTip()));
        return std::nullopt;
    }
    QSignalSpy finished(m_window->commandRunner(), &CommandRunner::commandFinished);
    action->trigger();
    if (finished.isEmpty() && !finished.wait(20000))
        return std::nullopt;
    return finished.first().first().value<CommandOutcome>();
}

void TestAcknowledgeInConsole::acknowledgeSeveralRemoveOneMuteTheStore()
{
    QCOMPARE(expiringTile(), 2);
    // The actions are on the Certificates page's table (its context menu and shortcuts)
    // and in the Certificate menu.
    const QList<QAction*> tableActions = m_window->certificatesPage()->table()->actions();
    for (QAction* action : m_window->acknowledgementActions()->actions())
        QVERIFY2(tableActions.contains(action), qPrintable(action->text()));

    // Acknowledge both expiring certificates at once.
    m_dialogs->answer = AcknowledgementAnswer{QDateTime(), false, QStringLiteral("renewal ordered, ticket 4711")};
    select({QStringLiteral("ten.example"), QStringLiteral("twenty.example")});
    std::optional<CommandOutcome> outcome = trigger(AcknowledgementActionSet::Kind::Acknowledge);
    QVERIFY(outcome);
    QCOMPARE(outcome->status, CommandOutcome::Status::Done);
    QCOMPARE(m_dialogs->asked.last(), QStringLiteral("2 certificates"));
    QTRY_COMPARE(expiringTile(), 0);
    QCOMPARE(stateOf(QStringLiteral("ten.example")), QStringLiteral("Acknowledged"));
    QCOMPARE(stateOf(QStringLiteral("twenty.example")), QStringLiteral("Acknowledged"));
    QCOMPARE(stateOf(QStringLiteral("far.example")), QStringLiteral("Healthy"));
    // The same file and log the CLI reads.
    CliRun listed = certlifectl({"ack", "--list", "--json", "--scope", "user"});
    QVERIFY2(listed.code == 0, qPrintable(listed.err));
    QCOMPARE(listed.out.count(QStringLiteral("renewal ordered, ticket 4711")), 2);
    CliRun events = certlifectl({"events", "--channel", "user", "--id", "1201", "--json"});
    QVERIFY2(events.code == 0, qPrintable(events.err));
    QCOMPARE(events.out.trimmed().split(QLatin1Char('\n')).size(), 2);

    // Remove one: it counts (and warns) again.
    select({QStringLiteral("ten.example")});
    outcome = trigger(AcknowledgementActionSet::Kind::Remove);
    QVERIFY(outcome);
    QCOMPARE(outcome->status, CommandOutcome::Status::Done);
    QTRY_COMPARE(expiringTile(), 1);
    QCOMPARE(stateOf(QStringLiteral("ten.example")), QStringLiteral("Expiring"));
    events = certlifectl({"events", "--channel", "user", "--id", "1202", "--json"});
    QCOMPARE(events.out.trimmed().split(QLatin1Char('\n')).size(), 1);

    // Mute the whole store until a date: nothing of it counts, and the rows say why.
    m_dialogs->answer = AcknowledgementAnswer{kNow.addDays(30), false, QStringLiteral("decommissioning")};
    outcome = trigger(AcknowledgementActionSet::Kind::MuteStore);
    QVERIFY(outcome);
    QCOMPARE(outcome->status, CommandOutcome::Status::Done);
    QVERIFY2(m_dialogs->asked.last().startsWith(QStringLiteral("store ")), qPrintable(m_dialogs->asked.last()));
    QTRY_COMPARE(expiringTile(), 0);
    QCOMPARE(stateOf(QStringLiteral("ten.example")), QStringLiteral("Muted"));
    listed = certlifectl({"mute", "--list", "--scope", "user"});
    QVERIFY2(listed.out.contains(QStringLiteral("decommissioning")), qPrintable(listed.out));

    // Cancelling the dialog changes nothing.
    m_dialogs->answer.reset();
    select({QStringLiteral("far.example")});
    outcome = trigger(AcknowledgementActionSet::Kind::Acknowledge);
    QVERIFY(outcome);
    QCOMPARE(outcome->status, CommandOutcome::Status::Cancelled);
    QCOMPARE(stateOf(QStringLiteral("far.example")), QStringLiteral("Muted")); // by the store's mute, still
}

void TestAcknowledgeInConsole::listingShowsEveryMuteAndRemovesThem()
{
    // After the test above: twenty.example acknowledged, the store My muted until a date.
    // The CLI mutes an issuer meanwhile (the console lists the files as they are now).
    const CliRun muted =
        certlifectl({"mute", "--issuer", "CN=Old Internal CA,O=Example", "--note", "legacy", "--scope", "user"});
    QVERIFY2(muted.code == 0, qPrintable(muted.err));

    // Certificate → Mutes and acknowledgements…
    QAction* manage = m_window->acknowledgementActions()->manageAction();
    QAction* inMenu = nullptr;
    for (QAction* menu : m_window->menuBar()->actions())
        if (menu->menu())
            for (QAction* action : menu->menu()->actions())
                if (action == manage)
                    inMenu = menu;
    QVERIFY(inMenu);
    QCOMPARE(inMenu->text().remove(QLatin1Char('&')), QStringLiteral("Certificate"));
    QVERIFY(manage->isEnabled()); // needs no selection

    m_dialogs->removeTargets = {QStringLiteral("store My"), QStringLiteral("issuer CN=Old Internal CA,O=Example")};
    std::optional<CommandOutcome> outcome = trigger(manage);
    QVERIFY(outcome);
    QCOMPARE(outcome->status, CommandOutcome::Status::Done);
    QCOMPARE(m_dialogs->listings.size(), 1);
    const QList<ListedAcknowledgement> listed = m_dialogs->listings.first();
    QStringList targets;
    for (const ListedAcknowledgement& l : listed) {
        targets << l.entry.target();
        QCOMPARE(l.scope, Scope::User);
        QVERIFY(l.removable);
    }
    targets.sort();
    QCOMPARE(targets.size(), 3);
    QVERIFY2(targets[0].startsWith(QStringLiteral("certificate \"twenty.example\"")), qPrintable(targets[0]));
    QCOMPARE(targets.mid(1), (QStringList{"issuer CN=Old Internal CA,O=Example", "store My"}));

    // The store counts again: ten.example is Expiring, twenty.example still acknowledged.
    QTRY_COMPARE(stateOf(QStringLiteral("ten.example")), QStringLiteral("Expiring"));
    QCOMPARE(stateOf(QStringLiteral("twenty.example")), QStringLiteral("Acknowledged"));
    QTRY_COMPARE(expiringTile(), 1);
    // As the CLI reads it: no mute left, the acknowledgement kept, two more 1202.
    const CliRun mutes = certlifectl({"mute", "--list", "--scope", "user"});
    QVERIFY2(mutes.code == 0, qPrintable(mutes.err));
    QCOMPARE(mutes.out.trimmed(), QStringLiteral("No store or issuer is muted."));
    const CliRun acks = certlifectl({"ack", "--list", "--json", "--scope", "user"});
    QVERIFY(acks.out.contains(QStringLiteral("twenty.example")));
    const CliRun removed = certlifectl({"events", "--channel", "user", "--id", "1202", "--json"});
    QCOMPARE(removed.out.trimmed().split(QLatin1Char('\n')).size(), 1 + 2);

    // The real dialog over the same entries: one row each, Remove only with a selection,
    // then the selected rows.
    AcknowledgementsDialog dialog(listed, kNow, m_window);
    dialog.show();
    QTableWidget* table = dialog.table();
    QCOMPARE(table->rowCount(), 3);
    QVERIFY(!dialog.removeButton()->isEnabled());
    int issuerRow = -1;
    for (int row = 0; row < table->rowCount(); ++row)
        if (table->item(row, AcknowledgementsDialog::WhatColumn)->text()
            == QStringLiteral("CN=Old Internal CA,O=Example"))
            issuerRow = row;
    QVERIFY(issuerRow >= 0);
    QCOMPARE(table->item(issuerRow, AcknowledgementsDialog::KindColumn)->text(), QStringLiteral("Muted issuer"));
    QCOMPARE(table->item(issuerRow, AcknowledgementsDialog::NoteColumn)->text(), QStringLiteral("legacy"));
    QCOMPARE(table->item(issuerRow, AcknowledgementsDialog::UntilColumn)->text(), QStringLiteral("until removed"));
    table->selectRow(issuerRow);
    QVERIFY(dialog.removeButton()->isEnabled());
    QTest::mouseClick(dialog.removeButton(), Qt::LeftButton);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    const QList<int> chosen = dialog.chosen();
    QCOMPARE(chosen.size(), 1);
    QCOMPARE(listed[chosen.first()].entry.issuer, QStringLiteral("CN=Old Internal CA,O=Example"));

    // Nothing chosen (the dialog closed): nothing changes.
    m_dialogs->removeTargets.clear();
    outcome = trigger(manage);
    QVERIFY(outcome);
    QCOMPARE(outcome->status, CommandOutcome::Status::Cancelled);
    QCOMPARE(m_dialogs->listings.last().size(), 1); // the acknowledgement of twenty.example
}

QTEST_MAIN(TestAcknowledgeInConsole)
#include "TestAcknowledgeInConsole.moc"
