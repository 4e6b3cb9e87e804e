#include "eventlog/EventLog.h"

#include "eventlog/EventJson.h"
#include "eventlog/EventLogPrivate.h"
#include "eventlog/EventLogSchema.h"
#include "util/Paths.h"

#include <QFileInfo>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace certlife {

using eventlog::SqlStatement;

EventLog::EventLog(const QString& databasePath, Scope channel)
    : d(std::make_unique<Private>())
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

QString EventLog::databasePath() const { return d->path; }
Scope EventLog::channel() const { return d->channel; }
bool EventLog::isOpen() const { return d->open; }
void EventLog::setClock(std::shared_ptr<const Clock> clock) { d->clock = std::move(clock); }
QString EventLog::lastError() const { return d->lastError; }
bool EventLog::hasFullTextSearch() const { return d->fullText; }

// Creates a missing log file with the channel's mode before SQLite sees it (SQLite
// would create it with the umask's mode); O_EXCL never creates through a symlink.
static QString createFileIfMissing(const QString& path, Scope channel)
{
    const QString dir = QFileInfo(path).absolutePath();
    const QString dirError = Paths::ensureDir(dir, channel == Scope::System ? 0755 : 0700);
    if (!dirError.isEmpty())
        return dirError;
    const mode_t mode = channel == Scope::System ? 0644 : 0600;
    const int fd = ::open(QFile::encodeName(path).constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode);
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
    const auto prepare = [&](std::optional<QSqlQuery>& q, const QString& sql) {
        q.emplace(d->db);
        if (q->prepare(sql))
            return true;
        why = eventlog::errorText(q->lastError());
        return false;
    };
    if (!prepare(d->insertEvent, QStringLiteral("INSERT INTO events(time_ms, event_id, level, store, subject_id)"
                                                " VALUES (?, ?, ?, ?, ?)"))
        || !prepare(d->insertData, QStringLiteral("INSERT INTO event_data(record_id, json) VALUES (?, ?)"))
        || !prepare(d->findSubject,
                    QStringLiteral("SELECT subject_id FROM event_subjects WHERE details_hash = ? AND details = ?"))
        || !prepare(d->insertSubject,
                    QStringLiteral("INSERT INTO event_subjects(details_hash, details, thumbprint, old_thumbprint, search)"
                                   " VALUES (?, ?, ?, ?, ?)"))) {
        d->close();
        return fail(error, QStringLiteral("cannot prepare statements"), why);
    }
    d->open = true;
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
        return fail(error, QStringLiteral("cannot read it"),
                    QStringLiteral("schema version %1 needs an upgrade; it happens when the agent next opens it")
                        .arg(version));
    }
    d->noSchema = version == 0;
    d->fullText = !d->noSchema && eventlog::hasFullTextIndex(d->db);
    d->open = true;
    return true;
}

bool EventLog::append(QList<LifecycleEvent>& events, QString* error)
{
    if (!d->open || d->readOnly)
        return fail(error, QStringLiteral("cannot append"), QStringLiteral("not open for writing"));
    if (events.isEmpty())
        return true;
    QString why;
    if (!eventlog::exec(d->db, QStringLiteral("BEGIN IMMEDIATE"), &why))
        return fail(error, QStringLiteral("cannot start a transaction"), why);

    // The events are filled in place; a batch that fails gets its old values back, so
    // the caller's events carry record ids only when they were committed.
    struct Original
    {
        qint64 recordId;
        QDateTime time;
        Scope channel;
    };
    QList<Original> originals;
    originals.reserve(events.size());
    for (const LifecycleEvent& e : std::as_const(events))
        originals.append({e.recordId, e.time, e.channel});
    const auto rollback = [&] {
        QString ignored;
        eventlog::exec(d->db, QStringLiteral("ROLLBACK"), &ignored);
        d->subjects.clear(); // it may name subjects the rollback removed
        for (qsizetype i = 0; i < events.size(); ++i) {
            events[i].recordId = originals[i].recordId;
            events[i].time = originals[i].time;
            events[i].channel = originals[i].channel;
        }
    };
    const auto abort = [&](const QString& what, const QSqlQuery& q) {
        const QString reason = eventlog::errorText(q.lastError());
        rollback();
        return fail(error, what, reason);
    };
    // The cached subject ids hold unless a prune deleted subjects since; subjects above
    // the current maximum id are new in this batch (we hold the write lock).
    QSqlQuery state(d->db);
    if (!state.exec(QStringLiteral("SELECT (SELECT value FROM eventlog_meta WHERE name = 'subjects_generation'),"
                                   " (SELECT coalesce(max(subject_id), 0) FROM event_subjects)"))
        || !state.next())
        return abort(QStringLiteral("cannot read event subjects"), state);
    const qint64 generation = state.value(0).toLongLong();
    const qint64 subjectsBefore = state.value(1).toLongLong();
    state.finish();
    if (generation != d->subjects.generation) {
        d->subjects.clear();
        d->subjects.generation = generation;
    }
    bool newSubjects = false;
    const QDateTime now = d->clock->now();
    for (LifecycleEvent& e : events) {
        e.time = e.time.isValid() ? e.time.toUTC() : now;
        e.channel = d->channel;
        qint64 subjectId = d->subjects.find(e);
        if (subjectId == 0) {
            const QString details = eventlog::subjectJson(e);
            const qint64 hash = eventlog::detailsHash(details);
            QSqlQuery& find = *d->findSubject;
            find.bindValue(0, hash);
            find.bindValue(1, details);
            if (!find.exec())
                return abort(QStringLiteral("cannot look up an event subject"), find);
            if (find.next())
                subjectId = find.value(0).toLongLong();
            find.finish();
            if (subjectId == 0) {
                QSqlQuery& insert = *d->insertSubject;
                insert.bindValue(0, hash);
                insert.bindValue(1, details);
                insert.bindValue(2, e.certificate.thumbprint.toUpper());
                insert.bindValue(3, e.oldCertificate ? QVariant(e.oldCertificate->thumbprint.toUpper()) : QVariant());
                insert.bindValue(4, eventlog::EventQuerySql::searchTextOf(e));
                if (!insert.exec())
                    return abort(QStringLiteral("cannot store an event subject"), insert);
                subjectId = insert.lastInsertId().toLongLong();
                newSubjects = true;
            }
            d->subjects.insert(e, subjectId);
        }
        QSqlQuery& ins = *d->insertEvent;
        ins.bindValue(0, e.time.toMSecsSinceEpoch());
        ins.bindValue(1, int(e.id));
        ins.bindValue(2, int(e.level()));
        ins.bindValue(3, e.storeId);
        ins.bindValue(4, subjectId);
        if (!ins.exec())
            return abort(QStringLiteral("cannot append an event"), ins);
        e.recordId = ins.lastInsertId().toLongLong();
        QSqlQuery& data = *d->insertData;
        data.bindValue(0, e.recordId);
        data.bindValue(1, eventlog::eventDataJson(e));
        if (!data.exec())
            return abort(QStringLiteral("cannot append an event"), data);
    }
    if (newSubjects && d->fullText) {
        QSqlQuery index(d->db);
        if (!run(index, {QStringLiteral("INSERT INTO event_subjects_fts(rowid, search)"
                                        " SELECT subject_id, search FROM event_subjects WHERE subject_id > ?"),
                         {subjectsBefore}}))
            return abort(QStringLiteral("cannot index event subjects"), index);
    }
    if (!eventlog::exec(d->db, QStringLiteral("COMMIT"), &why)) {
        rollback();
        return fail(error, QStringLiteral("cannot commit"), why);
    }
    return true;
}

