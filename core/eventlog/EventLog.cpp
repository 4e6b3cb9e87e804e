// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "eventlog/EventLog.h"

#include "eventlog/EventLogPrivate.h"
#include "eventlog/EventLogSchema.h"
#include "util/Paths.h"

#include <QFileInfo>
#include <QRandomGenerator>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

namespace certlife {

using eventlog::SqlStatement;

EventLog::EventLog(const QString& databasePath, Scope channel) : d(std::make_unique<Private>())
{
    static std::atomic<quint64> instances{0};
    d->path = databasePath;
    d->channel = channel;
    d->connection = QStringLiteral("certlife-eventlog-%1").arg(++instances);
}

EventLog::~EventLog()
{
    d->close();
}

bool EventLog::fail(QString* error, const QString& what, const QString& why) const
{
    if (error)
        *error = QStringLiteral("event log %1: %2: %3").arg(d->path, what, why);
    return false;
}

QString EventLog::databasePath() const
{
    return d->path;
}
Scope EventLog::channel() const
{
    return d->channel;
}
bool EventLog::isOpen() const
{
    return d->open;
}
void EventLog::setClock(std::shared_ptr<const Clock> clock)
{
    d->clock = std::move(clock);
}
QString EventLog::lastError() const
{
    return d->lastError;
}
bool EventLog::hasFullTextSearch() const
{
    return d->fullText;
}

// Creates a missing log file with the channel's mode before SQLite sees it (SQLite
// would create it with the umask's mode); O_EXCL never creates through a symlink.
static QString createFileIfMissing(const QString& path, Scope channel)
{
    const QString dir = QFileInfo(path).absolutePath();
    const QString dirError = Paths::ensureDir(dir, channel == Scope::System ? 0755 : 0700);
    if (!dirError.isEmpty())
        return dirError;
    const mode_t mode = channel == Scope::System ? 0644 : 0600;
    const int fd =
        ::open(QFile::encodeName(path).constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode);
    if (fd >= 0) {
        ::close(fd);
        return {};
    }
    if (errno == EEXIST)
        return {};
    return QString::fromLocal8Bit(std::strerror(errno));
}

bool EventLog::openConnection(bool readOnly, QString* error)
{
    d->close();
    d->readOnly = readOnly;
    d->db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), d->connection);
    d->db.setDatabaseName(d->path);
    if (readOnly)
        d->db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
    if (!d->db.open()) {
        const QString why = eventlog::errorText(d->db.lastError());
        d->close();
        return fail(error, QStringLiteral("cannot open"), why);
    }
    QString why;
    if (!eventlog::configureConnection(d->db, readOnly, &why)) {
        d->close();
        return fail(error, QStringLiteral("cannot use it (the file was left unchanged)"), why);
    }
    return true;
}

bool EventLog::open(QString* error)
{
    const QString createError = createFileIfMissing(d->path, d->channel);
    if (!createError.isEmpty())
        return fail(error, QStringLiteral("cannot create"), createError);
    if (!openConnection(false, error))
        return false;
    QString why;
    if (!eventlog::migrate(d->db, &why)) {
        d->close();
        return fail(error, QStringLiteral("cannot prepare the schema"), why);
    }
    d->fullText = eventlog::hasFullTextIndex(d->db);
    d->native = eventlog::nativeHandle(d->db);
    if (!d->native)
        why = QStringLiteral("the QSQLITE driver gave no SQLite handle");
    if (!d->native || !d->statements.prepare(d->native, d->fullText, &why)) {
        d->close();
        return fail(error, QStringLiteral("cannot prepare statements"), why);
    }
    d->subjects.clear();
    d->storeIds.clear();
    d->open = true;
    // A User log gets its identity when it is first written: the system agent publishes
    // it (docs/fleet.md, "User channels") reading a copy, so it cannot give it one.
    if (d->channel == Scope::User)
        fleetIdentity();
    return true;
}

bool EventLog::openReadOnly(QString* error)
{
    if (!QFileInfo::exists(d->path))
        return fail(error, QStringLiteral("cannot open"), QStringLiteral("no such file"));
    if (!openConnection(true, error))
        return false;
    QString why;
    const int version = eventlog::schemaVersion(d->db, &why);
    if (version != eventlog::kSchemaVersion && version != 0) { // newer ones were refused above
        d->close();
        if (version < 0)
            return fail(error, QStringLiteral("cannot read the schema version"), why);
        return fail(
            error, QStringLiteral("cannot read it"),
            QStringLiteral("schema version %1 needs an upgrade; it happens when the agent next opens it").arg(version));
    }
    d->noSchema = version == 0;
    d->fullText = !d->noSchema && eventlog::hasFullTextIndex(d->db);
    d->open = true;
    return true;
}

QString EventLog::fleetIdentity(QString* error)
{
    const auto text = [](qint64 value) { return QString::number(value, 16).rightJustified(16, QLatin1Char('0')); };
    if (!d->open || d->noSchema) {
        fail(error, QStringLiteral("cannot read the log's identity"), QStringLiteral("the log is not open"));
        return {};
    }
    QSqlQuery q(d->db);
    if (run(q, {QStringLiteral("SELECT value FROM eventlog_meta WHERE name = 'fleet_identity'"), {}}) && q.next())
        return text(q.value(0).toLongLong());
    if (d->readOnly) {
        fail(error, QStringLiteral("cannot give the log an identity"), QStringLiteral("opened read-only"));
        return {};
    }
    // 62 random bits, never 0: eventlog_meta keeps integers.
    const qint64 identity = qint64(QRandomGenerator::system()->generate64() & 0x3fffffffffffffffULL) | 1;
    QSqlQuery insert(d->db);
    if (!run(insert,
             {QStringLiteral("INSERT OR IGNORE INTO eventlog_meta(name, value) VALUES ('fleet_identity', ?)"),
              {identity}})) {
        fail(error, QStringLiteral("cannot give the log an identity"), eventlog::errorText(insert.lastError()));
        return {};
    }
    QSqlQuery again(d->db); // another writer may have been first: its value stands
    if (!run(again, {QStringLiteral("SELECT value FROM eventlog_meta WHERE name = 'fleet_identity'"), {}})
        || !again.next()) {
        fail(error, QStringLiteral("cannot read the log's identity"), eventlog::errorText(again.lastError()));
        return {};
    }
    return text(again.value(0).toLongLong());
}

