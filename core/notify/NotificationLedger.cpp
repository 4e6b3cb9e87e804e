// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "notify/NotificationLedger.h"

#include "util/AtomicFile.h"
#include "util/Paths.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <algorithm>

namespace certlife {

namespace {
constexpr int kFormatVersion = 1;
constexpr qint64 kMaxFileSize = 4 * 1024 * 1024; // thousands of entries take a few hundred KiB
const QString kFormat = QStringLiteral("certlife-notifications");

bool isHex(const QString& text, int length)
{
    static const QRegularExpression hex(QStringLiteral("^[0-9A-F]*$"));
    return text.size() == length && hex.match(text).hasMatch();
}

QString isoUtc(const QDateTime& time)
{
    return time.toUTC().toString(Qt::ISODate);
}

QDateTime parseUtc(const QJsonValue& value)
{
    QDateTime time = QDateTime::fromString(value.toString(), Qt::ISODate);
    return time.isValid() ? time.toUTC() : QDateTime();
}
} // namespace

QList<NotificationLedger::Entry> NotificationLedger::latest(int count) const
{
    QList<Entry> all = entries.values();
    std::sort(all.begin(), all.end(), [](const Entry& a, const Entry& b) {
        return a.notifiedAt != b.notifiedAt ? a.notifiedAt > b.notifiedAt : a.sha256 < b.sha256;
    });
    if (all.size() > count)
        all.resize(count);
    return all;
}

QByteArray NotificationLedger::toJson() const
{
    QJsonArray list;
    QStringList keys = entries.keys();
    keys.sort(); // stable output: an unchanged ledger writes the same bytes
    for (const QString& key : std::as_const(keys)) {
        const Entry& e = entries[key];
        list.append(QJsonObject{{QStringLiteral("sha256"), e.sha256},
                                {QStringLiteral("thumbprint"), e.thumbprint},
                                {QStringLiteral("name"), e.name},
                                {QStringLiteral("storeKey"), e.storeKey},
                                {QStringLiteral("storeName"), e.storeName},
                                {QStringLiteral("eventId"), int(e.kind)},
                                {QStringLiteral("notAfter"), isoUtc(e.notAfter)},
                                {QStringLiteral("notifiedAt"), isoUtc(e.notifiedAt)}});
    }
    const QJsonObject root{{QStringLiteral("format"), kFormat},
                           {QStringLiteral("version"), kFormatVersion},
                           {QStringLiteral("lastUserRecordId"), QString::number(lastUserRecordId)},
                           {QStringLiteral("certificates"), list}};
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

std::optional<NotificationLedger> NotificationLedger::fromJson(const QByteArray& data, QString* error)
{
    auto fail = [error](const QString& reason) {
        if (error)
            *error = reason;
        return std::nullopt;
    };
    QJsonParseError parse{};
    const QJsonDocument doc = QJsonDocument::fromJson(data, &parse);
    if (parse.error != QJsonParseError::NoError)
        return fail(QStringLiteral("not JSON (%1 at byte %2)").arg(parse.errorString()).arg(parse.offset));
    const QJsonObject root = doc.object();
    if (!doc.isObject() || root.value(QStringLiteral("format")).toString() != kFormat)
        return fail(QStringLiteral("not a Certlife notification ledger"));
    if (root.value(QStringLiteral("version")).toInt() != kFormatVersion)
        return fail(
            QStringLiteral("unknown version %1").arg(root.value(QStringLiteral("version")).toVariant().toString()));
    NotificationLedger ledger;
    bool ok = false;
    ledger.lastUserRecordId = root.value(QStringLiteral("lastUserRecordId")).toString().toLongLong(&ok);
    if (!ok || ledger.lastUserRecordId < 0)
        return fail(QStringLiteral("lastUserRecordId is not a record id"));
    const QJsonArray list = root.value(QStringLiteral("certificates")).toArray();
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QJsonObject o = list.at(i).toObject();
        Entry e;
        e.sha256 = o.value(QStringLiteral("sha256")).toString();
        e.thumbprint = o.value(QStringLiteral("thumbprint")).toString();
        e.name = o.value(QStringLiteral("name")).toString();
        e.storeKey = o.value(QStringLiteral("storeKey")).toString();
        e.storeName = o.value(QStringLiteral("storeName")).toString();
        const int id = o.value(QStringLiteral("eventId")).toInt();
        e.notAfter = parseUtc(o.value(QStringLiteral("notAfter")));
        e.notifiedAt = parseUtc(o.value(QStringLiteral("notifiedAt")));
        if (!isHex(e.sha256, 64) || !isHex(e.thumbprint, 40))
            return fail(QStringLiteral("certificate %1: bad SHA-256 or thumbprint").arg(i + 1));
        if (id != int(EventId::Expired) && id != int(EventId::CloseToExpiration))
            return fail(QStringLiteral("certificate %1: event id %2 is neither 1002 nor 1003").arg(i + 1).arg(id));
        e.kind = EventId(id);
        if (!e.notAfter.isValid() || !e.notifiedAt.isValid())
            return fail(QStringLiteral("certificate %1: bad notAfter or notifiedAt").arg(i + 1));
        ledger.entries.insert(e.sha256, e);
    }
    return ledger;
}

NotificationLedgerFile::NotificationLedgerFile(QString path) : m_path(std::move(path)) {}

QString NotificationLedgerFile::defaultPath()
{
    return Paths::stateDir(Scope::User) + QStringLiteral("/notifications.json");
}

NotificationLedgerFile::Loaded NotificationLedgerFile::load() const
{
    Loaded result;
    QFile file(m_path);
    if (!file.exists())
        return result;
    QString reason;
    QByteArray data;
    if (!QFileInfo(m_path).isFile())
        reason = QStringLiteral("not a regular file");
    else if (file.size() > kMaxFileSize)
        reason = QStringLiteral("larger than %1 bytes").arg(kMaxFileSize);
    else if (!file.open(QIODevice::ReadOnly))
        reason = file.errorString();
    else
        data = file.read(kMaxFileSize + 1);
    std::optional<NotificationLedger> ledger;
    if (reason.isEmpty())
        ledger = NotificationLedger::fromJson(data, &reason);
    if (ledger) {
        result.ledger = *ledger;
        return result;
    }
    file.close();
    const QString aside = m_path + QStringLiteral(".corrupt");
    QFile::remove(aside);
    const bool moved = QFile::rename(m_path, aside);
    result.problem = QStringLiteral("%1: %2; notifications start afresh (%3)")
                         .arg(m_path, reason,
                              moved ? QStringLiteral("the damaged file was kept as %1").arg(aside)
                                    : QStringLiteral("it will be overwritten"));
    return result;
}

QString NotificationLedgerFile::save(const NotificationLedger& ledger) const
{
    const QString dirError = Paths::ensureDir(QFileInfo(m_path).absolutePath(), 0700);
    if (!dirError.isEmpty())
        return dirError;
    return writeFileAtomically(m_path, ledger.toJson(), 0600).error;
}

} // namespace certlife
