#include "eventlog/EventLog.h"

#include "eventlog/EventLogSchema.h"
#include "eventlog/EventQuerySql.h"
#include "util/Paths.h"

#include <QFileInfo>
#include <QHash>
#include <QJsonDocument>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace certlife {

using eventlog::SqlStatement;
using eventlog::TextStrategy;

struct EventLog::Private
{
    QString path;
    Scope channel = Scope::User;
    QString connection;
    QSqlDatabase db;
    bool open = false;
    bool readOnly = false;
    bool fullText = false;
    bool noSchema = false; // read-only open of a file whose schema was never created
    std::shared_ptr<const Clock> clock = Clock::system();
    // Prepared once, reused by every append (binding per row into one statement is
    // what makes a batch fast).
    std::optional<QSqlQuery> insertEvent, insertData, findTerm, insertTerm;
    mutable QString lastError;

    void close()
    {
        insertEvent.reset();
        insertData.reset();
        findTerm.reset();
        insertTerm.reset();
        if (db.isValid()) {
            db.close();
            db = QSqlDatabase();
            QSqlDatabase::removeDatabase(connection);
        }
        open = false;
    }
};

static QString sqlError(const QSqlError& e)
{
    const QString db = e.databaseText();
    return db.isEmpty() ? e.text() : db;
}

static bool run(QSqlQuery& q, const SqlStatement& st)
{
    q.setForwardOnly(true);
    if (!q.prepare(st.sql))
        return false;
    for (int i = 0; i < st.binds.size(); ++i)
        q.bindValue(i, st.binds[i]);
    return q.exec();
}

