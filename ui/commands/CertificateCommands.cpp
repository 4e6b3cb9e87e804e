// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "CertificateCommands.h"

#include "console/ConsoleController.h"
#include "actions/ActionRecording.h"
#include "models/BackgroundPool.h"
#include "models/CertificateTableModel.h"
#include "stores/CertificateLocations.h"
#include "tasks/TaskBatch.h"

#include <QCoreApplication>
#include <QCoro/QCoroFuture>
#include <QtConcurrent/QtConcurrentRun>
#include <algorithm>

namespace certlife::ui {

namespace {

// "2 tasks ran: nginx-rebind succeeded, page-oncall failed (exit 1)."
QString replaceTasksSummary(Scope scope, const TaskBatchResult& tasks)
{
    QStringList parts;
    if (tasks.runs.isEmpty() && tasks.errors.isEmpty())
        parts << QCoreApplication::translate("ReplaceCommand", "No %1 Replace task matched.").arg(scopeName(scope));
    if (!tasks.runs.isEmpty()) {
        QStringList outcomes;
        for (const TaskRun& run : tasks.runs)
            outcomes << QStringLiteral("%1 %2").arg(run.task,
                                                    run.state == TaskRunState::Succeeded
                                                        ? QCoreApplication::translate("ReplaceCommand", "succeeded")
                                                        : run.outcomeText());
        const QString joined = outcomes.join(QStringLiteral(", "));
        parts << (tasks.runs.size() == 1 ? QCoreApplication::translate("ReplaceCommand", "1 task ran: %1.").arg(joined)
                                         : QCoreApplication::translate("ReplaceCommand", "%1 tasks ran: %2.")
                                               .arg(tasks.runs.size())
                                               .arg(joined));
    }
    for (const QString& error : tasks.errors)
        parts << QCoreApplication::translate("ReplaceCommand", "The tasks could not all run: %1.").arg(error);
    for (const QString& warning : tasks.warnings)
        parts << QCoreApplication::translate("ReplaceCommand", "A task was not loaded: %1.").arg(warning);
    return parts.join(QLatin1Char(' '));
}

DeleteOption deleteOption(const StoredCertificate& cert, const StoreConfig& store, const StoreScan& content,
                          const RemovalScope& scope)
{
    const RemovalPlan plan = CertificateActions::planRemoval(cert, store, content, scope);
    DeleteOption option;
    option.location = scope.onlyPath;
    if (!plan.ok()) {
        option.refused = plan.error;
        return option;
    }
    option.files = plan.files;
    option.rewritten = plan.rewritten;
    option.keptKeys = plan.keptKeys;
    option.remaining = plan.remaining;
    return option;
}

} // namespace

DeleteQuestion DeleteCommand::deleteQuestion(const StoredCertificate& cert, const StoreConfig& store,
                                             const StoreScan& content) const
{
    DeleteQuestion question;
    question.certificate = summaryOf(row());
    for (const CertificateLocation& location : locationsIn(content, cert.certificate.sha256))
        if (!question.locations.contains(location.path))
            question.locations << location.path;
    question.options << deleteOption(cert, store, content, RemovalScope::everywhere());
    if (question.locations.size() > 1)
        for (const QString& path : std::as_const(question.locations))
            question.options << deleteOption(cert, store, content, RemovalScope::at(path));
    question.files = question.options.constFirst().files;
    question.keptKeyFile = question.options.constFirst().keptKeys.value(0);
    return question;
}

QCoro::Task<CommandOutcome> ExportCommand::run()
{
    const QString title = tr("Export");
    const std::optional<StoreConfig> store = storeByKey(row().storeKey());
    if (!store)
        co_return failed(title,
                         tr("Nothing was exported: the store %1 is no longer configured.").arg(row().storeName()));
    std::optional<ExportAnswer> answer = dialogs().askExport(parentWidget(), summaryOf(row()));
    if (!answer)
        co_return cancelled();
    ExportRequest request;
    request.format = answer->format;
    request.outputPath = answer->path;
    request.password = std::move(answer->password);
    request.pkcs12Kind = answer->pkcs12Kind;
    request.overwrite = answer->overwrite;
    const SecureBytes wipePassword(request.password); // wiped when the export is done, in every copy

    const bool withKey = request.format == ExportFormat::Pkcs12;
    // Only an export with the private key is an event (1007), as on Windows.
    const QList<Scope> channels = withKey ? QList<Scope>{store->scope} : QList<Scope>{};
    auto action = [cert = row().stored(), config = *store, request, context = actionContext()] {
        return CertificateActions::exportCertificate(cert, config, request, context);
    };
    const Alive alive = this->alive();
    const QList<Scope> changesNoStore;
    auto performing = perform(channels, changesNoStore, action, true);
    const RecordedAction done = co_await std::move(performing);
    if (!alive || done.cancelled)
        co_return cancelled();
    if (!done.ok())
        co_return failed(title, tr("Nothing was exported to %1: %2").arg(request.outputPath, done.error));
    if (withKey) {
        auto polling = controller()->poll();
        co_await std::move(polling);
    }
    co_return CommandOutcome::done(tr("Exported %1%2 to %3.")
                                       .arg(row().certificate().displayName(),
                                            withKey ? tr(" with its private key") : QString(), request.outputPath));
}

QCoro::Task<CommandOutcome> CopyMoveCommand::run()
{
    const QString title = m_move ? tr("Move") : tr("Copy");
    const std::optional<StoreConfig> source = storeByKey(row().storeKey());
    if (!source)
        co_return failed(title, tr("The store %1 is no longer configured.").arg(row().storeName()));
    const QList<StoreChoice> targets = writableStores(row().storeKey());
    if (targets.isEmpty())
        co_return failed(title,
                         tr("No other store accepts new certificates here: add a directory store of your own "
                            "on the Stores page."));
    const std::optional<QString> targetKey =
        dialogs().askTargetStore(parentWidget(), m_move, summaryOf(row()), targets);
    if (!targetKey)
        co_return cancelled();
    const std::optional<StoreConfig> target = storeByKey(*targetKey);
    if (!target)
        co_return failed(title, tr("The chosen store is no longer configured."));

    const Alive beforeChange = untilCancelled();
    const Alive alive = this->alive();
    const QList<StoreConfig> both{*source, *target};
    auto scanning = scanFresh(both, controller()->sharedClock());
    const QList<StoreScan> scans = co_await std::move(scanning);
    if (!beforeChange)
        co_return cancelled();
    const std::optional<StoredCertificate> cert = findAgain(scans.value(0), row());
    if (!cert)
        co_return failed(title,
                         tr("%1 is no longer in %2 (%3): nothing was changed.")
                             .arg(row().certificate().displayName(), storeLabel(*source), row().stored().path));
    QList<Scope> channels{target->scope};
    if (m_move)
        channels << source->scope;
    auto action = [cert = *cert, src = *source, srcScan = scans.value(0), dst = *target, dstScan = scans.value(1),
                   move = m_move, context = actionContext()] {
        return CertificateActions::copyCertificate(cert, src, srcScan, dst, dstScan, move, context);
    };
    auto performing = perform(channels, channels, action, !m_move);
    const RecordedAction done = co_await std::move(performing);
    if (!alive || done.cancelled)
        co_return cancelled();
    if (!done.ok() && !done.unrecorded)
        co_return failed(title,
                         tr("%1 was not %2: %3")
                             .arg(row().certificate().displayName(), m_move ? tr("moved") : tr("copied"), done.error));
    QList<StoreConfig> touched{*target};
    if (m_move)
        touched << *source;
    auto updating = afterChange(touched, !done.unrecorded);
    const QStringList warnings = co_await std::move(updating);
    if (!alive)
        co_return cancelled();
    if (done.unrecorded)
        co_return failed(title, done.error);
    const QString text = (m_move ? tr("Moved %1 from %2 to %3.") : tr("Copied %1 from %2 to %3."))
                             .arg(cert->certificate.displayName(), storeLabel(*source), storeLabel(*target));
    co_return CommandOutcome::done((QStringList{text} + warnings).join(QLatin1Char(' ')));
}

QCoro::Task<CommandOutcome> DeleteCommand::run()
{
    const QString title = tr("Delete");
    const std::optional<StoreConfig> store = storeByKey(row().storeKey());
    if (!store)
        co_return failed(title, tr("The store %1 is no longer configured.").arg(row().storeName()));
    const Alive beforeChange = untilCancelled();
    const Alive alive = this->alive();
    const QList<StoreConfig> stores{*store};
    auto scanning = scanFresh(stores, controller()->sharedClock());
    const QList<StoreScan> scans = co_await std::move(scanning);
    if (!beforeChange)
        co_return cancelled();
    const StoreScan content = scans.value(0);
    const std::optional<StoredCertificate> cert = findAgain(content, row());
    if (!cert)
        co_return failed(title,
                         tr("%1 is no longer in %2 (%3): nothing was deleted.")
                             .arg(row().certificate().displayName(), storeLabel(*store), row().stored().path));
    // Decided before asking, so the question names exactly what goes, for every choice.
    const DeleteQuestion question = deleteQuestion(*cert, *store, content);
    if (!question.options.constFirst().refused.isEmpty()
        && std::none_of(question.options.cbegin(), question.options.cend(),
                        [](const DeleteOption& option) { return option.refused.isEmpty(); }))
        co_return failed(title, tr("Nothing was deleted: %1").arg(question.options.constFirst().refused));
    const std::optional<int> chosen = dialogs().askDelete(parentWidget(), question);
    if (!chosen || *chosen < 0 || *chosen >= question.options.size() || !question.options[*chosen].refused.isEmpty())
        co_return cancelled();
    const DeleteOption option = question.options[*chosen];
    const RemovalScope scope =
        option.location.isEmpty() ? RemovalScope::everywhere() : RemovalScope::at(option.location);

    const QList<Scope> channels{store->scope};
    auto action = [cert = *cert, config = *store, content, scope, context = actionContext()] {
        return CertificateActions::deleteCertificate(cert, config, content, scope, context);
    };
    auto performing = perform(channels, channels, action, false);
    const RecordedAction done = co_await std::move(performing);
    if (!alive || done.cancelled)
        co_return cancelled();
    const bool changedFiles = !done.result.removedFiles.isEmpty() || !done.result.rewrittenFiles.isEmpty()
        || !done.result.removedEntries.isEmpty();
    if (!done.ok() && !done.unrecorded && !changedFiles)
        co_return failed(title, tr("Nothing was deleted: %1").arg(done.error));
    auto updating = afterChange(stores, !done.unrecorded);
    const QStringList warnings = co_await std::move(updating);
    if (!alive)
        co_return cancelled();
    if (done.unrecorded || !done.ok())
        co_return failed(title, done.error);
    QStringList notMissed;
    for (const QString& path : option.files) {
        if (!done.result.removedFiles.contains(path) && !done.result.removedEntries.contains(path))
            notMissed << tr("%1 could not be removed; remove it by hand.").arg(path);
    }
    const QString text = option.remaining.isEmpty()
        ? tr("Deleted %1 from %2.").arg(cert->certificate.displayName(), storeLabel(*store))
        : tr("Deleted %1 from %2 in %3; the store still holds it at %4.")
              .arg(cert->certificate.displayName(), option.location, storeLabel(*store),
                   option.remaining.join(QStringLiteral(", ")));
    co_return CommandOutcome::done((QStringList{text} + notMissed + warnings).join(QLatin1Char(' ')));
}

QCoro::Task<CommandOutcome> ReplaceCommand::run()
{
    const QString title = tr("Replace");
    const std::optional<StoreConfig> store = storeByKey(row().storeKey());
    if (!store)
        co_return failed(title, tr("The store %1 is no longer configured.").arg(row().storeName()));
    // Candidates: the other certificates of the same scope (its event log and snapshot).
    QList<CertificateRow> candidates;
    QList<CertificateSummary> summaries;
    for (const CertificateRow& other : controller()->certificates()->rows()) {
        if (other.scope() == row().scope() && other.certificate().sha256 != row().certificate().sha256) {
            candidates << other;
            summaries << summaryOf(other);
        }
    }
    if (candidates.isEmpty())
        co_return failed(title,
                         tr("No other certificate of the %1 scope can replace %2.")
                             .arg(scopeName(row().scope()), row().certificate().displayName()));
    const std::optional<int> chosen = dialogs().askReplacement(parentWidget(), summaryOf(row()), summaries);
    if (!chosen || *chosen < 0 || *chosen >= candidates.size())
        co_return cancelled();
    const CertificateRow replacement = candidates.at(*chosen);
    const std::optional<StoreConfig> replacementStore = storeByKey(replacement.storeKey());
    if (!replacementStore)
        co_return failed(title, tr("The store %1 is no longer configured.").arg(replacement.storeName()));

    const QList<Scope> channels{store->scope};
    const std::shared_ptr<const Clock> clock = controller()->sharedClock();
    auto action = [old = row().stored(), oldStore = *store, replacement = replacement.stored(),
                   newStore = *replacementStore, context = actionContext()] {
        return CertificateActions::replaceCertificate(old, oldStore, replacement, newStore, context);
    };
    const Alive alive = this->alive();
    // No store file changes; archiveReplaced() below takes the snapshot lock itself.
    const QList<Scope> changesNoStore;
    auto performing = perform(channels, changesNoStore, action, false);
    const RecordedAction done = co_await std::move(performing);
    if (!alive || done.cancelled)
        co_return cancelled();
    if (!done.ok())
        co_return failed(title, tr("Nothing was recorded: %1").arg(done.error));
    // The store side: the old certificate gets no more expiry warnings. The 1005 event
    // says the same, so a snapshot that cannot be updated is a warning only.
    auto archive = QtConcurrent::run(backgroundPool(), [scope = store->scope, old = row().certificate(), clock] {
        QString error;
        return archiveReplaced(scope, old, clock, &error) ? QString() : error;
    });
    const QString archiveError = co_await archive;
    if (!alive)
        co_return cancelled();
    QString text = tr("Recorded that %1 replaces %2 (events 1001 and 1005).")
                       .arg(replacement.certificate().displayName(), row().certificate().displayName());
    if (!archiveError.isEmpty())
        text += QLatin1Char(' ')
            + tr("The old certificate could not be marked archived in the lifecycle snapshot "
                 "(%1): the agent may still warn about its expiry.")
                  .arg(archiveError);

    // The matching Replace tasks of the scope, as `certlifectl switch` runs them (same
    // runner, checks and run log); the scripts run as child processes, the UI stays live.
    std::optional<LifecycleEvent> recorded;
    for (const LifecycleEvent& event : done.result.events) {
        if (event.id == EventId::Replace)
            recorded = event;
    }
    const Scope scope = store->scope;
    CommandMessage problem;
    if (recorded && controller()->canModify(scope)) {
        Q_EMIT progress(
            tr("Recorded that %1 replaces %2; running the matching %3 Replace tasks…")
                .arg(replacement.certificate().displayName(), row().certificate().displayName(), scopeName(scope)));
        QCoro::Task<TaskBatchResult> running = runReplaceTasks(*recorded, controller()->certificateLocator(), clock);
        const TaskBatchResult tasks = co_await running;
        if (!alive)
            co_return cancelled();
        const QString summary = replaceTasksSummary(scope, tasks);
        text += QLatin1Char(' ') + summary;
        if (!tasks.allSucceeded())
            problem = {CommandMessage::Kind::Error, tr("Replace tasks"),
                       tr("%1 replaces %2 (recorded). %3")
                           .arg(replacement.certificate().displayName(), row().certificate().displayName(), summary)};
    } else if (recorded) { // Replace is disabled then; the events alone never hide that tasks did not run
        text +=
            QLatin1Char(' ') + tr("The %1 Replace tasks were not run: running them needs root.").arg(scopeName(scope));
    }
    auto polling = controller()->poll();
    co_await std::move(polling);
    co_return CommandOutcome::done(text, problem);
}

} // namespace certlife::ui
