// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "ImportCommand.h"

#include "console/ConsoleController.h"

namespace certlife::ui {

namespace {
constexpr int kPasswordAttempts = 3;
}

ImportCommand::ImportCommand(CommandContext context, QStringList files, QString storeKey, QObject* parent)
    : CertificateCommand(std::move(context), parent), m_files(std::move(files)), m_storeKey(std::move(storeKey))
{}

QCoro::Task<CommandOutcome> ImportCommand::run()
{
    const QString title = tr("Import");
    const QList<StoreChoice> stores = writableStores();
    if (stores.isEmpty())
        co_return failed(title,
                         tr("No store accepts new certificates here: add a directory store of your own on "
                            "the Stores page (System stores need root)."));
    const std::optional<ImportAnswer> answer = dialogs().askImport(parentWidget(), m_files, stores, m_storeKey);
    if (!answer || answer->files.isEmpty())
        co_return cancelled();
    const std::optional<StoreConfig> store = storeByKey(answer->storeKey);
    if (!store || !whyNotWritable(*controller(), *store).isEmpty())
        co_return failed(title, tr("Nothing was imported: the chosen store is not writable."));

    const Alive alive = this->alive();
    int imported = 0;
    QStringList problems;
    const QStringList files = answer->files;
    NssNaming naming;
    if (store->kind == StoreKind::Nss) {
        naming.trust = answer->nssTrust;
        if (files.size() == 1) // one nickname cannot name several files' certificates
            naming.nickname = answer->nssNickname;
    }
    for (qsizetype i = 0; i < files.size() && !isCancelling(); ++i) { // a cancel stops between files
        auto importing = importOne(files.at(i), *store, naming, &imported);
        const std::optional<QString> problem = co_await std::move(importing);
        if (!alive)
            co_return cancelled();
        if (problem)
            problems << *problem;
    }
    const QStringList warnings = m_warnings; // each file was acknowledged as it was imported
    const QString done = imported == 1 ? tr("Imported 1 certificate into %1.").arg(storeLabel(*store))
                                       : tr("Imported %1 certificates into %2.").arg(imported).arg(storeLabel(*store));
    if (isCancelling())
        co_return CommandOutcome::cancelled(
            imported == 0 ? QString() : done + QLatin1Char(' ') + tr("Cancelled: the other files were not imported."));
    if (!problems.isEmpty()) {
        const QString text = (imported > 0 ? done + QLatin1Char('\n') : QString()) + problems.join(QLatin1Char('\n'));
        co_return failed(title, text);
    }
    co_return CommandOutcome::done(warnings.isEmpty() ? done
                                                      : done + QLatin1Char(' ') + warnings.join(QLatin1Char(' ')));
}

QCoro::Task<std::optional<QString>> ImportCommand::importOne(QString file, StoreConfig store, NssNaming naming,
                                                             int* imported)
{
    const Alive beforeChange = untilCancelled();
    const Alive alive = this->alive();
    const ActionContext context = actionContext();
    QByteArray password;
    bool hasPassword = false;
    const QList<StoreConfig> target{store};
    const QList<Scope> channels{store.scope};
    for (int attempt = 0;; ++attempt) {
        auto scanning = scanFresh(target, context.clock);
        const QList<StoreScan> scans = co_await std::move(scanning);
        if (!beforeChange)
            co_return tr("%1 was not imported: cancelled").arg(file);
        ImportRequest request;
        request.sourcePath = file;
        request.password = password; // shares the buffer the SecureBytes below wipes
        request.hasPassword = hasPassword;
        request.nssNickname = naming.nickname;
        request.nssTrust = naming.trust;
        const StoreScan content = scans.value(0);
        auto action = [request, store, content, context] {
            return CertificateActions::importFile(request, store, content, context);
        };
        auto performing = perform(channels, channels, action, true);
        RecordedAction done = co_await std::move(performing);
        {
            const SecureBytes wipe(std::move(password));
        }
        password = QByteArray();
        if (!alive)
            co_return std::nullopt;
        if (done.cancelled)
            co_return tr("%1 was not imported: cancelled").arg(file);
        if (done.ok()) {
            *imported += int(done.result.events.size());
            auto updating = afterChange(target);
            const QStringList warnings = co_await std::move(updating);
            if (alive)
                m_warnings += warnings;
            co_return std::nullopt;
        }
        if (!done.result.needsPassword)
            co_return tr("%1 was not imported: %2").arg(file, done.error);
        if (attempt >= kPasswordAttempts)
            co_return tr("%1 was not imported: the password was wrong %2 times").arg(file).arg(kPasswordAttempts);
        std::optional<QByteArray> given = dialogs().askPassword(parentWidget(), file, hasPassword);
        if (!given)
            co_return tr("%1 was not imported: it is encrypted and no password was given").arg(file);
        password = std::move(*given); // wiped after the next try
        hasPassword = true;
    }
}

} // namespace certlife::ui
