// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QString>

namespace certlife {

// A word of a command line as a POSIX shell reads it back, for commands an admin is
// told to paste (script fixes, policy changes): unchanged when it holds only characters
// no shell treats specially, otherwise in single quotes, where nothing is special but
// the quote itself ('it'\''s'). The empty word is ''.
QString shellQuoted(const QString& word);

} // namespace certlife
