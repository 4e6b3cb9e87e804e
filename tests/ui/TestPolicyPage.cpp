// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "CertFactory.h"
#include "ConsoleFixture.h"
#include "TestEnvironment.h"
#include "models/PolicyTableModel.h"
#include "pages/PolicyPage.h"
#include "policy/PolicyStore.h"
#include "util/Paths.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTest>

using namespace certlife;
using namespace certlife::test;
using namespace certlife::ui;

// The Policy page of the real main window, driven with keyboard and mouse over policy
// files in a temporary directory, read back through the core's PolicyStore.
class TestPolicyPage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void editAndSaveTheUserPolicy();
    void invalidValueShowsTheCoreMessageAndBlocksSaving();
    void enforcedMachineKeyIsLockedOnTheUserSide();
    void machineSaveWithoutPermissionShowsSudoCommandsAndWritesNothing();
    void machineSaveWithPermissionWritesAndEnforces();

private:
    void open(const QByteArray& machinePolicy = {}, const QByteArray& userPolicy = {});
    template <typename T> T* field(const QString& name) const
    {
        T* widget = m_console->window->policyPage()->findChild<T*>(name);
        if (!widget)
            qWarning("no %s", qPrintable(name));
        return widget;
    }
    void typeInto(const QString& name, const QString& text);
    // Clicks a Save button and waits until its command has ended; how it ended.
    std::optional<CommandOutcome> clickSave(const QString& button);

    std::unique_ptr<TestEnvironment> m_env;
    std::unique_ptr<ConsoleFixture> m_console;
};

void TestPolicyPage::init()
{
    m_env = std::make_unique<TestEnvironment>();
}

void TestPolicyPage::cleanup()
{
    m_console.reset();
    m_env.reset();
}

void TestPolicyPage::open(const QByteArray& machinePolicy, const QByteArray& userPolicy)
{
    if (!machinePolicy.isEmpty())
        QVERIFY(writeFile(Paths::policyFile(Scope::System), machinePolicy));
    if (!userPolicy.isEmpty())
        QVERIFY(writeFile(Paths::policyFile(Scope::User), userPolicy));
    m_console = std::make_unique<ConsoleFixture>(makeDemoData(), m_env->path(QStringLiteral("console.conf")));
    QVERIFY(m_console->showAndLoad());
    m_console->window->showPage(m_console->window->policyPage());
    QCOMPARE(m_console->window->currentPage(), m_console->window->policyPage());
}

void TestPolicyPage::typeInto(const QString& name, const QString& text)
{
    auto* edit = field<QLineEdit>(name);
    QVERIFY(edit);
    edit->setFocus();
    edit->selectAll();
    QTest::keyClick(edit, Qt::Key_Backspace);
    QTest::keyClicks(edit, text);
}

std::optional<CommandOutcome> TestPolicyPage::clickSave(const QString& button)
{
    auto* save = field<QPushButton>(button);
    return m_console->runCommand([save] { QTest::mouseClick(save, Qt::LeftButton); });
}

void TestPolicyPage::editAndSaveTheUserPolicy()
{
    open();
    QCOMPARE(m_console->controller->thresholds().user.days, 0);
    auto* save = field<QPushButton>(QStringLiteral("saveUserPolicyButton"));
    QVERIFY(save && !save->isEnabled());
    typeInto(QStringLiteral("user_ExpiryWarningDays"), QStringLiteral("45"));
    typeInto(QStringLiteral("user_RescanInterval"), QStringLiteral("1800"));
    auto* log = field<QComboBox>(QStringLiteral("user_LogExpiryEvents"));
    QVERIFY(log);
    QCOMPARE(log->currentIndex(), 0); // not set
    QVERIFY(log->itemText(0).contains(QStringLiteral("default: true")));
    log->setCurrentIndex(log->findData(QStringLiteral("false")));
    // The user's opt-in to the fleet's User channel (docs/fleet.md): a choice, not text.
    auto* publish = field<QComboBox>(QStringLiteral("user_FleetPublishUserEvents"));
    QVERIFY(publish);
    QCOMPARE(publish->currentIndex(), 0);
    QVERIFY(publish->itemText(0).contains(QStringLiteral("default: false")));
    publish->setCurrentIndex(publish->findData(QStringLiteral("true")));
    QVERIFY(save->isEnabled());
    QVERIFY(!field<QPushButton>(QStringLiteral("saveMachinePolicyButton"))->isEnabled());
    const std::optional<CommandOutcome> outcome = clickSave(QStringLiteral("saveUserPolicyButton"));
    QVERIFY(outcome && outcome->isDone());

    const PolicyStore store;
    const PolicyLayer& user = store.layer(Scope::User);
    QCOMPARE(user.settings.value(PolicyKey::ExpiryWarningDays).text, QStringLiteral("45"));
    QCOMPARE(user.settings.value(PolicyKey::RescanInterval).text,
             QStringLiteral("30m")); // canonical, as the CLI writes
    QCOMPARE(user.settings.value(PolicyKey::LogExpiryEvents).text, QStringLiteral("false"));
    QCOMPARE(user.settings.value(PolicyKey::FleetPublishUserEvents).text, QStringLiteral("true"));
    QVERIFY(user.problems.isEmpty());
    const EffectivePolicy effective = store.effective(Scope::User);
    QCOMPARE(effective.policy.expiryWarningDays, 45);
    QCOMPARE(effective.policy.rescanIntervalSeconds, 1800);
    QVERIFY(!effective.policy.logExpiryEvents);
    QVERIFY(!QFile::exists(Paths::policyFile(Scope::System)));

    QVERIFY(!save->isEnabled());
    QVERIFY2(m_console->window->policyPage()->statusText().contains(Paths::policyFile(Scope::User)),
             qPrintable(m_console->window->policyPage()->statusText()));
    QVERIFY(field<QLabel>(QStringLiteral("effective_ExpiryWarningDays"))->text().contains(QStringLiteral("45")));
    QVERIFY(field<QLabel>(QStringLiteral("effective_ExpiryWarningDays"))
                ->text()
                .contains(QStringLiteral("from your policy")));
    // The console judges User stores by the new threshold.
    QTRY_COMPARE(m_console->controller->thresholds().user.days, 45);
    QCOMPARE(m_console->controller->thresholds().system.days, 0);
}

