// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "PostgresCluster.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>
#include <fcntl.h>
#include <pwd.h>
#include <unistd.h>

namespace certlife::test {

namespace {

const QString kBin = QStringLiteral("/usr/lib/postgresql/15/bin/");

// The account the server runs as: PostgreSQL refuses to run as root.
bool asPostgres()
{
    return ::geteuid() == 0;
}

QStringList asServerAccount(const QStringList& command)
{
    if (!asPostgres())
        return command;
    return QStringList{QStringLiteral("runuser"), QStringLiteral("-u"), QStringLiteral("postgres"),
                       QStringLiteral("--")}
    + command;
}

bool chownToPostgres(const QString& path)
{
    if (!asPostgres())
        return true;
    const passwd* pw = ::getpwnam("postgres");
    return pw && ::chown(QFile::encodeName(path).constData(), pw->pw_uid, pw->pw_gid) == 0;
}

QString randomPassword()
{
    static const char alphabet[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    QString password;
    for (int i = 0; i < 24; ++i)
        password += QLatin1Char(alphabet[QRandomGenerator::system()->bounded(int(sizeof alphabet - 1))]);
    return password;
}

QString quoted(const QString& path)
{
    return QLatin1Char('\'') + QString(path).replace(QLatin1String("'"), QLatin1String("'\\''")) + QLatin1Char('\'');
}

} // namespace

PostgresCluster::PostgresCluster()
    : m_dir(QDir::tempPath() + QStringLiteral("/certlife-pg-XXXXXX")), m_superuserPassword(randomPassword())
{}

PostgresCluster::PostgresCluster(const QString& keptDirectory)
    : m_dir(QDir::tempPath() + QStringLiteral("/certlife-pg-XXXXXX")),
      m_keptDirectory(QDir(keptDirectory).absolutePath())
{
    m_dir.remove(); // only the kept directory is used
    QDir().mkpath(m_keptDirectory);
    m_initialized = QFile::exists(filePath(QStringLiteral("data/PG_VERSION")));
    QFile passwordFile(superuserPasswordFile());
    if (m_initialized && passwordFile.open(QIODevice::ReadOnly))
        m_superuserPassword = QString::fromUtf8(passwordFile.readAll()).trimmed();
    else
        m_superuserPassword = randomPassword();
}

PostgresCluster::~PostgresCluster()
{
    QString ignored;
    if (m_running)
        stop(&ignored);
    if (m_keptDirectory.isEmpty())
        m_dir.remove();
    // Closing the pipe releases the guardian, which finds nothing left to do.
    if (m_guardianPipe >= 0)
        ::close(m_guardianPipe);
}

bool PostgresCluster::run(const QStringList& command, QString* output) const
{
    const QStringList full = asServerAccount(command);
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.setWorkingDirectory(directory()); // runuser: the account may not read the caller's directory
    p.start(full.first(), full.mid(1));
    const bool finished = p.waitForFinished(120000);
    *output = QString::fromLocal8Bit(p.readAll()).trimmed();
    if (!finished)
        *output = QStringLiteral("%1 did not finish in 120 s: %2").arg(command.first(), *output);
    return finished && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
}

// A child in its own session that reads its standard input until this process closes
// the pipe's other end (which the kernel does whenever this process ends, however),
// then stops the server and removes the directory, three times two seconds apart (a
// pg_ctl of the dead process may still be starting the server). Forked before exec, with every
// argument built beforehand: only async-signal-safe calls after fork().
void PostgresCluster::startGuardian()
{
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0)
        return;
    const QString stopCommand =
        asServerAccount({kBin + QStringLiteral("pg_ctl"), QStringLiteral("-D"), filePath(QStringLiteral("data")),
                         QStringLiteral("-m"), QStringLiteral("immediate"), QStringLiteral("stop")})
            .join(QLatin1Char(' '));
    // A kept cluster is stopped, never removed; and only while this process is the last
    // to have started it: the next run's server, started within the guardian's six
    // seconds on the same directory, is not this run's to stop (it hung that run).
    QString remove = QStringLiteral("rm -rf ") + quoted(directory());
    QString stillOurs = QStringLiteral(":");
    if (!m_keptDirectory.isEmpty()) {
        remove = QStringLiteral(":");
        const QString ownerFile = filePath(QStringLiteral("guardian.owner"));
        const QString owner = QString::number(::getpid());
        QFile file(ownerFile);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(owner.toLatin1()) < 0) {
            ::close(fds[0]);
            ::close(fds[1]);
            return;
        }
        file.close();
        stillOurs = QStringLiteral("[ \"$(cat %1 2>/dev/null)\" = %2 ] || exit 0").arg(quoted(ownerFile), owner);
    }
    const QByteArray script =
        QStringLiteral("cat >/dev/null; for i in 1 2 3; do %3; %1 >/dev/null 2>&1; %2; sleep 2; done")
            .arg(stopCommand, remove, stillOurs)
            .toLocal8Bit();
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::setsid(); // a Ctrl-C or a kill of the test's process group leaves it to clean up
        ::dup2(fds[0], 0);
        const int devNull = ::open("/dev/null", O_WRONLY);
        ::dup2(devNull, 1);
        ::dup2(devNull, 2);
        ::execl("/bin/sh", "sh", "-c", script.constData(), static_cast<char*>(nullptr));
        ::_exit(127);
    }
    ::close(fds[0]);
    if (pid < 0) {
        ::close(fds[1]);
        return;
    }
    m_guardianPipe = fds[1];
}

