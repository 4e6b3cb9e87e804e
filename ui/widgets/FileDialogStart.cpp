// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "widgets/FileDialogStart.h"

#include <QDir>
#include <QFileInfo>

namespace certlife::ui {

namespace {

QString& remembered()
{
    static QString directory; // the UI thread's only
    return directory;
}

bool isDirectory(const QString& path)
{
    return !path.isEmpty() && QFileInfo(path).isDir();
}

QString lastOrHome()
{
    return isDirectory(remembered()) ? remembered() : QDir::homePath();
}

} // namespace

QString fileDialogDirectory(const QString& typed)
{
    const QString path = typed.trimmed();
    if (path.isEmpty() || QFileInfo(path).isRelative())
        return lastOrHome();
    QFileInfo info(path);
    if (info.isDir())
        return info.absoluteFilePath();
    // A file, or something removed: its nearest existing directory, but not the root
    // the walk up ends at when the whole tree has gone.
    info = QFileInfo(info.absolutePath());
    while (!info.isDir() && info.absolutePath() != info.absoluteFilePath())
        info = QFileInfo(info.absolutePath());
    return info.isDir() && !info.isRoot() ? info.absoluteFilePath() : lastOrHome();
}

QString fileDialogSavePath(const QString& suggested)
{
    const QFileInfo info(suggested.trimmed());
    if (info.fileName().isEmpty())
        return fileDialogDirectory(suggested);
    const bool hasDirectory = suggested.contains(QLatin1Char('/'));
    const QString directory = hasDirectory ? fileDialogDirectory(info.absolutePath()) : lastOrHome();
    return QDir(directory).filePath(info.fileName());
}

void rememberFileDialogChoice(const QString& chosen)
{
    if (chosen.isEmpty())
        return;
    const QFileInfo info(chosen);
    remembered() = info.isDir() ? info.absoluteFilePath() : info.absolutePath();
}

QString rememberedFileDialogDirectory()
{
    return remembered();
}

void setRememberedFileDialogDirectory(const QString& directory)
{
    remembered() = directory;
}

} // namespace certlife::ui
