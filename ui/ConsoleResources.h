// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

namespace certlife::ui {
// The icons live in the static certlife-ui library, whose resource initialiser the
// linker would drop; every window calls this before loading an icon.
void initConsoleResources();
} // namespace certlife::ui
