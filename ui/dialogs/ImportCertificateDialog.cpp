// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "ImportCertificateDialog.h"
#include "widgets/FileDialogStart.h"

#include "actions/NssWrites.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace certlife::ui {

namespace {
constexpr int kStoreIsNssRole = Qt::UserRole + 1;
}

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
    for (const StoreChoice& store : stores) {
        m_store->addItem(store.label, store.key);
        m_store->setItemData(m_store->count() - 1, store.nss, kStoreIsNssRole);
    }
    const int preset = m_store->findData(storeKey);
    if (preset >= 0)
        m_store->setCurrentIndex(preset);

    m_nickname = new QLineEdit(this);
    m_nickname->setObjectName(QStringLiteral("importNickname"));
    m_trust = new QComboBox(this);
    m_trust->setObjectName(QStringLiteral("importTrust"));
    m_trust->setEditable(true); // any certutil -t flags; the list holds the usual ones
    m_trust->addItem(QString());
    m_trust->addItem(QStringLiteral("C,,"));
    m_trust->addItem(QStringLiteral("CT,C,C"));
    m_trust->addItem(QStringLiteral("P,,"));
    m_trust->setToolTip(tr("certutil -t trust flags, SSL,S/MIME,JAR/XPI: C,, a CA trusted to issue server "
                           "certificates; CT,C,C also for client certificates and mail; P,, a trusted peer; "
                           "empty: no trust (a certificate kept for reference)."));
    m_trust->lineEdit()->setPlaceholderText(tr("none"));
    m_problem = new QLabel(this);
    m_problem->setObjectName(QStringLiteral("importProblem"));
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(QStringLiteral("color: #c62828;"));
    m_problem->hide();

    m_note = new QLabel(this);
    m_note->setWordWrap(true);
    m_note->setStyleSheet(QStringLiteral("color: #607d8b;"));

    m_form = new QFormLayout;
    m_form->addRow(tr("Files:"), fileRow);
    m_form->addRow(tr("Into store:"), m_store);
    m_form->addRow(tr("Nickname:"), m_nickname);
    m_form->addRow(tr("Trust:"), m_trust);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Import"));
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(m_form);
    layout->addWidget(m_problem);
    layout->addWidget(m_note);
    layout->addWidget(m_buttons);

    connect(add, &QPushButton::clicked, this, &ImportCertificateDialog::addFiles);
    connect(m_remove, &QPushButton::clicked, this, &ImportCertificateDialog::removeSelected);
    connect(m_files, &QListWidget::itemSelectionChanged, this, &ImportCertificateDialog::update);
    connect(m_files->model(), &QAbstractItemModel::rowsInserted, this, &ImportCertificateDialog::update);
    connect(m_files->model(), &QAbstractItemModel::rowsRemoved, this, &ImportCertificateDialog::update);
    connect(m_store, &QComboBox::currentIndexChanged, this, &ImportCertificateDialog::update);
    connect(m_nickname, &QLineEdit::textChanged, this, &ImportCertificateDialog::update);
    connect(m_trust, &QComboBox::currentTextChanged, this, &ImportCertificateDialog::update);
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

bool ImportCertificateDialog::nssChosen() const
{
    return m_store->currentData(kStoreIsNssRole).toBool();
}

void ImportCertificateDialog::update()
{
    m_remove->setEnabled(!m_files->selectedItems().isEmpty());
    const bool nss = nssChosen();
    m_form->setRowVisible(m_nickname, nss);
    m_form->setRowVisible(m_trust, nss);
    // One nickname names one file's certificate; several files keep their names.
    const bool oneFile = m_files->count() == 1;
    m_nickname->setEnabled(oneFile);
    m_nickname->setPlaceholderText(oneFile ? tr("the certificate's name") : tr("each certificate's name"));
    QString problem;
    if (nss) {
        if (oneFile && !m_nickname->text().isEmpty())
            problem = nssNicknameProblem(m_nickname->text());
        if (problem.isEmpty() && !m_trust->currentText().trimmed().isEmpty())
            problem = nssTrustProblem(m_trust->currentText().trimmed());
    }
    m_problem->setText(problem);
    m_problem->setVisible(!problem.isEmpty());
    m_note->setText(nss ? tr("PEM, DER, PKCS#7 or PKCS#12, recognised by content. Each certificate goes into the "
                             "NSS database through NSS, with its private key when the file holds it. A nickname "
                             "another subject holds is refused: nothing is overwritten.")
                        : tr("PEM, DER, PKCS#7 or PKCS#12, recognised by content. Each certificate and its "
                             "private key (when the file holds it) become files of the store: keys readable "
                             "by the store's owner only. Nothing is overwritten."));
    m_buttons->button(QDialogButtonBox::Ok)
        ->setEnabled(m_files->count() > 0 && m_store->currentIndex() >= 0 && problem.isEmpty());
}

ImportAnswer ImportCertificateDialog::answer() const
{
    ImportAnswer answer;
    for (int i = 0; i < m_files->count(); ++i)
        answer.files << m_files->item(i)->text();
    answer.storeKey = m_store->currentData().toString();
    if (nssChosen()) {
        if (m_files->count() == 1)
            answer.nssNickname = m_nickname->text();
        answer.nssTrust = m_trust->currentText().trimmed();
    }
    return answer;
}

} // namespace certlife::ui
