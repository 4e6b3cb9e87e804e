// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "commands/AcknowledgementCommands.h"

#include "actions/AcknowledgementActions.h"
#include "commands/CommandRunner.h"
#include "dialogs/AcknowledgementsDialog.h"
#include "console/ConsoleController.h"
#include "models/BackgroundPool.h"
#include "pages/CertificatesPage.h"
#include "util/Coroutines.h"

#include <QAction>
#include <QButtonGroup>
#include <QCoro/QCoroFuture>
#include <QDateEdit>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QRadioButton>
#include <QTableView>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>
#include <map>

namespace certlife::ui {

std::optional<AcknowledgementAnswer> AcknowledgementDialogs::ask(QWidget* parent, AcknowledgementTarget target,
                                                                 const QString& what, const QDateTime& now)
{
    QDialog dialog(parent);
    const bool certificates = target == AcknowledgementTarget::Certificates;
    dialog.setWindowTitle(certificates ? QObject::tr("Acknowledge") : QObject::tr("Mute"));
    auto* layout = new QVBoxLayout(&dialog);
    auto* intro = new QLabel(certificates ? QObject::tr("Acknowledge %1: no expiry warnings, tasks or notifications "
                                                        "for them, and not counted, while this holds.")
                                                .arg(what)
                                          : QObject::tr("Mute %1: its certificates get no expiry warnings, tasks "
                                                        "or notifications, and are not counted, while this holds.")
                                                .arg(what),
                             &dialog);
    intro->setWordWrap(true);
    intro->setTextFormat(Qt::PlainText);
    layout->addWidget(intro);
    auto* changed = new QRadioButton(QObject::tr("Until the certificate &changes (a renewal ends it)"), &dialog);
    auto* dated = new QRadioButton(QObject::tr("&Until this date (UTC):"), &dialog);
    auto* untilRemoved = new QRadioButton(QObject::tr("Until I &remove it"), &dialog);
    auto* date = new QDateEdit(now.date().addDays(30), &dialog);
    date->setMinimumDate(now.date().addDays(1));
    date->setCalendarPopup(true);
    date->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
    auto* group = new QButtonGroup(&dialog);
    for (QRadioButton* button : {changed, dated, untilRemoved})
        group->addButton(button);
    changed->setVisible(certificates);
    (certificates ? changed : dated)->setChecked(true);
    auto* form = new QFormLayout;
    form->addRow(changed);
    form->addRow(dated, date);
    form->addRow(untilRemoved);
    auto* note = new QLineEdit(&dialog);
    note->setPlaceholderText(QObject::tr("why (optional): \"renewal ordered, ticket 4711\""));
    form->addRow(QObject::tr("&Note:"), note);
    layout->addLayout(form);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    QObject::connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    QObject::connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    layout->addWidget(buttons);
    if (dialog.exec() != QDialog::Accepted)
        return std::nullopt;
    AcknowledgementAnswer answer;
    answer.untilChanged = certificates && changed->isChecked();
    if (dated->isChecked())
        answer.until = QDateTime(date->date(), QTime(0, 0), Qt::UTC);
    answer.note = note->text().trimmed();
    return answer;
}

QList<int> AcknowledgementDialogs::chooseRemovals(QWidget* parent, const QList<ListedAcknowledgement>& entries,
                                                  const QDateTime& now)
{
    AcknowledgementsDialog dialog(entries, now, parent);
    return dialog.exec() == QDialog::Accepted ? dialog.chosen() : QList<int>();
}

namespace {

// The changes per scope, each made (and recorded) in its own scope's file and log.
QCoro::Task<QStringList> applyPerScope(std::map<int, QList<Acknowledgement>> additions,
                                       std::map<int, QStringList> removals, std::shared_ptr<const Clock> clock)
{
    auto work = QtConcurrent::run(backgroundPool(), [additions, removals, clock] {
        QStringList errors;
        for (const auto& [scope, list] : additions)
            if (const AcknowledgementChange change = addAcknowledgements(Scope(scope), list, clock); !change.ok())
                errors << change.error;
        for (const auto& [scope, keys] : removals)
            if (const AcknowledgementChange change = removeAcknowledgements(Scope(scope), keys, clock); !change.ok())
                errors << change.error;
        return errors;
    });
    co_return co_await work;
}

QString certificatesText(const QList<CertificateRow>& rows)
{
    return rows.size() == 1 ? QObject::tr("certificate %1").arg(rows.first().certificate().displayName())
                            : QObject::tr("%1 certificates").arg(rows.size());
}

} // namespace

AcknowledgeCommand::AcknowledgeCommand(ConsoleController* controller, std::shared_ptr<AcknowledgementDialogs> dialogs,
                                       QWidget* parent, AcknowledgementTarget target, QList<CertificateRow> rows)
    : ConsoleCommand(parent),
      m_controller(controller),
      m_dialogs(std::move(dialogs)),
      m_parent(parent),
      m_target(target),
      m_rows(std::move(rows))
{}

QCoro::Task<CommandOutcome> AcknowledgeCommand::run()
{
    if (m_rows.isEmpty())
        co_return CommandOutcome::cancelled();
    const CertificateRow first = m_rows.first();
    QString what;
    switch (m_target) {
    case AcknowledgementTarget::Certificates: what = certificatesText(m_rows); break;
    case AcknowledgementTarget::Store: what = tr("store %1").arg(first.storeName()); break;
    case AcknowledgementTarget::Issuer: what = tr("issuer %1").arg(first.certificate().issuer); break;
    }
    const std::optional<AcknowledgementAnswer> answer =
        m_dialogs->ask(m_parent, m_target, what, m_controller->clock().now());
    if (!answer)
        co_return CommandOutcome::cancelled();

    std::map<int, QList<Acknowledgement>> additions;
    if (m_target == AcknowledgementTarget::Certificates) {
        for (const CertificateRow& row : m_rows) {
            Acknowledgement a;
            a.kind = AcknowledgementKind::Certificate;
            a.sha256 = row.certificate().sha256;
            a.thumbprint = row.thumbprint();
            a.subject = row.certificate().displayName();
            a.untilChanged = answer->untilChanged;
            if (a.untilChanged)
                for (const CertificateLocation& location : row.allLocations())
                    a.locations << AcknowledgedLocation{row.storeId(), location.path};
            a.until = answer->until;
            a.note = answer->note;
            additions[int(row.scope())] << a;
        }
    } else {
        Acknowledgement a;
        a.kind = m_target == AcknowledgementTarget::Store ? AcknowledgementKind::Store : AcknowledgementKind::Issuer;
        a.storeId = first.storeId();
        a.issuer = first.certificate().issuer;
        if (a.kind == AcknowledgementKind::Store)
            a.issuer.clear();
        else
            a.storeId.clear();
        a.until = answer->until;
        a.note = answer->note;
        additions[int(first.scope())] << a;
    }
    const Alive alive(this);
    QCoro::Task<QStringList> applying = applyPerScope(additions, {}, m_controller->sharedClock());
    const QStringList errors = co_await applying;
    if (!alive)
        co_return CommandOutcome::cancelled();
    const QString title = m_target == AcknowledgementTarget::Certificates ? tr("Acknowledge") : tr("Mute");
    if (!errors.isEmpty())
        co_return CommandOutcome::failed(title, errors.join(QLatin1Char('\n')));
    QCoro::Task<> refreshing = m_controller->refresh(); // the states and counts as the agent will judge them
    co_await refreshing;
    co_return CommandOutcome::done(m_target == AcknowledgementTarget::Certificates
                                       ? tr("Acknowledged %1 (event 1201)").arg(what)
                                       : tr("Muted %1 (event 1201)").arg(what));
}

RemoveAcknowledgementCommand::RemoveAcknowledgementCommand(ConsoleController* controller, QWidget* parent,
                                                           QList<CertificateRow> rows)
    : ConsoleCommand(parent), m_controller(controller), m_rows(std::move(rows))
{}

QCoro::Task<CommandOutcome> RemoveAcknowledgementCommand::run()
{
    std::map<int, QStringList> removals;
    for (const CertificateRow& row : m_rows) {
        Acknowledgement a;
        a.sha256 = row.certificate().sha256;
        removals[int(row.scope())] << a.key();
    }
    if (removals.empty())
        co_return CommandOutcome::cancelled();
    const Alive alive(this);
    QCoro::Task<QStringList> applying = applyPerScope({}, removals, m_controller->sharedClock());
    const QStringList errors = co_await applying;
    if (!alive)
        co_return CommandOutcome::cancelled();
    if (!errors.isEmpty())
        co_return CommandOutcome::failed(tr("Remove acknowledgement"), errors.join(QLatin1Char('\n')));
    QCoro::Task<> refreshing = m_controller->refresh();
    co_await refreshing;
    co_return CommandOutcome::done(tr("Removed the acknowledgement of %1 (event 1202)").arg(certificatesText(m_rows)));
}

ManageAcknowledgementsCommand::ManageAcknowledgementsCommand(ConsoleController* controller,
                                                             std::shared_ptr<AcknowledgementDialogs> dialogs,
                                                             QWidget* parent)
    : ConsoleCommand(parent), m_controller(controller), m_dialogs(std::move(dialogs)), m_parent(parent)
{}

QCoro::Task<CommandOutcome> ManageAcknowledgementsCommand::run()
{
    const QString title = tr("Mutes and acknowledgements");
    // The files as they are now (the CLI may have changed them since the last scan).
    auto loading = QtConcurrent::run(backgroundPool(), [] {
        QList<std::pair<Scope, AcknowledgementsLoad>> loads;
        for (const Scope scope : {Scope::System, Scope::User})
            loads.append({scope, loadAcknowledgements(scope)});
        return loads;
    });
    const Alive alive(this);
    const QList<std::pair<Scope, AcknowledgementsLoad>> loads = co_await loading;
    if (!alive)
        co_return CommandOutcome::cancelled();
    QList<ListedAcknowledgement> listed;
    QStringList problems;
    for (const auto& [scope, load] : loads) {
        if (!load.problem.isEmpty())
            problems << load.problem;
        for (const Acknowledgement& a : load.acknowledgements.entries())
            listed.append({scope, a, m_controller->canModify(scope)});
    }
    if (!problems.isEmpty() && listed.isEmpty())
        co_return CommandOutcome::failed(title, problems.join(QLatin1Char('\n')));
    const QList<int> chosen = m_dialogs->chooseRemovals(m_parent, listed, m_controller->clock().now());
    if (!alive || chosen.isEmpty())
        co_return CommandOutcome::cancelled();
    std::map<int, QStringList> removals;
    for (const int i : chosen)
        if (i >= 0 && i < listed.size() && listed[i].removable)
            removals[int(listed[i].scope)] << listed[i].entry.key();
    if (removals.empty())
        co_return CommandOutcome::cancelled();
    QCoro::Task<QStringList> applying = applyPerScope({}, removals, m_controller->sharedClock());
    const QStringList errors = co_await applying;
    if (!alive)
        co_return CommandOutcome::cancelled();
    if (!errors.isEmpty())
        co_return CommandOutcome::failed(title, errors.join(QLatin1Char('\n')));
    QCoro::Task<> refreshing = m_controller->refresh(); // they count and warn again
    co_await refreshing;
    qsizetype removed = 0;
    for (const auto& [scope, keys] : removals)
        removed += keys.size();
    co_return CommandOutcome::done(removed == 1
                                       ? tr("Removed 1 acknowledgement or mute (event 1202)")
                                       : tr("Removed %1 acknowledgements and mutes (event 1202)").arg(removed));
}

AcknowledgementActionSet::AcknowledgementActionSet(ConsoleController* controller,
                                                   std::shared_ptr<AcknowledgementDialogs> dialogs,
                                                   CommandRunner* runner, CertificatesPage* certificates,
                                                   QWidget* window)
    : QObject(window),
      m_controller(controller),
      m_dialogs(std::move(dialogs)),
      m_runner(runner),
      m_certificates(certificates),
      m_window(window)
{
    const std::pair<Kind, QString> names[] = {{Kind::Acknowledge, tr("Ac&knowledge…")},
                                              {Kind::Remove, tr("Remove ac&knowledgement")},
                                              {Kind::MuteStore, tr("Mute s&tore…")},
                                              {Kind::MuteIssuer, tr("Mute iss&uer…")}};
    const char* objectNames[] = {"acknowledgeAction", "removeAcknowledgementAction", "muteStoreAction",
                                 "muteIssuerAction"};
    for (const auto& [kind, text] : names) {
        auto* action = new QAction(text, this);
        action->setObjectName(QString::fromLatin1(objectNames[int(kind)]));
        connect(action, &QAction::triggered, this, [this, kind = kind] { trigger(kind); });
        m_actions << action;
    }
    action(Kind::Acknowledge)->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_K));
    m_certificates->addCertificateActions(m_actions);
    m_manage = new QAction(tr("Mutes &and acknowledgements…"), this);
    m_manage->setObjectName(QStringLiteral("manageAcknowledgementsAction"));
    connect(m_manage, &QAction::triggered, this,
            [this] { m_runner->start(new ManageAcknowledgementsCommand(m_controller, m_dialogs, m_window)); });
    m_runner->govern(m_manage, [] {
        return CommandRunner::Availability{
            QString(), tr("List the acknowledged certificates and the muted stores and issuers, and remove them")};
    });

    const auto selection = [this] { return m_certificates->selectedRows(); };
    m_runner->govern(action(Kind::Acknowledge), [selection] {
        const QList<CertificateRow> rows = selection();
        return CommandRunner::Availability{rows.isEmpty() ? tr("Select one or more certificates") : QString(),
                                           tr("No expiry warnings or counts for the selected certificates, until a "
                                              "date or until they change (Ctrl+K)")};
    });
    m_runner->govern(action(Kind::Remove), [selection] {
        bool any = false;
        for (const CertificateRow& row : selection())
            any = any || (row.expiry.acknowledged && !row.expiry.muted);
        return CommandRunner::Availability{any ? QString() : tr("No selected certificate is acknowledged"),
                                           tr("The selected certificates count and warn again")};
    });
    for (Kind kind : {Kind::MuteStore, Kind::MuteIssuer})
        m_runner->govern(action(kind), [selection, kind] {
            return CommandRunner::Availability{
                selection().isEmpty() ? tr("Select a certificate") : QString(),
                kind == Kind::MuteStore ? tr("No expiry warnings or counts for any certificate of its store")
                                        : tr("No expiry warnings or counts for any certificate of its issuer")};
        });
    connect(m_certificates->table()->selectionModel(), &QItemSelectionModel::selectionChanged, m_runner,
            &CommandRunner::updateActions);
    connect(m_controller, &ConsoleController::inventoryChanged, m_runner, &CommandRunner::updateActions);
}

void AcknowledgementActionSet::trigger(Kind kind)
{
    const QList<CertificateRow> rows = m_certificates->selectedRows();
    if (rows.isEmpty())
        return;
    switch (kind) {
    case Kind::Acknowledge:
        m_runner->start(
            new AcknowledgeCommand(m_controller, m_dialogs, m_window, AcknowledgementTarget::Certificates, rows));
        break;
    case Kind::Remove: m_runner->start(new RemoveAcknowledgementCommand(m_controller, m_window, rows)); break;
    case Kind::MuteStore:
        m_runner->start(
            new AcknowledgeCommand(m_controller, m_dialogs, m_window, AcknowledgementTarget::Store, {rows.first()}));
        break;
    case Kind::MuteIssuer:
        m_runner->start(
            new AcknowledgeCommand(m_controller, m_dialogs, m_window, AcknowledgementTarget::Issuer, {rows.first()}));
        break;
    }
}

} // namespace certlife::ui
