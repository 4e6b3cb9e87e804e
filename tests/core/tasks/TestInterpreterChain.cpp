// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "TaskRunnerBench.h"
#include "tasks/InterpreterChain.h"
#include "tasks/ScriptGuard.h"
#include "tasks/TaskTemplate.h"

#include <QTest>
#include <pwd.h>
#include <unistd.h>

using namespace certlife;
using namespace certlife::test;

// The routes by which a root task's "#!" line could run an unprivileged user's
// program (issue 11): env's command, a link in the user's directory, a "#!" chain.
// The user is real: the files are owned by `nobody`, in a directory of its own
// beside the test (whose parents are root's and not writable by others).
class TestInterpreterChain : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void kernelReadsTheLineItsWay();
    void envRunsTheUsersProgram_data();
    void envRunsTheUsersProgram();
    void envLooksBareNamesUpInTheRunnersPath();
    void envLinesThatCannotBeCheckedAreRefused_data();
    void envLinesThatCannotBeCheckedAreRefused();
    void linkInTheUsersDirectoryIsRefused();
    void linksInRootsDirectoriesAreFollowed();
    void wrapperNamingTheUsersFileIsRefused();
    void chainsAreFollowedToTheKernelsDepth();
    void runnerNeverStartsTheUsersProgram();

private:
    // Empty when the test may make files of an unprivileged user, else why not.
    QString userProblem() const;
    QString userFile(const QString& name, const QByteArray& content, int mode = 0755) const;
    QString rootScript(const QString& name, const QByteArray& shebang) const;
    QString refusal(const QString& script) const;
    QString ownedByUserText(const QString& path) const
    {
        return QStringLiteral("interpreter: directory %1 is owned by uid %2, expected root (uid 0)")
            .arg(path)
            .arg(m_uid);
    }

    std::unique_ptr<ScriptDir> m_dir;
    QString m_home; // the user's directory
    uid_t m_uid = 0;
    gid_t m_gid = 0;
};

#define REQUIRE_USER()                                                                                                 \
    do {                                                                                                               \
        const QString why = userProblem();                                                                             \
        if (!why.isEmpty())                                                                                            \
            QSKIP(qPrintable(why));                                                                                    \
    } while (false)

void TestInterpreterChain::init()
{
    m_dir = std::make_unique<ScriptDir>();
    QVERIFY2(m_dir->problem().isEmpty(), qPrintable(m_dir->problem()));
    m_home = m_dir->filePath(QStringLiteral("home"));
    QVERIFY(QDir().mkpath(m_home));
    if (const passwd* pw = ::getpwnam("nobody")) {
        m_uid = pw->pw_uid;
        m_gid = pw->pw_gid;
    }
    if (userProblem().isEmpty()) {
        QCOMPARE(::chown(QFile::encodeName(m_home).constData(), m_uid, m_gid), 0);
        QCOMPARE(::chmod(QFile::encodeName(m_home).constData(), 0755), 0);
    }
}

QString TestInterpreterChain::userProblem() const
{
    if (::geteuid() != 0)
        return QStringLiteral("needs root: the test gives files to an unprivileged user (nobody)");
    if (m_uid == 0)
        return QStringLiteral("no unprivileged account \"nobody\" on this machine");
    return {};
}

QString TestInterpreterChain::userFile(const QString& name, const QByteArray& content, int mode) const
{
    const QString path = m_home + QLatin1Char('/') + name;
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    f.open(QIODevice::WriteOnly | QIODevice::Truncate);
    f.write(content);
    f.close();
    ::chmod(QFile::encodeName(path).constData(), mode_t(mode));
    for (QString p = path; p != m_home; p = QFileInfo(p).absolutePath())
        ::lchown(QFile::encodeName(p).constData(), m_uid, m_gid);
    return path;
}

QString TestInterpreterChain::rootScript(const QString& name, const QByteArray& shebang) const
{
    return m_dir->write(name, "#!" + shebang + "\necho ran\n", 0755);
}

// The reason ScriptGuard refuses a System task's script, empty when it accepts it.
QString TestInterpreterChain::refusal(const QString& script) const
{
    QString reason;
    if (ScriptGuard(TrustRule::forScope(Scope::System)).inspect(script, &reason))
        return {};
    return reason.isEmpty() ? QStringLiteral("refused without a reason") : reason;
}

