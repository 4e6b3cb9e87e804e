// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "AcknowledgementsDialog.h"

#include "models/CertificateText.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>
#include <algorithm>

namespace certlife::ui {

namespace {
constexpr int kIndexRole = Qt::UserRole + 1;

QString kindText(AcknowledgementKind kind)
{
    switch (kind) {
    case AcknowledgementKind::Certificate: return AcknowledgementsDialog::tr("Acknowledged certificate");
    case AcknowledgementKind::Store: return AcknowledgementsDialog::tr("Muted store");
    case AcknowledgementKind::Issuer: return AcknowledgementsDialog::tr("Muted issuer");
    }
    return {};
}

QString whatText(const Acknowledgement& a)
{
    switch (a.kind) {
    case AcknowledgementKind::Certificate: return QStringLiteral("%1 (%2)").arg(a.subject, a.thumbprint);
    case AcknowledgementKind::Store: return a.storeId;
    case AcknowledgementKind::Issuer: return a.issuer;
    }
    return {};
}

QString untilText(const Acknowledgement& a, const QDateTime& now)
{
    if (a.lapsedBy(now))
        return AcknowledgementsDialog::tr("lapsed %1").arg(formatUtc(a.until));
    if (a.until.isValid())
        return formatUtc(a.until);
    return a.untilChanged ? AcknowledgementsDialog::tr("until it changes")
                          : AcknowledgementsDialog::tr("until removed");
}
} // namespace

AcknowledgementsDialog::AcknowledgementsDialog(const QList<ListedAcknowledgement>& entries, const QDateTime& now,
                                               QWidget* parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Mutes and acknowledgements"));
    auto* intro = new QLabel(tr("These certificates, stores and issuers get no expiry warnings, tasks or "
                                "notifications and are not counted while they hold. Remove one and it counts "
                                "and warns again (recorded as event 1202)."),
                             this);
    intro->setWordWrap(true);
    m_table = new QTableWidget(int(entries.size()), ColumnCount, this);
    m_table->setObjectName(QStringLiteral("acknowledgementsTable"));
    m_table->setHorizontalHeaderLabels(
        {tr("Kind"), tr("Certificate, store or issuer"), tr("Scope"), tr("Until (UTC)"), tr("By"), tr("Note")});
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setTabKeyNavigation(false);
    m_table->verticalHeader()->hide();
    m_table->setWordWrap(false);
    for (int row = 0; row < entries.size(); ++row) {
        const ListedAcknowledgement& listed = entries[row];
        const Acknowledgement& a = listed.entry;
        // Plain text items: every field may come from a certificate or a hand-edited file.
        const QString cells[ColumnCount] = {kindText(a.kind),
                                            whatText(a),
                                            scopeName(listed.scope),
                                            untilText(a, now),
                                            QStringLiteral("%1, %2").arg(a.by, formatUtc(a.at)),
                                            a.note};
        for (int column = 0; column < ColumnCount; ++column) {
            auto* item = new QTableWidgetItem(cells[column]);
            item->setToolTip(listed.removable ? cells[column]
                                              : tr("%1\nOnly root can change the %2 scope (certlifectl unmute/unack "
                                                   "as root).")
                                                    .arg(cells[column], scopeName(listed.scope)));
            item->setData(kIndexRole, row);
            if (!listed.removable)
                item->setFlags(item->flags() & ~Qt::ItemIsSelectable);
            m_table->setItem(row, column, item);
        }
    }
    m_table->resizeColumnsToContents();
    m_table->horizontalHeader()->setSectionResizeMode(WhatColumn, QHeaderView::Interactive);
    m_table->horizontalHeader()->setStretchLastSection(true);

    auto* empty = new QLabel(tr("No certificate is acknowledged and no store or issuer is muted."), this);
    empty->setObjectName(QStringLiteral("noAcknowledgementsLabel"));
    empty->setVisible(entries.isEmpty());
    m_table->setVisible(!entries.isEmpty());

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_remove = buttons->addButton(tr("&Remove"), QDialogButtonBox::AcceptRole);
    m_remove->setObjectName(QStringLiteral("removeAcknowledgementsButton"));
    m_remove->setEnabled(false);
    m_remove->setAutoDefault(false);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            [this] { m_remove->setEnabled(!chosen().isEmpty()); });
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_table, 1);
    layout->addWidget(empty);
    layout->addWidget(buttons);
    resize(820, 420);
}

QList<int> AcknowledgementsDialog::chosen() const
{
    QList<int> indices;
    for (const QModelIndex& index : m_table->selectionModel()->selectedRows())
        indices << index.data(kIndexRole).toInt();
    std::sort(indices.begin(), indices.end());
    return indices;
}

} // namespace certlife::ui
