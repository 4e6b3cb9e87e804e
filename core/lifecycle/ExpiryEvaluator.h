// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "lifecycle/Acknowledgements.h"
#include "lifecycle/ExpiryState.h"
#include "lifecycle/LifecycleEvent.h"
#include "lifecycle/Snapshot.h"
#include "policy/Policy.h"
#include "util/Clock.h"

#include <functional>
#include <memory>

namespace certlife {

// The agent's expiry events, with the policy and an injected clock. Whether a
// certificate is expired or expiring is the one classification (classifyExpiry in
// ExpiryState.h, with the policy's ExpiryThreshold), so the console, the reports and
// the agent never disagree:
//  - Expired (1002) once now is past notAfter;
//  - CloseToExpiration (1003) when the remaining lifetime is ≤ ExpiryWarningPercent of
//    the whole lifetime (notAfter − notBefore, at most ExpiryWarningMaxDays) or
//    ≤ ExpiryWarningDays, whichever comes first;
//  - each logged once per certificate and event id, again only after RenotifyInterval
//    (never again when it is 0); an expired certificate gets no more 1003;
//  - archived certificates are skipped; LogExpiryEvents=false logs neither;
//  - so is a certificate at a place where an admin's acknowledgement or mute is in
//    force (Acknowledgements.h: the certificate there, its store, its issuer), and one in
//    the system CA store that the trust anchor policy silences (TrustAnchorWarnings):
//    it is judged at its other places; silenced everywhere, its notification times are
//    cleared, so the warnings start afresh once the acknowledgement lapses.
class ExpiryEvaluator
{
public:
    ExpiryEvaluator(const Policy& policy, std::shared_ptr<const Clock> clock);
    void setAcknowledgements(Acknowledgements acknowledgements) { m_acknowledgements = std::move(acknowledgements); }
    // The DER of a certificate of this pass's scans (empty when not scanned): the trust
    // anchor policy then matches by key identifier, as the console does; else by DN.
    using DerLookup = std::function<QByteArray(const Sha256Digest& sha256)>;
    void setCertificateDer(DerLookup derOf) { m_derOf = std::move(derOf); }

    // The event due now for this certificate, if any; marks it as notified in the
    // record. *stateChanged is set when the record changed (so the snapshot is saved).
    std::optional<EventId> due(CertificateState& state, bool* stateChanged = nullptr) const;

    // Expiry events for every certificate in the given stores (indexes into
    // snapshot.stores; each certificate once, in the first store that holds it, at its
    // smallest path there), updating the records. Not yet stamped with time and origin.
    QList<LifecycleEvent> evaluate(ScopeSnapshot& snapshot, const QList<int>& stores,
                                   bool* stateChanged = nullptr) const;

private:
    std::optional<EventId> dueAt(CertificateState& state, qint64 now, bool* stateChanged) const;
    bool silenced(const ScopeSnapshot& snapshot, const QString& storeId, const Placement& placement, qint64 now,
                  const std::function<const TrustAnchorUse&()>& anchorUse) const;

    Policy m_policy;
    ExpiryThreshold m_threshold;
    std::shared_ptr<const Clock> m_clock;
    Acknowledgements m_acknowledgements;
    DerLookup m_derOf;
};

} // namespace certlife
