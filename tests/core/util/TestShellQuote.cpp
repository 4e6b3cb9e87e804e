// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "util/ShellQuote.h"

#include <QProcess>
#include <QTest>

using namespace certlife;

// The one quoting of a word for a POSIX shell (script fixes, policy commands): plain
// words stay readable, and every quoted word is read back by /bin/sh as it was.
class TestShellQuote : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void quoting_data();
    void quoting();
    void theShellReadsItBack_data() { quoting_data(); }
    void theShellReadsItBack();
};

void TestShellQuote::quoting_data()
{
    QTest::addColumn<QString>("word");
    QTest::addColumn<QString>("quoted");
    QTest::newRow("plain path") << QStringLiteral("/usr/local/sbin/rebind.sh")
                                << QStringLiteral("/usr/local/sbin/rebind.sh");
    QTest::newRow("safe punctuation") << QStringLiteral("a_b.c/d:e,f@g%h+i-j=k")
                                      << QStringLiteral("a_b.c/d:e,f@g%h+i-j=k");
    QTest::newRow("empty") << QString() << QStringLiteral("''");
    QTest::newRow("space") << QStringLiteral("/srv/my scripts/x.sh") << QStringLiteral("'/srv/my scripts/x.sh'");
    QTest::newRow("single quote") << QStringLiteral("/srv/it's here") << QStringLiteral("'/srv/it'\\''s here'");
    QTest::newRow("double quote") << QStringLiteral("say \"hi\"") << QStringLiteral("'say \"hi\"'");
    QTest::newRow("dollar") << QStringLiteral("$HOME/x") << QStringLiteral("'$HOME/x'");
    QTest::newRow("backticks") << QStringLiteral("`id`") << QStringLiteral("'`id`'");
    QTest::newRow("command substitution") << QStringLiteral("$(echo run)") << QStringLiteral("'$(echo run)'");
    QTest::newRow("newline") << QStringLiteral("a\nb") << QStringLiteral("'a\nb'");
    QTest::newRow("semicolon") << QStringLiteral("a;b") << QStringLiteral("'a;b'");
    QTest::newRow("glob") << QStringLiteral("*.pem") << QStringLiteral("'*.pem'");
    QTest::newRow("tilde") << QStringLiteral("~/x") << QStringLiteral("'~/x'");
    QTest::newRow("leading equals") << QStringLiteral("=ls") << QStringLiteral("'=ls'");
    QTest::newRow("backslash") << QStringLiteral("a\\b") << QStringLiteral("'a\\b'");
    QTest::newRow("non-ASCII") << QStringLiteral("/srv/café/ünï.sh") << QStringLiteral("'/srv/café/ünï.sh'");
}

void TestShellQuote::quoting()
{
    QFETCH(QString, word);
    QFETCH(QString, quoted);
    QCOMPARE(shellQuoted(word), quoted);
}

void TestShellQuote::theShellReadsItBack()
{
    QFETCH(QString, word);
    QProcess sh;
    sh.start(QStringLiteral("/bin/sh"), {QStringLiteral("-c"), QStringLiteral("printf %s ") + shellQuoted(word)});
    QVERIFY(sh.waitForFinished());
    QCOMPARE(sh.exitCode(), 0);
    QCOMPARE(QString::fromUtf8(sh.readAllStandardOutput()), word);
}

QTEST_GUILESS_MAIN(TestShellQuote)
#include "TestShellQuote.moc"
