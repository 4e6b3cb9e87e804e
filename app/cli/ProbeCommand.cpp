// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "CliCommand.h"
#include "ScanOutput.h"
#include "TerminalOutput.h"

#include "endpoints/TlsProbe.h"
#include "util/Clock.h"
#include "util/JsonLineWriter.h"
#include "util/TerminalText.h"

#include <QCoro/QCoroTask>
#include <cerrno>
#include <cstring>

namespace certlife::cli {

namespace {

const QString kUsage =
    QStringLiteral("certlifectl probe HOST:PORT [--sni NAME] [--starttls PROTOCOL] [--timeout SECONDS] [--json]");

const QString kDescription =
    QStringLiteral("Connect to a TLS service and show the certificate chain it serves, as served: the leaf first,\n"
                   "then what the server sends with it, even when it would not verify.\n"
                   "\n"
                   "The probe connects, speaks STARTTLS when asked (smtp, imap, pop3, ftp, ldap, xmpp, postgres),\n"
                   "completes the TLS handshake, records, and closes: it sends no request and follows no\n"
                   "redirect. A name with several addresses (IPv4 and IPv6, a load balancer's members) is probed\n"
                   "at each, and each address is listed on its own: one member serving an old certificate shows.\n"
                   "Write an IPv6 address in brackets: [2001:db8::1]:443.\n"
                   "\n"
                   "Findings: handshake error (cannot resolve, refused, timeout, TLS alert, closed), expired,\n"
                   "name mismatch (the certificate does not cover the SNI, or the host), chain incomplete (an\n"
                   "issuer neither sent nor in the system trust store; SSL_CERT_FILE and SSL_CERT_DIR choose\n"
                   "another), self-signed leaf, and the protocol version and cipher negotiated.\n"
                   "\n"
                   "--json prints one object per line: for each certificate served, scan --json's keys (path is\n"
                   "the location \"HOST:PORT [ADDRESS]\", index its place in the chain) plus endpoint, address\n"
                   "and chainIndex; then, per address, {endpoint, address, handshake, error, protocol, cipher,\n"
                   "findings: [{kind, detail}]}.\n"
                   "\n"
                   "Examples:\n"
                   "  certlifectl probe example.org:443\n"
                   "  certlifectl probe mail.example.org:25 --starttls smtp\n"
                   "  certlifectl probe 192.0.2.10:443 --sni www.example.org --json\n"
                   "\n"
                   "Timeouts: connecting 5 s, STARTTLS and the handshake 10 s; --timeout sets the handshake's\n"
                   "(and caps the connect's).\n"
                   "\n"
                   "Exit status: 0 the handshake succeeded at every address, 1 it did not at one or more,\n"
                   "2 usage error.");

QString findingLabel(FindingKind kind)
{
    switch (kind) {
    case FindingKind::HandshakeError: return QStringLiteral("handshake error");
    case FindingKind::Expired: return QStringLiteral("expired");
    case FindingKind::NameMismatch: return QStringLiteral("name mismatch");
    case FindingKind::ChainIncomplete: return QStringLiteral("chain incomplete");
    case FindingKind::SelfSignedLeaf: return QStringLiteral("self-signed leaf");
    case FindingKind::Protocol: return QStringLiteral("protocol");
    case FindingKind::Cipher: return QStringLiteral("cipher");
    }
    return {};
}

void printText(const QList<ProbeResult>& results, const QDateTime& now, QTextStream& out)
{
    for (const ProbeResult& r : results) {
        out << escapeControlCharacters(r.location()) << '\n';
        if (!r.handshakeSucceeded()) {
            out << "  handshake failed: " << escapeControlCharacters(r.error) << '\n';
            continue;
        }
        out << "  " << r.protocol << ", " << r.cipher << '\n';
        for (int i = 0; i < r.chain.size(); ++i) {
            const Certificate& c = r.chain[i];
            const qint64 daysLeft = now.secsTo(c.notAfter()) / 86400;
            out << "  " << i << "  " << escapeControlCharacters(c.subject) << '\n'
                << "     issuer " << escapeControlCharacters(c.issuer) << '\n'
                << "     valid until " << c.notAfter().toString(Qt::ISODate) << " (" << daysLeft << " days)"
                << "  sha256 " << c.sha256Hex() << '\n';
        }
        for (const Finding& f : r.findings) {
            if (f.kind != FindingKind::Protocol && f.kind != FindingKind::Cipher)
                out << "  " << findingLabel(f.kind) << ": " << escapeControlCharacters(f.detail) << '\n';
        }
    }
}

QByteArray jsonLines(const QList<ProbeResult>& results)
{
    QByteArray out;
    JsonLineWriter w(out);
    for (const ProbeResult& r : results) {
        for (int i = 0; i < r.chain.size(); ++i) {
            StoredCertificate stored{r.chain[i], r.location(), i, {}};
            w.beginObject();
            writeCertificateJsonMembers(w, stored);
            w.field(QLatin1StringView("endpoint"), r.endpoint.hostPort());
            w.field(QLatin1StringView("address"), r.address);
            w.field(QLatin1StringView("chainIndex"), qint64(i));
            w.endObject();
            w.endLine();
        }
        w.beginObject();
        w.field(QLatin1StringView("endpoint"), r.endpoint.hostPort());
        w.field(QLatin1StringView("address"), r.address);
        w.fieldBool(QLatin1StringView("handshake"), r.handshakeSucceeded());
        w.key(QLatin1StringView("error"));
        if (r.handshakeSucceeded())
            w.null();
        else
            w.string(r.error);
        w.field(QLatin1StringView("protocol"), r.protocol);
        w.field(QLatin1StringView("cipher"), r.cipher);
        w.key(QLatin1StringView("findings"));
        w.beginArray();
        for (const Finding& f : r.findings) {
            w.beginObject();
            w.field(QLatin1StringView("kind"), findingKindName(f.kind));
            w.field(QLatin1StringView("detail"), f.detail);
            w.endObject();
        }
        w.endArray();
        w.endObject();
        w.endLine();
    }
    return out;
}

int runProbe(const QStringList& args, CliIo& io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(kDescription);
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("One JSON object per line (see above)."));
    const QCommandLineOption sni(QStringLiteral("sni"),
                                 QStringLiteral("Send NAME as the server name (SNI) and check the certificate "
                                                "against it. Default: the host, unless it is an IP address."),
                                 QStringLiteral("NAME"));
    const QCommandLineOption startTls(
        QStringLiteral("starttls"),
        QStringLiteral("Speak PROTOCOL's STARTTLS first: %1.").arg(startTlsNames().join(QStringLiteral(", "))),
        QStringLiteral("PROTOCOL"));
    const QCommandLineOption timeout(QStringLiteral("timeout"),
                                     QStringLiteral("Give up on the handshake after SECONDS (default 10; the "
                                                    "connect's 5 s is capped by it)."),
                                     QStringLiteral("SECONDS"));
    parser.addOptions({json, sni, startTls, timeout});
    parser.addPositionalArgument(QStringLiteral("HOST:PORT"), QStringLiteral("The service to probe."));
    int code = ExitOk;
    if (!parseCommandLine(parser, args, io, &code, kUsage))
        return code;
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 1)
        return fail(io, ExitUsage,
                    (positional.isEmpty() ? QStringLiteral("give the HOST:PORT to probe")
                                          : QStringLiteral("give one HOST:PORT"))
                        + QStringLiteral("\nusage: ") + kUsage);
    Endpoint endpoint;
    const QString endpointError = parseEndpoint(positional.first(), &endpoint);
    if (!endpointError.isEmpty())
        return fail(io, ExitUsage, endpointError);
    endpoint.sni = parser.value(sni).trimmed().toLower();
    if (!parseStartTls(parser.value(startTls), &endpoint.startTls))
        return fail(io, ExitUsage,
                    QStringLiteral("--starttls \"%1\": use one of %2")
                        .arg(parser.value(startTls), startTlsNames().join(QStringLiteral(", "))));
    ProbeOptions options;
    if (parser.isSet(timeout)) {
        bool ok = false;
        const double seconds = parser.value(timeout).toDouble(&ok);
        if (!ok || seconds <= 0 || seconds > 3600)
            return fail(io, ExitUsage,
                        QStringLiteral("--timeout \"%1\": give seconds, more than 0 and at most 3600")
                            .arg(parser.value(timeout)));
        options.handshakeTimeoutMs = int(seconds * 1000);
        options.connectTimeoutMs = std::min(options.connectTimeoutMs, options.handshakeTimeoutMs);
    }
    QString clockError;
    const std::shared_ptr<Clock> clock = Clock::fromEnvironment(&clockError);
    if (!clock)
        return fail(io, ExitUsage, clockError);
    options.clock = clock;

    const QList<ProbeResult> results = probeEndpointsBlocking({endpoint}, options);
    if (parser.isSet(json)) {
        if (!writeJsonLines(io, jsonLines(results))) {
            io.err << "certlifectl: cannot write to standard output: " << QString::fromLocal8Bit(strerror(errno))
                   << '\n';
            return ExitFailure;
        }
    } else {
        printText(results, clock->now(), io.out);
    }
    io.out.flush();
    const bool allSucceeded =
        std::all_of(results.cbegin(), results.cend(), [](const ProbeResult& r) { return r.handshakeSucceeded(); });
    return allSucceeded ? ExitOk : ExitFailure;
}

const CommandRegistration registration{
    {QStringLiteral("probe"),
     QStringLiteral("Show the certificate chain a TLS service serves, and what is wrong with it"), &runProbe}};

} // namespace

} // namespace certlife::cli
