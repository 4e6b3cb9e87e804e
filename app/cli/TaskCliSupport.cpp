#include "TaskCliSupport.h"

#include "MonitoredScan.h"

#include "agent/ScopeInventory.h"
#include "lifecycle/LifecycleEngine.h"
#include "policy/PolicyStore.h"
#include "stores/Scanner.h"

#include <QCoro/QCoroTask>

#include "eventlog/EventLog.h"
#include "stores/StoreTypes.h"
#include "tasks/TaskRegistry.h"
#include "tasks/TaskRunner.h"
#include "util/Paths.h"
#include "x509/CertificateParser.h"

#include <QDir>
#include <QFile>
#include <QLoggingCategory>
#include <algorithm>
#include <qcoro/qcorotask.h>

namespace certlife::cli {

namespace {
constexpr int kOutputLinesShown = 20;
const QString kDefaultStoreId = QStringLiteral("My");
} // namespace

CertificateLocator taskCertificateLocator(Scope scope)
{
    // One scan of the scope's monitored stores per process, taken before any task runs
    // (the runner asks from inside its own event loop, where a scan must not start).
    static QHash<int, CertificateLocator> locators;
    auto it = locators.find(int(scope));
    if (it == locators.end())
        it = locators.insert(int(scope), locatorFromScans(scanMonitoredStores(scope)));
    return *it;
}

CertificateSwitcher taskCertificateSwitcher()
{
    // The store side of Switch-Certificate: the old certificate is archived, so the
    // agent gives it no more expiry warnings. The files stay where they are.
    return [](Scope scope, const LocatedCertificate& oldCertificate, const LocatedCertificate&, QString* error) {
        const QByteArray hex = QByteArray::fromHex(oldCertificate.details.sha256.toLatin1());
        if (hex.size() != 32) {
            *error = QStringLiteral("the old certificate is not in any %1 store: it cannot be archived "
                                    "(use --notify-only to only record the event)")
                         .arg(scopeName(scope).toLower());
            return false;
        }
        Sha256Digest sha{};
        std::copy(hex.begin(), hex.end(), sha.begin());
        std::shared_ptr<Clock> clock = Clock::fromEnvironment();
        if (!clock)
            clock = Clock::system();
        LifecycleEngine engine(clock, PolicyStore().effective(scope).policy);
        return engine.markArchived(scope, {sha}, error);
    };
}

QList<LifecycleEvent> replaceHistory(const EventLog& log, QString* error)
{
    EventQuery q;
    q.channel = log.channel();
    q.ids = {EventId::Replace};
    q.limit = 500;
    QList<LifecycleEvent> all;
    for (;;) {
        const QList<LifecycleEvent> page = log.query(q);
        if (!log.lastError().isEmpty()) {
            *error = log.lastError();
            return {};
        }
        all += page;
        if (page.size() < q.limit)
            break;
        q.after = EventCursor::of(page.last());
    }
    std::reverse(all.begin(), all.end());
    return all;
}

bool parseChannelOption(const QString& text, Scope* scope, CliIo& io, int* exitCode)
{
    if (parseScope(text, scope))
        return true;
    *exitCode = fail(io, ExitUsage, QStringLiteral("--channel \"%1\" is not System or User").arg(text));
    return false;
}

bool runTasksAndReport(Scope scope, const std::shared_ptr<Clock>& clock,
                       const std::function<QList<qint64>(TaskRunner&)>& submit, CliIo& io)
{
    TaskRegistry registry(scope);
    registry.load();
    for (const auto& problem : registry.problems())
        io.err << "certlifectl: warning: " << problem.error << "\n";
    TaskRunLog log(Paths::eventLogFile(scope));
    QString error;
    if (!log.open(&error)) {
        fail(io, ExitFailure, error);
        return false;
    }
    TaskRunnerOptions options;
    options.scope = scope;
    options.trust = TrustRule::forScope(scope);
    options.policy = taskPolicyFor(scope);
    options.scheduleRetries = false; // this process ends; the agent retries
    // Outcomes are printed below; the runner's log lines would only repeat them.
    QLoggingCategory::setFilterRules(QStringLiteral("certlife.tasks.*=false"));
    TaskRunner runner(options, &registry, &log, clock);
    runner.setCertificateLocator(taskCertificateLocator(scope));

    const QList<qint64> ids = submit(runner);
    if (ids.isEmpty()) {
        io.out << "No task ran: no enabled " << scopeName(scope)
               << " task matches, or each has already run for its event.\n";
        return runner.errors().isEmpty();
    }
    // The CLI has no running event loop: waitFor runs the only one until the runs end.
    const QList<TaskRun> runs = QCoro::waitFor(runner.waitForRuns(ids));
    bool allSucceeded = true;
    for (const TaskRun& run : runs) {
        allSucceeded = allSucceeded && run.state == TaskRunState::Succeeded;
        io.out << "task " << run.task << " (event record " << run.eventRecordId << ", attempt " << run.attempt
               << "): " << runOutcomeLine(run) << "\n";
        QStringList lines = QString::fromUtf8(run.output).split(QLatin1Char('\n'));
        if (!lines.isEmpty() && lines.last().isEmpty())
            lines.removeLast();
        if (lines.size() > kOutputLinesShown) {
            io.out << "  | … (" << lines.size() - kOutputLinesShown << " earlier lines: certlifectl task show "
                   << run.task << ")\n";
            lines = lines.mid(lines.size() - kOutputLinesShown);
        }
        for (const QString& l : lines)
            io.out << "  | " << l << "\n";
    }
    for (const QString& e : runner.errors())
        io.err << "certlifectl: " << e << "\n";
    io.out.flush();
    return allSucceeded && runner.errors().isEmpty();
}

} // namespace certlife::cli
