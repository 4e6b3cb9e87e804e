// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "CertificateActionSupport.h"

#include "StoreCliSupport.h"

#include "policy/AdditionalStores.h"
#include "policy/PolicyStore.h"
#include "stores/Scanner.h"

#include <QCoro/QCoroTask>
#include <QRegularExpression>
#include <cstdio>
#include <unistd.h>

namespace certlife::cli {

namespace {

// A pass over 100,000 unchanged certificates holds the lock about 1.5 s, a first pass
// that writes tens of thousands of events several seconds.

QString scopeWord(Scope scope)
{
    return scope == Scope::System ? QStringLiteral("system") : QStringLiteral("user");
}

} // namespace

QString storeLabel(const StoreConfig& store)
{
    return QStringLiteral("%1 (%2)").arg(escapeControlCharacters(store.id), scopeWord(store.scope));
}

QString normalizeHashOption(const QString& text)
{
    QString hex = text.trimmed().toUpper();
    hex.remove(QLatin1Char(':')).remove(QLatin1Char(' '));
    static const QRegularExpression sha1OrSha256(QStringLiteral("^([0-9A-F]{40}|[0-9A-F]{64})$"));
    return sha1OrSha256.match(hex).hasMatch() ? hex : QString();
}

QString thumbprintArgument(const QCommandLineParser& parser, const QCommandLineOption& thumbprint, const QString& usage,
                           CliIo& io, int* exitCode)
{
    if (!parser.positionalArguments().isEmpty()) {
        *exitCode = fail(
            io, ExitUsage,
            QStringLiteral("unexpected argument '%1'\nusage: %2").arg(parser.positionalArguments().first(), usage));
        return {};
    }
    const QString hash = normalizeHashOption(parser.value(thumbprint));
    if (hash.isEmpty())
        *exitCode = fail(io, ExitUsage,
                         QStringLiteral("--thumbprint takes a SHA-1 (40 hex digits) or SHA-256 (64 "
                                        "hex digits)\nusage: ")
                             + usage);
    return hash;
}

bool confirmOnTerminal(const QString& question, bool* asked)
{
    *asked = false;
    if (!::isatty(STDIN_FILENO))
        return false;
    FILE* tty = std::fopen("/dev/tty", "r+");
    if (!tty)
        return false;
    *asked = true;
    // The question quotes subjects and file names; the net in TerminalOutput does not
    // cover /dev/tty.
    std::fputs(escapeControlCharacters(question, LineBreaks::Keep).toLocal8Bit().constData(), tty);
    std::fputs(" [y/N] ", tty);
    std::fflush(tty);
    char buf[64];
    const bool read = std::fgets(buf, sizeof buf, tty) != nullptr;
    std::fclose(tty);
    if (!read)
        return false;
    const QString answer = QString::fromLocal8Bit(buf).trimmed().toLower();
    return answer == QLatin1String("y") || answer == QLatin1String("yes");
}

QString describeFiles(const ActionResult& result)
{
    QString text;
    for (const QString& path : result.writtenFiles)
        text += QStringLiteral("  wrote %1\n").arg(escapedFileName(path));
    for (const QString& path : result.rewrittenFiles)
        text += QStringLiteral("  rewrote %1 (without it)\n").arg(escapedFileName(path));
    for (const QString& path : result.removedFiles)
        text += QStringLiteral("  removed %1\n").arg(escapedFileName(path));
    for (const QString& entry : result.addedEntries)
        text += QStringLiteral("  added %1\n").arg(escapedFileName(entry));
    for (const QString& entry : result.removedEntries)
        text += QStringLiteral("  removed %1\n").arg(escapedFileName(entry));
    return text;
}

CertificateActionSession::CertificateActionSession(CliIo& io) : m_io(io) {}

CertificateActionSession::~CertificateActionSession() = default;

bool CertificateActionSession::start(int* exitCode)
{
    QString error;
    const std::shared_ptr<Clock> clock = Clock::fromEnvironment(&error);
    if (!clock) {
        *exitCode = fail(m_io, ExitUsage, error);
        return false;
    }
    m_context.clock = clock;
    // The stores the agent monitors: stores.conf and built-in ones, plus the policy's
    // AdditionalStores (read-only: certificates can be exported or copied from them).
    m_catalog = StoreCatalog::load();
    printCatalogWarnings(m_catalog, m_io);
    for (const Scope scope : {Scope::System, Scope::User}) {
        for (const StoreConfig& extra : additionalStoreConfigs(PolicyStore().effective(scope).policy, scope)) {
            const QString why = m_catalog.addRuntimeStore(extra);
            if (!why.isEmpty())
                m_io.err << "certlifectl: warning: AdditionalStores: " << why << "\n";
        }
    }
    ScanOptions options;
    options.cacheDirectory = Scanner::cacheDirectory(Scanner::processScope());
    options.clock = m_context.clock;
    m_scanner = std::make_unique<Scanner>(options);
    return true;
}

std::optional<StoreConfig> CertificateActionSession::store(const QString& id, std::optional<Scope> scope, int* exitCode)
{
    const std::optional<StoreCatalog::Entry> entry = resolveStore(m_catalog, id, scope, m_io, exitCode);
    if (!entry)
        return std::nullopt;
    return entry->config;
}

StoreScan CertificateActionSession::scan(const StoreConfig& store)
{
    // The CLI has no running event loop: waitFor runs one until the scan is done.
    return QCoro::waitFor(scanStores(*m_scanner, {store})).value(0);
}

std::optional<FoundCertificate> CertificateActionSession::locate(const QString& thumbprint, const QString& storeId,
                                                                 std::optional<Scope> scope, int* exitCode)
{
    QList<StoreConfig> candidates;
    if (!storeId.isEmpty()) {
        const std::optional<StoreConfig> config = store(storeId, scope, exitCode);
        if (!config)
            return std::nullopt;
        candidates << *config;
    } else {
        // TLS endpoints are not searched: an action on a file must not open connections.
        for (const StoreConfig& config : scope ? m_catalog.stores(*scope) : m_catalog.stores())
            if (config.kind != StoreKind::TlsEndpoint)
                candidates << config;
    }
    const QList<StoreScan> scans = QCoro::waitFor(scanStores(*m_scanner, candidates));
    QList<FoundCertificate> found;
    for (int i = 0; i < scans.size(); ++i)
        if (const StoredCertificate* cert = findCertificate(scans[i], thumbprint))
            found.append({candidates[i], scans[i], *cert});

    if (found.size() == 1)
        return found.first();
    if (found.isEmpty()) {
        QString where;
        if (!storeId.isEmpty())
            where = QStringLiteral("store ") + storeLabel(candidates.first());
        else
            where = QStringLiteral("any %1store (%2 searched)")
                        .arg(scope ? scopeWord(*scope) + QLatin1Char(' ') : QString())
                        .arg(candidates.size());
        *exitCode = fail(m_io, ExitFailure, QStringLiteral("no certificate %1 in %2").arg(thumbprint, where));
        return std::nullopt;
    }
    QStringList labels;
    for (const FoundCertificate& f : found)
        labels << storeLabel(f.store);
    *exitCode = fail(m_io, ExitUsage,
                     QStringLiteral("certificate %1 is in %2 stores: %3; choose one with --store ID "
                                    "(and --scope when the id is in both scopes)")
                         .arg(thumbprint)
                         .arg(found.size())
                         .arg(labels.join(QStringLiteral(", "))));
    return std::nullopt;
}

std::optional<FoundCertificate> CertificateActionSession::startAndLocate(const QCommandLineParser& parser,
                                                                         const CertificateSelectionOptions& selection,
                                                                         const QString& hash, int* exitCode)
{
    std::optional<Scope> scope;
    if (!start(exitCode) || !parseScopeOption(parser, selection.scope, &scope, m_io, exitCode))
        return std::nullopt;
    return locate(hash, parser.value(selection.store), scope, exitCode);
}

bool CertificateActionSession::openEventLogs(const QList<Scope>& channels, int* exitCode)
{
    QString error;
    if (!m_logs.open(channels, &error)) {
        *exitCode = fail(m_io, ExitFailure, error);
        return false;
    }
    return true;
}

bool CertificateActionSession::record(ActionResult& result, const QString& report)
{
    QString error;
    if (!m_logs.record(result, &error)) {
        fail(m_io, ExitFailure, error);
        return false;
    }
    QString recorded;
    for (const LifecycleEvent& e : std::as_const(result.events))
        recorded += QStringLiteral("Recorded %1 (%2, action %3) as record %4 in the %5 event log.\n")
                        .arg(eventName(e.id))
                        .arg(int(e.id))
                        .arg(e.action)
                        .arg(e.recordId)
                        .arg(scopeName(e.channel));
    m_io.out << report << recorded;
    m_io.out.flush();
    return true;
}

bool CertificateActionSession::lockSnapshots(const QList<Scope>& scopes, int* exitCode)
{
    const auto waiting = [this](Scope scope, const QString& holder) {
        m_io.err << "certlifectl: waiting for the " << scopeName(scope) << " lifecycle snapshot: " << holder
                 << " (an agent pass in progress?)\n";
        m_io.err.flush();
    };
    QString error;
    if (!m_snapshotLocks.acquire(scopes, kActionSnapshotLockWaitMilliseconds, waiting, &error)) {
        *exitCode = fail(m_io, ExitFailure, error);
        return false;
    }
    return true;
}

void CertificateActionSession::unlockSnapshots()
{
    m_snapshotLocks.release();
}

void CertificateActionSession::acknowledge(const QList<StoreConfig>& touchedStores)
{
    const QList<StoreScan> scans = QCoro::waitFor(scanStores(*m_scanner, touchedStores));
    for (const QString& warning : acknowledgeAction(scans, m_context.clock, &m_snapshotLocks))
        m_io.err << "certlifectl: warning: " << warning << "\n";
    unlockSnapshots();
    m_io.err.flush();
}

} // namespace certlife::cli
