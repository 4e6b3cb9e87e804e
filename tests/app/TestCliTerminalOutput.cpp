// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "../core/tasks/TaskFixture.h"
#include "CertFactory.h"
#include "CliProcess.h"
#include "TestEnvironment.h"
#include "util/Paths.h"
#include "util/TerminalText.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <memory>

using namespace certlife;
using namespace certlife::test;

// Certificate fields, file names, policy values and a script's output are hostile text.
// Whatever they hold, no human-readable output of certlifectl hands a terminal a raw
// control character (ESC, CR, C1 such as CSI U+009B) or a bidi override: each is shown
// escaped, readably; and --json keeps the exact values.
class TestCliTerminalOutput : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void humanOutputIsEscaped_data();
    void humanOutputIsEscaped();
    void jsonKeepsTheExactValues();

private:
    // Erase the line, go back to its start and draw a row that says "valid"; retitle
    // the window; CSI as one C1 character; a right-to-left override.
    static QString hostileCn()
    {
        return QStringLiteral("\x1b[2K\rfake.example valid\x1b]0;pwned\x07") + QChar(0x9b) + QStringLiteral("2J")
            + QChar(0x202e) + QStringLiteral("gnp");
    }
    static QString hostileFile()
    {
        return QStringLiteral("evil\x1b[31m") + QChar(0x9b) + QChar(0x202e) + QStringLiteral("mep.pem");
    }
    static QString badFile() { return QStringLiteral("bad\x1b[2J\r.pem"); }
    QStringList environment() const
    {
        return m_env->processEnvironment() << QStringLiteral("CERTLIFE_NOW=2026-06-01T08:00:00Z");
    }
    CliRun run(const QStringList& args) const
    {
        const CliResult r = runCertlifectl(binaryPath(QStringLiteral("certlifectl")), args, environment());
        return {r.exitCode, r.out, r.err};
    }

    std::unique_ptr<TestEnvironment> m_env;
    std::unique_ptr<ScriptDir> m_scripts;
    QString m_store;
    GeneratedCert m_hostile;
    GeneratedCert m_renewal;
};

void TestCliTerminalOutput::initTestCase()
{
    m_env = std::make_unique<TestEnvironment>();
    m_scripts = std::make_unique<ScriptDir>();
    QVERIFY2(m_scripts->problem().isEmpty(), qPrintable(m_scripts->problem()));

    m_store = Paths::defaultMyStore(Scope::System);
    QVERIFY(QDir().mkpath(m_store));
    CertSpec spec;
    spec.cn = hostileCn();
    spec.dns = {QStringLiteral("a.example")};
    spec.notAfter = QDateTime(QDate(2026, 3, 1), QTime(0, 0), Qt::UTC); // expired on CERTLIFE_NOW
    spec.serialHex = "0A";
    m_hostile = makeCertificate(spec);
    spec.serialHex = "0B";
    spec.notAfter = QDateTime(QDate(2031, 3, 1), QTime(0, 0), Qt::UTC);
    m_renewal = makeCertificate(spec);
    QVERIFY(writeFile(m_store + QStringLiteral("/renewal.pem"), m_renewal.pem()));
    // The agent's first pass only takes stock: the hostile certificate comes after it,
    // and the second pass logs it (the events the `events` row shows).
    const CliRun first = run({"watch", "--once", "--scope", "system", "--no-journal", "--no-tasks"});
    QVERIFY2(first.code == 0, qPrintable(first.out + first.err));
    QVERIFY(writeFile(m_store + QLatin1Char('/') + hostileFile(), m_hostile.pem()));
    QVERIFY(writeFile(m_store + QLatin1Char('/') + badFile(), "not a certificate\n"));

    // A System task whose script prints escape sequences, run once by `switch`.
    const QString script =
        m_scripts->write(QStringLiteral("hostile.sh"),
                         "#!/bin/sh\nprintf '\\033[2J\\033]0;pwned\\007done\\r\\302\\233fake\\342\\200\\256txt\\n'\n");
    const CliRun created =
        run({"task", "new", "--type", "Replace", "--command", script, "--name", "hostile", "--channel", "System"});
    QVERIFY2(created.code == 0, qPrintable(created.err));
    const CliRun added = run({"store", "add", "--id", "hostile", "--path", m_store, "--scope", "user", "--name",
                              QStringLiteral("\x1b[31mname") + QChar(0x202e)});
    QVERIFY2(added.code == 0, qPrintable(added.err));
    const CliRun watched = run({"watch", "--once", "--scope", "system", "--no-journal", "--no-tasks"});
    QVERIFY2(watched.code == 0 && !watched.out.contains(QStringLiteral(" 0 events written")),
             qPrintable(watched.out + watched.err));
    // A user policy with hostile values (written last: the agent counts its problems).
    QVERIFY(writeFile(Paths::policyFile(Scope::User),
                      "[Policy]\nTrustedSigners=/srv/\x1b[8mhidden\x1b[0m/signer.pem\nExpiryWarningDays=1\x1b[2J4\n"));
}

