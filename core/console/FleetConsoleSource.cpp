// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "console/FleetConsoleSource.h"

#include "models/BackgroundPool.h"

#include <QCoro/QCoroFuture>
#include <QMap>

namespace certlife {

namespace {

using namespace certlife::fleet;

// A connection for one call, on the calling thread; null and *error when it fails.
std::unique_ptr<FleetConnection> open(const FleetLocation& location, FleetError* error)
{
    QString why;
    const std::optional<FleetAddress> address = parseFleetAddress(location.uri, &why);
    if (!address) {
        *error = {FleetFailure::Refused, why};
        return nullptr;
    }
    QString password;
    if (!location.passwordFile.isEmpty()) {
        const std::optional<QString> read = readPasswordFile(location.passwordFile, false, &why);
        if (!read) {
            *error = {FleetFailure::LoginRefused, why};
            return nullptr;
        }
        password = *read;
    }
    auto connection = std::make_unique<FleetConnection>();
    if (!connection->open(*address, password, error)) {
        error->message = QStringLiteral("cannot %1 the fleet database: %2")
                             .arg(error->failure == FleetFailure::LoginRefused ? QStringLiteral("log in to")
                                                                               : QStringLiteral("connect to"),
                                  error->message);
        return nullptr;
    }
    return connection;
}

template <size_t N> void digestFromHex(const QString& hex, std::array<quint8, N>& digest)
{
    const QByteArray bytes = QByteArray::fromHex(hex.toLatin1());
    if (bytes.size() == qsizetype(N))
        std::copy(bytes.cbegin(), bytes.cend(), digest.begin());
}

QList<SubjectAltName> sansOf(const QStringList& texts)
{
    static const QMap<QString, SubjectAltName::Type> types{{QStringLiteral("DNS"), SubjectAltName::Type::Dns},
                                                           {QStringLiteral("IP"), SubjectAltName::Type::Ip},
                                                           {QStringLiteral("email"), SubjectAltName::Type::Email},
                                                           {QStringLiteral("URI"), SubjectAltName::Type::Uri}};
    QList<SubjectAltName> sans;
    for (const QString& text : texts) {
        const qsizetype colon = text.indexOf(QLatin1Char(':'));
        const auto type = types.constFind(text.left(colon));
        if (colon > 0 && type != types.cend())
            sans.append({*type, text.mid(colon + 1)});
        else
            sans.append({SubjectAltName::Type::Dns, text});
    }
    return sans;
}

// The last CN= of an RFC 4514 subject (most specific first), as the scanner finds it.
QString commonNameOf(const QString& subject)
{
    for (const QString& part : subject.split(QLatin1Char(','))) {
        const QString rdn = part.trimmed();
        if (rdn.startsWith(QLatin1String("CN="), Qt::CaseInsensitive))
            return rdn.mid(3);
    }
    return {};
}

Certificate certificateOf(const FleetCertificate& c)
{
    Certificate certificate;
    digestFromHex(c.thumbprint, certificate.sha1);
    digestFromHex(c.sha256, certificate.sha256);
    certificate.subject = c.subject;
    certificate.subjectCN = commonNameOf(c.subject);
    certificate.issuer = c.issuer;
    certificate.notBeforeSecs = c.notBefore.toSecsSinceEpoch();
    certificate.notAfterSecs = c.notAfter.toSecsSinceEpoch();
    certificate.sans = sansOf(c.sans);
    const QStringList key = c.key.split(QLatin1Char(' '), Qt::SkipEmptyParts); // "RSA 2048"
    certificate.keyAlgorithm = key.value(0);
    certificate.keyBits = key.value(1).toInt();
    certificate.selfSigned = c.subject == c.issuer;
    return certificate;
}

} // namespace

FleetConsoleSource::FleetConsoleSource(FleetLocation location, std::shared_ptr<const Clock> clock)
    : m_location(std::move(location)), m_clock(std::move(clock))
{}

QString FleetConsoleSource::readOnlyReason()
{
    return QStringLiteral("The console shows the fleet, read-only: each host's agent changes its own stores. "
                          "File \u2192 This computer to change this computer's.");
}

std::optional<QList<FleetHostStatus>> FleetConsoleSource::hosts(FleetError* error) const
{
    const std::unique_ptr<FleetConnection> connection = open(m_location, error);
    if (!connection)
        return std::nullopt;
    return FleetReader(connection->database(), m_clock).hosts(error);
}

Inventory FleetConsoleSource::inventoryOf(const QList<FleetCertificateRow>& rows, const QDateTime& readAt)
{
    Inventory inventory;
    QHash<QString, qsizetype> storeIndex; // host, channel, store
    for (const FleetCertificateRow& row : rows) {
        const FleetCertificate& c = row.certificate;
        Scope scope = Scope::System;
        parseScope(c.channel, &scope);
        const QString id = row.host + QLatin1Char('/') + c.store;
        const QString key = storeKey(scope, id);
        qsizetype index = storeIndex.value(key, -1);
        if (index < 0) {
            StoreInventory store;
            store.host = row.host;
            store.config.id = id;
            store.config.displayName = scope == Scope::User ? QStringLiteral("%1: %2 (User)").arg(row.host, c.store)
                                                            : QStringLiteral("%1: %2").arg(row.host, c.store);
            store.config.scope = scope;
            store.config.readOnly = true;
            store.scan.storeId = id;
            store.scan.scope = scope;
            store.scan.scannedAt = readAt;
            store.access = StoreAccess::ReadOnly;
            index = inventory.size();
            storeIndex.insert(key, index);
            inventory << store;
        }
        StoreInventory& store = inventory[index];
        StoredCertificate stored;
        stored.certificate = certificateOf(c);
        stored.path = c.paths.value(0);
        store.scan.certificates << stored;
        // The other places of the store that hold it, as a scan lists them.
        for (qsizetype i = 1; i < c.paths.size(); ++i) {
            StoredCertificate other = stored;
            other.path = c.paths.at(i);
            store.scan.certificates << other;
        }
        if (row.updatedAt.isValid() && row.updatedAt < store.scan.scannedAt)
            store.scan.scannedAt = row.updatedAt;
    }
    return inventory;
}

QCoro::Task<Inventory> FleetConsoleSource::loadCached()
{
    auto future = inBackground([location = m_location, clock = m_clock] {
        FleetError error;
        std::optional<QList<FleetCertificateRow>> rows;
        if (const std::unique_ptr<FleetConnection> connection = open(location, &error))
            rows = FleetReader(connection->database(), clock).certificates({}, &error);
        return std::make_pair(rows ? inventoryOf(*rows, clock->now()) : Inventory(), rows ? QString() : error.message);
    });
    auto [inventory, error] = co_await future;
    m_problems = error.isEmpty() ? QStringList() : QStringList{error};
    co_return inventory;
}

QCoro::Task<Inventory> FleetConsoleSource::scan(ScanProgressCallback)
{
    QCoro::Task<Inventory> reading = loadCached();
    Inventory inventory = co_await reading;
    co_return inventory;
}

EventPage FleetConsoleSource::fetch(const EventQuery& query) const
{
    EventPage page;
    FleetError error;
    const std::unique_ptr<FleetConnection> connection = open(m_location, &error);
    std::optional<QList<LifecycleEvent>> events;
    if (connection)
        events = FleetReader(connection->database(), m_clock).events(query, &error);
    if (events)
        page.events = *events;
    else
        page.error = error.message;
    return page;
}

qint64 FleetConsoleSource::latestRecordId(Scope) const
{
    // Record ids are per host and log: no one number grows with the fleet's events. The
    // fleet's pages are read again on Refresh and when the console switches to them.
    return 0;
}

qint64 FleetConsoleSource::count(const EventQuery& query) const
{
    FleetError error;
    const std::unique_ptr<FleetConnection> connection = open(m_location, &error);
    if (!connection)
        return -1;
    return FleetReader(connection->database(), m_clock).countEvents(query, &error).value_or(-1);
}

} // namespace certlife
