// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

// One task runner in a fresh environment, for the tests that run tasks end to end.

#include "TaskFixture.h"
#include "TestEnvironment.h"
#include "tasks/TaskRegistry.h"
#include "tasks/TaskRunner.h"
#include "util/Paths.h"

#include <qcoro/qcorotask.h>

namespace certlife::test {

inline const QString kOld = QStringLiteral("1111111111111111111111111111111111111111");
inline const QString kNew = QStringLiteral("2222222222222222222222222222222222222222");
inline const QDateTime kNow(QDate(2026, 6, 1), QTime(8, 0), Qt::UTC);
inline const QString kNewPath = QStringLiteral("/etc/letsencrypt/live/www.example.org/cert.pem");
inline const QString kOldPath = QStringLiteral("/etc/letsencrypt/archive/www.example.org/cert1.pem");
inline const QDateTime kNotAfter(QDate(2027, 6, 1), QTime(12, 30, 5), Qt::UTC);

// Everything one runner needs, in a fresh environment.
struct Bench
{
    TestEnvironment env;
    ScriptDir scripts;
    QString out = scripts.filePath(QStringLiteral("out"));
    std::shared_ptr<FixedClock> clock = std::make_shared<FixedClock>(kNow);
    TaskRegistry registry{Scope::System};
    TaskRunLog log{Paths::eventLogFile(Scope::System)};
    QHash<QString, CertificateDetails> storeContent; // thumbprint -> details, in store "My"
    TaskPolicy policy;

    Bench()
    {
        QString error;
        if (!log.open(&error))
            qFatal("%s", qPrintable(error));
        policy.killGraceSeconds = 1;
    }

    std::unique_ptr<TaskRunner> runner()
    {
        TaskRunnerOptions options;
        options.policy = policy;
        auto r = std::make_unique<TaskRunner>(options, &registry, &log, clock);
        r->setCertificateLocator(
            [this](Scope, const QString& store, const QString& thumbprint) -> std::optional<LocatedCertificate> {
                if ((!store.isEmpty() && store != QLatin1String("My")) || !storeContent.contains(thumbprint))
                    return std::nullopt;
                return LocatedCertificate{QStringLiteral("My"), storeContent.value(thumbprint)};
            });
        return r;
    }

    NotificationTask addTask(const QString& name, const QString& script, TaskType type = TaskType::Replace,
                             QStringList args = {})
    {
        NotificationTask t;
        t.name = name;
        t.type = type;
        t.command = script;
        t.arguments = std::move(args);
        t.pinnedSha256 = sha256OfFile(script);
        QString error;
        if (!registry.add(t, &error))
            qFatal("%s", qPrintable(error));
        return t;
    }

    LifecycleEvent replaceEvent(qint64 recordId,
                                const QString& subject = QStringLiteral("CN=www.example.org,O=Example"))
    {
        LifecycleEvent e;
        e.recordId = recordId;
        e.id = EventId::Replace;
        e.channel = Scope::System;
        e.action = Action::Replace;
        e.storeId = QStringLiteral("My");
        e.certificate.thumbprint = kNew;
        e.certificate.subject = subject;
        e.certificate.notAfter = kNotAfter;
        e.certificate.path = kNewPath;
        e.certificate.sans = {QStringLiteral("DNS:www.example.org"), QStringLiteral("IP:192.0.2.7"),
                              QStringLiteral("DNS:example.org")};
        CertificateDetails old;
        old.thumbprint = kOld;
        old.subject = subject;
        old.path = kOldPath;
        e.oldCertificate = old;
        storeContent.insert(kNew, e.certificate);
        return e;
    }

    QList<TaskRun> run(TaskRunner& r, const LifecycleEvent& e) { return QCoro::waitFor(r.runEvent(e)); }
};

} // namespace certlife::test
