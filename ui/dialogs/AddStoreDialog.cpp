// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "AddStoreDialog.h"
#include "widgets/FileDialogStart.h"
#include "widgets/StoreKindIcons.h"

#include "endpoints/Endpoint.h"
#include "stores/NssSuggestions.h"
#include "stores/Pkcs11Uri.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
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
    m_kind->setObjectName(QStringLiteral("kind"));
    // Each kind with the icon the Stores page shows it with.
    const auto addKind = [this](StoreKind kind, const QString& text) {
        m_kind->addItem(storeKindIcon(kind), text, int(kind));
    };
    addKind(StoreKind::Directory, tr("Directory"));
    addKind(StoreKind::File, tr("File (bundle)"));
    addKind(StoreKind::KeyStore, tr("Java keystore (JKS, JCEKS, PKCS#12)"));
    addKind(StoreKind::Nss, tr("NSS database (cert9.db: browsers, ~/.pki/nssdb)"));
    addKind(StoreKind::TlsEndpoint, tr("TLS endpoints (what services serve)"));
    addKind(StoreKind::Pkcs11, tr("PKCS#11 tokens (smart cards, HSMs)"));
    form->addRow(tr("&Kind:"), m_kind);

    m_suggestions = new QComboBox(this);
    m_suggestions->setObjectName(QStringLiteral("nssSuggestions"));
    const QList<NssDatabaseSuggestion> found = suggestNssDatabases(QDir::homePath());
    m_suggestions->addItem(found.isEmpty()
                               ? tr("No NSS database in your home folder")
                               : tr("%n NSS database(s) in your home folder: choose one…", nullptr, int(found.size())));
    for (const NssDatabaseSuggestion& s : found) {
        m_suggestions->addItem(storeKindIcon(StoreKind::Nss), QStringLiteral("%1 — %2").arg(s.name, s.path));
        const int row = m_suggestions->count() - 1;
        m_suggestions->setItemData(row, s.path, Qt::UserRole);
        m_suggestions->setItemData(row, s.id, Qt::UserRole + 1);
        m_suggestions->setItemData(row, s.name, Qt::UserRole + 2);
    }
    m_suggestions->setEnabled(!found.isEmpty());
    form->addRow(tr("&Found:"), m_suggestions);

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

    // TLS endpoint stores: the path holds HOST:PORTs (docs/endpoints.md).
    m_sni = new QLineEdit(this);
    m_sni->setObjectName(QStringLiteral("sni"));
    m_sni->setPlaceholderText(tr("the name the service answers to (default: the host)"));
    form->addRow(tr("Server name (S&NI):"), m_sni);
    m_startTls = new QComboBox(this);
    m_startTls->setObjectName(QStringLiteral("starttls"));
    m_startTls->addItem(tr("None (TLS at once)"), QString());
    for (const QString& protocol : startTlsNames())
        m_startTls->addItem(protocol.toUpper(), protocol);
    form->addRow(tr("S&TARTTLS:"), m_startTls);

    // PKCS#11 stores: the path is the module (empty: p11-kit's configured modules), the
    // password file the PIN file (docs/stores.md, "PKCS#11 tokens").
    m_token = new QLineEdit(this);
    m_token->setObjectName(QStringLiteral("token"));
    m_token->setPlaceholderText(tr("the token's label (default: every token)"));
    form->addRow(tr("T&oken:"), m_token);

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
    connect(m_kind, &QComboBox::currentIndexChanged, this, [this, browseButton, passwordBrowse] {
        const auto kind = StoreKind(m_kind->currentData().toInt());
        const bool endpoints = kind == StoreKind::TlsEndpoint;
        const bool tokens = kind == StoreKind::Pkcs11;
        m_token->setEnabled(tokens);
        m_passwordFile->setPlaceholderText(tokens ? tr("the token's PIN (first line; your file, mode 0600)")
                                                  : tr("for password-protected .p12/.pfx files or a keystore (first "
                                                       "line)"));
        m_recursive->setEnabled(kind == StoreKind::Directory);
        for (QWidget* fileOnly : std::initializer_list<QWidget*>{browseButton, m_passwordFile, passwordBrowse})
            fileOnly->setEnabled(!endpoints);
        m_sni->setEnabled(endpoints);
        m_startTls->setEnabled(endpoints);
        m_path->setPlaceholderText(endpoints    ? tr("www.example.org:443 [2001:db8::1]:443")
                                       : tokens ? tr("PKCS#11 module (default: p11-kit's configured modules)")
                                       : kind == StoreKind::Nss ? tr("~/.pki/nssdb")
                                                                : tr("/etc/letsencrypt/live"));
        suggestId();
        revalidate();
    });
    connect(m_suggestions, &QComboBox::activated, this, &AddStoreDialog::useSuggestion);
    connect(m_sni, &QLineEdit::textChanged, this, &AddStoreDialog::revalidate);
    connect(m_startTls, &QComboBox::currentIndexChanged, this, &AddStoreDialog::revalidate);
    m_sni->setEnabled(false);
    m_startTls->setEnabled(false);
    m_token->setEnabled(false);
    connect(m_token, &QLineEdit::textChanged, this, &AddStoreDialog::suggestId);
    connect(m_token, &QLineEdit::textChanged, this, &AddStoreDialog::revalidate);
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
    // Keystores and tokens are only read.
    config.readOnly = m_readOnly->isChecked() || config.kind == StoreKind::KeyStore || config.kind == StoreKind::Pkcs11;
    if (config.kind == StoreKind::Pkcs11) {
        Pkcs11Target target;
        target.modulePath = config.path; // absolute, or empty
        target.token = m_token->text().trimmed();
        config.path = pkcs11StoreUri(target);
        if (const QString file = m_passwordFile->text().trimmed(); !file.isEmpty())
            config.pinFile = QFileInfo(file).absoluteFilePath();
        return config;
    }
    if (config.kind == StoreKind::TlsEndpoint) {
        config.path = m_path->text().simplified();
        config.sni = m_sni->text().trimmed().toLower();
        config.startTls = m_startTls->currentData().toString();
        return config;
    }
    if (const QString file = m_passwordFile->text().trimmed(); !file.isEmpty())
        config.pkcs12PasswordFile = QFileInfo(file).absoluteFilePath();
    return config;
}

