// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "monitoring/NagiosCheck.h"

#include "util/TerminalText.h"

#include <algorithm>

namespace certlife {

namespace {

constexpr qint64 kDay = 86400;

// Text for the plugin's output: one line, no control characters, no '|'.
QString safe(const QString& text)
{
    QString out = escapeControlCharacters(text);
    out.replace(QLatin1Char('|'), QChar(0x00A6));
    return out;
}

// A perfdata label: quoted (it may hold spaces), without what would end it.
QString perfLabel(const QString& text)
{
    QString out;
    for (const QChar c : text) {
        if (c == QLatin1Char('\'') || c == QLatin1Char('=') || c == QLatin1Char('|') || isControlCharacter(c.unicode()))
            out += QLatin1Char('_');
        else
            out += c;
    }
    if (out.size() > 60)
        out = out.left(59) + QChar(0x2026);
    return QLatin1Char('\'') + out + QLatin1Char('\'');
}

QString where(const ClassifiedCertificate& s)
{
    return QStringLiteral("%1/%2").arg(scopeName(s.scope).toLower(), s.storeId);
}

QString whenText(const ClassifiedCertificate& s)
{
    const qint64 days = s.expiry.daysLeft;
    if (days < 0) // the number of daysLeft, as the console and the reports count
        return daysLeftText(days);
    return days == 0 ? QStringLiteral("expires in less than a day")
        : days == 1  ? QStringLiteral("expires in 1 day")
                     : QStringLiteral("expires in %1 days").arg(days);
}

// The warning and critical thresholds as Monitoring Plugins ranges over days left:
// "T:" alerts below T.
int warningDaysOf(const ClassifiedCertificate& s, const CheckThresholds& t)
{
    return t.warningDays ? *t.warningDays : int((s.expiry.warningWindowSeconds + kDay - 1) / kDay);
}

int criticalDaysOf(const CheckThresholds& t)
{
    return t.criticalDays.value_or(0);
}

QString perfValue(const QString& label, qint64 value, const QString& warn = {}, const QString& crit = {})
{
    // Concatenated, not arg(): a label holding "%2" must stay as it is.
    return label + QLatin1Char('=') + QString::number(value) + QLatin1Char(';') + warn + QLatin1Char(';') + crit;
}

} // namespace

QString checkStateName(CheckState state)
{
    switch (state) {
    case CheckState::Ok: return QStringLiteral("OK");
    case CheckState::Warning: return QStringLiteral("WARNING");
    case CheckState::Critical: return QStringLiteral("CRITICAL");
    case CheckState::Unknown: return QStringLiteral("UNKNOWN");
    }
    return {};
}

CheckState certificateCheckState(const ClassifiedCertificate& s, const CheckThresholds& t)
{
    if (s.expiry.state == ExpiryState::Archived || s.expiry.acknowledged)
        return CheckState::Ok;
    if (s.expiry.remainingSeconds < 0
        || (t.criticalDays && s.expiry.remainingSeconds <= qint64(*t.criticalDays) * kDay))
        return CheckState::Critical;
    const qint64 window = t.warningDays ? qint64(*t.warningDays) * kDay : s.expiry.warningWindowSeconds;
    return s.expiry.remainingSeconds <= window ? CheckState::Warning : CheckState::Ok;
}

CheckResult evaluateCheck(const CheckInput& input)
{
    CheckResult result;
    if (!input.unknown.isEmpty()) {
        result.state = CheckState::Unknown;
        result.text = QStringLiteral("CERTLIFE UNKNOWN - %1\n").arg(safe(input.unknown.first()));
        for (qsizetype i = 1; i < input.unknown.size(); ++i)
            result.text += safe(input.unknown[i]) + QLatin1Char('\n');
        return result;
    }

    QList<const ClassifiedCertificate*> live; // not archived, soonest first (the perfdata's order)
    int archived = 0, acknowledged = 0;
    for (const ClassifiedCertificate& s : input.certificates) {
        if (s.expiry.state == ExpiryState::Archived)
            ++archived;
        else if (s.expiry.state == ExpiryState::Acknowledged)
            ++acknowledged;
        else
            live << &s;
    }
    std::stable_sort(live.begin(), live.end(), [](const auto* a, const auto* b) {
        return a->certificate().notAfterSecs < b->certificate().notAfterSecs;
    });
    // The lines and the names of the status line: most urgent first, as everywhere.
    QList<const ClassifiedCertificate*> byUrgency = live;
    std::stable_sort(byUrgency.begin(), byUrgency.end(),
                     [](const auto* a, const auto* b) { return moreUrgent(a->expiry, b->expiry); });
    int expired = 0, critical = 0, warning = 0, ok = 0;
    QStringList problemLines;
    QStringList named; // for the status line
    for (const ClassifiedCertificate* s : std::as_const(byUrgency)) {
        const CheckState state = certificateCheckState(*s, input.thresholds);
        if (state == CheckState::Ok) {
            ++ok;
            continue;
        }
        (state == CheckState::Critical ? critical : warning) += 1;
        expired += s->expiry.remainingSeconds < 0 ? 1 : 0;
        const QString name = safe(s->certificate().displayName());
        problemLines << QStringLiteral("%1: %2 in %3 (%4) %5, notAfter %6")
                            .arg(checkStateName(state), name, safe(where(*s)), safe(s->stored.path), whenText(*s),
                                 s->certificate().notAfter().toString(Qt::ISODate));
        if (named.size() < 3)
            named << QStringLiteral("%1 (%2) %3").arg(name, safe(where(*s)), whenText(*s));
    }
    result.state = critical > 0                 ? CheckState::Critical
        : (warning > 0 || input.readErrors > 0) ? CheckState::Warning
                                                : CheckState::Ok;

    const int total = int(live.size());
    QString summary;
    if (critical + warning == 0) {
        summary = total == 0 ? QStringLiteral("no certificates to check")
                             : QStringLiteral("%1 certificate%2, the soonest %3 %4")
                                   .arg(total)
                                   .arg(total == 1 ? QString() : QStringLiteral("s"))
                                   .arg(safe(live.first()->certificate().displayName()), whenText(*live.first()));
    } else {
        QStringList parts;
        if (critical)
            parts << QStringLiteral("%1 critical%2")
                         .arg(critical)
                         .arg(expired ? QStringLiteral(" (%1 expired)").arg(expired) : QString());
        if (warning)
            parts << QStringLiteral("%1 warning").arg(warning);
        summary = QStringLiteral("%1 of %2 certificates: %3%4")
                      .arg(parts.join(QStringLiteral(", ")))
                      .arg(total)
                      .arg(named.join(QStringLiteral("; ")),
                           critical + warning > named.size() ? QStringLiteral("; …") : QString());
    }
    if (input.readErrors > 0)
        summary += QStringLiteral("; %1 file%2 could not be read (%3)")
                       .arg(input.readErrors)
                       .arg(input.readErrors == 1 ? QString() : QStringLiteral("s"), safe(input.firstReadError));
    if (archived > 0)
        summary += QStringLiteral("; %1 archived not counted").arg(archived);
    if (acknowledged > 0)
        summary += QStringLiteral("; %1 acknowledged or muted not counted").arg(acknowledged);

    QStringList perf;
    if (!live.isEmpty()) {
        const ClassifiedCertificate& soonest = *live.first();
        perf << perfValue(QStringLiteral("soonest_days"), soonest.expiry.daysLeft,
                          QStringLiteral("%1:").arg(warningDaysOf(soonest, input.thresholds)),
                          QStringLiteral("%1:").arg(criticalDaysOf(input.thresholds)));
    }
    for (qsizetype i = 0; i < live.size() && i < kPerfdataCertificates; ++i) {
        const ClassifiedCertificate& s = *live[i];
        perf << perfValue(perfLabel(QStringLiteral("%1 %2").arg(s.certificate().displayName(), where(s))),
                          s.expiry.daysLeft, QStringLiteral("%1:").arg(warningDaysOf(s, input.thresholds)),
                          QStringLiteral("%1:").arg(criticalDaysOf(input.thresholds)));
    }
    for (const auto& [label, value] :
         {std::pair{"certificates", total}, std::pair{"critical", critical}, std::pair{"expired", expired},
          std::pair{"warning", warning}, std::pair{"ok", ok}, std::pair{"archived", archived},
          std::pair{"read_errors", input.readErrors}})
        perf << perfValue(QLatin1String(label), value) + QStringLiteral(";0");

    result.text = QStringLiteral("CERTLIFE %1 - %2 | %3\n")
                      .arg(checkStateName(result.state), summary, perf.join(QLatin1Char(' ')));
    for (const QString& line : problemLines)
        result.text += line + QLatin1Char('\n');
    return result;
}

} // namespace certlife
