// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "TestEnvironment.h"
#include "actions/AcknowledgementActions.h"
#include "eventlog/EventLog.h"
#include "util/Clock.h"
#include "util/Paths.h"
#include "util/ProcessLock.h"

#include <QDir>
#include <QFile>
#include <QMutex>
#include <QTest>
#include <QThread>

using namespace certlife;
using namespace certlife::test;

// Writers of acknowledgements.json at once (certlifectl and the console): each change
// is a read-modify-write, so without a lock the later rename drops the other's entry.
// Every entry of every writer must be in the file, and each recorded once.
class TestAcknowledgementWriters : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { m_env = std::make_unique<TestEnvironment>(); }
    void cleanup() { m_env.reset(); }
    void concurrentThreadsLoseNoEntry();
    void aHeldLockMakesAWriterWaitNotOverwrite();

private:
    static std::shared_ptr<const Clock> clock()
    {
        return std::make_shared<FixedClock>(QDateTime(QDate(2026, 3, 1), QTime(0, 0), Qt::UTC));
    }
    static Acknowledgement issuerMute(const QString& dn)
    {
        Acknowledgement a;
        a.kind = AcknowledgementKind::Issuer;
        a.issuer = dn;
        a.note = QStringLiteral("writer test");
        return a;
    }
    static QStringList mutedIssuers()
    {
        const AcknowledgementsLoad loaded = loadAcknowledgements(Scope::User);
        [&] { QVERIFY2(loaded.problem.isEmpty(), qPrintable(loaded.problem)); }();
        QStringList issuers;
        for (const Acknowledgement& a : loaded.acknowledgements.entries())
            issuers << a.issuer;
        issuers.sort();
        return issuers;
    }
    static QStringList expectedIssuers(int writers, int each)
    {
        QStringList all;
        for (int w = 0; w < writers; ++w)
            for (int i = 0; i < each; ++i)
                all << QStringLiteral("CN=Writer %1 CA %2").arg(w).arg(i, 2, 10, QLatin1Char('0'));
        all.sort();
        return all;
    }
    static int recordedMutes()
    {
        EventLog log(Paths::eventLogFile(Scope::User), Scope::User);
        QString error;
        [&] { QVERIFY2(log.open(&error), qPrintable(error)); }();
        EventQuery query;
        query.ids = {EventId::Acknowledged};
        query.limit = 100000;
        return int(log.query(query).size());
    }

    std::unique_ptr<TestEnvironment> m_env;
};

void TestAcknowledgementWriters::concurrentThreadsLoseNoEntry()
{
    constexpr int kWriters = 4;
    constexpr int kEach = 15;
    QList<QThread*> threads;
    QStringList errors;
    QMutex errorsLock;
    for (int w = 0; w < kWriters; ++w) {
        threads << QThread::create([w, &errors, &errorsLock] {
            for (int i = 0; i < kEach; ++i) {
                const QString dn = QStringLiteral("CN=Writer %1 CA %2").arg(w).arg(i, 2, 10, QLatin1Char('0'));
                const AcknowledgementChange change = addAcknowledgements(Scope::User, {issuerMute(dn)}, clock());
                if (!change.ok()) {
                    const QMutexLocker locked(&errorsLock);
                    errors << change.error;
                }
            }
        });
    }
    for (QThread* t : threads)
        t->start();
    for (QThread* t : threads) {
        QVERIFY(t->wait(120000));
        delete t;
    }
    QVERIFY2(errors.isEmpty(), qPrintable(errors.join(QLatin1Char('\n'))));
    QCOMPARE(mutedIssuers(), expectedIssuers(kWriters, kEach));
    QCOMPARE(recordedMutes(), kWriters * kEach);
    // No temporary left beside the file.
    const QStringList left = QDir(QFileInfo(Paths::acknowledgementsFile(Scope::User)).absolutePath())
                                 .entryList({QStringLiteral("acknowledgements.json.tmp*")}, QDir::Files);
    QVERIFY2(left.isEmpty(), qPrintable(left.join(QLatin1Char(' '))));
}

void TestAcknowledgementWriters::aHeldLockMakesAWriterWaitNotOverwrite()
{
    QVERIFY(addAcknowledgements(Scope::User, {issuerMute(QStringLiteral("CN=First"))}, clock()).ok());
    const QString file = Paths::acknowledgementsFile(Scope::User);
    // Another writer holds the lock and is between its read and its write.
    auto holder = std::make_unique<ProcessLock>(file + QStringLiteral(".lock"));
    QVERIFY(holder->tryLock());
    AcknowledgementChange change;
    QThread* writer = QThread::create(
        [&change] { change = addAcknowledgements(Scope::User, {issuerMute(QStringLiteral("CN=Second"))}, clock()); });
    writer->start();
    QVERIFY(!writer->wait(300)); // waits for the lock
    QCOMPARE(mutedIssuers(), QStringList{QStringLiteral("CN=First")});
    // The holder writes its own change, then lets go: the waiting writer reads it.
    Acknowledgements theirs = loadAcknowledgements(Scope::User).acknowledgements;
    theirs.put(issuerMute(QStringLiteral("CN=Theirs")));
    QVERIFY(saveAcknowledgements(Scope::User, theirs).ok());
    holder.reset();
    QVERIFY(writer->wait(30000));
    delete writer;
    QVERIFY2(change.ok(), qPrintable(change.error));
    QCOMPARE(mutedIssuers(), (QStringList{"CN=First", "CN=Second", "CN=Theirs"}));
}

QTEST_GUILESS_MAIN(TestAcknowledgementWriters)
#include "TestAcknowledgementWriters.moc"
