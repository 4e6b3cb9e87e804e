// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "lifecycle/ExpiryEvaluator.h"

#include "lifecycle/EventText.h"

#include <QMap>
#include <functional>

namespace certlife {

ExpiryEvaluator::ExpiryEvaluator(const Policy& policy, std::shared_ptr<const Clock> clock)
    : m_policy(policy), m_threshold(ExpiryThreshold::fromPolicy(policy)), m_clock(std::move(clock))
{}

std::optional<EventId> ExpiryEvaluator::due(CertificateState& record, bool* stateChanged) const
{
    return dueAt(record, m_clock->now().toSecsSinceEpoch(), stateChanged);
}

std::optional<EventId> ExpiryEvaluator::dueAt(CertificateState& record, qint64 now, bool* stateChanged) const
{
    if (!m_policy.logExpiryEvents)
        return std::nullopt;
    const auto mark = [&](qint64& notifiedAt, EventId id) -> std::optional<EventId> {
        const bool first = notifiedAt == 0;
        const bool again = m_policy.renotifyIntervalSeconds > 0 && now - notifiedAt >= m_policy.renotifyIntervalSeconds;
        if (!first && !again)
            return std::nullopt;
        notifiedAt = now;
        if (stateChanged)
            *stateChanged = true;
        return id;
    };
    ExpiryStanding standing;
    standing.archived = record.archived;
    const ExpiryInfo info = classifyExpiry(record.notBefore, record.notAfter, now, m_threshold, standing);
    if (info.state == ExpiryState::Archived || info.acknowledged)
        return std::nullopt; // no more warnings; its notification times stay as they are
    if (info.state == ExpiryState::Expired)
        return mark(record.expiredNotifiedAt, EventId::Expired);
    if (info.state == ExpiryState::Expiring)
        return mark(record.closeNotifiedAt, EventId::CloseToExpiration);
    // Back outside the window (the policy or the clock changed): warn afresh when it is
    // crossed again.
    if (record.closeNotifiedAt != 0 || record.expiredNotifiedAt != 0) {
        record.closeNotifiedAt = record.expiredNotifiedAt = 0;
        if (stateChanged)
            *stateChanged = true;
    }
    return std::nullopt;
}

bool ExpiryEvaluator::silenced(const ScopeSnapshot& snapshot, const QString& storeId, const Placement& p, qint64 now,
                               const std::function<const TrustAnchorUse&()>& anchorUse) const
{
    const CertificateState& state = snapshot.state(p.record);
    if (!m_acknowledgements.isEmpty()) {
        // The issuer is decoded only when an issuer is muted: most passes touch no details.
        const QString issuer = m_acknowledgements.mutesIssuers() ? snapshot.details(p.record).issuer : QString();
        if (m_acknowledgements.standingOf(state.sha256, issuer, storeId, p.path, now).acknowledged)
            return true;
    }
    if (!isTrustAnchorStore(snapshot.scope, storeId) || m_threshold.trustAnchors == TrustAnchorWarnings::Always)
        return false;
    const ExpiryInfo info = classifyExpiry(state.notBefore, state.notAfter, now, m_threshold);
    if (info.state != ExpiryState::Expired && info.state != ExpiryState::Expiring)
        return false; // nothing to warn about: who uses it need not be worked out
    return trustAnchorSilenced(m_threshold.trustAnchors, anchorUse(), snapshot.details(p.record).subject,
                               m_derOf ? m_derOf(state.sha256) : QByteArray());
}

QList<LifecycleEvent> ExpiryEvaluator::evaluate(ScopeSnapshot& snapshot, const QList<int>& stores,
                                                bool* stateChanged) const
{
    QList<LifecycleEvent> events;
    if (!m_policy.logExpiryEvents)
        return events;
    const qint64 now = m_clock->now().toSecsSinceEpoch(); // one instant for the whole pass
    // Which trust anchors the other stores' certificates chain to: worked out once, when
    // a trust anchor is about to warn.
    std::optional<TrustAnchorUse> anchorUse;
    const std::function<const TrustAnchorUse&()> usedAnchors = [&]() -> const TrustAnchorUse& {
        if (!anchorUse) {
            anchorUse.emplace();
            for (const StoreSnapshot& other : std::as_const(snapshot.stores)) {
                if (isTrustAnchorStore(snapshot.scope, other.storeId))
                    continue;
                for (const Placement& p : other.placements)
                    anchorUse->noteIssuer(snapshot.details(p.record).subject, snapshot.details(p.record).issuer,
                                          m_derOf ? m_derOf(snapshot.state(p.record).sha256) : QByteArray());
            }
        }
        return *anchorUse;
    };

    QList<bool> visited(snapshot.recordCount(), false);
    QList<bool> silent(snapshot.recordCount(), false);
    for (int storeIndex : stores) {
        const StoreSnapshot& store = snapshot.stores[storeIndex];
        QMap<int, EventId> dueHere; // record → event, for this store
        const bool storeMuted = m_acknowledgements.isStoreMuted(store.storeId, now);
        for (const Placement& p : store.placements) {
            if (visited[p.record])
                continue;
            if (storeMuted || silenced(snapshot, store.storeId, p, now, usedAnchors)) {
                silent[p.record] = true; // judged at its other places, if any
                continue;
            }
            visited[p.record] = true;
            if (const std::optional<EventId> id = dueAt(snapshot.state(p.record), now, stateChanged))
                dueHere.insert(p.record, *id);
        }
        if (dueHere.isEmpty())
            continue;
        QMap<int, QString> paths;
        for (const Placement& p : store.placements)
            if (dueHere.contains(p.record) && (!paths.contains(p.record) || p.path < paths[p.record])
                && !silenced(snapshot, store.storeId, p, now, usedAnchors))
                paths[p.record] = p.path;
        // Sized once and moved, not copied: a first pass over 100,000 certificates writes
        // some 70,000 events, and a doubling list or a second copy of them was a third of
        // its peak memory.
        QList<LifecycleEvent> storeEvents;
        storeEvents.reserve(dueHere.size());
        for (auto it = dueHere.cbegin(); it != dueHere.cend(); ++it) {
            const CertificateDetails d = snapshot.detailsAt(it.key(), paths.value(it.key()));
            const qint64 remaining = snapshot.state(it.key()).notAfter - now;
            // No action, as on Windows: the event id says it all.
            storeEvents << makeLifecycleEvent(it.value(), QString(), store.storeId, d, std::nullopt, remaining);
        }
        std::stable_sort(storeEvents.begin(), storeEvents.end(), [](const LifecycleEvent& a, const LifecycleEvent& b) {
            return a.certificate.path != b.certificate.path ? a.certificate.path < b.certificate.path
                                                            : a.certificate.sha256 < b.certificate.sha256;
        });
        if (events.isEmpty())
            events = std::move(storeEvents);
        else
            events.append(std::move(storeEvents));
    }
    // Silenced everywhere: a fresh start for its warnings once the acknowledgement lapses.
    for (int record = 0; record < silent.size(); ++record) {
        CertificateState& state = snapshot.state(record);
        if (silent[record] && !visited[record] && !state.archived
            && (state.closeNotifiedAt != 0 || state.expiredNotifiedAt != 0)) {
            state.closeNotifiedAt = state.expiredNotifiedAt = 0;
            if (stateChanged)
                *stateChanged = true;
        }
    }
    return events;
}

} // namespace certlife
