// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "stores/NssSuggestions.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSet>

namespace certlife {

namespace {

constexpr qint64 kMaxProfilesIni = 256 * 1024;

bool holdsDatabase(const QString& dir)
{
    return QFileInfo(QDir(dir).filePath(QStringLiteral("cert9.db"))).isFile();
}

// A store id from a profile's name: letters, digits, . _ - only, as ids allow.
QString idFrom(const QString& prefix, const QString& name)
{
    QString id = prefix;
    for (const QChar c : name) {
        const bool ok = (c >= QLatin1Char('a') && c <= QLatin1Char('z'))
            || (c >= QLatin1Char('A') && c <= QLatin1Char('Z')) || (c >= QLatin1Char('0') && c <= QLatin1Char('9'))
            || c == QLatin1Char('.') || c == QLatin1Char('_') || c == QLatin1Char('-');
        id += ok ? c : QLatin1Char('-');
    }
    return id.left(64);
}

struct Profile
{
    QString name;
    QString path;
    bool relative = true;
};

// profiles.ini, read by hand: QSettings would treat backslashes and quotes in names as
// escapes, and the file is the application's, not ours to rewrite.
QList<Profile> readProfilesIni(const QString& file)
{
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly) || f.size() > kMaxProfilesIni)
        return {};
    QList<Profile> profiles;
    bool inProfile = false;
    for (const QByteArray& raw : f.readAll().split('\n')) {
        const QString line = QString::fromUtf8(raw).trimmed();
        if (line.startsWith(QLatin1Char('['))) {
            inProfile = line.startsWith(QLatin1String("[Profile"), Qt::CaseInsensitive);
            if (inProfile)
                profiles.append(Profile{});
            continue;
        }
        const qsizetype eq = line.indexOf(QLatin1Char('='));
        if (!inProfile || eq <= 0)
            continue;
        const QString key = line.left(eq).trimmed();
        const QString value = line.mid(eq + 1).trimmed();
        if (key == QLatin1String("Name"))
            profiles.last().name = value;
        else if (key == QLatin1String("Path"))
            profiles.last().path = value;
        else if (key == QLatin1String("IsRelative"))
            profiles.last().relative = value != QLatin1String("0");
    }
    return profiles;
}

} // namespace

QList<NssDatabaseSuggestion> suggestNssDatabases(const QString& home)
{
    QList<NssDatabaseSuggestion> out;
    if (home.isEmpty())
        return out;
    const QDir homeDir(home);
    QSet<QString> seen;
    const auto offer = [&](const QString& id, const QString& name, const QString& dir) {
        const QString path = QDir::cleanPath(dir);
        if (!holdsDatabase(path) || seen.contains(path))
            return;
        seen.insert(path);
        out.append(NssDatabaseSuggestion{id, name, path});
    };
    offer(QStringLiteral("pki-nssdb"), QStringLiteral("~/.pki/nssdb"), homeDir.filePath(QStringLiteral(".pki/nssdb")));

    struct Application
    {
        const char* id;
        const char* name;
        const char* profilesDir;
    };
    static constexpr Application kApplications[] = {
        {"firefox", "Firefox", ".mozilla/firefox"},
        {"firefox", "Firefox (snap)", "snap/firefox/common/.mozilla/firefox"},
        {"firefox", "Firefox (Flatpak)", ".var/app/org.mozilla.firefox/.mozilla/firefox"},
        {"thunderbird", "Thunderbird", ".thunderbird"},
        {"thunderbird", "Thunderbird (snap)", "snap/thunderbird/common/.thunderbird"},
        {"thunderbird", "Thunderbird (Flatpak)", ".var/app/org.mozilla.Thunderbird/.thunderbird"},
    };
    for (const Application& app : kApplications) {
        const QString base = homeDir.filePath(QLatin1String(app.profilesDir));
        for (const Profile& profile : readProfilesIni(base + QStringLiteral("/profiles.ini"))) {
            if (profile.path.isEmpty())
                continue;
            const QString dir = profile.relative ? QDir(base).filePath(profile.path) : profile.path;
            const QString label = profile.name.isEmpty() ? QFileInfo(dir).fileName() : profile.name;
            offer(idFrom(QLatin1String(app.id) + QLatin1Char('-'), label),
                  QStringLiteral("%1 profile %2").arg(QLatin1String(app.name), label), dir);
        }
    }
    return out;
}

} // namespace certlife
