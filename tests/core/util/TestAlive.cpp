// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "util/Coroutines.h"

#include <QCoro/QCoroSignal>
#include <QCoro/QCoroTask>
#include <QTest>

#include <memory>

using namespace certlife;

namespace {

// What a run saw when it resumed; kept outside the worker, which may be gone by then.
struct Outcome
{
    bool resumed = false;
    bool ownerExisted = false;
    bool finished = false; // went on to touch the worker
};

class Gate : public QObject
{
    Q_OBJECT
Q_SIGNALS:
    void opened();
};

// A QObject with a member coroutine that waits at a gate, the shape of the console's
// loads and commands.
class Worker : public QObject
{
    Q_OBJECT
public:
    QCoro::Task<> run(Gate* gate, Outcome* outcome)
    {
        ++m_generation;
        const Alive alive(this, m_generation);
        QCoro::Task<> waiting = waitAt(gate);
        co_await waiting;
        if (!resumed(alive, outcome))
            co_return; // `this` may be gone: touch nothing of it
        finish(outcome);
    }
    QCoro::Task<> runUntilStopped(Gate* gate, Outcome* outcome)
    {
        const Alive alive(this, m_stop);
        QCoro::Task<> waiting = waitAt(gate);
        co_await waiting;
        if (!resumed(alive, outcome))
            co_return; // `this` may be gone: touch nothing of it
        finish(outcome);
    }
    QCoro::Task<> runWhileAlive(Gate* gate, Outcome* outcome)
    {
        const Alive alive(this);
        QCoro::Task<> waiting = waitAt(gate);
        co_await waiting;
        if (!resumed(alive, outcome))
            co_return; // `this` may be gone: touch nothing of it
        finish(outcome);
    }
    void stop() { m_stop = true; }
    int finishedRuns() const { return m_finished; }

private:
    static QCoro::Task<> waitAt(Gate* gate)
    {
        auto opening = qCoro(gate, &Gate::opened);
        co_await opening;
    }
    static bool resumed(const Alive& alive, Outcome* outcome)
    {
        outcome->resumed = true;
        outcome->ownerExisted = alive.ownerExists();
        return bool(alive);
    }
    void finish(Outcome* outcome)
    {
        ++m_finished;
        outcome->finished = true;
    }

    quint64 m_generation = 0;
    bool m_stop = false;
    int m_finished = 0;
};

} // namespace

// Alive, the one "may this coroutine go on?" check after a co_await: false once its owner
// is destroyed, once a newer run superseded it, or once it was stopped.
class TestAlive : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void goesOnWhileTheOwnerLives();
    void stopsWhenTheOwnerIsDestroyedMeanwhile();
    void aNewerRunSupersedesAnOlderOne();
    void stopsOnceStopped();
};

void TestAlive::goesOnWhileTheOwnerLives()
{
    Gate gate;
    Worker worker;
    Outcome outcome;
    QCoro::Task<> running = worker.runWhileAlive(&gate, &outcome);
    QVERIFY(!outcome.resumed);
    Q_EMIT gate.opened();
    QTRY_VERIFY(outcome.resumed); // qCoro(signal) resumes its awaiter through a queued connection
    QVERIFY(outcome.finished);
    QCOMPARE(worker.finishedRuns(), 1);
}

void TestAlive::stopsWhenTheOwnerIsDestroyedMeanwhile()
{
    Gate gate;
    auto worker = std::make_unique<Worker>();
    Outcome outcome;
    QCoro::Task<> running = worker->runWhileAlive(&gate, &outcome);
    worker.reset();
    Q_EMIT gate.opened();
    QTRY_VERIFY(outcome.resumed);
    QVERIFY(!outcome.ownerExisted);
    QVERIFY(!outcome.finished);
}

void TestAlive::aNewerRunSupersedesAnOlderOne()
{
    Gate first;
    Gate second;
    Worker worker;
    Outcome older;
    Outcome newer;
    QCoro::Task<> runningOlder = worker.run(&first, &older);
    QCoro::Task<> runningNewer = worker.run(&second, &newer);
    Q_EMIT first.opened();
    QTRY_VERIFY(older.resumed);
    QVERIFY(older.ownerExisted); // bookkeeping may still happen
    QVERIFY(!older.finished);
    Q_EMIT second.opened();
    QTRY_VERIFY(newer.resumed);
    QVERIFY(newer.finished);
    QCOMPARE(worker.finishedRuns(), 1);
}

void TestAlive::stopsOnceStopped()
{
    Gate gate;
    Worker worker;
    Outcome stopped;
    QCoro::Task<> running = worker.runUntilStopped(&gate, &stopped);
    worker.stop();
    Q_EMIT gate.opened();
    QTRY_VERIFY(stopped.resumed);
    QVERIFY(stopped.ownerExisted);
    QVERIFY(!stopped.finished);
    QCOMPARE(worker.finishedRuns(), 0);
}

QTEST_GUILESS_MAIN(TestAlive)
#include "TestAlive.moc"
