// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// certlifectl delete: removes a certificate's file from a store, and its private key
// file when no other certificate of the store uses it; event 1004, action delete.
// Asks first on a terminal; scripts say --yes.

#include "CertificateActionSupport.h"
#include "CliCommand.h"
#include "StoreCliSupport.h"

#include <QFileInfo>

namespace certlife::cli {

namespace {

const QString kUsage =
    QStringLiteral("certlifectl delete --thumbprint HASH [--store ID] [--scope system|user] [--yes]");

// What the confirmation shows: which certificate, and every file that will go.
QString confirmationText(const FoundCertificate& found, const RemovalPlan& plan)
{
    const StoredCertificate& sc = found.certificate;
    // Subjects and file names are hostile input: control characters could redraw the
    // terminal and hide what is about to go.
    QString text = QStringLiteral("Delete this certificate from store %1?\n").arg(storeLabel(found.store));
    text += QStringLiteral("  subject:    %1\n").arg(escapeControlCharacters(sc.certificate.subject));
    text += QStringLiteral("  thumbprint: %1\n").arg(sc.certificate.thumbprint());
    text += QStringLiteral("  not after:  %1\n").arg(sc.certificate.notAfter().toString(Qt::ISODate));
    text += QStringLiteral("  files to remove:\n");
    for (const QString& path : plan.files)
        text += QStringLiteral("    %1%2\n")
                    .arg(escapedFileName(path),
                         QFileInfo(path).isSymLink() ? QStringLiteral(" (a link; its target stays)") : QString());
    if (!sc.keyPath.isEmpty() && !plan.files.contains(sc.keyPath))
        text += QStringLiteral("  kept: %1 (its private key, used by another certificate of the store)\n")
                    .arg(escapedFileName(sc.keyPath));
    return text + QStringLiteral("Delete?");
}

int runDelete(const QStringList& args, CliIo& io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Delete a certificate from a writable directory store: its file is removed, and its private key\n"
        "file too when no other certificate of the store uses that key. Recorded as event 1004 (Deleted,\n"
        "action delete) in the event log of the store's scope; the agent does not log it again.\n"
        "A file holding several certificates (a bundle) is refused: bundles are not rewritten.\n\n"
        "On a terminal it shows the subject, the thumbprint and the files to remove, and asks. Without a\n"
        "terminal (scripts, cron) it refuses unless --yes is given.\n\n"
        "Examples:\n"
        "  certlifectl delete --thumbprint 3F2A...C9\n"
        "  certlifectl delete --thumbprint 3F2A...C9 --store web --scope system --yes"));
    const CertificateSelectionOptions selection;
    const QCommandLineOption yes({QStringLiteral("y"), QStringLiteral("yes")},
                                 QStringLiteral("Do not ask: delete (for scripts)."));
    parser.addOptions({selection.thumbprint, selection.store, selection.scope, yes});
    int code = ExitOk;
    if (!parseCommandLine(parser, args, io, &code, kUsage))
        return code;
    const QString hash = thumbprintArgument(parser, selection.thumbprint, kUsage, io, &code);
    if (hash.isEmpty())
        return code;

    CertificateActionSession session(io);
    const std::optional<FoundCertificate> found = session.startAndLocate(parser, selection, hash, &code);
    if (!found)
        return code;
    const RemovalPlan plan = CertificateActions::planRemoval(found->certificate, found->store, found->content);
    if (!plan.ok())
        return fail(io, ExitFailure, QStringLiteral("nothing was deleted: ") + plan.error);
    if (!session.openEventLogs({found->store.scope}, &code)) // before asking: a refusal then is final
        return code;
    if (!parser.isSet(yes)) {
        bool asked = false;
        const bool confirmed = confirmOnTerminal(confirmationText(*found, plan), &asked);
        if (!asked)
            return fail(io, ExitFailure,
                        QStringLiteral("nothing was deleted: no terminal to confirm on; add --yes to "
                                       "delete %1 from store %2 without asking")
                            .arg(hash, storeLabel(found->store)));
        if (!confirmed) {
            io.out << "Nothing was deleted.\n";
            return ExitFailure;
        }
    }

    if (!session.lockSnapshots({found->store.scope}, &code))
        return code;
    ActionResult result =
        CertificateActions::deleteCertificate(found->certificate, found->store, found->content, session.context());
    if (!result.ok())
        return fail(io, ExitFailure, QStringLiteral("nothing was deleted: ") + result.error);
    const Certificate& cert = found->certificate.certificate;
    for (const QString& path : plan.files)
        if (!result.removedFiles.contains(path))
            io.err << "certlifectl: warning: " << escapedFileName(path) << " could not be removed; remove it by hand\n";
    const QString report =
        QStringLiteral("Deleted %1 (%2) from store %3.\n")
            .arg(escapeControlCharacters(cert.displayName()), cert.thumbprint(), storeLabel(found->store))
        + describeFiles(result);
    if (!session.record(result, report)) {
        io.out << report;
        return fail(io, ExitFailure,
                    QStringLiteral("the deletion is not recorded: the agent will log it when it "
                                   "next scans"));
    }
    session.acknowledge({found->store});
    return ExitOk;
}

const CommandRegistration reg{{QStringLiteral("delete"),
                               QStringLiteral("Delete a certificate (and its unused private key) from a store."),
                               &runDelete}};

} // namespace

} // namespace certlife::cli
