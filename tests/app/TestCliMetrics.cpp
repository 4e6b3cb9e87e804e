// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// `certlifectl metrics` and the agent's node_exporter textfile: the
// x509-certificate-exporter's names and labels, Certlife's own series, hostile
// certificate fields and file names escaped, and promtool's approval.

#include "../core/tasks/TaskFixture.h"
#include "CertFactory.h"
#include "CliProcess.h"
#include "TestEnvironment.h"
#include "util/Paths.h"

#include <QDir>
#include <QStandardPaths>
#include <QTest>
#include <sys/stat.h>

using namespace certlife;
using namespace certlife::test;

namespace {

const QString kNow = QStringLiteral("CERTLIFE_NOW=2026-02-01T00:00:00Z");
// A subject CN and a file name that try to close the label value and forge a series.
const QString kHostileCn = QStringLiteral("evil\"} x509_cert_expired{a=\"b\"} 0\n\x1b[2J\\");
const QString kHostileCnLabel = QStringLiteral("evil\\\"} x509_cert_expired{a=\\\"b\\\"} 0\\n\uFFFD[2J\\\\");
const QString kHostileFile = QStringLiteral("we\"ird\\name\nx.pem");
const QString kHostileFileLabel = QStringLiteral("we\\\"ird\\\\name\\nx.pem");

// promtool's verdict on the text, or a null string when promtool is not installed.
QString promtoolProblems(const QByteArray& text, bool* ran)
{
    const QString promtool = QStandardPaths::findExecutable(QStringLiteral("promtool"));
    *ran = !promtool.isEmpty();
    if (!*ran)
        return {};
    QProcess p;
    p.start(promtool, {QStringLiteral("check"), QStringLiteral("metrics")});
    p.write(text);
    p.closeWriteChannel();
    if (!p.waitForFinished(60000))
        return QStringLiteral("promtool did not finish");
    if (p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0)
        return QString();
    return QStringLiteral("exit %1: %2%3")
        .arg(p.exitCode())
        .arg(QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError()));
}

} // namespace

class TestCliMetrics : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void certificatesWithTheExportersNamesAndLabels();
    void hostileFieldsAreEscaped();
    void promtoolAcceptsTheOutput();
    void agentWritesTheTextfileAfterEveryPass();
    void agentRefusesALinkedTextfile();

private:
    std::unique_ptr<TestEnvironment> m_env;
    QString m_store;
};

void TestCliMetrics::init()
{
    m_env = std::make_unique<TestEnvironment>();
    m_store = Paths::defaultMyStore(Scope::System);
    QDir().mkpath(m_store);
    CertSpec spec;
    spec.cn = QStringLiteral("shop.example.org");
    QVERIFY(writeFile(m_store + QStringLiteral("/shop.pem"), makeCertificate(spec).pem()));
    spec.cn = QStringLiteral("old.example.org");
    spec.serialHex = "01";
    spec.notAfter = QDateTime(QDate(2026, 1, 20), QTime(0, 0), Qt::UTC); // expired at "now"
    QVERIFY(writeFile(m_store + QStringLiteral("/old.pem"), makeCertificate(spec).pem()));
}

