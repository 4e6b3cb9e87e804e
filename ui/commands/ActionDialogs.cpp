// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "commands/ActionDialogs.h"
#include "widgets/PlainMessageBox.h"

#include "dialogs/DeleteCertificateDialog.h"
#include "dialogs/ExportCertificateDialog.h"
#include "dialogs/ImportCertificateDialog.h"
#include "dialogs/ReplaceCertificateDialog.h"
#include "models/CertificateText.h"

#include <QApplication>
#include <QInputDialog>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>

namespace certlife::ui {

namespace {
QString tr(const char* text)
{
    return QApplication::translate("ActionDialogs", text);
}
} // namespace

std::optional<ImportAnswer> ActionDialogs::askImport(QWidget* parent, const QStringList& files,
                                                     const QList<StoreChoice>& stores, const QString& storeKey)
{
    ImportCertificateDialog dialog(files, stores, storeKey, parent);
    if (dialog.exec() != QDialog::Accepted)
        return std::nullopt;
    return dialog.answer();
}

std::optional<QByteArray> ActionDialogs::askPassword(QWidget* parent, const QString& file, bool retry)
{
    const QString label = retry ? tr("The password did not open %1. Try again:").arg(file)
                                : tr("%1 is encrypted. Its password:").arg(file);
    bool ok = false;
    QString text =
        QInputDialog::getText(parent, tr("Password"), plainLabelText(label), QLineEdit::Password, QString(), &ok);
    if (!ok) {
        text.fill(QChar(0));
        return std::nullopt;
    }
    QByteArray password = text.toUtf8();
    text.fill(QChar(0)); // the caller wipes the bytes; the text goes here
    return password;
}

std::optional<ExportAnswer> ActionDialogs::askExport(QWidget* parent, const CertificateSummary& certificate)
{
    ExportCertificateDialog dialog(certificate, parent);
    if (dialog.exec() != QDialog::Accepted)
        return std::nullopt;
    return dialog.takeAnswer();
}

std::optional<QString> ActionDialogs::askTargetStore(QWidget* parent, bool move, const CertificateSummary& certificate,
                                                     const QList<StoreChoice>& stores)
{
    QStringList labels;
    for (const StoreChoice& store : stores)
        labels << store.label;
    const QString label = (move ? tr("Move %1 (from %2) to the store:") : tr("Copy %1 (from %2) to the store:"))
                              .arg(certificate.name, certificate.storeLabel);
    bool ok = false;
    const QString chosen = QInputDialog::getItem(parent, move ? tr("Move certificate") : tr("Copy certificate"),
                                                 plainLabelText(label), labels, 0, false, &ok);
    const qsizetype index = labels.indexOf(chosen);
    if (!ok || index < 0)
        return std::nullopt;
    return stores[index].key;
}

std::optional<int> ActionDialogs::askDelete(QWidget* parent, const DeleteQuestion& question)
{
    if (question.options.size() > 1) {
        DeleteCertificateDialog dialog(question, parent);
        if (dialog.exec() != QDialog::Accepted || dialog.chosenOption() < 0)
            return std::nullopt;
        return dialog.chosenOption();
    }
    const CertificateSummary& c = question.certificate;
    QString text = tr("<p>Delete <b>%1</b> from the store <b>%2</b>?</p><p>Thumbprint %3<br>Expires %4</p>")
                       .arg(c.name.toHtmlEscaped(), c.storeLabel.toHtmlEscaped(), c.thumbprint, formatUtc(c.notAfter));
    if (!question.options.isEmpty())
        text += DeleteCertificateDialog::describeOption(question.options.constFirst());
    QMessageBox box(QMessageBox::Warning, tr("Delete certificate"), text, QMessageBox::Cancel, parent);
    box.setTextFormat(Qt::RichText);
    QPushButton* remove = box.addButton(tr("Delete"), QMessageBox::DestructiveRole);
    box.setDefaultButton(QMessageBox::Cancel);
    box.exec();
    if (box.clickedButton() != remove)
        return std::nullopt;
    return 0;
}

std::optional<int> ActionDialogs::askReplacement(QWidget* parent, const CertificateSummary& old,
                                                 const QList<CertificateSummary>& candidates)
{
    ReplaceCertificateDialog dialog(old, candidates, parent);
    if (dialog.exec() != QDialog::Accepted || dialog.chosenIndex() < 0)
        return std::nullopt;
    return dialog.chosenIndex();
}

} // namespace certlife::ui
