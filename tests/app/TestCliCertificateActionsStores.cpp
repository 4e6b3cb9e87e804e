// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "TestCliCertificateActionsFixture.h"

#include "agent/AgentStatus.h"
#include "x509/CertificateParser.h"

#include <csignal>

using namespace certlife;
using namespace certlife::test;

// `certlifectl copy|move|delete`, and the agent after every action: an admin's change is
// logged once, by the action, and never again by `certlifectl watch` as detected.
class TestCliCertificateActionsStores : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void moveGivesDeletedInSourceAndNewInTarget();
    void copyGivesOneNew();
    void moveOutOfABundle();
    void deleteKeepsASharedKeyAndRemovesAnUnusedOne();
    void deleteWithoutYesAndNoTerminalRefuses();
    void deleteAsksOnATerminal();
    void agentDoesNotLogImportAgain();
    void agentDoesNotLogDeleteAgain();
    void agentDoesNotLogMoveOrCopyAgain();
    void agentStillLogsChangesNobodyRecorded();
    void runningAgentDoesNotLogImportAgain();
};

namespace {

QStringList eventSummaries(const QList<LifecycleEvent>& events)
{
    QStringList out;
    for (const LifecycleEvent& e : events)
        out << QStringLiteral("%1 %2 %3 %4").arg(int(e.id)).arg(e.action, e.storeId, e.certificate.thumbprint.left(8));
    return out;
}

QString summary(EventId id, const QString& action, const QString& store, const GeneratedCert& cert)
{
    return QStringLiteral("%1 %2 %3 %4").arg(int(id)).arg(action, store, cert.thumbprint().left(8));
}

} // namespace

