// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "TaskCliSupport.h"

#include "MonitoredScan.h"

#include "lifecycle/LifecycleEngine.h"
#include "policy/PolicyStore.h"
#include "stores/Scanner.h"
#include "tasks/TaskSeams.h"

#include <QCoro/QCoroTask>

#include "eventlog/EventLog.h"
#include "stores/StoreTypes.h"
#include "tasks/TaskBatch.h"
#include "tasks/TaskRegistry.h"
#include "tasks/TaskRunner.h"
#include "util/Paths.h"
#include "util/TerminalText.h"
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
    // Outcomes are printed below; the runner's log lines would only repeat them.
    QLoggingCategory::setFilterRules(QStringLiteral("certlife.tasks.*=false"));
    // The CLI has no running event loop: waitFor runs the only one until the runs end.
    const TaskBatchResult result =
        QCoro::waitFor(runSubmittedTasks(scope, taskCertificateLocator(scope), clock, submit));
    for (const QString& warning : result.warnings)
        io.err << "certlifectl: warning: " << escapeControlCharacters(warning) << "\n";
    const QList<TaskRun>& runs = result.runs;
    if (runs.isEmpty() && result.errors.isEmpty()) {
        io.out << "No task ran: no enabled " << scopeName(scope)
               << " task matches, or each has already run for its event.\n";
        return true;
    }
    for (const TaskRun& run : runs) {
        // The script's output (and a task name from a hand-edited file) is shown escaped.
        io.out << "task " << escapeControlCharacters(run.task) << " (event record " << run.eventRecordId << ", attempt "
               << run.attempt << "): " << escapeControlCharacters(runOutcomeLine(run)) << "\n";
        QStringList lines = QString::fromUtf8(run.output).split(QLatin1Char('\n'));
        if (!lines.isEmpty() && lines.last().isEmpty())
            lines.removeLast();
        if (lines.size() > kOutputLinesShown) {
            io.out << "  | … (" << lines.size() - kOutputLinesShown << " earlier lines: certlifectl task show "
                   << escapeControlCharacters(run.task) << ")\n";
            lines = lines.mid(lines.size() - kOutputLinesShown);
        }
        for (const QString& l : lines)
            io.out << "  | " << escapeControlCharacters(l) << "\n";
    }
    for (const QString& e : result.errors)
        io.err << "certlifectl: " << escapeControlCharacters(e) << "\n";
    io.out.flush();
    return result.allSucceeded();
}

} // namespace certlife::cli
