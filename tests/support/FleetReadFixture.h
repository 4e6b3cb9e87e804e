// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

// A small fleet to read, for the reading side's tests (core, CLI, console): three hosts
// that published through fleet::publish() as their agents would, web3 silent (its last
// contact three days old, with a rescan interval of an hour), and a console's login role
// in certlife_reader.
//
//   web1  contact 1 h ago,   interval 8 h   certificates: expired, expiring, healthy (System)
//                                            events: 1006 New (System, records 1-2), 1002 (User)
//   web2  contact 10 min ago, interval 8 h  certificates: healthy, within 30 days (System, User)
//                                            events: 1003 CloseToExpiration, 1001 Replace
//   web3  contact 3 days ago, interval 1 h  certificates: expired     events: 1002 Expired
//
// Events of web1 and web2 share a time (kFleetNow - 1 h): the host orders them.

#include "FleetTestSupport.h"
#include "PostgresCluster.h"
#include "fleet/FleetHosts.h"
#include "fleet/FleetPublish.h"
#include "fleet/FleetSchema.h"
#include "lifecycle/ExpiryState.h"
#include "lifecycle/LifecycleEvent.h"

#include <QCryptographicHash>
#include <QFile>
#include <QHash>
#include <QJsonDocument>

namespace certlife::test {

inline const QDateTime kFleetNow = QDateTime::fromString(QStringLiteral("2026-12-01T12:00:00Z"), Qt::ISODate);
inline const QString kFleetReader = QStringLiteral("alice");
inline const QString kFleetReaderPassword = QStringLiteral("alice-reads-the-fleet");

inline fleet::FleetCertificate fleetCertificate(const QString& name, const QString& channel, const QString& store,
                                                int daysLeft, ExpiryState state)
{
    fleet::FleetCertificate c;
    c.channel = channel;
    c.store = store;
    c.sha256 =
        QString::fromLatin1(QCryptographicHash::hash(name.toUtf8(), QCryptographicHash::Sha256).toHex()).toUpper();
    c.thumbprint = c.sha256.left(40);
    c.paths = {QStringLiteral("/etc/ssl/%1.pem").arg(name)};
    c.subject = QStringLiteral("CN=%1").arg(name);
    c.sans = {QStringLiteral("DNS:%1").arg(name)};
    c.issuer = QStringLiteral("CN=Example CA");
    c.notBefore = kFleetNow.addDays(-300);
    c.notAfter = kFleetNow.addDays(daysLeft);
    c.key = QStringLiteral("RSA 2048");
    c.state = expiryStateKey(state);
    return c;
}

// An event as the agent would send it: `data` is its `events --json` object.
inline fleet::FleetEvent fleetEvent(const QString& host, Scope channel, qint64 recordId, EventId id,
                                    const QDateTime& time, const fleet::FleetCertificate& certificate)
{
    LifecycleEvent e;
    e.recordId = recordId;
    e.time = time;
    e.id = id;
    e.channel = channel;
    e.host = host;
    // A User channel is an account's (the system agent publishes it under that name).
    e.account = channel == Scope::User ? QStringLiteral("dana") : QStringLiteral("root");
    e.process = QStringLiteral("certlifectl[1]");
    e.action = id == EventId::Replace ? Action::Renew : Action::Detected;
    e.storeId = certificate.store;
    e.certificate.thumbprint = certificate.thumbprint;
    e.certificate.sha256 = certificate.sha256;
    e.certificate.subject = certificate.subject;
    e.certificate.subjectCN = certificate.subject.mid(3);
    e.certificate.issuer = certificate.issuer;
    e.certificate.sans = certificate.sans;
    e.certificate.notBefore = certificate.notBefore;
    e.certificate.notAfter = certificate.notAfter;
    e.message = QStringLiteral("%1 %2 on %3").arg(eventName(id), certificate.subject, host);
    fleet::FleetEvent f;
    f.channel = scopeName(channel);
    f.logIdentity = QStringLiteral("%1-%2").arg(host, scopeName(channel));
    f.recordId = recordId;
    f.eventId = int(id);
    f.level = levelName(e.level());
    f.time = time;
    f.store = certificate.store;
    f.thumbprint = certificate.thumbprint;
    f.message = e.message;
    f.data = QJsonDocument(e.toJson()).toJson(QJsonDocument::Compact);
    return f;
}

// Fills DATABASE (created here) of CLUSTER with the fleet above and makes the reader
// role. False with a warning when a step fails.
inline bool publishReadFixture(PostgresCluster& cluster, const QString& database)
{
    QString error;
    if (!cluster.createDatabase(database, &error)) {
        qWarning("%s", qPrintable(error));
        return false;
    }
    std::unique_ptr<fleet::FleetConnection> admin = connectTo(cluster, database);
    if (!admin || !fleet::migrate(admin->database(), &error)) {
        qWarning("%s", qPrintable(error));
        return false;
    }
    // Roles are the cluster's: a second fixture database of the cluster finds them made.
    cluster.exec(database,
                 QStringLiteral("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '%1') THEN"
                                " CREATE ROLE %1 LOGIN PASSWORD '%2' IN ROLE certlife_reader; END IF; END $$")
                     .arg(kFleetReader, kFleetReaderPassword),
                 &error);
    using fleet::FleetCertificate;
    const FleetCertificate expired = fleetCertificate(QStringLiteral("old.web1.example"), QStringLiteral("System"),
                                                      QStringLiteral("ssl-certs"), -5, ExpiryState::Expired);
    const FleetCertificate expiring = fleetCertificate(QStringLiteral("soon.web1.example"), QStringLiteral("System"),
                                                       QStringLiteral("ssl-certs"), 10, ExpiryState::Expiring);
    const FleetCertificate healthy1 = fleetCertificate(QStringLiteral("www.web1.example"), QStringLiteral("System"),
                                                       QStringLiteral("My"), 200, ExpiryState::Healthy);
    const FleetCertificate healthy2 = fleetCertificate(QStringLiteral("www.web2.example"), QStringLiteral("System"),
                                                       QStringLiteral("My"), 300, ExpiryState::Healthy);
    const FleetCertificate within30 = fleetCertificate(QStringLiteral("mail.web2.example"), QStringLiteral("User"),
                                                       QStringLiteral("My"), 25, ExpiryState::Within30);
    const FleetCertificate expired3 = fleetCertificate(QStringLiteral("www.web3.example"), QStringLiteral("System"),
                                                       QStringLiteral("My"), -40, ExpiryState::Expired);

    struct Host
    {
        QString name;
        qint64 contactSecondsAgo;
        int rescanInterval;
        QList<FleetCertificate> inventory;
        QList<fleet::FleetEvent> events;
    };
    const QDateTime shared = kFleetNow.addSecs(-3600);
    const QList<Host> hosts{
        {QStringLiteral("web1"),
         3600,
         8 * 3600,
         {expired, expiring, healthy1},
         {fleetEvent(QStringLiteral("web1"), Scope::System, 1, EventId::New, kFleetNow.addDays(-2), healthy1),
          fleetEvent(QStringLiteral("web1"), Scope::System, 2, EventId::New, shared, expiring),
          fleetEvent(QStringLiteral("web1"), Scope::User, 1, EventId::Expired, kFleetNow.addSecs(-60), expired)}},
        {QStringLiteral("web2"),
         600,
         8 * 3600,
         {healthy2, within30},
         {fleetEvent(QStringLiteral("web2"), Scope::System, 2, EventId::CloseToExpiration, shared, within30),
          fleetEvent(QStringLiteral("web2"), Scope::System, 3, EventId::Replace, kFleetNow.addSecs(-1800), healthy2)}},
        {QStringLiteral("web3"),
         3 * 86400,
         3600,
         {expired3},
         {fleetEvent(QStringLiteral("web3"), Scope::System, 7, EventId::Expired, kFleetNow.addDays(-3), expired3)}},
    };
    for (const Host& host : hosts) {
        const QString password = fleet::generatePassword();
        if (!fleet::addHost(admin->database(), host.name, fleet::defaultHostRole(host.name), password, &error)) {
            qWarning("%s", qPrintable(error));
            return false;
        }
        std::unique_ptr<fleet::FleetConnection> agent =
            connectTo(cluster, database, fleet::defaultHostRole(host.name), password);
        if (!agent)
            return false;
        fleet::FleetPublication p;
        p.heartbeat.agentVersion = QStringLiteral("0.9.0");
        p.heartbeat.lastContact = kFleetNow.addSecs(-host.contactSecondsAgo);
        p.heartbeat.lastPassTime = p.heartbeat.lastContact;
        p.heartbeat.lastPassOutcome = QStringLiteral("ok");
        p.heartbeat.rescanIntervalSeconds = host.rescanInterval;
        p.inventoryChannels = {QStringLiteral("System"), QStringLiteral("User")};
        p.inventory = host.inventory;
        p.events = host.events;
        fleet::FleetError failure;
        if (!fleet::publish(agent->database(), host.name, p, &failure)) {
            qWarning("publishing %s: %s", qPrintable(host.name), qPrintable(failure.message));
            return false;
        }
    }
    return true;
}

// A 0600 file holding the reader's password, in DIR.
inline QString writeReaderPasswordFile(const QString& dir)
{
    const QString path = dir + QStringLiteral("/alice.password");
    QString error;
    if (!QFile::exists(path) && !fleet::createPasswordFile(path, kFleetReaderPassword, &error))
        qWarning("%s", qPrintable(error));
    return path;
}

} // namespace certlife::test
