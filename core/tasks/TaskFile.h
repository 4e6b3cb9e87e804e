// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "tasks/NotificationTask.h"

#include <QByteArray>
#include <QString>
#include <optional>

namespace certlife {

// The NAME.task file format (docs/tasks.md): one [Task] section of Key=Value lines,
// '#' or ';' comments, Argument repeated once per argument in order. Values are
// trimmed; the escapes \\ \n \r \t and \s (a space, for leading or trailing ones)
// keep what trimming and line breaks would lose. Unknown keys and repeated
// single keys are errors, so a typo never silently drops a filter.
//
// Not QSettings: it reads by path (the checked file could be swapped before it is
// read) and gives values such as "@Variant(…)" or "a, b" special meaning.
QByteArray serializeTaskFile(const NotificationTask& task);

// `source` names the file in error messages. The result is also validated
// (validateTask); every problem is reported, one per line.
std::optional<NotificationTask> parseTaskFile(const QByteArray& data, const QString& source, QString* error);

} // namespace certlife
