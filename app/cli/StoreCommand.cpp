// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "CliCommand.h"
#include "StoreCliSupport.h"

#include "stores/EndpointStore.h"
#include "stores/FileNames.h"
#include "stores/NssSuggestions.h"
#include "stores/Pkcs11Uri.h"
#include "stores/ScanCache.h"
#include "stores/Scanner.h"
#include "util/Paths.h"
#include "util/ShellQuote.h"
#include "util/TerminalText.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>

namespace certlife::cli {

namespace {

const QString kStoreUsage = QStringLiteral(
    "certlifectl store list [--json] [--scope system|user]\n"
    "       certlifectl store add --id ID --path PATH [--name TEXT] [--recursive] [--read-only]\n"
    "                             [--scope system|user] [--pkcs12-password-file FILE] [--max-file-size SIZE]\n"
    "       certlifectl store add --id ID --keystore FILE [--keystore-password-file FILE] [--name TEXT]\n"
    "       certlifectl store add --id ID --pkcs11 [--module PATH] [--token LABEL] [--pin-file FILE] [--name TEXT]\n"
    "       certlifectl store add --id ID --nss DIR [--nss-password-file FILE] [--name TEXT]\n"
    "       certlifectl store add --id ID --endpoint HOST:PORT [--endpoint HOST:PORT ...] [--sni NAME]\n"
    "                             [--starttls PROTOCOL] [--name TEXT] [--scope system|user]\n"
    "       certlifectl store remove ID [--scope system|user]\n"
    "       certlifectl store suggest [--json]");

QString scopeWord(Scope s)
{
    return s == Scope::System ? QStringLiteral("system") : QStringLiteral("user");
}

QString originWord(StoreCatalog::Origin o)
{
    switch (o) {
    case StoreCatalog::Origin::BuiltIn: return QStringLiteral("built-in");
    case StoreCatalog::Origin::Runtime: return QStringLiteral("policy");
    case StoreCatalog::Origin::Configured: break;
    }
    return QStringLiteral("configured");
}

const QCommandLineOption& scopeOption(bool forWriting)
{
    static const QCommandLineOption write(
        QStringLiteral("scope"),
        QStringLiteral("system (stores of the machine, in %1; changing them needs root) or user (yours, in %2). "
                       "Default: system for root, user for everyone else.")
            .arg(Paths::storesFile(Scope::System), Paths::storesFile(Scope::User)),
        QStringLiteral("system|user"));
    static const QCommandLineOption read(QStringLiteral("scope"),
                                         QStringLiteral("Only the stores of this scope. Default: both."),
                                         QStringLiteral("system|user"));
    return forWriting ? write : read;
}

// TLS endpoints and PKCS#11 tokens: their path names no file.
bool isNotFile(const StoreConfig& c)
{
    return c.kind == StoreKind::TlsEndpoint || c.kind == StoreKind::Pkcs11;
}

int runList(const QStringList& args, CliIo& io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("List the certificate stores Certlife watches: the built-in ones (My, ssl-certs), those added\n"
                       "with 'certlifectl store add', and those the policy adds (AdditionalStores is not read here).\n"
                       "FLAGS: ro = read-only, rec = recursive.\n\n"
                       "Example:\n  certlifectl store list --json | jq -r .id"));
    const QCommandLineOption json(
        QStringLiteral("json"),
        QStringLiteral("One JSON object per line: id, name, scope, kind, path, readOnly, recursive, origin, "
                       "pkcs12PasswordFile, maxFileSize, exists."));
    parser.addOptions({json, scopeOption(false)});
    int code = ExitOk;
    if (!parseCommandLine(parser, args, io, &code,
                          QStringLiteral("certlifectl store list [--json] [--scope system|user]")))
        return code;
    std::optional<Scope> scope;
    if (!parseScopeOption(parser, scopeOption(false), &scope, io, &code))
        return code;

    const StoreCatalog catalog = StoreCatalog::load();
    printCatalogWarnings(catalog, io);
    QList<StoreCatalog::Entry> entries;
    for (const StoreCatalog::Entry& e : catalog.entries())
        if (!scope || e.config.scope == *scope)
            entries.append(e);

