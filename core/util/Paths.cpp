#include "util/Paths.h"

#include <QDir>
#include <QFile>
#include <sys/stat.h>

namespace certlife::Paths {

namespace {

QString envOr(const char* name, const QString& fallback)
{
    const QByteArray v = qgetenv(name);
    return v.isEmpty() ? fallback : QString::fromLocal8Bit(v);
}

QString xdg(const char* name, const char* homeRelative)
{
    const QByteArray v = qgetenv(name);
    if (!v.isEmpty() && QDir::isAbsolutePath(QString::fromLocal8Bit(v)))
        return QString::fromLocal8Bit(v);
    return QDir::homePath() + QLatin1Char('/') + QLatin1String(homeRelative);
}

} // namespace

QString configDir(Scope scope)
{
    if (scope == Scope::System)
        return envOr("CERTLIFE_SYSTEM_CONFIG_DIR", QStringLiteral("/etc/certlife"));
    return xdg("XDG_CONFIG_HOME", ".config") + QStringLiteral("/certlife");
}

QString stateDir(Scope scope)
{
    if (scope == Scope::System)
        return envOr("CERTLIFE_SYSTEM_STATE_DIR", QStringLiteral("/var/lib/certlife"));
    return xdg("XDG_STATE_HOME", ".local/state") + QStringLiteral("/certlife");
}

QString dataDir(Scope scope)
{
    if (scope == Scope::System)
        return envOr("CERTLIFE_SYSTEM_DATA_DIR", QStringLiteral("/var/lib/certlife"));
    return xdg("XDG_DATA_HOME", ".local/share") + QStringLiteral("/certlife");
}

QString policyFile(Scope scope) { return configDir(scope) + QStringLiteral("/policy.conf"); }
QString storesFile(Scope scope) { return configDir(scope) + QStringLiteral("/stores.conf"); }
QString tasksDir(Scope scope) { return configDir(scope) + QStringLiteral("/tasks.d"); }
QString eventLogFile(Scope scope) { return stateDir(scope) + QStringLiteral("/events.sqlite"); }
QString scanCacheFile(Scope scope) { return stateDir(scope) + QStringLiteral("/scan-cache.bin"); }
QString snapshotDir(Scope scope) { return stateDir(scope) + QStringLiteral("/snapshots"); }
QString defaultMyStore(Scope scope) { return dataDir(scope) + QStringLiteral("/stores/My"); }
QString systemCertificatesDir() { return envOr("CERTLIFE_SYSTEM_CERTS_DIR", QStringLiteral("/etc/ssl/certs")); }

QString ensureDir(const QString& path, int mode)
{
    QDir dir(path);
    if (dir.exists())
        return {};
    if (!QDir().mkpath(path))
        return QStringLiteral("cannot create directory %1").arg(path);
    ::chmod(QFile::encodeName(path).constData(), mode_t(mode));
    return {};
}

} // namespace certlife::Paths
