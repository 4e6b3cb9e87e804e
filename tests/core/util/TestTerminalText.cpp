// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "util/TerminalText.h"

#include <QTest>

using namespace certlife;

// The one escaping of text for a terminal: whatever a certificate field, a file name or
// a script's output holds, what is printed cannot move the cursor, retitle the window
// or reverse a line, and still says what was there.
class TestTerminalText : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void fieldEscapes_data();
    void fieldEscapes();
    void wholeOutputKeepsItsLines();
    void everyControlCharacterIsEscaped();
};

void TestTerminalText::fieldEscapes_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("shown");
    QTest::newRow("plain") << QStringLiteral("www.example.org") << QStringLiteral("www.example.org");
    QTest::newRow("non-ASCII stays") << QStringLiteral("café ünï 😀 日本") << QStringLiteral("café ünï 😀 日本");
    QTest::newRow("backslash stays") << QStringLiteral("CN=a\\,b") << QStringLiteral("CN=a\\,b");
    QTest::newRow("erase line and carriage return")
        << QStringLiteral("\x1b[2K\r2031-01-01 valid") << QStringLiteral("\\x1B[2K\\x0D2031-01-01 valid");
    QTest::newRow("OSC window title") << QStringLiteral("\x1b]0;pwned\x07") << QStringLiteral("\\x1B]0;pwned\\x07");
    QTest::newRow("clear screen") << QStringLiteral("\x1b[2J\x1b[H") << QStringLiteral("\\x1B[2J\\x1B[H");
    QTest::newRow("newline and tab") << QStringLiteral("a\nb\tc") << QStringLiteral("a\\x0Ab\\x09c");
    QTest::newRow("NUL and DEL") << QString(QChar(0)) + QStringLiteral("x\x7f") << QStringLiteral("\\x00x\\u007F");
    QTest::newRow("C1 CSI") << QString(QChar(0x9b)) + QStringLiteral("31m") << QStringLiteral("\\u009B31m");
    QTest::newRow("C1 NEL and OSC") << QString(QChar(0x85)) + QChar(0x9d) << QStringLiteral("\\u0085\\u009D");
    QTest::newRow("right-to-left override")
        << QStringLiteral("moc.elpmaxe") + QChar(0x202e) << QStringLiteral("moc.elpmaxe\\u202E");
    QTest::newRow("isolates") << QString(QChar(0x2066)) + QChar(0x2067) + QChar(0x2068) + QChar(0x2069)
                              << QStringLiteral("\\u2066\\u2067\\u2068\\u2069");
    QTest::newRow("marks") << QString(QChar(0x200e)) + QChar(0x200f) + QChar(0x061c)
                           << QStringLiteral("\\u200E\\u200F\\u061C");
    QTest::newRow("line separator") << QString(QChar(0x2028)) << QStringLiteral("\\u2028");
}

void TestTerminalText::fieldEscapes()
{
    QFETCH(QString, text);
    QFETCH(QString, shown);
    QCOMPARE(escapeControlCharacters(text), shown);
}

void TestTerminalText::wholeOutputKeepsItsLines()
{
    QCOMPARE(escapeControlCharacters(QStringLiteral("a\tb\nc\x1b[1m\r\n"), LineBreaks::Keep),
             QStringLiteral("a\tb\nc\\x1B[1m\\x0D\n"));
}

void TestTerminalText::everyControlCharacterIsEscaped()
{
    // Nothing the predicate names survives, in either mode; nothing else is touched.
    for (char32_t c = 0; c < 0x10000; ++c) {
        if (QChar::isSurrogate(c))
            continue;
        const QString one = QChar(char16_t(c));
        const QString field = escapeControlCharacters(one);
        const QString output = escapeControlCharacters(one, LineBreaks::Keep);
        if (!isControlCharacter(char16_t(c))) {
            QCOMPARE(field, one);
            continue;
        }
        QVERIFY2(field.startsWith(QLatin1Char('\\')) && field.size() > 1, qPrintable(QString::number(c, 16)));
        for (const QChar ch : field + output)
            QVERIFY2(!isControlCharacter(ch.unicode()) || ch == QLatin1Char('\n') || ch == QLatin1Char('\t'),
                     qPrintable(QString::number(c, 16)));
    }
}

QTEST_GUILESS_MAIN(TestTerminalText)
#include "TestTerminalText.moc"
