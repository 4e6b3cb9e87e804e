// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "TaskEditDialog.h"

#include "models/BackgroundPool.h"
#include "tasks/ScriptAdvice.h"
#include "tasks/TaskTemplate.h"
#include "util/Coroutines.h"
#include "widgets/FileDialogStart.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCoro/QCoroFuture>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTextDocumentFragment>
#include <QToolButton>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace certlife::ui {

namespace {

constexpr int kCheckDelayMs = 250;

QString placeholderHelp(const QString& name)
{
    static const QHash<QString, QString> help{
        {QStringLiteral("OldCertHash"),
         QObject::tr("thumbprint of the replaced (or expiring) certificate; Stale: the one the endpoint serves")},
        {QStringLiteral("NewCertHash"),
         QObject::tr("thumbprint of the new certificate (Replace; Stale: the newer one in a file store)")},
        {QStringLiteral("Thumbprint"), QObject::tr("thumbprint of the event's certificate")},
        {QStringLiteral("EventRecordId"), QObject::tr("record id of the event in its log")},
        {QStringLiteral("Store"), QObject::tr("id of the event's store")},
        {QStringLiteral("Subject"), QObject::tr("subject DN of the certificate")},
        {QStringLiteral("NotAfter"), QObject::tr("expiry of the certificate, ISO 8601 UTC")},
        {QStringLiteral("Path"), QObject::tr("file holding the event's certificate")},
        {QStringLiteral("OldCertPath"), QObject::tr("file of the replaced (or expiring) certificate")},
        {QStringLiteral("NewCertPath"), QObject::tr("file of the new certificate (Replace only)")},
        {QStringLiteral("Domains"), QObject::tr("DNS names of the certificate, separated by spaces")},
        {QStringLiteral("Endpoint"), QObject::tr("HOST:PORT of the endpoint (Stale, and served certificates)")},
    };
    return help.value(name);
}

QString html(const QString& text)
{
    return text.toHtmlEscaped();
}

} // namespace