void TestInterpreterChain::kernelReadsTheLineItsWay()
{
    Shebang s;
    QCOMPARE(parseShebang("#! /bin/sh  -e -x \t\nrest", &s), ShebangKind::Valid);
    QCOMPARE(s.interpreter, QByteArray("/bin/sh"));
    QCOMPARE(s.argument, std::optional<QByteArray>("-e -x")); // one argument, never split
    QCOMPARE(parseShebang("#!/bin/sh\r\n", &s), ShebangKind::Valid);
    QCOMPARE(s.interpreter, QByteArray("/bin/sh\r")); // CR is part of the name
    QVERIFY(!s.argument);
    QCOMPARE(parseShebang("#!/bin/sh", &s), ShebangKind::Valid); // no newline at all
    QCOMPARE(s.interpreter, QByteArray("/bin/sh"));
    QCOMPARE(parseShebang("#!/usr/bin/env\t-S a  b\n", &s), ShebangKind::Valid);
    QCOMPARE(s.argument, std::optional<QByteArray>("-S a  b"));
    QCOMPARE(parseShebang("#!\n/bin/sh\n", &s), ShebangKind::Unusable);
    QCOMPARE(parseShebang("#!/" + QByteArray(300, 'a') + "\n", &s), ShebangKind::Unusable); // name cut off
    QCOMPARE(parseShebang("#!/bin/sh " + QByteArray(300, 'a'), &s), ShebangKind::Valid);    // only the argument is cut
    QCOMPARE(s.argument->size(), 255 - 10);
    QCOMPARE(parseShebang("echo no\n", &s), ShebangKind::None);

    // A CRLF script names "/bin/sh\r", which does not exist: refused, not run.
    const QString crlf = m_dir->write(QStringLiteral("crlf.sh"), "#!/bin/sh\r\necho hi\r\n");
    QVERIFY2(refusal(crlf).startsWith(QStringLiteral("interpreter: /bin/sh\r (from the #! line) does not exist")),
             qPrintable(refusal(crlf)));
}

void TestInterpreterChain::envRunsTheUsersProgram_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::newRow("env TOOL") << QByteArray("/usr/bin/env TOOL");
    QTest::newRow("env -S TOOL --flag") << QByteArray("/usr/bin/env -S TOOL --flag");
    QTest::newRow("options and assignments") << QByteArray("/usr/bin/env -S -i -u HOME -- A=B TOOL --flag");
    QTest::newRow("long options") << QByteArray("/usr/bin/env --split-string=--ignore-environment --unset=HOME TOOL");
    QTest::newRow("-vS, comment") << QByteArray("/usr/bin/env -vS TOOL #comment");
    QTest::newRow("-S twice") << QByteArray("/usr/bin/env -S -S TOOL");
    QTest::newRow("through /bin") << QByteArray("/bin/env TOOL");
}

void TestInterpreterChain::envRunsTheUsersProgram()
{
    REQUIRE_USER();
    QFETCH(QByteArray, line);
    const QString tool = userFile(QStringLiteral("tool"), "#!/bin/sh\necho the user's code\n");
    const QString script = rootScript(QStringLiteral("env.sh"), line.replace("TOOL", QFile::encodeName(tool)));
    QCOMPARE(refusal(script), ownedByUserText(m_home));
}

void TestInterpreterChain::envLooksBareNamesUpInTheRunnersPath()
{
    QCOMPARE(refusal(rootScript(QStringLiteral("sh.sh"), "/usr/bin/env sh")), QString());
    QCOMPARE(refusal(rootScript(QStringLiteral("sh-e.sh"), "/usr/bin/env -S sh -e")), QString());
    QCOMPARE(taskSearchPath().join(QLatin1Char(':')), QStringLiteral("/usr/sbin:/usr/bin:/sbin:/bin"));
    QCOMPARE(refusal(rootScript(QStringLiteral("none.sh"), "/usr/bin/env certlife-no-such-command")),
             QStringLiteral("interpreter: #!/usr/bin/env certlife-no-such-command: env would not find "
                            "certlife-no-such-command in the PATH (/usr/sbin:/usr/bin:/sbin:/bin)"));
    // Another PATH cannot be checked: env would search it, not the runner's.
    for (const QByteArray& line : {QByteArray("/usr/bin/env -S PATH=/x sh"), QByteArray("/usr/bin/env -S -i sh"),
                                   QByteArray("/usr/bin/env -S -u PATH sh"), QByteArray("/usr/bin/env -S - sh")}) {
        const QString why = refusal(rootScript(QStringLiteral("path.sh"), line));
        QVERIFY2(why.contains(QStringLiteral("env would look sh up in a PATH other than the runner's")),
                 qPrintable(why));
    }

    REQUIRE_USER();
    // Every directory of the PATH must be trusted, before or after the one that has it.
    const QByteArray head = "#!/usr/bin/env sh\n";
    const TrustRule root = TrustRule::forScope(Scope::System);
    userFile(QStringLiteral("sh"), "#!/bin/sh\necho the user's code\n");
    QCOMPARE(checkInterpreterChain(head, root, {m_home, QStringLiteral("/usr/bin")}),
             ownedByUserText(m_home) + QStringLiteral(" (a directory of the PATH env searches for sh)"));
    QCOMPARE(checkInterpreterChain(head, root, {QStringLiteral("/usr/bin"), m_home}),
             ownedByUserText(m_home) + QStringLiteral(" (a directory of the PATH env searches for sh)"));
    QCOMPARE(checkInterpreterChain(head, root, {QStringLiteral("/usr/bin")}), QString());
}

