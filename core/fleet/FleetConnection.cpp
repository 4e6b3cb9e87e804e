// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "fleet/FleetConnection.h"

#include <QFile>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>
#include <QUuid>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace certlife::fleet {

namespace {

// libpq's %XX decoding: a stray '%' or a bad digit is an error, '+' stays '+'.
std::optional<QString> percentDecoded(const QString& text, QString* error)
{
    const QByteArray bytes = text.toUtf8();
    QByteArray out;
    for (qsizetype i = 0; i < bytes.size(); ++i) {
        if (bytes[i] != '%') {
            out += bytes[i];
            continue;
        }
        bool ok = false;
        const int value = bytes.mid(i + 1, 2).toInt(&ok, 16);
        if (i + 2 >= bytes.size() || !ok) {
            *error = QStringLiteral("invalid percent-encoding in \"%1\"").arg(text);
            return std::nullopt;
        }
        out += char(value);
        i += 2;
    }
    const QString decoded = QString::fromUtf8(out);
    for (const QChar c : decoded) {
        if (c.unicode() < 0x20 || c.unicode() == 0x7f) {
            *error = QStringLiteral("\"%1\" holds a control character").arg(text);
            return std::nullopt;
        }
    }
    return decoded;
}

// One entry of the host list: "name", "name:port", "[::1]:port".
bool splitHostPort(const QString& entry, QString* host, QString* port, QString* error)
{
    QString rest = entry;
    if (rest.startsWith(QLatin1Char('['))) {
        const qsizetype close = rest.indexOf(QLatin1Char(']'));
        if (close < 0) {
            *error = QStringLiteral("unclosed '[' in the host \"%1\"").arg(entry);
            return false;
        }
        *host = rest.mid(1, close - 1);
        rest = rest.mid(close + 1);
        if (!rest.isEmpty() && !rest.startsWith(QLatin1Char(':'))) {
            *error = QStringLiteral("unexpected \"%1\" after the address in \"%2\"").arg(rest, entry);
            return false;
        }
        *port = rest.mid(1);
    } else {
        const qsizetype colon = rest.lastIndexOf(QLatin1Char(':'));
        *host = colon < 0 ? rest : rest.left(colon);
        *port = colon < 0 ? QString() : rest.mid(colon + 1);
    }
    static const QRegularExpression digits(QStringLiteral("^[0-9]*$"));
    if (!digits.match(*port).hasMatch()) {
        *error = QStringLiteral("the port \"%1\" is not a number").arg(*port);
        return false;
    }
    return true;
}

// A value in libpq's key='value' syntax.
QString quotedValue(const QString& value)
{
    QString escaped = value;
    escaped.replace(QLatin1String("\\"), QLatin1String("\\\\")).replace(QLatin1String("'"), QLatin1String("\\'"));
    return QLatin1Char('\'') + escaped + QLatin1Char('\'');
}

} // namespace

QString FleetAddress::connectOptions() const
{
    QMap<QString, QString> all = parameters;
    if (!all.contains(QStringLiteral("connect_timeout")))
        all.insert(QStringLiteral("connect_timeout"), QString::number(kDefaultConnectTimeoutSeconds));
    if (!all.contains(QStringLiteral("application_name")))
        all.insert(QStringLiteral("application_name"), QStringLiteral("certlife"));
    if (port.contains(QLatin1Char(',')))
        all.insert(QStringLiteral("port"), port);
    QStringList options;
    for (auto it = all.cbegin(); it != all.cend(); ++it)
        options << it.key() + QLatin1Char('=') + quotedValue(it.value());
    return options.join(QLatin1Char(';'));
}

