// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "TestCliCertificateActionsFixture.h"
#include "agent/Agent.h"
#include "stores/Scanner.h"
#include "util/Clock.h"

#include <QCoro/QCoroTask>
#include <QProcess>
#include <QTest>

using namespace certlife;
using namespace certlife::test;

// An admin's action (certlifectl import/delete) that happens while an agent pass is
// already inside its scan: the pass holds the snapshot lock from before its scan to its
// commit, the action waits for it, and the change is in the event log exactly once
// (the action's own event), never a second time as "detected" by that pass or the next.
//
// Deterministic: the agent's scan seam starts the real certlifectl after the pass has
// scanned and returns only once the action has said (on stderr) that it is waiting for
// the snapshot lock.
class TestAgentActionRace : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void importDuringAScanIsLoggedOnce();
    void deleteDuringAScanIsLoggedOnce();

private:
    // Runs one agent pass (in this process) during whose scan `actionArgs` runs; then
    // one more pass. Returns the events of the certificate `thumbprint`, oldest first.
    static QList<LifecycleEvent> raceAction(const ActionFixture& fx, const QStringList& actionArgs,
                                            const QString& thumbprint);
};

QList<LifecycleEvent> TestAgentActionRace::raceAction(const ActionFixture& fx, const QStringList& actionArgs,
                                                      const QString& thumbprint)
{
    QProcess action;
    action.setProcessChannelMode(QProcess::MergedChannels);
    action.setEnvironment(fx.environment());
    QString actionOutput;
    bool actionWaitedForThePass = false;

    AgentOptions options;
    options.scope = Scope::User;
    options.journald = false;
    options.runTasks = false;
    options.clock = std::make_shared<FixedClock>(QDateTime::fromString(QLatin1String(kActionsNow), Qt::ISODate));
    int passes = 0;
    options.scanStores = [&](Scanner& scanner, QList<StoreConfig> stores) -> QCoro::Task<QList<StoreScan>> {
        QCoro::Task<QList<StoreScan>> scanning = scanStores(scanner, stores); // before the action
        QList<StoreScan> scans = co_await scanning;
        if (passes++ == 0) {
            action.start(binaryPath(QStringLiteral("certlifectl")), actionArgs);
            while (!actionOutput.contains(QLatin1String("waiting for the User lifecycle snapshot"))
                   && action.waitForReadyRead(60000))
                actionOutput += QString::fromUtf8(action.readAll());
            actionWaitedForThePass = actionOutput.contains(QLatin1String("waiting for the User lifecycle snapshot"));
        }
        co_return scans;
    };

    Agent agent(options);
    QString error;
    if (!agent.start(&error)) {
        qWarning() << "agent start:" << error;
        return {};
    }
    const AgentPassSummary racing = QCoro::waitFor(agent.runPass(QStringLiteral("racing pass")));
    action.waitForFinished(60000);
    actionOutput += QString::fromUtf8(action.readAll());
    const AgentPassSummary after = QCoro::waitFor(agent.runPass(QStringLiteral("next pass")));
    QCoro::waitFor(agent.stop());

    if (!actionWaitedForThePass || action.exitCode() != 0)
        qWarning().noquote() << "action output:" << actionOutput;
    if (!actionWaitedForThePass || action.exitStatus() != QProcess::NormalExit || action.exitCode() != 0
        || !racing.errors.isEmpty() || !after.errors.isEmpty() || after.events != 0) {
        qWarning() << "racing pass:" << racing.events << racing.errors << "next pass:" << after.events << after.errors;
        return {};
    }
    QList<LifecycleEvent> events;
    for (const LifecycleEvent& e : ActionFixture::events())
        if (e.certificate.thumbprint == thumbprint)
            events << e;
    return events;
}

void TestAgentActionRace::importDuringAScanIsLoggedOnce()
{
    const ActionFixture fx;
    const QString store = fx.addStore(QStringLiteral("web"));
    QVERIFY(
        writeFile(store + QStringLiteral("/old.pem"), ActionFixture::serverCert(QStringLiteral("old.example")).pem()));
    QCOMPARE(fx.agentPass(), 0); // the baseline snapshot
    const GeneratedCert cert = ActionFixture::serverCert(QStringLiteral("race.example"));
    const QString incoming = fx.env().path(QStringLiteral("race.pem"));
    QVERIFY(writeFile(incoming, cert.pem()));

    const QList<LifecycleEvent> events = raceAction(
        fx, {QStringLiteral("import"), incoming, QStringLiteral("--store"), QStringLiteral("web")}, cert.thumbprint());
    QCOMPARE(events.size(), 1);
    QCOMPARE(events.first().id, EventId::New);
    QCOMPARE(events.first().action, QStringLiteral("import"));
    QVERIFY(QFile::exists(ActionFixture::stem(store, cert, QStringLiteral("race.example")) + QStringLiteral(".pem")));
}

void TestAgentActionRace::deleteDuringAScanIsLoggedOnce()
{
    const ActionFixture fx;
    const QString store = fx.addStore(QStringLiteral("web"));
    const GeneratedCert cert = ActionFixture::serverCert(QStringLiteral("gone.example"));
    QVERIFY(writeFile(store + QStringLiteral("/gone.pem"), cert.pem()));
    QCOMPARE(fx.agentPass(), 0); // the baseline snapshot knows gone.pem

    const QList<LifecycleEvent> events =
        raceAction(fx,
                   {QStringLiteral("delete"), QStringLiteral("--thumbprint"), cert.thumbprint(),
                    QStringLiteral("--store"), QStringLiteral("web"), QStringLiteral("--yes")},
                   cert.thumbprint());
    QCOMPARE(events.size(), 1);
    QCOMPARE(events.first().id, EventId::Deleted);
    QCOMPARE(events.first().action, QStringLiteral("delete"));
    QVERIFY(!QFile::exists(store + QStringLiteral("/gone.pem")));
}

QTEST_GUILESS_MAIN(TestAgentActionRace)
#include "TestAgentActionRace.moc"
