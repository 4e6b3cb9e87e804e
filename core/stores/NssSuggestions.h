// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QList>
#include <QString>

namespace certlife {

// An NSS database of the user's own that Add store offers: ~/.pki/nssdb (Chromium,
// certutil's default, many tools), and each Firefox and Thunderbird profile that
// profiles.ini names (the classic ~/.mozilla and ~/.thunderbird, the snap's and the
// Flatpak's). Only directories that hold cert9.db are offered.
struct NssDatabaseSuggestion
{
    QString id;   // a store id to start from: "pki-nssdb", "firefox-default-release"
    QString name; // "Firefox profile default-release"
    QString path; // the database directory
};

// Found under `home` (the caller's HOME; tests give their own), in a stable order:
// ~/.pki/nssdb first, then each application's profiles as profiles.ini lists them.
// Reads a few small files; nothing is opened with NSS.
QList<NssDatabaseSuggestion> suggestNssDatabases(const QString& home);

} // namespace certlife
