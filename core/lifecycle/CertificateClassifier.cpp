// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "lifecycle/CertificateClassifier.h"

namespace certlife {

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

ExpiryInfo CertificateClassifier::classify(Scope scope, const Certificate& c) const
{
    return classifyExpiry(c.notBeforeSecs, c.notAfterSecs, m_now, m_thresholds.of(scope),
                          m_archived[int(scope)].standingOf(c.sha256));
}

ClassifiedCertificate CertificateClassifier::classify(const StoreCertificate& certificate) const
{
    ClassifiedCertificate out;
    static_cast<StoreCertificate&>(out) = certificate;
    out.expiry = classify(certificate.scope, certificate.certificate());
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
