// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "AddStoreDialog.h"
#include "widgets/FileDialogStart.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>

namespace certlife::ui {

AddStoreDialog::AddStoreDialog(const QList<Scope>& writableScopes, std::function<QString(const StoreConfig&)> validate,
                               QWidget* parent)
    : QDialog(parent), m_validate(std::move(validate))
{
    setWindowTitle(tr("Add store"));
    auto* form = new QFormLayout;

    m_scope = new QComboBox(this);
    for (Scope scope : writableScopes)
        m_scope->addItem(scope == Scope::System ? tr("System (every account)") : tr("User (your account)"), int(scope));
    form->addRow(tr("&Scope:"), m_scope);

    m_kind = new QComboBox(this);
    m_kind->addItem(tr("Directory"), int(StoreKind::Directory));
    m_kind->addItem(tr("File (bundle)"), int(StoreKind::File));
    m_kind->addItem(tr("Java keystore (JKS, JCEKS, PKCS#12)"), int(StoreKind::KeyStore));
    form->addRow(tr("&Kind:"), m_kind);

    m_path = new QLineEdit(this);
    m_path->setObjectName(QStringLiteral("path"));
    m_path->setPlaceholderText(tr("/etc/letsencrypt/live"));
    auto* browseButton = new QPushButton(tr("&Browse…"), this);
    auto* pathRow = new QHBoxLayout;
    pathRow->addWidget(m_path, 1);
    pathRow->addWidget(browseButton);
    form->addRow(tr("&Path:"), pathRow);

    m_id = new QLineEdit(this);
    m_id->setPlaceholderText(tr("letters, digits, . _ -"));
    form->addRow(tr("&Id:"), m_id);
    m_name = new QLineEdit(this);
    m_name->setPlaceholderText(tr("shown in the console (optional)"));
    form->addRow(tr("&Name:"), m_name);

    m_recursive = new QCheckBox(tr("Include &subdirectories"), this);
    m_readOnly = new QCheckBox(tr("&Read-only (Certlife never changes files here)"), this);
    form->addRow(QString(), m_recursive);
    form->addRow(QString(), m_readOnly);

    // The password itself never goes into stores.conf: only the file that holds it.
    m_passwordFile = new QLineEdit(this);
    m_passwordFile->setPlaceholderText(tr("for password-protected .p12/.pfx files or a keystore (first line)"));
    m_passwordFile->setObjectName(QStringLiteral("pkcs12PasswordFile"));
    auto* passwordBrowse = new QPushButton(tr("B&rowse…"), this);
    auto* passwordRow = new QHBoxLayout;
    passwordRow->addWidget(m_passwordFile, 1);
    passwordRow->addWidget(passwordBrowse);
    form->addRow(tr("PKCS#12 &password file:"), passwordRow);

    m_problem = new QLabel(this);
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(QStringLiteral("color: #c62828;"));
    m_problem->setObjectName(QStringLiteral("problem"));

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Add"));

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_problem);
    layout->addWidget(m_buttons);

    connect(browseButton, &QPushButton::clicked, this, &AddStoreDialog::browse);
    connect(passwordBrowse, &QPushButton::clicked, this, &AddStoreDialog::browsePasswordFile);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_id, &QLineEdit::textEdited, this, [this] { m_idEdited = true; });
    connect(m_path, &QLineEdit::textChanged, this, &AddStoreDialog::suggestId);
    for (QLineEdit* edit : {m_id, m_name, m_path, m_passwordFile})
        connect(edit, &QLineEdit::textChanged, this, &AddStoreDialog::revalidate);
    connect(m_kind, &QComboBox::currentIndexChanged, this, [this] {
        m_recursive->setEnabled(StoreKind(m_kind->currentData().toInt()) == StoreKind::Directory);
        revalidate();
    });
    connect(m_scope, &QComboBox::currentIndexChanged, this, &AddStoreDialog::revalidate);
    connect(m_recursive, &QCheckBox::toggled, this, &AddStoreDialog::revalidate);
    connect(m_readOnly, &QCheckBox::toggled, this, &AddStoreDialog::revalidate);
    revalidate();
    resize(520, sizeHint().height());
}

StoreConfig AddStoreDialog::config() const
{
    StoreConfig config;
    config.id = m_id->text().trimmed();
    config.displayName = m_name->text().trimmed();
    config.kind = StoreKind(m_kind->currentData().toInt());
    config.scope = Scope(m_scope->currentData().toInt());
    config.path = QFileInfo(m_path->text().trimmed()).absoluteFilePath();
    if (m_path->text().trimmed().isEmpty())
        config.path.clear();
    config.recursive = config.kind == StoreKind::Directory && m_recursive->isChecked();
    config.readOnly = m_readOnly->isChecked() || config.kind == StoreKind::KeyStore; // keystores are only read
    if (const QString file = m_passwordFile->text().trimmed(); !file.isEmpty())
        config.pkcs12PasswordFile = QFileInfo(file).absoluteFilePath();
    return config;
}

void AddStoreDialog::browse()
{
    const bool directory = StoreKind(m_kind->currentData().toInt()) == StoreKind::Directory;
    const QString start = fileDialogDirectory(m_path->text());
    const QString path = directory ? QFileDialog::getExistingDirectory(this, tr("Choose the store's directory"), start)
                                   : QFileDialog::getOpenFileName(this, tr("Choose the certificate bundle"), start);
    rememberFileDialogChoice(path);
    if (!path.isEmpty())
        m_path->setText(path);
}

void AddStoreDialog::browsePasswordFile()
{
    const QString start =
        fileDialogDirectory(m_passwordFile->text().isEmpty() ? m_path->text() : m_passwordFile->text());
    const QString path = QFileDialog::getOpenFileName(this, tr("Choose the file holding the PKCS#12 password"), start);
    rememberFileDialogChoice(path);
    if (!path.isEmpty())
        m_passwordFile->setText(path);
}

void AddStoreDialog::suggestId()
{
    if (m_idEdited)
        return;
    // "/etc/letsencrypt/live" → "live"; characters a store id may not hold become '-'.
    QString id = QFileInfo(m_path->text().trimmed()).fileName();
    id.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9._-]")), QStringLiteral("-"));
    m_id->setText(id.left(64));
}

void AddStoreDialog::revalidate()
{
    QString problem;
    const StoreConfig c = config();
    if (m_scope->count() == 0)
        problem = tr("You may not add stores: changing the system's stores needs root.");
    else if (c.path.isEmpty())
        problem = tr("Choose the directory or file to monitor.");
    else if (c.id.isEmpty())
        problem = tr("Give the store an id.");
    else if (m_validate)
        problem = m_validate(c);
    m_problem->setText(problem);
    m_problem->setVisible(!problem.isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(problem.isEmpty());
}

} // namespace certlife::ui
