// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "ReplaceCertificateDialog.h"

#include "models/CertificateKinship.h"
#include "models/CertificateText.h"
#include "widgets/ViewKeyboard.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <algorithm>

namespace certlife::ui {

namespace {
constexpr int kSearchRole = Qt::UserRole + 1; // name, subject, thumbprint and alternative names
} // namespace

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
    m_filter->setPlaceholderText(tr("Filter: name, subject, alternative name or thumbprint"));
    m_filter->setClearButtonEnabled(true);
    m_list = new QTreeWidget(this);
    m_list->setObjectName(QStringLiteral("replacementList"));
    m_list->setRootIsDecorated(false);
    m_list->setHeaderLabels({tr("Certificate"), tr("Match"), tr("Expires (UTC)"), tr("Store"), tr("Thumbprint")});
    m_list->header()->resizeSection(0, 220);
    m_list->header()->resizeSection(1, 100);
    m_list->header()->resizeSection(2, 140);
    // The likely successor first: the same subject (a renewal), then a shared name.
    const auto namesOf = [](const CertificateSummary& c) {
        return CertificateNames::of(c.subject, c.commonName, c.alternativeNames);
    };
    const CertificateNames oldNames = namesOf(old);
    QList<CertificateNames> names;
    for (const CertificateSummary& c : candidates)
        names << namesOf(c);
    for (const int i : orderByKinship(oldNames, names)) {
        const CertificateSummary& c = candidates[i];
        const QString match = kinshipText(kinshipOf(oldNames, names[i]));
        auto* item = new QTreeWidgetItem(m_list, {c.name, match, formatUtc(c.notAfter), c.storeLabel, c.thumbprint});
        item->setData(0, Qt::UserRole, i);
        item->setData(0, kSearchRole, QStringList{c.name, c.subject, c.thumbprint} + c.alternativeNames);
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
    resize(820, 420);
    // A suggestion is preselected; Down in the filter moves into the list.
    if (m_list->topLevelItemCount() > 0 && !m_list->topLevelItem(0)->text(1).isEmpty())
        m_list->setCurrentItem(m_list->topLevelItem(0));
    onDownKey(m_filter, [this] { focusRows(m_list); });
    m_filter->setFocus();

    connect(m_filter, &QLineEdit::textChanged, this, &ReplaceCertificateDialog::filter);
    connect(m_list, &QTreeWidget::currentItemChanged, this,
            [this](QTreeWidgetItem* item) { m_buttons->button(QDialogButtonBox::Ok)->setEnabled(item != nullptr); });
    connect(m_list, &QTreeWidget::itemDoubleClicked, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

void ReplaceCertificateDialog::filter(const QString& text)
{
    QTreeWidgetItem* firstShown = nullptr;
    for (int i = 0; i < m_list->topLevelItemCount(); ++i) {
        QTreeWidgetItem* item = m_list->topLevelItem(i);
        const QStringList searched = item->data(0, kSearchRole).toStringList();
        const bool match = text.isEmpty() || std::any_of(searched.cbegin(), searched.cend(), [&text](const QString& s) {
                               return s.contains(text, Qt::CaseInsensitive);
                           });
        item->setHidden(!match);
        if (match && !firstShown)
            firstShown = item;
    }
    if (!m_list->currentItem() || m_list->currentItem()->isHidden())
        m_list->setCurrentItem(firstShown);
}

int ReplaceCertificateDialog::chosenIndex() const
{
    const QTreeWidgetItem* item = m_list->currentItem();
    return item && !item->isHidden() ? item->data(0, Qt::UserRole).toInt() : -1;
}

} // namespace certlife::ui
