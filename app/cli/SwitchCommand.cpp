// certlifectl switch: the counterpart of Switch-Certificate. Records a Replace (1001)
// event with action "replace" and runs the matching Replace tasks, waiting for them.
// With --notify-only nothing in the stores changes: that is how an admin tests a task
// end to end.

#include "CliCommand.h"
#include "TaskCliSupport.h"

#include "eventlog/EventLog.h"
#include "tasks/TaskRunner.h"
#include "tasks/TaskTest.h"
#include "util/Paths.h"

#include <unistd.h>

namespace certlife::cli {

namespace {

const QString kUsage = QStringLiteral("certlifectl switch --old HASH --new HASH [--notify-only] [--store ID] "
                                      "[--channel system|user]");

// The certificate as the stores have it now, or only its thumbprint when it is not there.
LocatedCertificate locate(Scope scope, const QString& storeId, const QString& thumbprint, bool* found)
{
    const std::optional<LocatedCertificate> located = taskCertificateLocator(scope)(scope, storeId, thumbprint);
    *found = located.has_value();
    if (located)
        return *located;
    LocatedCertificate minimal;
    minimal.storeId = storeId;
    minimal.details.thumbprint = thumbprint;
    return minimal;
}

int runSwitch(const QStringList& args, CliIo& io)
{
    QCommandLineParser parser;
    parser.addOption(QCommandLineOption(QStringLiteral("old"), QStringLiteral("Thumbprint (SHA-1) of the replaced certificate."), QStringLiteral("HASH")));
    parser.addOption(QCommandLineOption(QStringLiteral("new"), QStringLiteral("Thumbprint (SHA-1) of the certificate replacing it."), QStringLiteral("HASH")));
    parser.addOption(QCommandLineOption(QStringLiteral("notify-only"),
                                        QStringLiteral("Record the event and run the tasks; change nothing in the stores.")));
    parser.addOption(QCommandLineOption(QStringLiteral("store"), QStringLiteral("Store id (default: where NEW is)."), QStringLiteral("ID")));
    parser.addOption(QCommandLineOption(QStringLiteral("channel"),
                                        QStringLiteral("system or user (default: system for root, else user)."), QStringLiteral("CHANNEL")));
    int code = ExitOk;
    if (!parseCommandLine(parser, args, io, &code, kUsage))
        return code;
    if (!parser.positionalArguments().isEmpty())
        return fail(io, ExitUsage, QStringLiteral("unexpected argument '%1'\nusage: %2").arg(parser.positionalArguments().first(), kUsage));
    const QString oldHash = normalizeThumbprint(parser.value(QStringLiteral("old")));
    const QString newHash = normalizeThumbprint(parser.value(QStringLiteral("new")));
    if (oldHash.isEmpty() || newHash.isEmpty())
        return fail(io, ExitUsage, QStringLiteral("--old and --new take SHA-1 thumbprints (40 hex digits)\nusage: ") + kUsage);
    if (oldHash == newHash)
        return fail(io, ExitUsage, QStringLiteral("--old and --new name the same certificate"));
    Scope scope = ::geteuid() == 0 ? Scope::System : Scope::User;
    if (parser.isSet(QStringLiteral("channel")) && !parseChannelOption(parser.value(QStringLiteral("channel")), &scope, io, &code))
        return code;
    QString error;
    const std::shared_ptr<Clock> clock = Clock::fromEnvironment(&error);
    if (!clock)
        return fail(io, ExitUsage, error);

    const QString storeOption = parser.value(QStringLiteral("store"));
    bool newFound = false;
    bool oldFound = false;
    const LocatedCertificate newCert = locate(scope, storeOption, newHash, &newFound);
    const LocatedCertificate oldCert = locate(scope, storeOption, oldHash, &oldFound);
    const bool notifyOnly = parser.isSet(QStringLiteral("notify-only"));
    if (!notifyOnly) {
        const CertificateSwitcher switcher = taskCertificateSwitcher();
        if (!switcher)
            return fail(io, ExitFailure, QStringLiteral("switching certificates in the stores is not available in this "
                                                        "build; use --notify-only to record the Replace event and run the "
                                                        "tasks without changing the stores"));
        if (!switcher(scope, oldCert, newCert, &error))
            return fail(io, ExitFailure, error);
    }

    LifecycleEvent event = switchReplaceEvent(
        scope, oldCert, newCert, storeOption, clock->now(),
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
        archived.message = QStringLiteral("Certificate %1 archived: replaced by %2 (certlifectl switch)").arg(oldHash, newHash);
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
               << (storeOption.isEmpty() ? QStringLiteral("any %1 store").arg(scopeName(scope)) : QStringLiteral("store ") + storeOption)
               << ": the tasks will refuse to run for it\n";
    io.out.flush();
    io.err.flush();

    const bool ok = runTasksAndReport(scope, clock, [&](TaskRunner& runner) { return runner.submit(event); }, io);
    return ok ? ExitOk : fail(io, ExitFailure, QStringLiteral("not every task succeeded (see above)"));
}

const CommandRegistration reg{{QStringLiteral("switch"),
                               QStringLiteral("Record that a certificate replaced another and run the Replace tasks."),
                               &runSwitch}};

} // namespace

} // namespace certlife::cli
