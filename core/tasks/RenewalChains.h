// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "lifecycle/LifecycleEvent.h"

#include <QList>

namespace certlife {

inline constexpr int kMaxRenewalChainLinks = 20; // as Windows' -RunTaskForExistingCertificates

// "Run for existing certificates": from the Replace (1001) events of the history,
// one event per certificate that was ever replaced, pointing at the END of its
// renewal chain. A→B, B→C gives A→C and B→C. Each result is a copy of the event
// that replaced its old certificate (so it keeps that event's recordId, which
// keeps "one run per task and event record" meaningful) with the new certificate,
// store and time of the chain's last link. A chain is followed for at most
// `maxLinks` links and stops where it would loop; when a certificate was replaced
// more than once, its latest replacement (highest recordId) is followed.
QList<LifecycleEvent> renewalChainEvents(const QList<LifecycleEvent>& history, int maxLinks = kMaxRenewalChainLinks);

} // namespace certlife
