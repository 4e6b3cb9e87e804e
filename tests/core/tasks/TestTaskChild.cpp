// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "TaskRunnerBench.h"

#include <QRegularExpression>
#include <QTest>
#include <csignal>
#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

using namespace certlife;
using namespace certlife::test;

// What a script starts with, whatever its caller had (docs/tasks.md, "What the
// script gets"), and command lines the kernel would refuse.
class TestTaskChild : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void inheritsNoDescriptorUmaskOrIgnoredSignal();
    void resourceLimitsAreReset();
    void tooLongForExecIsRefusedNotRetried();
};

namespace {

// The script's own view of itself, written to OUT/report.
QByteArray reportingScript(const QString& out)
{
    return "#!/bin/bash\nout='" + QFile::encodeName(out)
        + "'\n"
          "{ echo \"umask $(umask)\"; grep -E '^SigIgn:' /proc/self/status;\n"
          "  echo \"ulimit -c $(ulimit -c) -n $(ulimit -n) -f $(ulimit -f) -t $(ulimit -t)\"; } > \"$out\"\n"
          "ls -l /proc/self/fd/ | grep -- ' -> ' | sed 's/.* \\([0-9]*\\) -> /fd \\1 /' >> \"$out\"\n";
}

QString limitText(rlim_t value, rlim_t unit = 1)
{
    return value == RLIM_INFINITY ? QStringLiteral("unlimited") : QString::number(value / unit);
}

} // namespace

