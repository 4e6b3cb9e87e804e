// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "console/ConsoleSettings.h"

#include "util/Paths.h"

#include <QDir>

namespace certlife {

ConsoleSettings::ConsoleSettings(const QString& filePath) : m_settings(filePath, QSettings::IniFormat) {}

QString ConsoleSettings::defaultFilePath()
{
    return QDir(Paths::configDir(Scope::User)).filePath(QStringLiteral("console.conf"));
}

QByteArray ConsoleSettings::windowGeometry() const
{
    return m_settings.value(QStringLiteral("window/geometry")).toByteArray();
}

void ConsoleSettings::setWindowGeometry(const QByteArray& geometry)
{
    m_settings.setValue(QStringLiteral("window/geometry"), geometry);
}

QByteArray ConsoleSettings::windowState() const
{
    return m_settings.value(QStringLiteral("window/state")).toByteArray();
}

void ConsoleSettings::setWindowState(const QByteArray& state)
{
    m_settings.setValue(QStringLiteral("window/state"), state);
}

QString ConsoleSettings::key(Table table)
{
    switch (table) {
    case Table::Certificates: return QStringLiteral("tables/certificates");
    case Table::Stores: return QStringLiteral("tables/stores");
    case Table::StoreProblems: return QStringLiteral("tables/storeProblems");
    case Table::StoreSummary: return QStringLiteral("tables/storeSummary");
    case Table::Events: return QStringLiteral("tables/events");
    case Table::LatestAlerts: return QStringLiteral("tables/latestAlerts");
    case Table::Tasks: return QStringLiteral("tables/tasks");
    case Table::TaskRuns: return QStringLiteral("tables/taskRuns");
    case Table::StoreEndpoints: return QStringLiteral("tables/storeEndpoints");
    }
    return {};
}

QString ConsoleSettings::key(Splitter splitter)
{
    switch (splitter) {
    case Splitter::Certificates: return QStringLiteral("splitters/certificates");
    case Splitter::Stores: return QStringLiteral("splitters/stores");
    case Splitter::Events: return QStringLiteral("splitters/events");
    case Splitter::Overview: return QStringLiteral("splitters/overview");
    case Splitter::Tasks: return QStringLiteral("splitters/tasks");
    case Splitter::TaskRuns: return QStringLiteral("splitters/taskRuns");
    }
    return {};
}

QByteArray ConsoleSettings::tableLayout(Table table) const
{
    return m_settings.value(key(table)).toByteArray();
}

void ConsoleSettings::setTableLayout(Table table, const QByteArray& headerState)
{
    m_settings.setValue(key(table), headerState);
}

std::optional<QStringList> ConsoleSettings::hiddenColumns(Table table) const
{
    const QString columnsKey = QStringLiteral("columns/") + key(table).section(QLatin1Char('/'), 1);
    if (!m_settings.contains(columnsKey))
        return std::nullopt;
    QStringList titles = m_settings.value(columnsKey).toStringList();
    titles.removeAll(QString());
    return titles;
}

void ConsoleSettings::setHiddenColumns(Table table, const QStringList& titles)
{
    // An empty list is a choice too ("show every column"): stored as such, not removed.
    m_settings.setValue(QStringLiteral("columns/") + key(table).section(QLatin1Char('/'), 1),
                        titles.isEmpty() ? QVariant(QString()) : QVariant(titles));
}

QByteArray ConsoleSettings::splitterSizes(Splitter splitter) const
{
    return m_settings.value(key(splitter)).toByteArray();
}

void ConsoleSettings::setSplitterSizes(Splitter splitter, const QByteArray& state)
{
    m_settings.setValue(key(splitter), state);
}

QString ConsoleSettings::currentPage() const
{
    return m_settings.value(QStringLiteral("window/page")).toString();
}

void ConsoleSettings::setCurrentPage(const QString& page)
{
    m_settings.setValue(QStringLiteral("window/page"), page);
}

QList<FleetLocation> ConsoleSettings::recentFleets() const
{
    QList<FleetLocation> fleets;
    const QStringList uris = m_settings.value(QStringLiteral("fleet/recentUris")).toStringList();
    const QStringList files = m_settings.value(QStringLiteral("fleet/recentPasswordFiles")).toStringList();
    for (qsizetype i = 0; i < uris.size() && i < kRecentFleets; ++i)
        fleets.append({uris.at(i), files.value(i)});
    return fleets;
}

void ConsoleSettings::rememberFleet(const FleetLocation& fleet)
{
    QList<FleetLocation> fleets = recentFleets();
    fleets.removeIf([&](const FleetLocation& f) { return f.uri == fleet.uri; });
    fleets.prepend(fleet);
    QStringList uris;
    QStringList files;
    for (qsizetype i = 0; i < fleets.size() && i < kRecentFleets; ++i) {
        uris << fleets.at(i).uri;
        files << fleets.at(i).passwordFile;
    }
    m_settings.setValue(QStringLiteral("fleet/recentUris"), uris);
    m_settings.setValue(QStringLiteral("fleet/recentPasswordFiles"), files);
}

QString ConsoleSettings::lastFileDirectory() const
{
    return m_settings.value(QStringLiteral("dialogs/lastDirectory")).toString();
}

void ConsoleSettings::setLastFileDirectory(const QString& directory)
{
    m_settings.setValue(QStringLiteral("dialogs/lastDirectory"), directory);
}

int ConsoleSettings::pollIntervalMs() const
{
    const int ms = m_settings.value(QStringLiteral("refresh/pollIntervalMs"), 2000).toInt();
    return std::clamp(ms, 250, 60000);
}

} // namespace certlife
