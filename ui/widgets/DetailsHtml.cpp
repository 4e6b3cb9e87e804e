// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "DetailsHtml.h"

#include "models/CertificateText.h"
#include "models/ExpiryColors.h"
#include "stores/CertificateLocations.h"
#include "endpoints/Endpoint.h"

#include <QCoreApplication>
#include <QLocale>
#include <QUrl>

namespace certlife::ui {

static const QString kSuccessorScheme = QStringLiteral("successor");

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("DetailsHtml", text);
}

const QString kStyle = QStringLiteral(
    "<style>"
    "table { border-collapse: collapse; }"
    "td { padding: 2px 8px 2px 0; vertical-align: top; }"
    "td.k { color: #546e7a; white-space: nowrap; padding-right: 14px; }"
    "td.h { font-weight: bold; font-size: large; color: #263238; padding-top: 12px; padding-bottom: 3px; }"
    "td.ch { font-weight: bold; color: #37474f; }"
    "td.mono { font-family: monospace; font-size: small; }"
    "td.changed { background-color: #fff3c4; }"
    "</style>");

QString escapedLines(const QString& value)
{
    QString escaped = value.toHtmlEscaped();
    escaped.replace(QLatin1Char('\n'), QLatin1String("<br>"));
    return escaped;
}

QString row(const QString& key, const QString& value, bool mono = false)
{
    if (value.isEmpty())
        return {};
    return QStringLiteral("<tr><td class='k'>%1</td><td%2>%3</td></tr>")
        .arg(key.toHtmlEscaped(), mono ? QStringLiteral(" class='mono'") : QString(), escapedLines(value));
}

// A heading inside the one field table, so the values of every section line up.
QString heading(const QString& title, int columns = 2)
{
    return QStringLiteral("<tr><td class='h' colspan='%1'>%2</td></tr>").arg(columns).arg(title.toHtmlEscaped());
}

QString ekuLines(const QList<ExtendedKeyUsage>& ekus)
{
    QStringList lines;
    for (const auto& e : ekus)
        lines << (e.name.isEmpty() || e.name == e.oid ? e.oid : QStringLiteral("%1 (%2)").arg(e.name, e.oid));
    return lines.join(QLatin1Char('\n'));
}

// The fields an event records about a certificate.
struct Field
{
    QString label;
    QString value;
    bool mono = false;
};

QList<Field> certificateFields(const CertificateDetails& d)
{
    return {
        {tr("Subject"), d.subject},
        {tr("Alternative names"), d.sans.join(QLatin1Char('\n'))},
        {tr("Issuer"), d.issuer},
        {tr("Not before"), formatUtc(d.notBefore)},
        {tr("Not after"), formatUtc(d.notAfter)},
        {tr("Template"), d.templateName},
        {tr("Extended key usage"), ekuLines(d.ekus)},
        {tr("File"), d.path},
        {tr("Thumbprint (SHA-1)"), d.thumbprint, true},
        {tr("SHA-256"), d.sha256, true},
    };
}

// Two certificates side by side, one row per field, the old (or served) one on the left;
// what differs is highlighted.
QString comparisonRows(const CertificateDetails& oldDetails, const CertificateDetails& newDetails, const QString& title,
                       const QString& oldLabel, const QString& newLabel)
{
    const QList<Field> before = certificateFields(oldDetails);
    const QList<Field> after = certificateFields(newDetails);
    QString html = heading(title, 3);
    html += QStringLiteral("<tr><td></td><td class='ch'>%1</td><td class='ch'>%2</td></tr>")
                .arg(oldLabel.toHtmlEscaped(), newLabel.toHtmlEscaped());
    for (qsizetype i = 0; i < before.size(); ++i) {
        if (before[i].value.isEmpty() && after[i].value.isEmpty())
            continue;
        QStringList classes;
        if (before[i].mono)
            classes << QStringLiteral("mono");
        if (before[i].value != after[i].value)
            classes << QStringLiteral("changed");
        const QString attr =
            classes.isEmpty() ? QString() : QStringLiteral(" class='%1'").arg(classes.join(QLatin1Char(' ')));
        html += QStringLiteral(
                    "<tr><td class='k' width='20%'>%1</td><td%2 width='40%'>%3</td><td%2 width='40%'>%4</td></tr>")
                    .arg(before[i].label.toHtmlEscaped(), attr, escapedLines(before[i].value),
                         escapedLines(after[i].value));
    }
    return html;
}