TaskEditDialog::TaskEditDialog(TaskEditRequest request, QWidget* parent)
    : QDialog(parent), m_request(std::move(request))
{
    const bool editing = m_request.existing.has_value();
    setWindowTitle(editing ? tr("Edit task %1").arg(m_request.existing->name) : tr("New notification task"));
    setObjectName(QStringLiteral("taskEditDialog"));

    m_name = new QLineEdit(this);
    m_name->setObjectName(QStringLiteral("taskName"));
    m_name->setPlaceholderText(tr("e.g. nginx-rebind (letters, digits, . _ -)"));
    m_name->setMaxLength(64);
    m_type = new QComboBox(this);
    m_type->setObjectName(QStringLiteral("taskType"));
    m_type->addItem(tr("Replace: a certificate was renewed or replaced (1001)"), int(TaskType::Replace));
    m_type->addItem(tr("Expire: a certificate expires or is close to it (1002, 1003)"), int(TaskType::Expire));
    m_type->addItem(tr("Stale: an endpoint still serves an older certificate than a file store holds (1101)"),
                    int(TaskType::Stale));
    m_channel = new QComboBox(this);
    m_channel->setObjectName(QStringLiteral("taskChannel"));
    const QList<Scope> channels = editing ? QList<Scope>{m_request.existing->channel} : m_request.writableChannels;
    for (const Scope scope : channels)
        m_channel->addItem(scope == Scope::System ? tr("System: run as root by the system agent")
                                                  : tr("User: run as you by your agent"),
                           int(scope));
    auto* form = new QFormLayout;
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("&Type:"), m_type);
    form->addRow(tr("&Channel:"), m_channel);

    m_problems = new QLabel(this);
    m_problems->setObjectName(QStringLiteral("taskProblems"));
    m_problems->setWordWrap(true);
    m_problems->setStyleSheet(QStringLiteral("color: #c62828;"));
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(editing ? tr("Save") : tr("Register"));

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(buildScriptGroup());
    layout->addWidget(buildArgumentGroup());
    layout->addWidget(buildFilterGroup());
    layout->addWidget(m_problems);
    layout->addWidget(m_buttons);

    if (editing) {
        const NotificationTask& t = *m_request.existing;
        m_name->setText(t.name);
        m_name->setReadOnly(true);
        m_name->setToolTip(tr("A task keeps its name: to rename it, register a new task and delete this one"));
        m_channel->setEnabled(false);
        m_type->setCurrentIndex(m_type->findData(int(t.type)));
        m_command->setText(t.command);
        m_arguments->setPlainText(t.arguments.join(QLatin1Char('\n')));
        m_filterThumbprint->setText(t.filterThumbprint);
        m_filterStore->setCurrentText(t.filterStore);
        m_filterSubject->setText(t.filterSubject);
        m_timeout->setValue(t.timeoutSeconds);
        m_retries->setValue(t.retries);
        m_retryInterval->setValue(t.retryIntervalSeconds);
        m_enabled->setChecked(t.enabled);
        m_digest->setChecked(t.digest);
    }

    m_checkTimer.setSingleShot(true);
    m_checkTimer.setInterval(kCheckDelayMs);
    connect(&m_checkTimer, &QTimer::timeout, this, [this] {
        QCoro::connect(checkScript(m_command->text().trimmed(), Scope(m_channel->currentData().toInt())), this, [] {});
    });
    connect(m_buttons, &QDialogButtonBox::accepted, this, [this] {
        if (isAcceptable())
            accept();
    });
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    for (QLineEdit* edit : {m_name, m_filterThumbprint, m_filterSubject})
        connect(edit, &QLineEdit::textChanged, this, &TaskEditDialog::revalidate);
    connect(m_filterStore, &QComboBox::currentTextChanged, this, &TaskEditDialog::revalidate);
    connect(m_arguments, &QPlainTextEdit::textChanged, this, &TaskEditDialog::revalidate);
    connect(m_type, &QComboBox::currentIndexChanged, this, &TaskEditDialog::revalidate);
    connect(m_digest, &QCheckBox::toggled, this, &TaskEditDialog::revalidate);
    const auto offerDigest = [this] {
        m_digest->setEnabled(TaskType(m_type->currentData().toInt()) == TaskType::Expire);
    };
    connect(m_type, &QComboBox::currentIndexChanged, this, offerDigest);
    offerDigest();
    for (QSpinBox* spin : {m_timeout, m_retries, m_retryInterval})
        connect(spin, &QSpinBox::valueChanged, this, &TaskEditDialog::revalidate);
    connect(m_command, &QLineEdit::textChanged, this, &TaskEditDialog::scheduleScriptCheck);
    connect(m_channel, &QComboBox::currentIndexChanged, this, &TaskEditDialog::scheduleScriptCheck);
    scheduleScriptCheck();
    resize(680, sizeHint().height());
}

TaskEditDialog::~TaskEditDialog() = default;

QWidget* TaskEditDialog::buildScriptGroup()
{
    auto* group = new QGroupBox(tr("Script"), this);
    m_command = new QLineEdit(group);
    m_command->setObjectName(QStringLiteral("taskCommand"));
    m_command->setPlaceholderText(tr("/usr/local/sbin/nginx-rebind.sh"));
    auto* browse = new QPushButton(tr("&Browse…"), group);
    connect(browse, &QPushButton::clicked, this, &TaskEditDialog::browse);
    m_scriptStatus = new QLabel(group);
    m_scriptStatus->setObjectName(QStringLiteral("scriptStatus"));
    m_scriptStatus->setWordWrap(true);
    m_scriptStatus->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* row = new QHBoxLayout;
    row->addWidget(m_command, 1);
    row->addWidget(browse);
    auto* layout = new QVBoxLayout(group);
    layout->addLayout(row);
    layout->addWidget(m_scriptStatus);
    return group;
}

