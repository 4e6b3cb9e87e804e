// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// certlifectl switch: the counterpart of Switch-Certificate. Records a Replace (1001)
// event with action "replace" and runs the matching Replace tasks, waiting for them.
// With --notify-only nothing in the stores changes: that is how an admin tests a task
// end to end.

#include "CliCommand.h"
#include "TaskCliSupport.h"

#include "eventlog/EventLog.h"
#include "stores/FileNames.h"
#include "stores/PosixFile.h"
#include "stores/StoreTypes.h"
#include "tasks/TaskRunner.h"
#include "tasks/TaskTest.h"
#include "util/Paths.h"
#include "x509/CertificateParser.h"

#include <QDir>
#include <QFileInfo>
#include <unistd.h>

namespace certlife::cli {

namespace {

const QString kUsage =
    QStringLiteral("certlifectl switch (--old HASH | --old-file FILE) (--new HASH | --new-file FILE)\n"
                   "       [--notify-only] [--store ID] [--channel system|user]");

const QString kDescription =
    QStringLiteral("Record that certificate NEW replaced certificate OLD (a Replace event, 1001, action\n"
                   "replace) and run the matching Replace tasks now, waiting for each and printing its\n"
                   "outcome: the counterpart of Switch-Certificate. Without --notify-only OLD is also\n"
                   "archived in its store (no more expiry warnings for it); the files stay where they are.\n"
                   "\n"
                   "Each certificate is named by its thumbprint (SHA-1, 40 hex digits, colons allowed) or by\n"
                   "a file holding it (PEM or DER; the first certificate of the file, which is the leaf in\n"
                   "certbot's cert.pem and fullchain.pem). A file's path is what the tasks get as\n"
                   "{OldCertPath}/{NewCertPath} (CERTLIFE_OLD_CERT_PATH, CERTLIFE_NEW_CERT_PATH; {Path} and\n"
                   "CERTLIFE_CERT_PATH are NEW's); given a thumbprint, the path is where the stores hold it.\n"
                   "NEW must be in a store of the channel, or every task refuses to run for it.\n"
                   "\n"
                   "A certbot deploy hook (packaging/examples/certbot-deploy-hook.sh works out OLD):\n"
                   "  certlifectl switch --old-file \"$OLD\" --new-file \"$RENEWED_LINEAGE/cert.pem\"\n"
                   "\n"
                   "Exit status: 0 every task run succeeded (or none matched), 1 a run failed or the event\n"
                   "could not be recorded, 2 usage error.");

// The certificate a --old-file/--new-file names: the file's first certificate, with the
// path as given (made absolute, links not resolved: certbot's live/ name is the one
// services are configured with).
bool readCertificateFile(const QString& option, const QString& file, CertificateDetails* details, CliIo& io, int* code)
{
    const QString path = QFileInfo(file).absoluteFilePath();
    QByteArray content;
    FileStamp stamp;
    QString error;
    if (!readRegularFile(encodeFileName(path), kDefaultMaxFileSize, &content, &stamp, &error)) {
        *code = fail(io, ExitFailure, QStringLiteral("--%1: %2").arg(option, error));
        return false;
    }
    const ParsedFile parsed = parseCertificateData(content);
    if (parsed.certificates.isEmpty()) {
        *code =
            fail(io, ExitFailure,
                 QStringLiteral("--%1: %2 holds no certificate%3")
                     .arg(option, path,
                          parsed.errors.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(parsed.errors.first())));
        return false;
    }
    *details = CertificateDetails::from(parsed.certificates.first(), path);
    return true;
}

// --old HASH or --old-file FILE (the same for new): exactly one of the two.
bool certificateArgument(const QCommandLineParser& parser, const QString& name, QString* thumbprint,
                         std::optional<CertificateDetails>* fromFile, CliIo& io, int* code)
{
    const QString fileOption = name + QStringLiteral("-file");
    const bool byHash = parser.isSet(name);
    if (byHash == parser.isSet(fileOption)) {
        *code = fail(io, ExitUsage,
                     QStringLiteral("give either --%1 HASH or --%2 FILE\nusage: %3").arg(name, fileOption, kUsage));
        return false;
    }
    if (byHash) {
        *thumbprint = normalizeThumbprint(parser.value(name));
        if (thumbprint->isEmpty()) {
            *code = fail(io, ExitUsage,
                         QStringLiteral("--%1 takes a SHA-1 thumbprint (40 hex digits)\nusage: %2").arg(name, kUsage));
            return false;
        }
        return true;
    }
    CertificateDetails details;
    if (!readCertificateFile(fileOption, parser.value(fileOption), &details, io, code))
        return false;
    *thumbprint = details.thumbprint;
    *fromFile = details;
    return true;
}

// The certificate as the stores have it now, or only its thumbprint (or what its file
// says) when it is not there. A file given on the command line names the path.
LocatedCertificate locate(Scope scope, const QString& storeId, const QString& thumbprint,
                          const std::optional<CertificateDetails>& fromFile, bool* found)
{
    const std::optional<LocatedCertificate> located = taskCertificateLocator(scope)(scope, storeId, thumbprint);
    *found = located.has_value();
    LocatedCertificate result;
    if (located) {
        result = *located;
    } else {
        result.storeId = storeId;
        result.details.thumbprint = thumbprint;
        if (fromFile)
            result.details = *fromFile;
    }
    if (fromFile)
        result.details.path = fromFile->path;
    return result;
}

int runSwitch(const QStringList& args, CliIo& io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(kDescription);
    parser.addOption(QCommandLineOption(QStringLiteral("old"),
                                        QStringLiteral("Thumbprint (SHA-1) of the replaced certificate."),
                                        QStringLiteral("HASH")));
    parser.addOption(
        QCommandLineOption(QStringLiteral("old-file"),
                           QStringLiteral("The replaced certificate is the first one in FILE (instead of --old)."),
                           QStringLiteral("FILE")));
    parser.addOption(QCommandLineOption(QStringLiteral("new"),
                                        QStringLiteral("Thumbprint (SHA-1) of the certificate replacing it."),
                                        QStringLiteral("HASH")));
    parser.addOption(QCommandLineOption(
        QStringLiteral("new-file"), QStringLiteral("The new certificate is the first one in FILE (instead of --new)."),
        QStringLiteral("FILE")));
    parser.addOption(
        QCommandLineOption(QStringLiteral("notify-only"),
                           QStringLiteral("Record the event and run the tasks; change nothing in the stores.")));
    parser.addOption(QCommandLineOption(QStringLiteral("store"), QStringLiteral("Store id (default: where NEW is)."),
                                        QStringLiteral("ID")));
    parser.addOption(QCommandLineOption(QStringLiteral("channel"),
                                        QStringLiteral("system or user (default: system for root, else user)."),
                                        QStringLiteral("CHANNEL")));
    int code = ExitOk;
    if (!parseCommandLine(parser, args, io, &code, kUsage))
        return code;
    if (!parser.positionalArguments().isEmpty())
        return fail(
            io, ExitUsage,
            QStringLiteral("unexpected argument '%1'\nusage: %2").arg(parser.positionalArguments().first(), kUsage));
    QString oldHash;
    QString newHash;
    std::optional<CertificateDetails> oldFile;
    std::optional<CertificateDetails> newFile;
    if (!certificateArgument(parser, QStringLiteral("old"), &oldHash, &oldFile, io, &code)
        || !certificateArgument(parser, QStringLiteral("new"), &newHash, &newFile, io, &code))
        return code;
    if (oldHash == newHash)
        return fail(io, ExitUsage, QStringLiteral("the old and the new certificate are the same (%1)").arg(newHash));
    Scope scope = ::geteuid() == 0 ? Scope::System : Scope::User;
    if (parser.isSet(QStringLiteral("channel"))
        && !parseChannelOption(parser.value(QStringLiteral("channel")), &scope, io, &code))
        return code;
    QString error;
    const std::shared_ptr<Clock> clock = Clock::fromEnvironment(&error);
    if (!clock)
        return fail(io, ExitUsage, error);

    const QString storeOption = parser.value(QStringLiteral("store"));
    bool newFound = false;
    bool oldFound = false;
    const LocatedCertificate newCert = locate(scope, storeOption, newHash, newFile, &newFound);
    const LocatedCertificate oldCert = locate(scope, storeOption, oldHash, oldFile, &oldFound);
    const bool notifyOnly = parser.isSet(QStringLiteral("notify-only"));
    if (!notifyOnly) {
        const CertificateSwitcher switcher = taskCertificateSwitcher();
        if (!switcher)
            return fail(io, ExitFailure,
                        QStringLiteral("switching certificates in the stores is not available in this "
                                       "build; use --notify-only to record the Replace event and run the "
                                       "tasks without changing the stores"));
        if (!switcher(scope, oldCert, newCert, &error))
            return fail(io, ExitFailure, error);
    }

    LifecycleEvent event =
        switchReplaceEvent(scope, oldCert, newCert, storeOption, clock->now(),
                           notifyOnly ? QStringLiteral("certlifectl switch --notify-only: the stores were not changed")
                                      : QStringLiteral("certlifectl switch"));

    EventLog log(Paths::eventLogFile(scope), scope);
    QList<LifecycleEvent> batch{event};
    if (!notifyOnly) { // Switch-Certificate archives the old one (1005), as the agent does after a renewal
        LifecycleEvent archived = event;
        archived.id = EventId::Archived;
        archived.action = Action::Archive;
        archived.storeId = oldCert.storeId.isEmpty() ? event.storeId : oldCert.storeId;
        archived.certificate = oldCert.details;
        archived.oldCertificate.reset();
        archived.message =
            QStringLiteral("Certificate %1 archived: replaced by %2 (certlifectl switch)").arg(oldHash, newHash);
        batch.append(archived);
    }
    if (!log.open(&error) || !log.append(batch, &error))
        return fail(io, ExitFailure, QStringLiteral("cannot record the Replace event: ") + error);
    event = batch.first();
    io.out << "Recorded Replace (1001, action replace) as record " << event.recordId << " in the " << scopeName(scope)
           << " event log: " << oldHash << " -> " << newHash
           << (event.storeId.isEmpty() ? QString() : QStringLiteral(" in store ") + event.storeId) << ".\n";
    if (!newFound)
        io.err << "certlifectl: warning: certificate " << newHash << " is not in "
               << (storeOption.isEmpty() ? QStringLiteral("any %1 store").arg(scopeName(scope))
                                         : QStringLiteral("store ") + storeOption)
               << ": the tasks will refuse to run for it\n";
    io.out.flush();
    io.err.flush();

    const bool ok = runTasksAndReport(
        scope, clock, [&](TaskRunner& runner) { return runner.submit(event); }, io);
    return ok ? ExitOk : fail(io, ExitFailure, QStringLiteral("not every task succeeded (see above)"));
}

const CommandRegistration reg{{QStringLiteral("switch"),
                               QStringLiteral("Record that a certificate replaced another and run the Replace tasks."),
                               &runSwitch}};

} // namespace

} // namespace certlife::cli
