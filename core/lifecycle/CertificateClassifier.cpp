// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "lifecycle/CertificateClassifier.h"

namespace certlife {

namespace {
bool needsWarning(const Certificate& c, qint64 now, const ExpiryThreshold& threshold)
{
    return classifyExpiry(c.notBeforeSecs, c.notAfterSecs, now, threshold).needsAttention();
}
} // namespace

CertificateClassifier::CertificateClassifier(const ExpiryThresholds& thresholds, qint64 nowSecs)
    : m_thresholds(thresholds), m_now(nowSecs)
{}

CertificateClassifier::CertificateClassifier(const ExpiryThresholds& thresholds, const QDateTime& now)
    : CertificateClassifier(thresholds, now.toSecsSinceEpoch())
{}

void CertificateClassifier::setArchived(Scope scope, ArchivedCertificates archived)
{
    m_archived[int(scope)] = std::move(archived);
}

void CertificateClassifier::recogniseArchived(const QList<StoreScan>& scans)
{
    for (const Scope scope : {Scope::System, Scope::User})
        setArchived(scope, certlife::recogniseArchived(scope, scans));
}

void CertificateClassifier::setAcknowledgements(Scope scope, Acknowledgements acknowledgements)
{
    m_acknowledgements[int(scope)] = std::move(acknowledgements);
}

QStringList CertificateClassifier::readAcknowledgements()
{
    QStringList problems;
    for (const Scope scope : {Scope::System, Scope::User}) {
        AcknowledgementsLoad load = loadAcknowledgements(scope);
        if (!load.problem.isEmpty())
            problems << load.problem;
        setAcknowledgements(scope, std::move(load.acknowledgements));
    }
    return problems;
}

void CertificateClassifier::setTrustAnchorUse(Scope scope, TrustAnchorUse use)
{
    m_trustAnchorUse[int(scope)] = std::move(use);
}

void CertificateClassifier::recogniseTrustAnchorUse(const QList<StoreCertificate>& certificates)
{
    for (const Scope scope : {Scope::System, Scope::User})
        setTrustAnchorUse(scope, TrustAnchorUse::of(scope, certificates));
}

ExpiryInfo CertificateClassifier::classify(Scope scope, const Certificate& c) const
{
    return classify(scope, c, QString(), QString());
}

ExpiryInfo CertificateClassifier::classify(Scope scope, const Certificate& c, const QString& storeId,
                                           const QString& path) const
{
    ExpiryStanding standing = m_archived[int(scope)].standingOf(c.sha256);
    if (!standing.archived) {
        const ExpiryStanding acknowledged =
            m_acknowledgements[int(scope)].standingOf(c.sha256, c.issuer, storeId, path, m_now);
        if (acknowledged.acknowledged) {
            standing = acknowledged;
        } else if (m_trustAnchorUse[int(scope)] && isTrustAnchorStore(scope, storeId)
                   && needsWarning(c, m_now, m_thresholds.of(scope))
                   && trustAnchorSilenced(m_thresholds.of(scope).trustAnchors, *m_trustAnchorUse[int(scope)], c.subject,
                                          c.der)) {
            // As the agent: only what would warn is silenced; the rest keeps its time bin.
            standing.acknowledged = standing.muted = true;
            standing.acknowledgement = QStringLiteral("Muted by the machine policy (TrustAnchorWarnings=%1): a trust "
                                                      "anchor no monitored certificate chains to")
                                           .arg(trustAnchorWarningsText(m_thresholds.of(scope).trustAnchors));
        }
    }
    return classifyExpiry(c.notBeforeSecs, c.notAfterSecs, m_now, m_thresholds.of(scope), standing);
}

ClassifiedCertificate CertificateClassifier::classify(const StoreCertificate& certificate) const
{
    ClassifiedCertificate out;
    static_cast<StoreCertificate&>(out) = certificate;
    out.expiry = classify(certificate.scope, certificate.certificate(), certificate.storeId, certificate.stored.path);
    return out;
}

QList<ClassifiedCertificate> CertificateClassifier::classify(const QList<StoreCertificate>& certificates) const
{
    QList<ClassifiedCertificate> out;
    out.reserve(certificates.size());
    for (const StoreCertificate& c : certificates)
        out.append(classify(c));
    return out;
}

QList<ClassifiedCertificate> CertificateClassifier::classify(const QList<StoreScan>& scans) const
{
    return classify(storeCertificates(scans));
}

UrgencyGroup urgencyGroup(const ExpiryInfo& info)
{
    switch (info.state) {
    case ExpiryState::Archived: return UrgencyGroup::Archived;
    case ExpiryState::Acknowledged: return UrgencyGroup::Acknowledged;
    case ExpiryState::Expiring: return UrgencyGroup::Expiring;
    case ExpiryState::Expired: return info.longExpired ? UrgencyGroup::LongExpired : UrgencyGroup::RecentlyExpired;
    default: return UrgencyGroup::Later;
    }
}

bool moreUrgent(const ExpiryInfo& a, const ExpiryInfo& b)
{
    const UrgencyGroup ga = urgencyGroup(a);
    const UrgencyGroup gb = urgencyGroup(b);
    if (ga != gb)
        return ga < gb;
    if (ga == UrgencyGroup::RecentlyExpired || ga == UrgencyGroup::LongExpired)
        return a.remainingSeconds > b.remainingSeconds; // the newest expiry first
    return a.remainingSeconds < b.remainingSeconds;     // the soonest expiry first
}

} // namespace certlife
