// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "dialogs/RepinDialog.h"

#include "models/CertificateText.h"

#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace certlife::ui {

namespace {

QLabel* plainLabel(const QString& text, QWidget* parent)
{
    auto* label = new QLabel(text, parent);
    label->setTextFormat(Qt::PlainText); // paths and names are hostile text
    label->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    label->setWordWrap(true);
    return label;
}

} // namespace

RepinDialog::RepinDialog(const NotificationTask& task, const RepinPreview& preview, QWidget* parent) : QDialog(parent)
{
    setWindowTitle(tr("Repin task %1").arg(task.name));
    setObjectName(QStringLiteral("repinDialog"));
    auto* intro = plainLabel(tr("The script of “%1” changed since it was pinned. Certlife keeps only the SHA-256 of "
                                "the pinned script, not its content, so the change cannot be shown as a diff: "
                                "review the whole script as it is now. Once pinned, this content runs as %2.")
                                 .arg(task.name, task.channel == Scope::System ? tr("root") : tr("you")),
                             this);
    intro->setObjectName(QStringLiteral("repinIntro"));
    auto* form = new QFormLayout;
    auto addFact = [this, form](const QString& label, const QString& value, const char* name) {
        QLabel* field = plainLabel(value, this);
        field->setObjectName(QString::fromLatin1(name));
        form->addRow(label, field);
    };
    addFact(tr("Script:"), preview.script, "repinScript");
    addFact(
        tr("Owner, mode:"),
        QStringLiteral("%1, %2").arg(preview.owner, QStringLiteral("0%1").arg(preview.mode, 3, 8, QLatin1Char('0'))),
        "repinOwnerMode");
    addFact(tr("Modified:"), preview.modified.isValid() ? formatUtc(preview.modified) : tr("unknown"), "repinModified");
    addFact(tr("Size:"), tr("%1 bytes").arg(QLocale().toString(preview.size)), "repinSize");
    addFact(tr("Pinned SHA-256:"), preview.pinnedSha256, "repinPinned");
    addFact(tr("SHA-256 now:"), preview.currentSha256, "repinCurrent");

    m_content = new QPlainTextEdit(this);
    m_content->setObjectName(QStringLiteral("repinContent"));
    m_content->setReadOnly(true);
    m_content->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_content->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_content->setPlainText(QString::fromUtf8(preview.content));
    const bool partial = preview.content.size() < preview.size;

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_pin = buttons->addButton(tr("&Pin"), QDialogButtonBox::AcceptRole);
    m_pin->setObjectName(QStringLiteral("pinButton"));
    m_pin->setAutoDefault(false);
    buttons->button(QDialogButtonBox::Cancel)->setDefault(true);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(
        new QLabel(partial ? tr("Content now (the first %1 bytes):").arg(QLocale().toString(preview.content.size()))
                           : tr("Content now:"),
                   this));
    layout->addWidget(m_content, 1);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    resize(760, 560);
    m_content->setFocus(); // the keyboard scrolls the script first; Tab reaches the buttons
}

QString RepinDialog::factsText() const
{
    QStringList texts;
    for (const QLabel* label : findChildren<QLabel*>())
        texts << label->text();
    return texts.join(QLatin1Char('\n'));
}

} // namespace certlife::ui