void TestInterpreterChain::envLinesThatCannotBeCheckedAreRefused_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<QString>("reason");
    const QString noCommand = QStringLiteral("the #! line names no command for env");
    QTest::newRow("no command") << QByteArray("/usr/bin/env") << noCommand;
    QTest::newRow("only an option") << QByteArray("/usr/bin/env -i") << noCommand;
    QTest::newRow("option eats the script") << QByteArray("/usr/bin/env -u") << noCommand;
    QTest::newRow("only an assignment") << QByteArray("/usr/bin/env -S A=B") << noCommand;
    QTest::newRow("variable") << QByteArray("/usr/bin/env -S ${CERTLIFE_SUBJECT}") << QStringLiteral("${VAR}");
    QTest::newRow("quotes") << QByteArray("/usr/bin/env -S 'sh'") << QStringLiteral("uses quotes");
    QTest::newRow("space after option") << QByteArray("/usr/bin/env -i sh") << QStringLiteral("env stops at the space");
    QTest::newRow("chdir") << QByteArray("/usr/bin/env -S -C / sh") << QStringLiteral("env option -C");
    QTest::newRow("abbreviated") << QByteArray("/usr/bin/env --split=sh") << QStringLiteral("env option --split=sh");
    QTest::newRow("relative") << QByteArray("/usr/bin/env bin/sh") << QStringLiteral("is a relative path");
    QTest::newRow("env runs env") << QByteArray("/usr/bin/env -S env sh") << QStringLiteral("env runs env");
}

void TestInterpreterChain::envLinesThatCannotBeCheckedAreRefused()
{
    QFETCH(QByteArray, line);
    QFETCH(QString, reason);
    const QString why = refusal(rootScript(QStringLiteral("env.sh"), line));
    QVERIFY2(why.startsWith(QStringLiteral("interpreter: #!")) && why.contains(reason), qPrintable(why));
}

void TestInterpreterChain::linkInTheUsersDirectoryIsRefused()
{
    REQUIRE_USER();
    // The virtualenv layout: the link points at the system's interpreter, but its
    // directory is the user's, who can re-point it between the check and the exec.
    const QString venvPython = m_home + QStringLiteral("/venv/bin/python");
    userFile(QStringLiteral("venv/bin/placeholder"), "");
    QVERIFY(QFile::link(QStringLiteral("/bin/sh"), venvPython));
    QCOMPARE(::lchown(QFile::encodeName(venvPython).constData(), m_uid, m_gid), 0);
    QCOMPARE(refusal(rootScript(QStringLiteral("venv.sh"), QFile::encodeName(venvPython))), ownedByUserText(m_home));

    // A root link whose target passes through the user's directory (relative, with "..").
    const QString rootLink = m_dir->filePath(QStringLiteral("bin/python"));
    QDir().mkpath(QFileInfo(rootLink).absolutePath());
    QVERIFY(QFile::link(QStringLiteral("../home/venv/bin/python"), rootLink));
    QCOMPARE(refusal(rootScript(QStringLiteral("via-root-link.sh"), QFile::encodeName(rootLink))),
             ownedByUserText(m_home));
}