// The same comparison one certificate above the other, for a narrow pane: each field of
// the second is marked where it differs from the first.
QString stackedComparisonRows(const CertificateDetails& oldDetails, const CertificateDetails& newDetails,
                              const QString& title, const QString& oldLabel, const QString& newLabel)
{
    const QList<Field> before = certificateFields(oldDetails);
    const QList<Field> after = certificateFields(newDetails);
    QString html = heading(title);
    for (const bool second : {false, true}) {
        html += QStringLiteral("<tr><td class='ch' colspan='2'>%1</td></tr>")
                    .arg((second ? newLabel : oldLabel).toHtmlEscaped());
        for (qsizetype i = 0; i < before.size(); ++i) {
            const Field& f = second ? after[i] : before[i];
            if (f.value.isEmpty())
                continue;
            QStringList classes;
            if (f.mono)
                classes << QStringLiteral("mono");
            if (before[i].value != after[i].value)
                classes << QStringLiteral("changed");
            const QString attr =
                classes.isEmpty() ? QString() : QStringLiteral(" class='%1'").arg(classes.join(QLatin1Char(' ')));
            html += QStringLiteral("<tr><td class='k'>%1</td><td%2>%3</td></tr>")
                        .arg(f.label.toHtmlEscaped(), attr, escapedLines(f.value));
        }
    }
    return html;
}

QString stateBadge(const ExpiryInfo& info)
{
    return QStringLiteral("<span style='background:%1; color:white; padding:1px 6px;'>&nbsp;%2&nbsp;</span>")
        .arg(expiryStateColor(info.state).name(), expiryStateText(info).toHtmlEscaped());
}
} // namespace

static QString successorLink(const Sha256Digest& sha256)
{
    return kSuccessorScheme + QLatin1Char(':') + toHexUpper(sha256);
}

// One endpoint address serving the certificate: where, how, and what is wrong there.
static QString servedRows(const QList<EndpointObservation>& endpoints)
{
    QString html;
    for (const EndpointObservation& seen : endpoints) {
        const ProbeResult& probe = seen.probe;
        QStringList lines;
        lines << tr("Store %1 (%2)").arg(seen.storeName, scopeName(seen.scope));
        if (seen.chainIndex > 0)
            lines << tr("Sent as chain certificate %1, not as the leaf").arg(seen.chainIndex + 1);
        QStringList negotiated;
        QStringList problems;
        for (const Finding& finding : probe.findings) {
            if (isProblemFinding(finding.kind))
                problems << findingText(finding);
            else
                negotiated << finding.detail;
        }
        if (!negotiated.isEmpty())
            lines << negotiated.join(QLatin1String(", "));
        lines << (problems.isEmpty() ? tr("No findings") : problems.join(QLatin1Char('\n')));
        html += row(probe.location(), lines.join(QLatin1Char('\n')));
    }
    return html;
}

