// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "EventsTable.h"

#include "util/TerminalText.h"

#include <algorithm>

namespace certlife::cli {

namespace {

// Long stores and subjects are cut so a row stays readable; --json has them whole.
constexpr int kMaxStore = 24;
constexpr int kMaxSubject = 48;

QString cut(const QString& text, int max)
{
    return text.size() <= max ? text : text.left(max - 1) + QChar(0x2026);
}

} // namespace

QStringList EventsTable::cells(const LifecycleEvent& e) const
{
    QStringList row{e.time.toUTC().toString(Qt::ISODate)};
    if (m_withHost)
        row << escapeControlCharacters(e.host);
    if (m_withChannel) {
        // Over a fleet, a User channel is an account's (docs/fleet.md, "User channels").
        if (m_withHost && e.channel == Scope::User && !e.account.isEmpty())
            row << QStringLiteral("%1 (%2)").arg(scopeName(e.channel), escapeControlCharacters(e.account));
        else
            row << scopeName(e.channel);
    }
    const CertificateDetails& c = e.certificate;
    row << QString::number(int(e.id)) << levelName(e.level()) << escapeControlCharacters(e.action)
        << cut(escapeControlCharacters(e.storeId), kMaxStore)
        << cut(escapeControlCharacters(c.subjectCN.isEmpty() ? c.subject : c.subjectCN), kMaxSubject)
        << escapeControlCharacters(c.thumbprint);
    return row;
}

QString EventsTable::format(const QList<LifecycleEvent>& events)
{
    QList<QStringList> rows;
    const bool first = m_widths.isEmpty();
    if (first) {
        QStringList header{QStringLiteral("TIME")};
        if (m_withHost)
            header << QStringLiteral("HOST");
        if (m_withChannel)
            header << QStringLiteral("CHANNEL");
        header << QStringLiteral("ID") << QStringLiteral("LEVEL") << QStringLiteral("ACTION") << QStringLiteral("STORE")
               << QStringLiteral("SUBJECT") << QStringLiteral("THUMBPRINT");
        rows << header;
    }
    for (const LifecycleEvent& e : events)
        rows << cells(e);
    if (first) {
        m_widths.fill(0, rows.first().size());
        for (const QStringList& row : rows) {
            for (int i = 0; i < row.size(); ++i)
                m_widths[i] = std::max(m_widths[i], int(row[i].size()));
        }
    }
    QString out;
    for (const QStringList& row : rows) {
        QString line;
        for (int i = 0; i < row.size(); ++i) {
            const bool last = i == row.size() - 1;
            line += last ? row[i] : cut(row[i], m_widths[i]).leftJustified(m_widths[i]) + QLatin1String("  ");
        }
        out += line + QLatin1Char('\n');
    }
    return out;
}

} // namespace certlife::cli
