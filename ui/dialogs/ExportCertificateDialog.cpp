// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "ExportCertificateDialog.h"
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
#include <QStandardItemModel>
#include <QVBoxLayout>

namespace certlife::ui {

namespace {
// Wipes what a password field holds before it is cleared (QLineEdit keeps its own copy).
void clearPassword(QLineEdit* field)
{
    QString text = field->text();
    field->clear();
    text.fill(QChar(0));
}
} // namespace

ExportCertificateDialog::ExportCertificateDialog(const CertificateSummary& certificate, QWidget* parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Export certificate"));
    setObjectName(QStringLiteral("exportDialog"));
    auto* what = new QLabel(
        tr("<b>%1</b><br>%2 · store %3")
            .arg(certificate.name.toHtmlEscaped(), certificate.thumbprint, certificate.storeLabel.toHtmlEscaped()),
        this);
    what->setTextFormat(Qt::RichText);

    m_format = new QComboBox(this);
    m_format->setObjectName(QStringLiteral("exportFormat"));
    m_format->addItem(tr("PEM: the certificate alone"), int(ExportFormat::Pem));
    m_format->addItem(tr("DER: the certificate alone"), int(ExportFormat::Der));
    m_format->addItem(tr("PKCS#12: with its private key"), int(ExportFormat::Pkcs12));
    if (!certificate.hasPrivateKey) {
        auto* model = qobject_cast<QStandardItemModel*>(m_format->model());
        QStandardItem* item = model->item(2);
        item->setEnabled(false);
        item->setToolTip(tr("The store holds no private key for this certificate"));
    }

    m_path = new QLineEdit(this);
    m_path->setObjectName(QStringLiteral("exportPath"));
    auto* browse = new QPushButton(tr("Browse…"), this);
    auto* pathRow = new QHBoxLayout;
    pathRow->addWidget(m_path, 1);
    pathRow->addWidget(browse);
    m_overwrite = new QCheckBox(tr("Replace the file if it exists"), this);
    m_overwrite->setObjectName(QStringLiteral("exportOverwrite"));

    m_pkcs12Box = new QWidget(this);
    m_password = new QLineEdit(m_pkcs12Box);
    m_password->setObjectName(QStringLiteral("exportPassword"));
    m_password->setEchoMode(QLineEdit::Password);
    m_repeat = new QLineEdit(m_pkcs12Box);
    m_repeat->setObjectName(QStringLiteral("exportPasswordRepeat"));
    m_repeat->setEchoMode(QLineEdit::Password);
    m_legacy =
        new QCheckBox(tr("Legacy encryption (3DES/RC2, SHA-1 MAC) for old Java or Windows Server 2016"), m_pkcs12Box);
    m_legacy->setObjectName(QStringLiteral("exportLegacy"));
    auto* pkcs12Form = new QFormLayout(m_pkcs12Box);
    pkcs12Form->setContentsMargins(0, 0, 0, 0);
    pkcs12Form->addRow(tr("Password:"), m_password);
    pkcs12Form->addRow(tr("Repeat:"), m_repeat);
    pkcs12Form->addRow(QString(), m_legacy);

    m_problem = new QLabel(this);
    m_problem->setObjectName(QStringLiteral("exportProblem"));
    m_problem->setStyleSheet(QStringLiteral("color: #c62828;"));

    auto* form = new QFormLayout;
    form->addRow(tr("Format:"), m_format);
    form->addRow(tr("File:"), pathRow);
    form->addRow(QString(), m_overwrite);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Export"));
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(what);
    layout->addLayout(form);
    layout->addWidget(m_pkcs12Box);
    layout->addWidget(m_problem);
    layout->addWidget(m_buttons);
    setMinimumWidth(520);

    connect(browse, &QPushButton::clicked, this, &ExportCertificateDialog::browse);
    connect(m_format, &QComboBox::currentIndexChanged, this, &ExportCertificateDialog::formatChanged);
    for (QLineEdit* field : {m_path, m_password, m_repeat})
        connect(field, &QLineEdit::textChanged, this, &ExportCertificateDialog::update);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    formatChanged();
}

ExportCertificateDialog::~ExportCertificateDialog()
{
    clearPassword(m_password);
    clearPassword(m_repeat);
}

ExportFormat ExportCertificateDialog::format() const
{
    return ExportFormat(m_format->currentData().toInt());
}

void ExportCertificateDialog::browse()
{
    const QString suffix = format() == ExportFormat::Pkcs12 ? QStringLiteral("*.p12 *.pfx")
        : format() == ExportFormat::Der                     ? QStringLiteral("*.cer *.der")
                                                            : QStringLiteral("*.pem *.crt");
    const QString path = QFileDialog::getSaveFileName(this, tr("Export to"), fileDialogSavePath(m_path->text()),
                                                      tr("Certificates (%1);;All files (*)").arg(suffix), nullptr,
                                                      QFileDialog::DontConfirmOverwrite);
    rememberFileDialogChoice(path);
    if (!path.isEmpty())
        m_path->setText(path);
}

void ExportCertificateDialog::formatChanged()
{
    m_pkcs12Box->setVisible(format() == ExportFormat::Pkcs12);
    update();
}

void ExportCertificateDialog::update()
{
    QString problem;
    if (m_path->text().trimmed().isEmpty())
        problem = tr("Choose the file to write.");
    else if (format() == ExportFormat::Pkcs12 && m_password->text().isEmpty())
        problem = tr("A PKCS#12 file with a private key needs a password.");
    else if (format() == ExportFormat::Pkcs12 && m_password->text() != m_repeat->text())
        problem = tr("The two passwords differ.");
    m_problem->setText(problem);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(problem.isEmpty());
}

ExportAnswer ExportCertificateDialog::takeAnswer()
{
    ExportAnswer answer;
    answer.format = format();
    answer.path = m_path->text().trimmed();
    answer.overwrite = m_overwrite->isChecked();
    if (answer.format == ExportFormat::Pkcs12) {
        answer.password = m_password->text().toUtf8();
        answer.pkcs12Kind = m_legacy->isChecked() ? Pkcs12Kind::Legacy : Pkcs12Kind::Modern;
    }
    clearPassword(m_password);
    clearPassword(m_repeat);
    return answer;
}

} // namespace certlife::ui
