// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

// Shared by the TaskRunLog's source files: how times are stored in task_runs.

#include <QDateTime>
#include <QVariant>

namespace certlife::taskrunlog {

// Fixed-width UTC text: sorts and compares as text.
inline QVariant timeValue(const QDateTime& t)
{
    return t.isValid() ? QVariant(t.toUTC().toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzzZ"))) : QVariant();
}

inline QDateTime timeFrom(const QVariant& v)
{
    if (v.isNull())
        return {};
    return QDateTime::fromString(v.toString(), Qt::ISODateWithMs).toUTC();
}

} // namespace certlife::taskrunlog
