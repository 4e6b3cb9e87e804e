// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "agent/FleetUserLogs.h"

#include "agent/FleetPublisher.h"
#include "eventlog/EventJson.h"
#include "eventlog/EventLog.h"
#include "fleet/FleetCursor.h"
#include "policy/PolicyStore.h"
#include "tasks/TaskRunLog.h"
#include "util/JsonLineWriter.h"
#include "util/Paths.h"
#include "util/TerminalText.h"

#include <QDir>
#include <QFile>
#include <QScopeGuard>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <memory>
#include <fcntl.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utility>

namespace certlife {

namespace {

// The XDG defaults under the home (Paths.cpp): root cannot know a user's XDG_* variables.
const QString kPolicyFile = QStringLiteral(".config/certlife/policy.conf");
const QString kEventLogFile = QStringLiteral(".local/state/certlife/events.sqlite");
// The log is copied again when it changed while being copied (its writer committed).
constexpr int kCopyAttempts = 3;

// A Qt SQL connection of its own, removed when it goes out of scope.
class SqliteConnection
{
public:
    SqliteConnection(const QString& path, bool readOnly)
    {
        static std::atomic<quint64> instances{0};
        m_name = QStringLiteral("certlife-fleet-user-%1").arg(++instances);
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
        db.setDatabaseName(path);
        if (readOnly)
            db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
        m_open = db.open();
    }
    ~SqliteConnection()
    {
        {
            QSqlDatabase db = QSqlDatabase::database(m_name, false);
            db.close();
        }
        QSqlDatabase::removeDatabase(m_name);
    }
    bool isOpen() const { return m_open; }
    QSqlDatabase database() const { return QSqlDatabase::database(m_name, false); }

private:
    QString m_name;
    bool m_open = false;
};

// The schema's objects, type and name → SQL, and the schema's version under kVersionKey.
// A table's SQL is not compared (an upgraded table's text differs from a new one's), so
// what of a table can run when it is read is refused here: a computed (generated) column
// is the user's expression, evaluated by whoever reads the row. A virtual table is its
// module's code: compared by its whole SQL.
const QString kVersionKey = QStringLiteral("pragma user_version");
std::optional<QHash<QString, QString>> schemaObjects(const QString& path, QString* why)
{
    SqliteConnection connection(path, true);
    if (!connection.isOpen()) {
        *why = QStringLiteral("cannot be opened as an SQLite database");
        return std::nullopt;
    }
    QSqlDatabase db = connection.database();
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("SELECT type, name, sql FROM sqlite_schema"))) {
        *why = QStringLiteral("is not an event log (%1)").arg(q.lastError().databaseText());
        return std::nullopt;
    }
    QHash<QString, QString> objects;
    // Its version first: an older log's objects are an older Certlife's, not hostile.
    QSqlQuery version(db);
    if (version.exec(QStringLiteral("PRAGMA user_version")) && version.next())
        objects.insert(kVersionKey, version.value(0).toString());
    QStringList plainTables;
    while (q.next()) {
        const QString type = q.value(0).toString();
        const QString name = q.value(1).toString();
        const QString sql = q.value(2).toString();
        if (type == QLatin1String("table") && name.startsWith(QLatin1String("sqlite_")))
            continue; // SQLite's own (sqlite_sequence, sqlite_stat1): only SQLite makes them
        const bool plainTable =
            type == QLatin1String("table") && !sql.startsWith(QLatin1String("CREATE VIRTUAL"), Qt::CaseInsensitive);
        if (plainTable)
            plainTables << name;
        objects.insert(type + QLatin1Char(' ') + name, plainTable ? QString() : sql);
    }
    for (const QString& table : std::as_const(plainTables)) {
        QSqlQuery columns(db);
        columns.prepare(QStringLiteral("SELECT name, hidden FROM pragma_table_xinfo(?)"));
        columns.addBindValue(table);
        if (!columns.exec()) {
            *why = QStringLiteral("is not an event log (%1)").arg(columns.lastError().databaseText());
            return std::nullopt;
        }
        while (columns.next())
            if (columns.value(1).toInt() != 0) {
                *why = QStringLiteral("has a computed column, which no Certlife log has: not read");
                return std::nullopt;
            }
    }
    return objects;
}

} // namespace

bool userChannelsForbidden(const PolicyLayer& machinePolicy)
{
    return machinePolicy.settings.value(PolicyKey::FleetPublishUserEvents).enforced
        && !mergePolicy(machinePolicy, nullptr).policy.fleetPublishUserEvents;
}

