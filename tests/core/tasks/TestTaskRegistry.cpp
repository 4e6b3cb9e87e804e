// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "TestEnvironment.h"
#include "tasks/TaskFile.h"
#include "tasks/TaskRegistry.h"
#include "util/Paths.h"

#include <QFile>
#include <QTest>
#include <sys/stat.h>
#include <unistd.h>

using namespace certlife;
using namespace certlife::test;

class TestTaskRegistry : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void addLoadUpdateRemove();
    void reusedNameIsAnError();
    void refusesFilesOthersCanWrite();
    void refusesFilesOfAnotherOwner();
    void refusesLinksMismatchedNamesAndChannels();
    void refusesATasksDirectoryOthersCanWrite();

private:
    static NotificationTask task(const QString& name, Scope channel = Scope::System);
    static void writeRaw(const QString& path, const QByteArray& data, int mode);
};

NotificationTask TestTaskRegistry::task(const QString& name, Scope channel)
{
    NotificationTask t;
    t.name = name;
    t.channel = channel;
    t.command = QStringLiteral("/usr/local/sbin/") + name;
    t.arguments = {QStringLiteral("{OldCertHash}"), QStringLiteral("{NewCertHash}")};
    t.pinnedSha256 = QString(64, QLatin1Char('D'));
    return t;
}

void TestTaskRegistry::writeRaw(const QString& path, const QByteArray& data, int mode)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(data);
    f.close();
    ::chmod(QFile::encodeName(path).constData(), mode_t(mode));
}

void TestTaskRegistry::addLoadUpdateRemove()
{
    TestEnvironment env;
    TaskRegistry registry(Scope::System);
    QVERIFY(registry.load()); // no directory yet: no tasks, no problem
    QVERIFY(registry.tasks().isEmpty());
    QString error;
    QVERIFY2(registry.add(task(QStringLiteral("alpha")), &error), qPrintable(error));
    QVERIFY2(registry.add(task(QStringLiteral("beta")), &error), qPrintable(error));

    const QString file = Paths::tasksDir(Scope::System) + QStringLiteral("/alpha.task");
    QCOMPARE(registry.filePath(QStringLiteral("alpha")), file);
    struct stat st = {};
    QCOMPARE(::stat(QFile::encodeName(file).constData(), &st), 0);
    QCOMPARE(st.st_mode & 07777, mode_t(0644));

    TaskRegistry reread(Scope::System);
    QVERIFY(reread.load());
    QCOMPARE(reread.tasks().size(), 2);
    QCOMPARE(*reread.task(QStringLiteral("alpha")), task(QStringLiteral("alpha")));

    NotificationTask changed = task(QStringLiteral("alpha"));
    changed.enabled = false;
    changed.timeoutSeconds = 60;
    QVERIFY2(reread.update(changed, &error), qPrintable(error));
    TaskRegistry third(Scope::System);
    third.load();
    QCOMPARE(*third.task(QStringLiteral("alpha")), changed);

    QVERIFY(third.remove(QStringLiteral("beta"), &error));
    QVERIFY(!QFile::exists(third.filePath(QStringLiteral("beta"))));
    QVERIFY(!third.remove(QStringLiteral("beta"), &error));
    QCOMPARE(error, QStringLiteral("no System task named \"beta\""));
    QVERIFY(!third.remove(QStringLiteral("../alpha"), &error));
    QVERIFY(QFile::exists(third.filePath(QStringLiteral("alpha"))));

    // User tasks are private to the user.
    TaskRegistry user(Scope::User);
    QVERIFY2(user.add(task(QStringLiteral("mine"), Scope::User), &error), qPrintable(error));
    QCOMPARE(::stat(QFile::encodeName(user.filePath(QStringLiteral("mine"))).constData(), &st), 0);
    QCOMPARE(st.st_mode & 07777, mode_t(0600));
    QVERIFY(!user.add(task(QStringLiteral("sys")), &error));
    QCOMPARE(error, QStringLiteral("a System-channel task cannot be stored with the User tasks"));
}

void TestTaskRegistry::reusedNameIsAnError()
{
    TestEnvironment env;
    TaskRegistry registry(Scope::System);
    QString error;
    QVERIFY(registry.add(task(QStringLiteral("alpha")), &error));
    TaskRegistry other(Scope::System); // another process that has not seen it
    NotificationTask again = task(QStringLiteral("alpha"));
    again.command = QStringLiteral("/usr/bin/other");
    QVERIFY(!other.add(again, &error));
    QCOMPARE(
        error,
        QStringLiteral("a task named \"alpha\" already exists (%1)").arg(registry.filePath(QStringLiteral("alpha"))));
    TaskRegistry reread(Scope::System);
    reread.load();
    QCOMPARE(reread.task(QStringLiteral("alpha"))->command, QStringLiteral("/usr/local/sbin/alpha"));
    // No temporary files are left behind.
    QCOMPARE(QDir(registry.directory()).entryList(QDir::Files | QDir::Hidden).size(), 1);
}

