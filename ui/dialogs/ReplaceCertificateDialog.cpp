// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "ReplaceCertificateDialog.h"

#include "models/CertificateText.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace certlife::ui {

ReplaceCertificateDialog::ReplaceCertificateDialog(const CertificateSummary& old,
                                                   const QList<CertificateSummary>& candidates, QWidget* parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Replace certificate"));
    setObjectName(QStringLiteral("replaceDialog"));
    auto* what = new QLabel(tr("Record that <b>%1</b> (%2, store %3) is replaced by:")
                                .arg(old.name.toHtmlEscaped(), old.thumbprint, old.storeLabel.toHtmlEscaped()),
                            this);
    what->setWordWrap(true);
    m_filter = new QLineEdit(this);
    m_filter->setPlaceholderText(tr("Filter: name, subject or thumbprint"));
    m_filter->setClearButtonEnabled(true);
    m_list = new QTreeWidget(this);
    m_list->setObjectName(QStringLiteral("replacementList"));
    m_list->setRootIsDecorated(false);
    m_list->setHeaderLabels({tr("Certificate"), tr("Expires (UTC)"), tr("Store"), tr("Thumbprint")});
    m_list->header()->resizeSection(0, 220);
    m_list->header()->resizeSection(1, 140);
    for (int i = 0; i < candidates.size(); ++i) {
        const CertificateSummary& c = candidates[i];
        auto* item = new QTreeWidgetItem(m_list, {c.name, formatUtc(c.notAfter), c.storeLabel, c.thumbprint});
        item->setData(0, Qt::UserRole, i);
        item->setToolTip(0, c.subject);
    }
    auto* note = new QLabel(tr("Logs Replace (1001) with the old and the new certificate and archives the old one "
                               "(1005): it gets no more expiry warnings. No file changes."),
                            this);
    note->setWordWrap(true);
    note->setStyleSheet(QStringLiteral("color: #607d8b;"));
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Replace"));
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(false);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(what);
    layout->addWidget(m_filter);
    layout->addWidget(m_list, 1);
    layout->addWidget(note);
    layout->addWidget(m_buttons);
    resize(760, 420);

    connect(m_filter, &QLineEdit::textChanged, this, &ReplaceCertificateDialog::filter);
    connect(m_list, &QTreeWidget::currentItemChanged, this,
            [this](QTreeWidgetItem* item) { m_buttons->button(QDialogButtonBox::Ok)->setEnabled(item != nullptr); });
    connect(m_list, &QTreeWidget::itemDoubleClicked, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

void ReplaceCertificateDialog::filter(const QString& text)
{
    for (int i = 0; i < m_list->topLevelItemCount(); ++i) {
        QTreeWidgetItem* item = m_list->topLevelItem(i);
        const bool match = text.isEmpty() || item->text(0).contains(text, Qt::CaseInsensitive)
            || item->toolTip(0).contains(text, Qt::CaseInsensitive)
            || item->text(3).contains(text, Qt::CaseInsensitive);
        item->setHidden(!match);
    }
}

int ReplaceCertificateDialog::chosenIndex() const
{
    const QTreeWidgetItem* item = m_list->currentItem();
    return item && !item->isHidden() ? item->data(0, Qt::UserRole).toInt() : -1;
}

} // namespace certlife::ui