void TestCliMetrics::certificatesWithTheExportersNamesAndLabels()
{
    QVERIFY(writeFile(m_store + QStringLiteral("/junk.pem"),
                      "-----BEGIN CERTIFICATE-----\n!!\n-----END CERTIFICATE-----\n"));
    // The first pass is a silent baseline (no 1006) but logs the expired one's 1002.
    CliRun pass = runCli({"watch", "--once", "--scope", "system", "--no-journal"}, {kNow});
    QVERIFY2(pass.code == 0, qPrintable(pass.err));
    CertSpec spec;
    spec.cn = QStringLiteral("new.example.org");
    spec.notAfter = QDateTime(QDate(2026, 9, 1), QTime(0, 0), Qt::UTC);
    QVERIFY(writeFile(m_store + QStringLiteral("/new.pem"), makeCertificate(spec).pem()));
    pass = runCli({"watch", "--once", "--scope", "system", "--no-journal"}, {kNow});
    QVERIFY2(pass.code == 0, qPrintable(pass.err));
    const CliRun r = runCli({"metrics", "--scope", "system"}, {kNow});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const QString shop = QStringLiteral("{filepath=\"%1/shop.pem\",issuer_CN=\"shop.example.org\",scope=\"system\","
                                        "serial_number=\"0A1B2C3D\",store=\"My\",subject_CN=\"shop.example.org\"}")
                             .arg(m_store);
    const QString old = QStringLiteral("{filepath=\"%1/old.pem\",issuer_CN=\"old.example.org\",scope=\"system\","
                                       "serial_number=\"01\",store=\"My\",subject_CN=\"old.example.org\"}")
                            .arg(m_store);
    for (const QString& line :
         {QStringLiteral("# TYPE x509_cert_not_after gauge\n"),
          QStringLiteral("x509_cert_not_after%1 1775001600\n").arg(shop), // 2026-04-01T00:00:00Z
          QStringLiteral("x509_cert_not_before%1 1767225600\n").arg(shop),
          QStringLiteral("x509_cert_expired%1 0\n").arg(shop), QStringLiteral("x509_cert_expired%1 1\n").arg(old),
          QStringLiteral("x509_read_errors{scope=\"system\",store=\"My\"} 1\n"),
          QStringLiteral("certlife_certificates{scope=\"system\",store=\"My\",state=\"expired\"} 1\n"),
          QStringLiteral("certlife_certificates{scope=\"system\",store=\"My\",state=\"within_60_days\"} 1\n"),
          QStringLiteral("certlife_certificates{scope=\"system\",store=\"My\",state=\"archived\"} 0\n"),
          QStringLiteral("certlife_certificates{scope=\"system\",store=\"My\",state=\"healthy\"} 1\n"),
          QStringLiteral("certlife_events{scope=\"system\",event_id=\"1006\",event=\"New\"} 1\n"),
          QStringLiteral("certlife_events{scope=\"system\",event_id=\"1002\",event=\"Expired\"} 1\n"),
          QStringLiteral("certlife_events{scope=\"system\",event_id=\"1001\",event=\"Replace\"} 0\n"),
          QStringLiteral("certlife_last_pass_timestamp_seconds{scope=\"system\"} 1769904000\n")})
        QVERIFY2(r.out.contains(line), qPrintable(line + QStringLiteral("\nnot in:\n") + r.out));
    // The soonest first: old.pem's series precede shop.pem's.
    QVERIFY(r.out.indexOf(QStringLiteral("x509_cert_not_after") + old)
            < r.out.indexOf(QStringLiteral("x509_cert_not_after") + shop));
}

void TestCliMetrics::hostileFieldsAreEscaped()
{
    CertSpec spec;
    spec.cn = kHostileCn;
    spec.serialHex = "02";
    QVERIFY(writeFile(m_store + QLatin1Char('/') + kHostileFile, makeCertificate(spec).pem()));
    const CliRun r = runCli({"metrics", "--scope", "system"}, {kNow});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const QString labels = QStringLiteral("{filepath=\"%1/%2\",issuer_CN=\"%3\",scope=\"system\",serial_number=\"02\","
                                          "store=\"My\",subject_CN=\"%3\"}")
                               .arg(m_store, kHostileFileLabel, kHostileCnLabel);
    QVERIFY2(r.out.contains(QStringLiteral("\nx509_cert_not_after") + labels + QStringLiteral(" 1775001600\n")),
             qPrintable(r.out));
    // Nothing forged: every line is a comment or one sample of a known family.
    for (const QString& line : r.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts))
        QVERIFY2(line.startsWith(QLatin1String("# ")) || line.startsWith(QLatin1String("x509_"))
                     || line.startsWith(QLatin1String("certlife_")),
                 qPrintable(line));
    QCOMPARE(r.out.count(QStringLiteral("\nx509_cert_expired{")), 3);
    QVERIFY(!r.out.contains(QChar(0x1b)));
    bool ran = false;
    const QString problems = promtoolProblems(r.out.toUtf8(), &ran);
    QVERIFY2(problems.isEmpty(), qPrintable(problems));
}

