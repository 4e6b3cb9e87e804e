// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// certlifectl export: a certificate alone (PEM or DER; no event) or with its private
// key as PKCS#12 (event 1007, action export).

#include "CertificateActionSupport.h"
#include "CliCommand.h"
#include "PasswordInput.h"
#include "StoreCliSupport.h"

namespace certlife::cli {

namespace {

const QString kUsage = QStringLiteral("certlifectl export --thumbprint HASH [--store ID] [--scope system|user] "
                                      "[--format pem|der|pkcs12] --out FILE [--legacy] [--force] "
                                      "[--password-file FILE | --password-env NAME] [--yes]");

bool parseFormat(const QString& text, ExportFormat* format)
{
    const QString t = text.toLower();
    if (t == QLatin1String("pem"))
        *format = ExportFormat::Pem;
    else if (t == QLatin1String("der"))
        *format = ExportFormat::Der;
    else if (t == QLatin1String("pkcs12") || t == QLatin1String("p12") || t == QLatin1String("pfx"))
        *format = ExportFormat::Pkcs12;
    else
        return false;
    return true;
}

int runExport(const QStringList& args, CliIo& io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Export a certificate of a store to FILE: alone as PEM or DER (0644; not an event, as on Windows), or\n"
        "with its private key as PKCS#12 (0600; recorded as event 1007, Exported, action export, in the event\n"
        "log of the store's scope). PKCS#12 uses AES-256-CBC with PBKDF2 and a SHA-256 MAC; --legacy writes\n"
        "3DES/RC2 with a SHA-1 MAC for consumers that cannot read the modern kind (old Java, Windows Server\n"
        "2016 and earlier). An existing FILE is left alone unless --force is given.\n\n"
        "The PKCS#12 password is never taken on the command line: it comes from --password-file,\n"
        "--password-env, or is asked twice on the terminal.\n\n"
        "Examples:\n"
        "  certlifectl export --thumbprint 3F2A...C9 --out site.pem\n"
        "  certlifectl export --thumbprint 3F2A...C9 --store My --format der --out site.cer\n"
        "  certlifectl export --thumbprint 3F2A...C9 --format pkcs12 --out site.p12\n"
        "  certlifectl export --thumbprint 3F2A...C9 --format pkcs12 --legacy --out old.pfx "
        "--password-file pass.txt"));
    const CertificateSelectionOptions selection;
    const QCommandLineOption format(QStringLiteral("format"), QStringLiteral("pem (default), der or pkcs12."),
                                    QStringLiteral("pem|der|pkcs12"), QStringLiteral("pem"));
    const QCommandLineOption out(QStringLiteral("out"), QStringLiteral("The file to write."), QStringLiteral("FILE"));
    const QCommandLineOption legacy(QStringLiteral("legacy"),
                                    QStringLiteral("PKCS#12 only: 3DES/RC2 and a SHA-1 MAC for old consumers."));
    const QCommandLineOption force(QStringLiteral("force"), QStringLiteral("Replace FILE when it exists."));
    parser.addOptions({selection.thumbprint, selection.store, selection.scope, format, out, legacy, force});
    const PasswordOptions passwordOptions;
    passwordOptions.addTo(parser);
    int code = ExitOk;
    if (!parseCommandLine(parser, args, io, &code, kUsage))
        return code;
    const QString hash = thumbprintArgument(parser, selection.thumbprint, kUsage, io, &code);
    if (hash.isEmpty())
        return code;
    ExportRequest request;
    if (!parseFormat(parser.value(format), &request.format))
        return fail(io, ExitUsage,
                    QStringLiteral("--format \"%1\" is not pem, der or pkcs12").arg(parser.value(format)));
    if (!parser.isSet(out) || parser.value(out).isEmpty())
        return fail(io, ExitUsage, QStringLiteral("--out FILE is required\nusage: ") + kUsage);
    const bool pkcs12 = request.format == ExportFormat::Pkcs12;
    if (!pkcs12 && (parser.isSet(legacy) || parser.isSet(passwordOptions.file) || parser.isSet(passwordOptions.env)))
        return fail(io, ExitUsage, QStringLiteral("--legacy and the password options apply to --format pkcs12 only"));
    if (parser.isSet(passwordOptions.file) && parser.isSet(passwordOptions.env))
        return fail(io, ExitUsage, QStringLiteral("give either --password-file or --password-env, not both"));
    request.outputPath = rawPathArguments({parser.value(out)}).first();
    request.overwrite = parser.isSet(force);
    request.pkcs12Kind = parser.isSet(legacy) ? Pkcs12Kind::Legacy : Pkcs12Kind::Modern;

    CertificateActionSession session(io);
    const std::optional<FoundCertificate> found = session.startAndLocate(parser, selection, hash, &code);
    if (!found)
        return code;
    const Certificate& cert = found->certificate.certificate;
    if (pkcs12) {
        // Checked before asking for a password that could not be used.
        if (found->certificate.keyPath.isEmpty())
            return fail(
                io, ExitFailure,
                QStringLiteral("nothing was exported: store %1 holds no private key for %2 "
                               "(%3), so it cannot be exported as PKCS#12")
                    .arg(storeLabel(found->store), escapeControlCharacters(cert.displayName()), cert.thumbprint()));
        const PasswordResult password =
            readPassword(parser, passwordOptions,
                         QStringLiteral("Password for %1: ").arg(escapedFileName(request.outputPath)), true, true);
        if (!password.error.isEmpty())
            return fail(io, ExitFailure, QStringLiteral("nothing was exported: ") + password.error);
        if (password.password.isEmpty())
            return fail(io, ExitFailure, QStringLiteral("nothing was exported: the PKCS#12 password is empty"));
        request.password = password.password;
        if (!session.openEventLogs({found->store.scope}, &code))
            return code;
    }
    const SecureBytes wipePassword(request.password);

    ActionResult result =
        CertificateActions::exportCertificate(found->certificate, found->store, request, session.context());
    if (!result.ok())
        return fail(io, ExitFailure, QStringLiteral("nothing was exported: ") + result.error);
    const QString report =
        QStringLiteral("Exported %1 (%2) from store %3%4 to %5.\n")
            .arg(escapeControlCharacters(cert.displayName()), cert.thumbprint(), storeLabel(found->store),
                 pkcs12 ? QStringLiteral(" with its private key") : QString(), escapedFileName(request.outputPath));
    if (!session.record(result, report)) {
        undoWrittenFiles(result); // a key export nobody can audit must not stay behind
        return fail(
            io, ExitFailure,
            QStringLiteral("nothing was exported: %1 was removed again").arg(escapedFileName(request.outputPath)));
    }
    return ExitOk;
}

const CommandRegistration reg{{QStringLiteral("export"),
                               QStringLiteral("Export a certificate (PEM, DER, or PKCS#12 with its private key)."),
                               &runExport}};

} // namespace

} // namespace certlife::cli