void TestPolicyPage::invalidValueShowsTheCoreMessageAndBlocksSaving()
{
    open();
    typeInto(QStringLiteral("user_ExpiryWarningPercent"), QStringLiteral("150"));
    auto* error = field<QLabel>(QStringLiteral("userError_ExpiryWarningPercent"));
    QVERIFY(error->isVisible());
    QCOMPARE(error->text(),
             QStringLiteral("ExpiryWarningPercent: \"150\" is not allowed: a whole number from 1 to 99"));
    auto* save = field<QPushButton>(QStringLiteral("saveUserPolicyButton"));
    QVERIFY(!save->isEnabled());
    QVERIFY(!m_console->window->policyPage()->save(Scope::User));
    QVERIFY(!QFile::exists(Paths::policyFile(Scope::User)));
    // Correcting it as you type clears the message.
    QTest::keyClick(field<QLineEdit>(QStringLiteral("user_ExpiryWarningPercent")), Qt::Key_Backspace);
    QVERIFY(!error->isVisible());
    QVERIFY(save->isEnabled());
    typeInto(QStringLiteral("machine_RenotifyInterval"), QStringLiteral("30m"));
    QCOMPARE(field<QLabel>(QStringLiteral("machineError_RenotifyInterval"))->text(),
             QStringLiteral("RenotifyInterval: \"30m\" is not allowed: 0 (never repeat) or a duration from 1h to 365d, "
                            "such as 12h or 7d"));
    QVERIFY(!field<QPushButton>(QStringLiteral("saveMachinePolicyButton"))->isEnabled());
}

void TestPolicyPage::enforcedMachineKeyIsLockedOnTheUserSide()
{
    open("[Policy]\nExpiryWarningDays=30\n[Enforced]\nExpiryWarningPercent=20\n",
         "[Policy]\nExpiryWarningPercent=5\nExpiryWarningDays=60\n");
    auto* percent = field<QLineEdit>(QStringLiteral("user_ExpiryWarningPercent"));
    QVERIFY(!percent->isEnabled());
    QCOMPARE(percent->toolTip(),
             QStringLiteral("The machine policy enforces 20: only the machine column can change it"));
    // Short enough for the editor at 1024x700; the tooltip says the rest.
    QCOMPARE(percent->placeholderText(), QStringLiteral("locked: 20"));
    auto* lock = field<QLabel>(QStringLiteral("lock_ExpiryWarningPercent"));
    QVERIFY(lock->isVisible());
    QCOMPARE(lock->toolTip(), QStringLiteral("enforced by the machine policy"));
    QVERIFY(!lock->pixmap().isNull());
    QTest::keyClicks(percent, QStringLiteral("7"));
    QVERIFY(!m_console->window->policyPage()->model()->isModified(Scope::User));
    QVERIFY(field<QCheckBox>(QStringLiteral("enforced_ExpiryWarningPercent"))->isChecked());
    const QString effective = field<QLabel>(QStringLiteral("effective_ExpiryWarningPercent"))->text();
    QVERIFY2(effective.contains(QStringLiteral("20")) && effective.contains(QStringLiteral("enforced")),
             qPrintable(effective));
    // What is not enforced stays the user's to change; their value wins over the machine's.
    QVERIFY(field<QLineEdit>(QStringLiteral("user_ExpiryWarningDays"))->isEnabled());
    QVERIFY(!field<QLabel>(QStringLiteral("lock_ExpiryWarningDays"))->isVisible());
    QVERIFY(field<QLabel>(QStringLiteral("effective_ExpiryWarningDays"))->text().contains(QStringLiteral("60")));
    QCOMPARE(m_console->controller->thresholds().user.percent, 20);
}