void TestInterpreterChain::linksInRootsDirectoriesAreFollowed()
{
    // /bin -> usr/bin, sh -> dash on Debian: links in root's directories are fine.
    QCOMPARE(refusal(rootScript(QStringLiteral("plain.sh"), "/bin/sh")), QString());
    const QString link = m_dir->filePath(QStringLiteral("bin/mysh"));
    QDir().mkpath(QFileInfo(link).absolutePath());
    QVERIFY(QFile::link(QStringLiteral("/bin/sh"), link));
    QCOMPARE(refusal(rootScript(QStringLiteral("mysh.sh"), QFile::encodeName(link))), QString());
    QCOMPARE(refusal(rootScript(QStringLiteral("dots.sh"), "/usr/./lib/../bin//sh")), QString());
    // Links in /proc say one thing and lead to another: refused.
    QVERIFY(refusal(rootScript(QStringLiteral("proc.sh"), "/proc/self/exe"))
                .contains(QStringLiteral("is a link in /proc")));

    REQUIRE_USER();
    // A link the user owns in root's directory cannot be re-pointed by the user: the
    // directory is what matters.
    QCOMPARE(::lchown(QFile::encodeName(link).constData(), m_uid, m_gid), 0);
    QCOMPARE(refusal(m_dir->filePath(QStringLiteral("mysh.sh"))), QString());
}

void TestInterpreterChain::wrapperNamingTheUsersFileIsRefused()
{
    REQUIRE_USER();
    const QString tool = userFile(QStringLiteral("tool"), "#!/bin/sh\necho the user's code\n");
    const QString wrapper = m_dir->write(QStringLiteral("bin/wrapper"), "#!" + QFile::encodeName(tool) + "\n", 0755);
    QCOMPARE(refusal(rootScript(QStringLiteral("wrapped.sh"), QFile::encodeName(wrapper))), ownedByUserText(m_home));
    const QString envWrapper =
        m_dir->write(QStringLiteral("bin/env-wrapper"), "#!/usr/bin/env " + QFile::encodeName(tool) + "\n", 0755);
    QCOMPARE(refusal(rootScript(QStringLiteral("env-wrapped.sh"), QFile::encodeName(envWrapper))),
             ownedByUserText(m_home));
    // env's command may itself be a wrapper.
    QCOMPARE(refusal(rootScript(QStringLiteral("env-to-wrapper.sh"), "/usr/bin/env " + QFile::encodeName(wrapper))),
             ownedByUserText(m_home));
}

void TestInterpreterChain::chainsAreFollowedToTheKernelsDepth()
{
    // w1 -> /bin/sh, w2 -> w1, ...: a script naming wN has N + 1 interpreters.
    QString previous = QStringLiteral("/bin/sh");
    for (int i = 1; i <= 4; ++i)
        previous = m_dir->write(QStringLiteral("bin/w%1").arg(i), "#!" + QFile::encodeName(previous) + "\n", 0755);
    const QString w3 = m_dir->filePath(QStringLiteral("bin/w3"));
    QCOMPARE(refusal(rootScript(QStringLiteral("four.sh"), QFile::encodeName(w3))), QString());
    const QString five = rootScript(QStringLiteral("five.sh"), QFile::encodeName(previous));
    QCOMPARE(refusal(five),
             QStringLiteral("interpreter: %1 would run /bin/sh, interpreter number 5 in a row: at "
                            "most 4 are followed, so the chain cannot be checked to its end")
                 .arg(m_dir->filePath(QStringLiteral("bin/w1"))));

    REQUIRE_USER();
    // The last level is checked like the first.
    const QString tool = userFile(QStringLiteral("tool"), "#!/bin/sh\necho the user's code\n");
    m_dir->write(QStringLiteral("bin/w1"), "#!" + QFile::encodeName(tool) + "\n", 0755);
    QCOMPARE(refusal(m_dir->filePath(QStringLiteral("four.sh"))), ownedByUserText(m_home));
}

void TestInterpreterChain::runnerNeverStartsTheUsersProgram()
{
    REQUIRE_USER();
    // End to end: a System task whose script names the user's program through env.
    Bench b;
    const QString marker = b.scripts.filePath(QStringLiteral("ran-as-root"));
    const QString tool = userFile(QStringLiteral("tool"), "#!/bin/sh\nid -u > '" + QFile::encodeName(marker) + "'\n");
    const QString script = b.scripts.write(QStringLiteral("task.sh"),
                                           "#!/usr/bin/env -S " + QFile::encodeName(tool) + " --flag\necho ran\n");
    b.addTask(QStringLiteral("env-route"), script);
    auto runner = b.runner();
    const QList<TaskRun> runs = b.run(*runner, b.replaceEvent(1));
    QCOMPARE(runs.size(), 1);
    QCOMPARE(runs.first().state, TaskRunState::Refused);
    QCOMPARE(runs.first().reason, ownedByUserText(m_home));
    QVERIFY2(!QFile::exists(marker), readAllOf(marker).constData());
}

QTEST_GUILESS_MAIN(TestInterpreterChain)
#include "TestInterpreterChain.moc"
