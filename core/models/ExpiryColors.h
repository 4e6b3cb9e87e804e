// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "lifecycle/ExpiryState.h"

#include <QColor>

namespace certlife {

// How the console paints the expiry states. Qt Gui, so kept out of lifecycle, which the
// agent links.
QColor expiryStateColor(ExpiryState state); // strong colour: chips, bars, tiles
QColor expiryStateTint(ExpiryState state);  // light background tint

} // namespace certlife