QWidget* TaskEditDialog::buildArgumentGroup()
{
    auto* group = new QGroupBox(tr("Arguments"), this);
    auto* hint = new QLabel(tr("One argument per line, passed to the script as it is: no shell, nothing is split or "
                               "expanded except the placeholders."),
                            group);
    hint->setWordWrap(true);
    hint->setStyleSheet(QStringLiteral("color: #607d8b;"));
    m_arguments = new QPlainTextEdit(group);
    m_arguments->setObjectName(QStringLiteral("taskArguments"));
    m_arguments->setPlaceholderText(QStringLiteral("{OldCertHash}\n{NewCertHash}"));
    m_arguments->setTabChangesFocus(true);
    m_arguments->setFixedHeight(m_arguments->fontMetrics().lineSpacing() * 4 + 12);
    m_placeholders = new QToolButton(group);
    m_placeholders->setObjectName(QStringLiteral("placeholderButton"));
    m_placeholders->setText(tr("Insert &placeholder"));
    m_placeholders->setPopupMode(QToolButton::InstantPopup);
    auto* menu = new QMenu(m_placeholders);
    for (const QString& name : taskPlaceholders()) {
        const QString text = QLatin1Char('{') + name + QLatin1Char('}');
        QAction* action = menu->addAction(QStringLiteral("%1 — %2").arg(text, placeholderHelp(name)));
        action->setData(text);
        connect(action, &QAction::triggered, this, [this, text] {
            m_arguments->insertPlainText(text);
            m_arguments->setFocus();
        });
    }
    m_placeholders->setMenu(menu);
    m_placeholders->setMinimumWidth(m_placeholders->sizeHint().width() + 16); // room for the menu arrow
    auto* side = new QVBoxLayout;
    side->addWidget(m_placeholders);
    side->addStretch(1);
    auto* row = new QHBoxLayout;
    row->addWidget(m_arguments, 1);
    row->addLayout(side);
    auto* layout = new QVBoxLayout(group);
    layout->addWidget(hint);
    layout->addLayout(row);
    return group;
}

QWidget* TaskEditDialog::buildFilterGroup()
{
    auto* group = new QGroupBox(tr("Filters and limits"), this);
    m_filterThumbprint = new QLineEdit(group);
    m_filterThumbprint->setObjectName(QStringLiteral("filterThumbprint"));
    m_filterThumbprint->setPlaceholderText(tr("any certificate (or a SHA-1 thumbprint; for Replace, old or new)"));
    m_filterStore = new QComboBox(group);
    m_filterStore->setObjectName(QStringLiteral("filterStore"));
    m_filterStore->setEditable(true);
    m_filterStore->addItem(QString());
    m_filterStore->addItems(m_request.storeIds);
    m_filterStore->lineEdit()->setPlaceholderText(tr("any store"));
    m_filterSubject = new QLineEdit(group);
    m_filterSubject->setObjectName(QStringLiteral("filterSubject"));
    m_filterSubject->setPlaceholderText(tr("any subject (or text the subject DN contains, any case)"));
    m_timeout = new QSpinBox(group);
    m_timeout->setObjectName(QStringLiteral("taskTimeout"));
    m_timeout->setRange(1, kMaxTaskTimeoutSeconds);
    m_timeout->setSuffix(tr(" s"));
    m_timeout->setValue(kDefaultTaskTimeoutSeconds);
    m_retries = new QSpinBox(group);
    m_retries->setRange(0, kMaxTaskRetries);
    m_retries->setValue(kDefaultTaskRetries);
    m_retryInterval = new QSpinBox(group);
    m_retryInterval->setRange(0, kMaxTaskTimeoutSeconds);
    m_retryInterval->setSuffix(tr(" s"));
    m_retryInterval->setValue(kDefaultTaskRetryIntervalSeconds);
    auto* retryRow = new QHBoxLayout;
    retryRow->addWidget(m_retries);
    retryRow->addWidget(new QLabel(tr("more attempts after a failure, every"), group));
    retryRow->addWidget(m_retryInterval);
    retryRow->addStretch(1);
    m_enabled = new QCheckBox(tr("&Enabled: run it when a matching event is logged"), group);
    m_enabled->setObjectName(QStringLiteral("taskEnabled"));
    m_enabled->setChecked(true);
    // One run per pass instead of one per event: a store with 1,000 warnings gives one
    // run, not 1,000 runs that the rate limit spreads over a day and a half.
    m_digest = new QCheckBox(tr("&Digest: one run per agent pass with all its events (Expire only)"), group);
    m_digest->setObjectName(QStringLiteral("taskDigest"));
    m_digest->setToolTip(tr("The script gets {EventRecordIds} and the events as JSON in the file named by "
                            "CERTLIFE_EVENTS_FILE, instead of one run per certificate"));
    auto* form = new QFormLayout(group);
    form->addRow(tr("T&humbprint:"), m_filterThumbprint);
    form->addRow(tr("&Store:"), m_filterStore);
    form->addRow(tr("S&ubject contains:"), m_filterSubject);
    auto* timeoutRow = new QHBoxLayout;
    timeoutRow->addWidget(m_timeout);
    timeoutRow->addWidget(new QLabel(tr("then the run is stopped (SIGTERM, then SIGKILL)"), group));
    timeoutRow->addStretch(1);
    auto* timeoutLabel = new QLabel(tr("T&imeout:"), group);
    timeoutLabel->setBuddy(m_timeout);
    form->addRow(timeoutLabel, timeoutRow);
    form->addRow(tr("Retries:"), retryRow);
    form->addRow(QString(), m_enabled);
    form->addRow(QString(), m_digest);
    return group;
}

