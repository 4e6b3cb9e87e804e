// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "FleetReadOutput.h"

#include "TerminalOutput.h"
#include "stores/FileNames.h"
#include "util/JsonLineWriter.h"
#include "util/TerminalText.h"

#include <QJsonArray>
#include <QJsonObject>
#include <algorithm>

namespace certlife::cli {

using namespace certlife::fleet;

namespace {

QString minutes(const QDateTime& time)
{
    return time.isValid() ? time.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm")) : QStringLiteral("never");
}

// "3 days", "5 h", "12 min": how long ago, roughly.
QString ago(const QDateTime& time, const QDateTime& now)
{
    const qint64 s = std::max<qint64>(0, time.secsTo(now));
    if (s >= 2 * 86400)
        return QStringLiteral("%1 days").arg(s / 86400);
    if (s >= 2 * 3600)
        return QStringLiteral("%1 h").arg(s / 3600);
    return QStringLiteral("%1 min").arg(s / 60);
}

QString interval(const std::optional<int>& seconds)
{
    if (!seconds)
        return QStringLiteral("-");
    if (*seconds % 3600 == 0)
        return QStringLiteral("%1h").arg(*seconds / 3600);
    return QStringLiteral("%1m").arg(*seconds / 60);
}

void printTable(const QList<QStringList>& rows, QTextStream& out)
{
    QList<int> widths(rows.value(0).size(), 0);
    for (const QStringList& row : rows) {
        for (int i = 0; i < row.size(); ++i)
            widths[i] = std::max(widths[i], int(row[i].size()));
    }
    for (const QStringList& row : rows) {
        QString line;
        for (int i = 0; i < row.size(); ++i)
            line += i == row.size() - 1 ? row[i] : row[i].leftJustified(widths[i]) + QLatin1String("  ");
        out << line << '\n';
    }
}

void timeField(JsonLineWriter& w, QLatin1StringView name, const QDateTime& time)
{
    w.key(name);
    if (time.isValid())
        w.utcTime(time.toSecsSinceEpoch());
    else
        w.null();
}

void stringOrNull(JsonLineWriter& w, QLatin1StringView name, const QString& text)
{
    w.key(name);
    if (text.isEmpty())
        w.null();
    else
        w.string(text);
}

void stringArray(JsonLineWriter& w, QLatin1StringView name, const QStringList& list)
{
    w.key(name);
    w.beginArray();
    for (const QString& s : list)
        w.string(s);
    w.endArray();
}

// A value the agent sent as JSON (a certificate's scan problems), written through the
// terminal-safe writer like every other field.
void jsonValue(JsonLineWriter& w, const QJsonValue& value)
{
    switch (value.type()) {
    case QJsonValue::Bool: w.boolean(value.toBool()); break;
    case QJsonValue::Double: w.integer(qint64(value.toDouble())); break;
    case QJsonValue::String: w.string(value.toString()); break;
    case QJsonValue::Array:
        w.beginArray();
        for (const QJsonValue& item : value.toArray())
            jsonValue(w, item);
        w.endArray();
        break;
    case QJsonValue::Object: {
        const QJsonObject object = value.toObject();
        w.beginObject();
        for (auto it = object.begin(); it != object.end(); ++it) {
            const QByteArray key = it.key().toLatin1();
            w.key(QLatin1StringView(key.constData(), key.size()));
            jsonValue(w, it.value());
        }
        w.endObject();
        break;
    }
    case QJsonValue::Null:
    case QJsonValue::Undefined: w.null(); break;
    }
}

bool writeOut(CliIo& io, const QByteArray& lines)
{
    return writeJsonLines(io, lines);
}

const ExpiryState kStatusBins[] = {ExpiryState::Expired,  ExpiryState::Expiring, ExpiryState::Within30,
                                   ExpiryState::Within60, ExpiryState::Within90, ExpiryState::Healthy};

} // namespace

void printFleetStatusTable(const QList<FleetHostStatus>& hosts, const QDateTime& now, QTextStream& out)
{
    if (hosts.isEmpty()) {
        out << "The fleet has no hosts yet (certlifectl fleet add-host).\n";
        return;
    }
    QList<QStringList> rows{{QStringLiteral("HOST"), QStringLiteral("LAST CONTACT (UTC)"), QStringLiteral("AGENT"),
                             QStringLiteral("RESCAN"), QStringLiteral("LAST PASS"), QStringLiteral("CERTS"),
                             QStringLiteral("EXPIRED"), QStringLiteral("EXPIRING"), QStringLiteral("30D"),
                             QStringLiteral("60D"), QStringLiteral("90D"), QStringLiteral("HEALTHY"),
                             QStringLiteral("STATUS")}};
    int certificates = 0;
    int expired = 0;
    int expiring = 0;
    QStringList silent;
    for (const FleetHostStatus& h : hosts) {
        QStringList row{escapeControlCharacters(h.host),
                        minutes(h.lastContact),
                        h.agentVersion.isEmpty() ? QStringLiteral("-") : escapeControlCharacters(h.agentVersion),
                        interval(h.rescanIntervalSeconds),
                        h.lastPassOutcome.isEmpty() ? QStringLiteral("-") : escapeControlCharacters(h.lastPassOutcome),
                        QString::number(h.certificates)};
        for (ExpiryState state : kStatusBins)
            row << QString::number(h.count(state));
        if (h.silent)
            row << (h.lastContact.isValid() ? QStringLiteral("agent silent (%1)").arg(ago(h.lastContact, now))
                                            : QStringLiteral("agent silent (never heard from)"));
        else
            row << QStringLiteral("ok");
        if (h.eventsLostToPruning > 0) // the events the console will never show for it
            row.last() += QStringLiteral(", %1 event%2 lost to local pruning")
                              .arg(h.eventsLostToPruning)
                              .arg(h.eventsLostToPruning == 1 ? QString() : QStringLiteral("s"));
        rows << row;
        certificates += h.certificates;
        expired += h.count(ExpiryState::Expired);
        expiring += h.count(ExpiryState::Expiring);
        if (h.silent)
            silent
                << QStringLiteral("%1 (last contact %2)").arg(escapeControlCharacters(h.host), minutes(h.lastContact));
    }
    printTable(rows, out);
    out << "\n"
        << QStringLiteral("%1 host%2, %3 certificate%4 (%5 expired, %6 expiring)")
               .arg(hosts.size())
               .arg(hosts.size() == 1 ? QString() : QStringLiteral("s"))
               .arg(certificates)
               .arg(certificates == 1 ? QString() : QStringLiteral("s"))
               .arg(expired)
               .arg(expiring);
    if (silent.isEmpty())
        out << "; every agent reported within twice its rescan interval.\n";
    else
        out << QStringLiteral("; %1 agent%2 silent: %3.\n")
                   .arg(silent.size())
                   .arg(silent.size() == 1 ? QString() : QStringLiteral("s"))
                   .arg(silent.join(QStringLiteral(", ")));
}

bool printFleetStatusJson(const QList<FleetHostStatus>& hosts, CliIo& io)
{
    QByteArray text;
    JsonLineWriter w(text);
    for (const FleetHostStatus& h : hosts) {
        w.beginObject();
        w.field(QLatin1StringView("host"), h.host);
        stringOrNull(w, QLatin1StringView("agentVersion"), h.agentVersion);
        timeField(w, QLatin1StringView("lastContact"), h.lastContact);
        timeField(w, QLatin1StringView("lastPassTime"), h.lastPassTime);
        stringOrNull(w, QLatin1StringView("lastPassOutcome"), h.lastPassOutcome);
        stringOrNull(w, QLatin1StringView("lastPassError"), h.lastPassError);
        w.key(QLatin1StringView("rescanIntervalSeconds"));
        if (h.rescanIntervalSeconds)
            w.integer(*h.rescanIntervalSeconds);
        else
            w.null();
        w.fieldBool(QLatin1StringView("silent"), h.silent);
        w.field(QLatin1StringView("eventsLostToPruning"), h.eventsLostToPruning);
        w.field(QLatin1StringView("certificates"), qint64(h.certificates));
        w.key(QLatin1StringView("byState"));
        w.beginObject();
        for (auto it = h.certificatesByState.cbegin(); it != h.certificatesByState.cend(); ++it) {
            const QByteArray state = it.key().toUtf8();
            w.key(QLatin1StringView(state.constData(), state.size()));
            w.integer(it.value());
        }
        w.endObject();
        w.endObject();
        w.endLine();
    }
    return writeOut(io, text);
}

void printFleetCertificatesTable(const QList<FleetCertificateRow>& rows, const QDateTime& now, QTextStream& out)
{
    if (rows.isEmpty()) {
        out << "No certificates.\n";
        return;
    }
    QList<QStringList> table{{QStringLiteral("HOST"), QStringLiteral("STORE"), QStringLiteral("NOT AFTER (UTC)"),
                              QStringLiteral("DAYS LEFT"), QStringLiteral("STATE"), QStringLiteral("SUBJECT"),
                              QStringLiteral("PATH")}};
    for (const FleetCertificateRow& row : rows) {
        const FleetCertificate& c = row.certificate;
        const QString store = c.channel == QLatin1String("User") ? QStringLiteral("%1 (User)").arg(c.store) : c.store;
        table << QStringList{escapeControlCharacters(row.host),
                             escapeControlCharacters(store),
                             minutes(c.notAfter),
                             c.notAfter.isValid() ? QString::number(now.daysTo(c.notAfter)) : QStringLiteral("-"),
                             escapeControlCharacters(c.state),
                             escapeControlCharacters(c.subject),
                             escapeControlCharacters(c.paths.value(0))};
    }
    printTable(table, out);
    // Scan problems of the files that hold a certificate (a garbled entry of a bundle),
    // as the agent published them: under the table, host and path first.
    QStringList problems;
    int withProblems = 0;
    for (const FleetCertificateRow& row : rows) {
        withProblems += row.certificate.problems.isEmpty() ? 0 : 1;
        for (const QJsonValue& value : row.certificate.problems) {
            const QJsonObject problem = value.toObject();
            const QString line = QStringLiteral("  %1 %2: %3")
                                     .arg(escapeControlCharacters(row.host),
                                          escapedFileName(problem.value(QLatin1String("path")).toString()),
                                          escapeControlCharacters(problem.value(QLatin1String("error")).toString()));
            if (!problems.contains(line))
                problems << line;
        }
    }
    out << "\n"
        << QStringLiteral("%1 certificate%2").arg(rows.size()).arg(rows.size() == 1 ? QString() : QStringLiteral("s"));
    if (withProblems > 0)
        out << QStringLiteral("; %1 in files with scan problems:\n").arg(withProblems)
            << problems.join(QLatin1Char('\n'));
    out << "\n";
}

bool printFleetCertificatesJson(const QList<FleetCertificateRow>& rows, CliIo& io)
{
    QByteArray text;
    JsonLineWriter w(text);
    for (const FleetCertificateRow& row : rows) {
        const FleetCertificate& c = row.certificate;
        w.beginObject();
        w.field(QLatin1StringView("host"), row.host);
        w.field(QLatin1StringView("channel"), c.channel);
        w.field(QLatin1StringView("store"), c.store);
        w.field(QLatin1StringView("path"), c.paths.value(0));
        w.field(QLatin1StringView("thumbprint"), c.thumbprint);
        w.field(QLatin1StringView("sha256"), c.sha256);
        w.field(QLatin1StringView("subject"), c.subject);
        w.field(QLatin1StringView("issuer"), c.issuer);
        timeField(w, QLatin1StringView("notBefore"), c.notBefore);
        timeField(w, QLatin1StringView("notAfter"), c.notAfter);
        stringArray(w, QLatin1StringView("sans"), c.sans);
        w.field(QLatin1StringView("state"), c.state);
        w.field(QLatin1StringView("key"), c.key);
        stringArray(w, QLatin1StringView("paths"), c.paths);
        w.key(QLatin1StringView("problems"));
        jsonValue(w, c.problems);
        w.endObject();
        w.endLine();
    }
    return writeOut(io, text);
}

} // namespace certlife::cli
