// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

// The one place where a certificate's state is decided from the policy (docs/lifecycle.md,
// "States"): the console's rows and summary, the reports, `certlifectl scan`, `check`
// and `metrics` classify through a CertificateClassifier; the agent's 1002/1003 use
// the same classifyExpiry() with the same ExpiryThreshold and archived flags.

#include "lifecycle/Acknowledgements.h"
#include "lifecycle/ArchivedCertificates.h"
#include "lifecycle/ExpiryState.h"
#include "stores/StoreTypes.h"

namespace certlife {

// A certificate in a store with its state: what every table and count is made of.
struct ClassifiedCertificate : StoreCertificate
{
    ExpiryInfo expiry;
};

class CertificateClassifier
{
public:
    CertificateClassifier(const ExpiryThresholds& thresholds, qint64 nowSecs);
    CertificateClassifier(const ExpiryThresholds& thresholds, const QDateTime& now);

    // The engine's archived certificates of a scope (recogniseArchived()); none by default.
    void setArchived(Scope scope, ArchivedCertificates archived);
    // Both scopes' archived certificates as the engine would recognise them in these scans.
    void recogniseArchived(const QList<StoreScan>& scans);
    const ArchivedCertificates& archived(Scope scope) const { return m_archived[int(scope)]; }

    // The admin's acknowledgements and mutes of a scope (Acknowledgements.h); none by default.
    void setAcknowledgements(Scope scope, Acknowledgements acknowledgements);
    // Both scopes' files as they are now; what could not be read is returned (and ignored).
    QStringList readAcknowledgements();
    const Acknowledgements& acknowledgements(Scope scope) const { return m_acknowledgements[int(scope)]; }
    // Which trust anchors the certificates of the other stores chain to (TrustAnchorWarnings);
    // until this is told, the trust anchor policy is not applied (a scan of one store
    // cannot know who uses its roots).
    void setTrustAnchorUse(Scope scope, TrustAnchorUse use);
    void recogniseTrustAnchorUse(const QList<StoreCertificate>& certificates);

    const ExpiryThresholds& thresholds() const { return m_thresholds; }
    qint64 nowSecs() const { return m_now; }

    // Without its store: the archive, and acknowledgements of the certificate (dated) or its issuer.
    ExpiryInfo classify(Scope scope, const Certificate& certificate) const;
    // A certificate at a store's path: every standing (store mutes, trust anchors too).
    ExpiryInfo classify(Scope scope, const Certificate& certificate, const QString& storeId, const QString& path) const;
    ClassifiedCertificate classify(const StoreCertificate& certificate) const;
    QList<ClassifiedCertificate> classify(const QList<StoreCertificate>& certificates) const;
    QList<ClassifiedCertificate> classify(const QList<StoreScan>& scans) const;

private:
    ExpiryThresholds m_thresholds;
    qint64 m_now = 0;
    ArchivedCertificates m_archived[2];
    Acknowledgements m_acknowledgements[2];
    std::optional<TrustAnchorUse> m_trustAnchorUse[2];
};

// "Most urgent first" (docs/console.md): Expiring soonest first, then the recently
// expired (newest expiry first), then the rest by expiry, then the long expired
// (expired for more than LongExpiredDays, newest expiry first), then the acknowledged
// (by expiry), archived last.
enum class UrgencyGroup : quint8 { Expiring, RecentlyExpired, Later, LongExpired, Acknowledged, Archived };
UrgencyGroup urgencyGroup(const ExpiryInfo& info);
// Strict weak order over states taken at the same instant (it compares remainingSeconds).
bool moreUrgent(const ExpiryInfo& a, const ExpiryInfo& b);

} // namespace certlife