bool EventLog::prune(const QDateTime& olderThan, qint64 maxEvents, QString* error)
{
    if (!d->open || d->readOnly)
        return fail(error, QStringLiteral("cannot prune"), QStringLiteral("not open for writing"));
    QString why;
    if (!eventlog::exec(d->db, QStringLiteral("BEGIN IMMEDIATE"), &why))
        return fail(error, QStringLiteral("cannot start a transaction"), why);
    const auto removeWhere = [this](const QString& condition, const QVariantList& binds, QString* why) {
        for (const QString& sql : {QStringLiteral("DELETE FROM event_data WHERE record_id IN"
                                                  " (SELECT record_id FROM events WHERE %1)"),
                                   QStringLiteral("DELETE FROM events WHERE %1")}) {
            QSqlQuery q(d->db);
            if (!run(q, {sql.arg(condition), binds})) {
                *why = eventlog::errorText(q.lastError());
                return false;
            }
        }
        return true;
    };
    bool ok = true;
    if (olderThan.isValid())
        ok = removeWhere(QStringLiteral("time_ms < ?"), {olderThan.toMSecsSinceEpoch()}, &why);
    if (ok && maxEvents > 0) {
        // The newest event beyond the limit, and everything older than it, goes.
        QSqlQuery first(d->db);
        ok = run(first, {QStringLiteral("SELECT time_ms, record_id FROM events"
                                        " ORDER BY time_ms DESC, record_id DESC LIMIT 1 OFFSET ?"),
                         {maxEvents}});
        if (!ok)
            why = eventlog::errorText(first.lastError());
        else if (first.next()) {
            const QVariantList key{first.value(0), first.value(0), first.value(1)};
            first.finish();
            ok = removeWhere(QStringLiteral("time_ms < ? OR (time_ms = ? AND record_id <= ?)"), key, &why);
        }
    }
    if (ok) {
        // Subjects no event refers to any more go too; writers then forget their ids.
        QSqlQuery orphans(d->db);
        ok = orphans.exec(QStringLiteral("DELETE FROM event_subjects WHERE NOT EXISTS"
                                         " (SELECT 1 FROM events WHERE events.subject_id = event_subjects.subject_id)"));
        if (ok && orphans.numRowsAffected() > 0)
            ok = orphans.exec(QStringLiteral("UPDATE eventlog_meta SET value = value + 1"
                                             " WHERE name = 'subjects_generation'"));
        if (!ok)
            why = eventlog::errorText(orphans.lastError());
    }
    if (ok)
        ok = eventlog::exec(d->db, QStringLiteral("COMMIT"), &why);
    if (!ok) {
        QString ignored;
        eventlog::exec(d->db, QStringLiteral("ROLLBACK"), &ignored);
        return fail(error, QStringLiteral("cannot prune"), why);
    }
    return true;
}

} // namespace certlife