static std::optional<LifecycleEvent> eventFromRow(const QSqlQuery& q, Scope channel)
{
    const QJsonDocument doc = QJsonDocument::fromJson(q.value(2).toByteArray());
    std::optional<LifecycleEvent> e = LifecycleEvent::fromJson(doc.object());
    if (!e)
        return std::nullopt;
    // The columns are authoritative: the JSON time has whole seconds only.
    e->recordId = q.value(0).toLongLong();
    e->time = QDateTime::fromMSecsSinceEpoch(q.value(1).toLongLong(), Qt::UTC);
    e->channel = channel;
    return e;
}

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
// would create it with the umask's mode). Never follows a symlink it creates through.
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
        const QString why = sqlError(d->db.lastError());
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
    const auto prepare = [this](std::optional<QSqlQuery>& q, const QString& sql) {
        q.emplace(d->db);
        return q->prepare(sql);
    };
    if (!prepare(d->insertEvent,
                 QStringLiteral("INSERT INTO events(time_ms, event_id, level, store, thumbprint, old_thumbprint, term_id)"
                                " VALUES (?, ?, ?, ?, ?, ?, ?)"))
        || !prepare(d->insertData, QStringLiteral("INSERT INTO event_data(record_id, json) VALUES (?, ?)"))
        || !prepare(d->findTerm, QStringLiteral("SELECT term_id FROM search_terms WHERE text = ?"))
        || !prepare(d->insertTerm, QStringLiteral("INSERT INTO search_terms(text) VALUES (?)"))) {
        why = sqlError(d->db.lastError());
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
    if (version != eventlog::kSchemaVersion && version != 0) {
        d->close();
        if (version < 0)
            return fail(error, QStringLiteral("cannot read the schema version"), why);
        return fail(error, QStringLiteral("cannot read it"),
                    version > eventlog::kSchemaVersion
                        ? QStringLiteral("it was written by a newer Certlife (schema version %1)").arg(version)
                        : QStringLiteral("schema version %1 needs an upgrade; it happens when the agent next opens it")
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

    // Work on a copy: the caller's events get their record ids only once the batch
    // is committed.
    QList<LifecycleEvent> staged = events;
    QHash<QString, qint64> termIds; // per batch: another process may prune terms between batches
    const auto abort = [&](const QString& what, const QSqlQuery& q) {
        const QString reason = sqlError(q.lastError());
        QString ignored;
        eventlog::exec(d->db, QStringLiteral("ROLLBACK"), &ignored);
        return fail(error, what, reason);
    };
    const QDateTime now = d->clock->now();
    for (LifecycleEvent& e : staged) {
        e.time = e.time.isValid() ? e.time.toUTC() : now;
        e.channel = d->channel;
        const QString text = eventlog::EventQuerySql::searchTextOf(e);
        qint64 termId = termIds.value(text, 0);
        if (termId == 0) {
            QSqlQuery& find = *d->findTerm;
            find.bindValue(0, text);
            if (!find.exec())
                return abort(QStringLiteral("cannot look up a search term"), find);
            if (find.next())
                termId = find.value(0).toLongLong();
            find.finish();
            if (termId == 0) {
                QSqlQuery& insert = *d->insertTerm;
                insert.bindValue(0, text);
                if (!insert.exec())
                    return abort(QStringLiteral("cannot store a search term"), insert);
                termId = insert.lastInsertId().toLongLong();
            }
            termIds.insert(text, termId);
        }
        QSqlQuery& ins = *d->insertEvent;
        ins.bindValue(0, e.time.toMSecsSinceEpoch());
        ins.bindValue(1, int(e.id));
        ins.bindValue(2, int(e.level()));
        ins.bindValue(3, e.storeId);
        ins.bindValue(4, e.certificate.thumbprint.toUpper());
        ins.bindValue(5, e.oldCertificate ? QVariant(e.oldCertificate->thumbprint.toUpper()) : QVariant());
        ins.bindValue(6, termId);
        if (!ins.exec())
            return abort(QStringLiteral("cannot append an event"), ins);
        e.recordId = ins.lastInsertId().toLongLong();
        QSqlQuery& data = *d->insertData;
        data.bindValue(0, e.recordId);
        data.bindValue(1, QString::fromUtf8(QJsonDocument(e.toJson()).toJson(QJsonDocument::Compact)));
        if (!data.exec())
            return abort(QStringLiteral("cannot append an event"), data);
    }
    if (!eventlog::exec(d->db, QStringLiteral("COMMIT"), &why)) {
        QString ignored;
        eventlog::exec(d->db, QStringLiteral("ROLLBACK"), &ignored);
        return fail(error, QStringLiteral("cannot commit"), why);
    }
    events = std::move(staged);
    return true;
}

std::optional<LifecycleEvent> EventLog::event(qint64 recordId) const
{
    d->lastError.clear();
    if (!d->open || d->noSchema)
        return std::nullopt;
    QSqlQuery q(d->db);
    const SqlStatement st{QStringLiteral("SELECT e.record_id, e.time_ms, d.json FROM events e"
                                         " JOIN event_data d ON d.record_id = e.record_id WHERE e.record_id = ?"),
                          {recordId}};
    if (!run(q, st)) {
        d->lastError = sqlError(q.lastError());
        return std::nullopt;
    }
    if (!q.next())
        return std::nullopt;
    return eventFromRow(q, d->channel);
}

std::optional<SqlStatement> EventLog::pageStatement(const EventQuery& q) const
{
    if (!d->open || d->noSchema || !q.matchesChannel(d->channel) || q.limit <= 0 || q.effectiveIds().isEmpty())
        return std::nullopt;
    const eventlog::EventQuerySql sql(q, d->channel, d->fullText);
    TextStrategy text = TextStrategy::None;
    if (!sql.searchText().isEmpty()) {
        // Count the matching events (up to a limit) to choose the cheaper plan.
        QSqlQuery probe(d->db);
        if (!run(probe, sql.textMatchProbe()) || !probe.next()) {
            d->lastError = sqlError(probe.lastError());
            return std::nullopt;
        }
        const qint64 matches = probe.value(0).toLongLong();
        if (matches == 0)
            return std::nullopt;
        text = matches < eventlog::kTextDriveLimit ? TextStrategy::DriveByTerm : TextStrategy::FilterByTerm;
    }
    return sql.page(text);
}

QList<LifecycleEvent> EventLog::query(const EventQuery& q) const
{
    d->lastError.clear();
    const std::optional<SqlStatement> st = pageStatement(q);
    if (!st)
        return {};
    QSqlQuery page(d->db);
    if (!run(page, *st)) {
        d->lastError = sqlError(page.lastError());
        return {};
    }
    QList<LifecycleEvent> result;
    result.reserve(q.limit);
    while (page.next()) {
        if (auto e = eventFromRow(page, d->channel))
            result.append(std::move(*e));
        else
            d->lastError = QStringLiteral("record %1 is unreadable").arg(page.value(0).toLongLong());
    }
    return result;
}

QStringList EventLog::explainQuery(const EventQuery& q) const
{
    d->lastError.clear();
    std::optional<SqlStatement> st = pageStatement(q);
    if (!st)
        return {};
    st->sql.prepend(QLatin1String("EXPLAIN QUERY PLAN "));
    QSqlQuery plan(d->db);
    if (!run(plan, *st)) {
        d->lastError = sqlError(plan.lastError());
        return {};
    }
    QStringList lines;
    while (plan.next())
        lines << plan.value(3).toString();
    return lines;
}

qint64 EventLog::count(const EventQuery& q) const
{
    d->lastError.clear();
    if (!d->open || d->noSchema || !q.matchesChannel(d->channel) || q.effectiveIds().isEmpty())
        return 0;
    QSqlQuery c(d->db);
    if (!run(c, eventlog::EventQuerySql(q, d->channel, d->fullText).count()) || !c.next()) {
        d->lastError = sqlError(c.lastError());
        return 0;
    }
    return c.value(0).toLongLong();
}

qint64 EventLog::latestRecordId() const
{
    if (!d->open || d->noSchema)
        return 0;
    QSqlQuery q(d->db);
    if (!run(q, {QStringLiteral("SELECT max(record_id) FROM events"), {}}) || !q.next())
        return 0;
    return q.value(0).toLongLong();
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
                *why = sqlError(q.lastError());
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
            why = sqlError(first.lastError());
        else if (first.next()) {
            const QVariantList key{first.value(0), first.value(0), first.value(1)};
            first.finish();
            ok = removeWhere(QStringLiteral("time_ms < ? OR (time_ms = ? AND record_id <= ?)"), key, &why);
        }
    }
    if (ok)
        ok = eventlog::exec(d->db,
                            QStringLiteral("DELETE FROM search_terms WHERE NOT EXISTS"
                                           " (SELECT 1 FROM events WHERE events.term_id = search_terms.term_id)"),
                            &why);
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