void TestTaskChild::inheritsNoDescriptorUmaskOrIgnoredSignal()
{
    Bench b;
    const QString report = b.scripts.filePath(QStringLiteral("report"));
    const QString script = b.scripts.write(QStringLiteral("report.sh"), reportingScript(report));
    b.addTask(QStringLiteral("report"), script);
    // A caller (say, an admin's shell running `certlifectl switch`) holding a file open
    // for writing without close-on-exec, a permissive umask and SIGTERM ignored.
    const QString leak = b.scripts.filePath(QStringLiteral("callers-file"));
    const int leaked = ::open(QFile::encodeName(leak).constData(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    QVERIFY(leaked > 2);
    const mode_t oldMask = ::umask(0);
    struct sigaction ignore = {}, oldTerm = {};
    ignore.sa_handler = SIG_IGN;
    ::sigaction(SIGTERM, &ignore, &oldTerm);

    auto runner = b.runner();
    const QList<TaskRun> runs = b.run(*runner, b.replaceEvent(1));

    ::sigaction(SIGTERM, &oldTerm, nullptr);
    ::umask(oldMask);
    ::close(leaked);
    QCOMPARE(runs.size(), 1);
    QVERIFY2(runs.first().state == TaskRunState::Succeeded, qPrintable(runs.first().outcomeText()));

    const QStringList lines = QString::fromUtf8(readAllOf(report)).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QVERIFY2(lines.contains(QStringLiteral("umask 0022")), qPrintable(lines.join(QLatin1Char('\n'))));
    QVERIFY2(lines.contains(QStringLiteral("SigIgn:\t0000000000000000")), qPrintable(lines.join(QLatin1Char('\n'))));
    // Only 0, 1, 2, the script itself (the interpreter reads it through /proc/self/fd/N)
    // and the directory ls is listing.
    static const QRegularExpression fdLine(QStringLiteral("^fd (\\d+) (.*)$"));
    QStringList others;
    int fds = 0;
    for (const QString& line : lines) {
        const QRegularExpressionMatch m = fdLine.match(line);
        if (!m.hasMatch())
            continue;
        ++fds;
        const int fd = m.captured(1).toInt();
        const QString target = m.captured(2);
        const bool listing = target.startsWith(QStringLiteral("/proc/")) && target.endsWith(QStringLiteral("/fd"));
        if (fd > 2 && target != script && !listing)
            others << line;
    }
    QVERIFY2(fds >= 4, qPrintable(lines.join(QLatin1Char('\n'))));
    QVERIFY2(others.isEmpty(), qPrintable(others.join(QLatin1Char('\n'))));
}

void TestTaskChild::resourceLimitsAreReset()
{
    Bench b;
    const QString report = b.scripts.filePath(QStringLiteral("report"));
    b.addTask(QStringLiteral("report"), b.scripts.write(QStringLiteral("report.sh"), reportingScript(report)));
    // A caller's lowered soft limits, and core dumps allowed.
    struct Saved
    {
        int resource;
        struct rlimit limit;
    };
    QList<Saved> saved;
    auto lower = [&](int resource, rlim_t soft) {
        struct rlimit l = {};
        ::getrlimit(resource, &l);
        saved.append({resource, l});
        if (l.rlim_max == RLIM_INFINITY || l.rlim_max > soft)
            l.rlim_cur = soft;
        ::setrlimit(resource, &l);
    };
    lower(RLIMIT_CORE, 64 * 1024 * 1024);
    lower(RLIMIT_NOFILE, 200);
    lower(RLIMIT_FSIZE, rlim_t(512) * 1024 * 1024);
    lower(RLIMIT_CPU, 3600);

    auto runner = b.runner();
    const QList<TaskRun> runs = b.run(*runner, b.replaceEvent(1));
    for (const Saved& s : saved)
        ::setrlimit(s.resource, &s.limit);
    QVERIFY2(runs.first().state == TaskRunState::Succeeded, qPrintable(runs.first().outcomeText()));

    auto hard = [&](int resource) {
        for (const Saved& s : saved) {
            if (s.resource == resource)
                return s.limit.rlim_max;
        }
        return rlim_t(0);
    };
    const rlim_t files = hard(RLIMIT_NOFILE) == RLIM_INFINITY ? 1024 : std::min<rlim_t>(hard(RLIMIT_NOFILE), 1024);
    const QString expected = QStringLiteral("ulimit -c 0 -n %1 -f %2 -t %3")
                                 .arg(files)
                                 .arg(limitText(hard(RLIMIT_FSIZE), 1024), limitText(hard(RLIMIT_CPU)));
    const QByteArray content = readAllOf(report);
    QVERIFY2(content.contains(expected.toUtf8()), content.constData());
}

void TestTaskChild::tooLongForExecIsRefusedNotRetried()
{
    Bench b;
    const QString script = b.scripts.writeRecorder(QStringLiteral("record.sh"), b.out);
    NotificationTask task =
        b.addTask(QStringLiteral("subject"), script, TaskType::Replace, {QStringLiteral("--subject={Subject}%1")});
    auto runner = b.runner();
    // A hostile certificate's subject of 200,000 bytes: over MAX_ARG_STRLEN.
    const QString subject = QStringLiteral("CN=") + QString(200000 - 3, QLatin1Char('x'));
    TaskRun run = b.run(*runner, b.replaceEvent(1, subject)).first();
    QCOMPARE(run.state, TaskRunState::Refused);
    QCOMPARE(run.reason,
             QStringLiteral("argument list too long: argument 1 (--subject={Subject}%1) is 200012 bytes, over "
                            "MAX_ARG_STRLEN (131072 bytes with its NUL); the kernel refuses to start the "
                            "script (E2BIG), so a retry cannot succeed"));
    QVERIFY(!run.nextAttemptAt.isValid());

    // Without {Subject} in the arguments, the environment still carries it.
    task.arguments = {QStringLiteral("{Thumbprint}")};
    QString error;
    QVERIFY(b.registry.update(task, &error));
    run = b.run(*runner, b.replaceEvent(2, subject)).first();
    QCOMPARE(run.state, TaskRunState::Refused);
    QVERIFY2(run.reason.startsWith(QStringLiteral("argument list too long: environment variable CERTLIFE_SUBJECT is "
                                                  "200017 bytes")),
             qPrintable(run.reason));

    // Each string short enough, all of them together too long (more than 6 MiB).
    task.arguments = QStringList(70, QStringLiteral("{Subject}"));
    QVERIFY(b.registry.update(task, &error));
    run = b.run(*runner, b.replaceEvent(3, QStringLiteral("CN=") + QString(100000, QLatin1Char('y')))).first();
    QCOMPARE(run.state, TaskRunState::Refused);
    QVERIFY2(run.reason.startsWith(QStringLiteral("argument list too long: the arguments and environment take")),
             qPrintable(run.reason));
    QVERIFY(!run.nextAttemptAt.isValid());
    QVERIFY(recordedFiles(b.out, QStringLiteral("argv")).isEmpty());

    // Just under the limits, it runs.
    task.arguments = {QStringLiteral("{Subject}")};
    QVERIFY(b.registry.update(task, &error));
    const QString longest = QStringLiteral("CN=") + QString(131072 - 1 - 17 - 3, QLatin1Char('z'));
    run = b.run(*runner, b.replaceEvent(4, longest)).first();
    QVERIFY2(run.state == TaskRunState::Succeeded, qPrintable(run.outcomeText()));
}

QTEST_GUILESS_MAIN(TestTaskChild)
#include "TestTaskChild.moc"