void TestTaskRegistry::refusesFilesOthersCanWrite()
{
    TestEnvironment env;
    TaskRegistry registry(Scope::System);
    QString error;
    QVERIFY(registry.add(task(QStringLiteral("good")), &error));
    QVERIFY(registry.add(task(QStringLiteral("open")), &error));
    const QString open = registry.filePath(QStringLiteral("open"));
    ::chmod(QFile::encodeName(open).constData(), 0666);
    QVERIFY(!registry.load());
    QCOMPARE(registry.tasks().size(), 1);
    QCOMPARE(registry.tasks().first().name, QStringLiteral("good"));
    QCOMPARE(registry.problems().size(), 1);
    QCOMPARE(registry.problems().first().path, open);
    QCOMPARE(registry.problems().first().error,
             QStringLiteral("task file: %1 is writable by group or others (mode 0666)").arg(open));
    ::chmod(QFile::encodeName(open).constData(), 0620);
    QVERIFY(!registry.load());
    QCOMPARE(registry.problems().first().error,
             QStringLiteral("task file: %1 is writable by group or others (mode 0620)").arg(open));
}

void TestTaskRegistry::refusesFilesOfAnotherOwner()
{
    TestEnvironment env;
    QString error;
    TaskRegistry writer(Scope::System);
    QVERIFY(writer.add(task(QStringLiteral("alpha")), &error));
    // The expected owner is injected: as if the scope belonged to uid+4242.
    const uid_t me = ::geteuid();
    TaskRegistry registry(Scope::System, Paths::tasksDir(Scope::System), TrustRule{me + 4242, false});
    QVERIFY(!registry.load());
    QVERIFY(registry.tasks().isEmpty());
    const QString owner = me == 0 ? QStringLiteral("root (uid 0)") : QStringLiteral("uid %1").arg(me);
    QCOMPARE(registry.problems().first().error,
             QStringLiteral("task file: %1 is owned by %2, expected uid %3")
                 .arg(writer.filePath(QStringLiteral("alpha")), owner)
                 .arg(me + 4242));
}

void TestTaskRegistry::refusesLinksMismatchedNamesAndChannels()
{
    TestEnvironment env;
    TaskRegistry registry(Scope::System);
    QString error;
    QVERIFY(registry.add(task(QStringLiteral("real")), &error));
    const QString dir = registry.directory();
    // A symbolic link to a task file elsewhere.
    const QString elsewhere = env.path(QStringLiteral("elsewhere.task"));
    writeRaw(elsewhere, serializeTaskFile(task(QStringLiteral("linked"))), 0644);
    QVERIFY(QFile::link(elsewhere, dir + QStringLiteral("/linked.task")));
    // A file whose Name is not its file name.
    writeRaw(dir + QStringLiteral("/renamed.task"), serializeTaskFile(task(QStringLiteral("real"))), 0644);
    // A User task in the System directory.
    writeRaw(dir + QStringLiteral("/usertask.task"), serializeTaskFile(task(QStringLiteral("usertask"), Scope::User)),
             0644);
    // Not a valid name at all.
    writeRaw(dir + QStringLiteral("/bad name.task"), serializeTaskFile(task(QStringLiteral("real"))), 0644);

    QVERIFY(!registry.load());
    QCOMPARE(registry.tasks().size(), 1);
    QStringList errors;
    for (const auto& p : registry.problems())
        errors << p.error;
    QCOMPARE(
        errors,
        QStringList({
            QStringLiteral("%1/bad name.task: \"bad name\" is not a valid task name").arg(dir),
            QStringLiteral("task file: %1/linked.task is a symbolic link (refused: register the real path, %2)")
                .arg(dir, elsewhere),
            QStringLiteral("%1/renamed.task: Name=real does not match the file name").arg(dir),
            QStringLiteral("%1/usertask.task: Channel=User does not belong in the System tasks directory").arg(dir),
        }));
}

void TestTaskRegistry::refusesATasksDirectoryOthersCanWrite()
{
    TestEnvironment env;
    TaskRegistry registry(Scope::System);
    QString error;
    QVERIFY(registry.add(task(QStringLiteral("alpha")), &error));
    ::chmod(QFile::encodeName(registry.directory()).constData(), 0777);
    QVERIFY(!registry.load());
    QVERIFY(registry.tasks().isEmpty());
    QCOMPARE(registry.problems().first().error,
             QStringLiteral("tasks directory %1 is writable by group or others (mode 0777)").arg(registry.directory()));
    QVERIFY(!registry.add(task(QStringLiteral("beta")), &error));
    QCOMPARE(error,
             QStringLiteral("tasks directory %1 is writable by group or others (mode 0777)").arg(registry.directory()));
}

QTEST_GUILESS_MAIN(TestTaskRegistry)
#include "TestTaskRegistry.moc"