std::optional<FleetAddress> parseFleetAddress(const QString& uri, QString* error)
{
    FleetAddress address;
    address.uri = uri;
    QString rest;
    for (const char* scheme : {"postgresql://", "postgres://"}) {
        if (uri.startsWith(QLatin1String(scheme)))
            rest = uri.mid(qsizetype(qstrlen(scheme)));
    }
    if (rest.isNull()) {
        *error = QStringLiteral("\"%1\" is not a PostgreSQL connection URI (postgresql://…)").arg(uri);
        return std::nullopt;
    }
    QString query;
    if (const qsizetype mark = rest.indexOf(QLatin1Char('?')); mark >= 0) {
        query = rest.mid(mark + 1);
        rest = rest.left(mark);
    }
    QString path;
    if (const qsizetype slash = rest.indexOf(QLatin1Char('/')); slash >= 0) {
        path = rest.mid(slash + 1);
        rest = rest.left(slash);
    }
    QString hostList = rest;
    if (const qsizetype at = rest.lastIndexOf(QLatin1Char('@')); at >= 0) {
        const QString userInfo = rest.left(at);
        hostList = rest.mid(at + 1);
        if (userInfo.contains(QLatin1Char(':'))) {
            *error = QStringLiteral("the URI holds a password: put it in a password file (--password-file, "
                                    "FleetPasswordFile or PGPASSFILE), never in the URI");
            return std::nullopt;
        }
        const std::optional<QString> user = percentDecoded(userInfo, error);
        if (!user)
            return std::nullopt;
        address.user = *user;
    }
    QStringList hosts, ports;
    bool anyPort = false;
    if (!hostList.isEmpty()) {
        for (const QString& entry : hostList.split(QLatin1Char(','))) {
            QString host, port;
            if (!splitHostPort(entry, &host, &port, error))
                return std::nullopt;
            const std::optional<QString> decoded = percentDecoded(host, error);
            if (!decoded)
                return std::nullopt;
            hosts << *decoded;
            ports << port;
            anyPort = anyPort || !port.isEmpty();
        }
    }
    address.host = hosts.join(QLatin1Char(','));
    if (anyPort)
        address.port = ports.join(QLatin1Char(','));
    const std::optional<QString> database = percentDecoded(path, error);
    if (!database)
        return std::nullopt;
    address.database = *database;

    static const QRegularExpression keyPattern(QStringLiteral("^[a-z_]+$"));
    for (const QString& pair : query.split(QLatin1Char('&'), Qt::SkipEmptyParts)) {
        const qsizetype equals = pair.indexOf(QLatin1Char('='));
        if (equals <= 0) {
            *error = QStringLiteral("\"%1\" in the URI is not key=value").arg(pair);
            return std::nullopt;
        }
        const QString key = pair.left(equals);
        const std::optional<QString> value = percentDecoded(pair.mid(equals + 1), error);
        if (!value)
            return std::nullopt;
        if (!keyPattern.match(key).hasMatch()) {
            *error = QStringLiteral("\"%1\" is not a connection parameter").arg(key);
            return std::nullopt;
        }
        if (key == QLatin1String("password") || key == QLatin1String("sslpassword")) {
            *error = QStringLiteral("the URI holds a %1: put it in a password file (--password-file, "
                                    "FleetPasswordFile or PGPASSFILE), never in the URI")
                         .arg(key);
            return std::nullopt;
        }
        // Qt's driver joins its options with ';' (and turns every ';' into a space).
        if (value->contains(QLatin1Char(';'))) {
            *error =
                QStringLiteral("the value of %1 holds a ';', which Qt's PostgreSQL driver cannot pass on").arg(key);
            return std::nullopt;
        }
        if (key == QLatin1String("host"))
            address.host = *value;
        else if (key == QLatin1String("port"))
            address.port = *value;
        else if (key == QLatin1String("dbname"))
            address.database = *value;
        else if (key == QLatin1String("user"))
            address.user = *value;
        else
            address.parameters.insert(key, *value);
    }
    return address;
}

QString oneLine(const QString& text)
{
    return text.simplified();
}

FleetError statementFailure(const QString& text)
{
    static const QStringList lost{
        QStringLiteral("server closed the connection"), QStringLiteral("terminating connection"),
        QStringLiteral("no connection to the server"),  QStringLiteral("connection to server"),
        QStringLiteral("could not receive data"),       QStringLiteral("could not send data")};
    for (const QString& phrase : lost) {
        if (text.contains(phrase, Qt::CaseInsensitive))
            return {FleetFailure::Unreachable, text};
    }
    return {FleetFailure::Refused, text};
}

static QString driverText(const QSqlError& e)
{
    return oneLine(e.databaseText().isEmpty() ? e.text() : e.databaseText());
}

// The server answered (a FATAL from it, or the TLS handshake failed) or nobody did.
static FleetFailure classifyConnectFailure(const QString& text)
{
    static const QRegularExpression answered(
        QStringLiteral("FATAL|password|authentication|pg_hba|SSL|certificate|server does not support"),
        QRegularExpression::CaseInsensitiveOption);
    return answered.match(text).hasMatch() ? FleetFailure::LoginRefused : FleetFailure::Unreachable;
}

