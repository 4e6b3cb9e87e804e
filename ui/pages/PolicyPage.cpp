// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "PolicyPage.h"

#include "console/ConsoleController.h"
#include "commands/CommandRunner.h"
#include "commands/PolicyCommands.h"
#include "models/PolicyTableModel.h"
#include "widgets/PageParts.h"

#include <QCheckBox>
#include <QComboBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>
#include <algorithm>

namespace certlife::ui {

namespace {
const char kErrorStyle[] = "color: #c62828;";
const char kInvalidEditor[] = "border: 1px solid #c62828; border-radius: 3px; background: #fff5f5;";

bool isBooleanKey(PolicyKey key)
{
    return key == PolicyKey::LogExpiryEvents || key == PolicyKey::ShowExpiryNotifications
        || key == PolicyKey::FleetPublishUserEvents;
}

QString scopeKey(Scope scope)
{
    return scope == Scope::System ? QStringLiteral("machine") : QStringLiteral("user");
}

QString sourceText(PolicySource source)
{
    switch (source) {
    case PolicySource::Default: return QObject::tr("default");
    case PolicySource::Machine: return QObject::tr("from the machine policy");
    case PolicySource::User: return QObject::tr("from your policy");
    case PolicySource::Enforced: return QObject::tr("enforced by the machine policy");
    }
    return {};
}
} // namespace

PolicyPage::PolicyPage(ConsoleController* controller, std::shared_ptr<PolicyDialogs> dialogs, CommandRunner* runner,
                       QWidget* parent)
    : ConsolePage(parent),
      m_controller(controller),
      m_dialogs(dialogs ? std::move(dialogs) : std::make_shared<PolicyDialogs>()),
      m_runner(runner)
{
    setObjectName(QStringLiteral("policyPage"));
    m_model = new PolicyTableModel(this);
    QVBoxLayout* layout = makePageLayout(this, tr("Policy"));
    QLabel* intro = makeMutedLabel(
        tr("Expiry warnings, scanning and event history for this machine and for you. The machine policy applies "
           "to the System channel and is every user's default; your policy overrides it unless the machine "
           "enforces a setting. The same settings as <tt>certlifectl policy</tt>."),
        this);
    intro->setTextFormat(Qt::RichText); // our own text
    layout->addWidget(intro);
    m_problems = new QLabel(this);
    m_problems->setObjectName(QStringLiteral("policyProblems"));
    m_problems->setWordWrap(true);
    m_problems->setStyleSheet(QStringLiteral("color: #8d6e00; background: #fff8e1; padding: 6px; border-radius: 3px;"));
    m_problems->hide();
    layout->addWidget(m_problems);

    auto* grid = new QGridLayout;
    grid->setHorizontalSpacing(18);
    grid->setVerticalSpacing(4);
    grid->setColumnStretch(0, 3);
    grid->setColumnStretch(1, 3);
    grid->setColumnStretch(3, 3);
    grid->setColumnStretch(5, 2);
    auto header = [this](const QString& text) {
        QLabel* label = makeSectionTitle(text, this);
        label->setTextFormat(Qt::PlainText);
        return label;
    };
    grid->addWidget(header(tr("Setting")), 0, 0);
    grid->addWidget(header(tr("Machine (System)")), 0, 1);
    grid->addWidget(header(tr("Enforced")), 0, 2);
    grid->addWidget(header(tr("User")), 0, 3, 1, 2);
    grid->addWidget(header(tr("In force (User channel)")), 0, 5);
    m_machineHeader = makeMutedLabel(QString(), this);
    m_machineHeader->setObjectName(QStringLiteral("machinePolicyFile"));
    m_userHeader = makeMutedLabel(QString(), this);
    m_userHeader->setObjectName(QStringLiteral("userPolicyFile"));
    grid->addWidget(m_machineHeader, 1, 1, 1, 2);
    grid->addWidget(m_userHeader, 1, 3, 1, 2);

    int row = 2;
    for (PolicyKey key : PolicyTableModel::consoleKeys()) {
        auto* name = new QLabel(QStringLiteral("<b>%1</b><br><span style='color:#607d8b'>%2</span>")
                                    .arg(policyKeyName(key), policyKeyDescription(key).toHtmlEscaped()),
                                this);
        name->setWordWrap(true);
        name->setToolTip(tr("Allowed: %1").arg(policyKeyAllowed(key)));
        RowWidgets w;
        w.machine = makeEditor(Scope::System, key);
        w.enforced = new QCheckBox(this);
        w.enforced->setObjectName(QStringLiteral("enforced_") + policyKeyName(key));
        w.enforced->setToolTip(tr("Enforce: users cannot override the machine's value"));
        connect(w.enforced, &QCheckBox::toggled, this, [this, key](bool on) {
            if (!m_updating)
                m_model->setData(m_model->cell(key, PolicyTableModel::EnforcedColumn), on ? Qt::Checked : Qt::Unchecked,
                                 Qt::CheckStateRole);
        });
        w.user = makeEditor(Scope::User, key);
        w.lock = new QLabel(this);
        w.lock->setObjectName(QStringLiteral("lock_") + policyKeyName(key));
        w.lock->setPixmap(QIcon(QStringLiteral(":/certlife/icons/lock.svg")).pixmap(18, 18));
        w.lock->setToolTip(tr("enforced by the machine policy"));
        w.machineError = new QLabel(this);
        w.userError = new QLabel(this);
        for (QLabel* error : {w.machineError, w.userError}) {
            error->setWordWrap(true);
            error->setStyleSheet(QString::fromLatin1(kErrorStyle));
            error->hide();
        }
        w.machineError->setObjectName(QStringLiteral("machineError_") + policyKeyName(key));
        w.userError->setObjectName(QStringLiteral("userError_") + policyKeyName(key));
        w.effective = new QLabel(this);
        w.effective->setObjectName(QStringLiteral("effective_") + policyKeyName(key));
        w.effective->setWordWrap(true);
        w.effective->setTextInteractionFlags(Qt::TextSelectableByMouse);

        grid->addWidget(name, row, 0, 2, 1, Qt::AlignTop);
        grid->addWidget(w.machine, row, 1);
        grid->addWidget(w.enforced, row, 2, Qt::AlignCenter);
        grid->addWidget(w.user, row, 3);
        grid->addWidget(w.lock, row, 4);
        grid->addWidget(w.effective, row, 5, 2, 1, Qt::AlignTop);
        grid->addWidget(w.machineError, row + 1, 1, 1, 2);
        grid->addWidget(w.userError, row + 1, 3, 1, 2);
        grid->setRowMinimumHeight(row + 1, 10);
        m_rows.insert(key, w);
        row += 2;
    }

    auto* body = new QWidget(this);
    auto* bodyLayout = new QVBoxLayout(body);
    bodyLayout->setContentsMargins(0, 0, 0, 0);
    bodyLayout->addLayout(grid);
    auto* scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(body);
    layout->addWidget(scroll, 1);

    m_saveMachine =
        new QPushButton(QIcon(QStringLiteral(":/certlife/icons/lock.svg")), tr("Save &machine policy"), this);
    m_saveMachine->setObjectName(QStringLiteral("saveMachinePolicyButton"));
    m_saveMachine->setToolTip(tr("Write the machine column to the machine policy file (needs root)"));
    m_saveUser = new QPushButton(tr("Save &user policy"), this);
    m_saveUser->setObjectName(QStringLiteral("saveUserPolicyButton"));
    m_revert = new QPushButton(tr("Re&vert"), this);
    m_revert->setObjectName(QStringLiteral("revertPolicyButton"));
    m_revert->setToolTip(tr("Drop unsaved changes and read both files again"));
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("policyStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_saveMachine);
    buttons->addWidget(m_saveUser);
    buttons->addWidget(m_revert);
    buttons->addSpacing(12);
    buttons->addWidget(m_status, 1);
    // Right under the settings, where the eye is after editing one.
    bodyLayout->addSpacing(10);
    bodyLayout->addLayout(buttons);
    bodyLayout->addStretch(1);

    connect(m_saveMachine, &QPushButton::clicked, this, [this] { save(Scope::System); });
    connect(m_saveUser, &QPushButton::clicked, this, [this] { save(Scope::User); });
    connect(m_revert, &QPushButton::clicked, this, [this] {
        reload();
        setStatus(tr("Changes dropped; both files read again."), false);
    });
    using Availability = CommandRunner::Availability;
    for (Scope scope : {Scope::System, Scope::User}) {
        QPushButton* button = scope == Scope::System ? m_saveMachine : m_saveUser;
        const QString tip = button->toolTip();
        m_runner->govern(button, [this, scope, tip] {
            if (!m_model->isModified(scope))
                return Availability{tr("Nothing to save"), tip};
            if (m_model->hasErrors(scope))
                return Availability{tr("Correct the values marked in red first"), tip};
            return Availability{QString(), tip};
        });
    }
    connect(m_model, &PolicyTableModel::editsChanged, this, &PolicyPage::updateButtons);
    connect(m_model, &PolicyTableModel::dataChanged, this, [this](const QModelIndex& from, const QModelIndex& to) {
        for (int r = from.row(); r <= to.row(); ++r)
            updateRow(m_model->keyAt(r), false);
    });
    connect(m_model, &PolicyTableModel::modelReset, this, [this] {
        for (PolicyKey key : PolicyTableModel::consoleKeys())
            updateRow(key, true);
        updateHeader();
    });
    reload();
}

PolicyPage::~PolicyPage() = default;

QIcon PolicyPage::icon() const
{
    return QIcon(QStringLiteral(":/certlife/icons/policy.svg"));
}

QWidget* PolicyPage::makeEditor(Scope scope, PolicyKey key)
{
    const QString name = scopeKey(scope) + QLatin1Char('_') + policyKeyName(key);
    if (isBooleanKey(key)) {
        auto* combo = new QComboBox(this);
        combo->setObjectName(name);
        combo->addItem(QString(), QString()); // "not set": the text is filled in updateRow
        combo->addItem(QStringLiteral("true"), QStringLiteral("true"));
        combo->addItem(QStringLiteral("false"), QStringLiteral("false"));
        connect(combo, &QComboBox::currentIndexChanged, this, [this, scope, key, combo] {
            if (!m_updating)
                editorEdited(scope, key, combo->currentData().toString());
        });
        return combo;
    }
    auto* edit = new QLineEdit(this);
    edit->setObjectName(name);
    edit->setClearButtonEnabled(true);
    connect(edit, &QLineEdit::textChanged, this, [this, scope, key](const QString& text) {
        if (!m_updating)
            editorEdited(scope, key, text);
    });
    return edit;
}

void PolicyPage::editorEdited(Scope scope, PolicyKey key, const QString& text)
{
    const auto column = scope == Scope::System ? PolicyTableModel::MachineColumn : PolicyTableModel::UserColumn;
    m_model->setData(m_model->cell(key, column), text, Qt::EditRole);
}

void PolicyPage::updateRow(PolicyKey key, bool updateEditors)
{
    const RowWidgets& w = m_rows[key];
    m_updating = true;
    for (Scope scope : {Scope::System, Scope::User}) {
        QWidget* editor = scope == Scope::System ? w.machine : w.user;
        QLabel* errorLabel = scope == Scope::System ? w.machineError : w.userError;
        const auto column = scope == Scope::System ? PolicyTableModel::MachineColumn : PolicyTableModel::UserColumn;
        const QModelIndex index = m_model->cell(key, column);
        // Short, so that it fits the editor at 1024x700: "default: 90", "locked: 20"; the
        // tooltip and the In force column say the rest.
        const QString inherited = scope == Scope::User && m_model->isLocked(key)
            ? tr("locked: %1").arg(policyValueText(m_model->effective().policy, key))
            : index.data(PolicyTableModel::InheritedRole).toString();
        const QString text = m_model->text(scope, key);
        if (auto* combo = qobject_cast<QComboBox*>(editor)) {
            combo->setItemText(0, inherited);
            if (updateEditors)
                combo->setCurrentIndex(std::max(0, combo->findData(canonicalPolicyText(key, text))));
        } else if (auto* edit = qobject_cast<QLineEdit*>(editor)) {
            edit->setPlaceholderText(inherited);
            if (updateEditors && edit->text() != text)
                edit->setText(text);
        }
        const QString error = m_model->error(scope, key);
        errorLabel->setText(error);
        errorLabel->setVisible(!error.isEmpty());
        editor->setStyleSheet(error.isEmpty() ? QString() : QString::fromLatin1(kInvalidEditor));
        editor->setToolTip(error.isEmpty() ? tr("Allowed: %1").arg(policyKeyAllowed(key)) : error);
    }
    const bool locked = m_model->isLocked(key);
    w.user->setEnabled(!locked);
    w.lock->setVisible(locked);
    if (locked)
        w.user->setToolTip(tr("The machine policy enforces %1: only the machine column can change it")
                               .arg(policyValueText(m_model->effective().policy, key)));
    w.enforced->setChecked(m_model->isEnforced(key));
    w.enforced->setEnabled(
        m_model->flags(m_model->cell(key, PolicyTableModel::EnforcedColumn)).testFlag(Qt::ItemIsEnabled));
    const EffectivePolicy& e = m_model->effective();
    const QString value = policyValueText(e.policy, key);
    w.effective->setText(QStringLiteral("<b>%1</b><br><span style='color:#607d8b'>%2</span>")
                             .arg((value.isEmpty() ? tr("(none)") : value).toHtmlEscaped(), sourceText(e.source(key))));
    m_updating = false;
}

void PolicyPage::updateButtons()
{
    m_runner->updateActions();
    m_revert->setEnabled(m_model->isModified(Scope::System) || m_model->isModified(Scope::User));
}

void PolicyPage::updateHeader()
{
    const PolicyLayer& machine = m_model->layer(Scope::System);
    const PolicyLayer& user = m_model->layer(Scope::User);
    m_machineHeader->setText(machine.path + (machine.exists ? QString() : tr(" (no file yet)")));
    m_userHeader->setText(user.path + (user.exists ? QString() : tr(" (no file yet)")));
    const QStringList problems = m_store.problems();
    m_problems->setText(
        tr("Problems in the policy files (the rest is used):\n%1").arg(problems.join(QLatin1Char('\n'))));
    m_problems->setVisible(!problems.isEmpty());
}

void PolicyPage::reload()
{
    m_store.reload();
    m_model->setLayers(m_store.layer(Scope::System), m_store.layer(Scope::User));
}

void PolicyPage::showEvent(QShowEvent* event)
{
    // The CLI or another console may have changed the files meanwhile.
    if (!m_model->isModified(Scope::System) && !m_model->isModified(Scope::User))
        reload();
    ConsolePage::showEvent(event);
}

bool PolicyPage::save(Scope scope)
{
    const QList<PolicyChange> changes = m_model->changes(scope);
    if (changes.isEmpty())
        return false;
    if (m_model->hasErrors(scope)) {
        setStatus(tr("Nothing was saved: correct the values marked in red first."), true);
        return false;
    }
    auto* command = new SavePolicyCommand({m_dialogs, &m_store, this}, scope, m_model->layer(scope).path, changes);
    connect(command, &ConsoleCommand::finished, this, [this, scope](const CommandOutcome& outcome) {
        if (outcome.isDone())
            saved(scope);
        setStatus(outcome.message, !outcome.isDone());
    });
    return m_runner->start(command);
}

void PolicyPage::saved(Scope scope)
{
    // The other scope's unsaved edits survive saving this one.
    const Scope other = scope == Scope::System ? Scope::User : Scope::System;
    const QList<PolicyChange> otherEdits = m_model->changes(other);
    QList<std::pair<PolicyChange, QString>> keep;
    for (const PolicyChange& c : otherEdits)
        keep.append(std::make_pair(c, m_model->text(other, c.key)));
    reload();
    const auto otherColumn = other == Scope::System ? PolicyTableModel::MachineColumn : PolicyTableModel::UserColumn;
    for (const auto& [change, text] : std::as_const(keep)) {
        m_model->setData(m_model->cell(change.key, otherColumn), text, Qt::EditRole);
        if (other == Scope::System)
            m_model->setData(m_model->cell(change.key, PolicyTableModel::EnforcedColumn),
                             change.enforce ? Qt::Checked : Qt::Unchecked, Qt::CheckStateRole);
        updateRow(change.key, true);
    }
    QCoro::connect(m_controller->refresh(), this, [] {});
}

void PolicyPage::setStatus(const QString& text, bool error)
{
    m_status->setText(text);
    m_status->setStyleSheet(error ? QString::fromLatin1(kErrorStyle) : QStringLiteral("color: #2e7d32;"));
}

QString PolicyPage::statusText() const
{
    return m_status->text();
}

} // namespace certlife::ui
