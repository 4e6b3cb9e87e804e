// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "lifecycle/LifecycleEvent.h"

namespace certlife {

// The name a person knows a certificate by: CN, else the first SAN, else the subject.
QString certificateDisplayName(const CertificateDetails& details);

// "8 days 23 hours", "3 hours 5 minutes", "42 seconds" (two largest units).
QString humanDuration(qint64 seconds);

// The one readable line of an event, from its id, action, store, details and
// remaining time. Never contains key material (events carry none).
QString lifecycleMessage(const LifecycleEvent& event);

// An event with everything a diff or the expiry check knows; time, channel and origin
// are stamped by LifecycleEngine.
LifecycleEvent makeLifecycleEvent(EventId id, const QString& action, const QString& storeId,
                                  const CertificateDetails& certificate,
                                  const std::optional<CertificateDetails>& oldCertificate = std::nullopt,
                                  std::optional<qint64> remainingSeconds = std::nullopt);

} // namespace certlife
