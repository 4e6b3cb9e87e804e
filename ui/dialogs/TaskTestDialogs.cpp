// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "TaskTestDialogs.h"

#include "lifecycle/EventText.h"
#include "models/CertificateKinship.h"
#include "models/TaskRunModel.h"
#include "widgets/ViewKeyboard.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>
#include <algorithm>

namespace certlife::ui {

namespace {
constexpr int kSearchRole = Qt::UserRole + 1; // label, subject, thumbprint and alternative names
} // namespace

TaskTestCertificateDialog::TaskTestCertificateDialog(const NotificationTask& task,
                                                     const QList<TaskTestCandidate>& candidates, QWidget* parent)
    : QDialog(parent), m_candidates(candidates)
{
    setWindowTitle(tr("Test task %1").arg(task.name));
    auto* intro = new QLabel(
        task.type == TaskType::Replace
            ? tr("Runs <b>%1</b> now as <tt>certlifectl switch --notify-only</tt> would: a Replace event (1001) is "
                 "recorded in the %2 event log and the script runs for it. Nothing in the stores changes.")
                  .arg(task.name.toHtmlEscaped(), scopeName(task.channel))
            : task.type == TaskType::Stale
            ? tr("Runs <b>%1</b> now as if the endpoint store of the certificate chosen under \"Served\" served it "
                 "while the certificate chosen above is newer: a StaleBinding event (1101) is recorded in the %2 event "
                 "log, marked as a test, and the script runs for it.")
                  .arg(task.name.toHtmlEscaped(), scopeName(task.channel))
            : tr("Runs <b>%1</b> now for the certificate: an expiry event (1003, or 1002 when it has expired) is "
                 "recorded in the %2 event log, marked as a test, and the script runs for it.")
                  .arg(task.name.toHtmlEscaped(), scopeName(task.channel)),
        this);
    intro->setWordWrap(true);
    m_search = new QLineEdit(this);
    m_search->setObjectName(QStringLiteral("testCertificateFilter"));
    m_search->setPlaceholderText(tr("Filter: name, subject, alternative name or path"));
    m_search->setClearButtonEnabled(true);
    m_list = new QListWidget(this);
    m_list->setObjectName(QStringLiteral("testCertificateList"));
    for (int i = 0; i < candidates.size(); ++i) {
        auto* item = new QListWidgetItem(candidates[i].label, m_list);
        item->setData(Qt::UserRole, i);
        const CertificateDetails& details = candidates[i].certificate.details;
        // The subject and every file of the store that holds it (the label has the first and "+N").
        item->setToolTip(QStringList(QStringList{details.subject} + candidates[i].locations).join(QLatin1Char('\n')));
        item->setData(kSearchRole,
                      QStringList{candidates[i].label, details.subject, details.thumbprint} + details.sans
                          + candidates[i].locations);
    }
    if (m_list->count() > 0)
        m_list->setCurrentRow(0);
    auto* form = new QFormLayout;
    if (task.type == TaskType::Replace || task.type == TaskType::Stale) {
        m_replaced = new QComboBox(this);
        m_replaced->setObjectName(QStringLiteral("replacedCertificate"));
        form->addRow(task.type == TaskType::Stale ? tr("&Served:") : tr("&Replacing:"), m_replaced);
        offerReplaced();
        connect(m_list, &QListWidget::currentRowChanged, this, &TaskTestCertificateDialog::offerReplaced);
    }
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Run test"));
    buttons->button(QDialogButtonBox::Ok)->setEnabled(m_list->count() > 0);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_search);
    layout->addWidget(m_list, 1);
    layout->addLayout(form);
    if (candidates.isEmpty())
        layout->addWidget(new QLabel(
            tr("No certificate of the %1 stores matches the task's filters.").arg(scopeName(task.channel).toLower()),
            this));
    layout->addWidget(buttons);
    connect(m_search, &QLineEdit::textChanged, this, &TaskTestCertificateDialog::filter);
    onDownKey(m_search, [this] { focusRows(m_list); });
    connect(m_list, &QListWidget::itemDoubleClicked, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    resize(640, 480);
}

void TaskTestCertificateDialog::filter(const QString& text)
{
    QListWidgetItem* firstShown = nullptr;
    for (int row = 0; row < m_list->count(); ++row) {
        QListWidgetItem* item = m_list->item(row);
        const QStringList searched = item->data(kSearchRole).toStringList();
        const bool match = std::any_of(searched.cbegin(), searched.cend(),
                                       [&text](const QString& s) { return s.contains(text, Qt::CaseInsensitive); });
        item->setHidden(!match);
        if (match && !firstShown)
            firstShown = item;
    }
    if (!m_list->currentItem() || m_list->currentItem()->isHidden())
        m_list->setCurrentItem(firstShown);
}

void TaskTestCertificateDialog::offerReplaced()
{
    // The certificate a Replace replaces is most likely one for the same names: the
    // same subject first, then those sharing a name, then the rest.
    const int chosen = m_list->currentItem() ? m_list->currentItem()->data(Qt::UserRole).toInt() : -1;
    const int previous = m_replaced->currentData().toInt();
    const QSignalBlocker block(m_replaced);
    m_replaced->clear();
    m_replaced->addItem(tr("none: pass the same certificate as old and new"), -1);
    QList<CertificateNames> names;
    for (const TaskTestCandidate& candidate : std::as_const(m_candidates))
        names << CertificateNames::of(candidate.certificate.details);
    const CertificateNames reference = chosen >= 0 ? names[chosen] : CertificateNames();
    for (const int i : orderByKinship(reference, names)) {
        if (i == chosen)
            continue;
        const QString match = chosen >= 0 ? kinshipText(kinshipOf(reference, names[i])) : QString();
        m_replaced->addItem(
            match.isEmpty() ? m_candidates[i].label : QStringLiteral("%1 (%2)").arg(m_candidates[i].label, match), i);
    }
    const int keep = m_replaced->findData(previous);
    m_replaced->setCurrentIndex(keep >= 0 ? keep : 0);
}

TaskTestChoice TaskTestCertificateDialog::choice() const
{
    TaskTestChoice choice;
    if (QListWidgetItem* item = m_list->currentItem(); item && !item->isHidden())
        choice.certificate = item->data(Qt::UserRole).toInt();
    if (m_replaced)
        choice.replaced = m_replaced->currentData().toInt();
    return choice;
}

QString taskTestSummary(const TaskTestResult& result)
{
    if (!result.run)
        return QObject::tr("Nothing ran: %1").arg(result.error);
    QString text = result.run->outcomeText();
    const QString duration = TaskRunModel::durationText(*result.run);
    if (!duration.isEmpty())
        text += QObject::tr(" in %1").arg(duration);
    return text;
}

TaskTestResultDialog::TaskTestResultDialog(const NotificationTask& task, const TaskTestResult& result, QWidget* parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Test of %1").arg(task.name));
    setObjectName(QStringLiteral("taskTestResultDialog"));
    const bool succeeded = result.run && result.run->state == TaskRunState::Succeeded;
    auto* summary = new QLabel(QStringLiteral("<b style='color:%1'>%2</b>")
                                   .arg(succeeded ? QStringLiteral("#2e7d32") : QStringLiteral("#c62828"),
                                        taskTestSummary(result).toHtmlEscaped()),
                               this);
    summary->setWordWrap(true);
    auto* form = new QFormLayout;
    if (result.event.recordId > 0) {
        form->addRow(tr("Event:"),
                     new QLabel(tr("%1 (%2), record %3 in the %4 event log")
                                    .arg(eventName(result.event.id))
                                    .arg(int(result.event.id))
                                    .arg(result.event.recordId)
                                    .arg(scopeName(result.event.channel)),
                                this));
        auto* certificate = new QLabel(certificateDisplayName(result.event.certificate), this);
        certificate->setTextFormat(Qt::PlainText); // a subject is hostile text
        form->addRow(tr("Certificate:"), certificate);
    }
    auto* output = new QPlainTextEdit(this);
    output->setObjectName(QStringLiteral("testOutput"));
    output->setReadOnly(true);
    output->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    output->setPlainText(result.run && !result.run->output.isEmpty() ? QString::fromUtf8(result.run->output)
                                                                     : tr("(no output)"));
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(summary);
    layout->addLayout(form);
    layout->addWidget(new QLabel(tr("Output (stdout and stderr):"), this));
    layout->addWidget(output, 1);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    resize(680, 440);
}

} // namespace certlife::ui
