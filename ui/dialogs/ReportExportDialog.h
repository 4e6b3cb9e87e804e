// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "commands/ReportDialogs.h"

#include <QDialog>
#include <functional>

class QButtonGroup;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QRadioButton;
class QSpinBox;

namespace certlife::ui {

// File → Export report: the kind (certificates — all, expiring within N days, or the
// Certificates page's current view —, the events of the Events page's filter, or the
// notification tasks), the format and the file. The file's extension follows the format
// while the admin has not typed a name of their own.
class ReportExportDialog : public QDialog
{
    Q_OBJECT
public:
    using FilePicker = std::function<QString(const QString& suggested, ReportFormat format)>;
    ReportExportDialog(const ReportDialogContext& context, FilePicker pickFile, QWidget* parent = nullptr);
    ReportChoice choice() const;

private:
    ReportFormat format() const;
    void kindOrFormatChanged();
    void browse();
    void revalidate();

    ReportDialogContext m_context;
    FilePicker m_pickFile;
    QButtonGroup* m_kind = nullptr;
    QButtonGroup* m_selection = nullptr;
    QWidget* m_certificateOptions = nullptr;
    QLabel* m_eventsNote = nullptr;
    QSpinBox* m_withinDays = nullptr;
    QComboBox* m_format = nullptr;
    QLineEdit* m_path = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
};

} // namespace certlife::ui
