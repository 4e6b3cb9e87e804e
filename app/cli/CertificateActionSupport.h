// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

// What `certlifectl import|export|copy|move|delete` share: the stores (the catalog plus
// the policy's AdditionalStores), finding a certificate by thumbprint, recording the
// action's events in the event log of each event's channel, and telling the lifecycle
// snapshot about the change so the agent does not log it a second time.

#include "CliCommand.h"
#include "actions/ActionRecording.h"
#include "actions/CertificateActions.h"
#include "stores/FileNames.h"
#include "stores/StoreCatalog.h"
#include "util/TerminalText.h"

#include <QCommandLineOption>
#include <memory>
#include <optional>

namespace certlife {
class Scanner;
}

namespace certlife::cli {

// --thumbprint, --store and --scope, with the same help text in every command.
struct CertificateSelectionOptions
{
    QCommandLineOption thumbprint{QStringLiteral("thumbprint"),
                                  QStringLiteral("SHA-1 thumbprint (40 hex digits, as `certlifectl scan` and Windows "
                                                 "show it; colons allowed) or SHA-256 (64 hex digits)."),
                                  QStringLiteral("HASH")};
    QCommandLineOption store{QStringLiteral("store"),
                             QStringLiteral("Store id (`certlifectl store list`). Default: the one store that "
                                            "holds the certificate."),
                             QStringLiteral("ID")};
    QCommandLineOption scope{QStringLiteral("scope"),
                             QStringLiteral("system or user: where to look for the store(s). Default: both."),
                             QStringLiteral("system|user")};
};

// A certificate found in a store, with the store's content it was found in.
struct FoundCertificate
{
    StoreConfig store;
    StoreScan content;
    StoredCertificate certificate;
};

// One command's run: the stores, the clock (CERTLIFE_NOW), one scanner, the opened
// event logs. The CLI has no running event loop: scans are awaited with QCoro::waitFor.
class CertificateActionSession
{
public:
    explicit CertificateActionSession(CliIo& io);
    ~CertificateActionSession();

    // Reads the clock and the stores (warnings for skipped stores.conf entries). False
    // with *exitCode when CERTLIFE_NOW is malformed.
    bool start(int* exitCode);

    const ActionContext& context() const { return m_context; }

    // Store `id`, in `scope` or whichever scope has it; prints why not and sets *exitCode.
    std::optional<StoreConfig> store(const QString& id, std::optional<Scope> scope, int* exitCode);
    StoreScan scan(const StoreConfig& store);

    // The certificate with this thumbprint: in `storeId` when given, else in the one store
    // (of `scope`, or of both scopes) that holds it. Several stores: a usage error listing
    // them. Prints why not and sets *exitCode.
    std::optional<FoundCertificate> locate(const QString& thumbprint, const QString& storeId,
                                           std::optional<Scope> scope, int* exitCode);

    // start(), then the certificate named by `selection` (--store, --scope) and `hash`
    // (the normalised --thumbprint): what delete and export begin with. Prints why not
    // and sets *exitCode.
    std::optional<FoundCertificate> startAndLocate(const QCommandLineParser& parser,
                                                   const CertificateSelectionOptions& selection, const QString& hash,
                                                   int* exitCode);

    // Opens the event log of every channel an action will record in, BEFORE it changes
    // anything: a log that cannot be written stops the action while nothing is done yet.
    bool openEventLogs(const QList<Scope>& channels, int* exitCode);
    // Appends the result's events to the log of each event's channel; when all are
    // stored, prints `report` (what the action did) and their record ids. False (after
    // saying why) when they could not be stored.
    bool record(ActionResult& result, const QString& report);
    // Takes the lifecycle snapshot lock of each scope the action changes, BEFORE it
    // changes a file, and keeps it until acknowledge(): an agent pass then sees the store
    // either before the change or after its acknowledgement, so it never logs the change
    // a second time. A pass in progress is waited for (up to 30 s, saying so on stderr);
    // still locked: false with *exitCode, and nothing was changed.
    bool lockSnapshots(const QList<Scope>& scopes, int* exitCode);
    void unlockSnapshots();
    // Rescans the stores the action changed and brings the lifecycle snapshot of their
    // scope up to date without events (LifecycleEngine::acknowledge). A failure is a
    // warning: the action is done and recorded; the agent will log it once more.
    // Releases the snapshot locks.
    void acknowledge(const QList<StoreConfig>& touchedStores);

private:
    CliIo& m_io;
    ActionContext m_context;
    StoreCatalog m_catalog;
    std::unique_ptr<Scanner> m_scanner;
    ActionEventLogs m_logs;
    ActionSnapshotLocks m_snapshotLocks;
};

// "ID (user)": how commands name a store.
QString storeLabel(const StoreConfig& store);

// The thumbprint option normalised (upper case, no colons or spaces), empty when it is
// not 40 or 64 hex digits.
QString normalizeHashOption(const QString& text);

// For commands that take --thumbprint and no arguments: the normalised hash, or empty
// after a usage error (*exitCode set).
QString thumbprintArgument(const QCommandLineParser& parser, const QCommandLineOption& thumbprint, const QString& usage,
                           CliIo& io, int* exitCode);

// Asks a yes/no question on the terminal (default no). False without a terminal on
// stdin; *asked tells the two apart.
bool confirmOnTerminal(const QString& question, bool* asked);

// "  wrote PATH" / "  removed PATH" lines for the files an action changed.
QString describeFiles(const ActionResult& result);

} // namespace certlife::cli
