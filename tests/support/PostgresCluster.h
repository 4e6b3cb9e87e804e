// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QString>
#include <QTemporaryDir>

namespace certlife::test {

// A private PostgreSQL 15 cluster for one test program (docs/fleet.md, "Tests"): initdb
// into a temporary directory, no TCP port (listen_addresses=''), its Unix socket in that
// directory, password logins (scram-sha-256) for every local connection, so that wrong
// passwords and roles are refused as on a real server. Run as the `postgres` account when
// the tests run as root (CI), as the current user otherwise.
//
// The cluster is stopped and its directory removed by the destructor and, should the test
// program die without running it (a crash, a kill), by a guardian process that waits for
// this one to end. Start one per test program: initdb takes about 2 s.
class PostgresCluster
{
public:
    PostgresCluster();
    // A cluster kept in KEPT_DIRECTORY between runs (certlife-bench's --keep): made there
    // at the first start, started again as it was later; stopped, never removed.
    explicit PostgresCluster(const QString& keptDirectory);
    ~PostgresCluster();
    PostgresCluster(const PostgresCluster&) = delete;
    PostgresCluster& operator=(const PostgresCluster&) = delete;

    // initdb (first call only) and start; false with *error (the tools' own words) when
    // PostgreSQL 15 is missing or does not start.
    bool start(QString* error);
    // Stops the server (fast shutdown), keeping the cluster for start() again: an outage.
    bool stop(QString* error);
    bool isRunning() const { return m_running; }

    // The directory holding the server's socket (a URI's host=).
    QString socketDirectory() const { return directory(); }
    QString superuser() const { return QStringLiteral("postgres"); }
    QString superuserPassword() const { return m_superuserPassword; }
    // A file holding the superuser's password alone, mode 0600 (for --password-file).
    QString superuserPasswordFile() const { return directory() + QStringLiteral("/superuser.password"); }
    // A libpq URI for DATABASE as USER (default: the superuser) over the socket.
    QString uri(const QString& database, const QString& user = {}) const;

    // Runs SQL as the superuser in DATABASE (statements separated by ';' may be given in
    // one string). False with the server's error.
    bool exec(const QString& database, const QString& sql, QString* error) const;
    bool createDatabase(const QString& name, QString* error) const;

private:
    QString directory() const { return m_keptDirectory.isEmpty() ? m_dir.path() : m_keptDirectory; }
    QString filePath(const QString& name) const { return directory() + QLatin1Char('/') + name; }
    bool run(const QStringList& command, QString* output) const;
    void startGuardian();

    QTemporaryDir m_dir;
    QString m_keptDirectory; // empty: the temporary m_dir
    QString m_superuserPassword;
    bool m_initialized = false;
    bool m_running = false;
    int m_guardianPipe = -1; // write end; the guardian cleans up when it closes
};

} // namespace certlife::test