    if (parser.isSet(json)) {
        for (const StoreCatalog::Entry& e : std::as_const(entries)) {
            const StoreConfig& c = e.config;
            const QJsonObject o{
                {QStringLiteral("id"), c.id},
                {QStringLiteral("name"), c.displayName.isEmpty() ? c.id : c.displayName},
                {QStringLiteral("scope"), scopeWord(c.scope)},
                {QStringLiteral("kind"), storeKindName(c.kind)},
                {QStringLiteral("path"), escapedFileName(c.path)},
                {QStringLiteral("readOnly"), c.readOnly},
                {QStringLiteral("recursive"), c.recursive},
                {QStringLiteral("origin"), originWord(e.origin)},
                {QStringLiteral("pkcs12PasswordFile"),
                 c.pkcs12PasswordFile.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(c.pkcs12PasswordFile)},
                {QStringLiteral("pinFile"), c.pinFile.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(c.pinFile)},
                {QStringLiteral("maxFileSize"), double(c.maxFileSize)},
                {QStringLiteral("exists"), isNotFile(c) || QFileInfo::exists(c.path)}};
            io.out << QJsonDocument(o).toJson(QJsonDocument::Compact) << '\n';
        }
        return ExitOk;
    }
    // Ids and names from a policy or a hand-edited stores.conf are shown escaped.
    int idWidth = 2;
    for (const StoreCatalog::Entry& e : std::as_const(entries))
        idWidth = qMax(idWidth, int(escapeControlCharacters(e.config.id).size()));
    io.out << QStringLiteral("ID").leftJustified(idWidth) << "  SCOPE   KIND       ORIGIN      FLAGS   PATH\n";
    for (const StoreCatalog::Entry& e : std::as_const(entries)) {
        const StoreConfig& c = e.config;
        QStringList flags;
        if (c.readOnly)
            flags << QStringLiteral("ro");
        if (c.recursive)
            flags << QStringLiteral("rec");
        QString path = escapedFileName(c.path);
        if (!isNotFile(c) && !QFileInfo::exists(c.path))
            path += QStringLiteral(" (missing)");
        io.out << escapeControlCharacters(c.id).leftJustified(idWidth) << "  " << scopeWord(c.scope).leftJustified(6)
               << "  " << storeKindName(c.kind).leftJustified(9) << "  " << originWord(e.origin).leftJustified(10)
               << "  " << (flags.isEmpty() ? QStringLiteral("-") : flags.join(QLatin1Char(','))).leftJustified(6)
               << "  " << path;
        if (!c.displayName.isEmpty() && c.displayName != c.id)
            io.out << "  (" << escapeControlCharacters(c.displayName) << ")";
        io.out << '\n';
    }
    return ExitOk;
}

int runAdd(const QStringList& args, CliIo& io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Add a certificate store: a directory of certificate files, or one file (a bundle). Whether it\n"
        "is a directory or a file store follows from PATH, which must exist. The store is saved in\n"
        "stores.conf of its scope and scanned by 'certlifectl scan --store ID' and the agent.\n"
        "A PKCS#12 password is never written to stores.conf: name a file holding it (first line).\n"
        "--keystore adds a Java keystore (JKS, JCEKS or PKCS#12) instead: read-only, each entry with its\n"
        "alias; with --keystore-password-file its integrity is verified.\n"
        "--pkcs11 adds PKCS#11 tokens (smart cards, HSMs): the certificate objects of every token of\n"
        "p11-kit's configured modules, or of --module's, or only the token labelled --token; read-only.\n"
        "A private key with a certificate's id is looked for after a login with the PIN in --pin-file\n"
        "(first line; the file must be yours and mode 0600); the PIN is never given on the command line.\n"
        "Modules run in a helper process: one that crashes or hangs is the store's error.\n\n"
        "--nss adds an NSS database (the directory of cert9.db and key4.db: a Firefox profile, ~/.pki/nssdb):\n"
        "each certificate with its nickname and trust flags; private keys are looked for with the database\n"
        "password from --nss-password-file when the database has one. Import, delete and export on it go\n"
        "through NSS (add --read-only to keep Certlife out of it). 'certlifectl store suggest' lists your\n"
        "own databases: ~/.pki/nssdb and the Firefox and Thunderbird profiles.\n\n"
        "With --endpoint instead of --path the store holds what TLS services serve: every pass of the\n"
        "agent (and 'scan --store') probes each HOST:PORT at every address it resolves to, and the\n"
        "served chain, at the location \"HOST:PORT [ADDRESS]\", is watched like files are: new,\n"
        "renewed (1001), expiring and expired certificates are logged. --sni names the service when\n"
        "the host does not; --starttls speaks smtp, imap, pop3, ftp, ldap, xmpp or postgres first.\n"
        "docs/endpoints.md has the details.\n\n"
        "Examples:\n"
        "  certlifectl store add --id web --endpoint www.example.org:443 --endpoint [2001:db8::1]:443 --sni "
        "www.example.org\n"
        "  certlifectl store add --id mail --endpoint mail.example.org:25 --starttls smtp\n"
        "  certlifectl store add --id letsencrypt --path /etc/letsencrypt/live --recursive --read-only\n"
        "  certlifectl store add --id pfx --path /srv/pfx --pkcs12-password-file /etc/certlife/pfx.pass\n"
        "  certlifectl store add --id tomcat --keystore /etc/tomcat/keystore.jks --keystore-password-file "
        "/etc/certlife/ks.pass\n"
        "  certlifectl store add --id hsm --pkcs11 --module /usr/lib/softhsm/libsofthsm2.so --token web "
        "--pin-file /etc/certlife/hsm.pin"));
    const QCommandLineOption id(
        QStringLiteral("id"), QStringLiteral("Unique id within the scope: letters, digits, '.', '_', '-' (up to 64)."),
        QStringLiteral("ID"));
    const QCommandLineOption path(QStringLiteral("path"),
                                  QStringLiteral("The directory or file (absolute or relative)."),
                                  QStringLiteral("PATH"));
    const QCommandLineOption name(QStringLiteral("name"), QStringLiteral("Display name. Default: the id."),
                                  QStringLiteral("TEXT"));
    const QCommandLineOption recursive(QStringLiteral("recursive"),
                                       QStringLiteral("Directory stores: read subdirectories too."));
    const QCommandLineOption readOnly(QStringLiteral("read-only"),
                                      QStringLiteral("Certlife never writes into this store (import, delete, renew)."));
    const QCommandLineOption passwordFile(
        QStringLiteral("pkcs12-password-file"),
        QStringLiteral("File whose first line is the password of the store's PKCS#12 files."), QStringLiteral("FILE"));
    const QCommandLineOption maxSize(
        QStringLiteral("max-file-size"),
        QStringLiteral("Larger files are reported, not read (bytes, or with K, M, G). Default: 32M."),
        QStringLiteral("SIZE"));
    const QCommandLineOption keystore(
        QStringLiteral("keystore"), QStringLiteral("A Java keystore file (JKS, JCEKS or PKCS#12), instead of --path."),
        QStringLiteral("FILE"));
    const QCommandLineOption keystorePasswordFile(
        QStringLiteral("keystore-password-file"),
        QStringLiteral("File whose first line is the keystore's password (its integrity is then verified)."),
        QStringLiteral("FILE"));
    const QCommandLineOption nss(QStringLiteral("nss"),
                                 QStringLiteral("An NSS database directory (cert9.db, key4.db), instead of --path."),
                                 QStringLiteral("DIR"));
    const QCommandLineOption nssPasswordFile(
        QStringLiteral("nss-password-file"),
        QStringLiteral("File whose first line is the NSS database's password (to look for private keys)."),
        QStringLiteral("FILE"));
    const QCommandLineOption endpoint(QStringLiteral("endpoint"),
                                      QStringLiteral("A TLS service to watch, instead of --path (repeat for more). "
                                                     "IPv6 addresses in brackets: [2001:db8::1]:443."),
                                      QStringLiteral("HOST:PORT"));
    const QCommandLineOption sni(QStringLiteral("sni"),
                                 QStringLiteral("With --endpoint: the server name sent (SNI) and expected in the "
                                                "certificate. Default: the host."),
                                 QStringLiteral("NAME"));
    const QCommandLineOption startTls(QStringLiteral("starttls"),
                                      QStringLiteral("With --endpoint: speak PROTOCOL's STARTTLS first: %1.")
                                          .arg(startTlsNames().join(QStringLiteral(", "))),
                                      QStringLiteral("PROTOCOL"));
    const QCommandLineOption pkcs11(QStringLiteral("pkcs11"),
                                    QStringLiteral("PKCS#11 tokens, instead of --path: p11-kit's configured modules "
                                                   "unless --module names one."));
    const QCommandLineOption module(QStringLiteral("module"),
                                    QStringLiteral("With --pkcs11: the PKCS#11 module (shared library) to load."),
                                    QStringLiteral("PATH"));
    const QCommandLineOption token(QStringLiteral("token"),
                                   QStringLiteral("With --pkcs11: only the token with this label."),
                                   QStringLiteral("LABEL"));
    const QCommandLineOption pinFile(
        QStringLiteral("pin-file"),
        QStringLiteral("With --pkcs11: file whose first line is the token's user PIN (yours, mode 0600)."),
        QStringLiteral("FILE"));
    parser.addOptions({id, path, name, recursive, readOnly, scopeOption(true), passwordFile, maxSize, keystore,
                       keystorePasswordFile, nss, nssPasswordFile, endpoint, sni, startTls, pkcs11, module, token,
                       pinFile});
    int code = ExitOk;
    if (!parseCommandLine(
            parser, args, io, &code,
            QStringLiteral("certlifectl store add --id ID --path PATH [--name TEXT] [--recursive] [--read-only] "
                           "[--scope system|user] [--pkcs12-password-file FILE] [--max-file-size SIZE]\n"
                           "       certlifectl store add --id ID --keystore FILE [--keystore-password-file FILE]\n"
                           "       certlifectl store add --id ID --nss DIR [--nss-password-file FILE]")))
        return code;
    const bool endpoints = parser.isSet(endpoint);
    const bool tokens = parser.isSet(pkcs11);
    const QCommandLineOption& location = parser.isSet(keystore) ? keystore : parser.isSet(nss) ? nss : path;
    if (!parser.isSet(id)
        || int(parser.isSet(path)) + int(parser.isSet(keystore)) + int(parser.isSet(nss)) + int(endpoints) + int(tokens)
            != 1)
        return fail(
            io, ExitUsage,
            QStringLiteral("store add needs --id and one of --path, --keystore, --nss, --pkcs11 and --endpoint (TLS "
                           "services)\nusage: ")
                + kStoreUsage);
    for (const QCommandLineOption* tokenOnly : {&module, &token, &pinFile}) {
        if (!tokens && parser.isSet(*tokenOnly))
            return fail(io, ExitUsage,
                        QStringLiteral("--%1 applies to --pkcs11 stores only").arg(tokenOnly->names().constLast()));
    }
    for (const QCommandLineOption* fileOnly : {&recursive, &passwordFile, &maxSize}) {
        if (tokens && parser.isSet(*fileOnly))
            return fail(io, ExitUsage,
                        QStringLiteral("--%1 applies to --path stores only").arg(fileOnly->names().constLast()));
    }
    if (parser.isSet(keystorePasswordFile) && (!parser.isSet(keystore) || parser.isSet(passwordFile)))
        return fail(io, ExitUsage, QStringLiteral("--keystore-password-file goes with --keystore"));
    if (parser.isSet(nssPasswordFile) && (!parser.isSet(nss) || parser.isSet(passwordFile)))
        return fail(io, ExitUsage, QStringLiteral("--nss-password-file goes with --nss"));
    if (parser.isSet(nss) && (parser.isSet(recursive) || parser.isSet(maxSize)))
        return fail(io, ExitUsage, QStringLiteral("--recursive and --max-file-size apply to --path stores only"));
    for (const QCommandLineOption* fileOnly : {&recursive, &passwordFile, &maxSize}) {
        if (endpoints && parser.isSet(*fileOnly))
            return fail(io, ExitUsage,
                        QStringLiteral("--%1 applies to --path stores only").arg(fileOnly->names().constLast()));
    }
    for (const QCommandLineOption* endpointOnly : {&sni, &startTls}) {
        if (!endpoints && parser.isSet(*endpointOnly))
            return fail(
                io, ExitUsage,
                QStringLiteral("--%1 applies to --endpoint stores only").arg(endpointOnly->names().constLast()));
    }
    if (!parser.positionalArguments().isEmpty())
        return fail(io, ExitUsage,
                    QStringLiteral("unexpected argument \"%1\"").arg(parser.positionalArguments().first()));
    if (const QString idError = storeIdError(parser.value(id)); !idError.isEmpty())
        return fail(io, ExitUsage, idError);
    std::optional<Scope> scope;
    if (!parseScopeOption(parser, scopeOption(true), &scope, io, &code))
        return code;

    StoreConfig config;
    config.id = parser.value(id);
    config.displayName = parser.value(name);
    config.scope = scope.value_or(defaultStoreScope());
    if (endpoints) {
        config.kind = StoreKind::TlsEndpoint;
        config.path = parser.values(endpoint).join(QLatin1Char(' '));
        config.sni = parser.value(sni).trimmed().toLower();
        config.startTls = parser.value(startTls).trimmed().toLower();
        if (const QString error = endpointStoreError(config); !error.isEmpty())
            return fail(io, ExitUsage, error);
    } else if (tokens) {
        config.kind = StoreKind::Pkcs11;
        Pkcs11Target target;
        if (parser.isSet(module))
            target.modulePath = QDir::current().absoluteFilePath(parser.value(module));
        target.token = parser.value(token);
        config.path = pkcs11StoreUri(target);
        if (parser.isSet(pinFile))
            config.pinFile = QDir::current().absoluteFilePath(parser.value(pinFile));
    } else {
        config.path = QDir::current().absoluteFilePath(rawPathArguments({parser.value(location)}).first());
        config.kind = parser.isSet(keystore)  ? StoreKind::KeyStore
            : parser.isSet(nss)               ? StoreKind::Nss
            : QFileInfo(config.path).isFile() ? StoreKind::File
                                              : StoreKind::Directory;
    }
    config.recursive = parser.isSet(recursive);
    // Certlife does not write keystores or tokens.
    config.readOnly = parser.isSet(readOnly) || config.kind == StoreKind::KeyStore || config.kind == StoreKind::Pkcs11;
    const QCommandLineOption& password = parser.isSet(keystorePasswordFile) ? keystorePasswordFile
        : parser.isSet(nssPasswordFile)                                     ? nssPasswordFile
                                                                            : passwordFile;
    if (parser.isSet(password))
        config.pkcs12PasswordFile = QDir::current().absoluteFilePath(parser.value(password));
    if (parser.isSet(maxSize) && !parseByteSize(parser.value(maxSize), &config.maxFileSize))
        return fail(io, ExitUsage,
                    QStringLiteral("--max-file-size \"%1\" is not a size such as 1048576, 512K or 64M")
                        .arg(parser.value(maxSize)));

    StoreCatalog catalog = StoreCatalog::load();
    if (const QString error = catalog.add(config); !error.isEmpty())
        return fail(io, ExitFailure, error);
    io.out << "Added " << scopeWord(config.scope) << " store \"" << config.id << "\" (" << storeKindName(config.kind)
           << ' ' << escapedFileName(isNotFile(config) ? config.path : QDir::cleanPath(config.path)) << ") to "
           << Paths::storesFile(config.scope) << '\n';
    return ExitOk;
}

