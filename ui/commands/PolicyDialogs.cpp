// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "commands/PolicyDialogs.h"

#include <QApplication>
#include <QClipboard>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFile>
#include <QFileInfo>
#include <QFontDatabase>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>
#include <unistd.h>

namespace certlife::ui {

bool PolicyDialogs::canWrite(Scope, const QString& policyFile) const
{
    QString existing = policyFile;
    while (!existing.isEmpty() && !QFileInfo::exists(existing) && existing != QFileInfo(existing).path())
        existing = QFileInfo(existing).path();
    return ::access(QFile::encodeName(existing).constData(), W_OK) == 0;
}

void PolicyDialogs::showSudoCommands(QWidget* parent, const QString& reason, const QStringList& commands)
{
    QDialog dialog(parent);
    dialog.setWindowTitle(QApplication::translate("PolicyDialogs", "Machine policy needs root"));
    auto* layout = new QVBoxLayout(&dialog);
    auto* text = new QLabel(reason, &dialog);
    text->setWordWrap(true);
    layout->addWidget(text);
    auto* view = new QPlainTextEdit(commands.join(QLatin1Char('\n')), &dialog);
    view->setObjectName(QStringLiteral("sudoCommands"));
    view->setReadOnly(true);
    view->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    view->setLineWrapMode(QPlainTextEdit::NoWrap);
    view->setMinimumSize(620, 40 + 20 * int(commands.size()));
    layout->addWidget(view);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, &dialog);
    QPushButton* copy =
        buttons->addButton(QApplication::translate("PolicyDialogs", "&Copy commands"), QDialogButtonBox::ActionRole);
    QObject::connect(copy, &QPushButton::clicked, &dialog, [commands] {
        QGuiApplication::clipboard()->setText(commands.join(QLatin1Char('\n')) + QLatin1Char('\n'));
    });
    QObject::connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    layout->addWidget(buttons);
    dialog.exec();
}

} // namespace certlife::ui
