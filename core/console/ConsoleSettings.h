// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "console/FleetLocation.h"

#include <QByteArray>
#include <QList>
#include <QSettings>
#include <QString>
#include <QStringList>
#include <optional>

namespace certlife {

// The console's own remembered layout, in one INI file under the user's config
// directory (Paths::configDir(User)/console.conf). Every key lives in this class; the
// rest of the UI asks for typed values.
class ConsoleSettings
{
public:
    // Tables whose column layout (order, widths, sort) is remembered.
    enum class Table {
        Certificates,
        Stores,
        StoreProblems,
        StoreSummary,
        Events,
        LatestAlerts,
        Tasks,
        TaskRuns,
        StoreEndpoints, // an endpoint store's addresses (Stores page)
    };
    // Splitters whose sizes are remembered.
    enum class Splitter {
        Certificates,
        Stores,
        Events,
        Overview,
        Tasks,
        TaskRuns,
    };

    explicit ConsoleSettings(const QString& filePath = defaultFilePath());
    static QString defaultFilePath();
    QString filePath() const { return m_settings.fileName(); }

    QByteArray windowGeometry() const;
    void setWindowGeometry(const QByteArray& geometry);
    QByteArray windowState() const;
    void setWindowState(const QByteArray& state);

    QByteArray tableLayout(Table table) const;
    void setTableLayout(Table table, const QByteArray& headerState);
    // The columns the user hid with a table's column chooser, by their header titles (a
    // model that gains or loses columns keeps the choice); unset until the user chose.
    std::optional<QStringList> hiddenColumns(Table table) const;
    void setHiddenColumns(Table table, const QStringList& titles);
    QByteArray splitterSizes(Splitter splitter) const;
    void setSplitterSizes(Splitter splitter, const QByteArray& state);

    QString currentPage() const; // page object name; empty: the first page
    void setCurrentPage(const QString& page);
    // The directory last chosen in a file dialog (where the next one opens, if it exists).
    QString lastFileDirectory() const;
    void setLastFileDirectory(const QString& directory);
    // The fleets connected to lately, newest first (at most kRecentFleets): each URI
    // (which holds no password: parseFleetAddress refuses one) and its password file's
    // path, never a password.
    QList<FleetLocation> recentFleets() const;
    void rememberFleet(const FleetLocation& fleet);
    static constexpr int kRecentFleets = 8;

    // How often the console looks for new events and agent state, in milliseconds.
    int pollIntervalMs() const;

    void sync() { m_settings.sync(); }

private:
    static QString key(Table table);
    static QString key(Splitter splitter);

    QSettings m_settings;
};

} // namespace certlife
