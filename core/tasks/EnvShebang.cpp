// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "tasks/EnvShebang.h"

#include <QList>
#include <cstring>

namespace certlife {

namespace {

// env's separators in a -S string (the isspace characters of the C locale).
bool isSpace(char c)
{
    return c != '\0' && std::strchr(" \t\n\v\f\r", c) != nullptr;
}

QString text(const QByteArray& bytes)
{
    return QString::fromUtf8(bytes);
}

// A -S string split as env splits it, when it needs no interpretation: plain words,
// and a '#' at the start of a word ending the string.
std::optional<QList<QByteArray>> splitString(const QByteArray& s, QString* reason)
{
    QList<QByteArray> words;
    bool separated = true;
    for (const char c : s) {
        if (isSpace(c)) {
            separated = true;
            continue;
        }
        if (c == '#' && separated)
            break;
        if (c == '\'' || c == '"' || c == '\\' || c == '$') {
            *reason = QStringLiteral("-S \"%1\" uses quotes, backslashes or ${VAR}, which Certlife does not "
                                     "interpret (write the command and its options as plain words)")
                          .arg(text(s));
            return std::nullopt;
        }
        if (separated)
            words.append(QByteArray());
        separated = false;
        words.last().append(c);
    }
    return words;
}

// Walks env's command line as env's getopt_long("+…") does. `words` holds only what
// the "#!" line gave; needing a word beyond them means env would use the script's
// path or a task argument.
class EnvCommandLine
{
public:
    explicit EnvCommandLine(QList<QByteArray> words) : m_words(std::move(words)) {}

    std::optional<EnvProgram> parse(QString* reason)
    {
        if (!parseOptions(reason))
            return std::nullopt;
        if (m_i < m_words.size() && m_words.at(m_i) == "-") {
            m_ignoreEnvironment = true;
            ++m_i;
        }
        while (m_i < m_words.size() && m_words.at(m_i).contains('=')) {
            if (m_words.at(m_i).startsWith("PATH="))
                m_pathTouched = true;
            ++m_i;
        }
        if (m_i >= m_words.size()) {
            noCommand(reason);
            return std::nullopt;
        }
        EnvProgram program;
        program.command = m_words.at(m_i);
        program.searchPathReplaced = m_ignoreEnvironment || m_pathTouched;
        if (program.command.isEmpty()) {
            *reason = QStringLiteral("env would run an empty command name");
            return std::nullopt;
        }
        return program;
    }

private:
    static bool noCommand(QString* reason)
    {
        *reason = QStringLiteral("the #! line names no command for env: env would take it from after the line "
                                 "(the script itself, or a task argument)");
        return false;
    }

    bool parseOptions(QString* reason)
    {
        for (;;) {
            if (m_i >= m_words.size())
                return noCommand(reason);
            const QByteArray word = m_words.at(m_i);
            if (word == "--") {
                ++m_i;
                return true;
            }
            if (word.size() < 2 || !word.startsWith('-'))
                return true; // the first operand
            ++m_i;
            const bool ok = word.startsWith("--") ? longOption(word, reason) : shortOptions(word, reason);
            if (!ok)
                return false;
        }
    }

    // The value of an option that takes one: `inWord` when not empty, else the next word.
    bool value(const QByteArray& inWord, QByteArray* out, QString* reason)
    {
        if (!inWord.isEmpty()) {
            *out = inWord;
            return true;
        }
        if (m_i >= m_words.size())
            return noCommand(reason);
        *out = m_words.at(m_i++);
        return true;
    }

    // -S: the split words take the place of what was read so far, and getopt starts over.
    bool split(const QByteArray& string, QString* reason)
    {
        const std::optional<QList<QByteArray>> words = splitString(string, reason);
        if (!words)
            return false;
        m_words = *words + m_words.mid(m_i);
        m_i = 0;
        return true;
    }

    bool longOption(const QByteArray& word, QString* reason)
    {
        const qsizetype eq = word.indexOf('=');
        const QByteArray name = word.mid(2, eq < 0 ? -1 : eq - 2);
        const std::optional<QByteArray> inline_ = eq < 0 ? std::nullopt : std::optional(word.mid(eq + 1));
        if (!inline_ && name == "ignore-environment") {
            m_ignoreEnvironment = true;
            return true;
        }
        if ((!inline_ && (name == "debug" || name == "list-signal-handling")) || name == "default-signal"
            || name == "ignore-signal" || name == "block-signal")
            return true;
        if (name == "unset" || name == "split-string") {
            QByteArray v = inline_.value_or(QByteArray());
            if (!inline_ && !value(QByteArray(), &v, reason))
                return false;
            if (name == "split-string")
                return split(v, reason);
            m_pathTouched = m_pathTouched || v == "PATH";
            return true;
        }
        *reason = QStringLiteral("env option %1 is not one Certlife can check on a #! line").arg(text(word));
        return false;
    }

    bool shortOptions(const QByteArray& word, QString* reason)
    {
        for (qsizetype j = 1; j < word.size(); ++j) {
            const char c = word.at(j);
            if (c == 'i') {
                m_ignoreEnvironment = true;
            } else if (c == 'u' || c == 'S') {
                QByteArray v;
                if (!value(word.mid(j + 1), &v, reason))
                    return false;
                if (c == 'S')
                    return split(v, reason);
                m_pathTouched = m_pathTouched || v == "PATH";
                return true;
            } else if (isSpace(c)) {
                *reason = QStringLiteral("env stops at the space in \"%1\" (invalid option): a #! line passes one "
                                         "argument, so options and a command need -S")
                              .arg(text(word));
                return false;
            } else if (c != 'v') {
                *reason =
                    QStringLiteral("env option -%1 is not one Certlife can check on a #! line").arg(QLatin1Char(c));
                return false;
            }
        }
        return true;
    }

    QList<QByteArray> m_words;
    qsizetype m_i = 0;
    bool m_ignoreEnvironment = false;
    bool m_pathTouched = false;
};

} // namespace

std::optional<EnvProgram> envProgram(const std::optional<QByteArray>& argument, QString* reason)
{
    QList<QByteArray> words;
    if (argument)
        words << *argument;
    return EnvCommandLine(std::move(words)).parse(reason);
}

} // namespace certlife
