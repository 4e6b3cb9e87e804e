// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QString>

namespace certlife::ui {

// What the console asks of the desktop. Tests substitute a recorder.
class DesktopServices
{
public:
    virtual ~DesktopServices() = default;
    // Shows a directory in the file manager; false when nothing could open it.
    virtual bool openFolder(const QString& directory);
    virtual void copyToClipboard(const QString& text);
};

} // namespace certlife::ui
