// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "stores/StoreCatalog.h"

#include "stores/EndpointStore.h"
#include "stores/FileNames.h"
#include "stores/Pkcs11Store.h"
#include "stores/PosixFile.h"
#include "util/Paths.h"

#include <QDir>
#include <QFileInfo>
#include <QSettings>
#include <cerrno>
#include <sys/stat.h>
#include <unistd.h>

namespace certlife {

namespace {

const QString kName = QStringLiteral("name");
const QString kKind = QStringLiteral("kind");
const QString kPath = QStringLiteral("path");
const QString kRecursive = QStringLiteral("recursive");
const QString kReadOnly = QStringLiteral("readOnly");
const QString kPasswordFile = QStringLiteral("pkcs12PasswordFile");
const QString kMaxFileSize = QStringLiteral("maxFileSize");
const QString kSni = QStringLiteral("sni");
const QString kStartTls = QStringLiteral("starttls");
const QString kPinFile = QStringLiteral("pinFile");

QString scopeWord(Scope scope)
{
    return scope == Scope::System ? QStringLiteral("system") : QStringLiteral("user");
}

// QVariant::toBool() takes "no" for true; stores.conf is edited by hand.
bool parseBool(const QVariant& value, bool fallback, bool* ok)
{
    *ok = true;
    if (!value.isValid())
        return fallback;
    const QString t = value.toString().trimmed().toLower();
    if (t == QLatin1String("true") || t == QLatin1String("yes") || t == QLatin1String("1") || t == QLatin1String("on"))
        return true;
    if (t == QLatin1String("false") || t == QLatin1String("no") || t == QLatin1String("0") || t == QLatin1String("off"))
        return false;
    *ok = false;
    return fallback;
}

QString nearestExistingDirectory(QString path)
{
    while (!path.isEmpty() && !QFileInfo::exists(path))
        path = QFileInfo(path).path();
    return path;
}

// Why this process cannot write `file` (creating its directory when needed), or empty.
QString writeProblem(const QString& file, Scope scope)
{
    const QString dir = QFileInfo(file).path();
    const QString rootOnly =
        scope == Scope::System ? QStringLiteral(" (the system scope can only be changed by root)") : QString();
    const QString existing = nearestExistingDirectory(dir);
    if (::access(QFile::encodeName(existing).constData(), W_OK | X_OK) != 0
        && (errno == EACCES || errno == EPERM || errno == EROFS))
        return QStringLiteral("cannot write %1: %2%3").arg(file, errnoMessage(errno), rootOnly);
    const QString dirError = Paths::ensureDir(dir, scope == Scope::System ? 0755 : 0700);
    if (!dirError.isEmpty())
        return dirError;
    if (QFileInfo::exists(file) && ::access(QFile::encodeName(file).constData(), W_OK) != 0)
        return QStringLiteral("cannot write %1: %2%3").arg(file, errnoMessage(errno), rootOnly);
    return {};
}

QString syncError(QSettings& settings, Scope scope)
{
    settings.sync();
    if (settings.status() == QSettings::NoError) {
        // Users may read the system stores (to scan them); only the owner reads theirs.
        QFile::setPermissions(settings.fileName(),
                              scope == Scope::System
                                  ? QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup | QFile::ReadOther
                                  : QFile::ReadOwner | QFile::WriteOwner);
        return {};
    }
    return QStringLiteral("cannot write %1: %2")
        .arg(settings.fileName(),
             settings.status() == QSettings::AccessError ? QStringLiteral("access denied")
                                                         : QStringLiteral("the file is not valid INI"));
}

// A system stores.conf decides what root reads: refuse one that others could have edited.
QString untrustedFileReason(const QString& file, Scope scope)
{
    if (scope != Scope::System)
        return {};
    struct stat st;
    if (::stat(QFile::encodeName(file).constData(), &st) != 0)
        return {};
    if (st.st_mode & (S_IWGRP | S_IWOTH))
        return QStringLiteral("it is writable by group or others (chmod go-w %1)").arg(file);
    if (::geteuid() == 0 && st.st_uid != 0)
        return QStringLiteral("it is not owned by root");
    return {};
}

} // namespace

QList<StoreConfig> StoreCatalog::builtInStores()
{
    StoreConfig userMy;
    userMy.id = QStringLiteral("My");
    userMy.displayName = QStringLiteral("My certificates");
    userMy.scope = Scope::User;
    userMy.path = Paths::defaultMyStore(Scope::User);

    StoreConfig systemMy = userMy;
    systemMy.displayName = QStringLiteral("Machine certificates");
    systemMy.scope = Scope::System;
    systemMy.path = Paths::defaultMyStore(Scope::System);

    StoreConfig sslCerts;
    sslCerts.id = QStringLiteral("ssl-certs");
    sslCerts.displayName = QStringLiteral("System CA certificates");
    sslCerts.scope = Scope::System;
    sslCerts.path = Paths::systemCertificatesDir();
    sslCerts.readOnly = true;
    // update-ca-certificates builds this bundle from the directory's own NAME.pem files;
    // listing it too would show every CA twice. Where the directory holds only bundles
    // (Fedora's /etc/pki/tls/certs), the bundle is kept: it is then the only place.
    sslCerts.generatedBundles = {QStringLiteral("ca-certificates.crt")};
    return {systemMy, sslCerts, userMy};
}

StoreCatalog StoreCatalog::load()
{
    StoreCatalog catalog;
    for (const StoreConfig& c : builtInStores())
        catalog.m_entries.append(Entry{c, Origin::BuiltIn});
    // The user's own store exists from the start, so that importing into it just works.
    Paths::ensureDir(Paths::defaultMyStore(Scope::User), 0700);
    if (::geteuid() == 0)
        Paths::ensureDir(Paths::defaultMyStore(Scope::System), 0700, 0755); // stores/ and the data dir: 0755
    catalog.loadScope(Scope::System);
    catalog.loadScope(Scope::User);
    return catalog;
}

void StoreCatalog::loadScope(Scope scope)
{
    const QString file = Paths::storesFile(scope);
    if (!QFileInfo::exists(file))
        return;
    if (const QString why = untrustedFileReason(file, scope); !why.isEmpty()) {
        m_loadErrors.append(QStringLiteral("%1: ignored: %2").arg(file, why));
        return;
    }
    QSettings settings(file, QSettings::IniFormat);
    if (settings.status() != QSettings::NoError) {
        m_loadErrors.append(QStringLiteral("%1: cannot be read (%2)")
                                .arg(file,
                                     settings.status() == QSettings::AccessError ? QStringLiteral("access denied")
                                                                                 : QStringLiteral("not valid INI")));
        return;
    }
    for (const QString& id : settings.childGroups()) {
        settings.beginGroup(id);
        StoreConfig c;
        c.id = id;
        c.scope = scope;
        c.displayName = settings.value(kName).toString();
        c.path = settings.value(kPath).toString();
        c.pkcs12PasswordFile = settings.value(kPasswordFile).toString();
        c.sni = settings.value(kSni).toString();
        c.startTls = settings.value(kStartTls).toString();
        c.pinFile = settings.value(kPinFile).toString();
        QString error;
        const QString kindText = settings.value(kKind, QStringLiteral("directory")).toString();
        if (!parseStoreKind(kindText, &c.kind))
            error = QStringLiteral("kind \"%1\" is not directory, file, keystore, nss, pkcs11 or tls").arg(kindText);
        if (c.kind == StoreKind::TlsEndpoint) // HOST:PORTs: QSettings reads them as a list when separated by commas
            c.path = settings.value(kPath).toStringList().join(QLatin1Char(' '));
        bool ok = true;
        c.recursive = parseBool(settings.value(kRecursive), false, &ok);
        if (!ok && error.isEmpty())
            error = QStringLiteral("recursive=\"%1\" is not true or false").arg(settings.value(kRecursive).toString());
        c.readOnly = parseBool(settings.value(kReadOnly), false, &ok);
        if (!ok && error.isEmpty())
            error = QStringLiteral("readOnly=\"%1\" is not true or false").arg(settings.value(kReadOnly).toString());
        // Certlife never writes a keystore or a token.
        c.readOnly = c.readOnly || c.kind == StoreKind::KeyStore || c.kind == StoreKind::Pkcs11;
        if (settings.contains(kMaxFileSize)) {
            c.maxFileSize = settings.value(kMaxFileSize).toString().toLongLong(&ok);
            if ((!ok || c.maxFileSize <= 0) && error.isEmpty())
                error = QStringLiteral("maxFileSize=\"%1\" is not a positive number of bytes")
                            .arg(settings.value(kMaxFileSize).toString());
        }
        settings.endGroup();
        if (error.isEmpty())
            error = validate(c, false);
        if (error.isEmpty())
            error = duplicateError(c);
        if (!error.isEmpty()) {
            m_loadErrors.append(QStringLiteral("%1 [%2]: %3; store skipped").arg(file, id, error));
            continue;
        }
        m_entries.append(Entry{c, Origin::Configured});
    }
}

QList<StoreConfig> StoreCatalog::stores() const
{
    QList<StoreConfig> out;
    for (const Entry& e : m_entries)
        out.append(e.config);
    return out;
}

QList<StoreConfig> StoreCatalog::stores(Scope scope) const
{
    QList<StoreConfig> out;
    for (const Entry& e : m_entries)
        if (e.config.scope == scope)
            out.append(e.config);
    return out;
}

std::optional<StoreCatalog::Entry> StoreCatalog::find(Scope scope, const QString& id) const
{
    for (const Entry& e : m_entries)
        if (e.config.scope == scope && e.config.id == id)
            return e;
    return std::nullopt;
}

QList<StoreCatalog::Entry> StoreCatalog::findById(const QString& id) const
{
    QList<Entry> out;
    for (const Entry& e : m_entries)
        if (e.config.id == id)
            out.append(e);
    return out;
}

QString StoreCatalog::validate(const StoreConfig& config, bool requireExistingPath)
{
    if (const QString idError = storeIdError(config.id); !idError.isEmpty())
        return idError;
    if (config.path.isEmpty())
        return QStringLiteral("store \"%1\" has no path").arg(config.id);
    if (!config.pinFile.isEmpty() && config.kind != StoreKind::Pkcs11)
        return QStringLiteral("only PKCS#11 stores have a PIN file; \"%1\" is a %2 store")
            .arg(config.id, storeKindName(config.kind));
    if (config.kind == StoreKind::Pkcs11)
        return pkcs11StoreError(config, requireExistingPath);
    if (config.kind != StoreKind::TlsEndpoint && !QDir::isAbsolutePath(config.path))
        return QStringLiteral("path \"%1\" is not absolute").arg(config.path);
    if (config.maxFileSize <= 0)
        return QStringLiteral("maximum file size %1 is not positive").arg(config.maxFileSize);
    if (config.recursive && config.kind != StoreKind::Directory)
        return QStringLiteral("only directory stores can be recursive; \"%1\" is a %2 store")
            .arg(config.id, storeKindName(config.kind));
    if (!config.pkcs12PasswordFile.isEmpty() && !QDir::isAbsolutePath(config.pkcs12PasswordFile))
        return QStringLiteral("PKCS#12 password file \"%1\" is not an absolute path").arg(config.pkcs12PasswordFile);
    if (config.kind == StoreKind::TlsEndpoint)
        return endpointStoreError(config);
    if (!config.sni.isEmpty() || !config.startTls.isEmpty())
        return QStringLiteral("only TLS endpoint stores have an SNI or a STARTTLS protocol; \"%1\" is a %2 store")
            .arg(config.id, storeKindName(config.kind));
    if (!requireExistingPath)
        return {};

    struct stat st;
    if (::stat(encodeFileName(config.path).constData(), &st) != 0)
        return QStringLiteral("path \"%1\" does not exist (%2)").arg(config.path, errnoMessage(errno));
    if (config.kind == StoreKind::Directory && !S_ISDIR(st.st_mode))
        return QStringLiteral("path \"%1\" is not a directory").arg(config.path);
    if ((config.kind == StoreKind::File || config.kind == StoreKind::KeyStore) && !S_ISREG(st.st_mode))
        return QStringLiteral("path \"%1\" is not a regular file").arg(config.path);
    if (config.kind == StoreKind::Nss) {
        if (!S_ISDIR(st.st_mode))
            return QStringLiteral("path \"%1\" is not an NSS database: give the directory holding cert9.db and key4.db")
                .arg(config.path);
        if (::stat(encodeFileName(config.path + QStringLiteral("/cert9.db")).constData(), &st) != 0
            || !S_ISREG(st.st_mode))
            return QStringLiteral("path \"%1\" is not an NSS database: it has no cert9.db (only the sql: format is "
                                  "read; an old cert8.db is converted by certutil --upgrade-merge)")
                .arg(config.path);
    }
    if (!config.pkcs12PasswordFile.isEmpty()) {
        if (::stat(encodeFileName(config.pkcs12PasswordFile).constData(), &st) != 0)
            return QStringLiteral("PKCS#12 password file \"%1\" does not exist (%2)")
                .arg(config.pkcs12PasswordFile, errnoMessage(errno));
        if (!S_ISREG(st.st_mode))
            return QStringLiteral("PKCS#12 password file \"%1\" is not a regular file").arg(config.pkcs12PasswordFile);
    }
    return {};
}

QString StoreCatalog::duplicateError(const StoreConfig& config) const
{
    if (const auto existing = find(config.scope, config.id)) {
        const QString what = existing->origin == Origin::BuiltIn ? QStringLiteral("a built-in store")
            : existing->origin == Origin::Runtime                ? QStringLiteral("a store added by the policy")
                                                                 : QStringLiteral("a store");
        return QStringLiteral("%1 with id \"%2\" already exists in the %3 scope")
            .arg(what, config.id, scopeWord(config.scope));
    }
    return {};
}

QString StoreCatalog::add(StoreConfig config)
{
    config.path = config.kind == StoreKind::TlsEndpoint ? config.path.simplified()
        : config.kind == StoreKind::Pkcs11              ? config.path // a URI, not a file name
                                                        : QDir::cleanPath(config.path);
    if (!config.pinFile.isEmpty())
        config.pinFile = QDir::cleanPath(config.pinFile);
    if (!config.pkcs12PasswordFile.isEmpty())
        config.pkcs12PasswordFile = QDir::cleanPath(config.pkcs12PasswordFile);
    if (QString error = validate(config, true); !error.isEmpty())
        return error;
    if (QString error = duplicateError(config); !error.isEmpty())
        return error;

    const QString file = Paths::storesFile(config.scope);
    if (QString error = writeProblem(file, config.scope); !error.isEmpty())
        return error;
    QSettings settings(file, QSettings::IniFormat);
    settings.beginGroup(config.id);
    if (!config.displayName.isEmpty())
        settings.setValue(kName, config.displayName);
    settings.setValue(kKind, storeKindName(config.kind));
    settings.setValue(kPath, config.path);
    settings.setValue(kRecursive, config.recursive);
    settings.setValue(kReadOnly, config.readOnly);
    if (!config.pkcs12PasswordFile.isEmpty())
        settings.setValue(kPasswordFile, config.pkcs12PasswordFile);
    if (config.maxFileSize != kDefaultMaxFileSize)
        settings.setValue(kMaxFileSize, config.maxFileSize);
    if (!config.sni.isEmpty())
        settings.setValue(kSni, config.sni);
    if (!config.startTls.isEmpty())
        settings.setValue(kStartTls, config.startTls);
    if (!config.pinFile.isEmpty())
        settings.setValue(kPinFile, config.pinFile);
    settings.endGroup();
    if (QString error = syncError(settings, config.scope); !error.isEmpty())
        return error;
    m_entries.append(Entry{config, Origin::Configured});
    return {};
}

QString StoreCatalog::remove(Scope scope, const QString& id)
{
    const auto existing = find(scope, id);
    if (!existing)
        return QStringLiteral("no store with id \"%1\" in the %2 scope").arg(id, scopeWord(scope));
    if (existing->origin == Origin::BuiltIn)
        return QStringLiteral("store \"%1\" is built in and cannot be removed").arg(id);
    if (existing->origin == Origin::Runtime)
        return QStringLiteral("store \"%1\" comes from the policy (AdditionalStores); change the policy to remove it")
            .arg(id);

    const QString file = Paths::storesFile(scope);
    if (QString error = writeProblem(file, scope); !error.isEmpty())
        return error;
    QSettings settings(file, QSettings::IniFormat);
    settings.remove(id);
    if (QString error = syncError(settings, scope); !error.isEmpty())
        return error;
    m_entries.removeIf([&](const Entry& e) { return e.config.scope == scope && e.config.id == id; });
    return {};
}

QString StoreCatalog::addRuntimeStore(StoreConfig config)
{
    config.path = config.kind == StoreKind::TlsEndpoint || config.kind == StoreKind::Pkcs11
        ? config.path
        : QDir::cleanPath(config.path);
    if (QString error = validate(config, false); !error.isEmpty())
        return error;
    if (QString error = duplicateError(config); !error.isEmpty())
        return error;
    m_entries.append(Entry{config, Origin::Runtime});
    return {};
}

void StoreCatalog::clearRuntimeStores()
{
    m_entries.removeIf([](const Entry& e) { return e.origin == Origin::Runtime; });
}

} // namespace certlife