FleetConnection::FleetConnection()
    : m_name(QStringLiteral("certlife-fleet-") + QUuid::createUuid().toString(QUuid::WithoutBraces))
{}

FleetConnection::~FleetConnection()
{
    if (m_db.isValid())
        m_db.close();
    m_db = QSqlDatabase();
    if (QSqlDatabase::contains(m_name))
        QSqlDatabase::removeDatabase(m_name);
}

bool FleetConnection::isOpen() const
{
    return m_db.isValid() && m_db.isOpen();
}

bool FleetConnection::open(const FleetAddress& address, const QString& password, FleetError* error)
{
    m_db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), m_name);
    if (!m_db.isValid()) {
        *error = {FleetFailure::Unreachable,
                  QStringLiteral("Qt's PostgreSQL driver (QPSQL) is not installed: install libqt6sql6-psql")};
        return false;
    }
    if (!address.host.isEmpty())
        m_db.setHostName(address.host);
    if (!address.port.isEmpty() && !address.port.contains(QLatin1Char(',')))
        m_db.setPort(address.port.toInt());
    m_db.setDatabaseName(address.database);
    m_db.setUserName(address.user);
    m_db.setPassword(password);
    m_db.setConnectOptions(address.connectOptions());
    if (!m_db.open()) {
        const QString text = driverText(m_db.lastError());
        *error = {classifyConnectFailure(text), text};
        return false;
    }
    // NOTICEs ("… already exists, skipping") would reach the terminal through libpq.
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("SET client_min_messages = warning"))) {
        *error = {FleetFailure::Refused, driverText(q.lastError())};
        return false;
    }
    return true;
}

std::optional<QString> readPasswordFile(const QString& path, bool requireTrustedOwner, QString* error)
{
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
    if (fd < 0) {
        *error =
            QStringLiteral("cannot read the password file %1: %2").arg(path, QString::fromLocal8Bit(strerror(errno)));
        return std::nullopt;
    }
    QFile file;
    struct stat st
    {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        *error = QStringLiteral("the password file %1 is not a regular file").arg(path);
        return std::nullopt;
    }
    if ((st.st_mode & 077) != 0) {
        ::close(fd);
        *error = QStringLiteral("the password file %1 may be read by others (mode %2): chmod 600 it")
                     .arg(path, QString::number(st.st_mode & 07777, 8).rightJustified(4, QLatin1Char('0')));
        return std::nullopt;
    }
    if (requireTrustedOwner && st.st_uid != 0 && st.st_uid != ::geteuid()) {
        ::close(fd);
        *error = QStringLiteral("the password file %1 belongs to uid %2, neither root nor the agent's user: chown it")
                     .arg(path)
                     .arg(st.st_uid);
        return std::nullopt;
    }
    if (!file.open(fd, QIODevice::ReadOnly, QFileDevice::AutoCloseHandle)) {
        ::close(fd);
        *error = QStringLiteral("cannot read the password file %1").arg(path);
        return std::nullopt;
    }
    QByteArray line = file.read(4096);
    line = line.left(line.indexOf('\n') < 0 ? line.size() : line.indexOf('\n'));
    if (line.endsWith('\r'))
        line.chop(1);
    if (line.isEmpty()) {
        *error = QStringLiteral("the password file %1 holds no password").arg(path);
        return std::nullopt;
    }
    return QString::fromUtf8(line);
}

bool createPasswordFile(const QString& path, const QString& password, QString* error)
{
    const QByteArray name = QFile::encodeName(path);
    const int fd = ::open(name.constData(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) {
        *error =
            QStringLiteral("cannot create the password file %1: %2").arg(path, QString::fromLocal8Bit(strerror(errno)));
        return false;
    }
    const QByteArray content = password.toUtf8() + '\n';
    qsizetype written = 0;
    while (written < content.size()) {
        const ssize_t n = ::write(fd, content.constData() + written, size_t(content.size() - written));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        written += n;
    }
    // fchmod: the umask may have taken bits off 0600, never added any; state it anyway.
    const bool ok = written == content.size() && ::fchmod(fd, 0600) == 0 && ::fsync(fd) == 0;
    const int savedErrno = errno;
    ::close(fd);
    if (!ok) {
        ::unlink(name.constData());
        *error = QStringLiteral("cannot write the password file %1: %2")
                     .arg(path, QString::fromLocal8Bit(strerror(savedErrno)));
    }
    return ok;
}

} // namespace certlife::fleet
