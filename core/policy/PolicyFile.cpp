// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "policy/PolicyFile.h"

#include <QFile>
#include <QFileInfo>
#include <QSettings>
#include <QTemporaryFile>
#include <sys/stat.h>
#include <unistd.h>

namespace certlife {

namespace {

constexpr qint64 kMaxPolicyFileSize = 1024 * 1024;

enum class LineKind { Blank, Comment, Section, KeyValue, Bad };
enum class SectionKind { Policy, Enforced, Other };

struct IniLine
{
    LineKind kind = LineKind::Blank;
    QString name; // section name or key
};

// Classifies one line the way QSettings' INI reader does.
IniLine classify(const QByteArray& raw)
{
    const QString line = QString::fromUtf8(raw).trimmed();
    if (line.isEmpty())
        return {};
    if (line.startsWith(QLatin1Char(';')) || line.startsWith(QLatin1Char('#')))
        return {LineKind::Comment, {}};
    if (line.startsWith(QLatin1Char('['))) {
        const qsizetype close = line.indexOf(QLatin1Char(']'));
        if (close < 0)
            return {LineKind::Bad, {}};
        return {LineKind::Section, line.mid(1, close - 1).trimmed()};
    }
    const qsizetype eq = line.indexOf(QLatin1Char('='));
    if (eq <= 0)
        return {LineKind::Bad, {}};
    return {LineKind::KeyValue, line.left(eq).trimmed()};
}

// Keys before any section header are in QSettings' "General" group: they count as [Policy].
SectionKind sectionKind(const QString& name)
{
    if (name.isEmpty() || name.compare(QLatin1String("Policy"), Qt::CaseInsensitive) == 0
        || name.compare(QLatin1String("General"), Qt::CaseInsensitive) == 0)
        return SectionKind::Policy;
    if (name.compare(QLatin1String("Enforced"), Qt::CaseInsensitive) == 0)
        return SectionKind::Enforced;
    return SectionKind::Other;
}

QList<QByteArray> splitLines(const QByteArray& content)
{
    QList<QByteArray> lines = content.split('\n');
    if (!lines.isEmpty() && lines.last().isEmpty())
        lines.removeLast();
    for (QByteArray& l : lines)
        if (l.endsWith('\r'))
            l.chop(1);
    return lines;
}

// A machine policy that someone other than root can change must not be trusted:
// it decides, among other things, whether task scripts must be signed.
QString unsafeMachineFileReason(const QString& path)
{
    struct stat st
    {};
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return {};
    if (st.st_uid != 0 && st.st_uid != ::geteuid())
        return QStringLiteral("is owned by uid %1, not root").arg(st.st_uid);
    if (st.st_mode & (S_IWGRP | S_IWOTH))
        return QStringLiteral("is writable by group or others (fix: chmod go-w %1)").arg(path);
    return {};
}

// QSettings hands back a value with an unquoted comma as a list ("365d,1000" too).
QString valueText(PolicyKey key, const QVariant& v)
{
    if (v.userType() == QMetaType::QStringList)
        return isPolicyListKey(key) ? joinPolicyList(v.toStringList()) : v.toStringList().join(QLatin1Char(','));
    return v.toString();
}

} // namespace

PolicyLayer PolicyLayer::load(const QString& path, Scope scope)
{
    PolicyLayer layer;
    layer.scope = scope;
    layer.path = path;
    const QFileInfo fi(path);
    if (!fi.exists())
        return layer;
    layer.exists = true;
    const auto ignoreFile = [&](const QString& reason) {
        layer.ignored = true;
        layer.problems << QStringLiteral("%1: %2; the whole file is ignored and defaults apply").arg(path, reason);
        return layer;
    };
    if (scope == Scope::System) {
        const QString unsafe = unsafeMachineFileReason(path);
        if (!unsafe.isEmpty())
            return ignoreFile(unsafe);
    }
    if (!fi.isFile())
        return ignoreFile(QStringLiteral("is not a regular file"));
    if (fi.size() > kMaxPolicyFileSize)
        return ignoreFile(QStringLiteral("is larger than 1 MiB"));
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return ignoreFile(QStringLiteral("cannot be read (%1)").arg(file.errorString()));
    return fromContent(file.read(kMaxPolicyFileSize), path, scope);
}

PolicyLayer PolicyLayer::fromContent(const QByteArray& bytes, const QString& path, Scope scope)
{
    const QByteArray content = bytes.left(kMaxPolicyFileSize);
    PolicyLayer layer;
    layer.scope = scope;
    layer.path = path;
    layer.exists = true;
    const auto ignoreFile = [&](const QString& reason) {
        layer.ignored = true;
        layer.problems << QStringLiteral("%1: %2; the whole file is ignored and defaults apply").arg(path, reason);
        return layer;
    };
    const QList<QByteArray> lines = splitLines(content);

    // Our own pass over the lines: QSettings names neither bad lines nor line numbers.
    QMap<QString, QList<int>> keyLines; // "policy/expirywarningpercent" → line numbers
    QMap<QString, int> spellingLine;    // "policy/ExpiryWarningPercent" → its last line
    QString section;
    for (int i = 0; i < lines.size(); ++i) {
        const int number = i + 1;
        const IniLine line = classify(lines[i]);
        const QString where = QStringLiteral("%1:%2").arg(path).arg(number);
        switch (line.kind) {
        case LineKind::Blank:
        case LineKind::Comment: break;
        case LineKind::Bad:
            layer.problems << QStringLiteral("%1: \"%2\" is neither [Section], Key=Value nor a comment; ignored")
                                  .arg(where, QString::fromUtf8(lines[i]).trimmed().left(80));
            break;
        case LineKind::Section:
            section = line.name;
            if (sectionKind(section) == SectionKind::Other)
                layer.problems << QStringLiteral("%1: unknown section [%2]; the sections are [Policy] and [Enforced]; "
                                                 "its keys are ignored")
                                      .arg(where, section);
            else if (sectionKind(section) == SectionKind::Enforced && scope == Scope::User)
                layer.problems << QStringLiteral("%1: [Enforced] only has a meaning in the machine policy; "
                                                 "its keys apply as ordinary user settings")
                                      .arg(where);
            break;
        case LineKind::KeyValue:
            if (sectionKind(section) == SectionKind::Other)
                break;
            const QString kind =
                sectionKind(section) == SectionKind::Enforced ? QStringLiteral("enforced/") : QStringLiteral("policy/");
            keyLines[kind + line.name.toLower()] << number;
            spellingLine[kind + line.name] = number;
            if (!parsePolicyKey(line.name))
                layer.problems << QStringLiteral("%1: %2; ignored").arg(where, unknownPolicyKeyMessage(line.name));
            break;
        }
    }
    for (auto it = keyLines.cbegin(); it != keyLines.cend(); ++it) {
        if (it.value().size() > 1 && parsePolicyKey(it.key().section(QLatin1Char('/'), 1))) {
            QStringList numbers;
            for (int n : it.value())
                numbers << QString::number(n);
            layer.problems << QStringLiteral("%1: %2 is set more than once (lines %3); line %4 applies")
                                  .arg(path, policyKeyName(*parsePolicyKey(it.key().section(QLatin1Char('/'), 1))),
                                       numbers.join(QLatin1String(", ")), numbers.last());
        }
    }

    // QSettings reads a private copy of exactly the bytes checked above: no race with a
    // writer, and no stale entry from QSettings' per-path cache after a quick rewrite.
    QTemporaryFile copy;
    if (!copy.open() || copy.write(content) != content.size() || !copy.flush())
        return ignoreFile(QStringLiteral("cannot be copied for reading (%1)").arg(copy.errorString()));
    QSettings settings(copy.fileName(), QSettings::IniFormat);
    // For keys spelled in several ways, the spelling on the last line wins (as for exact duplicates).
    QMap<QString, QPair<int, QString>> chosen; // "policy/lowerkey" → (line, QSettings key)
    for (const QString& fullKey : settings.allKeys()) {
        const qsizetype slash = fullKey.lastIndexOf(QLatin1Char('/'));
        const QString group = slash < 0 ? QString() : fullKey.left(slash);
        const QString key = fullKey.mid(slash + 1);
        const SectionKind kind = sectionKind(group);
        if (kind == SectionKind::Other || !parsePolicyKey(key))
            continue; // reported above
        const QString id =
            (kind == SectionKind::Enforced ? QStringLiteral("enforced/") : QStringLiteral("policy/")) + key.toLower();
        const int lastLine = spellingLine.value(id.section(QLatin1Char('/'), 0, 0) + QLatin1Char('/') + key);
        if (!chosen.contains(id) || lastLine > chosen[id].first)
            chosen[id] = {lastLine, fullKey};
    }
    // [Policy] first, then [Enforced], so an enforced value replaces a plain one.
    for (const QString& prefix : {QStringLiteral("policy/"), QStringLiteral("enforced/")}) {
        for (auto it = chosen.cbegin(); it != chosen.cend(); ++it) {
            if (!it.key().startsWith(prefix))
                continue;
            const PolicyKey key = *parsePolicyKey(it.key().mid(prefix.size()));
            const bool enforced = prefix.startsWith(QLatin1Char('e')) && scope == Scope::System;
            PolicySetting setting{valueText(key, settings.value(it.value().second)), enforced, true};
            const QString where = QStringLiteral("%1:%2").arg(path).arg(it.value().first);
            if (scope == Scope::User && isMachineOnlyPolicyKey(key)) {
                layer.problems << QStringLiteral("%1: %2 only has a meaning in the machine policy; ignored")
                                      .arg(where, policyKeyName(key));
                continue;
            }
            QString error;
            Policy scratch;
            if (!setPolicyValue(scratch, key, setting.text, &error)) {
                setting.valid = false;
                layer.problems << QStringLiteral("%1: %2; %3")
                                      .arg(where, error,
                                           enforced ? QStringLiteral("the key stays enforced, at its default")
                                                    : QStringLiteral("this setting is ignored"));
            }
            if (layer.settings.contains(key) && prefix.startsWith(QLatin1Char('e'))) {
                if (scope == Scope::System)
                    layer.problems << QStringLiteral(
                                          "%1: %2 is in [Policy] and in [Enforced]; the [Enforced] value applies")
                                          .arg(where, policyKeyName(key));
                else
                    continue; // in the user file [Policy] wins over the meaningless [Enforced]
            }
            layer.settings.insert(key, setting);
        }
    }
    return layer;
}

QByteArray editPolicyText(const QByteArray& content, PolicyKey key, const std::optional<QString>& value, bool enforced)
{
    const QString keyName = policyKeyName(key);
    const SectionKind target = enforced ? SectionKind::Enforced : SectionKind::Policy;
    const QByteArray newLine = (keyName + QLatin1Char('=') + value.value_or(QString())).toUtf8();
    QList<QByteArray> lines = splitLines(content);
    QList<QByteArray> out;
    bool placed = false;
    QString section;
    int lastTargetLine = -1; // index in `out` of the last non-blank line of a [target] section
    for (const QByteArray& raw : lines) {
        const IniLine line = classify(raw);
        if (line.kind == LineKind::Section)
            section = line.name;
        const SectionKind kind = sectionKind(section);
        const bool inHeaderedTarget = kind == target && !section.isEmpty();
        if (line.kind == LineKind::KeyValue && kind != SectionKind::Other
            && line.name.compare(keyName, Qt::CaseInsensitive) == 0) {
            if (value && kind == target && !placed) {
                out << newLine;
                placed = true;
                lastTargetLine = inHeaderedTarget ? int(out.size()) - 1 : lastTargetLine;
            }
            continue; // any other occurrence goes
        }
        out << raw;
        if (inHeaderedTarget && line.kind != LineKind::Blank)
            lastTargetLine = int(out.size()) - 1;
    }
    if (value && !placed) {
        if (lastTargetLine >= 0) {
            out.insert(lastTargetLine + 1, newLine);
        } else {
            if (out.isEmpty())
                out << QByteArray("# Certlife policy (docs/policy.md). [Policy]: settings; [Enforced] (machine policy "
                                  "only): settings users cannot override.");
            else if (!out.last().trimmed().isEmpty())
                out << QByteArray();
            out << (enforced ? QByteArray("[Enforced]") : QByteArray("[Policy]")) << newLine;
        }
    }
    QByteArray result = out.join('\n');
    if (!result.isEmpty())
        result += '\n';
    return result;
}

} // namespace certlife