void TestCliMetrics::promtoolAcceptsTheOutput()
{
    ScriptDir scripts;
    const QString script = scripts.write(QStringLiteral("t.sh"), "#!/bin/sh\nexit 1\n");
    QCOMPARE(runCli({"task", "new", "--type", "Expire", "--command", script, "--name", "warn", "--channel", "System",
                     "--retries", "0"})
                 .code,
             0);
    QCOMPARE(runCli({"watch", "--once", "--scope", "system", "--no-journal"}, {kNow}).code, 0);
    const CliRun r = runCli({"metrics"}, {kNow});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY2(
        r.out.contains(QStringLiteral("certlife_task_runs{scope=\"system\",task=\"warn\",outcome=\"failed\"} 1\n")),
        qPrintable(r.out));
    QVERIFY(r.out.contains(QStringLiteral("certlife_last_pass_duration_seconds{scope=\"system\"} ")));
    bool ran = false;
    const QString problems = promtoolProblems(r.out.toUtf8(), &ran);
    if (!ran)
        QSKIP("promtool is not installed (Debian package prometheus; scripts/setup installs it)");
    QVERIFY2(problems.isEmpty(), qPrintable(problems));
    // promtool can fail: the same text with one label value left unescaped is rejected.
    const QString bad =
        promtoolProblems((r.out + QStringLiteral("x509_cert_expired{subject_CN=\"a\"b\"} 1\n")).toUtf8(), &ran);
    QVERIFY2(!bad.isEmpty(), "promtool accepted an unescaped quote");
}

void TestCliMetrics::agentWritesTheTextfileAfterEveryPass()
{
    ScriptDir dir; // node_exporter's directory stands in: one the trust walk accepts
    QVERIFY2(dir.problem().isEmpty(), qPrintable(dir.problem()));
    const QString file = dir.filePath(QStringLiteral("certlife.prom"));
    QVERIFY(writeFile(Paths::policyFile(Scope::System),
                      QStringLiteral("[Policy]\nMetricsTextfile=%1\n").arg(file).toUtf8()));
    const CliRun pass = runCli({"watch", "--once", "--scope", "system", "--no-journal"}, {kNow});
    QVERIFY2(pass.code == 0, qPrintable(pass.err));
    const QByteArray written = readAllOf(file);
    QVERIFY2(written.startsWith("# HELP x509_cert_not_after "), written.constData());
    struct stat st
    {};
    QCOMPARE(::stat(QFile::encodeName(file).constData(), &st), 0);
    QCOMPARE(int(st.st_mode & 07777), 0644);
    // What the agent wrote is what `certlifectl metrics` prints for the scope.
    const CliRun printed = runCli({"metrics", "--scope", "system"}, {kNow});
    QCOMPARE(QString::fromUtf8(written), printed.out);

    // The next pass replaces it: a certificate gone is gone from the file.
    QVERIFY(QFile::remove(m_store + QStringLiteral("/old.pem")));
    QCOMPARE(runCli({"watch", "--once", "--scope", "system", "--no-journal"}, {kNow}).code, 0);
    QVERIFY(!readAllOf(file).contains("old.example.org"));
    QVERIFY(readAllOf(file).contains("certlife_events{scope=\"system\",event_id=\"1004\",event=\"Deleted\"} 1\n"));
}

void TestCliMetrics::agentRefusesALinkedTextfile()
{
    ScriptDir dir;
    const QString victim = dir.filePath(QStringLiteral("passwd"));
    QVERIFY(writeFile(victim, "root:x:0:0\n"));
    const QString file = dir.filePath(QStringLiteral("certlife.prom"));
    QVERIFY(QFile::link(victim, file));
    QVERIFY(writeFile(Paths::policyFile(Scope::System),
                      QStringLiteral("[Policy]\nMetricsTextfile=%1\n").arg(file).toUtf8()));
    const CliRun pass = runCli({"watch", "--once", "--scope", "system", "--no-journal"}, {kNow});
    QCOMPARE(pass.code, 3); // the pass ran; its metrics were refused
    QVERIFY2(
        pass.err.contains(QStringLiteral("metrics file %1 not written: it exists and is a symbolic link").arg(file)),
        qPrintable(pass.err));
    QCOMPARE(readAllOf(victim), QByteArray("root:x:0:0\n"));
}

QTEST_GUILESS_MAIN(TestCliMetrics)
#include "TestCliMetrics.moc"
