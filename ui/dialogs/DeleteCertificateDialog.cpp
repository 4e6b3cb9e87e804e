// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "dialogs/DeleteCertificateDialog.h"

#include "models/CertificateText.h"

#include <QButtonGroup>
#include <QDialogButtonBox>
#include <QLabel>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

namespace certlife::ui {

namespace {
QString htmlList(const QStringList& items)
{
    QString html = QStringLiteral("<ul>");
    for (const QString& item : items)
        html += QStringLiteral("<li>%1</li>").arg(item.toHtmlEscaped());
    return html + QStringLiteral("</ul>");
}
} // namespace

QString DeleteCertificateDialog::describeOption(const DeleteOption& option)
{
    if (!option.refused.isEmpty())
        return tr("<p>Not possible: %1</p>").arg(option.refused.toHtmlEscaped());
    QString html;
    if (!option.files.isEmpty())
        html += tr("<p>Files to remove:</p>") + htmlList(option.files);
    if (!option.rewritten.isEmpty())
        html +=
            tr("<p>Bundles to rewrite without it (their other certificates stay):</p>") + htmlList(option.rewritten);
    for (const QString& key : option.keptKeys)
        html += tr("<p>Kept: %1, its private key, which another certificate of the store uses.</p>")
                    .arg(key.toHtmlEscaped());
    if (!option.remaining.isEmpty())
        html += tr("<p>The store still holds it at:</p>") + htmlList(option.remaining);
    return html;
}

DeleteCertificateDialog::DeleteCertificateDialog(const DeleteQuestion& question, QWidget* parent)
    : QDialog(parent), m_question(question)
{
    setWindowTitle(tr("Delete certificate"));
    setObjectName(QStringLiteral("deleteCertificateDialog"));
    auto* layout = new QVBoxLayout(this);
    const CertificateSummary& c = question.certificate;
    auto* intro = new QLabel(tr("<p>The store <b>%1</b> holds <b>%2</b> at %3 paths.</p>"
                                "<p>Thumbprint %4<br>Expires %5</p>")
                                 .arg(c.storeLabel.toHtmlEscaped(), c.name.toHtmlEscaped())
                                 .arg(question.locations.size())
                                 .arg(c.thumbprint, formatUtc(c.notAfter)),
                             this);
    intro->setTextFormat(Qt::RichText);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    m_choices = new QButtonGroup(this);
    for (int i = 0; i < question.options.size(); ++i) {
        const DeleteOption& option = question.options[i];
        const QString label = option.location.isEmpty()
            ? tr("Every location (%1 paths): it leaves the store").arg(question.locations.size())
            : tr("Only %1").arg(option.location);
        auto* choice = new QRadioButton(label, this);
        choice->setObjectName(QStringLiteral("deleteOption%1").arg(i));
        choice->setEnabled(option.refused.isEmpty());
        if (!option.refused.isEmpty())
            choice->setToolTip(option.refused);
        m_choices->addButton(choice, i);
        layout->addWidget(choice);
    }
    m_effect = new QLabel(this);
    m_effect->setObjectName(QStringLiteral("deleteEffect"));
    m_effect->setTextFormat(Qt::RichText);
    m_effect->setWordWrap(true);
    m_effect->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_effect);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_delete = buttons->addButton(tr("Delete"), QDialogButtonBox::DestructiveRole);
    connect(m_delete, &QPushButton::clicked, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    buttons->button(QDialogButtonBox::Cancel)->setDefault(true);
    layout->addWidget(buttons);

    connect(m_choices, &QButtonGroup::idClicked, this, &DeleteCertificateDialog::showOption);
    for (int i = 0; i < question.options.size(); ++i) {
        if (question.options[i].refused.isEmpty()) {
            m_choices->button(i)->setChecked(true);
            break;
        }
    }
    showOption(m_choices->checkedId());
}

void DeleteCertificateDialog::showOption(int index)
{
    m_delete->setEnabled(index >= 0);
    m_effect->setText(index >= 0 ? describeOption(m_question.options[index]) : QString());
}

int DeleteCertificateDialog::chosenOption() const
{
    return m_choices->checkedId();
}

} // namespace certlife::ui
