// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "ConsoleResources.h"

#include <QtGlobal>

static void initCertlifeQrc()
{
    Q_INIT_RESOURCE(certlife); // must be called outside any namespace
}

namespace certlife::ui {
void initConsoleResources()
{
    static const bool done = (initCertlifeQrc(), true);
    Q_UNUSED(done);
}
} // namespace certlife::ui