QPushButton* TaskEditDialog::okButton() const
{
    return m_buttons->button(QDialogButtonBox::Ok);
}

void TaskEditDialog::browse()
{
    const QString path =
        QFileDialog::getOpenFileName(this, tr("Choose the script"), fileDialogDirectory(m_command->text()));
    rememberFileDialogChoice(path);
    if (!path.isEmpty())
        m_command->setText(path);
}

QStringList TaskEditDialog::argumentTemplates() const
{
    QStringList lines = m_arguments->toPlainText().split(QLatin1Char('\n'));
    while (!lines.isEmpty() && lines.last().isEmpty()) // a trailing newline is not an argument
        lines.removeLast();
    return lines;
}

NotificationTask TaskEditDialog::task() const
{
    NotificationTask t = m_request.existing.value_or(NotificationTask{});
    t.name = m_name->text().trimmed();
    t.type = TaskType(m_type->currentData().toInt());
    t.channel = Scope(m_channel->currentData().toInt());
    t.command = m_command->text().trimmed();
    t.arguments = argumentTemplates();
    const QString thumbprint = m_filterThumbprint->text().trimmed();
    t.filterThumbprint = thumbprint.isEmpty() ? QString() : normalizeThumbprint(thumbprint);
    if (t.filterThumbprint.isEmpty())
        t.filterThumbprint = thumbprint; // validateTask names what is wrong with it
    t.filterStore = m_filterStore->currentText().trimmed();
    t.filterSubject = m_filterSubject->text().trimmed();
    t.timeoutSeconds = m_timeout->value();
    t.retries = m_retries->value();
    t.retryIntervalSeconds = m_retryInterval->value();
    t.enabled = m_enabled->isChecked();
    t.digest = t.type == TaskType::Expire && m_digest->isChecked();
    if (t.type != TaskType::Replace)
        t.runForExisting = false;
    if (!commandUnchanged())
        t.pinnedSha256 = m_check && m_check->reason.isEmpty() ? m_check->sha256 : QString();
    return t;
}

bool TaskEditDialog::commandUnchanged() const
{
    return m_request.existing && m_command->text().trimmed() == m_request.existing->command;
}

QStringList TaskEditDialog::definitionProblems() const
{
    NotificationTask t = task();
    t.pinnedSha256 = QString(64, QLatin1Char('0')); // taken when the task is stored
    QStringList problems;
    if (m_channel->count() == 0)
        problems << tr("You may not register tasks here: the System channel needs root.");
    if (t.name.isEmpty())
        problems << tr("Give the task a name.");
    else if (!m_request.existing && m_request.nameInUse && m_request.nameInUse(t.channel, t.name))
        problems << tr("A %1 task named “%2” already exists: choose another name, or edit that task.")
                        .arg(scopeName(t.channel), t.name);
    for (const QString& problem : validateTask(t)) {
        // The script's problems are shown with the script; an empty name is said above.
        if (problem.startsWith(QLatin1String("command \""))
            || (t.name.isEmpty() && problem.startsWith(QLatin1String("name "))))
            continue;
        problems << problem;
    }
    return problems;
}

