// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// certlifectl import: certificates (and their private keys) from a PEM, DER, PKCS#7 or
// PKCS#12 file into a writable directory store or NSS database; event 1006, action import.

#include "CertificateActionSupport.h"
#include "CliCommand.h"
#include "PasswordInput.h"
#include "StoreCliSupport.h"

#include <unistd.h>

namespace certlife::cli {

namespace {

const QString kUsage = QStringLiteral("certlifectl import FILE --store ID [--scope system|user] "
                                      "[--password-file FILE | --password-env NAME] [--nickname NAME] [--trust FLAGS] "
                                      "[--yes]");

int runImport(const QStringList& args, CliIo& io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Import the certificates of FILE (PEM, DER, PKCS#7 or PKCS#12, recognised by content) into a writable\n"
        "directory store. Each certificate becomes NAME-THUMB8.pem (0644); its private key, when FILE holds it,\n"
        "NAME-THUMB8.key (0600, unencrypted PKCS#8), both owned by the store directory's owner. Nothing is\n"
        "overwritten: a certificate the store already holds is refused, and on any error every file written so\n"
        "far is removed. Each certificate is recorded as event 1006 (New, action import) in the event log of\n"
        "the store's scope; the agent does not log it again.\n\n"
        "Into an NSS database (a store added with --nss) the certificates go through NSS itself: the one\n"
        "FILE holds alone or with its private key under --nickname (default: its name), the rest of a chain\n"
        "under their own names, each with --trust (certutil -t's SSL,S/MIME,JAR/XPI, for example C,, for a\n"
        "CA; default none). The key is stored in key4.db; a database with a password needs the store's\n"
        "password file. A program writing to the database at that moment (a browser) makes it fail, saying\n"
        "which; nothing is changed then.\n\n"
        "A password (PKCS#12, encrypted key) is never taken on the command line: it comes from\n"
        "--password-file, --password-env, or a prompt when the file needs one and a terminal is there.\n\n"
        "Examples:\n"
        "  certlifectl import site.pem --store My\n"
        "  certlifectl import site.p12 --store My --password-file /run/secrets/p12pass\n"
        "  P12PASS=... certlifectl import site.pfx --store web --scope system --password-env P12PASS\n"
        "  certlifectl import corp-root.pem --store browser --nickname 'Corp Root' --trust C,,"));
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("The file to import."));
    const CertificateSelectionOptions selection;
    parser.addOption(selection.store);
    parser.addOption(selection.scope);
    const QCommandLineOption nickname(QStringLiteral("nickname"),
                                      QStringLiteral("NSS stores: the certificate's nickname (default: its name)."),
                                      QStringLiteral("NAME"));
    const QCommandLineOption trust(QStringLiteral("trust"),
                                   QStringLiteral("NSS stores: trust flags as certutil -t takes them (C,, P,, …)."),
                                   QStringLiteral("FLAGS"));
    parser.addOptions({nickname, trust});
    const PasswordOptions passwordOptions;
    passwordOptions.addTo(parser);
    int code = ExitOk;
    if (!parseCommandLine(parser, args, io, &code, kUsage))
        return code;
    const QStringList positional = rawPathArguments(parser.positionalArguments());
    if (positional.size() != 1)
        return fail(io, ExitUsage, QStringLiteral("import takes exactly one FILE\nusage: ") + kUsage);
    if (!parser.isSet(selection.store))
        return fail(io, ExitUsage,
                    QStringLiteral("--store ID is required (`certlifectl store list` shows the "
                                   "stores)\nusage: ")
                        + kUsage);
    if (parser.isSet(passwordOptions.file) && parser.isSet(passwordOptions.env))
        return fail(io, ExitUsage, QStringLiteral("give either --password-file or --password-env, not both"));

    CertificateActionSession session(io);
    std::optional<Scope> scope;
    if (!session.start(&code) || !parseScopeOption(parser, selection.scope, &scope, io, &code))
        return code;
    const std::optional<StoreConfig> store = session.store(parser.value(selection.store), scope, &code);
    if (!store)
        return code;

    ImportRequest request;
    request.sourcePath = positional.first();
    request.nssNickname = parser.value(nickname);
    request.nssTrust = parser.value(trust);
    if (parser.isSet(nickname) && request.nssNickname.isEmpty())
        return fail(io, ExitUsage, QStringLiteral("--nickname needs a name"));
    if (parser.isSet(passwordOptions.file) || parser.isSet(passwordOptions.env)) {
        PasswordResult password = readPassword(parser, passwordOptions, {}, false, true);
        if (!password.error.isEmpty())
            return fail(io, ExitFailure, password.error);
        request.password = password.password;
        request.hasPassword = true;
    }
    const SecureBytes wipePassword(request.password);
    if (!session.openEventLogs({store->scope}, &code))
        return code;

    if (!session.lockSnapshots({store->scope}, &code))
        return code;
    const StoreScan content = session.scan(*store);
    ActionResult result = CertificateActions::importFile(request, *store, content, session.context());
    if (!result.ok() && result.needsPassword && !request.hasPassword && passwordOptions.mayPrompt(parser)) {
        session.unlockSnapshots(); // nothing was written; the agent must not wait for a person
        const PasswordResult password =
            readPassword(parser, passwordOptions,
                         QStringLiteral("Password for %1: ").arg(escapedFileName(request.sourcePath)), false, true);
        if (!password.error.isEmpty())
            return fail(io, ExitFailure, password.error);
        const SecureBytes wipePrompted(password.password);
        ImportRequest again = request;
        again.password = password.password;
        again.hasPassword = true;
        if (!session.lockSnapshots({store->scope}, &code))
            return code;
        result = CertificateActions::importFile(again, *store, content, session.context());
    }
    if (!result.ok()) {
        QString message = QStringLiteral("nothing was imported: ") + result.error;
        if (result.needsPassword && !request.hasPassword && !passwordOptions.mayPrompt(parser))
            message += QStringLiteral(" (give it with --password-file FILE or --password-env NAME)");
        return fail(io, ExitFailure, message);
    }
    QString report;
    for (const LifecycleEvent& e : std::as_const(result.events))
        report +=
            QStringLiteral("Imported %1 (%2) into store %3.\n")
                .arg(escapeControlCharacters(e.certificate.subject), e.certificate.thumbprint, storeLabel(*store));
    if (!session.record(result, report + describeFiles(result))) {
        undoWrittenFiles(result);
        return fail(io, ExitFailure, QStringLiteral("nothing was imported: the files written were removed again"));
    }
    session.acknowledge({*store});
    return ExitOk;
}

const CommandRegistration reg{{QStringLiteral("import"),
                               QStringLiteral("Import certificates (and private keys) from a file into a store."),
                               &runImport}};

} // namespace

} // namespace certlife::cli
