// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "tasks/TaskBatch.h"

#include "tasks/TaskAdmin.h"
#include "tasks/TaskRegistry.h"
#include "util/Paths.h"

#include <QCoro/QCoroFuture>
#include <QtConcurrent/QtConcurrentRun>
#include <optional>

namespace certlife {

namespace {

class SharedClock final : public Clock
{
public:
    explicit SharedClock(std::shared_ptr<const Clock> clock) : m_clock(std::move(clock)) {}
    QDateTime now() const override { return m_clock->now(); }

private:
    std::shared_ptr<const Clock> m_clock;
};

// What the worker reads: the scope's tasks and its task policy (files, PolicyStore).
struct LoadedTasks
{
    std::optional<TaskRegistry> registry;
    TaskPolicy policy;
};

LoadedTasks loadTasks(Scope scope)
{
    LoadedTasks loaded;
    loaded.registry.emplace(scope);
    loaded.registry->load();
    loaded.policy = taskPolicyFor(scope);
    return loaded;
}

} // namespace

bool TaskBatchResult::allSucceeded() const
{
    if (!errors.isEmpty())
        return false;
    for (const TaskRun& run : runs) {
        if (run.state != TaskRunState::Succeeded)
            return false;
    }
    return true;
}

TaskRunnerOptions oneShotRunnerOptions(Scope scope, const TaskPolicy& policy)
{
    TaskRunnerOptions options;
    options.scope = scope;
    options.trust = TrustRule::forScope(scope);
    options.policy = policy;
    options.scheduleRetries = false;
    return options;
}

std::shared_ptr<Clock> runnerClock(std::shared_ptr<const Clock> clock)
{
    return std::make_shared<SharedClock>(std::move(clock));
}

QCoro::Task<TaskBatchResult> runSubmittedTasks(Scope scope, CertificateLocator locator,
                                               std::shared_ptr<const Clock> clock, TaskSubmission submit)
{
    auto loading = QtConcurrent::run(&loadTasks, scope);
    LoadedTasks loaded = co_await loading;
    TaskBatchResult result;
    for (const TaskRegistry::Problem& problem : loaded.registry->problems())
        result.warnings << problem.error;
    // The run log is an SQLite connection: opened on the thread the runner uses it on.
    TaskRunLog log(Paths::eventLogFile(scope));
    QString error;
    if (!log.open(&error)) {
        result.errors << error;
        co_return result;
    }
    TaskRunner runner(oneShotRunnerOptions(scope, loaded.policy), &*loaded.registry, &log, runnerClock(clock));
    runner.setCertificateLocator(std::move(locator));
    const QList<qint64> ids = submit(runner);
    if (!ids.isEmpty()) {
        QCoro::Task<QList<TaskRun>> waiting = runner.waitForRuns(ids);
        result.runs = co_await waiting;
    }
    result.errors += runner.errors();
    co_return result;
}

QCoro::Task<TaskBatchResult> runReplaceTasks(LifecycleEvent event, CertificateLocator locator,
                                             std::shared_ptr<const Clock> clock)
{
    const Scope scope = event.channel;
    TaskSubmission submit = [event](TaskRunner& runner) { return runner.submit(event); };
    QCoro::Task<TaskBatchResult> running =
        runSubmittedTasks(scope, std::move(locator), std::move(clock), std::move(submit));
    TaskBatchResult result = co_await running;
    co_return result;
}

} // namespace certlife