fleet::FleetEvent fleetUserEvent(const LifecycleEvent& event, const QString& logIdentity)
{
    fleet::FleetEvent f;
    f.channel = scopeName(Scope::User);
    f.logIdentity = logIdentity;
    f.recordId = event.recordId;
    f.eventId = int(event.id);
    f.level = levelName(event.level());
    f.time = event.time;
    f.store = event.storeId;
    f.thumbprint = event.certificate.thumbprint;
    f.message = event.message;
    JsonLineWriter w(f.data);
    eventlog::writeEventJson(w, event);
    return f;
}

QString userLogIdentity(uint uid, const QString& logIdentity)
{
    return QStringLiteral("uid%1-%2").arg(uid).arg(logIdentity);
}

namespace {

// One account's publish, or the line saying why not.
class AccountPublish
{
public:
    AccountPublish(QSqlDatabase& db, const FleetUserPublish& job, const fleet::FleetHeartbeat& heartbeat,
                   FleetUserPublishReport& report)
        : m_db(db), m_job(job), m_heartbeat(heartbeat), m_report(report)
    {}

    // False when the publish stops there: the database failed, or no private directory.
    bool run(const FleetAccount& account)
    {
        QString problem;
        const bool ok = publish(account, &problem);
        if (!problem.isEmpty())
            // The account's names and its files' contents are in it: one line, whatever they hold.
            m_report.problems << escapeControlCharacters(
                m_failedToPrepare ? problem : QStringLiteral("%1: %2").arg(account.name, problem));
        return ok;
    }

private:
    // Made at the first account that opts in (a host where none does pays nothing): the
    // cursors' directory and a private directory for the copies next to it.
    bool prepare(QString* problem)
    {
        if (m_work)
            return true;
        const auto fail = [&](const QString& why) {
            *problem = QStringLiteral("User channels: %1").arg(why);
            m_failedToPrepare = true;
            return false;
        };
        if (const QString why = Paths::ensureDir(m_job.cursorDir, 0700); !why.isEmpty())
            return fail(why);
        // Copies a publish left behind when the agent died (one publish at a time).
        const QDir cursors(m_job.cursorDir);
        for (const QString& stale : cursors.entryList({QStringLiteral("copy-*")}, QDir::Dirs | QDir::NoSymLinks))
            QDir(cursors.filePath(stale)).removeRecursively();
        auto work = std::make_unique<QTemporaryDir>(m_job.cursorDir + QStringLiteral("/copy-XXXXXX"));
        if (!work->isValid())
            return fail(QStringLiteral("cannot create a private directory in %1: %2")
                            .arg(m_job.cursorDir, work->errorString()));
        m_work = std::move(work);
        return true;
    }

    // What a log this Certlife makes holds, made at the first log copied (a publish whose
    // logs are all unchanged pays nothing): a user's log may hold nothing else (a view
    // would run the user's SQL as root).
    bool makeReference(QString* problem)
    {
        if (!m_reference.isEmpty())
            return true;
        const auto fail = [&](const QString& why) {
            *problem = QStringLiteral("User channels: %1").arg(why);
            m_failedToPrepare = true;
            return false;
        };
        const QString referencePath = m_work->filePath(QStringLiteral("reference.sqlite"));
        QString why;
        {
            EventLog reference(referencePath, Scope::User);
            TaskRunLog runs(referencePath);
            if (!reference.open(&why) || !runs.open(&why))
                return fail(QStringLiteral("cannot make a reference log: %1").arg(why));
        }
        std::optional<QHash<QString, QString>> objects = schemaObjects(referencePath, &why);
        if (!objects || objects->isEmpty())
            return fail(QStringLiteral("cannot read the reference log: %1").arg(why));
        m_reference = std::move(*objects);
        return true;
    }

    // Whether the account opts in: its own policy.conf merged over the machine's, as its
    // agent merges them. The machine's [Enforced] value decides without reading the file.
    bool optsIn(const FleetAccount& account, QString* problem)
    {
        if (m_job.machinePolicy.settings.value(PolicyKey::FleetPublishUserEvents).enforced)
            return mergePolicy(m_job.machinePolicy, nullptr).policy.fleetPublishUserEvents;
        AccountFile file;
        QString why;
        PolicyLayer user;
        switch (openAccountFile(account, kPolicyFile, m_job.limits.maxPolicyBytes, &file, &why)) {
        case AccountFileStatus::Missing: break;
        case AccountFileStatus::Refused:
            *problem = QStringLiteral("its policy is not read (%1), so its User log is not published").arg(why);
            return false;
        case AccountFileStatus::Opened: {
            QByteArray content;
            if (const QString error = file.readAll(m_job.limits.maxPolicyBytes, &content); !error.isEmpty()) {
                *problem = QStringLiteral("its policy %1/%2 %3, so its User log is not published")
                               .arg(account.home, kPolicyFile, error);
                return false;
            }
            user = PolicyLayer::fromContent(content, account.home + QLatin1Char('/') + kPolicyFile, Scope::User);
            break;
        }
        }
        return mergePolicy(m_job.machinePolicy, &user).policy.fleetPublishUserEvents;
    }