bool PostgresCluster::start(QString* error)
{
    if (m_running)
        return true;
    if (m_keptDirectory.isEmpty() && !m_dir.isValid()) {
        *error = QStringLiteral("cannot create a temporary directory: %1").arg(m_dir.errorString());
        return false;
    }
    if (!QFile::exists(kBin + QStringLiteral("initdb"))) {
        *error = QStringLiteral("PostgreSQL 15 is not installed (no %1initdb): scripts/setup installs it").arg(kBin);
        return false;
    }
    QString output;
    if (m_guardianPipe < 0)
        startGuardian();
    if (!m_initialized) {
        QFile passwordFile(superuserPasswordFile());
        if (!chownToPostgres(directory()) || !passwordFile.open(QIODevice::WriteOnly)
            || passwordFile.write(m_superuserPassword.toUtf8()) < 0 || !passwordFile.flush()
            || !passwordFile.setPermissions(QFile::ReadOwner | QFile::WriteOwner)
            || !chownToPostgres(passwordFile.fileName())) {
            *error = QStringLiteral("cannot prepare %1 for the postgres account").arg(directory());
            return false;
        }
        passwordFile.close();
        // Password logins over the socket only (scram-sha-256); TCP is refused anyway.
        if (!run({kBin + QStringLiteral("initdb"), QStringLiteral("-D"), filePath(QStringLiteral("data")),
                  QStringLiteral("-U"), superuser(), QStringLiteral("--pwfile=") + superuserPasswordFile(),
                  QStringLiteral("--auth-local=scram-sha-256"), QStringLiteral("--auth-host=reject"),
                  QStringLiteral("--no-locale"), QStringLiteral("-E"), QStringLiteral("UTF8"),
                  QStringLiteral("--no-sync")},
                 &output)) {
            *error = QStringLiteral("initdb failed: %1").arg(output);
            return false;
        }
        m_initialized = true;
    }
    // No TCP at all; fsync off: a test's data need not survive a power cut.
    const QString options =
        QStringLiteral("-k %1 -c listen_addresses='' -c fsync=off -c full_page_writes=off").arg(directory());
    if (!run({kBin + QStringLiteral("pg_ctl"), QStringLiteral("-D"), filePath(QStringLiteral("data")),
              QStringLiteral("-o"), options, QStringLiteral("-l"), filePath(QStringLiteral("server.log")),
              QStringLiteral("-w"), QStringLiteral("start")},
             &output)) {
        QFile log(filePath(QStringLiteral("server.log")));
        log.open(QIODevice::ReadOnly);
        *error = QStringLiteral("the server did not start: %1\n%2").arg(output, QString::fromLocal8Bit(log.readAll()));
        return false;
    }
    m_running = true;
    return true;
}

bool PostgresCluster::stop(QString* error)
{
    if (!m_running)
        return true;
    QString output;
    if (!run({kBin + QStringLiteral("pg_ctl"), QStringLiteral("-D"), filePath(QStringLiteral("data")),
              QStringLiteral("-m"), QStringLiteral("fast"), QStringLiteral("-w"), QStringLiteral("stop")},
             &output)) {
        *error = QStringLiteral("pg_ctl stop failed: %1").arg(output);
        return false;
    }
    m_running = false;
    return true;
}

QString PostgresCluster::uri(const QString& database, const QString& user) const
{
    return QStringLiteral("postgresql:///%1?host=%2&user=%3")
        .arg(database, socketDirectory(), user.isEmpty() ? superuser() : user);
}

bool PostgresCluster::exec(const QString& database, const QString& sql, QString* error) const
{
    const QString name = QStringLiteral("postgres-cluster-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    bool ok = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
        db.setHostName(socketDirectory());
        db.setDatabaseName(database);
        db.setUserName(superuser());
        db.setPassword(m_superuserPassword);
        if (!db.open()) {
            *error = db.lastError().text();
        } else {
            QSqlQuery q(db);
            ok = q.exec(sql);
            if (!ok)
                *error = q.lastError().text();
            db.close();
        }
    }
    QSqlDatabase::removeDatabase(name);
    return ok;
}

bool PostgresCluster::createDatabase(const QString& name, QString* error) const
{
    return exec(QStringLiteral("postgres"), QStringLiteral("CREATE DATABASE \"%1\"").arg(name), error);
}

} // namespace certlife::test