void TestCliTerminalOutput::humanOutputIsEscaped_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("shown"); // the hostile text, escaped, as it must appear
    const QString cn = QStringLiteral("\\x1B[2K\\x0Dfake.example valid");
    const QString file = QStringLiteral("evil\\x1B[31m\\u009B\\u202Emep.pem");
    const QString output = QStringLiteral("\\x1B[2J\\x1B]0;pwned\\x07done\\x0D\\u009Bfake\\u202Etxt");
    const QString store = Paths::defaultMyStore(Scope::System);
    QTest::newRow("scan table") << QStringList{"scan", store} << cn;
    QTest::newRow("scan table path") << QStringList{"scan", store} << file;
    QTest::newRow("scan problem") << QStringList{"scan", store} << QStringLiteral("bad\\x1B[2J\\x0D.pem");
    QTest::newRow("scan of the store") << QStringList{"scan", "--store", "My", "--scope", "system"} << cn;
    QTest::newRow("store list") << QStringList{"store", "list"} << QStringLiteral("(\\x1B[31mname\\u202E)");
    QTest::newRow("events") << QStringList{"events", "--channel", "system"} << cn;
    QTest::newRow("switch runs the task")
        << QStringList{"switch",    "--old", m_hostile.thumbprint(), "--new", m_renewal.thumbprint(), "--notify-only",
                       "--channel", "system"}
        << output;
    QTest::newRow("task show") << QStringList{"task", "show", "hostile"} << output;
    QTest::newRow("policy show") << QStringList{"policy", "show", "--scope", "user"}
                                 << QStringLiteral("/srv/\\x1B[8mhidden\\x1B[0m/signer.pem");
    QTest::newRow("policy problem") << QStringList{"policy", "show", "--scope", "user"} << QStringLiteral("1\\x1B[2J4");
    QTest::newRow("watch summary") << QStringList{"watch", "--once", "--scope", "system", "--no-journal", "--no-tasks"}
                                   << QStringLiteral("1\\x1B[2J4");
    QTest::newRow("export report")
        << QStringList{"export",  "--thumbprint", m_hostile.thumbprint(),
                       "--store", "My",           "--scope",
                       "system",  "--out",        m_env->path(QStringLiteral("out\x1b[8m.pem"))}
        << QStringLiteral("out\\x1B[8m.pem");
}

void TestCliTerminalOutput::humanOutputIsEscaped()
{
    QFETCH(QStringList, args);
    QFETCH(QString, shown);
    const CliRun r = run(args);
    QVERIFY2(r.code != -1, "certlifectl did not finish");
    for (const QString& stream : {r.out, r.err}) {
        for (qsizetype i = 0; i < stream.size(); ++i) {
            const QChar c = stream.at(i);
            QVERIFY2(c == QLatin1Char('\n') || c == QLatin1Char('\t') || !isControlCharacter(c.unicode()),
                     qPrintable(QStringLiteral("raw U+%1 at %2 in:\n%3")
                                    .arg(int(c.unicode()), 4, 16, QLatin1Char('0'))
                                    .arg(i)
                                    .arg(escapeControlCharacters(stream, LineBreaks::Keep))));
        }
    }
    QVERIFY2((r.out + r.err).contains(shown), qPrintable(r.out + r.err));
}

void TestCliTerminalOutput::jsonKeepsTheExactValues()
{
    const CliRun r = run({"scan", "--json", m_store});
    QCOMPARE(r.code, 3); // the bad file
    for (const QChar c : r.out)
        QVERIFY2(c == QLatin1Char('\n') || !isControlCharacter(c.unicode()),
                 qPrintable(QString::number(c.unicode(), 16)));
    QStringList cns;
    for (const QString& line : r.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
        QJsonParseError error;
        const QJsonObject o = QJsonDocument::fromJson(line.toUtf8(), &error).object();
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(line));
        if (o.contains(QStringLiteral("subjectCN")))
            cns << o.value(QStringLiteral("subjectCN")).toString();
    }
    QCOMPARE(cns, (QStringList{hostileCn(), hostileCn()})); // exactly, C1 and override included
}

QTEST_MAIN(TestCliTerminalOutput)
#include "TestCliTerminalOutput.moc"