    enum class Copy { Copied, Unchanged, Nothing };

    // Copies the log and its WAL, unchanged from start to end, into DIR; *SIGNATURE names
    // the files copied (device, inode, size, time), and when it is UNCHANGED_SINCE (the
    // files the last publish read to their end) nothing is copied.
    Copy copyLog(const FleetAccount& account, const QString& dir, const QString& unchangedSince, QString* signature,
                 QString* problem)
    {
        for (int attempt = 1; attempt <= kCopyAttempts; ++attempt) {
            QDir(dir).removeRecursively();
            QDir().mkpath(dir);
            AccountFile log, wal;
            QString why;
            const qint64 max = m_job.limits.maxLogBytes;
            switch (openAccountFile(account, kEventLogFile, max, &log, &why)) {
            case AccountFileStatus::Missing: return Copy::Nothing; // nothing to publish yet
            case AccountFileStatus::Refused: *problem = why; return Copy::Nothing;
            case AccountFileStatus::Opened: break;
            }
            const QString walName = kEventLogFile + QStringLiteral("-wal");
            const AccountFileStatus walStatus = openAccountFile(account, walName, max, &wal, &why);
            if (walStatus == AccountFileStatus::Refused) {
                *problem = why;
                return Copy::Nothing;
            }
            *signature = log.signature + QLatin1Char('/') + (wal.fd >= 0 ? wal.signature : QStringLiteral("-"));
            if (*signature == unchangedSince)
                return Copy::Unchanged;
            if (log.size + wal.size > max) {
                *problem = QStringLiteral("its event log is larger than %1 (EventRetention in its policy bounds it)")
                               .arg(mebibytes(max));
                return Copy::Nothing;
            }
            const QString copy = dir + QStringLiteral("/events.sqlite");
            QString error = log.copyTo(copy, max);
            if (error.isEmpty() && walStatus == AccountFileStatus::Opened)
                error = wal.copyTo(copy + QStringLiteral("-wal"), max - log.size);
            if (!error.isEmpty()) {
                *problem = QStringLiteral("%1/%2 %3").arg(account.home, kEventLogFile, error);
                return Copy::Nothing;
            }
            // The writer committed meanwhile: the two copies may not belong together.
            const bool logSame = log.unchanged();
            const bool walSame = walStatus != AccountFileStatus::Opened || wal.unchanged();
            if (logSame && walSame)
                return Copy::Copied;
        }
        *problem = QStringLiteral("its event log changed each time it was copied: tried again at the next publish");
        return Copy::Nothing;
    }