void TaskEditDialog::scheduleScriptCheck()
{
    ++m_generation; // a check under way is now stale
    m_check.reset();
    m_checking = !m_command->text().trimmed().isEmpty();
    if (m_checking)
        m_checkTimer.start();
    else
        m_checkTimer.stop();
    showScriptCheck();
    revalidate();
}

QCoro::Task<> TaskEditDialog::checkScript(QString path, Scope scope)
{
    ++m_generation; // a check under way is now stale
    const Alive alive(this, m_generation);
    auto future = QtConcurrent::run(backgroundPool(), [path, scope] {
        ScriptCheck check;
        check.path = path;
        check.scope = scope;
        const std::optional<CheckedScript> script = scriptGuardFor(scope).inspect(path, &check.reason);
        if (script)
            check.sha256 = script->sha256;
        else
            check.advice = scriptFixAdvice(check.reason, scope);
        return check;
    });
    const ScriptCheck check = co_await future;
    if (!alive)
        co_return;
    m_check = check;
    m_checking = false;
    showScriptCheck();
    revalidate();
    Q_EMIT scriptChecked();
}

void TaskEditDialog::showScriptCheck()
{
    QString text;
    QString colour = QStringLiteral("#607d8b");
    if (m_command->text().trimmed().isEmpty()) {
        text = tr("Enter the absolute path of the script or program to run.");
    } else if (m_checking || !m_check) {
        text = tr("Checking the script…");
    } else if (!m_check->reason.isEmpty()) {
        colour = commandUnchanged() ? QStringLiteral("#e65100") : QStringLiteral("#c62828");
        text = tr("✗ Refused: %1").arg(html(m_check->reason));
        if (!m_check->advice.isEmpty())
            text += tr("<br>To fix: <b>%1</b>").arg(html(m_check->advice));
        if (commandUnchanged())
            text += tr("<br>Runs of this task are refused until it is fixed.");
    } else if (commandUnchanged() && m_check->sha256 != m_request.existing->pinnedSha256) {
        colour = QStringLiteral("#e65100");
        text = tr("⚠ The script changed since it was pinned: its SHA-256 is <tt>%1</tt>, the pin is <tt>%2</tt>. "
                  "Saving keeps the pin; review the change, then accept it with Repin.")
                   .arg(m_check->sha256, m_request.existing->pinnedSha256);
    } else if (commandUnchanged()) {
        colour = QStringLiteral("#2e7d32");
        text = tr("✓ The script passes every check and matches its pin, SHA-256 <tt>%1</tt>.").arg(m_check->sha256);
    } else {
        colour = QStringLiteral("#2e7d32");
        text = tr("✓ The script passes every check. SHA-256 that will be pinned: <tt>%1</tt>").arg(m_check->sha256);
    }
    m_scriptStatus->setStyleSheet(QStringLiteral("color: %1;").arg(colour));
    m_scriptStatus->setText(text);
}

void TaskEditDialog::revalidate()
{
    const QStringList problems = definitionProblems();
    QStringList lines;
    for (const QString& p : problems)
        lines << QStringLiteral("• ") + html(p);
    m_problems->setText(lines.join(QLatin1String("<br>")));
    m_problems->setVisible(!lines.isEmpty());
    okButton()->setEnabled(isAcceptable());
}

bool TaskEditDialog::isAcceptable() const
{
    if (!definitionProblems().isEmpty() || m_command->text().trimmed().isEmpty())
        return false;
    if (commandUnchanged())
        return true; // the pin stays; the script's state is shown, not required
    return !m_checking && m_check && m_check->reason.isEmpty();
}

QString TaskEditDialog::problemText() const
{
    QStringList parts;
    if (!m_problems->text().isEmpty())
        parts << m_problems->text();
    parts << m_scriptStatus->text();
    return QTextDocumentFragment::fromHtml(parts.join(QLatin1String("<br>"))).toPlainText();
}

QString TaskEditDialog::scriptStatusText() const
{
    return QTextDocumentFragment::fromHtml(m_scriptStatus->text()).toPlainText();
}

} // namespace certlife::ui