QString certificateDetailsHtml(const CertificateRow& r, const ExpiryThreshold& threshold,
                               const QDateTime& /*now: the row was classified at it*/, const CertificateRow* successor,
                               const QList<EndpointObservation>& endpoints)
{
    const Certificate& c = r.certificate();
    QString html = kStyle;
    html += QStringLiteral("<h2 style='margin:0'>%1</h2>").arg(c.displayName().toHtmlEscaped());
    html += QStringLiteral("<p>%1 &nbsp; %2 · %3 of its lifetime left</p>")
                .arg(stateBadge(r.expiry), daysLeftText(r.expiry.daysLeft).toHtmlEscaped(),
                     formatPercent(r.expiry.lifetimeLeftPercent).toHtmlEscaped());
    if (r.expiry.state == ExpiryState::Acknowledged) {
        // Who decided, when, until when and why (the acknowledgement's own line).
        html += QStringLiteral("<p id='acknowledgement'>%1 %2</p>")
                    .arg(r.expiry.acknowledgement.toHtmlEscaped(),
                         tr("By its dates it is %1; it gets no expiry warnings and is not counted while this holds.")
                             .arg(expiryStateName(r.expiry.timeBin).toLower())
                             .toHtmlEscaped());
    } else if (r.expiry.state == ExpiryState::Archived) {
        // The renewal the lifecycle engine recognised; the link selects it.
        QString by;
        if (successor)
            by = tr("Superseded by %1, which expires %2.")
                     .toHtmlEscaped()
                     .arg(QStringLiteral("<a href='%1'>%2</a>")
                              .arg(successorLink(successor->certificate().sha256),
                                   successor->certificate().displayName().toHtmlEscaped()),
                          formatUtc(successor->certificate().notAfter()).toHtmlEscaped());
        else if (r.expiry.successor)
            by = tr("Superseded by the certificate with SHA-256 %1, which is in no monitored store now.")
                     .arg(toHexUpper(*r.expiry.successor))
                     .toHtmlEscaped();
        else
            by =
                tr("Archived by an administrator's Replace; its 1001 event names the new certificate.").toHtmlEscaped();
        html += QStringLiteral("<p id='successor'>%1 %2</p>")
                    .arg(by, tr("Archived certificates get no expiry warnings and are not counted.").toHtmlEscaped());
    } else if (r.expiry.longExpired) {
        html += QStringLiteral("<p>%1</p>")
                    .arg(tr("Long expired: more than %1 days ago. It is listed last in the most urgent order.")
                             .arg(threshold.longExpiredDays)
                             .toHtmlEscaped());
    }

    if (!r.servedAt.isEmpty()) {
        // The point of endpoint stores: this file is what a service serves right now.
        QStringList where;
        for (const ServedLocation& at : r.servedAt)
            if (!where.contains(at.location))
                where << at.location;
        html += QStringLiteral("<p id='served'><b>%1</b> %2</p>")
                    .arg(tr("Served").toHtmlEscaped(),
                         tr("An endpoint store found it served at %1 (what each address shows is under "
                            "Served by endpoints).")
                             .arg(where.join(QLatin1String(", ")))
                             .toHtmlEscaped());
    }

    html += QStringLiteral("<table width='100%'>");
    html += heading(tr("Validity"));
    html += row(tr("Not before"), formatUtc(c.notBefore()));
    html += row(tr("Not after"), formatUtc(c.notAfter()));
    html += row(tr("Warning threshold"), threshold.describe());

    html += heading(tr("Names"));
    html += row(tr("Subject"), c.subject);
    html += row(tr("Alternative names"), c.sanStrings().join(QLatin1Char('\n')));
    html += row(tr("Issuer"), c.issuer);
    html += row(tr("Serial number"), c.serialHex, true);

    html += heading(tr("Key and usage"));
    html += row(tr("Extended key usage"), ekuLines(c.ekus));
    if (c.hasKeyUsage)
        html += row(tr("Key usage"), keyUsageNames(c.keyUsage).join(QLatin1String(", ")));
    html += row(tr("Template"), c.templateName);
    html += row(tr("Key"),
                c.keyBits > 0 ? QStringLiteral("%1 %2 bits").arg(c.keyAlgorithm).arg(c.keyBits) : c.keyAlgorithm);
    html += row(tr("Certificate authority"), c.isCA ? tr("Yes") : tr("No"));
    html += row(tr("Self-signed"), c.selfSigned ? tr("Yes") : tr("No"));
    html +=
        row(tr("Private key"), c.hasPrivateKey ? tr("Present: %1").arg(r.stored().keyPath) : tr("Not in the store"));
    if (!r.stored().trust.isEmpty()) // NSS databases
        html += row(tr("NSS trust (SSL, S/MIME, code signing)"), r.stored().trust);

    html += heading(tr("Location")); // the hashes are above the fields (HashLabel), whole
    html += row(tr("Store"), QStringLiteral("%1 (%2)").arg(r.storeName(), scopeName(r.scope())));
    // Every place of the store that holds it (one row per certificate and store).
    const QList<CertificateLocation> locations = r.allLocations();
    // An endpoint store's locations are HOST:PORT [ADDRESS], the index the place in the chain.
    const bool served = !locations.isEmpty() && !endpointOfLocation(locations.first().path).isEmpty();
    QStringList files;
    for (const CertificateLocation& location : locations)
        files << (!location.entry.isEmpty() || !location.trust.isEmpty()
                      ? storedLocation(storedAt(c, location)) // keystore:FILE alias, nss:DIR nickname
                      : location.index > 0 ? (served ? tr("%1, chain certificate %2") : tr("%1, certificate %2"))
                                                 .arg(location.path)
                                                 .arg(location.index + 1)
                                           : location.path);
    html += row(locations.size() > 1 ? tr("Locations (%1)").arg(locations.size())
                    : served         ? tr("Served at")
                                     : tr("File"),
                files.join(QLatin1Char('\n')));
    if (!endpoints.isEmpty()) {
        html += heading(r.servedAt.isEmpty() ? tr("Endpoints") : tr("Served by endpoints"));
        html += servedRows(endpoints);
    }
    html += QStringLiteral("</table>");
    return html;
}

