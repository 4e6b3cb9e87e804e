#include "DetailsHtml.h"

#include "models/CertificateText.h"

#include <QCoreApplication>
#include <QLocale>

namespace certlife::ui {

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("DetailsHtml", text);
}

const QString kStyle = QStringLiteral(
    "<style>"
    "table { border-collapse: collapse; }"
    "td { padding: 2px 6px 2px 0; vertical-align: top; }"
    "td.k { color: #546e7a; white-space: nowrap; padding-right: 12px; }"
    "td.mono { font-family: monospace; }"
    "h3 { margin: 10px 0 4px 0; color: #263238; }"
    "</style>");

QString row(const QString& key, const QString& value, bool mono = false)
{
    if (value.isEmpty())
        return {};
    QString escaped = value.toHtmlEscaped();
    escaped.replace(QLatin1Char('\n'), QLatin1String("<br>"));
    return QStringLiteral("<tr><td class='k'>%1</td><td%2>%3</td></tr>")
        .arg(key.toHtmlEscaped(), mono ? QStringLiteral(" class='mono'") : QString(), escaped);
}

QString section(const QString& title, const QString& rows)
{
    return QStringLiteral("<h3>%1</h3><table>%2</table>").arg(title.toHtmlEscaped(), rows);
}

QString ekuLines(const QList<ExtendedKeyUsage>& ekus)
{
    QStringList lines;
    for (const auto& e : ekus)
        lines << (e.name.isEmpty() || e.name == e.oid ? e.oid : QStringLiteral("%1 (%2)").arg(e.name, e.oid));
    return lines.join(QLatin1Char('\n'));
}

QString stateBadge(ExpiryState state)
{
    return QStringLiteral("<span style='background:%1; color:white; padding:1px 6px;'>&nbsp;%2&nbsp;</span>")
        .arg(expiryStateColor(state).name(), expiryStateName(state).toHtmlEscaped());
}
} // namespace

QString certificateDetailsHtml(const CertificateRow& r, const ExpiryThreshold& threshold, const QDateTime& now)
{
    const Certificate& c = r.certificate();
    QString html = kStyle;
    html += QStringLiteral("<h2 style='margin:0'>%1</h2>").arg(c.displayName().toHtmlEscaped());
    html += QStringLiteral("<p>%1 &nbsp; %2 · %3 of its lifetime left</p>")
                .arg(stateBadge(r.expiry.state),
                     remainingText(c.notAfterSecs - now.toSecsSinceEpoch()).toHtmlEscaped(),
                     formatPercent(r.expiry.lifetimeLeftPercent).toHtmlEscaped());

    QString validity;
    validity += row(tr("Not before"), formatUtc(c.notBefore()));
    validity += row(tr("Not after"), formatUtc(c.notAfter()));
    validity += row(tr("Warning threshold"), threshold.describe());
    html += section(tr("Validity"), validity);

    QString names;
    names += row(tr("Subject"), c.subject);
    names += row(tr("Alternative names"), c.sanStrings().join(QLatin1Char('\n')));
    names += row(tr("Issuer"), c.issuer);
    names += row(tr("Serial number"), c.serialHex, true);
    html += section(tr("Names"), names);

    QString usage;
    usage += row(tr("Extended key usage"), ekuLines(c.ekus));
    if (c.hasKeyUsage)
        usage += row(tr("Key usage"), keyUsageNames(c.keyUsage).join(QLatin1String(", ")));
    usage += row(tr("Template"), c.templateName);
    usage += row(tr("Key"), c.keyBits > 0 ? QStringLiteral("%1 %2 bits").arg(c.keyAlgorithm).arg(c.keyBits) : c.keyAlgorithm);
    usage += row(tr("Certificate authority"), c.isCA ? tr("Yes") : tr("No"));
    usage += row(tr("Self-signed"), c.selfSigned ? tr("Yes") : tr("No"));
    usage += row(tr("Private key"), c.hasPrivateKey ? tr("Present: %1").arg(r.stored.keyPath) : tr("Not in the store"));
    html += section(tr("Key and usage"), usage);

    QString where;
    where += row(tr("Store"), QStringLiteral("%1 (%2)").arg(r.storeName, scopeName(r.scope)));
    where += row(tr("File"), r.stored.index > 0 ? tr("%1, certificate %2").arg(r.stored.path).arg(r.stored.index + 1)
                                                  : r.stored.path);
    where += row(tr("Thumbprint (SHA-1)"), r.thumbprint, true);
    where += row(tr("SHA-256"), c.sha256Hex(), true);
    html += section(tr("Location and fingerprints"), where);
    return html;
}

QString certificateFieldsHtml(const CertificateDetails& d)
{
    QString rows;
    rows += row(tr("Subject"), d.subject);
    rows += row(tr("Alternative names"), d.sans.join(QLatin1Char('\n')));
    rows += row(tr("Issuer"), d.issuer);
    rows += row(tr("Not before"), formatUtc(d.notBefore));
    rows += row(tr("Not after"), formatUtc(d.notAfter));
    rows += row(tr("Template"), d.templateName);
    rows += row(tr("Extended key usage"), ekuLines(d.ekus));
    rows += row(tr("File"), d.path);
    rows += row(tr("Thumbprint (SHA-1)"), d.thumbprint, true);
    rows += row(tr("SHA-256"), d.sha256, true);
    return rows;
}

QString eventDetailsHtml(const LifecycleEvent& e)
{
    QString html = kStyle;
    const QColor color = e.level() == EventLevel::Error     ? QColor(0xC6, 0x28, 0x28)
                       : e.level() == EventLevel::Warning ? QColor(0xEF, 0x6C, 0x00)
                                                          : QColor(0x15, 0x65, 0xC0);
    html += QStringLiteral("<h2 style='margin:0'>%1 %2</h2>").arg(int(e.id)).arg(eventName(e.id).toHtmlEscaped());
    html += QStringLiteral("<p><span style='color:%1; font-weight:bold'>%2</span> &nbsp; %3</p>")
                .arg(color.name(), levelName(e.level()).toHtmlEscaped(), e.message.toHtmlEscaped());

    QString general;
    general += row(tr("Time"), formatUtcSeconds(e.time));
    general += row(tr("Record id"), QString::number(e.recordId));
    general += row(tr("Channel"), scopeName(e.channel));
    general += row(tr("Store"), e.storeId);
    general += row(tr("Action"), e.action);
    general += row(tr("Host"), e.host);
    general += row(tr("Account"), e.account);
    general += row(tr("Process"), e.process);
    if (e.remainingSeconds)
        general += row(tr("Remaining lifetime"), remainingText(*e.remainingSeconds));
    html += section(tr("Event"), general);

    if (e.id == EventId::Replace && e.oldCertificate) {
        html += QStringLiteral("<table width='100%'><tr><td width='50%'>%1</td><td width='50%'>%2</td></tr></table>")
                    .arg(section(tr("Old certificate"), certificateFieldsHtml(*e.oldCertificate)),
                         section(tr("New certificate"), certificateFieldsHtml(e.certificate)));
    } else {
        html += section(tr("Certificate"), certificateFieldsHtml(e.certificate));
    }
    return html;
}

} // namespace certlife::ui
