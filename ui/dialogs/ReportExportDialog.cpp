// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "ReportExportDialog.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace certlife::ui {

namespace {
using Selection = CertificateReportOptions::Selection;
}

ReportExportDialog::ReportExportDialog(const ReportDialogContext& context, FilePicker pickFile, QWidget* parent)
    : QDialog(parent), m_context(context), m_pickFile(std::move(pickFile))
{
    setWindowTitle(tr("Export report"));
    auto* layout = new QVBoxLayout(this);
    auto* form = new QFormLayout;
    layout->addLayout(form);

    auto* kinds = new QVBoxLayout;
    m_kind = new QButtonGroup(this);
    const std::pair<ReportKind, QString> kindChoices[] = {
        {ReportKind::Certificates, tr("Certificates")},
        {ReportKind::Events, tr("Lifecycle events")},
        {ReportKind::Tasks, tr("Notification tasks")},
    };
    for (const auto& [kind, label] : kindChoices) {
        auto* button = new QRadioButton(label, this);
        button->setObjectName(QStringLiteral("kind_") + reportKindName(kind));
        m_kind->addButton(button, int(kind));
        kinds->addWidget(button);
        if (kind == ReportKind::Certificates) {
            m_certificateOptions = new QWidget(this);
            auto* options = new QVBoxLayout(m_certificateOptions);
            options->setContentsMargins(24, 0, 0, 4);
            m_selection = new QButtonGroup(this);
            auto* all = new QRadioButton(tr("All (%L1)").arg(context.certificateCount), m_certificateOptions);
            auto* within = new QRadioButton(tr("Expiring within"), m_certificateOptions);
            m_withinDays = new QSpinBox(m_certificateOptions);
            m_withinDays->setRange(0, 3650);
            m_withinDays->setValue(30);
            m_withinDays->setSuffix(tr(" days (expired included)"));
            auto* withinRow = new QHBoxLayout;
            withinRow->addWidget(within);
            withinRow->addWidget(m_withinDays);
            withinRow->addStretch(1);
            auto* view = new QRadioButton(
                context.viewDescription.isEmpty()
                    ? tr("The Certificates page's view (%L1, unfiltered)").arg(context.viewCount)
                    : tr("The Certificates page's view (%L1: %2)").arg(context.viewCount).arg(context.viewDescription),
                m_certificateOptions);
            m_selection->addButton(all, int(Selection::All));
            m_selection->addButton(within, int(Selection::ExpiringWithin));
            m_selection->addButton(view, int(Selection::View));
            (context.viewDescription.isEmpty() ? all : view)->setChecked(true);
            options->addWidget(all);
            options->addLayout(withinRow);
            options->addWidget(view);
            kinds->addWidget(m_certificateOptions);
        } else if (kind == ReportKind::Events) {
            m_eventsNote = new QLabel(context.eventFilterDescription.isEmpty()
                                          ? tr("Every event of both channels (the Events page is not filtered)")
                                          : tr("The Events page's filter: %1").arg(context.eventFilterDescription),
                                      this);
            m_eventsNote->setWordWrap(true);
            m_eventsNote->setContentsMargins(24, 0, 0, 4);
            m_eventsNote->setStyleSheet(QStringLiteral("color: #607d8b;"));
            kinds->addWidget(m_eventsNote);
        } else if (kind == ReportKind::Tasks && !context.tasksUnavailable.isEmpty()) {
            button->setEnabled(false); // a fleet's tasks are each host's
            button->setToolTip(context.tasksUnavailable);
        }
    }
    m_kind->button(int(ReportKind::Certificates))->setChecked(true);
    form->addRow(tr("Report:"), kinds);

    m_format = new QComboBox(this);
    m_format->setObjectName(QStringLiteral("reportFormat"));
    m_format->addItem(tr("PDF (paginated, with the expiry chart)"), int(ReportFormat::Pdf));
    m_format->addItem(tr("HTML (one self-contained page)"), int(ReportFormat::Html));
    m_format->addItem(tr("CSV (spreadsheets; UTF-8)"), int(ReportFormat::Csv));
    m_format->addItem(tr("JSON (scripts)"), int(ReportFormat::Json));
    form->addRow(tr("Format:"), m_format);

    m_path = new QLineEdit(this);
    m_path->setObjectName(QStringLiteral("reportPath"));
    m_path->setMinimumWidth(380);
    auto* browse = new QPushButton(tr("&Browse…"), this);
    auto* pathRow = new QHBoxLayout;
    pathRow->addWidget(m_path, 1);
    pathRow->addWidget(browse);
    form->addRow(tr("File:"), pathRow);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_buttons->addButton(tr("&Export"), QDialogButtonBox::AcceptRole);
    layout->addWidget(m_buttons);

    connect(m_kind, &QButtonGroup::idClicked, this, &ReportExportDialog::kindOrFormatChanged);
    connect(m_format, &QComboBox::currentIndexChanged, this, &ReportExportDialog::kindOrFormatChanged);
    connect(browse, &QPushButton::clicked, this, &ReportExportDialog::browse);
    connect(m_path, &QLineEdit::textChanged, this, &ReportExportDialog::revalidate);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    kindOrFormatChanged();
}

ReportFormat ReportExportDialog::format() const
{
    return ReportFormat(m_format->currentData().toInt());
}

void ReportExportDialog::kindOrFormatChanged()
{
    const auto kind = ReportKind(m_kind->checkedId());
    m_certificateOptions->setEnabled(kind == ReportKind::Certificates);
    m_eventsNote->setEnabled(kind == ReportKind::Events);
    // Follow the format's extension, keeping the directory and name the admin chose.
    const QString current = m_path->text();
    const QFileInfo info(
        current.isEmpty() ? QDir(m_context.suggestedDirectory).filePath(QStringLiteral("certlife-report")) : current);
    QString base = info.completeBaseName();
    if (current.isEmpty() || base.startsWith(QLatin1String("certlife-")))
        base = QStringLiteral("certlife-") + reportKindName(kind);
    m_path->setText(QDir(info.path()).filePath(base + QLatin1Char('.') + reportFormatExtension(format())));
    revalidate();
}

void ReportExportDialog::browse()
{
    const QString chosen = m_pickFile(m_path->text(), format());
    if (!chosen.isEmpty())
        m_path->setText(chosen);
}

void ReportExportDialog::revalidate()
{
    const QString path = m_path->text().trimmed();
    const bool ok = !path.isEmpty() && !QFileInfo(path).isDir();
    for (QAbstractButton* button : m_buttons->buttons())
        if (m_buttons->buttonRole(button) == QDialogButtonBox::AcceptRole)
            button->setEnabled(ok);
}

ReportChoice ReportExportDialog::choice() const
{
    ReportChoice c;
    c.kind = ReportKind(m_kind->checkedId());
    c.selection = Selection(m_selection->checkedId());
    c.withinDays = m_withinDays->value();
    c.format = format();
    c.path = m_path->text().trimmed();
    return c;
}

} // namespace certlife::ui
