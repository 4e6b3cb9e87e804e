// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "CertificateCommand.h"

#include "console/ConsoleController.h"
#include "actions/ActionRecording.h"
#include "models/BackgroundPool.h"
#include "stores/Scanner.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QCoro/QCoroFuture>
#include <QCoro/QCoroTimer>
#include <QElapsedTimer>
#include <QtConcurrent/QtConcurrentRun>

namespace certlife::ui {

QString storeLabel(const StoreConfig& store)
{
    return QStringLiteral("%1 (%2)").arg(store.displayName.isEmpty() ? store.id : store.displayName,
                                         scopeName(store.scope));
}

CertificateSummary summaryOf(const CertificateRow& row)
{
    CertificateSummary summary;
    summary.name = row.certificate().displayName();
    summary.subject = row.certificate().subject;
    summary.commonName = row.certificate().subjectCN;
    summary.alternativeNames = row.certificate().sanStrings();
    summary.thumbprint = row.thumbprint();
    summary.storeLabel = QStringLiteral("%1 (%2)").arg(row.storeName(), scopeName(row.scope()));
    summary.notAfter = row.certificate().notAfter();
    summary.hasPrivateKey = !row.stored().keyPath.isEmpty();
    return summary;
}

QString whyNotWritable(const ConsoleController& controller, const StoreConfig& store)
{
    if (!controller.canModify(store.scope))
        return QCoreApplication::translate("CertificateCommand", "Changing the %1 scope's stores needs root")
            .arg(scopeName(store.scope));
    if (store.readOnly)
        return QCoreApplication::translate("CertificateCommand", "The store %1 is read-only").arg(storeLabel(store));
    if (store.kind != StoreKind::Directory && store.kind != StoreKind::Nss)
        return QCoreApplication::translate("CertificateCommand",
                                           "The store %1 is not a directory store or NSS database: certificates are "
                                           "only added to and removed from those")
            .arg(storeLabel(store));
    const QFileInfo directory(store.path);
    if (!directory.isDir())
        return QCoreApplication::translate("CertificateCommand", "The directory %1 of the store %2 does not exist")
            .arg(store.path, storeLabel(store));
    if (!directory.isWritable())
        return QCoreApplication::translate("CertificateCommand", "You may not write to %1 (store %2)")
            .arg(store.path, storeLabel(store));
    return {};
}

CertificateCommand::CertificateCommand(CommandContext context, QObject* parent)
    : ConsoleCommand(context.parent, parent),
      m_context(std::move(context)),
      m_snapshotLocks(std::make_shared<ActionSnapshotLocks>())
{}

CertificateCommand::~CertificateCommand() = default;

ActionContext CertificateCommand::actionContext() const
{
    ActionContext context;
    context.clock = m_context.controller->sharedClock();
    return context;
}

std::optional<StoreConfig> CertificateCommand::storeByKey(const QString& key) const
{
    for (const StoreInventory& store : m_context.controller->inventory()) {
        if (store.key() == key)
            return store.config;
    }
    return std::nullopt;
}

QList<StoreChoice> CertificateCommand::writableStores(const QString& exceptKey) const
{
    QList<StoreChoice> choices;
    for (const StoreInventory& store : m_context.controller->inventory()) {
        if (store.key() != exceptKey && whyNotWritable(*m_context.controller, store.config).isEmpty())
            choices.append({store.key(), storeLabel(store.config), store.config.kind == StoreKind::Nss});
    }
    return choices;
}

QCoro::Task<QList<StoreScan>> CertificateCommand::scanFresh(QList<StoreConfig> stores,
                                                            std::shared_ptr<const Clock> clock)
{
    ScanOptions options;
    options.clock = std::move(clock);
    options.cacheDirectory = Scanner::cacheDirectory(Scanner::processScope());
    Scanner scanner(options);
    auto scanning = scanStores(scanner, std::move(stores));
    QList<StoreScan> scans = co_await std::move(scanning);
    co_return scans;
}

QCoro::Task<RecordedAction> CertificateCommand::perform(QList<Scope> channels, QList<Scope> changedScopes,
                                                        std::function<ActionResult()> action, bool undoUnrecorded)
{
    const std::shared_ptr<ActionSnapshotLocks> locks = m_snapshotLocks; // this command may be gone meanwhile
    const Alive alive = untilCancelled();
    // An agent pass holds the lock for a second or so: poll for it here rather than
    // block a worker of the shared pool.
    QElapsedTimer waited;
    waited.start();
    QString busy;
    while (!locks->tryAcquire(changedScopes, &busy)) {
        if (!alive) {
            locks->release();
            RecordedAction cancelled;
            cancelled.cancelled = true;
            cancelled.error = QStringLiteral("cancelled: nothing was changed");
            co_return cancelled;
        }
        if (waited.elapsed() >= kActionSnapshotLockWaitMilliseconds) {
            locks->release();
            RecordedAction refused;
            refused.error = QStringLiteral("nothing was changed: %1 after %2 s; try again")
                                .arg(busy)
                                .arg(kActionSnapshotLockWaitMilliseconds / 1000);
            co_return refused;
        }
        auto sleeping = QCoro::sleepFor(std::chrono::milliseconds(50));
        co_await sleeping;
    }
    // Event logs are SQLite connections bound to the thread that opens them: the whole
    // sequence runs on one worker.
    auto work = QtConcurrent::run(backgroundPool(), [channels, action = std::move(action), undoUnrecorded] {
        RecordedAction done;
        ActionEventLogs logs;
        if (!logs.open(channels, &done.error))
            return done;
        done.result = action();
        if (!done.result.ok()) {
            done.error = done.result.error;
            return done;
        }
        QString error;
        if (!logs.record(done.result, &error)) {
            if (undoUnrecorded) {
                undoWrittenFiles(done.result);
                done.error = error + QStringLiteral("; nothing was changed: the files written were removed again");
            } else {
                done.unrecorded = true;
                done.error = error
                    + QStringLiteral("; the change is done but not recorded: the agent will log it "
                                     "when it next scans");
            }
        }
        return done;
    });
    RecordedAction done = co_await work;
    if (!done.ok() && !done.unrecorded)
        locks->release(); // nothing changed: nothing to acknowledge, and a dialog may follow
    co_return done;
}

QCoro::Task<QStringList> CertificateCommand::afterChange(QList<StoreConfig> touched, bool recorded)
{
    const Alive alive = this->alive();
    const std::shared_ptr<const Clock> clock = m_context.controller->sharedClock();
    const std::shared_ptr<ActionSnapshotLocks> locks = m_snapshotLocks; // this command may be gone after the scan
    auto scanning = scanFresh(std::move(touched), clock);
    const QList<StoreScan> scans = co_await std::move(scanning);
    auto acknowledged = QtConcurrent::run(backgroundPool(), [scans, clock, locks, recorded] {
        QStringList warnings;
        if (recorded)
            warnings = acknowledgeAction(scans, clock, locks.get());
        locks->release();
        return warnings;
    });
    QStringList warnings = co_await acknowledged;
    if (!alive)
        co_return warnings;
    auto applying = m_context.controller->applyStoreScans(scans);
    co_await std::move(applying);
    if (alive) {
        auto polling = m_context.controller->poll();
        co_await std::move(polling);
    }
    co_return warnings;
}

std::optional<StoredCertificate> CertificateCommand::findAgain(const StoreScan& scan, const CertificateRow& row)
{
    const StoredCertificate* elsewhere = nullptr;
    for (const StoredCertificate& stored : scan.certificates) {
        if (stored.certificate.sha256 != row.certificate().sha256)
            continue;
        if (stored.path == row.stored().path && stored.index == row.stored().index)
            return stored;
        if (!elsewhere)
            elsewhere = &stored;
    }
    if (elsewhere)
        return *elsewhere;
    return std::nullopt;
}

} // namespace certlife::ui
