// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "tasks/TaskFile.h"

#include <QSet>
#include <QStringList>

namespace certlife {

namespace {

QString escapeValue(const QString& value)
{
    QString out;
    for (qsizetype i = 0; i < value.size(); ++i) {
        const QChar c = value.at(i);
        if (c == QLatin1Char('\\'))
            out += QLatin1String("\\\\");
        else if (c == QLatin1Char('\n'))
            out += QLatin1String("\\n");
        else if (c == QLatin1Char('\r'))
            out += QLatin1String("\\r");
        else if (c == QLatin1Char('\t'))
            out += QLatin1String("\\t");
        else if (c == QLatin1Char(' ') && (i == 0 || i == value.size() - 1))
            out += QLatin1String("\\s");
        else
            out += c;
    }
    return out;
}

bool unescapeValue(const QString& raw, QString* out, QString* why)
{
    out->clear();
    for (qsizetype i = 0; i < raw.size(); ++i) {
        const QChar c = raw.at(i);
        if (c != QLatin1Char('\\')) {
            *out += c;
            continue;
        }
        if (i + 1 >= raw.size()) {
            *why = QStringLiteral("value ends with a lone backslash");
            return false;
        }
        const QChar e = raw.at(++i);
        if (e == QLatin1Char('\\'))
            *out += QLatin1Char('\\');
        else if (e == QLatin1Char('n'))
            *out += QLatin1Char('\n');
        else if (e == QLatin1Char('r'))
            *out += QLatin1Char('\r');
        else if (e == QLatin1Char('t'))
            *out += QLatin1Char('\t');
        else if (e == QLatin1Char('s'))
            *out += QLatin1Char(' ');
        else {
            *why = QStringLiteral("unknown escape \\%1 (known: \\\\ \\n \\r \\t \\s)").arg(e);
            return false;
        }
    }
    return true;
}

bool parseBool(const QString& text, bool* out)
{
    const QString t = text.toLower();
    if (t == QLatin1String("true") || t == QLatin1String("yes") || t == QLatin1String("1")) {
        *out = true;
        return true;
    }
    if (t == QLatin1String("false") || t == QLatin1String("no") || t == QLatin1String("0")) {
        *out = false;
        return true;
    }
    return false;
}

bool parseInt(const QString& text, int* out)
{
    bool ok = false;
    const int v = text.toInt(&ok);
    if (ok)
        *out = v;
    return ok;
}

QString boolText(bool v)
{
    return v ? QStringLiteral("true") : QStringLiteral("false");
}

// Applies one Key=Value; returns the reason when the value is not acceptable.
QString applyKey(NotificationTask& t, const QString& key, const QString& value)
{
    const QString k = key.toLower();
    if (k == QLatin1String("name"))
        t.name = value;
    else if (k == QLatin1String("type")) {
        if (!parseTaskType(value, &t.type))
            return QStringLiteral("Type \"%1\" is not Replace, Expire or Stale").arg(value);
    } else if (k == QLatin1String("channel")) {
        if (!parseScope(value, &t.channel))
            return QStringLiteral("Channel \"%1\" is not System or User").arg(value);
    } else if (k == QLatin1String("command"))
        t.command = value;
    else if (k == QLatin1String("argument"))
        t.arguments << value;
    else if (k == QLatin1String("filterthumbprint")) {
        t.filterThumbprint = value.isEmpty() ? QString() : normalizeThumbprint(value);
        if (!value.isEmpty() && t.filterThumbprint.isEmpty())
            return QStringLiteral("FilterThumbprint \"%1\" is not a SHA-1 thumbprint (40 hex digits)").arg(value);
    } else if (k == QLatin1String("filterstore"))
        t.filterStore = value;
    else if (k == QLatin1String("filtersubject"))
        t.filterSubject = value;
    else if (k == QLatin1String("timeoutseconds")) {
        if (!parseInt(value, &t.timeoutSeconds))
            return QStringLiteral("TimeoutSeconds \"%1\" is not a number").arg(value);
    } else if (k == QLatin1String("retries")) {
        if (!parseInt(value, &t.retries))
            return QStringLiteral("Retries \"%1\" is not a number").arg(value);
    } else if (k == QLatin1String("retryintervalseconds")) {
        if (!parseInt(value, &t.retryIntervalSeconds))
            return QStringLiteral("RetryIntervalSeconds \"%1\" is not a number").arg(value);
    } else if (k == QLatin1String("enabled")) {
        if (!parseBool(value, &t.enabled))
            return QStringLiteral("Enabled \"%1\" is not true or false").arg(value);
    } else if (k == QLatin1String("runforexisting")) {
        if (!parseBool(value, &t.runForExisting))
            return QStringLiteral("RunForExisting \"%1\" is not true or false").arg(value);
    } else if (k == QLatin1String("digest")) {
        if (!parseBool(value, &t.digest))
            return QStringLiteral("Digest \"%1\" is not true or false").arg(value);
    } else if (k == QLatin1String("sha256"))
        t.pinnedSha256 = value.toUpper();
    else
        return QStringLiteral("unknown key \"%1\"").arg(key);
    return {};
}

} // namespace

QByteArray serializeTaskFile(const NotificationTask& t)
{
    QStringList lines{
        QStringLiteral("# Certlife notification task. Change it with `certlifectl task`; format in docs/tasks.md."),
        QStringLiteral("[Task]"),
        QStringLiteral("Name=") + escapeValue(t.name),
        QStringLiteral("Type=") + taskTypeName(t.type),
        QStringLiteral("Channel=") + scopeName(t.channel),
        QStringLiteral("Command=") + escapeValue(t.command),
    };
    for (const QString& a : t.arguments)
        lines << QStringLiteral("Argument=") + escapeValue(a);
    lines << QStringLiteral("FilterThumbprint=") + t.filterThumbprint
          << QStringLiteral("FilterStore=") + escapeValue(t.filterStore)
          << QStringLiteral("FilterSubject=") + escapeValue(t.filterSubject)
          << QStringLiteral("TimeoutSeconds=%1").arg(t.timeoutSeconds) << QStringLiteral("Retries=%1").arg(t.retries)
          << QStringLiteral("RetryIntervalSeconds=%1").arg(t.retryIntervalSeconds)
          << QStringLiteral("Enabled=") + boolText(t.enabled)
          << QStringLiteral("RunForExisting=") + boolText(t.runForExisting);
    // Only when set: a file without it is read by every version.
    if (t.digest)
        lines << QStringLiteral("Digest=true");
    lines << QStringLiteral("Sha256=") + t.pinnedSha256;
    return (lines.join(QLatin1Char('\n')) + QLatin1Char('\n')).toUtf8();
}

std::optional<NotificationTask> parseTaskFile(const QByteArray& data, const QString& source, QString* error)
{
    const auto failAt = [&](int line, const QString& why) {
        if (error)
            *error = QStringLiteral("%1 line %2: %3").arg(source).arg(line).arg(why);
        return std::nullopt;
    };
    if (data.contains('\0'))
        return failAt(1, QStringLiteral("the file contains NUL bytes (not a task file)"));
    NotificationTask task;
    task.arguments.clear();
    bool inSection = false;
    bool sawSection = false;
    QSet<QString> seen;
    const QStringList lines = QString::fromUtf8(data).split(QLatin1Char('\n'));
    for (int n = 0; n < lines.size(); ++n) {
        const QString line = lines.at(n).trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1Char('#')) || line.startsWith(QLatin1Char(';')))
            continue;
        if (line.startsWith(QLatin1Char('['))) {
            if (line.compare(QLatin1String("[Task]"), Qt::CaseInsensitive) != 0 || sawSection)
                return failAt(n + 1,
                              QStringLiteral("unexpected section %1 (a task file has one [Task] section)").arg(line));
            inSection = sawSection = true;
            continue;
        }
        if (!inSection)
            return failAt(n + 1, QStringLiteral("text before the [Task] section"));
        const qsizetype eq = line.indexOf(QLatin1Char('='));
        if (eq <= 0)
            return failAt(n + 1, QStringLiteral("expected Key=Value"));
        const QString key = line.left(eq).trimmed();
        const QString lowerKey = key.toLower();
        if (lowerKey != QLatin1String("argument") && seen.contains(lowerKey))
            return failAt(n + 1, QStringLiteral("%1 is given twice").arg(key));
        seen.insert(lowerKey);
        QString value;
        QString why;
        if (!unescapeValue(line.mid(eq + 1).trimmed(), &value, &why))
            return failAt(n + 1, why);
        why = applyKey(task, key, value);
        if (!why.isEmpty())
            return failAt(n + 1, why);
    }
    if (!sawSection)
        return failAt(1, QStringLiteral("no [Task] section"));
    for (const char* required : {"Name", "Type", "Channel", "Command", "Sha256"}) {
        if (!seen.contains(QString::fromLatin1(required).toLower()))
            return failAt(lines.size(), QStringLiteral("%1= is missing").arg(QLatin1String(required)));
    }
    const QStringList problems = validateTask(task);
    if (!problems.isEmpty()) {
        if (error)
            *error = source + QStringLiteral(": ") + problems.join(QStringLiteral("; "));
        return std::nullopt;
    }
    return task;
}

} // namespace certlife
