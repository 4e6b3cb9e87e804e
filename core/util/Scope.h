// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QString>

namespace certlife {

// System (machine-wide, root) or User (the logged-in account). Also the event channel.
enum class Scope : quint8 { System, User };

inline QString scopeName(Scope s)
{
    return s == Scope::System ? QStringLiteral("System") : QStringLiteral("User");
}

// Accepts "system"/"user" in any case; returns false for anything else.
inline bool parseScope(const QString& text, Scope* out)
{
    const QString t = text.trimmed().toLower();
    if (t == QLatin1String("system")) {
        *out = Scope::System;
        return true;
    }
    if (t == QLatin1String("user")) {
        *out = Scope::User;
        return true;
    }
    return false;
}

} // namespace certlife
