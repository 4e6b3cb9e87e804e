// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "lifecycle/ExpiryState.h"

#include <QDateTime>
#include <QSet>
#include <QString>

namespace certlife::ui {

// What another page asks the Certificates page to show: the overview's tiles, table
// cells and chart bars each open a filtered list.
struct CertificateView
{
    QSet<ExpiryState> states; // empty: every state
    QString storeKey;         // empty: every store
    QDateTime expiresFrom;    // with expiresTo: notAfter in [from, to)
    QDateTime expiresTo;
    QString windowLabel; // how the window reads, e.g. "Mar 2026"
};

} // namespace certlife::ui