int runSuggest(const QStringList& args, CliIo& io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("List the NSS databases of your own account that could be added as stores: ~/.pki/nssdb and\n"
                       "each Firefox and Thunderbird profile named in profiles.ini (also the snap and Flatpak ones),\n"
                       "those that hold cert9.db, each with the command that adds it. Nothing is added.\n\n"
                       "Example:\n  certlifectl store suggest --json | jq -r .path"));
    const QCommandLineOption json(QStringLiteral("json"),
                                  QStringLiteral("One JSON object per line: id, name, kind, path, added."));
    parser.addOption(json);
    int code = ExitOk;
    if (!parseCommandLine(parser, args, io, &code, QStringLiteral("certlifectl store suggest [--json]")))
        return code;
    const StoreCatalog catalog = StoreCatalog::load();
    const auto added = [&catalog](const QString& path) {
        for (const StoreCatalog::Entry& e : catalog.entries())
            if (e.config.kind == StoreKind::Nss && QDir::cleanPath(e.config.path) == path)
                return e.config.id;
        return QString();
    };
    const QList<NssDatabaseSuggestion> suggestions = suggestNssDatabases(QDir::homePath());
    for (const NssDatabaseSuggestion& s : suggestions) {
        const QString storeId = added(s.path);
        if (parser.isSet(json)) {
            const QJsonObject o{{QStringLiteral("id"), s.id},
                                {QStringLiteral("name"), s.name},
                                {QStringLiteral("kind"), storeKindName(StoreKind::Nss)},
                                {QStringLiteral("path"), escapedFileName(s.path)},
                                {QStringLiteral("added"), storeId.isEmpty() ? QJsonValue(false) : QJsonValue(storeId)}};
            io.out << QJsonDocument(o).toJson(QJsonDocument::Compact) << '\n';
            continue;
        }
        io.out << escapeControlCharacters(s.name) << "\n  " << escapedFileName(s.path) << '\n';
        if (storeId.isEmpty())
            io.out << "  certlifectl store add --id " << s.id << " --nss " << shellQuoted(escapedFileName(s.path))
                   << '\n';
        else
            io.out << "  already watched as store " << escapeControlCharacters(storeId) << '\n';
    }
    if (suggestions.isEmpty() && !parser.isSet(json))
        io.out << "No NSS database found under " << escapedFileName(QDir::homePath())
               << " (~/.pki/nssdb, Firefox and Thunderbird profiles).\n";
    return ExitOk;
}

