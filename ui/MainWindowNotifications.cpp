// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// MainWindow's side of desktop notifications: the notification center, and what a
// click on a notification or the tray menu does.

#include "MainWindow.h"

#include "console/ConsoleController.h"
#include "console/ExpiryNotificationCenter.h"
#include "console/NotificationServices.h"
#include "models/CertificateFilterModel.h"
#include "models/CertificateTableModel.h"
#include "pages/CertificatesPage.h"
#include "pages/CertificateView.h"
#include "policy/PolicyStore.h"

#include <QApplication>
#include <QLineEdit>
#include <QStatusBar>
#include <QTableView>

namespace certlife::ui {

namespace {
constexpr int kProblemMessageMs = 30000;
}

void MainWindow::createNotifications()
{
    if (!m_services.notifications)
        return;
    NotificationServices* services = m_services.notifications.get();
    m_notificationCenter = new ExpiryNotificationCenter(
        m_controller, m_services.notifications, [] { return PolicyStore().effective(Scope::User).policy; },
        NotificationLedgerFile::defaultPath(), this);
    connect(m_notificationCenter, &ExpiryNotificationCenter::problemOccurred, this,
            [this](const QString& text) { statusBar()->showMessage(text, kProblemMessageMs); });
    connect(services, &NotificationServices::certificateRequested, this, &MainWindow::openCertificate);
    connect(services, &NotificationServices::consoleRequested, this, &MainWindow::raiseConsole);
    connect(services, &NotificationServices::quitRequested, this, [this] {
        close();
        QCoreApplication::quit();
    });
}

void MainWindow::raiseConsole()
{
    if (isMinimized())
        showNormal();
    else
        show();
    raise();
    activateWindow();
}

void MainWindow::openCertificate(const QString& thumbprint, const QString& storeKey)
{
    raiseConsole();
    CertificateView view;
    if (thumbprint.isEmpty())
        view.states = {ExpiryState::Expired, ExpiryState::Expiring};
    showCertificates(view);
    if (thumbprint.isEmpty() || selectCertificate(thumbprint, storeKey))
        return;
    // The search field hides it: the user asked for this certificate, so clear it.
    m_searchTimer.stop();
    m_search->clear();
    m_certificates->setSearchText(QString());
    if (!selectCertificate(thumbprint, storeKey))
        statusBar()->showMessage(tr("The certificate %1 is no longer in the monitored stores.").arg(thumbprint),
                                 kProblemMessageMs);
}

bool MainWindow::selectCertificate(const QString& thumbprint, const QString& storeKey)
{
    const CertificateTableModel* model = m_controller->certificates();
    const QList<CertificateRow>& rows = model->rows();
    int found = -1;
    for (int i = 0; i < rows.size(); ++i) {
        if (rows[i].thumbprint().compare(thumbprint, Qt::CaseInsensitive) != 0)
            continue;
        if (found < 0 || rows[i].storeKey() == storeKey)
            found = i;
        if (rows[i].storeKey() == storeKey)
            break;
    }
    if (found < 0)
        return false;
    const QModelIndex index = m_certificates->filterModel()->mapFromSource(model->index(found, 0));
    if (!index.isValid())
        return false;
    m_certificates->table()->setCurrentIndex(index);
    m_certificates->table()->scrollTo(index);
    return true;
}

} // namespace certlife::ui