std::optional<Sha256Digest> successorOfLink(const QUrl& link)
{
    if (link.scheme() != kSuccessorScheme)
        return std::nullopt;
    const QByteArray bytes = QByteArray::fromHex(link.path().toLatin1());
    Sha256Digest digest{};
    if (bytes.size() != qsizetype(digest.size()))
        return std::nullopt;
    std::copy(bytes.cbegin(), bytes.cend(), digest.begin());
    return digest;
}

QString certificateFieldsHtml(const CertificateDetails& d)
{
    QString rows;
    for (const Field& f : certificateFields(d))
        rows += row(f.label, f.value, f.mono);
    return rows;
}

QString eventDetailsHtml(const LifecycleEvent& e, const QString& storeName, ComparisonLayout layout)
{
    QString html = kStyle;
    const QColor color = e.level() == EventLevel::Error ? QColor(0xC6, 0x28, 0x28)
        : e.level() == EventLevel::Warning              ? QColor(0xEF, 0x6C, 0x00)
                                                        : QColor(0x15, 0x65, 0xC0);
    html += QStringLiteral("<h2 style='margin:0'>%1 %2</h2>").arg(int(e.id)).arg(eventName(e.id).toHtmlEscaped());
    html += QStringLiteral("<p><span style='color:%1; font-weight:bold'>%2</span> &nbsp; %3</p>")
                .arg(color.name(), levelName(e.level()).toHtmlEscaped(), e.message.toHtmlEscaped());

    // A Replace and a stale binding (1101, 1102) show both certificates side by side.
    const bool replace = e.id == EventId::Replace && e.oldCertificate;
    const bool binding = (e.id == EventId::StaleBinding || e.id == EventId::BindingCurrent) && e.oldCertificate;
    const bool stacked = layout == ComparisonLayout::Stacked;
    const int columns = (replace || binding) && !stacked ? 3 : 2;
    const auto compare = stacked ? &stackedComparisonRows : &comparisonRows;
    auto field = [columns](const QString& key, const QString& value) {
        // In a Replace comparison the event's own fields span both value columns.
        QString html = row(key, value);
        if (columns == 3)
            html.replace(QStringLiteral("<td>"), QStringLiteral("<td colspan='2'>"));
        return html;
    };
    html += QStringLiteral("<table width='100%'>");
    html += heading(tr("Event"), columns);
    html += field(tr("Time"), formatUtcSeconds(e.time));
    html += field(tr("Record id"), QString::number(e.recordId));
    html += field(tr("Channel"), scopeName(e.channel));
    html += field(tr("Store"),
                  storeName.isEmpty() || storeName == e.storeId ? e.storeId
                                                                : QStringLiteral("%1 (%2)").arg(storeName, e.storeId));
    html += field(tr("Action"), e.action);
    html += field(tr("Host"), e.host);
    html += field(tr("Account"), e.account);
    html += field(tr("Process"), e.process);
    if (e.remainingSeconds)
        html += field(tr("Remaining lifetime"), remainingText(*e.remainingSeconds));
    if (binding) {
        // 1101: the old certificate is the one served, the event's the newer file's;
        // 1102: the event's certificate is served now, the old one was served stale.
        const bool stale = e.id == EventId::StaleBinding;
        html += field(tr("Endpoint"), stale ? e.oldCertificate->path : e.certificate.path);
        html += stale ? compare(*e.oldCertificate, e.certificate, tr("Stale binding"), tr("Served by the endpoint"),
                                tr("Newer in a file store"))
                      : compare(*e.oldCertificate, e.certificate, tr("Binding current again"),
                                tr("Served before (stale)"), tr("Served now"));
    } else if (replace) {
        html += compare(*e.oldCertificate, e.certificate, tr("Certificate replaced"), tr("Old certificate"),
                        tr("New certificate"));
    } else {
        html += heading(tr("Certificate"));
        html += certificateFieldsHtml(e.certificate);
    }
    html += QStringLiteral("</table>");
    return html;
}

} // namespace certlife::ui
