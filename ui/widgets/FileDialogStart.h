// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

// Where the console's file dialogs open (import, export, add store, report, password
// file, task script): always a directory that exists. A dialog given a removed path
// opens somewhere arbitrary, or shows an empty listing of nothing.

#include <QString>

namespace certlife::ui {

// The directory a file dialog starts in: the nearest existing directory of `typed` (a
// path in the dialog's field, or one it suggests), else the directory last chosen in a
// file dialog while it still exists, else the home directory.
QString fileDialogDirectory(const QString& typed = QString());

// For a save dialog: `suggested`'s file name in fileDialogDirectory(its directory); the
// file name alone in the last used (or home) directory when the suggestion is a name.
QString fileDialogSavePath(const QString& suggested);

// Remembers where the user went: the directory of a chosen file, or a chosen directory.
// Empty (the dialog was cancelled) changes nothing.
void rememberFileDialogChoice(const QString& chosen);
// The remembered directory, as it was chosen (it may have been removed since); and
// setting it, as the window does with the one kept in console.conf.
QString rememberedFileDialogDirectory();
void setRememberedFileDialogDirectory(const QString& directory);

} // namespace certlife::ui
