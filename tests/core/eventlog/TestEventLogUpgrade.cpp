// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// Upgrading an event log written by Certlife's first EventLog (schema version 1) to
// the current schema. The version-1 file is built here with raw SQL exactly as that
// version's code created and filled it, so the test does not depend on today's writer.
#include "EventFixtures.h"
#include "EventOracle.h"
#include "RawSql.h"
#include "TestEnvironment.h"
#include "eventlog/EventJson.h"
#include "eventlog/EventLog.h"
#include "eventlog/EventQuerySql.h"

#include <QFile>
#include <QJsonDocument>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTest>

using namespace certlife;
using namespace certlife::test;

namespace {

// Version 1's schema, as sqlite_master shows it in a file that version wrote.
const QStringList kVersion1Schema{
    QStringLiteral("CREATE TABLE event_subjects ( subject_id INTEGER PRIMARY KEY, details_hash INTEGER NOT NULL,"
                   " details TEXT NOT NULL, thumbprint TEXT NOT NULL, old_thumbprint TEXT, search TEXT NOT NULL)"),
    QStringLiteral("CREATE INDEX event_subjects_details_hash ON event_subjects(details_hash)"),
    QStringLiteral("CREATE INDEX event_subjects_thumbprint ON event_subjects(thumbprint)"),
    QStringLiteral("CREATE INDEX event_subjects_old_thumbprint ON event_subjects(old_thumbprint)"
                   " WHERE old_thumbprint IS NOT NULL"),
    QStringLiteral("CREATE TABLE events ( record_id INTEGER PRIMARY KEY AUTOINCREMENT, time_ms INTEGER NOT NULL,"
                   " event_id INTEGER NOT NULL, level INTEGER NOT NULL, store TEXT NOT NULL,"
                   " subject_id INTEGER NOT NULL REFERENCES event_subjects(subject_id))"),
    QStringLiteral("CREATE TABLE event_data ( record_id INTEGER PRIMARY KEY REFERENCES events(record_id)"
                   " ON DELETE CASCADE, json TEXT NOT NULL)"),
    QStringLiteral("CREATE TABLE eventlog_meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL)"),
    QStringLiteral("INSERT INTO eventlog_meta(name, value) VALUES ('subjects_generation', 3)"),
    QStringLiteral("CREATE INDEX events_time ON events(time_ms)"),
    QStringLiteral("CREATE INDEX events_event_time ON events(event_id, time_ms)"),
    QStringLiteral("CREATE INDEX events_store_event_time ON events(store, event_id, time_ms)"),
    QStringLiteral("CREATE INDEX events_subject_time ON events(subject_id, time_ms)"),
    QStringLiteral("CREATE VIRTUAL TABLE event_subjects_fts USING fts5(search, content='event_subjects',"
                   " content_rowid='subject_id', tokenize='trigram')"),
    QStringLiteral(
        "CREATE TRIGGER event_subjects_fts_delete AFTER DELETE ON event_subjects BEGIN INSERT INTO"
        " event_subjects_fts(event_subjects_fts, rowid, search) VALUES ('delete', old.subject_id, old.search); END"),
    // Another component's table whose rows point at events (as the docs allow).
    QStringLiteral("CREATE TABLE task_runs (id INTEGER PRIMARY KEY, task TEXT NOT NULL,"
                   " event_record_id INTEGER REFERENCES events(record_id) ON DELETE CASCADE)"),
};

bool runs(const QString& path, const QStringList& statements)
{
    bool ok = false;
    rawSql(path, statements, &ok);
    return ok;
}

// Writes `events` (record ids set) the way version 1's append did: a subject row per
// distinct certificate details, an events row, and the rest of toJson() in event_data.
bool writeVersion1(const QString& path, const QList<LifecycleEvent>& events, qint64 sequence)
{
    if (!runs(path, QStringList{QStringLiteral("PRAGMA journal_mode = WAL")} + kVersion1Schema))
        return false;
    bool ok = true;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("v1"));
        db.setDatabaseName(path);
        ok = db.open() && db.transaction();
        QHash<QString, qint64> subjects;
        for (const LifecycleEvent& e : events) {
            const QString details = eventlog::subjectJson(e);
            if (!subjects.contains(details)) {
                QSqlQuery s(db);
                s.prepare(QStringLiteral(
                    "INSERT INTO event_subjects(details_hash, details, thumbprint, old_thumbprint, search)"
                    " VALUES (?, ?, ?, ?, ?)"));
                s.addBindValue(eventlog::detailsHash(details));
                s.addBindValue(details);
                s.addBindValue(e.certificate.thumbprint.toUpper());
                s.addBindValue(e.oldCertificate ? QVariant(e.oldCertificate->thumbprint.toUpper()) : QVariant());
                s.addBindValue(eventlog::EventQuerySql::searchTextOf(e));
                ok = ok && s.exec();
                subjects.insert(details, s.lastInsertId().toLongLong());
            }
            QSqlQuery ev(db);
            ev.prepare(QStringLiteral("INSERT INTO events(record_id, time_ms, event_id, level, store, subject_id)"
                                      " VALUES (?, ?, ?, ?, ?, ?)"));
            for (const QVariant& v : {QVariant(e.recordId), QVariant(e.time.toMSecsSinceEpoch()), QVariant(int(e.id)),
                                      QVariant(int(e.level())), QVariant(e.storeId), QVariant(subjects.value(details))})
                ev.addBindValue(v);
            QJsonObject data = e.toJson();
            data.remove(QStringLiteral("certificate"));
            data.remove(QStringLiteral("oldCertificate"));
            QSqlQuery d(db);
            d.prepare(QStringLiteral("INSERT INTO event_data(record_id, json) VALUES (?, ?)"));
            d.addBindValue(e.recordId);
            d.addBindValue(QString::fromUtf8(QJsonDocument(data).toJson(QJsonDocument::Compact)));
            ok = ok && ev.exec() && d.exec();
        }
        QSqlQuery fts(db);
        ok = ok
            && fts.exec(QStringLiteral(
                "INSERT INTO event_subjects_fts(rowid, search) SELECT subject_id, search FROM event_subjects"));
        QSqlQuery seq(db);
        ok = ok && seq.exec(QStringLiteral("UPDATE sqlite_sequence SET seq = %1 WHERE name = 'events'").arg(sequence));
        ok = ok && db.commit();
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("v1"));
    return ok && runs(path, {QStringLiteral("PRAGMA user_version = 1")});
}

