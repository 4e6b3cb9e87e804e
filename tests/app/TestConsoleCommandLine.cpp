// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "TestEnvironment.h"

#include <QProcess>
#include <QProcessEnvironment>
#include <QTest>

using namespace certlife::test;

// `certlife --help` and `--version` answer on standard output and exit, without a
// window and without a display: the real program, with no QT_QPA_PLATFORM, DISPLAY or
// WAYLAND_DISPLAY (where a QApplication would fail to start, or open a window).
class TestConsoleCommandLine : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void helpAnswersWithoutADisplay();
    void versionAnswersWithoutADisplay();

private:
    struct Run
    {
        int code = -1;
        QString out;
        QString err;
    };
    Run runConsole(const QStringList& args) const;

    std::unique_ptr<TestEnvironment> m_env;
};

void TestConsoleCommandLine::initTestCase()
{
    m_env = std::make_unique<TestEnvironment>();
}

TestConsoleCommandLine::Run TestConsoleCommandLine::runConsole(const QStringList& args) const
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const char* name : {"QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY", "XDG_SESSION_TYPE"})
        environment.remove(QString::fromLatin1(name));
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(binaryPath(QStringLiteral("certlife")), args);
    if (!process.waitForFinished(30000)) {
        process.kill();
        process.waitForFinished();
        return {};
    }
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
            QString::fromUtf8(process.readAllStandardOutput()), QString::fromUtf8(process.readAllStandardError())};
}

void TestConsoleCommandLine::helpAnswersWithoutADisplay()
{
    for (const QString& option : {QStringLiteral("--help"), QStringLiteral("-h")}) {
        const Run run = runConsole({option});
        QVERIFY2(run.code == 0, qPrintable(option + QStringLiteral(": exit ") + QString::number(run.code) + run.err));
        QVERIFY2(run.out.startsWith(QStringLiteral("Usage: certlife [options]")), qPrintable(run.out));
        QVERIFY(run.out.contains(QStringLiteral("--version")));
        QVERIFY(run.out.contains(QStringLiteral("CERTLIFE_NOW")));
        QVERIFY(run.out.contains(QStringLiteral("--fleet <URI>"))); // docs/fleet.md, the console's fleet mode
        QVERIFY(run.out.contains(QStringLiteral("--password-file <FILE>")));
        // Nothing about a display or a platform plugin: no QApplication was made.
        QVERIFY2(run.err.isEmpty(), qPrintable(run.err));
    }
}

void TestConsoleCommandLine::versionAnswersWithoutADisplay()
{
    const Run run = runConsole({QStringLiteral("--version")});
    QCOMPARE(run.code, 0);
    QCOMPARE(run.out, QStringLiteral("certlife %1\n").arg(QStringLiteral(CERTLIFE_VERSION)));
    QVERIFY2(run.err.isEmpty(), qPrintable(run.err));
}

QTEST_GUILESS_MAIN(TestConsoleCommandLine)
#include "TestConsoleCommandLine.moc"
