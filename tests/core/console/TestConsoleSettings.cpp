// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "CertFactory.h"
#include "TestEnvironment.h"
#include "console/ConsoleSettings.h"
#include "util/Paths.h"

#include <QFile>
#include <QTest>

using namespace certlife;
using namespace certlife::test;

// The console's own settings file: what a window saves on close is what the next start
// reads, under the keys docs/console.md names, and a hand-edited poll interval is
// kept within sane bounds.
class TestConsoleSettings : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { m_env = std::make_unique<TestEnvironment>(); }
    void cleanup() { m_env.reset(); }

    void whatIsSavedIsReadByTheNextStart();
    void pollIntervalIsBounded_data();
    void pollIntervalIsBounded();
    void theDefaultFileIsTheUsersConsoleConf();

private:
    std::unique_ptr<TestEnvironment> m_env;
};

void TestConsoleSettings::whatIsSavedIsReadByTheNextStart()
{
    const QString file = m_env->path(QStringLiteral("console.conf"));
    {
        ConsoleSettings settings(file);
        settings.setWindowGeometry("geometry");
        settings.setWindowState("state");
        settings.setCurrentPage(QStringLiteral("tasksPage"));
        settings.setTableLayout(ConsoleSettings::Table::Certificates, "certificate columns");
        settings.setTableLayout(ConsoleSettings::Table::TaskRuns, "run columns");
        settings.setSplitterSizes(ConsoleSettings::Splitter::Overview, "overview sizes");
        settings.sync();
    }
    const ConsoleSettings next(file);
    QCOMPARE(next.windowGeometry(), QByteArray("geometry"));
    QCOMPARE(next.windowState(), QByteArray("state"));
    QCOMPARE(next.currentPage(), QStringLiteral("tasksPage"));
    QCOMPARE(next.tableLayout(ConsoleSettings::Table::Certificates), QByteArray("certificate columns"));
    QCOMPARE(next.tableLayout(ConsoleSettings::Table::TaskRuns), QByteArray("run columns"));
    QVERIFY(next.tableLayout(ConsoleSettings::Table::Events).isEmpty()); // never saved: the default layout
    QCOMPARE(next.splitterSizes(ConsoleSettings::Splitter::Overview), QByteArray("overview sizes"));
    QCOMPARE(next.pollIntervalMs(), 2000);

    // The keys of docs/console.md, in an INI file an admin can read.
    QFile ini(file);
    QVERIFY(ini.open(QIODevice::ReadOnly));
    const QByteArray text = ini.readAll();
    QVERIFY2(text.contains("[window]") && text.contains("page=tasksPage"), text.constData());
    QVERIFY(text.contains("[tables]") && text.contains("certificates="));
    QVERIFY(text.contains("[splitters]") && text.contains("overview="));
}

void TestConsoleSettings::pollIntervalIsBounded_data()
{
    QTest::addColumn<QByteArray>("written");
    QTest::addColumn<int>("used");
    QTest::newRow("as written") << QByteArray("5000") << 5000;
    QTest::newRow("too often") << QByteArray("10") << 250;
    QTest::newRow("too seldom") << QByteArray("3600000") << 60000;
    QTest::newRow("not a number") << QByteArray("often") << 250;
}

void TestConsoleSettings::pollIntervalIsBounded()
{
    QFETCH(QByteArray, written);
    QFETCH(int, used);
    const QString file = m_env->path(QStringLiteral("console.conf"));
    QVERIFY(writeFile(file, "[refresh]\npollIntervalMs=" + written + "\n"));
    QCOMPARE(ConsoleSettings(file).pollIntervalMs(), used);
}

void TestConsoleSettings::theDefaultFileIsTheUsersConsoleConf()
{
    QCOMPARE(ConsoleSettings::defaultFilePath(), Paths::configDir(Scope::User) + QStringLiteral("/console.conf"));
    QVERIFY(ConsoleSettings::defaultFilePath().startsWith(m_env->root())); // never the real home
}

QTEST_GUILESS_MAIN(TestConsoleSettings)
#include "TestConsoleSettings.moc"
