// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

// Notification tasks for the demo data (DemoData.h): the admin's rebind and paging
// scripts of both channels, with runs tied to the demo's events — successes, a
// failure, a refusal after the script changed, and a disabled task. Registered through
// the real TaskRegistry into the TestEnvironment's task directories; the scripts
// themselves are not needed to list tasks and runs. Header-only; for the screenshots.

#include "eventlog/EventLog.h"
#include "tasks/TaskRegistry.h"
#include "tasks/TaskRunLog.h"
#include "util/Paths.h"

#include <QCryptographicHash>
#include <algorithm>

namespace certlife::test {

namespace demo {

inline NotificationTask demoTask(const QString& name, TaskType type, Scope channel, const QString& command,
                                 const QStringList& arguments)
{
    NotificationTask t;
    t.name = name;
    t.type = type;
    t.channel = channel;
    t.command = command;
    t.arguments = arguments;
    t.pinnedSha256 =
        QString::fromLatin1(QCryptographicHash::hash(command.toUtf8(), QCryptographicHash::Sha256).toHex().toUpper());
    return t;
}

inline QList<LifecycleEvent> demoEvents(Scope channel, EventId id, const QString& store)
{
    EventLog log(Paths::eventLogFile(channel), channel);
    QString error;
    if (!log.openReadOnly(&error))
        qFatal("demo tasks: %s", qPrintable(error));
    EventQuery q;
    q.channel = channel;
    q.ids = {id};
    q.storeId = store;
    q.limit = 1000;
    QList<LifecycleEvent> events = log.query(q);
    std::reverse(events.begin(), events.end()); // oldest first: runs are claimed as the events came
    return events;
}

struct DemoRun
{
    TaskRunState state = TaskRunState::Succeeded;
    int exitCode = 0;
    int seconds = 1;
    QByteArray output;
    QString reason;
};

inline void recordDemoRun(TaskRunLog& log, const NotificationTask& task, const LifecycleEvent& event, const DemoRun& r)
{
    qint64 id = 0;
    QString error;
    const QDateTime start = event.time.addSecs(2);
    if (log.claim(task.name, event, 1, start, QStringLiteral("demo"), &id, &error) != TaskRunLog::Claim::Claimed)
        return; // already recorded (DemoData's own runs)
    if (r.state != TaskRunState::Refused)
        log.markRunning(id, start, task.pinnedSha256, &error);
    TaskRun run = *log.run(id);
    run.state = r.state;
    run.endedAt = start.addSecs(r.seconds);
    if (r.state != TaskRunState::Refused)
        run.exitCode = r.exitCode;
    run.output = r.output;
    run.reason = r.reason;
    log.finish(run, &error);
}

} // namespace demo

inline void writeDemoTasks()
{
    using namespace demo;
    QString error;
    TaskRegistry system(Scope::System);
    TaskRegistry user(Scope::User);
    NotificationTask nginx = demoTask(QStringLiteral("nginx-rebind"), TaskType::Replace, Scope::System,
                                      QStringLiteral("/usr/local/sbin/nginx-rebind.sh"),
                                      {QStringLiteral("--search"), QStringLiteral("/etc/ssl/renewed"),
                                       QStringLiteral("{OldCertHash}"), QStringLiteral("{NewCertHash}")});
    nginx.filterStore = QStringLiteral("web");
    NotificationTask haproxy =
        demoTask(QStringLiteral("haproxy-reload"), TaskType::Replace, Scope::System,
                 QStringLiteral("/usr/local/sbin/haproxy-reload.sh"), {QStringLiteral("{NewCertHash}")});
    haproxy.filterStore = QStringLiteral("letsencrypt");
    NotificationTask postfix = demoTask(QStringLiteral("postfix-rebind"), TaskType::Replace, Scope::System,
                                        QStringLiteral("/usr/local/sbin/postfix-rebind.sh"),
                                        {QStringLiteral("{OldCertHash}"), QStringLiteral("{NewCertHash}")});
    postfix.filterSubject = QStringLiteral("mail.example.com");
    postfix.enabled = false;
    NotificationTask oncall = demoTask(
        QStringLiteral("page-oncall"), TaskType::Expire, Scope::System, QStringLiteral("/usr/local/bin/page-oncall"),
        {QStringLiteral("--summary=Certificate {Subject} expires {NotAfter}"), QStringLiteral("--store={Store}")});
    oncall.timeoutSeconds = 120;
    NotificationTask vpn =
        demoTask(QStringLiteral("renew-vpn-client"), TaskType::Expire, Scope::User,
                 QStringLiteral("/home/alice/bin/renew-vpn-client.sh"), {QStringLiteral("{Thumbprint}")});
    vpn.filterStore = QStringLiteral("My");
    for (const NotificationTask& t : {nginx, haproxy, postfix, oncall})
        system.add(t, &error);
    user.add(vpn, &error);

    TaskRunLog systemRuns(Paths::eventLogFile(Scope::System));
    TaskRunLog userRuns(Paths::eventLogFile(Scope::User));
    if (!systemRuns.open(&error) || !userRuns.open(&error))
        qFatal("demo task runs: %s", qPrintable(error));
    const QList<LifecycleEvent> renewals = demoEvents(Scope::System, EventId::Replace, QStringLiteral("letsencrypt"));
    for (int i = 0; i < renewals.size(); ++i) {
        DemoRun r{
            TaskRunState::Succeeded, 0, 1, "haproxy: configuration file is valid\nreloaded haproxy.service\n", {}};
        if (i == renewals.size() - 1) // the newest: the script was edited and not yet repinned
            r = {TaskRunState::Refused,
                 0,
                 0,
                 {},
                 QStringLiteral("script: /usr/local/sbin/haproxy-reload.sh changed since it was pinned: its SHA-256 is "
                                "9F2C41D0B7A3E6C58D1E4F0A2B9C7D3E5F6A8B0C1D2E3F4A5B6C7D8E9F0A1B2C, the pin is %1 "
                                "(review the change, then accept it with `certlifectl task repin`)")
                     .arg(haproxy.pinnedSha256)};
        recordDemoRun(systemRuns, haproxy, renewals[i], r);
    }
    const QList<LifecycleEvent> warnings = demoEvents(Scope::System, EventId::CloseToExpiration, QString());
    for (qsizetype i = std::max<qsizetype>(0, warnings.size() - 40); i < warnings.size(); ++i) {
        const QString cn = warnings[i].certificate.subjectCN;
        DemoRun r{TaskRunState::Succeeded,
                  0,
                  2,
                  QStringLiteral("paged on-call: %1 expires in %2 days (incident opened)\n")
                      .arg(cn)
                      .arg(warnings[i].remainingSeconds.value_or(0) / 86400)
                      .toUtf8(),
                  {}};
        if (i == warnings.size() - 4)
            r = {TaskRunState::Failed, 6, 30, "curl: (6) Could not resolve host: events.pager.example.com\n", {}};
        recordDemoRun(systemRuns, oncall, warnings[i], r);
    }
    const QList<LifecycleEvent> userWarnings =
        demoEvents(Scope::User, EventId::CloseToExpiration, QStringLiteral("My"));
    for (qsizetype i = std::max<qsizetype>(0, userWarnings.size() - 10); i < userWarnings.size(); ++i)
        recordDemoRun(
            userRuns, vpn, userWarnings[i],
            {TaskRunState::Succeeded, 0, 4, "requested a renewal from the corporate CA (request 4711 pending)\n", {}});
}

} // namespace certlife::test
