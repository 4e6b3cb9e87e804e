// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "fleet/FleetHosts.h"

#include "fleet/FleetConnection.h"
#include "fleet/FleetSchema.h"

#include <QCryptographicHash>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

namespace certlife::fleet {

std::optional<QString> normalizedHostName(const QString& name)
{
    static const QRegularExpression pattern(QStringLiteral("^[a-z0-9][a-z0-9.-]{0,252}$"));
    const QString lower = name.toLower();
    if (!pattern.match(lower).hasMatch())
        return std::nullopt;
    return lower;
}

QString defaultHostRole(const QString& host)
{
    const QString role = QStringLiteral("certlife_host_") + host;
    return role.toUtf8().size() <= kMaxRoleNameBytes ? role : QString();
}

QString generatePassword()
{
    static const char alphabet[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    QString password;
    for (int i = 0; i < 32; ++i)
        password += QLatin1Char(alphabet[QRandomGenerator::system()->bounded(int(sizeof alphabet - 1))]);
    return password;
}

static QByteArray hmacSha256(const QByteArray& key, const QByteArray& data)
{
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    HMAC(EVP_sha256(), key.constData(), int(key.size()), reinterpret_cast<const unsigned char*>(data.constData()),
         size_t(data.size()), out, &length);
    return QByteArray(reinterpret_cast<const char*>(out), int(length));
}

// RFC 5802/7677 as PostgreSQL stores it: SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>.
// The passwords made here are ASCII, which SASLprep leaves as they are.
QString scramSha256Verifier(const QString& password)
{
    constexpr int kIterations = 4096; // PostgreSQL's scram_iterations default
    QByteArray salt(16, '\0');
    RAND_bytes(reinterpret_cast<unsigned char*>(salt.data()), int(salt.size()));
    const QByteArray utf8 = password.toUtf8();
    QByteArray salted(32, '\0');
    PKCS5_PBKDF2_HMAC(utf8.constData(), int(utf8.size()), reinterpret_cast<const unsigned char*>(salt.constData()),
                      int(salt.size()), kIterations, EVP_sha256(), int(salted.size()),
                      reinterpret_cast<unsigned char*>(salted.data()));
    const QByteArray clientKey = hmacSha256(salted, QByteArrayLiteral("Client Key"));
    const QByteArray storedKey = QCryptographicHash::hash(clientKey, QCryptographicHash::Sha256);
    const QByteArray serverKey = hmacSha256(salted, QByteArrayLiteral("Server Key"));
    return QStringLiteral("SCRAM-SHA-256$%1:%2$%3:%4")
        .arg(kIterations)
        .arg(QString::fromLatin1(salt.toBase64()), QString::fromLatin1(storedKey.toBase64()),
             QString::fromLatin1(serverKey.toBase64()));
}

QString quotedIdentifier(const QString& name)
{
    return QLatin1Char('"') + QString(name).replace(QLatin1String("\""), QLatin1String("\"\"")) + QLatin1Char('"');
}

static QString errorOf(const QSqlQuery& q)
{
    const QSqlError e = q.lastError();
    return oneLine(e.databaseText().isEmpty() ? e.text() : e.databaseText());
}

static bool addHostInTransaction(QSqlDatabase& db, QSqlQuery& q, const QString& host, const QString& role,
                                 const QString& password, QString* error)
{
    const int version = schemaVersion(db, error);
    if (version < 0)
        return false;
    if (version != kSchemaVersion) {
        *error = version == 0
            ? QStringLiteral("the database has no fleet schema yet: run 'certlifectl fleet init' first")
            : QStringLiteral("the fleet schema is at version %1, this Certlife needs %2: run "
                             "'certlifectl fleet init' with the Certlife that knows version %3")
                  .arg(version)
                  .arg(kSchemaVersion)
                  .arg(std::max(version, kSchemaVersion));
        return false;
    }
    q.prepare(QStringLiteral("SELECT (SELECT role_name FROM certlife.fleet_hosts WHERE host = ?),"
                             " EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = ?)"));
    q.addBindValue(host);
    q.addBindValue(role);
    if (!q.exec() || !q.next()) {
        *error = errorOf(q);
        return false;
    }
    if (!q.value(0).isNull()) {
        *error = QStringLiteral("the host %1 is in the fleet already (login role %2)").arg(host, q.value(0).toString());
        return false;
    }
    if (q.value(1).toBool()) {
        *error = QStringLiteral("a role named %1 exists already: choose another with --role").arg(role);
        return false;
    }
    // CREATE ROLE takes no parameters; the verifier is base64 and '$', never a quote.
    if (!q.exec(QStringLiteral("CREATE ROLE %1 LOGIN IN ROLE certlife_agent PASSWORD '%2'")
                    .arg(quotedIdentifier(role), scramSha256Verifier(password)))) {
        *error = QStringLiteral("cannot create the login role %1: %2").arg(role, errorOf(q));
        return false;
    }
    q.prepare(QStringLiteral("INSERT INTO certlife.fleet_hosts (role_name, host) VALUES (?, ?)"));
    q.addBindValue(role);
    q.addBindValue(host);
    if (!q.exec()) {
        *error = errorOf(q);
        return false;
    }
    return true;
}

bool addHost(QSqlDatabase& db, const QString& host, const QString& role, const QString& password, QString* error)
{
    // The query outlives the rollback: freed inside an aborted transaction, QPSQL's
    // DEALLOCATE fails and Qt prints a warning beside our one line.
    QSqlQuery q(db);
    if (!db.transaction()) {
        *error = oneLine(db.lastError().text());
        return false;
    }
    if (!addHostInTransaction(db, q, host, role, password, error) || !db.commit()) {
        if (error->isEmpty())
            *error = oneLine(db.lastError().text());
        db.rollback();
        return false;
    }
    return true;
}

} // namespace certlife::fleet