    bool publish(const FleetAccount& account, QString* problem)
    {
        if (!optsIn(account, problem))
            return true;
        if (!prepare(problem))
            return false;
        const QString dir = m_work->filePath(QString::number(account.uid));
        const auto cleanUp = qScopeGuard([&] { QDir(dir).removeRecursively(); });
        const QString cursorFile = m_job.cursorDir + QStringLiteral("/%1.json").arg(account.uid);
        QString warning;
        const fleet::FleetCursor saved = fleet::loadFleetCursor(cursorFile, &warning);
        if (!warning.isEmpty())
            m_report.warnings << warning;
        // Files the last publish read to their end, unchanged since: nothing new, and
        // nothing of them is read again.
        const bool sameDatabase = saved.database == m_job.database && saved.host == m_job.host;
        QString signature;
        switch (copyLog(account, dir, sameDatabase ? saved.sourceSignature : QString(), &signature, problem)) {
        case Copy::Nothing: return true;
        case Copy::Unchanged: m_report.published << account.name; return true;
        case Copy::Copied: break;
        }
        if (!makeReference(problem))
            return false;
        const QString copy = dir + QStringLiteral("/events.sqlite");
        QString why;
        const std::optional<QHash<QString, QString>> objects = schemaObjects(copy, &why);
        if (!objects) {
            *problem = QStringLiteral("its event log %1").arg(why);
            return true;
        }
        if (objects->value(kVersionKey) != m_reference.value(kVersionKey)) {
            *problem = QStringLiteral("its event log is at schema version %1, this agent reads %2 (Certlife brings it "
                                      "to %2 when it next writes it): not read")
                           .arg(objects->value(kVersionKey).left(12), m_reference.value(kVersionKey));
            return true;
        }
        for (auto it = objects->cbegin(); it != objects->cend(); ++it) {
            if (!m_reference.contains(it.key()) || m_reference.value(it.key()) != it.value()) {
                *problem = QStringLiteral("its event log holds %1, which no Certlife log has: not read")
                               .arg(it.key().left(80));
                return true;
            }
        }
        EventLog log(copy, Scope::User);
        if (!log.openReadOnly(&why)) {
            *problem = why.replace(copy, account.home + QLatin1Char('/') + kEventLogFile);
            return true;
        }
        const QString ownIdentity = log.fleetIdentity(&why);
        if (ownIdentity.isEmpty()) {
            *problem = QStringLiteral("its event log has no fleet identity yet (Certlife gives it one when it next "
                                      "writes the log)");
            return true;
        }
        const QString identity = userLogIdentity(account.uid, ownIdentity);
        fleet::FleetCursor cursor = fleet::cursorFor(saved, m_job.database, m_job.host, identity);
        QList<LifecycleEvent> events = log.eventsAfter(cursor.lastRecordId, m_job.limits.eventsPerPublish);
        if (!log.lastError().isEmpty()) {
            *problem = QStringLiteral("its event log cannot be read: %1").arg(log.lastError());
            return true;
        }
        // Its task runs (in the same file): new ones, and those sent unfinished whose state
        // changed, as the System channel's. No runs table yet: none to send.
        TaskRunLog runs(copy);
        QString noRuns;
        const QList<TaskRun> sentRuns = runs.openReadOnly(&noRuns) ? runsToSend(runs, cursor) : QList<TaskRun>();
        m_report.published << account.name;
        // Read to its end: these files need not be read again until they change.
        const QString readToEnd = events.size() < m_job.limits.eventsPerPublish ? signature : QString();
        if (events.isEmpty() && sentRuns.isEmpty()) {
            if (cursor.sourceSignature != readToEnd) {
                cursor.sourceSignature = readToEnd;
                saveCursor(account, cursorFile, cursor);
            }
            return true;
        }
        fleet::FleetPublication publication;
        publication.heartbeat = m_heartbeat;
        for (LifecycleEvent& e : events) {
            // Whose: the password database's name, whatever the log says.
            e.account = account.name;
            e.host = m_job.host;
            e.channel = Scope::User;
            publication.events << fleetUserEvent(e, identity);
        }
        for (const TaskRun& run : sentRuns)
            publication.taskRuns << fleetTaskRun(run, identity, QStringLiteral("User"));
        fleet::FleetError failure;
        const std::optional<fleet::PublishOutcome> outcome =
            fleet::publish(m_db, m_job.host, publication, &failure, m_job.statementTimeoutMs);
        if (!outcome) {
            if (failure.failure == fleet::FleetFailure::Refused) { // this account's events, say
                *problem = QStringLiteral("the fleet database refused its events: %1").arg(failure.message);
                return true;
            }
            m_report.failure = failure;
            return false;
        }
        if (!events.isEmpty())
            cursor.lastRecordId = events.last().recordId;
        for (const TaskRun& run : sentRuns) {
            cursor.lastRunId = std::max(cursor.lastRunId, run.id);
            if (isUnfinished(run.state))
                cursor.openRuns.insert(run.id, taskRunStateName(run.state));
            else
                cursor.openRuns.remove(run.id);
        }
        cursor.sourceSignature = readToEnd;
        saveCursor(account, cursorFile, cursor);
        m_report.eventsStored += outcome->eventsStored;
        m_report.taskRunsWritten += outcome->taskRunsWritten;
        return true;
    }

    void saveCursor(const FleetAccount& account, const QString& file, const fleet::FleetCursor& cursor)
    {
        QString why;
        if (!fleet::saveFleetCursor(file, cursor, &why))
            m_report.warnings << QStringLiteral("cannot save the fleet cursor of %1 (its events are sent again, "
                                                "and stored once): %2")
                                     .arg(account.name, why);
    }

    QSqlDatabase& m_db;
    const FleetUserPublish& m_job;
    const fleet::FleetHeartbeat& m_heartbeat;
    FleetUserPublishReport& m_report;
    std::unique_ptr<QTemporaryDir> m_work;
    QHash<QString, QString> m_reference;
    bool m_failedToPrepare = false;
};

} // namespace

FleetUserPublishReport publishUserLogs(QSqlDatabase& db, const FleetUserPublish& job,
                                       const fleet::FleetHeartbeat& heartbeat)
{
    FleetUserPublishReport report;
    if (job.accounts.isEmpty())
        return report;
    if (userChannelsForbidden(job.machinePolicy))
        return report;
    AccountPublish publisher(db, job, heartbeat, report);
    for (const FleetAccount& account : job.accounts)
        if (!publisher.run(account))
            break;
    return report;
}

} // namespace certlife
