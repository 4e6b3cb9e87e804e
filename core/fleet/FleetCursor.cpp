// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "fleet/FleetCursor.h"

#include "util/AtomicFile.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonDocument>
#include <algorithm>

namespace certlife::fleet {

namespace {

constexpr int kFormat = 1;

QString text(const QJsonObject& o, const char* key)
{
    return o.value(QLatin1String(key)).toString();
}

qint64 number(const QJsonObject& o, const char* key)
{
    return o.value(QLatin1String(key)).toInteger();
}

} // namespace

FleetCursor loadFleetCursor(const QString& path, QString* warning)
{
    QFile file(path);
    if (!file.exists())
        return {};
    if (!file.open(QIODevice::ReadOnly)) {
        *warning = QStringLiteral("cannot read %1 (%2): publishing everything again").arg(path, file.errorString());
        return {};
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(file.read(16 * 1024 * 1024), &parseError);
    const QJsonObject o = doc.object();
    if (parseError.error != QJsonParseError::NoError || !doc.isObject() || number(o, "format") != kFormat
        || number(o, "lastRecordId") < 0 || number(o, "lastRunId") < 0) {
        *warning = QStringLiteral("%1 is not a fleet cursor: publishing everything again").arg(path);
        return {};
    }
    FleetCursor cursor;
    cursor.database = text(o, "database");
    cursor.host = text(o, "host");
    cursor.logIdentity = text(o, "logIdentity");
    cursor.lastRecordId = number(o, "lastRecordId");
    cursor.lastRunId = number(o, "lastRunId");
    const QJsonObject runs = o.value(QLatin1String("openRuns")).toObject();
    for (auto it = runs.constBegin(); it != runs.constEnd(); ++it) {
        bool ok = false;
        const qint64 id = it.key().toLongLong(&ok);
        if (ok)
            cursor.openRuns.insert(id, it.value().toString());
    }
    cursor.inventoryHash = text(o, "inventoryHash");
    cursor.eventsLostToPruning = std::max<qint64>(number(o, "eventsLostToPruning"), 0);
    cursor.sourceSignature = text(o, "sourceSignature");
    return cursor;
}

bool saveFleetCursor(const QString& path, const FleetCursor& cursor, QString* error)
{
    QJsonObject runs;
    for (auto it = cursor.openRuns.constBegin(); it != cursor.openRuns.constEnd(); ++it)
        runs.insert(QString::number(it.key()), it.value());
    QJsonObject o{
        {QStringLiteral("format"), kFormat},
        {QStringLiteral("database"), cursor.database},
        {QStringLiteral("host"), cursor.host},
        {QStringLiteral("logIdentity"), cursor.logIdentity},
        {QStringLiteral("lastRecordId"), cursor.lastRecordId},
        {QStringLiteral("lastRunId"), cursor.lastRunId},
        {QStringLiteral("openRuns"), runs},
        {QStringLiteral("inventoryHash"), cursor.inventoryHash},
        {QStringLiteral("eventsLostToPruning"), cursor.eventsLostToPruning},
    };
    if (!cursor.sourceSignature.isEmpty())
        o.insert(QStringLiteral("sourceSignature"), cursor.sourceSignature);
    const AtomicWriteResult written = writeFileAtomically(path, QJsonDocument(o).toJson(QJsonDocument::Indented), 0600);
    if (!written.ok())
        *error = written.error;
    return written.ok();
}

FleetCursor cursorFor(const FleetCursor& saved, const QString& database, const QString& host,
                      const QString& logIdentity)
{
    if (saved.database == database && saved.host == host && saved.logIdentity == logIdentity)
        return saved;
    FleetCursor fresh;
    fresh.database = database;
    fresh.host = host;
    fresh.logIdentity = logIdentity;
    return fresh;
}

// Each field length-prefixed, so that no text in a hostile certificate field (a NUL, a
// line break) can make two inventories read alike.
static void addField(QByteArray& out, const QString& field)
{
    const QByteArray utf8 = field.toUtf8();
    const quint64 size = quint64(utf8.size());
    out.append(reinterpret_cast<const char*>(&size), sizeof size);
    out.append(utf8);
}

QString inventoryHash(const QList<FleetCertificate>& inventory)
{
    QList<QByteArray> records;
    records.reserve(inventory.size());
    for (const FleetCertificate& c : inventory) {
        QByteArray record;
        for (const QString& field :
             {c.channel, c.store, c.sha256, c.thumbprint, c.subject, c.issuer,
              c.notBefore.toUTC().toString(Qt::ISODateWithMs), c.notAfter.toUTC().toString(Qt::ISODateWithMs), c.key,
              c.state, QString::fromUtf8(QJsonDocument(c.problems).toJson(QJsonDocument::Compact))})
            addField(record, field);
        for (const QStringList* list : {&c.paths, &c.sans}) {
            addField(record, QString::number(list->size()));
            for (const QString& item : *list)
                addField(record, item);
        }
        records.append(record);
    }
    std::sort(records.begin(), records.end()); // the order of the scan does not matter
    QCryptographicHash hash(QCryptographicHash::Sha256);
    for (const QByteArray& record : records) {
        QByteArray prefix;
        addField(prefix, QString::number(record.size()));
        hash.addData(prefix);
        hash.addData(record);
    }
    return QString::fromLatin1(hash.result().toHex());
}

} // namespace certlife::fleet