void TestCliCertificateActionsStores::moveGivesDeletedInSourceAndNewInTarget()
{
    ActionFixture f;
    const QString web = f.addStore(QStringLiteral("web"));
    const GeneratedCert cert = ActionFixture::serverCert(QStringLiteral("mv.example"));
    QVERIFY(writeFile(ActionFixture::myStore() + "/mv.pem", cert.pem()));
    QVERIFY(writeFile(ActionFixture::myStore() + "/mv.key", cert.key.pkcs8Pem()));

    const ActionRun r =
        f.run({"move", "--thumbprint", cert.thumbprint(), "--from", "My", "--to", "web", "--scope", "user"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY(QDir(ActionFixture::myStore()).isEmpty()); // the unused key went with it
    const QString stem = ActionFixture::stem(web, cert, QStringLiteral("mv.example"));
    QCOMPARE(ActionFixture::fileMode(stem + ".pem"), 0644);
    QCOMPARE(ActionFixture::fileMode(stem + ".key"), 0600);
    QCOMPARE(parseCertificateData(ActionFixture::readAll(stem + ".key")).privateKeySpki.size(), 1);

    const QList<LifecycleEvent> events = ActionFixture::events();
    QCOMPARE(eventSummaries(events),
             QStringList({summary(EventId::Deleted, "MoveOrCopy", "My", cert),
                          summary(EventId::New, "MoveOrCopy", "web", cert)}));
    QCOMPARE(events[0].certificate.path, ActionFixture::myStore() + "/mv.pem");
    QCOMPARE(events[1].certificate.path, stem + ".pem");
    QCOMPARE(events[0].account, ActionFixture::currentAccount());
    QCOMPARE(events[1].account, ActionFixture::currentAccount());
}

void TestCliCertificateActionsStores::copyGivesOneNew()
{
    ActionFixture f;
    const QString web = f.addStore(QStringLiteral("web"));
    const GeneratedCert cert = ActionFixture::serverCert(QStringLiteral("cp.example"));
    QVERIFY(writeFile(ActionFixture::myStore() + "/cp.pem", cert.pem() + cert.key.pkcs8Pem()));

    const ActionRun r =
        f.run({"copy", "--thumbprint", cert.thumbprint(), "--from", "My", "--to", "web", "--scope", "user"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QCOMPARE(QDir(ActionFixture::myStore()).entryList(QDir::Files), QStringList{"cp.pem"});
    QVERIFY(QFile::exists(ActionFixture::stem(web, cert, QStringLiteral("cp.example")) + ".key"));
    QCOMPARE(eventSummaries(ActionFixture::events()), QStringList{summary(EventId::New, "MoveOrCopy", "web", cert)});

    // Into a store that already holds it: refused, nothing recorded.
    const ActionRun again =
        f.run({"copy", "--thumbprint", cert.thumbprint(), "--from", "My", "--to", "web", "--scope", "user"});
    QCOMPARE(again.exitCode, 1);
    QVERIFY2(again.err.contains(QStringLiteral("store web already holds %1").arg(cert.thumbprint())),
             qPrintable(again.err));
    QCOMPARE(ActionFixture::events().size(), 1);
}

void TestCliCertificateActionsStores::moveOutOfABundle()
{
    ActionFixture f;
    const QString web = f.addStore(QStringLiteral("web"));
    const GeneratedCert a = ActionFixture::serverCert(QStringLiteral("a.example"));
    const GeneratedCert b = ActionFixture::serverCert(QStringLiteral("b.example"));
    // A PKCS#7 bundle is not rewritten: nothing moves.
    const QString p7 = ActionFixture::myStore() + "/bundle.p7b";
    const QByteArray p7Content = makePkcs7({a, b}, false);
    QVERIFY(writeFile(p7, p7Content));
    ActionRun r = f.run({"move", "--thumbprint", a.thumbprint(), "--from", "My", "--to", "web", "--scope", "user"});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(QStringLiteral("nothing was moved")) && r.err.contains(p7)
                 && r.err.contains(QStringLiteral("holds 2 certificates and is not a PEM file")),
             qPrintable(r.err));
    QCOMPARE(ActionFixture::readAll(p7), p7Content);
    QVERIFY(QDir(web).isEmpty());
    QVERIFY(ActionFixture::events().isEmpty());

    // A PEM bundle is rewritten without it, keeping the other certificate.
    QVERIFY(QFile::remove(p7));
    const QString bundle = ActionFixture::myStore() + "/bundle.pem";
    QVERIFY(writeFile(bundle, a.pem() + b.pem()));
    r = f.run({"move", "--thumbprint", a.thumbprint(), "--from", "My", "--to", "web", "--scope", "user"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.out.contains(QStringLiteral("rewrote ") + bundle), qPrintable(r.out));
    QCOMPARE(ActionFixture::readAll(bundle), b.pem());
    QCOMPARE(QDir(web).entryList(QDir::Files).size(), 1);
    QCOMPARE(ActionFixture::events().size(), 2); // 1004 and 1006, MoveOrCopy
}

void TestCliCertificateActionsStores::deleteKeepsASharedKeyAndRemovesAnUnusedOne()
{
    ActionFixture f;
    const TestKey shared = freshKey(KeyType::EcP256);
    const GeneratedCert one = ActionFixture::serverCert(QStringLiteral("one.example"), shared);
    const GeneratedCert two = ActionFixture::serverCert(QStringLiteral("two.example"), shared);
    const QString my = ActionFixture::myStore();
    QVERIFY(writeFile(my + "/one.pem", one.pem()));
    QVERIFY(writeFile(my + "/two.pem", two.pem()));
    QVERIFY(writeFile(my + "/shared.key", shared.pkcs8Pem()));

    ActionRun r = f.run({"delete", "--thumbprint", one.thumbprint(), "--yes"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QCOMPARE(QDir(my).entryList(QDir::Files), QStringList({"shared.key", "two.pem"}));
    QCOMPARE(eventSummaries(ActionFixture::events()), QStringList{summary(EventId::Deleted, "delete", "My", one)});

    // The last certificate using the key takes it along.
    r = f.run({"delete", "--thumbprint", two.thumbprint(), "--store", "My", "--scope", "user", "-y"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.out.contains(my + "/shared.key"), qPrintable(r.out));
    QVERIFY(QDir(my).isEmpty());
    const QList<LifecycleEvent> events = ActionFixture::events();
    QCOMPARE(
        eventSummaries(events),
        QStringList({summary(EventId::Deleted, "delete", "My", one), summary(EventId::Deleted, "delete", "My", two)}));
    QCOMPARE(events[1].account, ActionFixture::currentAccount());
}

void TestCliCertificateActionsStores::deleteWithoutYesAndNoTerminalRefuses()
{
    ActionFixture f;
    const GeneratedCert cert = ActionFixture::serverCert(QStringLiteral("keep.example"));
    QVERIFY(writeFile(ActionFixture::myStore() + "/keep.pem", cert.pem()));
    const ActionRun r = f.run({"delete", "--thumbprint", cert.thumbprint()});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(QStringLiteral("no terminal")) && r.err.contains(QStringLiteral("--yes")),
             qPrintable(r.err));
    QVERIFY(QFile::exists(ActionFixture::myStore() + "/keep.pem"));
    QVERIFY(ActionFixture::events().isEmpty());
}

void TestCliCertificateActionsStores::deleteAsksOnATerminal()
{
    ActionFixture f;
    const GeneratedCert cert = ActionFixture::serverCert(QStringLiteral("ask.example"));
    const QString certPath = ActionFixture::myStore() + "/ask.pem";
    const QString keyPath = ActionFixture::myStore() + "/ask.key";
    QVERIFY(writeFile(certPath, cert.pem()));
    QVERIFY(writeFile(keyPath, cert.key.pkcs8Pem()));
    const QStringList args{"delete", "--thumbprint", cert.thumbprint()};
    {
        TerminalRun tty(f, args);
        QVERIFY2(tty.answerAfter(QStringLiteral("[y/N]"), "n"), qPrintable(tty.screen()));
        const ActionRun r = tty.finish();
        QCOMPARE(r.exitCode, 1);
        const QString screen = tty.screen();
        QVERIFY2(screen.contains(QStringLiteral("subject:    CN=ask.example")), qPrintable(screen));
        QVERIFY2(screen.contains(QStringLiteral("thumbprint: ") + cert.thumbprint()), qPrintable(screen));
        QVERIFY2(screen.contains(certPath) && screen.contains(keyPath), qPrintable(screen));
        QVERIFY(QFile::exists(certPath) && QFile::exists(keyPath));
        QVERIFY(ActionFixture::events().isEmpty());
    }
    TerminalRun tty(f, args);
    QVERIFY2(tty.answerAfter(QStringLiteral("[y/N]"), "y"), qPrintable(tty.screen()));
    const ActionRun r = tty.finish();
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY(QDir(ActionFixture::myStore()).isEmpty());
    QCOMPARE(eventSummaries(ActionFixture::events()), QStringList{summary(EventId::Deleted, "delete", "My", cert)});
}

void TestCliCertificateActionsStores::agentDoesNotLogImportAgain()
{
    ActionFixture f;
    const GeneratedCert existing = ActionFixture::serverCert(QStringLiteral("existing.example"));
    QVERIFY(writeFile(ActionFixture::myStore() + "/existing.pem", existing.pem()));
    QCOMPARE(f.agentPass(), 0); // the baseline

    const GeneratedCert cert = ActionFixture::serverCert(QStringLiteral("imported.example"));
    const QString source = f.env().path(QStringLiteral("in/imported.pem"));
    QVERIFY(writeFile(source, cert.pem() + cert.key.pkcs8Pem()));
    const ActionRun r = f.run({"import", source, "--store", "My", "--scope", "user"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.err.isEmpty(), qPrintable(r.err)); // no warning: the snapshot was brought up to date

    QCOMPARE(f.agentPass(), 0);
    QCOMPARE(eventSummaries(ActionFixture::events()), QStringList{summary(EventId::New, "import", "My", cert)});
    // The agent knows the certificate now: deleting its file by hand is a deletion.
    QVERIFY(QFile::remove(ActionFixture::stem(ActionFixture::myStore(), cert, QStringLiteral("imported.example"))
                          + ".pem"));
    QCOMPARE(f.agentPass(), 1);
    QCOMPARE(ActionFixture::events().last().id, EventId::Deleted);
    QCOMPARE(ActionFixture::events().last().action, QStringLiteral("delete"));
}

void TestCliCertificateActionsStores::agentDoesNotLogDeleteAgain()
{
    ActionFixture f;
    const GeneratedCert keep = ActionFixture::serverCert(QStringLiteral("keep.example"));
    const GeneratedCert gone = ActionFixture::serverCert(QStringLiteral("gone.example"));
    QVERIFY(writeFile(ActionFixture::myStore() + "/keep.pem", keep.pem()));
    QVERIFY(writeFile(ActionFixture::myStore() + "/gone.pem", gone.pem()));
    QCOMPARE(f.agentPass(), 0);

    const ActionRun r = f.run({"delete", "--thumbprint", gone.thumbprint(), "--yes"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QCOMPARE(f.agentPass(), 0);
    QCOMPARE(eventSummaries(ActionFixture::events()), QStringList{summary(EventId::Deleted, "delete", "My", gone)});
    // Putting it back by hand is new again.
    QVERIFY(writeFile(ActionFixture::myStore() + "/gone.pem", gone.pem()));
    QCOMPARE(f.agentPass(), 1);
    QCOMPARE(ActionFixture::events().last().action, QStringLiteral("detected"));
}

void TestCliCertificateActionsStores::agentDoesNotLogMoveOrCopyAgain()
{
    ActionFixture f;
    f.addStore(QStringLiteral("web"));
    f.addStore(QStringLiteral("backup"));
    const GeneratedCert cert = ActionFixture::serverCert(QStringLiteral("roam.example"));
    QVERIFY(writeFile(ActionFixture::myStore() + "/roam.pem", cert.pem() + cert.key.pkcs8Pem()));
    QCOMPARE(f.agentPass(), 0);

    ActionRun r = f.run({"move", "--thumbprint", cert.thumbprint(), "--from", "My", "--to", "web", "--scope", "user"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QCOMPARE(f.agentPass(), 0);
    r = f.run({"copy", "--thumbprint", cert.thumbprint(), "--from", "web", "--to", "backup"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QCOMPARE(f.agentPass(), 0);
    QCOMPARE(eventSummaries(ActionFixture::events()),
             QStringList({summary(EventId::Deleted, "MoveOrCopy", "My", cert),
                          summary(EventId::New, "MoveOrCopy", "web", cert),
                          summary(EventId::New, "MoveOrCopy", "backup", cert)}));
}

void TestCliCertificateActionsStores::agentStillLogsChangesNobodyRecorded()
{
    // Only the stores an action touched are brought up to date: a file dropped by hand
    // into another store at the same time is still logged by the agent.
    ActionFixture f;
    const QString web = f.addStore(QStringLiteral("web"));
    QCOMPARE(f.agentPass(), 0);
    const GeneratedCert byHand = ActionFixture::serverCert(QStringLiteral("byhand.example"));
    QVERIFY(writeFile(web + "/byhand.pem", byHand.pem()));
    const GeneratedCert imported = ActionFixture::serverCert(QStringLiteral("imported.example"));
    const QString source = f.env().path(QStringLiteral("in/imported.pem"));
    QVERIFY(writeFile(source, imported.pem()));
    const ActionRun r = f.run({"import", source, "--store", "My", "--scope", "user"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));

    QCOMPARE(f.agentPass(), 1);
    QCOMPARE(eventSummaries(ActionFixture::events()),
             QStringList(
                 {summary(EventId::New, "import", "My", imported), summary(EventId::New, "detected", "web", byHand)}));
}

void TestCliCertificateActionsStores::runningAgentDoesNotLogImportAgain()
{
    ActionFixture f;
    const QString web = f.addStore(QStringLiteral("web"));
    QProcess agent;
    agent.setEnvironment(f.environment());
    agent.start(binaryPath(QStringLiteral("certlifectl")), {"watch", "--scope", "user", "--no-journal", "--no-tasks"});
    QVERIFY(agent.waitForStarted());
    QVERIFY(QTest::qWaitFor(
        [] {
            const auto s = AgentStatus::load(Scope::User);
            return s && s->state == QLatin1String("idle");
        },
        60000));

    const GeneratedCert cert = ActionFixture::serverCert(QStringLiteral("live.example"));
    const QString source = f.env().path(QStringLiteral("in/live.pem"));
    QVERIFY(writeFile(source, cert.pem()));
    const ActionRun r = f.run({"import", source, "--store", "My", "--scope", "user"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    // A file dropped by hand afterwards: once the agent has logged it, it has also
    // rescanned My after the import.
    const GeneratedCert marker = ActionFixture::serverCert(QStringLiteral("marker.example"));
    QVERIFY(writeFile(web + "/marker.pem", marker.pem()));
    QVERIFY2(QTest::qWaitFor([] { return ActionFixture::events().size() >= 2; }, 60000),
             qPrintable(QString::fromUtf8(agent.readAllStandardError())));
    ::kill(pid_t(agent.processId()), SIGTERM);
    QVERIFY(agent.waitForFinished(30000));
    QCOMPARE(
        eventSummaries(ActionFixture::events()),
        QStringList({summary(EventId::New, "import", "My", cert), summary(EventId::New, "detected", "web", marker)}));
}

QTEST_GUILESS_MAIN(TestCliCertificateActionsStores)
#include "TestCliCertificateActionsStores.moc"
