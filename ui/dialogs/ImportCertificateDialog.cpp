// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "ImportCertificateDialog.h"
#include "widgets/FileDialogStart.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace certlife::ui {

ImportCertificateDialog::ImportCertificateDialog(const QStringList& files, const QList<StoreChoice>& stores,
                                                 const QString& storeKey, QWidget* parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Import certificates"));
    setObjectName(QStringLiteral("importDialog"));
    m_files = new QListWidget(this);
    m_files->setObjectName(QStringLiteral("importFiles"));
    m_files->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_files->addItems(files);
    m_files->setMinimumWidth(460);
    m_files->setMaximumHeight(150); // a few files; more scroll

    auto* add = new QPushButton(tr("Add files…"), this);
    add->setObjectName(QStringLiteral("addFilesButton"));
    m_remove = new QPushButton(tr("Remove"), this);
    auto* fileButtons = new QVBoxLayout;
    fileButtons->addWidget(add);
    fileButtons->addWidget(m_remove);
    fileButtons->addStretch();
    auto* fileRow = new QHBoxLayout;
    fileRow->addWidget(m_files, 1);
    fileRow->addLayout(fileButtons);

    m_store = new QComboBox(this);
    m_store->setObjectName(QStringLiteral("importStore"));
    for (const StoreChoice& store : stores)
        m_store->addItem(store.label, store.key);
    const int preset = m_store->findData(storeKey);
    if (preset >= 0)
        m_store->setCurrentIndex(preset);

    auto* note = new QLabel(tr("PEM, DER, PKCS#7 or PKCS#12, recognised by content. Each certificate and its "
                               "private key (when the file holds it) become files of the store: keys readable "
                               "by the store's owner only. Nothing is overwritten."),
                            this);
    note->setWordWrap(true);
    note->setStyleSheet(QStringLiteral("color: #607d8b;"));

    auto* form = new QFormLayout;
    form->addRow(tr("Files:"), fileRow);
    form->addRow(tr("Into store:"), m_store);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Import"));
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(note);
    layout->addWidget(m_buttons);

    connect(add, &QPushButton::clicked, this, &ImportCertificateDialog::addFiles);
    connect(m_remove, &QPushButton::clicked, this, &ImportCertificateDialog::removeSelected);
    connect(m_files, &QListWidget::itemSelectionChanged, this, &ImportCertificateDialog::update);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    update();
}

void ImportCertificateDialog::addFiles()
{
    const QStringList chosen = QFileDialog::getOpenFileNames(
        this, tr("Certificates to import"), fileDialogDirectory(),
        tr("Certificates (*.pem *.crt *.cer *.der *.p7b *.p7c *.p12 *.pfx *.key);;All files (*)"));
    if (!chosen.isEmpty())
        rememberFileDialogChoice(chosen.first());
    for (const QString& file : chosen) {
        if (m_files->findItems(file, Qt::MatchExactly).isEmpty())
            m_files->addItem(file);
    }
    update();
}

void ImportCertificateDialog::removeSelected()
{
    qDeleteAll(m_files->selectedItems());
    update();
}

void ImportCertificateDialog::update()
{
    m_remove->setEnabled(!m_files->selectedItems().isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(m_files->count() > 0 && m_store->currentIndex() >= 0);
}

ImportAnswer ImportCertificateDialog::answer() const
{
    ImportAnswer answer;
    for (int i = 0; i < m_files->count(); ++i)
        answer.files << m_files->item(i)->text();
    answer.storeKey = m_store->currentData().toString();
    return answer;
}

} // namespace certlife::ui
