// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// certlifectl copy / move: a certificate (and its private key) from one store into a
// writable directory store; 1006 MoveOrCopy in the target, and for a move 1004
// MoveOrCopy in the source.

#include "CertificateActionSupport.h"
#include "CliCommand.h"
#include "StoreCliSupport.h"

namespace certlife::cli {

namespace {

QString usageFor(bool move)
{
    return QStringLiteral("certlifectl %1 --thumbprint HASH --from ID --to ID [--scope system|user]")
        .arg(move ? QStringLiteral("move") : QStringLiteral("copy"));
}

QString descriptionFor(bool move)
{
    const QString what = move
        ? QStringLiteral("Move a certificate from store --from into the writable directory store --to: its file\n"
                         "(and its private key, in a 0600 file) is written into --to, then removed from --from\n"
                         "(the key file too when no other certificate there uses it). Recorded as 1004 (Deleted,\n"
                         "action MoveOrCopy) in the source's event log and 1006 (New, action MoveOrCopy) in the\n"
                         "target's. A certificate in a bundle with others is refused: bundles are not rewritten.\n")
        : QStringLiteral("Copy a certificate from store --from into the writable directory store --to: its file\n"
                         "(and its private key, in a 0600 file) is written into --to; --from is not changed.\n"
                         "Recorded as 1006 (New, action MoveOrCopy) in the event log of the target's scope.\n");
    const QString verb = move ? QStringLiteral("move") : QStringLiteral("copy");
    return what
        + QStringLiteral("On any error nothing is changed. The agent does not log the change again.\n\n"
                         "Examples:\n"
                         "  certlifectl %1 --thumbprint 3F2A...C9 --from My --to web\n"
                         "  certlifectl %1 --thumbprint 3F2A...C9 --from staging --to web --scope system")
              .arg(verb);
}

int runCopyOrMove(const QStringList& args, CliIo& io, bool move)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(descriptionFor(move));
    const CertificateSelectionOptions selection;
    const QCommandLineOption from(QStringLiteral("from"), QStringLiteral("Store id the certificate is in."),
                                  QStringLiteral("ID"));
    const QCommandLineOption to(QStringLiteral("to"),
                                QStringLiteral("Store id to put it in (a writable directory store)."),
                                QStringLiteral("ID"));
    const QCommandLineOption scopeOpt(QStringLiteral("scope"),
                                      QStringLiteral("system or user: the scope of both stores. Default: the scope "
                                                     "that has each id."),
                                      QStringLiteral("system|user"));
    parser.addOptions({selection.thumbprint, from, to, scopeOpt});
    int code = ExitOk;
    const QString usage = usageFor(move);
    if (!parseCommandLine(parser, args, io, &code, usage))
        return code;
    const QString hash = thumbprintArgument(parser, selection.thumbprint, usage, io, &code);
    if (hash.isEmpty())
        return code;
    if (parser.value(from).isEmpty() || parser.value(to).isEmpty())
        return fail(io, ExitUsage, QStringLiteral("--from ID and --to ID are required\nusage: ") + usage);

    CertificateActionSession session(io);
    std::optional<Scope> scope;
    if (!session.start(&code) || !parseScopeOption(parser, scopeOpt, &scope, io, &code))
        return code;
    const std::optional<StoreConfig> target = session.store(parser.value(to), scope, &code);
    if (!target)
        return code;
    const std::optional<FoundCertificate> found = session.locate(hash, parser.value(from), scope, &code);
    if (!found)
        return code;
    QList<Scope> channels{target->scope};
    if (move)
        channels << found->store.scope;
    if (!session.openEventLogs(channels, &code) || !session.lockSnapshots(channels, &code))
        return code;

    const StoreScan targetContent = session.scan(*target);
    ActionResult result = CertificateActions::copyCertificate(found->certificate, found->store, found->content, *target,
                                                              targetContent, move, session.context());
    const QString verb = move ? QStringLiteral("moved") : QStringLiteral("copied");
    if (!result.ok())
        return fail(io, ExitFailure, QStringLiteral("nothing was %1: %2").arg(verb, result.error));
    const Certificate& cert = found->certificate.certificate;
    const QString report =
        QStringLiteral("%1 %2 (%3) from store %4 to store %5.\n")
            .arg(move ? QStringLiteral("Moved") : QStringLiteral("Copied"), escapeControlCharacters(cert.displayName()),
                 cert.thumbprint(), storeLabel(found->store), storeLabel(*target))
        + describeFiles(result);
    if (!session.record(result, report)) {
        if (!move) {
            undoWrittenFiles(result);
            return fail(io, ExitFailure, QStringLiteral("nothing was copied: the files written were removed again"));
        }
        // The source files are gone; the copy in the target is all that is left of them.
        io.out << report;
        return fail(io, ExitFailure,
                    QStringLiteral("the certificate was moved but the move is not recorded: the "
                                   "agent will log it when it next scans"));
    }
    QList<StoreConfig> touched{*target};
    if (move)
        touched << found->store;
    session.acknowledge(touched);
    return ExitOk;
}

int runCopy(const QStringList& args, CliIo& io)
{
    return runCopyOrMove(args, io, false);
}

int runMove(const QStringList& args, CliIo& io)
{
    return runCopyOrMove(args, io, true);
}

const CommandRegistration copyRegistration{
    {QStringLiteral("copy"), QStringLiteral("Copy a certificate (and its private key) into another store."), &runCopy}};
const CommandRegistration moveRegistration{
    {QStringLiteral("move"), QStringLiteral("Move a certificate (and its private key) to another store."), &runMove}};

} // namespace

} // namespace certlife::cli