void TestPolicyPage::machineSaveWithoutPermissionShowsSudoCommandsAndWritesNothing()
{
    open();
    m_console->policyDialogs->machineWritable = false;
    typeInto(QStringLiteral("machine_ExpiryWarningDays"), QStringLiteral("30"));
    QTest::mouseClick(field<QCheckBox>(QStringLiteral("enforced_ExpiryWarningDays")), Qt::LeftButton);
    typeInto(QStringLiteral("machine_AdditionalStores"), QStringLiteral("/etc/letsencrypt, /srv/my certs"));
    typeInto(QStringLiteral("user_RescanInterval"), QStringLiteral("2h")); // another scope's edit, kept unsaved
    auto* save = field<QPushButton>(QStringLiteral("saveMachinePolicyButton"));
    QVERIFY(save->isEnabled());
    const std::optional<CommandOutcome> outcome = clickSave(QStringLiteral("saveMachinePolicyButton"));
    QVERIFY(outcome);
    QCOMPARE(int(outcome->status), int(CommandOutcome::Status::Failed));
    QVERIFY(m_console->messages->errors.isEmpty()); // the sudo commands say it, no error box on top

    QCOMPARE(m_console->policyDialogs->commands.size(), 1);
    QCOMPARE(m_console->policyDialogs->commands[0],
             (QStringList{
                 QStringLiteral("sudo certlifectl policy set ExpiryWarningDays 30 --scope system --enforce"),
                 QStringLiteral(
                     "sudo certlifectl policy set AdditionalStores /etc/letsencrypt '/srv/my certs' --scope system")}));
    const QString reason = m_console->policyDialogs->reasons.value(0);
    QVERIFY2(reason.contains(QStringLiteral("needs root")) && reason.contains(Paths::policyFile(Scope::System))
                 && reason.contains(QStringLiteral("Nothing was written")),
             qPrintable(reason));
    QVERIFY(!QFile::exists(Paths::policyFile(Scope::System)));
    QVERIFY(!QFile::exists(Paths::policyFile(Scope::User)));
    QVERIFY(m_console->window->policyPage()->statusText().contains(QStringLiteral("needs root")));
    // The edits stay, so the admin can copy the commands or try again.
    QVERIFY(m_console->window->policyPage()->model()->isModified(Scope::System));
    QVERIFY(m_console->window->policyPage()->model()->isModified(Scope::User));
}

void TestPolicyPage::machineSaveWithPermissionWritesAndEnforces()
{
    open({}, "[Policy]\nExpiryWarningPercent=5\n");
    QVERIFY(field<QLineEdit>(QStringLiteral("user_ExpiryWarningPercent"))->isEnabled());
    typeInto(QStringLiteral("machine_ExpiryWarningPercent"), QStringLiteral("25"));
    QTest::mouseClick(field<QCheckBox>(QStringLiteral("enforced_ExpiryWarningPercent")), Qt::LeftButton);
    typeInto(QStringLiteral("user_ExpiryWarningDays"), QStringLiteral("14")); // unsaved user edit survives
    const std::optional<CommandOutcome> outcome = clickSave(QStringLiteral("saveMachinePolicyButton"));
    QVERIFY(outcome && outcome->isDone());
    QVERIFY(m_console->policyDialogs->commands.isEmpty());

    const PolicyStore store;
    const PolicySetting machine = store.layer(Scope::System).settings.value(PolicyKey::ExpiryWarningPercent);
    QCOMPARE(machine.text, QStringLiteral("25"));
    QVERIFY(machine.enforced);
    QCOMPARE(store.effective(Scope::User).policy.expiryWarningPercent, 25);
    QCOMPARE(store.effective(Scope::User).source(PolicyKey::ExpiryWarningPercent), PolicySource::Enforced);
    // Now locked for the user, and the console judges both scopes by it.
    QVERIFY(!field<QLineEdit>(QStringLiteral("user_ExpiryWarningPercent"))->isEnabled());
    QVERIFY(field<QLabel>(QStringLiteral("lock_ExpiryWarningPercent"))->isVisible());
    QCOMPARE(field<QLineEdit>(QStringLiteral("user_ExpiryWarningDays"))->text(), QStringLiteral("14"));
    QVERIFY(m_console->window->policyPage()->model()->isModified(Scope::User));
    QTRY_COMPARE(m_console->controller->thresholds().system.percent, 25);
    QCOMPARE(m_console->controller->thresholds().user.percent, 25);
}

QTEST_MAIN(TestPolicyPage)
#include "TestPolicyPage.moc"
