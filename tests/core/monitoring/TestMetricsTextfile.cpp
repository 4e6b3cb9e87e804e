// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// The agent's textfile: atomic, 0644, and only in a directory nobody else controls;
// never through a symbolic link.

#include "../tasks/TaskFixture.h"
#include "monitoring/MetricsTextfile.h"
#include "policy/PolicyStore.h"

#include <QDir>
#include <QTest>
#include <sys/stat.h>
#include <unistd.h>

using namespace certlife;
using namespace certlife::test;

class TestMetricsTextfile : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void writesAtomicallyWithMode0644();
    void refusesLinksAndDirectoriesOthersControl();
    void userAgentsTakeOnlyTheirOwnSetting();
};

void TestMetricsTextfile::writesAtomicallyWithMode0644()
{
    ScriptDir dir; // beside the test binary: a directory the trust walk accepts
    QVERIFY2(dir.problem().isEmpty(), qPrintable(dir.problem()));
    const QString file = dir.filePath(QStringLiteral("certlife.prom"));
    QCOMPARE(writeMetricsTextfile(file, "a 1\n", Scope::System), QString());
    QCOMPARE(readAllOf(file), QByteArray("a 1\n"));
    QCOMPARE(writeMetricsTextfile(file, "a 2\n", Scope::System), QString());
    QCOMPARE(readAllOf(file), QByteArray("a 2\n"));
    struct stat st
    {};
    QCOMPARE(::stat(QFile::encodeName(file).constData(), &st), 0);
    QCOMPARE(int(st.st_mode & 07777), 0644);
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList{QStringLiteral("certlife.prom")});
}

void TestMetricsTextfile::refusesLinksAndDirectoriesOthersControl()
{
    ScriptDir dir;
    QVERIFY2(dir.problem().isEmpty(), qPrintable(dir.problem()));
    // A link at the target: rename would replace the link, but a link there means
    // someone expects it followed. Refused; the file it names is untouched.
    const QString victim = dir.filePath(QStringLiteral("victim"));
    QVERIFY(writeFile(victim, "keep"));
    const QString link = dir.filePath(QStringLiteral("link.prom"));
    QVERIFY(QFile::link(victim, link));
    QString error = writeMetricsTextfile(link, "x 1\n", Scope::System);
    QVERIFY2(error.contains(QStringLiteral("it exists and is a symbolic link")), qPrintable(error));
    QCOMPARE(readAllOf(victim), QByteArray("keep"));
    QVERIFY(QFileInfo(link).isSymLink());

    // A directory on the way that is a link.
    QVERIFY(QDir().mkpath(dir.filePath(QStringLiteral("real"))));
    QVERIFY(QFile::link(dir.filePath(QStringLiteral("real")), dir.filePath(QStringLiteral("via"))));
    error = writeMetricsTextfile(dir.filePath(QStringLiteral("via/certlife.prom")), "x 1\n", Scope::System);
    QVERIFY2(error.contains(QStringLiteral("symbolic link")), qPrintable(error));
    QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("real/certlife.prom"))));

    // A directory others may write to (they could swap the file between two writes).
    const QString open = dir.filePath(QStringLiteral("open"));
    QVERIFY(QDir().mkpath(open));
    QCOMPARE(::chmod(QFile::encodeName(open).constData(), 0777), 0);
    error = writeMetricsTextfile(open + QStringLiteral("/certlife.prom"), "x 1\n", Scope::System);
    QVERIFY2(error.contains(QStringLiteral("writable by group or others")), qPrintable(error));
    QVERIFY(!QFile::exists(open + QStringLiteral("/certlife.prom")));

    // /tmp is world-writable (sticky or not): refused.
    error = writeMetricsTextfile(QStringLiteral("/tmp/certlife-test.prom"), "x 1\n", Scope::System);
    QVERIFY2(!error.isEmpty(), "/tmp accepted");
    QVERIFY(!QFile::exists(QStringLiteral("/tmp/certlife-test.prom")));

    error = writeMetricsTextfile(QStringLiteral("relative.prom"), "x 1\n", Scope::System);
    QVERIFY2(error.contains(QStringLiteral("not an absolute, clean file path")), qPrintable(error));
}

void TestMetricsTextfile::userAgentsTakeOnlyTheirOwnSetting()
{
    ScriptDir dir;
    const QString machine = dir.filePath(QStringLiteral("machine.conf"));
    const QString user = dir.filePath(QStringLiteral("user.conf"));
    QVERIFY(writeFile(machine, "[Policy]\nMetricsTextfile=/var/lib/prometheus/node-exporter/certlife.prom\n"));
    ::chmod(QFile::encodeName(machine).constData(), 0644);
    PolicyStore onlyMachine(machine, dir.filePath(QStringLiteral("none.conf")));
    QCOMPARE(metricsTextfileFor(Scope::System, onlyMachine.effective(Scope::System)),
             QStringLiteral("/var/lib/prometheus/node-exporter/certlife.prom"));
    // The machine's value names the system agent's file: a user's agent leaves it alone.
    QCOMPARE(metricsTextfileFor(Scope::User, onlyMachine.effective(Scope::User)), QString());
    QVERIFY(writeFile(user, "[Policy]\nMetricsTextfile=/home/alice/metrics/certlife.prom\n"));
    PolicyStore both(machine, user);
    QCOMPARE(metricsTextfileFor(Scope::User, both.effective(Scope::User)),
             QStringLiteral("/home/alice/metrics/certlife.prom"));
    QCOMPARE(metricsTextfileFor(Scope::System, both.effective(Scope::System)),
             QStringLiteral("/var/lib/prometheus/node-exporter/certlife.prom"));
}

QTEST_GUILESS_MAIN(TestMetricsTextfile)
#include "TestMetricsTextfile.moc"
