// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "lifecycle/LifecycleEvent.h"

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QList>
#include <QString>
#include <optional>

namespace certlife {

// What the console has told the user, per certificate, and when: it makes "once per
// RenotifyInterval" hold across polls, rescans and console restarts.
struct NotificationLedger
{
    struct Entry
    {
        QString sha256;
        QString thumbprint;
        QString name;
        QString storeKey;
        QString storeName;
        EventId kind = EventId::CloseToExpiration;
        QDateTime notAfter;
        QDateTime notifiedAt;
        friend bool operator==(const Entry&, const Entry&) = default;
    };

    QHash<QString, Entry> entries; // by sha256
    qint64 lastUserRecordId = 0;   // the User log's events up to this one have been looked at

    // The newest notifications first, at most `count`.
    QList<Entry> latest(int count) const;

    QByteArray toJson() const;
    // nullopt, with the reason in *error, when the data is not a ledger this code wrote.
    static std::optional<NotificationLedger> fromJson(const QByteArray& data, QString* error);
    friend bool operator==(const NotificationLedger&, const NotificationLedger&) = default;
};

// The ledger's file: $XDG_STATE_HOME/certlife/notifications.json (0600), written
// atomically. A damaged file is moved aside to notifications.json.corrupt, reported,
// and read as an empty ledger: notifications due are shown once more, nothing stops.
class NotificationLedgerFile
{
public:
    explicit NotificationLedgerFile(QString path = defaultPath());
    static QString defaultPath();
    QString path() const { return m_path; }

    struct Loaded
    {
        NotificationLedger ledger;
        QString problem; // empty when the file was fine or absent
    };
    Loaded load() const;
    QString save(const NotificationLedger& ledger) const; // an error naming the file, or empty

private:
    QString m_path;
};

} // namespace certlife