// Every field set, hostile text included; record ids 11.. with gaps, as pruning leaves them.
QList<LifecycleEvent> version1Events()
{
    const QStringList stores{QStringLiteral("My"), QStringLiteral("web"), QStringLiteral("st'ore \"x\"")};
    QList<LifecycleEvent> events;
    for (int i = 0; i < 60; ++i) {
        LifecycleEvent e =
            fixtureEvent(EventId(1001 + i % 7), i % 9, stores[i % 3], fixtureTime(i * 37).addMSecs(i * 11));
        e.channel = Scope::User;
        e.recordId = 11 + i + (i > 30 ? 5 : 0);
        events << e;
    }
    events[3].message = QString(QChar(0)) + QStringLiteral("nul, \u2028 separator, \"quotes\", é 😀");
    events[4].certificate.subject = QStringLiteral("CN=a\nb,O=x'; DROP TABLE events;--");
    events[5].host = QString();
    events[5].remainingSeconds = -4102444800LL;
    return events;
}

} // namespace

class TestEventLogUpgrade : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void upgradesVersion1KeepingEveryEvent();
    void failedUpgradeLeavesVersion1Untouched();
    void upgradesVersion2ForPassesLoggedOnce();
};

void TestEventLogUpgrade::upgradesVersion1KeepingEveryEvent()
{
    TestEnvironment env;
    const QString path = env.path(QStringLiteral("events.sqlite"));
    const QList<LifecycleEvent> all = version1Events();
    QVERIFY(writeVersion1(path, all, 500)); // events up to 500 were logged once
    QVERIFY(runs(
        path, {QStringLiteral("INSERT INTO task_runs(task, event_record_id) VALUES ('renew', 12), ('notify', 75)")}));
    const int subjectsBefore = rawSql(path, QStringLiteral("SELECT count(*) FROM event_subjects")).toInt();

    // A console cannot read it before the agent upgrades it.
    EventLog reader(path, Scope::User);
    QString error;
    QVERIFY(!reader.openReadOnly(&error));
    QVERIFY2(error.contains(path) && error.contains(QStringLiteral("upgrade")), qPrintable(error));

    EventLog log(path, Scope::User);
    QVERIFY2(log.open(&error), qPrintable(error));
    QCOMPARE(rawSql(path, QStringLiteral("PRAGMA user_version")).toInt(), 3);
    QCOMPARE(rawSql(path, QStringLiteral("SELECT count(*) FROM sqlite_master WHERE name = 'event_data'")).toInt(), 0);
    QVERIFY(log.hasFullTextSearch());

    // Every event, every field, its record id and its millisecond time.
    QCOMPARE(log.count({}), all.size());
    for (const LifecycleEvent& e : all) {
        const std::optional<LifecycleEvent> back = log.event(e.recordId);
        QVERIFY2(back, qPrintable(QString::number(e.recordId)));
        QCOMPARE(back->toJson(), e.toJson());
        QCOMPARE(back->time, e.time);
        QCOMPARE(back->message, e.message);
    }
    // Queries of every kind agree with the oracle.
    for (const auto& set : QList<std::function<void(EventQuery&)>>{
             [](EventQuery&) {},
             [](EventQuery& q) { q.text = QStringLiteral("host3."); },
             [](EventQuery& q) { q.text = QStringLiteral("old.example"); },
             [](EventQuery& q) { q.thumbprint = fixtureCertificate(4).thumbprint; },
             [](EventQuery& q) { q.storeId = QStringLiteral("st'ore \"x\""); },
             [](EventQuery& q) {
                 q.ids = {EventId::Replace};
                 q.since = fixtureTime(600);
             },
         }) {
        EventQuery q;
        set(q);
        q.limit = 1000;
        QCOMPARE(recordIds(log.query(q)), recordIds(oracleQuery(all, q)));
    }

    // Another component's rows still point at their events.
    QCOMPARE(rawSql(path, QStringLiteral("SELECT count(*) FROM task_runs")).toInt(), 2);
    QVERIFY(rawSql(path, QStringLiteral("PRAGMA foreign_key_check")).isNull());

    // Appending goes on after the highest record id ever given, reusing known subjects.
    QList<LifecycleEvent> more{fixtureEvent(EventId::Deleted, 3, QStringLiteral("web"), fixtureTime(5000))};
    QVERIFY2(log.append(more, &error), qPrintable(error));
    QCOMPARE(more[0].recordId, 501);
    QCOMPARE(rawSql(path, QStringLiteral("SELECT count(*) FROM event_subjects")).toInt(), subjectsBefore);
    QVERIFY(log.prune(QDateTime(), 10));
    QCOMPARE(log.count({}), 10);
    QVERIFY(reader.openReadOnly(&error));
    QCOMPARE(reader.query({}).first().recordId, 501);
}

