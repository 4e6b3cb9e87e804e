// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "lifecycle/EventText.h"

namespace certlife {

QString certificateDisplayName(const CertificateDetails& d)
{
    if (!d.subjectCN.isEmpty())
        return d.subjectCN;
    if (!d.sans.isEmpty())
        return d.sans.first().section(QLatin1Char(':'), 1);
    return d.subject.isEmpty() ? d.thumbprint : d.subject;
}

QString humanDuration(qint64 seconds)
{
    static const std::pair<qint64, const char*> units[] = {
        {86400, "day"}, {3600, "hour"}, {60, "minute"}, {1, "second"}};
    qint64 rest = qAbs(seconds);
    QStringList parts;
    for (const auto& [size, name] : units) {
        const qint64 n = rest / size;
        rest %= size;
        if (n > 0)
            parts << QStringLiteral("%1 %2%3").arg(n).arg(QLatin1String(name),
                                                          n == 1 ? QString() : QStringLiteral("s"));
        else if (!parts.isEmpty())
            break; // "2 days 3 minutes" would mislead: stop at the first gap
        if (parts.size() == 2)
            break;
    }
    return parts.isEmpty() ? QStringLiteral("0 seconds") : parts.join(QLatin1Char(' '));
}

QString lifecycleMessage(const LifecycleEvent& e)
{
    const CertificateDetails& c = e.certificate;
    const QString name = QStringLiteral("\"%1\" (%2)").arg(certificateDisplayName(c), c.thumbprint);
    const QString where = QStringLiteral("store %1, %2").arg(e.storeId, c.path);
    switch (e.id) {
    case EventId::New:
        if (e.action == Action::MoveOrCopy)
            return QStringLiteral("Certificate %1 was moved or copied into %2").arg(name, where);
        return QStringLiteral("New certificate %1 in %2").arg(name, where);
    case EventId::Deleted:
        if (e.action == Action::MoveOrCopy)
            return QStringLiteral("Certificate %1 was moved out of %2").arg(name, where);
        return QStringLiteral("Certificate %1 left %2").arg(name, where);
    case EventId::Replace: {
        const QString old = e.oldCertificate ? e.oldCertificate->thumbprint : QString();
        const QString how = e.action == Action::Renew ? QStringLiteral("renewed")
            : e.action == Action::Supersede           ? QStringLiteral("superseded by a later certificate")
                                                      : QStringLiteral("replaced by an earlier-expiring certificate");
        return QStringLiteral("Certificate \"%1\" was %2: %3 -> %4 in %5")
            .arg(certificateDisplayName(c), how, old, c.thumbprint, where);
    }
    case EventId::Archived:
        return QStringLiteral("Certificate %1 was archived after its replacement; it remains in %2 and gets no "
                              "more expiry warnings")
            .arg(name, where);
    case EventId::CloseToExpiration:
        return QStringLiteral("Certificate %1 expires in %2 (%3) in %4")
            .arg(name, humanDuration(e.remainingSeconds.value_or(0)), c.notAfter.toString(Qt::ISODate), where);
    case EventId::Expired:
        return QStringLiteral("Certificate %1 expired %2 ago (%3) in %4")
            .arg(name, humanDuration(e.remainingSeconds.value_or(0)), c.notAfter.toString(Qt::ISODate), where);
    case EventId::Exported:
        return QStringLiteral("Certificate %1 was exported with its private key from %2").arg(name, where);
    case EventId::StaleBinding: {
        // certificate: the newer one in a file store; oldCertificate: the one served.
        const CertificateDetails served = e.oldCertificate.value_or(CertificateDetails());
        return QStringLiteral("Endpoint %1 (store %2) still serves %3 (%4, subject %5), not the newer %6 (%7, subject "
                              "%8) at %9")
            .arg(served.path, e.storeId, certificateDisplayName(served), served.thumbprint, served.subject,
                 certificateDisplayName(c), c.thumbprint, c.subject, c.path);
    }
    case EventId::BindingCurrent: {
        // certificate: what is served now; oldCertificate: the stale one served before.
        const QString before = e.oldCertificate ? e.oldCertificate->thumbprint : QString();
        return QStringLiteral("Endpoint %1 (store %2) serves %3 (%4, subject %5) now, no longer the stale %6")
            .arg(c.path, e.storeId, certificateDisplayName(c), c.thumbprint, c.subject, before);
    }
    // Acknowledgements carry their own message (acknowledgementEvent()): this is the short form.
    case EventId::Acknowledged:
        if (e.action == Action::Mute)
            return QStringLiteral("Muted %1")
                .arg(c.issuer.isEmpty() ? QStringLiteral("store ") + e.storeId : QStringLiteral("issuer ") + c.issuer);
        return QStringLiteral("Acknowledged certificate %1").arg(name);
    case EventId::AcknowledgementRemoved:
        if (e.action == Action::Unmute)
            return QStringLiteral("Unmuted %1")
                .arg(c.issuer.isEmpty() ? QStringLiteral("store ") + e.storeId : QStringLiteral("issuer ") + c.issuer);
        return QStringLiteral("Removed the acknowledgement of certificate %1").arg(name);
    }
    return {};
}

LifecycleEvent makeLifecycleEvent(EventId id, const QString& action, const QString& storeId,
                                  const CertificateDetails& certificate,
                                  const std::optional<CertificateDetails>& oldCertificate,
                                  std::optional<qint64> remainingSeconds)
{
    LifecycleEvent e;
    e.id = id;
    e.action = action;
    e.storeId = storeId;
    e.certificate = certificate;
    e.oldCertificate = oldCertificate;
    e.remainingSeconds = remainingSeconds;
    e.message = lifecycleMessage(e);
    return e;
}

} // namespace certlife