void AddStoreDialog::useSuggestion(int index)
{
    const QString path = m_suggestions->itemData(index, Qt::UserRole).toString();
    if (path.isEmpty())
        return;
    m_kind->setCurrentIndex(m_kind->findData(int(StoreKind::Nss)));
    m_path->setText(path);
    if (!m_idEdited)
        m_id->setText(m_suggestions->itemData(index, Qt::UserRole + 1).toString());
    if (m_name->text().trimmed().isEmpty())
        m_name->setText(m_suggestions->itemData(index, Qt::UserRole + 2).toString());
}

void AddStoreDialog::browse()
{
    const auto kind = StoreKind(m_kind->currentData().toInt());
    const bool directory = kind == StoreKind::Directory || kind == StoreKind::Nss;
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
    const auto kind = StoreKind(m_kind->currentData().toInt());
    QString id = kind == StoreKind::TlsEndpoint
        ? m_path->text().simplified().section(QLatin1Char(':'), 0, 0) // "mail.example.org:25" → host
        : kind == StoreKind::Pkcs11
        ? (m_token->text().trimmed().isEmpty() ? QStringLiteral("pkcs11") : m_token->text().trimmed())
        : QFileInfo(m_path->text().trimmed()).fileName();
    id.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9._-]")), QStringLiteral("-"));
    m_id->setText(id.left(64));
}

void AddStoreDialog::revalidate()
{
    QString problem;
    const StoreConfig c = config();
    if (m_scope->count() == 0)
        problem = tr("You may not add stores: changing the system's stores needs root.");
    else if (c.path.isEmpty() && c.kind != StoreKind::Pkcs11)
        problem = c.kind == StoreKind::TlsEndpoint ? tr("Give the endpoints to watch (HOST:PORT, separated by spaces).")
                                                   : tr("Choose the directory or file to monitor.");
    else if (c.id.isEmpty())
        problem = tr("Give the store an id.");
    else if (m_validate)
        problem = m_validate(c);
    m_problem->setText(problem);
    m_problem->setVisible(!problem.isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(problem.isEmpty());
}

} // namespace certlife::ui
