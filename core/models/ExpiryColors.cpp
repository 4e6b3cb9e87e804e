// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "models/ExpiryColors.h"

namespace certlife {

QColor expiryStateColor(ExpiryState state)
{
    // Colour-blind-friendly ramp: red, orange, amber, yellow-green, teal, green; grey for
    // what needs nothing any more.
    switch (state) {
    case ExpiryState::Expired: return QColor(0xC6, 0x28, 0x28);
    case ExpiryState::Expiring: return QColor(0xEF, 0x6C, 0x00);
    case ExpiryState::Within30: return QColor(0xF9, 0xA8, 0x25);
    case ExpiryState::Within60: return QColor(0x9E, 0x9D, 0x24);
    case ExpiryState::Within90: return QColor(0x00, 0x83, 0x8F);
    case ExpiryState::Healthy: return QColor(0x2E, 0x7D, 0x32);
    case ExpiryState::Archived: return QColor(0x78, 0x90, 0x9C);     // blue-grey: done with
    case ExpiryState::Acknowledged: return QColor(0x5C, 0x6B, 0xC0); // indigo: an admin decided
    }
    return {};
}

QColor expiryStateTint(ExpiryState state)
{
    QColor c = expiryStateColor(state);
    c.setAlpha(40);
    return c;
}

} // namespace certlife
