// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// certlifectl delete: removes a certificate from a store (every location, or one with
// --path): files holding it alone removed, PEM bundles rewritten without it, its private
// key file too when nothing left uses it; event 1004, action delete, when it leaves the
// store. Asks first on a terminal; scripts say --yes.

#include "CertificateActionSupport.h"
#include "CliCommand.h"
#include "StoreCliSupport.h"

#include "stores/CertificateLocations.h"

#include <QFileInfo>

namespace certlife::cli {

namespace {

const QString kUsage =
    QStringLiteral("certlifectl delete --thumbprint HASH [--store ID] [--scope system|user] [--all-locations | "
                   "--path PATH] [--yes]");

// What the confirmation shows: which certificate, and every file that will go.
QString confirmationText(const FoundCertificate& found, const RemovalPlan& plan)
{
    const StoredCertificate& sc = found.certificate;
    // Subjects and file names are hostile input: control characters could redraw the
    // terminal and hide what is about to go.
    QString text = plan.removesCertificate()
        ? QStringLiteral("Delete this certificate from store %1?\n").arg(storeLabel(found.store))
        : QStringLiteral("Delete this certificate from one location of store %1?\n").arg(storeLabel(found.store));
    text += QStringLiteral("  subject:    %1\n").arg(escapeControlCharacters(sc.certificate.subject));
    text += QStringLiteral("  thumbprint: %1\n").arg(sc.certificate.thumbprint());
    text += QStringLiteral("  not after:  %1\n").arg(sc.certificate.notAfter().toString(Qt::ISODate));
    text += QStringLiteral("  files to remove:\n");
    for (const QString& path : plan.files)
        text += QStringLiteral("    %1%2\n")
                    .arg(escapedFileName(path),
                         QFileInfo(path).isSymLink() ? QStringLiteral(" (a link; its target stays)") : QString());
    if (!plan.rewritten.isEmpty())
        text += QStringLiteral("  bundles to rewrite without it (their other certificates stay):\n");
    for (const QString& path : plan.rewritten)
        text += QStringLiteral("    %1\n").arg(escapedFileName(path));
    for (const QString& key : plan.keptKeys)
        text += QStringLiteral("  kept: %1 (its private key, still used in the store)\n").arg(escapedFileName(key));
    for (const QString& path : plan.remaining)
        text += QStringLiteral("  still holds it: %1\n").arg(escapedFileName(path));
    return text + QStringLiteral("Delete?");
}

QStringList distinctPaths(const QList<CertificateLocation>& locations)
{
    QStringList paths;
    for (const CertificateLocation& location : locations)
        if (!paths.contains(location.path))
            paths << location.path;
    return paths;
}

// The location --path names: as listed, or the same file named another way (relative
// to the working directory); else the path as given (planRemoval says it is not one).
QString matchingLocation(const QList<CertificateLocation>& locations, const QString& given)
{
    const QString absolute = QFileInfo(given).absoluteFilePath();
    for (const CertificateLocation& location : locations)
        if (location.path == given || QFileInfo(location.path).absoluteFilePath() == absolute)
            return location.path;
    return given;
}

int runDelete(const QStringList& args, CliIo& io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Delete a certificate from a writable directory store. A store may hold it at several paths\n"
        "(certbot: live/cert.pem, live/fullchain.pem, archive/cert2.pem, archive/fullchain2.pem): then\n"
        "say --all-locations (it leaves the store) or --path PATH (that one file; it stays at the others).\n"
        "A file holding only this certificate is removed (a link as the link); a PEM bundle holding\n"
        "others is rewritten without it, atomically, keeping everything else; its private key file goes\n"
        "too when nothing left in the store uses it. Leaving the store is recorded as event 1004\n"
        "(Deleted, action delete) in the event log of the store's scope; removing one location of\n"
        "several is no event (the store still holds it). The agent does not log it again.\n\n"
        "On a terminal it shows the subject, the thumbprint and the files to remove, and asks. Without a\n"
        "terminal (scripts, cron) it refuses unless --yes is given.\n\n"
        "Examples:\n"
        "  certlifectl delete --thumbprint 3F2A...C9\n"
        "  certlifectl delete --thumbprint 3F2A...C9 --store web --scope system --yes\n"
        "  certlifectl delete --thumbprint 3F2A...C9 --store letsencrypt --all-locations\n"
        "  certlifectl delete --thumbprint 3F2A...C9 --path /etc/letsencrypt/archive/example.org/cert1.pem"));
    const CertificateSelectionOptions selection;
    const QCommandLineOption yes({QStringLiteral("y"), QStringLiteral("yes")},
                                 QStringLiteral("Do not ask: delete (for scripts)."));
    const QCommandLineOption allLocations(QStringLiteral("all-locations"),
                                          QStringLiteral("Remove it from every path of the store that holds it."));
    const QCommandLineOption onePath(QStringLiteral("path"),
                                     QStringLiteral("Remove it from this file of the store only (a path that "
                                                    "`certlifectl scan` lists for it)."),
                                     QStringLiteral("PATH"));
    parser.addOptions({selection.thumbprint, selection.store, selection.scope, allLocations, onePath, yes});
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
    if (parser.isSet(allLocations) && parser.isSet(onePath))
        return fail(io, ExitUsage, QStringLiteral("--all-locations and --path exclude each other\nusage: ") + kUsage);
    RemovalScope scope = RemovalScope::everywhere();
    const QList<CertificateLocation> locations = locationsIn(found->content, found->certificate.certificate.sha256);
    if (parser.isSet(onePath)) {
        scope = RemovalScope::at(matchingLocation(locations, parser.value(onePath)));
    } else if (!parser.isSet(allLocations) && distinctPaths(locations).size() > 1) {
        QString text = QStringLiteral("store %1 holds %2 at %3 paths; say --all-locations or --path PATH:")
                           .arg(storeLabel(found->store), found->certificate.certificate.thumbprint())
                           .arg(distinctPaths(locations).size());
        for (const QString& path : distinctPaths(locations))
            text += QStringLiteral("\n  ") + escapedFileName(path);
        return fail(io, ExitUsage, text);
    }
    const RemovalPlan plan = CertificateActions::planRemoval(found->certificate, found->store, found->content, scope);
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
    ActionResult result = CertificateActions::deleteCertificate(found->certificate, found->store, found->content, scope,
                                                                session.context());
    if (!result.ok()) {
        const bool changedNothing =
            result.removedFiles.isEmpty() && result.rewrittenFiles.isEmpty() && result.removedEntries.isEmpty();
        return fail(io, ExitFailure,
                    (changedNothing ? QStringLiteral("nothing was deleted: ") : QString()) + result.error);
    }
    const Certificate& cert = found->certificate.certificate;
    for (const QString& path : plan.files)
        if (!result.removedFiles.contains(path) && !result.removedEntries.contains(path))
            io.err << "certlifectl: warning: " << escapedFileName(path) << " could not be removed; remove it by hand\n";
    QString report = (plan.removesCertificate() ? QStringLiteral("Deleted %1 (%2) from store %3.\n")
                                                : QStringLiteral("Deleted %1 (%2) from one location of store %3.\n"))
                         .arg(escapeControlCharacters(cert.displayName()), cert.thumbprint(), storeLabel(found->store))
        + describeFiles(result);
    for (const QString& path : plan.remaining)
        report += QStringLiteral("  still holds it: %1\n").arg(escapedFileName(path));
    if (!plan.removesCertificate())
        report += QStringLiteral("No event: the store still holds the certificate.\n");
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