void EventLog::releaseMemory()
{
    if (d->native)
        sqlite3_db_release_memory(d->native);
    d->subjects.clear();
}

bool EventLog::prune(const QDateTime& olderThan, qint64 maxEvents, QString* error)
{
    if (!d->open || d->readOnly)
        return fail(error, QStringLiteral("cannot prune"), QStringLiteral("not open for writing"));
    QString why;
    if (!eventlog::exec(d->db, QStringLiteral("BEGIN IMMEDIATE"), &why))
        return fail(error, QStringLiteral("cannot start a transaction"), why);
    // The subjects of the events that go are noted first: only they can be left without
    // events (finding a subject's events takes its time buckets, so checking every
    // subject would cost more).
    bool deleted = false;
    const auto removeWhere = [&](const QString& condition, const QVariantList& binds) {
        for (const QString& sql : {QStringLiteral("INSERT OR IGNORE INTO temp.pruned_subjects"
                                                  " SELECT DISTINCT subject_id FROM events WHERE %1"),
                                   QStringLiteral("DELETE FROM events WHERE %1")}) {
            QSqlQuery q(d->db);
            if (!run(q, {sql.arg(condition), binds})) {
                why = eventlog::errorText(q.lastError());
                return false;
            }
            deleted = deleted || (sql.startsWith(QLatin1String("DELETE")) && q.numRowsAffected() > 0);
        }
        return true;
    };
    bool ok = eventlog::execAll(
        d->db,
        {QStringLiteral("CREATE TEMP TABLE IF NOT EXISTS pruned_subjects (subject_id INTEGER PRIMARY KEY)"),
         QStringLiteral("DELETE FROM temp.pruned_subjects")},
        &why);
    // Old events are found through the time buckets that can hold them (there is no
    // index on time alone): those starting at or before the time, and the first.
    const QString oldBuckets = QStringLiteral("bucket IN (SELECT start_ms FROM event_buckets WHERE start_ms <= ?"
                                              " OR start_ms = (SELECT min(start_ms) FROM event_buckets)) AND ");
    if (ok && olderThan.isValid()) {
        const qint64 t = olderThan.toMSecsSinceEpoch();
        ok = removeWhere(oldBuckets + QStringLiteral("time_ms < ?"), {t, t});
    }
    if (ok && maxEvents > 0) {
        // The newest event beyond the limit, and everything older than it, goes. Newest
        // first is a merge of the ids' arms of events_event_time, as for a page.
        QStringList arms;
        for (const EventId id : allEventIds())
            arms << QStringLiteral("SELECT * FROM (SELECT time_ms, record_id FROM events WHERE event_id = %1"
                                   " ORDER BY time_ms DESC, record_id DESC LIMIT ?)")
                        .arg(int(id));
        QVariantList binds(arms.size(), maxEvents + 1);
        binds << maxEvents;
        QSqlQuery first(d->db);
        ok = run(first,
                 {arms.join(QLatin1String(" UNION ALL ")) + QStringLiteral(" ORDER BY 1 DESC, 2 DESC LIMIT 1 OFFSET ?"),
                  binds});
        if (!ok)
            why = eventlog::errorText(first.lastError());
        else if (first.next()) {
            const QVariantList key{first.value(0), first.value(0), first.value(0), first.value(1)};
            first.finish();
            ok = removeWhere(oldBuckets + QStringLiteral("(time_ms < ? OR (time_ms = ? AND record_id <= ?))"), key);
        }
    }
    if (ok && deleted) {
        // Subjects no event refers to any more go too; writers then forget their ids.
        QSqlQuery orphans(d->db);
        ok = orphans.exec(QStringLiteral("DELETE FROM event_subjects WHERE subject_id IN"
                                         " (SELECT subject_id FROM temp.pruned_subjects) AND NOT EXISTS"
                                         " (SELECT 1 FROM events WHERE bucket IN (SELECT start_ms FROM event_buckets)"
                                         " AND subject_id = event_subjects.subject_id)"));
        if (ok && orphans.numRowsAffected() > 0)
            ok = orphans.exec(QStringLiteral("UPDATE eventlog_meta SET value = value + 1"
                                             " WHERE name = 'subjects_generation'"));
        // So do time buckets left empty (each one costs every subject lookup a probe).
        if (ok)
            ok = orphans.exec(QStringLiteral("DELETE FROM event_buckets WHERE NOT EXISTS"
                                             " (SELECT 1 FROM events WHERE bucket = event_buckets.start_ms)"));
        if (!ok)
            why = eventlog::errorText(orphans.lastError());
    }
    if (ok)
        ok = eventlog::execAll(d->db, {QStringLiteral("DELETE FROM temp.pruned_subjects"), QStringLiteral("COMMIT")},
                               &why);
    if (!ok) {
        QString ignored;
        eventlog::exec(d->db, QStringLiteral("ROLLBACK"), &ignored);
        return fail(error, QStringLiteral("cannot prune"), why);
    }
    return true;
}

} // namespace certlife
