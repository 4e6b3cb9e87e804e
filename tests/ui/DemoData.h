// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

// A realistic console data set at a fixed time: five stores of both scopes with
// expired, expiring and healthy certificates (ACME 90-day certificates, corporate PKI,
// client and S/MIME certificates, a CA bundle), per-file problems, one missing store,
// and a few hundred lifecycle events in both channels' logs. Used by the GUI tests and
// by the screenshots in docs/screenshots. Header-only.

#include "../core/models/ModelTestData.h"
#include "eventlog/EventLog.h"
#include "lifecycle/EventText.h"
#include "lifecycle/ExpiryState.h"
#include "tasks/TaskRunLog.h"
#include "util/Paths.h"

#include <QRandomGenerator>

namespace certlife::test {

struct DemoData
{
    QDateTime now;
    Inventory inventory;
    int systemEvents = 0;
    int userEvents = 0;
};

namespace demo {

struct Issuer
{
    GeneratedCert cert;
};

inline GeneratedCert makeCa(const QString& cn, const QString& org, const QDateTime& from, const QDateTime& to,
                            const GeneratedCert* parent = nullptr)
{
    CertSpec spec;
    spec.cn = cn;
    spec.extraSubject = {{QStringLiteral("O"), org}, {QStringLiteral("C"), QStringLiteral("US")}};
    spec.isCA = true;
    spec.keyUsage = KuKeyCertSign | KuCrlSign;
    spec.notBefore = from;
    spec.notAfter = to;
    return makeCertificate(spec, parent);
}

struct Spec
{
    QString cn;
    QStringList dns;
    double daysLeft = 0;
    int lifetimeDays = 90;
    const GeneratedCert* issuer = nullptr;
    QString templateName;
    QStringList ekus = {QStringLiteral("serverAuth")};
    bool privateKey = true;
    QString path;
    QString org;
};

inline StoredCertificate issue(const Spec& s, const QDateTime& now, quint32 serial)
{
    CertSpec spec;
    spec.cn = s.cn;
    spec.dns = s.dns;
    if (!s.org.isEmpty())
        spec.extraSubject = {{QStringLiteral("O"), s.org}};
    spec.notAfter = now.addSecs(qint64(s.daysLeft * 86400));
    spec.notBefore = spec.notAfter.addDays(-s.lifetimeDays);
    spec.templateName = s.templateName;
    spec.ekuOids = s.ekus;
    spec.serialHex = QByteArray::number(serial, 16).toUpper().rightJustified(8, '0');
    const GeneratedCert gen = makeCertificate(spec, s.issuer);
    StoredCertificate stored;
    stored.certificate = *decodeCertificateDer(gen.der);
    stored.certificate.hasPrivateKey = s.privateKey;
    stored.path = s.path;
    if (s.privateKey)
        stored.keyPath = QString(s.path).replace(QStringLiteral(".pem"), QStringLiteral(".key"));
    return stored;
}

inline StoreInventory store(Scope scope, const QString& id, const QString& name, const QString& path, bool recursive,
                            bool readOnly, const QDateTime& scannedAt)
{
    StoreInventory s = storeWith(scope, id, name, {}, scannedAt);
    s.config.path = path;
    s.config.recursive = recursive;
    s.config.readOnly = readOnly;
    return s;
}

} // namespace demo

// Builds the inventory and writes the events into Paths::eventLogFile() of both scopes
// (a TestEnvironment must point them into a temporary directory first).
inline DemoData makeDemoData(const QDateTime& now = utc(2026, 3, 1, 12))
{
    using namespace demo;
    QRandomGenerator random(20260301);
    DemoData data;
    data.now = now;
    quint32 serial = 0x1000;

    const GeneratedCert root = makeCa(QStringLiteral("Example Corp Root CA"), QStringLiteral("Example Corp"),
                                      utc(2016, 1, 1), utc(2036, 1, 1));
    const GeneratedCert corpCa = makeCa(QStringLiteral("Example Corp Issuing CA 01"), QStringLiteral("Example Corp"),
                                        utc(2021, 1, 1), utc(2031, 1, 1), &root);
    const GeneratedCert acme = makeCa(QStringLiteral("Demo ACME R11"), QStringLiteral("Demo ACME Authority"),
                                      utc(2024, 3, 1), utc(2027, 3, 1));

    // User: the admin's own certificates.
    StoreInventory personal =
        store(Scope::User, QStringLiteral("My"), QStringLiteral("Personal"),
              QStringLiteral("/home/alice/.local/share/certlife/stores/My"), false, false, now.addSecs(-1800));
    const QString my = personal.config.path + QLatin1Char('/');
    const Spec personalSpecs[] = {
        {QStringLiteral("alice@example.com"),
         {},
         140,
         365,
         &corpCa,
         QStringLiteral("User"),
         {QStringLiteral("emailProtection"), QStringLiteral("clientAuth")},
         true,
         my + QStringLiteral("alice-smime.pem"),
         QStringLiteral("Example Corp")},
        {QStringLiteral("Alice Example (VPN)"),
         {},
         12.4,
         180,
         &corpCa,
         QStringLiteral("VPNUser"),
         {QStringLiteral("clientAuth")},
         true,
         my + QStringLiteral("vpn-client.pem"),
         QStringLiteral("Example Corp")},
        {QStringLiteral("dev.localhost"),
         {QStringLiteral("dev.localhost"), QStringLiteral("localhost")},
         -5.3,
         30,
         nullptr,
         {},
         {QStringLiteral("serverAuth")},
         true,
         my + QStringLiteral("dev-localhost.pem"),
         {}},
        {QStringLiteral("Alice Example (code signing)"),
         {},
         402,
         730,
         &corpCa,
         QStringLiteral("CodeSigning"),
         {QStringLiteral("codeSigning")},
         false,
         my + QStringLiteral("codesign.pem"),
         QStringLiteral("Example Corp")},
        {QStringLiteral("git.example.com client"),
         {},
         24.6,
         90,
         &corpCa,
         QStringLiteral("User"),
         {QStringLiteral("clientAuth")},
         true,
         my + QStringLiteral("git-client.pem"),
         QStringLiteral("Example Corp")},
    };
    for (const Spec& s : personalSpecs)
        personal.scan.certificates << issue(s, now, ++serial);

    StoreInventory staging = store(Scope::User, QStringLiteral("staging"), QStringLiteral("Staging certificates"),
                                   QStringLiteral("/home/alice/staging-certs"), false, false, now.addSecs(-1800));
    staging.scan.storeMissing = true;

    // System: web servers with 90-day ACME certificates, spread over their lifetime.
    StoreInventory web = store(Scope::System, QStringLiteral("web"), QStringLiteral("Web servers"),
                               QStringLiteral("/etc/ssl/web"), false, false, now.addSecs(-900));
    const QStringList webHosts = {
        QStringLiteral("www"),        QStringLiteral("api"),          QStringLiteral("shop"),
        QStringLiteral("status"),     QStringLiteral("mail"),         QStringLiteral("static"),
        QStringLiteral("cdn"),        QStringLiteral("auth"),         QStringLiteral("grafana"),
        QStringLiteral("prometheus"), QStringLiteral("alertmanager"), QStringLiteral("docs"),
        QStringLiteral("blog"),       QStringLiteral("support"),      QStringLiteral("billing"),
        QStringLiteral("intranet"),   QStringLiteral("wiki"),         QStringLiteral("jenkins"),
        QStringLiteral("registry"),   QStringLiteral("vault"),        QStringLiteral("sso"),
        QStringLiteral("smtp"),       QStringLiteral("imap"),         QStringLiteral("matrix"),
        QStringLiteral("chat"),       QStringLiteral("nextcloud"),    QStringLiteral("gitlab"),
        QStringLiteral("minio")};
    const double webDaysLeft[] = {-3.2, 2.5,  5.1,  7.8,  11.0, 16.4, 19.9, 23.5, 27.1, 33.0, 38.6, 41.2, 45.7,  49.9,
                                  52.3, 56.8, 60.5, 63.1, 66.6, 70.2, 74.9, 78.3, 81.0, 84.4, 86.9, 88.2, -11.5, 9.3};
    for (int i = 0; i < webHosts.size(); ++i) {
        const QString host = webHosts[i] + QStringLiteral(".example.com");
        Spec s{host,
               {host},
               webDaysLeft[i],
               90,
               &acme,
               {},
               {QStringLiteral("serverAuth")},
               i % 9 != 4,
               QStringLiteral("/etc/ssl/web/%1.pem").arg(host),
               {}};
        if (i % 5 == 0)
            s.dns << QStringLiteral("%1.example.net").arg(webHosts[i]);
        web.scan.certificates << issue(s, now, ++serial);
    }
    web.scan.problems = {
        {QStringLiteral("/etc/ssl/web/old/www.example.com.pem.bak"),
         QStringLiteral("PEM block 1: bad base64 at line 7")},
        {QStringLiteral("/etc/ssl/web/private/legacy.example.com.key"),
         QStringLiteral("no certificate in the file (a private key whose certificate is missing)")},
        {QStringLiteral("/etc/ssl/web/broken-chain.p7b"),
         QStringLiteral("PKCS#7: truncated data (expected 2,311 bytes, found 1,024)")},
    };

    // System: certbot's live directory (symlinks into archive/).
    StoreInventory live = store(Scope::System, QStringLiteral("letsencrypt"), QStringLiteral("Let's Encrypt live"),
                                QStringLiteral("/etc/letsencrypt/live"), true, true, now.addSecs(-900));
    const QStringList liveHosts = {QStringLiteral("example.org"),       QStringLiteral("www.example.org"),
                                   QStringLiteral("mx1.example.org"),   QStringLiteral("lists.example.org"),
                                   QStringLiteral("forum.example.org"), QStringLiteral("pad.example.org"),
                                   QStringLiteral("cloud.example.org"), QStringLiteral("vpn.example.org"),
                                   QStringLiteral("git.example.org"),   QStringLiteral("ci.example.org")};
    for (int i = 0; i < liveHosts.size(); ++i) {
        Spec s{liveHosts[i],
               {liveHosts[i]},
               8.0 + i * 8.3,
               90,
               &acme,
               {},
               {QStringLiteral("serverAuth")},
               true,
               QStringLiteral("/etc/letsencrypt/live/%1/cert.pem").arg(liveHosts[i]),
               {}};
        live.scan.certificates << issue(s, now, ++serial);
    }

    // System: the corporate PKI, one- and two-year certificates with templates.
    StoreInventory corp = store(Scope::System, QStringLiteral("corp"), QStringLiteral("Corporate PKI"),
                                QStringLiteral("/etc/pki/corp"), true, false, now.addSecs(-900));
    const QStringList corpHosts = {QStringLiteral("dc01.corp.example"),   QStringLiteral("dc02.corp.example"),
                                   QStringLiteral("ldap.corp.example"),   QStringLiteral("db01.corp.example"),
                                   QStringLiteral("db02.corp.example"),   QStringLiteral("erp.corp.example"),
                                   QStringLiteral("hr.corp.example"),     QStringLiteral("print.corp.example"),
                                   QStringLiteral("radius.corp.example"), QStringLiteral("proxy.corp.example"),
                                   QStringLiteral("ntp.corp.example"),    QStringLiteral("backup.corp.example"),
                                   QStringLiteral("mon.corp.example"),    QStringLiteral("files.corp.example"),
                                   QStringLiteral("crm.corp.example"),    QStringLiteral("k8s-api.corp.example"),
                                   QStringLiteral("kafka.corp.example"),  QStringLiteral("es.corp.example"),
                                   QStringLiteral("jump.corp.example"),   QStringLiteral("sip.corp.example")};
    const QString templates[] = {QStringLiteral("DomainController"), QStringLiteral("WebServer"),
                                 QStringLiteral("Computer")};
    for (int i = 0; i < corpHosts.size(); ++i) {
        const int lifetime = i % 3 == 0 ? 730 : 365;
        const double left = 20.0 + random.bounded(330);
        Spec s{corpHosts[i],
               {corpHosts[i]},
               left,
               lifetime,
               &corpCa,
               templates[i % 3],
               {QStringLiteral("serverAuth"), QStringLiteral("clientAuth")},
               true,
               QStringLiteral("/etc/pki/corp/%1/cert.pem").arg(corpHosts[i].section(QLatin1Char('.'), 0, 0)),
               QStringLiteral("Example Corp")};
        corp.scan.certificates << issue(s, now, ++serial);
    }

    // System: the CA bundle, read-only.
    StoreInventory bundle = store(Scope::System, QStringLiteral("ssl-certs"), QStringLiteral("System CA bundle"),
                                  QStringLiteral("/etc/ssl/certs"), false, true, now.addSecs(-900));
    const QStringList roots = {QStringLiteral("Example Global Root G2"),
                               QStringLiteral("Example Global Root G3"),
                               QStringLiteral("Acme Trust Services Root R1"),
                               QStringLiteral("Acme Trust Services Root R4"),
                               QStringLiteral("Northwind Root Certification Authority"),
                               QStringLiteral("Contoso Root CA 2011"),
                               QStringLiteral("Fabrikam Secure Server Root"),
                               QStringLiteral("Tailspin EV Root CA"),
                               QStringLiteral("Woodgrove Commercial Root"),
                               QStringLiteral("Litware Root CA 2"),
                               QStringLiteral("Proseware ECC Root"),
                               QStringLiteral("Adventure Works Root Authority"),
                               QStringLiteral("Legacy Trust Root CA"),
                               QStringLiteral("Old Commerce Root CA")};
    for (int i = 0; i < roots.size(); ++i) {
        double left = 1500 + i * 311.0;
        if (roots[i].startsWith(QLatin1String("Legacy")))
            left = 152.5;
        if (roots[i].startsWith(QLatin1String("Old")))
            left = -210;
        const GeneratedCert ca = makeCa(roots[i], roots[i].section(QLatin1Char(' '), 0, 0),
                                        now.addDays(qint64(left) - 9125), now.addSecs(qint64(left * 86400)));
        StoredCertificate stored;
        stored.certificate = *decodeCertificateDer(ca.der);
        stored.path =
            QStringLiteral("/etc/ssl/certs/%1.pem").arg(QString(roots[i]).replace(QLatin1Char(' '), QLatin1Char('_')));
        bundle.scan.certificates << stored;
    }
    bundle.scan.problems = {
        {QStringLiteral("/etc/ssl/certs/ca-certificates.crt.dpkg-tmp"), QStringLiteral("empty file")}};

    data.inventory = {personal, staging, web, live, corp, bundle};

    // The history of the last half year: every certificate arrived at some point; ACME
    // certificates were renewed every 60 days (1001 + 1005); expiring ones got daily
    // warnings, expired ones daily errors; a few certificates left.
    const QDateTime historyStart = now.addDays(-180);
    std::array<QList<LifecycleEvent>, 2> events;
    auto stamp = [&](LifecycleEvent e, Scope channel, const QDateTime& time) {
        e.channel = channel;
        e.time = time;
        e.host = QStringLiteral("web01.example.com");
        e.account = channel == Scope::System ? QStringLiteral("root") : QStringLiteral("alice");
        e.process = QStringLiteral("certlifectl watch[%1]").arg(channel == Scope::System ? 812 : 2291);
        e.message = lifecycleMessage(e);
        events[int(channel)] << e;
    };
    int storeIndex = 0;
    for (const StoreInventory& s : std::as_const(data.inventory)) {
        const Scope channel = s.config.scope;
        ++storeIndex;
        int certIndex = 0;
        for (const StoredCertificate& c : s.scan.certificates) {
            ++certIndex;
            // The agent's daily pass reaches this certificate a few seconds into the pass.
            const qint64 passOffset = storeIndex * 97 + certIndex * 3;
            const CertificateDetails details = CertificateDetails::from(c.certificate, c.path);
            const QDateTime issued = c.certificate.notBefore();
            const QDateTime seen = std::max(historyStart, issued).addSecs(random.bounded(3 * 3600));
            const bool acmeRenewal = c.certificate.issuer.contains(QLatin1String("ACME")) && issued > now.addDays(-60);
            if (acmeRenewal) {
                // Renewed every 60 days: the renewals of the last half year, oldest first.
                CertificateDetails current = details;
                QList<QPair<CertificateDetails, CertificateDetails>> renewals; // (old, new)
                for (int generation = 1; current.notBefore > historyStart; ++generation) {
                    CertificateDetails old = current;
                    old.notBefore = current.notBefore.addDays(-60);
                    old.notAfter = current.notAfter.addDays(-60);
                    const QByteArray seed = details.thumbprint.toLatin1() + "old" + QByteArray::number(generation);
                    old.thumbprint =
                        QString::fromLatin1(QCryptographicHash::hash(seed, QCryptographicHash::Sha1).toHex().toUpper());
                    old.sha256 = QString::fromLatin1(
                        QCryptographicHash::hash(seed, QCryptographicHash::Sha256).toHex().toUpper());
                    renewals.prepend({old, current});
                    current = old;
                }
                for (const auto& [old, renewed] : std::as_const(renewals)) {
                    const QDateTime at = renewed.notBefore.addSecs(600 + passOffset);
                    if (at < historyStart || at > now)
                        continue;
                    stamp(makeLifecycleEvent(EventId::Replace, Action::Renew, s.config.id, renewed, old), channel, at);
                    stamp(makeLifecycleEvent(EventId::Archived, Action::Archive, s.config.id, old), channel,
                          at.addSecs(1));
                }
            } else if (seen < now) {
                stamp(makeLifecycleEvent(EventId::New, Action::Detected, s.config.id, details), channel, seen);
            }
            const qint64 left = c.certificate.notAfterSecs - now.toSecsSinceEpoch();
            const qint64 window =
                ExpiryThreshold().warningWindowSeconds(c.certificate.notBeforeSecs, c.certificate.notAfterSecs);
            if (left < 0) {
                for (int day = 0; day < 7 && left + day * 86400 < 0; ++day) {
                    const QDateTime at = now.addSecs(-day * 86400 - 3600 * 2 + passOffset);
                    const qint64 remaining = c.certificate.notAfterSecs - at.toSecsSinceEpoch();
                    if (remaining < 0)
                        stamp(makeLifecycleEvent(EventId::Expired, Action::Expire, s.config.id, details, std::nullopt,
                                                 remaining),
                              channel, at);
                }
            } else if (left <= window) {
                for (int day = 0; day < 14; ++day) {
                    const QDateTime at = now.addSecs(-day * 86400 - 3600 + passOffset);
                    const qint64 remaining = c.certificate.notAfterSecs - at.toSecsSinceEpoch();
                    if (remaining <= window)
                        stamp(makeLifecycleEvent(EventId::CloseToExpiration, Action::Expire, s.config.id, details,
                                                 std::nullopt, remaining),
                              channel, at);
                }
            }
        }
    }
    // Two certificates left the web store; the admin exported the VPN certificate.
    const StoredCertificate& gone = web.scan.certificates.constFirst();
    CertificateDetails goneDetails =
        CertificateDetails::from(gone.certificate, QStringLiteral("/etc/ssl/web/legacy.example.com.pem"));
    goneDetails.subjectCN = QStringLiteral("legacy.example.com");
    stamp(makeLifecycleEvent(EventId::Deleted, Action::Delete, QStringLiteral("web"), goneDetails), Scope::System,
          now.addDays(-12));
    const StoredCertificate& vpn = personal.scan.certificates[1];
    stamp(makeLifecycleEvent(EventId::Exported, Action::Export, QStringLiteral("My"),
                             CertificateDetails::from(vpn.certificate, vpn.path)),
          Scope::User, now.addDays(-2).addSecs(5400));

    for (Scope channel : {Scope::System, Scope::User}) {
        QList<LifecycleEvent>& list = events[int(channel)];
        std::sort(list.begin(), list.end(),
                  [](const LifecycleEvent& a, const LifecycleEvent& b) { return a.time < b.time; });
        EventLog log(Paths::eventLogFile(channel), channel);
        QString error;
        if (!log.open(&error) || !log.append(list, &error))
            qFatal("demo events: %s", qPrintable(error));
        (channel == Scope::System ? data.systemEvents : data.userEvents) = int(list.size());
    }

    // The admin's rebind task ran for every renewal of the web servers' certificates.
    TaskRunLog runs(Paths::eventLogFile(Scope::System));
    QString error;
    if (!runs.open(&error))
        qFatal("demo task runs: %s", qPrintable(error));
    for (const LifecycleEvent& e : std::as_const(events[int(Scope::System)])) {
        if (e.id != EventId::Replace || e.storeId != QLatin1String("web"))
            continue;
        qint64 id = 0;
        if (runs.claim(QStringLiteral("nginx-rebind"), e, 1, e.time.addSecs(1), QStringLiteral("demo"), &id, &error)
            != TaskRunLog::Claim::Claimed)
            qFatal("demo task run: %s", qPrintable(error));
        TaskRun run = *runs.run(id);
        run.state = TaskRunState::Succeeded;
        run.startedAt = e.time.addSecs(1);
        run.endedAt = e.time.addSecs(2);
        run.exitCode = 0;
        run.output = "nginx: the configuration file /etc/nginx/nginx.conf syntax is ok\n"
                     "nginx: configuration file /etc/nginx/nginx.conf test is successful\n"
                     "reloaded nginx.service\n";
        runs.finish(run, &error);
    }
    return data;
}

} // namespace certlife::test
