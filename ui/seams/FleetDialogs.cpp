// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "seams/FleetDialogs.h"

#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

namespace certlife::ui {

std::optional<FleetLocation> FleetDialogs::askForFleet(QWidget* parent, const QList<FleetLocation>& recent)
{
    QDialog dialog(parent);
    dialog.setWindowTitle(QObject::tr("Connect to fleet"));
    auto* uri = new QComboBox(&dialog);
    uri->setObjectName(QStringLiteral("fleetUri"));
    uri->setEditable(true);
    uri->setMinimumWidth(460);
    for (const FleetLocation& fleet : recent)
        uri->addItem(fleet.uri);
    uri->lineEdit()->setPlaceholderText(
        QStringLiteral("postgresql://db.example.com/certlife?user=alice&sslmode=verify-full"));
    auto* passwordFile = new QLineEdit(&dialog);
    passwordFile->setObjectName(QStringLiteral("fleetPasswordFile"));
    passwordFile->setPlaceholderText(QObject::tr("empty: PGPASSFILE, ~/.pgpass or a login without a password"));
    passwordFile->setText(recent.isEmpty() ? QString() : recent.first().passwordFile);
    QObject::connect(uri, &QComboBox::currentIndexChanged, &dialog, [&](int index) {
        if (index >= 0 && index < recent.size())
            passwordFile->setText(recent.at(index).passwordFile);
    });
    auto* browse = new QPushButton(QObject::tr("Browse…"), &dialog);
    QObject::connect(browse, &QPushButton::clicked, &dialog, [&] {
        const QString file = QFileDialog::getOpenFileName(&dialog, QObject::tr("Password file"));
        if (!file.isEmpty())
            passwordFile->setText(file);
    });
    auto* fileRow = new QHBoxLayout;
    fileRow->addWidget(passwordFile, 1);
    fileRow->addWidget(browse);
    auto* help = new QLabel(
        QObject::tr("A libpq connection URI of the fleet database, as a member of certlife_reader (read-only). "
                    "The password is read from a file of yours (mode 0600, the password alone on its first line) "
                    "and is never stored by the console."),
        &dialog);
    help->setWordWrap(true);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    buttons->button(QDialogButtonBox::Ok)->setText(QObject::tr("Connect"));
    QObject::connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    QObject::connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    auto* form = new QFormLayout(&dialog);
    form->addRow(help);
    form->addRow(QObject::tr("Database URI:"), uri);
    form->addRow(QObject::tr("Password file:"), fileRow);
    form->addRow(buttons);
    if (dialog.exec() != QDialog::Accepted || uri->currentText().trimmed().isEmpty())
        return std::nullopt;
    return FleetLocation{uri->currentText().trimmed(), passwordFile->text().trimmed()};
}

} // namespace certlife::ui
