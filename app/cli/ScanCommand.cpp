// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "CliCommand.h"
#include "ScanOutput.h"

#include <cerrno>
#include <cstring>
#include "StoreCliSupport.h"

#include "stores/Scanner.h"
#include "util/Clock.h"

#include <QCoro/QCoroTask>

namespace certlife::cli {

namespace {

const QString kUsage = QStringLiteral("certlifectl scan [--json] [--recursive] PATH...\n"
                                      "       certlifectl scan --store ID [--scope system|user] [--json]");

const QString kDescription =
    QStringLiteral("Read the certificates in files and directories, or in a configured store, and list them.\n"
                   "\n"
                   "Every file is recognised by its content: PEM (bundles too, with private keys mixed in),\n"
                   "DER, PKCS#7 and PKCS#12. Private keys found anywhere among the PATHs (or in the store) are\n"
                   "paired with their certificates (KEY column, hasPrivateKey). Symlinks are followed and\n"
                   "listed under the name they were reached by. A file that cannot be read does not stop the\n"
                   "scan: it is reported with the reason and the exit status is 3.\n"
                   "\n"
                   "The table shows each certificate's STATE as the console and the agent judge it (the\n"
                   "scope's expiry policy; for --store also the certificates the agent holds archived, as\n"
                   "superseded by a renewal), most urgent first: expiring soonest, then recently expired\n"
                   "(newest first), then the rest by expiry, then those expired longer than the policy's\n"
                   "LongExpiredDays, then archived ones. DAYS LEFT is negative once a certificate has\n"
                   "expired (set CERTLIFE_NOW to count from another moment). --json prints one object per line\n"
                   "per certificate: path, index, thumbprint, sha256, subject, subjectCN, issuer, serial,\n"
                   "notBefore, notAfter, sans, ekus, template, keyAlgorithm, keyBits, isCA, selfSigned,\n"
                   "hasPrivateKey; and one {\"path\", \"error\"} object per file that could not be read. File\n"
                   "names that are not UTF-8 are shown with \\xHH escapes, and a backslash as \\\\.\n"
                   "With PATHs the lines are written as the files are read, in the order the PATHs were\n"
                   "given (a file's lines once it and every file before it are read), the problems last.\n"
                   "\n"
                   "Scanning a store (--store) reuses the scan cache: files unchanged since the last scan\n"
                   "(same size, times and inode) are not read again.\n"
                   "\n"
                   "Examples:\n"
                   "  certlifectl scan /etc/letsencrypt/live --recursive\n"
                   "  certlifectl scan --json /etc/ssl/private/site.p12 --pkcs12-password-file /root/p12.pass\n"
                   "  certlifectl scan --store ssl-certs --json | jq -r 'select(.notAfter < \"2027\") | .path'\n"
                   "\n"
                   "Exit status: 0 all files read, 3 some could not be (see the messages), 2 usage error,\n"
                   "1 the store could not be scanned at all. The status says whether the files could be read,\n"
                   "not whether a certificate has expired (an expired one exits 0): it is no monitoring check,\n"
                   "and a monitoring system would read 2 and 3 as CRITICAL and UNKNOWN. For Nagios or Icinga\n"
                   "use 'certlifectl check' (0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN); for Prometheus the\n"
                   "agent's MetricsTextfile or 'certlifectl metrics'.");

int runScan(const QStringList& args, CliIo& io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(kDescription);
    const QCommandLineOption json(QStringLiteral("json"),
                                  QStringLiteral("One JSON object per line instead of the table."));
    const QCommandLineOption recursive({QStringLiteral("r"), QStringLiteral("recursive")},
                                       QStringLiteral("Also read the subdirectories of each directory PATH."));
    const QCommandLineOption store(
        QStringLiteral("store"),
        QStringLiteral("Scan the configured store ID (see 'certlifectl store list') instead of PATHs."),
        QStringLiteral("ID"));
    const QCommandLineOption scope(QStringLiteral("scope"),
                                   QStringLiteral("With --store: the scope the store belongs to. Needed only when both "
                                                  "scopes have a store of that id."),
                                   QStringLiteral("system|user"));
    const QCommandLineOption passwordFile(
        QStringLiteral("pkcs12-password-file"),
        QStringLiteral("With PATHs: the first line of FILE is the password of the PKCS#12 "
                       "files. (Stores name their own password file.)"),
        QStringLiteral("FILE"));
    const QCommandLineOption maxSize(
        QStringLiteral("max-file-size"),
        QStringLiteral("With PATHs: report files larger than SIZE (bytes, or with K, M, G) "
                       "instead of reading them. Default: 32M."),
        QStringLiteral("SIZE"));
    const QCommandLineOption noCache(QStringLiteral("no-cache"),
                                     QStringLiteral("With --store: read every file, ignoring the scan cache (which is "
                                                    "then rebuilt)."));
    parser.addOptions({json, recursive, store, scope, passwordFile, maxSize, noCache});
    parser.addPositionalArgument(QStringLiteral("PATH"), QStringLiteral("Files or directories to read."),
                                 QStringLiteral("PATH..."));
    int code = ExitOk;
    if (!parseCommandLine(parser, args, io, &code, kUsage))
        return code;

    const QStringList paths = rawPathArguments(parser.positionalArguments());
    const bool byStore = parser.isSet(store);
    if (byStore == !paths.isEmpty())
        return fail(io, ExitUsage,
                    (byStore ? QStringLiteral("give either --store or PATHs, not both")
                             : QStringLiteral("nothing to scan: give PATHs or --store ID"))
                        + QStringLiteral("\nusage: ") + kUsage);
    for (const auto& [option, needsStore] :
         {std::pair{&scope, true}, std::pair{&noCache, true}, std::pair{&recursive, false},
          std::pair{&passwordFile, false}, std::pair{&maxSize, false}}) {
        if (parser.isSet(*option) && needsStore != byStore)
            return fail(io, ExitUsage,
                        QStringLiteral("--%1 applies to %2")
                            .arg(option->names().constLast(),
                                 needsStore ? QStringLiteral("--store only")
                                            : QStringLiteral("PATHs only (a store has its own settings)")));
    }
    std::optional<Scope> storeScope;
    if (!parseScopeOption(parser, scope, &storeScope, io, &code))
        return code;
    QString clockError;
    const std::shared_ptr<Clock> clock = Clock::fromEnvironment(&clockError);
    if (!clock)
        return fail(io, ExitUsage, clockError);

    ScanOptions options;
    options.clock = clock;
    std::shared_ptr<const Store> target;
    std::optional<StoreConfig> endpointStore; // a TLS endpoint store: probed, not read
    Scope judgedBy = Scanner::processScope(); // PATHs: the policy of whoever runs the scan
    if (byStore) {
        const StoreCatalog catalog = StoreCatalog::load();
        printCatalogWarnings(catalog, io);
        const auto entry = resolveStore(catalog, parser.value(store), storeScope, io, &code);
        if (!entry)
            return code;
        QString error;
        judgedBy = entry->config.scope;
        if (entry->config.kind == StoreKind::TlsEndpoint)
            endpointStore = entry->config;
        else
            target = makeStore(entry->config, &error);
        if (!target && !endpointStore)
            return fail(io, ExitFailure, error);
        if (!parser.isSet(noCache))
            options.cacheDirectory = Scanner::cacheDirectory(Scanner::processScope());
    } else {
        StoreConfig config;
        config.id = QStringLiteral("command-line");
        config.displayName = QStringLiteral("Command line");
        config.scope = judgedBy;
        config.recursive = parser.isSet(recursive);
        config.pkcs12PasswordFile = parser.value(passwordFile);
        if (parser.isSet(maxSize) && !parseByteSize(parser.value(maxSize), &config.maxFileSize))
            return fail(io, ExitUsage,
                        QStringLiteral("--max-file-size \"%1\" is not a size such as 1048576, 512K or 64M")
                            .arg(parser.value(maxSize)));
        target = std::make_shared<PathListStore>(config, paths);
    }

    Scanner scanner(options);
    // PATHs as JSON: each file's lines are written once it and the files before it are
    // read, and its certificates dropped (no sort is asked of JSON lines).
    std::optional<ScanJsonStream> streamed;
    if (parser.isSet(json) && !byStore)
        streamed.emplace(io);
    ScanSink sink;
    if (streamed)
        sink = [&streamed](QList<StoredCertificate>&& certificates) {
            return streamed->writeCertificates(certificates);
        };
    // The CLI has no running event loop: waitFor runs the only one until the scan is done.
    const StoreScan result = endpointStore ? QCoro::waitFor(scanStores(scanner, {*endpointStore})).value(0)
                                           : QCoro::waitFor(scanner.scan(target, std::move(sink)));
    if (parser.isSet(json)) {
        if (streamed ? !streamed->finish(result.problems) : !printScanJson(result, io)) {
            io.err << "certlifectl: cannot write to standard output: " << QString::fromLocal8Bit(strerror(errno))
                   << '\n';
            return ExitFailure;
        }
    } else {
        CertificateClassifier classifier(policyFileThresholds(), clock->now());
        if (byStore) { // a store the agent watches: its renewals archive their predecessors, its mutes hold
            classifier.setArchived(judgedBy, recogniseArchived(judgedBy, {result}));
            classifier.readAcknowledgements();
        }
        printScanTable(result, classifier, io.out, io.err);
    }
    io.out.flush();
    return result.problems.isEmpty() ? ExitOk : ExitPartial;
}

const CommandRegistration registration{
    {QStringLiteral("scan"), QStringLiteral("Read the certificates in files, directories or a store, and list them"),
     &runScan}};

} // namespace

} // namespace certlife::cli