void TestEventLogUpgrade::failedUpgradeLeavesVersion1Untouched()
{
    TestEnvironment env;
    const QString path = env.path(QStringLiteral("events.sqlite"));
    QVERIFY(writeVersion1(path, version1Events(), 100));
    // Something refuses a write the upgrade makes near its end.
    QVERIFY(runs(path,
                 {QStringLiteral("CREATE TRIGGER refuse BEFORE INSERT ON eventlog_meta"
                                 " BEGIN SELECT RAISE(ABORT, 'refused by test'); END")}));
    {
        EventLog log(path, Scope::User);
        QString error;
        QVERIFY(!log.open(&error));
        QVERIFY2(error.contains(path) && error.contains(QStringLiteral("from version 1 to 2"))
                     && error.contains(QStringLiteral("refused by test")),
                 qPrintable(error));
    }
    QCOMPARE(rawSql(path, QStringLiteral("PRAGMA user_version")).toInt(), 1);
    QCOMPARE(rawSql(path, QStringLiteral("SELECT count(*) FROM event_data")).toInt(), 60);
    QCOMPARE(rawSql(path, QStringLiteral("SELECT count(*) FROM sqlite_master WHERE name = 'event_stores'")).toInt(), 0);

    QVERIFY(runs(path, {QStringLiteral("DROP TRIGGER refuse")}));
    EventLog log(path, Scope::User);
    QString error;
    QVERIFY2(log.open(&error), qPrintable(error));
    QCOMPARE(log.count({}), 60);
}

void TestEventLogUpgrade::upgradesVersion2ForPassesLoggedOnce()
{
    TestEnvironment env;
    const QString path = env.path(QStringLiteral("events.sqlite"));
    const QList<LifecycleEvent> all = version1Events();
    QVERIFY(writeVersion1(path, all, 500));
    {
        EventLog log(path, Scope::User);
        QVERIFY(log.open());
    }
    // Version 2 is version 3 without the pass column (SQLite rewrites the table's schema).
    QVERIFY(runs(
        path, {QStringLiteral("ALTER TABLE events DROP COLUMN pass_base"), QStringLiteral("PRAGMA user_version = 2")}));
    EventLog reader(path, Scope::User);
    QString error;
    QVERIFY(!reader.openReadOnly(&error));
    QVERIFY2(error.contains(QStringLiteral("schema version 2 needs an upgrade")), qPrintable(error));

    EventLog log(path, Scope::User);
    QVERIFY2(log.open(&error), qPrintable(error));
    QCOMPARE(rawSql(path, QStringLiteral("PRAGMA user_version")).toInt(), 3);
    QCOMPARE(log.count({}), all.size());
    for (const LifecycleEvent& e : all)
        QCOMPARE(log.event(e.recordId)->toJson(), e.toJson());
    QCOMPARE(rawSql(path, QStringLiteral("SELECT count(*) FROM events WHERE pass_base IS NOT NULL")).toInt(), 0);

    // Passes are logged once from now on.
    QList<LifecycleEvent> pass{fixtureEvent(EventId::New, 3, QStringLiteral("web"), fixtureTime(5000))};
    QList<bool> logged;
    QVERIFY2(log.appendPass(pass, 42, &logged, &error), qPrintable(error));
    QCOMPARE(pass[0].recordId, 501);
    QList<LifecycleEvent> retry{fixtureEvent(EventId::New, 3, QStringLiteral("web"), fixtureTime(5001))};
    QVERIFY2(log.appendPass(retry, 42, &logged, &error), qPrintable(error));
    QCOMPARE(logged, QList<bool>{true});
    QCOMPARE(retry[0].recordId, 501);
    QCOMPARE(rawSql(path, QStringLiteral("SELECT pass_base FROM events WHERE record_id = 501")).toLongLong(), 42);
    QCOMPARE(log.count({}), all.size() + 1);
}

QTEST_GUILESS_MAIN(TestEventLogUpgrade)
#include "TestEventLogUpgrade.moc"