int runRemove(const QStringList& args, CliIo& io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Stop watching a store added with 'certlifectl store add'. Its files are not touched; its scan\n"
                       "cache is deleted. Built-in stores cannot be removed, nor stores the policy adds.\n\n"
                       "Example:\n  certlifectl store remove letsencrypt --scope system"));
    parser.addOption(scopeOption(true));
    parser.addPositionalArgument(QStringLiteral("ID"),
                                 QStringLiteral("The store's id (see 'certlifectl store list')."));
    int code = ExitOk;
    if (!parseCommandLine(parser, args, io, &code, QStringLiteral("certlifectl store remove ID [--scope system|user]")))
        return code;
    if (parser.positionalArguments().size() != 1)
        return fail(
            io, ExitUsage,
            QStringLiteral(
                "store remove needs exactly one store ID\nusage: certlifectl store remove ID [--scope system|user]"));
    std::optional<Scope> scope;
    if (!parseScopeOption(parser, scopeOption(true), &scope, io, &code))
        return code;

    StoreCatalog catalog = StoreCatalog::load();
    const auto entry = resolveStore(catalog, parser.positionalArguments().first(), scope, io, &code);
    if (!entry)
        return code;
    if (const QString error = catalog.remove(entry->config.scope, entry->config.id); !error.isEmpty())
        return fail(io, ExitFailure, error);
    QFile::remove(ScanCache::fileFor(Scanner::cacheDirectory(Scanner::processScope()), entry->config));
    io.out << "Removed " << scopeWord(entry->config.scope) << " store \"" << escapeControlCharacters(entry->config.id)
           << "\" from " << Paths::storesFile(entry->config.scope) << '\n';
    return ExitOk;
}

