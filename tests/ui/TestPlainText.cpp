// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// Certificate subjects and file names are hostile: a CN such as "<img src=…>" must be
// shown as those characters, never rendered as markup, wherever the console shows it.

#include "widgets/PageParts.h"
#include "widgets/PlainMessageBox.h"

#include <QAbstractButton>
#include <QApplication>
#include <QLabel>
#include <QTest>
#include <QTextDocument>
#include <QTimer>

using namespace certlife::ui;

class TestPlainText : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void labelTextIsShownLiterally_data();
    void labelTextIsShownLiterally();
    void mutedLabelsArePlain();
    void messageBoxesArePlain();
};

void TestPlainText::labelTextIsShownLiterally_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("image tag") << QStringLiteral("Move <img src=\"http://evil/x.png\"> (from Web) to the store:");
    QTest::newRow("link and entity") << QStringLiteral("<a href=\"file:///etc/shadow\">click</a> &amp; more");
    QTest::newRow("line breaks") << QStringLiteral("/srv/in/a<b>.p12 is encrypted.\nIts password:");
}

void TestPlainText::labelTextIsShownLiterally()
{
    QFETCH(QString, text);
    QTextDocument shown;
    shown.setHtml(plainLabelText(text));
    QCOMPARE(shown.toPlainText(), text);
    QVERIFY(Qt::mightBeRichText(plainLabelText(text))); // so QInputDialog's label does not guess
}

void TestPlainText::mutedLabelsArePlain()
{
    QWidget parent;
    QLabel* label = makeMutedLabel(QStringLiteral("<b>evil.example</b>"), &parent);
    QCOMPARE(label->textFormat(), Qt::PlainText);
}

void TestPlainText::messageBoxesArePlain()
{
    // The box is answered as soon as it shows; its text format is read on the way.
    Qt::TextFormat seen = Qt::AutoText;
    QString seenText;
    QTimer::singleShot(0, this, [&] {
        auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
        QVERIFY(box);
        seen = box->textFormat();
        seenText = box->text();
        box->button(QMessageBox::Cancel)->click();
    });
    const QString text = QStringLiteral("Delete <img src=x> from Web servers?");
    const auto answer = plainMessageBox(nullptr, QMessageBox::Question, QStringLiteral("Delete"), text,
                                        QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
    QCOMPARE(answer, QMessageBox::Cancel);
    QCOMPARE(seen, Qt::PlainText);
    QCOMPARE(seenText, text);
}

QTEST_MAIN(TestPlainText)
#include "TestPlainText.moc"