int runStore(const QStringList& args, CliIo& io)
{
    const QString sub = args.value(1);
    QStringList subArgs = args.mid(1);
    if (!subArgs.isEmpty())
        subArgs[0] = QStringLiteral("store ") + subArgs[0];
    if (sub == QLatin1String("list"))
        return runList(subArgs, io);
    if (sub == QLatin1String("add"))
        return runAdd(subArgs, io);
    if (sub == QLatin1String("remove"))
        return runRemove(subArgs, io);
    if (sub == QLatin1String("suggest"))
        return runSuggest(subArgs, io);
    if (sub == QLatin1String("--help") || sub == QLatin1String("-h") || sub == QLatin1String("help")) {
        io.out
            << "Usage: " << kStoreUsage << "\n\n"
            << "Manage the certificate stores Certlife watches.\n\n"
               "Subcommands:\n"
               "  list     Show the stores of both scopes (built-in, configured, from the policy).\n"
               "  add      Watch a directory or a bundle file as a store.\n"
               "  remove   Stop watching a store.\n"
               "  suggest  List your NSS databases (~/.pki/nssdb, Firefox, Thunderbird) to add.\n\n"
               "'certlifectl store SUBCOMMAND --help' explains each one. Stores are kept in\n"
            << "  " << Paths::storesFile(Scope::System) << " (system scope, root only)\n"
            << "  " << Paths::storesFile(Scope::User) << " (user scope)\n"
            << "Example:\n  certlifectl store add --id web --path /etc/nginx/certs && certlifectl scan --store web\n";
        return ExitOk;
    }
    return fail(io, ExitUsage,
                (sub.isEmpty()
                     ? QStringLiteral("store needs a subcommand: list, add, remove or suggest")
                     : QStringLiteral("unknown store subcommand \"%1\": use list, add, remove or suggest").arg(sub))
                    + QStringLiteral("\nusage: ") + kStoreUsage);
}

const CommandRegistration registration{{QStringLiteral("store"),
                                        QStringLiteral("List, add and remove the certificate stores Certlife watches"),
                                        &runStore}};

} // namespace

} // namespace certlife::cli
